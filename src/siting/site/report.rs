//! Candidates, and the files of a siting run: `sites.geojson`, the final year's zones (through the
//! zones engine's writers), `justification.md` and `plan.json`. Deterministic, written atomically.

use super::plan::SitePlan;
use super::search::Candidate;
use super::SiteError;
use crate::io::write_atomic;
use crate::model::{Level, Project, School, SourceRef, Stage, Unit, UnitShape};
use crate::zones::{outcome, polygons, write, Method, Problem, Solved, ZoneOptions};
use geo::{BoundingRect, Contains};
use std::fmt::Write as _;
use std::path::Path;

/// Candidate sites: the `sites` table, else unit centroids, else a grid inside the boundary; all at
/// least `min_site_spacing_m` from the existing schools of the stage. Returns them and where from.
pub fn candidates(
    project: &Project,
    base: &Problem,
    stage: Stage,
) -> Result<(Vec<Candidate>, String), SiteError> {
    let st = &project.settings.standards;
    let spacing = st.min_site_spacing_m;
    let sizes = if stage == Stage::Kindergarten {
        &st.standard_classes_kindergarten
    } else {
        &st.standard_classes_school
    };
    let far = |xy: [f64; 2]| {
        base.seats
            .iter()
            .all(|s| (s.xy_m[0] - xy[0]).hypot(s.xy_m[1] - xy[1]) >= spacing)
    };
    let make = |id: String, xy: [f64; 2], max: Option<u32>, cost: f64| Candidate {
        id,
        xy_m: xy,
        sizes: sizes
            .iter()
            .copied()
            .filter(|c| max.is_none_or(|m| *c <= m))
            .collect(),
        fixed_cost: cost,
    };
    let (list, source): (Vec<Candidate>, &str) = if !project.sites.is_empty() {
        let l = project
            .sites
            .iter()
            .filter(|s| far(s.xy_m))
            .map(|s| {
                make(
                    s.id.clone(),
                    s.xy_m,
                    s.max_classes,
                    s.fixed_cost.unwrap_or(0.0),
                )
            })
            .collect();
        (l, "sites table")
    } else if !project.units.is_empty() {
        let l = project
            .units
            .iter()
            .filter(|u| far(u.centroid_xy_m))
            .map(|u| make(format!("U-{}", u.id), u.centroid_xy_m, None, 0.0))
            .collect();
        (l, "planning-unit centroids")
    } else {
        (grid(project, &far, &make), "grid inside the boundary")
    };
    if list.is_empty() {
        return Err(SiteError::NoCandidates {
            stage: stage.to_string(),
            spacing_m: spacing,
        });
    }
    Ok((list, source.to_string()))
}

/// A 20 × 20 grid over the boundary's bounding box, points inside the boundary.
fn grid(
    project: &Project,
    far: &dyn Fn([f64; 2]) -> bool,
    make: &dyn Fn(String, [f64; 2], Option<u32>, f64) -> Candidate,
) -> Vec<Candidate> {
    let Some((_, xy)) = &project.boundary else {
        return Vec::new();
    };
    let Some(r) = xy.bounding_rect() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in 0..20 {
        for j in 0..20 {
            let x = r.min().x + (i as f64 + 0.5) * r.width() / 20.0;
            let y = r.min().y + (j as f64 + 0.5) * r.height() / 20.0;
            if xy.contains(&geo::Point::new(x, y)) && far([x, y]) {
                out.push(make(format!("G{i:02}{j:02}"), [x, y], None, 0.0));
            }
        }
    }
    out
}

/// Write every output into `dir`.
pub fn write_outputs(project: &Project, plan: &SitePlan, dir: &Path) -> std::io::Result<()> {
    let unproject = |xy: [f64; 2]| project.planar.unproject(xy).map_err(|e| e.to_string());
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
        let (fake, p) = zone_project(project, plan, problem);
        let opts = ZoneOptions::new(plan.stage, Method::Capacitated);
        let solved = Solved {
            allocs: allocs.clone(),
            algorithm: "capacitated zones engine, final forecast year, with the new schools".into(),
            ..Default::default()
        };
        let zoning = outcome::evaluate(&fake, &p, &opts, solved);
        let polys = polygons::zone_polygons(&fake, &zoning);
        let unproject_crs = |xy: [f64; 2]| project.planar.unproject(xy);
        let files =
            write::output_files(&zoning, &polys, &unproject_crs).map_err(std::io::Error::other)?;
        for (name, bytes) in &files {
            write_atomic(&dir.join(name), bytes)?;
        }
    }
    Ok(())
}

/// A project holding the new schools, and the final problem with one point unit per demand point
/// (forecast demand has no individual students), so the zones writers can be reused.
fn zone_project(project: &Project, plan: &SitePlan, problem: &Problem) -> (Project, Problem) {
    let mut fake = project.clone();
    let level = match plan.stage {
        Stage::Kindergarten => Level::Kindergarten,
        Stage::Primary => Level::Primary,
        Stage::Junior => Level::Junior,
    };
    let mut p = problem.clone();
    let n_old = p.seats.len() - plan.new_schools.len();
    for (i, ns) in plan.new_schools.iter().enumerate() {
        let lonlat = project.planar.unproject(ns.xy_m).unwrap_or([0.0, 0.0]);
        p.seats[n_old + i].school = fake.schools.len();
        fake.schools.push(School {
            id: ns.site_id.clone(),
            name: format!("new {} at {}", level.as_str(), ns.site_id),
            level,
            lonlat,
            xy_m: ns.xy_m,
            classrooms: ns.classes,
            enrollment: None,
            kg_classes: 0,
            max_students: None,
            boarding: false,
            expandable_classrooms: 0,
            source: SourceRef::new("plan", 0),
        });
    }
    let mut points: Vec<[f64; 2]> = p.groups.iter().map(|g| g.xy_m).collect();
    points.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    points.dedup();
    fake.units = points
        .iter()
        .enumerate()
        .map(|(i, xy)| Unit {
            id: format!("P{:05}", i + 1),
            name: String::new(),
            shape: UnitShape::Point {
                lonlat: project.planar.unproject(*xy).unwrap_or([0.0, 0.0]),
                xy_m: *xy,
            },
            centroid_xy_m: *xy,
            counts: None,
            source: SourceRef::new("forecast", 0),
        })
        .collect();
    for g in p.groups.iter_mut() {
        g.unit = points
            .binary_search_by(|q| q[0].total_cmp(&g.xy_m[0]).then(q[1].total_cmp(&g.xy_m[1])))
            .ok();
    }
    p.kind = crate::zones::DemandKind::Units;
    p.unplaced.clear();
    (fake, p)
}

fn sites_geojson(
    plan: &SitePlan,
    unproject: &dyn Fn([f64; 2]) -> Result<[f64; 2], String>,
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
                "classes": ns.classes,
                "seats": ns.seats,
                "open_year": ns.open_year,
                "students_served": served,
            }
        }));
    }
    let fc = serde_json::json!({"type": "FeatureCollection", "features": features});
    Ok(serde_json::to_string_pretty(&fc)?)
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
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
    let _ = writeln!(
        s,
        "- Result: **{} new school(s)**, {}. Lower bound on the number needed: {} (seats short in the worst year ÷ seats of the largest standard school).",
        plan.new_schools.len(),
        if plan.feasible { "every class within its cap and every school within its size cap in every forecast year" } else { "NOT ENOUGH: seats are still short (see below)" },
        plan.lower_bound_new
    );
    let _ = writeln!(
        s,
        "- Candidates: {} ({}).",
        plan.candidates, plan.candidate_source
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
            "- Location (planar m): {:.0}, {:.0}; building cost {:.0} yuan.",
            ns.xy_m[0], ns.xy_m[1], ns.fixed_cost
        );
        let _ = writeln!(
            s,
            "- Must open by: {} (without it, seats short by year: {}).",
            ns.open_year
                .map_or("— (not needed in any year alone)".into(), |y| y
                    .to_string()),
            ns.short_without
                .iter()
                .map(|(y, n)| format!("{y}: {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(s, "- Its students (final year): mean distance {:.0} m to the nearest existing school → {:.0} m to it; within the service radius {:.1}% → {:.1}%.",
            ns.mean_distance_before_m, ns.mean_distance_after_m, 100.0 * ns.within_radius_before, 100.0 * ns.within_radius_after);
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
        let _ = writeln!(s, "\n## Existing schools that must use their expandable classrooms\n\n| school | year | rooms added |\n|---|---|---|");
        for e in &plan.expansions {
            let _ = writeln!(s, "| {} | {} | {} |", e.school_id, e.year, e.rooms_added);
        }
    }
    s
}
