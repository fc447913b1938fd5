//! Unit tests of the editor on a small strip of villages: moves, pins, undo, the statistics'
//! arithmetic, and draft names.

use super::save::check_name;
use super::stats::{percentile, zone_contiguity};
use super::{Editor, EditorInput, ServeError, Start};
use crate::crs::PlanarCrs;
use crate::model::{Grade, Level, Placement, Project, School, SourceRef, Student, Unit, UnitShape};
use crate::standards::Settings;
use crate::zones::cells::DEFAULT_CELL_M;
use crate::zones::{Method, ZoneOptions};

/// Four square villages in a row (1 km wide, each touching the next), two primary schools at
/// the centres of the end ones; village i has 10·(i+1) first-graders, all at school A today.
fn strip() -> Project {
    let school = |id: &str, x: f64| School {
        name: format!("学校{id}"),
        xy_m: [x, 500.0],
        classrooms: 6,
        ..School::new(id, Level::Primary, SourceRef::new("schools.csv", 2))
    };
    let units = (0..4)
        .map(|i| Unit {
            id: format!("v{i}"),
            name: format!("村{i}"),
            shape: UnitShape::Polygon {
                lonlat: square(i),
                xy_m: square(i),
            },
            centroid_xy_m: [1000.0 * i as f64 + 500.0, 500.0],
            counts: None,
            source: SourceRef::new("units.geojson", i as u64 + 1),
        })
        .collect();
    let mut students = Vec::new();
    for i in 0..4 {
        for k in 0..10 * (i + 1) {
            students.push(Student {
                id: format!("s{i}-{k}"),
                grade: Grade::ALL[3],
                lonlat: None,
                xy_m: Some([1000.0 * i as f64 + 500.0, 500.0]),
                address: None,
                school_id: Some("A".into()),
                unit_id: Some(format!("v{i}").into()),
                birth_date: None,
                migrant: false,
                placement: Placement::Coordinates,
                source: SourceRef::new("students.csv", 2),
            });
        }
    }
    Project {
        schools: vec![school("A", 500.0), school("B", 3500.0)],
        students,
        units,
        ..Project::new(
            "strip",
            Settings::default(),
            PlanarCrs::from_epsg(4548).unwrap(),
        )
    }
}

/// Village i's square, planar metres.
fn square(i: usize) -> geo::MultiPolygon<f64> {
    let x = 1000.0 * i as f64;
    let ring = vec![
        (x, 0.0),
        (x + 1000.0, 0.0),
        (x + 1000.0, 1000.0),
        (x, 1000.0),
        (x, 0.0),
    ];
    geo::MultiPolygon(vec![geo::Polygon::new(geo::LineString::from(ring), vec![])])
}

fn editor(start: Start) -> Editor {
    let opts = ZoneOptions::new(crate::model::Stage::Primary, Method::Capacitated);
    let input = EditorInput::from_project(strip(), opts.stage, DEFAULT_CELL_M).unwrap();
    Editor::from_input(input, opts, start).unwrap()
}

#[test]
fn current_start_puts_every_village_at_today_school() {
    let e = editor(Start::Current);
    assert_eq!(e.seat_of(), &[Some(0), Some(0), Some(0), Some(0)]);
    let s = e.stats();
    assert_eq!(s.schools[0].pupils, 100);
    assert_eq!(s.schools[0].classes, 3); // ⌈100 / 45⌉
    assert_eq!(s.county.pupils_moved, 0);
    // Pupils at 0, 1000, 2000 and 3000 m: 10, 20, 30, 40 of them; mean 2000 m, P95 3000 m.
    assert!((s.county.mean_distance_m - 2000.0).abs() < 1e-9);
    assert_eq!(s.county.p95_distance_m, 3000.0);
}

#[test]
fn a_move_shifts_pupils_classes_and_moved_counts() {
    let mut e = editor(Start::Current);
    e.move_units(&[3], 1).unwrap();
    let s = e.stats();
    assert_eq!((s.schools[0].pupils, s.schools[1].pupils), (60, 40));
    assert_eq!((s.schools[0].classes, s.schools[1].classes), (2, 1));
    assert_eq!(s.county.pupils_moved, 40);
    assert_eq!(s.schools[1].mean_distance_m, 0.0);
    assert!(s.county.all_contiguous);
    // Village 1 to B splits A's zone (0 and 2 are not neighbours) and B's (1 and 3).
    e.move_units(&[1], 1).unwrap();
    let s = e.stats();
    assert!(!s.county.all_contiguous);
    assert_eq!(
        s.county.not_contiguous,
        vec!["A".to_string(), "B".to_string()]
    );
}

#[test]
fn pinned_units_refuse_moves_and_survive_optimising() {
    let mut e = editor(Start::Current);
    e.move_units(&[0], 1).unwrap();
    e.pin_units(&[0], true).unwrap();
    assert!(matches!(
        e.move_units(&[0], 0),
        Err(ServeError::Pinned { .. })
    ));
    e.optimise();
    assert_eq!(e.seat_of()[0], Some(1), "the pinned village stays at B");
    assert_eq!(
        e.seat_of()[3],
        Some(1),
        "the free far village goes to its nearest school"
    );
    assert!(e.pinned()[0]);
}

#[test]
fn undo_and_redo_walk_the_history_exactly() {
    let mut e = editor(Start::Current);
    let first = e.seat_of().to_vec();
    e.move_units(&[2, 3], 1).unwrap();
    let second = e.seat_of().to_vec();
    e.pin_units(&[2], true).unwrap();
    assert!(e.undo() && e.undo());
    assert_eq!(e.seat_of(), &first[..]);
    assert!(!e.pinned()[2]);
    assert!(!e.undo());
    assert!(e.redo());
    assert_eq!(e.seat_of(), &second[..]);
    // A new edit after an undo drops the redo branch.
    e.move_units(&[0], 1).unwrap();
    assert!(!e.can_redo());
}

#[test]
fn nearest_start_and_restart_keep_pins() {
    let mut e = editor(Start::Method(Method::Nearest));
    assert_eq!(e.seat_of(), &[Some(0), Some(0), Some(1), Some(1)]);
    e.pin_units(&[3], true).unwrap();
    e.move_units(&[2], 0).unwrap();
    e.restart(Start::Current).unwrap();
    assert_eq!(e.seat_of(), &[Some(0), Some(0), Some(0), Some(1)]);
}

#[test]
fn percentile_is_weighted_and_contiguity_counts_pieces() {
    let mut v = vec![(3.0, 1), (1.0, 18), (2.0, 1)];
    assert_eq!(percentile(&mut v, 0.95), 2.0);
    assert_eq!(percentile(&mut v, 0.5), 1.0);
    assert_eq!(percentile(&mut [], 0.95), 0.0);
    let path = vec![vec![1], vec![0, 2], vec![1]];
    assert_eq!(
        zone_contiguity(&path, &[Some(0), Some(1), Some(0)], 2),
        vec![false, true]
    );
    assert_eq!(
        zone_contiguity(&path, &[Some(0), Some(0), None], 2),
        vec![true, true]
    );
}

#[test]
fn draft_names_are_one_plain_folder_name() {
    for good in ["draft-1", "方案_二", "v1.2"] {
        assert!(check_name(good).is_ok(), "{good}");
    }
    for bad in [
        "",
        "..",
        "../x",
        "a/b",
        "a\\b",
        "/tmp/x",
        ".hidden",
        &"x".repeat(65),
    ] {
        assert!(check_name(bad).is_err(), "{bad}");
    }
}

#[test]
fn without_units_the_editor_drafts_demand_cells() {
    let mut project = strip();
    project.units.clear();
    let opts = ZoneOptions::new(crate::model::Stage::Primary, Method::Capacitated);
    let input = EditorInput::from_project(project, opts.stage, 1000.0).unwrap();
    let ids: Vec<&str> = input.units.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["cell_0_0", "cell_1_0", "cell_2_0", "cell_3_0"]);
    let mut e = Editor::from_input(input, opts, Start::Current).unwrap();
    let pupils = |e: &Editor| -> Vec<u32> { e.stats().schools.iter().map(|s| s.pupils).collect() };
    assert_eq!(pupils(&e), vec![100, 0]);
    e.move_units(&[2, 3], 1).unwrap();
    assert_eq!(pupils(&e), vec![30, 70]);
    let draft = e.unit_zones();
    assert_eq!(
        draft.cells.map(|g| (g.size_m, g.min_pupils)),
        Some((1000.0, 5))
    );
    assert_eq!(draft.schools["cell_3_0"].as_deref(), Some("B"));
}
