//! Issue 12 §1 on the built-in sample: the remedies ladder's figures (rooms freed and converted,
//! extension classrooms and their cost, the binding constraint) recomputed from the sample's CSVs
//! and the plan's yearly loads by plain arithmetic, sharing no code with the ladder.

use crate::site::{breaches, caps, fixture_csv, forecast_years, opts};
use crate::support::linxi;
use catchment::forecast::Scenario;
use catchment::model::{Grade, Project, Stage};
use catchment::siting::site::{solve, SitePlan, SiteProblem};
use std::collections::BTreeMap;

fn int(row: &BTreeMap<String, String>, col: &str) -> u32 {
    row[col].parse().unwrap_or(0)
}

/// 1169 → "1,169".
fn grouped(n: u64) -> String {
    let d = n.to_string();
    let mut out = String::new();
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Classes a load needs at the caps: Σ ⌈pupils / cap⌉.
fn classes(load: &[u32; 12], caps: &[u32; 12]) -> u32 {
    (0..12).map(|g| load[g].div_ceil(caps[g])).sum()
}

fn plan_of(p: &Project, stage: Stage, max_new: Option<u32>) -> SitePlan {
    let fc = forecast_years(p, 6).unwrap();
    solve(&SiteProblem::build(p, &fc, &opts(stage, max_new)).unwrap())
}

#[test]
fn sample_kindergartens_convert_freed_primary_rooms_and_nothing_is_built_for_places() {
    let p = linxi();
    let fc = forecast_years(&p, 6).unwrap();
    let plan = solve(&SiteProblem::build(&p, &fc, &opts(Stage::Kindergarten, None)).unwrap());
    let st = &p.settings.standards;
    let cap = caps(&p);
    let r = &plan.remedies;
    let b = breaches(&plan, cap, st.kindergarten_size_max);
    assert!(b.is_empty(), "{b:?}");
    // The ladder, in the order of preference; re-zoning alone is the status quo.
    let keys: Vec<&str> = r.rungs.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys[0], "rezoning");
    let before: Vec<(i32, u64)> = plan
        .before
        .iter()
        .map(|y| (y.year, y.seats_short))
        .collect();
    assert_eq!(r.rungs[0].short_by_year, before);
    assert!(before.iter().any(|y| y.1 > 0), "today's rooms are short");
    let chosen: Vec<_> = r.rungs.iter().filter(|g| g.chosen).collect();
    assert_eq!(chosen.len(), 1);
    let chosen = chosen[0];
    assert!(
        chosen.set.conversion && !chosen.set.new_schools,
        "{}",
        chosen.key
    );
    assert!(chosen.meets_caps);
    // No building for places: every new kindergarten is one for the day travel limits.
    assert!(plan.new_schools.iter().all(|n| n.access_pupils > 0));
    assert_eq!(chosen.new_schools as usize, plan.new_schools.len());
    assert!(
        plan.expansions.is_empty(),
        "extensions are not part of the chosen plan"
    );

    // Rooms freed, from schools.csv and the primary plan's re-zoning (its status quo: each year's
    // primary pupils zoned into today's rooms), not each school's own forecast (issue 12 §1).
    let primary = plan_of(&p, Stage::Primary, None);
    assert!(
        primary.remedies.rungs[0].meets_caps && primary.new_schools.is_empty(),
        "the primary plan is re-zoning alone, so its status quo is its re-zoning"
    );
    let schools = fixture_csv("schools.csv");
    let both: Vec<_> = schools
        .iter()
        .filter(|s| s["level"] != "kindergarten" && int(s, "kg_classes") > 0)
        .collect();
    assert!(both.len() >= 5);
    assert_eq!(r.convertible.len(), both.len());
    let mut free_by: BTreeMap<(String, i32), (u32, u32)> = BTreeMap::new();
    let mut differs_from_own_forecast = 0;
    for row in &both {
        let id = &row["id"];
        assert_eq!(row["level"], "primary", "{id}: no other stage holds rooms");
        let rooms = int(row, "classrooms");
        let c = r.convertible.iter().find(|c| &c.school_id == id).unwrap();
        assert_eq!(c.classrooms, rooms, "{id}");
        assert_eq!(c.rooms_from.as_str(), "primary_rezoning", "{id}");
        assert_eq!(
            c.kg_rooms_returned,
            int(row, "kg_classes").min(rooms),
            "{id}"
        );
        let own = fc.schools.iter().find(|s| &s.school_id == id).unwrap();
        let own = own
            .paths
            .iter()
            .find(|x| x.scenario == Scenario::Mid)
            .unwrap();
        assert_eq!(primary.before.len(), c.years.len());
        for ((py, cy), fy) in primary.before.iter().zip(&c.years).zip(&own.years) {
            let load = py.schools.iter().find(|s| &s.school_id == id).unwrap();
            let need = classes(&load.students_by_grade, &cap);
            let pupils: u32 = load.students_by_grade.iter().sum();
            let free = rooms.saturating_sub(need);
            let places = 360u32.min(st.school_size_max.saturating_sub(pupils));
            assert_eq!(
                (cy.year, cy.rooms_free),
                (py.year, free),
                "{id} {}",
                py.year
            );
            assert_eq!(cy.size_budget, places, "{id} {}", py.year);
            let own_need: u32 = Grade::ALL
                .iter()
                .filter(|g| g.stage() != Stage::Kindergarten)
                .map(|g| fy.students.get(*g).div_ceil(cap[g.index()]))
                .sum();
            differs_from_own_forecast += u32::from(own_need != need);
            free_by.insert((id.clone(), py.year), (free, places));
        }
    }
    println!("{differs_from_own_forecast} building-years differ from the own forecast");
    // Rooms converted: the kindergarten classes the plan seats in each building, at the caps,
    // never more than its freed rooms or places.
    let mut converted: BTreeMap<String, u32> = BTreeMap::new();
    for y in &plan.after {
        for s in y
            .schools
            .iter()
            .filter(|s| free_by.contains_key(&(s.school_id.clone(), y.year)))
        {
            let k = classes(&s.students_by_grade, &cap);
            let (free, places) = free_by[&(s.school_id.clone(), y.year)];
            assert!(
                k <= free,
                "{} {}: {k} classes in {free} freed rooms",
                s.school_id,
                y.year
            );
            assert!(s.students_by_grade.iter().sum::<u32>() <= places);
            let e = converted.entry(s.school_id.clone()).or_default();
            *e = (*e).max(k);
        }
    }
    converted.retain(|_, k| *k > 0);
    let plan_converted: BTreeMap<String, u32> = r
        .converted
        .iter()
        .map(|c| (c.school_id.clone(), c.rooms_converted))
        .collect();
    assert_eq!(plan_converted, converted);
    let rooms: u32 = converted.values().sum();
    assert!(rooms > 0);
    assert_eq!(chosen.rooms_converted, rooms);
    assert_eq!(
        chosen.conversion_cost_yuan,
        rooms as f64 * st.conversion_cost_yuan_per_room
    );
    // Kindergartens keep their classrooms: no extension in the chosen plan.
    for y in &plan.after {
        for s in y.schools.iter().filter(|s| !s.new) {
            if let Some(row) = schools
                .iter()
                .find(|r| r["id"] == s.school_id && r["level"] == "kindergarten")
            {
                assert!(classes(&s.students_by_grade, &cap) <= int(row, "classrooms"));
            }
        }
    }
    assert_eq!(chosen.extension_classrooms, 0);

    // Why re-zoning alone fails: from today's loads in its worst year served by building.
    let worst = plan
        .before
        .iter()
        .filter(|y| y.year >= plan.first_build_year)
        .max_by_key(|y| (y.seats_short, std::cmp::Reverse(y.year)))
        .unwrap();
    let b = r.binding.as_ref().unwrap();
    assert_eq!(
        (b.plan.as_str(), b.year, b.seats_short),
        ("rezoning", worst.year, worst.seats_short)
    );
    let (mut at_size, mut idle) = (Vec::new(), 0);
    for s in &worst.schools {
        let row = schools.iter().find(|r| r["id"] == s.school_id).unwrap();
        let used = classes(&s.students_by_grade, &cap);
        let pupils: u32 = s.students_by_grade.iter().sum();
        let spare_rooms = int(row, "classrooms").saturating_sub(used);
        if spare_rooms > 0 && pupils + 25 > st.kindergarten_size_max {
            at_size.push(s.school_id.clone());
            idle += spare_rooms;
        }
    }
    assert_eq!(b.constraint, "size_standard");
    assert_eq!(b.size_bound, at_size);
    assert_eq!(b.idle_rooms_size_bound, idle);
    assert!(
        idle >= 20,
        "the town's kindergartens have idle rooms: {idle}"
    );
    assert!(
        b.sentence.contains(&format!(
            "have {idle} idle rooms but are at the 360-place size standard"
        )),
        "{}",
        b.sentence
    );
    let zoning_loses = format!(
        "re-zoning into idle rooms: {} seats short in {}",
        grouped(worst.seats_short),
        worst.year
    );
    assert!(r.runners_up.contains(&zoning_loses), "{:?}", r.runners_up);
    assert!(r
        .runners_up
        .iter()
        .any(|w| w.starts_with("new schools for places: not needed")));
}

/// Rooms taken out of the sample's primary schools that cannot extend, so that the county is short
/// of primary rooms and the schools with `expandable_classrooms` must extend.
const CUTS: [(&str, u32); 9] = [
    ("SCH0001", 34),
    ("SCH0003", 24),
    ("SCH0017", 14),
    ("SCH0018", 14),
    ("SCH0019", 14),
    ("SCH0020", 4),
    ("SCH0021", 11),
    ("SCH0022", 2),
    ("SCH0023", 4),
];

#[test]
fn primary_extensions_are_tried_before_a_new_school_and_costed_from_the_csvs() {
    let mut p = linxi();
    for (id, cut) in CUTS {
        let s = p.schools.iter_mut().find(|s| s.id == id).unwrap();
        s.classrooms -= cut;
    }
    let plan = plan_of(&p, Stage::Primary, Some(1));
    let st = &p.settings.standards;
    let cap = caps(&p);
    let r = &plan.remedies;
    let rung = |key: &str| r.rungs.iter().find(|g| g.key == key).unwrap();
    let zoning = rung("rezoning");
    assert!(
        !zoning.meets_caps,
        "today's rooms are short: {:?}",
        zoning.short_by_year
    );
    let ext = rung("extensions");
    let chosen = r.rungs.iter().find(|g| g.chosen).unwrap();
    assert!(chosen.set.extensions, "{:?}", r.rungs);
    assert!(
        ext.worst.map_or(0, |w| w.1) < zoning.worst.map_or(0, |w| w.1),
        "extending removes some of the shortage"
    );
    if ext.meets_caps {
        assert_eq!(
            chosen.key, "extensions",
            "no new school when extensions suffice"
        );
        assert!(plan.new_schools.iter().all(|n| n.access_pupils > 0));
    }
    // Today's rooms for grades 1–9 from schools.csv (less the cuts): classrooms, less the classes
    // of a nine-year school's junior grades.
    let schools = fixture_csv("schools.csv");
    let mut added = 0u32;
    for row in schools
        .iter()
        .filter(|r| int(r, "expandable_classrooms") > 0)
    {
        let id = &row["id"];
        if row["level"] == "kindergarten" || row["level"] == "junior" {
            continue;
        }
        let cut = CUTS.iter().find(|c| c.0 == id).map_or(0, |c| c.1);
        let junior: u32 = ["g7", "g8", "g9"]
            .iter()
            .map(|g| int(row, g).div_ceil(st.class_cap_junior))
            .sum();
        let today = int(row, "classrooms") - cut - junior;
        let most = plan
            .after
            .iter()
            .filter_map(|y| y.schools.iter().find(|s| &s.school_id == id))
            .map(|s| classes(&s.students_by_grade, &cap))
            .max()
            .unwrap();
        added += most
            .saturating_sub(today)
            .min(int(row, "expandable_classrooms"));
    }
    assert!(added > 0, "some school extends");
    assert_eq!(chosen.extension_classrooms, added);
    assert_eq!(
        chosen.extension_cost_yuan,
        added as f64 * st.extension_cost_yuan_per_classroom
    );
    let listed: u32 = plan.expansions.iter().map(|e| e.rooms_added).sum();
    assert_eq!(listed, added, "expansions.csv lists the same classrooms");
    let b = breaches(&plan, cap, st.school_size_max_combined);
    assert!(b.is_empty(), "{b:?}");
}
