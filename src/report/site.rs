//! The files of a siting run: `sites.geojson`, the final year's zones (through the zones
//! writers), `justification.md` and `plan.json`. Deterministic, written atomically.
//!
//! Why here and not in the siting engine: the engine returns a typed [`SitePlan`]; turning it into
//! text and files is the report's job, so the CLI's `site` command and the planning report share
//! one justification.

use crate::crs::PlanarCrs;
use crate::io::write_atomic;
use crate::model::{School, SourceRef, Stage, Unit, UnitShape};
use crate::siting::site::SitePlan;
use crate::zones::{outcome, polygons, write, Method, Problem, Solved, ZoneInput, ZoneOptions};
use std::fmt::Write as _;
use std::path::Path;

/// Write every output into `dir`. `today` are the records the plan was made on (today's schools,
/// the county's name, standards and boundary); `planar` takes metres back to lon/lat.
pub fn write_outputs(
    today: &ZoneInput,
    planar: &PlanarCrs,
    plan: &SitePlan,
    dir: &Path,
) -> std::io::Result<()> {
    let unproject = |xy: [f64; 2]| planar.unproject(xy);
    write_atomic(
        &dir.join("sites.geojson"),
        sites_geojson(plan, &unproject)?.as_bytes(),
    )?;
    write_atomic(
        &dir.join("justification.md"),
        justification(plan).as_bytes(),
    )?;
    let json = serde_json::to_string_pretty(plan)?;
    write_atomic(&dir.join("plan.json"), json.as_bytes())?;
    if let Some((problem, allocs)) = &plan.final_problem {
        let (schools, units, p) = final_year_records(today.schools, planar, plan, problem);
        let input = ZoneInput {
            schools: &schools,
            units: &units,
            ..*today
        };
        let opts = ZoneOptions::new(plan.stage, Method::Capacitated);
        let solved = Solved {
            allocs: allocs.clone(),
            algorithm: "capacitated zones engine, final forecast year, with the new schools".into(),
            ..Default::default()
        };
        let zoning = outcome::evaluate(&input, &p, &opts, solved);
        let polys = polygons::zone_polygons(&input, &zoning);
        let files =
            write::output_files(&zoning, &polys, &unproject).map_err(std::io::Error::other)?;
        for (name, bytes) in &files {
            write_atomic(&dir.join(name), bytes)?;
        }
    }
    Ok(())
}

/// The final year's records for the zones writers: today's schools plus the new ones, one point
/// unit per demand point (forecast demand has no individual students), and the final problem
/// pointing into them.
fn final_year_records(
    today: &[School],
    planar: &PlanarCrs,
    plan: &SitePlan,
    problem: &Problem,
) -> (Vec<School>, Vec<Unit>, Problem) {
    let mut schools = today.to_vec();
    let level = plan.stage.level();
    let mut p = problem.clone();
    let n_old = p.seats.len() - plan.new_schools.len();
    for (i, ns) in plan.new_schools.iter().enumerate() {
        let lonlat = planar.unproject(ns.xy_m).unwrap_or([0.0, 0.0]);
        p.seats[n_old + i].school = schools.len();
        schools.push(School {
            name: format!("new {} at {}", level.as_str(), ns.site_id),
            lonlat,
            xy_m: ns.xy_m,
            classrooms: ns.classes,
            ..School::new(&ns.site_id, level, SourceRef::new("plan", 0))
        });
    }
    let mut points: Vec<[f64; 2]> = p.groups.iter().map(|g| g.xy_m).collect();
    points.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    points.dedup();
    let units = points
        .iter()
        .enumerate()
        .map(|(i, xy)| Unit {
            id: format!("P{:05}", i + 1),
            name: String::new(),
            shape: UnitShape::Point {
                lonlat: planar.unproject(*xy).unwrap_or([0.0, 0.0]),
                xy_m: *xy,
            },
            centroid_xy_m: *xy,
            counts: None,
            source: SourceRef::new("forecast", 0),
        })
        .collect();
    for g in std::sync::Arc::make_mut(&mut p.groups).iter_mut() {
        g.unit = points
            .binary_search_by(|q| q[0].total_cmp(&g.xy_m[0]).then(q[1].total_cmp(&g.xy_m[1])))
            .ok();
    }
    p.kind = crate::zones::DemandKind::Units;
    p.unplaced.clear();
    (schools, units, p)
}

fn sites_geojson(
    plan: &SitePlan,
    unproject: &dyn Fn([f64; 2]) -> Result<[f64; 2], crate::crs::CrsError>,
) -> std::io::Result<String> {
    let mut features = Vec::new();
    for ns in &plan.new_schools {
        let ll = unproject(ns.xy_m).map_err(std::io::Error::other)?;
        let served = ns.served.last().map_or(0, |(_, b)| b.values().sum::<u32>());
        features.push(serde_json::json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round6(ll[0]), round6(ll[1])]},
            "properties": {
                "site_id": ns.site_id,
                "township": ns.place.township,
                "village": ns.place.village,
                "classes": ns.classes,
                "seats": ns.seats,
                "land_area_m2": ns.land_area_m2.round(),
                "floor_area_m2": ns.floor_area_m2.round(),
                "cost_yuan": ns.cost_yuan.round(),
                "open_year": ns.open_year,
                "students_served": served,
            }
        }));
    }
    // A plan with no new school is still an answer, said in the file itself.
    let fc = serde_json::json!({
        "type": "FeatureCollection",
        "result": if plan.new_schools.is_empty() && plan.feasible {
            format!("no new {} school is needed", plan.stage)
        } else {
            format!("{} new {} school(s)", plan.new_schools.len(), plan.stage)
        },
        "feasible": plan.feasible,
        "features": features,
    });
    Ok(serde_json::to_string_pretty(&fc)?)
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The plan's answer in one sentence: no new school, N new schools, or not enough.
pub fn result_line(plan: &SitePlan) -> String {
    let caps =
        "every class within its cap and every school within its size cap in every forecast year";
    match (plan.feasible, plan.new_schools.len()) {
        (true, 0) => format!("**No new {} school is needed**: {caps}, with the existing schools.", plan.stage),
        (true, n) => format!(
            "**{n} new school(s)**, {caps}. Lower bound on the number needed: {} (seats short in the worst year ÷ seats of the largest standard school).",
            plan.lower_bound_new
        ),
        (false, n) => format!(
            "**NOT ENOUGH**: with {n} new school(s) and every other remedy, seats are still short (see below). Lower bound on the number needed: {}.",
            plan.lower_bound_new
        ),
    }
}

/// The construction justification, in Markdown.
pub fn justification(plan: &SitePlan) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# New {} schools: {} ({} scenario, {}–{})\n",
        plan.stage,
        plan.project,
        plan.scenario.as_str(),
        plan.years.first().unwrap_or(&0),
        plan.years.last().unwrap_or(&0)
    );
    let _ = writeln!(s, "- Result: {}", result_line(plan));
    let _ = writeln!(
        s,
        "- Candidates: {} ({}).",
        plan.candidates, plan.candidate_source
    );
    let b = &plan.build;
    let _ = writeln!(
        s,
        "- Lead time: {} years for a new school, {} for an extension (standards): no new school can open before {}; a new school is proposed only if still needed {} years after it opens or to {}.",
        b.lead_time_new_years,
        b.lead_time_extension_years,
        plan.first_build_year,
        b.need_lasts_years,
        plan.years.last().unwrap_or(&0)
    );
    let _ = writeln!(
        s,
        "- Total cost: {:.0} yuan (new schools, extensions and converted rooms).",
        plan.total_cost_yuan
    );
    let _ = writeln!(s, "- Method: {}.", plan.method);
    for n in &plan.notes {
        let _ = writeln!(s, "- Note: {n}.");
    }
    if !plan.kg_rooms.is_empty() {
        let what = if plan.stage == Stage::Kindergarten {
            "Attached kindergarten classes split off (their children need standalone kindergartens; the rooms go back to the primary school)"
        } else {
            "Rooms of attached kindergarten classes returned to the primary school (the kindergarten plan splits those classes off)"
        };
        let _ = writeln!(s, "\n## {what}\n\n| school | rooms |\n|---|---|");
        for k in &plan.kg_rooms {
            let _ = writeln!(s, "| {} | {} |", k.school_id, k.rooms);
        }
    }
    let _ = writeln!(s, "\n## Seats short by year (zoned under the caps)\n\n| year | students | short before | short after | mean distance before (m) | after (m) | within {} m before | after |\n|---|---|---|---|---|---|---|---|", plan.service_radius_m);
    for (b, a) in plan.before.iter().zip(&plan.after) {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {:.0} | {:.0} | {:.1}% | {:.1}% |",
            b.year,
            b.students,
            b.seats_short,
            a.seats_short,
            b.mean_distance_m,
            a.mean_distance_m,
            100.0 * b.within_radius_share,
            100.0 * a.within_radius_share
        );
    }
    super::site_remedies::ladder_section(&mut s, plan);
    travel_section(&mut s, plan);
    tradeoff_table(&mut s, plan);
    if let Some(first) = plan.interim.first() {
        let _ = writeln!(
            s,
            "\n## Short from {}: interim measures needed\n\nNo build can serve these years (before {}: the lead time), or the need ends too soon for a new school; interim measures (temporary classrooms, borrowed rooms, shifts) or an extension must hold them.\n\n| year | seats short | why |\n|---|---|---|",
            first.year, plan.first_build_year
        );
        for i in &plan.interim {
            let why = if i.why == "before_lead_time" {
                "sooner than any build can open"
            } else {
                "short-lived: ends within the lead time plus the years a new school must stay needed"
            };
            let _ = writeln!(s, "| {} | {} | {why} |", i.year, i.seats_short);
        }
    }
    if !plan.feasible {
        let _ = writeln!(
            s,
            "\n## Still short after the plan, by year and area (nearest existing school)\n"
        );
        for a in plan.after.iter().filter(|a| a.seats_short > 0) {
            let areas: Vec<String> = a
                .short_by_area
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            let _ = writeln!(
                s,
                "- {}: {} seats short ({})",
                a.year,
                a.seats_short,
                areas.join(", ")
            );
        }
    }
    for ns in &plan.new_schools {
        let _ = writeln!(
            s,
            "\n## {} — {} classes, {} seats\n",
            ns.site_id, ns.classes, ns.seats
        );
        let _ = writeln!(
            s,
            "- Place: {} {} ({}); lon/lat {:.6}, {:.6}.",
            ns.place
                .township
                .as_deref()
                .unwrap_or("(township not named)"),
            ns.place.village.as_deref().unwrap_or("(village not named)"),
            ns.place.source,
            ns.lonlat[0],
            ns.lonlat[1]
        );
        let _ = writeln!(
            s,
            "- Size: {} classrooms, {} places; land {:.0} m², floor area {:.0} m² (national building standards, per place); cost {:.0} yuan ({}).",
            ns.classes, ns.seats, ns.land_area_m2, ns.floor_area_m2, ns.cost_yuan, ns.cost_source
        );
        let _ = writeln!(
            s,
            "- Needed from {}; must open by: {} (without it, seats short by year: {}).",
            ns.needed_from.map_or("—".into(), |y| y.to_string()),
            ns.open_year
                .map_or("— (not needed in any year alone)".into(), |y| y
                    .to_string()),
            ns.short_without
                .iter()
                .map(|(y, n)| format!("{y}: {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if ns.access_pupils > 0 {
            let _ = writeln!(
                s,
                "- For access: brings {} pupils (final year) within the day travel limit who otherwise live beyond it from every school.",
                ns.access_pupils
            );
        }
        let _ = writeln!(s, "- Its students (final year): mean distance {:.0} m to the nearest existing school → {:.0} m to it; 95th percentile {:.0} m → {:.0} m; within the service radius {:.1}% → {:.1}%.",
            ns.mean_distance_before_m, ns.mean_distance_after_m, ns.p95_distance_before_m, ns.p95_distance_after_m, 100.0 * ns.within_radius_before, 100.0 * ns.within_radius_after);
        let _ = writeln!(s, "- Students served by grade:\n");
        for (y, by) in &ns.served {
            let g: Vec<String> = by.iter().map(|(k, v)| format!("{k} {v}")).collect();
            let _ = writeln!(
                s,
                "  - {y}: {} ({})",
                by.values().sum::<u32>(),
                g.join(", ")
            );
        }
        let _ = writeln!(s, "\n| relieves school | students taken (final year) | status quo: most classrooms short | years over size cap |\n|---|---|---|---|");
        for r in &ns.relieves {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                r.school_id, r.students_taken, r.classrooms_short_max, r.years_over_size_cap
            );
        }
    }
    if !plan.expansions.is_empty() {
        let _ = writeln!(s, "\n## Existing schools that must use their expandable classrooms\n\n| school | year | rooms added | cost (yuan) |\n|---|---|---|---|");
        for e in &plan.expansions {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {:.0} |",
                e.school_id, e.year, e.rooms_added, e.cost_yuan
            );
        }
    }
    s
}

/// "## Day travel limits": the limits, the boarding rule and the pupils beyond, by year.
fn travel_section(s: &mut String, plan: &SitePlan) {
    let t = &plan.travel;
    let a = &t.standards;
    let boarding = a
        .boarding_from_grade
        .map_or("no pupil of this stage boards".to_string(), |g| {
            format!("pupils from grade {g} on may board at a school marked boarding (no day limit)")
        });
    let _ = writeln!(
        s,
        "\n## Day travel limits\n\nUrban {:.0} m, rural {:.0} m ({}); {boarding}. A new school for access must bring at least {} pupils within the limit in every year of its need; {} of the new schools are for access. Pupils beyond the limit whom no site brings within it in such numbers stay beyond (their distance counts in the trade-off table).\n\n| year | pupils beyond the limit before | after |\n|---|---|---|",
        a.urban_limit_m, a.rural_limit_m, a.urban_rule, a.min_pupils, t.schools_for_access
    );
    for ((y, b), (_, a)) in t.beyond_before.iter().zip(&t.beyond_after) {
        let _ = writeln!(s, "| {y} | {b} | {a} |");
    }
}

/// "## Trade-off": 0, 1, 2, … new schools against access and cost, the recommended row marked.
fn tradeoff_table(s: &mut String, plan: &SitePlan) {
    let t = &plan.tradeoff;
    if t.rows.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\n## Trade-off: new schools against access and cost\n\n{}\n\n| new schools | sites | most seats short (year) | within {} m | mean distance (m) | 95th percentile (m) | new-school cost (yuan) | |\n|---|---|---|---|---|---|---|---|",
        t.reason, plan.service_radius_m
    );
    for r in &t.rows {
        let short = match r.worst_year {
            Some(y) => format!("{} ({y})", r.seats_short_max),
            None => "0".into(),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {short} | {:.1}% | {:.0} | {:.0} | {:.0} | {} |",
            r.new_schools,
            if r.site_ids.is_empty() {
                "—".into()
            } else {
                r.site_ids.join(", ")
            },
            100.0 * r.within_radius_share,
            r.mean_distance_m,
            r.p95_distance_m,
            r.cost_yuan,
            if r.recommended { "**recommended**" } else { "" }
        );
    }
}
