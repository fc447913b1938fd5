//! Specs for `--method nearest` zones: every pupil goes to the nearest school (checked by brute
//! force), co-located schools seat at the lowest index, and the zones are the schools' Voronoi
//! cells: valid, disjoint, covering the boundary, each holding its own pupils' homes and the
//! school itself.

use crate::support::{project, student};
use catchment::model::*;
use catchment::zones::{self, polygons, Method, ZoneInput, ZoneOptions};
use geo::{Area, BooleanOps, Contains, Distance, Euclidean, MultiPolygon, Point, Validation};

fn county(seed: u64) -> Project {
    let mut r = seed;
    let mut f = move |lo: f64, hi: f64| {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        lo + (hi - lo) * (r % 1_000_000) as f64 / 1_000_000.0
    };
    let mut schools: Vec<School> = (0..25)
        .map(|i| School {
            xy_m: [f(0.0, 20_000.0), f(0.0, 20_000.0)],
            classrooms: 12,
            ..crate::support::school(&format!("S{i:03}"), Level::Primary)
        })
        .collect();
    // A second school at the place of S004: S004 (the lower index) takes its pupils.
    schools.push(School {
        xy_m: schools[4].xy_m,
        classrooms: 12,
        ..crate::support::school("S025", Level::Primary)
    });
    let mut students: Vec<Student> = (0..4000)
        .map(|i| {
            let g = Grade::ALL[3 + (i % 6)];
            student(
                format!("P{i:05}"),
                g,
                [f(-500.0, 20_500.0), f(-500.0, 20_500.0)],
            )
        })
        .collect();
    // Pupils at the co-located schools' door.
    for k in 0..3 {
        students.push(student(format!("Q{k}"), Grade::ALL[3], schools[4].xy_m));
    }
    let mut p = project(schools, students, vec![]);
    let b = crate::support::pentagon_boundary();
    p.boundary = Some((b.clone(), b));
    p
}

#[test]
fn nearest_zones_are_the_schools_voronoi_cells_holding_their_pupils() {
    let p = county(3);
    let z = zones::zone(&p, &ZoneOptions::new(Stage::Primary, Method::Nearest)).unwrap();
    assert_eq!(z.summary.assigned, 4003);
    assert_eq!(z.summary.overflow, 0);
    // Every pupil at the nearest school; of the two at one place, the first.
    let index: std::collections::BTreeMap<&str, usize> = p
        .schools
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let d = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).hypot(a[1] - b[1]);
    let xy: std::collections::BTreeMap<&str, [f64; 2]> = p
        .students
        .iter()
        .map(|s| (s.id.as_str(), s.xy_m.unwrap()))
        .collect();
    for row in &z.assignment {
        let home = xy[row.id.as_str()];
        let school = row.school_id.as_deref().unwrap();
        let best = p
            .schools
            .iter()
            .map(|s| d(home, s.xy_m))
            .fold(f64::INFINITY, f64::min);
        assert!(
            d(home, p.schools[index[school]].xy_m) <= best + 1e-9,
            "{}",
            row.id
        );
        assert_ne!(
            school, "S025",
            "the co-located school with the higher index seats nobody"
        );
    }
    let polys = polygons::zone_polygons(&ZoneInput::from_project(&p), &z);
    let boundary = &p.boundary.as_ref().unwrap().1;
    // One zone per distinct school position.
    assert_eq!(polys.len(), 25);
    for (i, a) in polys.iter().enumerate() {
        assert!(
            a.xy_m.is_valid(),
            "zone {i}: {:?}",
            a.xy_m.check_validation().err()
        );
        for b in &polys[i + 1..] {
            let overlap = a.xy_m.intersection(&b.xy_m).unsigned_area();
            assert!(
                overlap < 1e-6 * boundary.unsigned_area(),
                "overlap {overlap} m²"
            );
        }
        let s = &p.schools[index[z.schools[a.seat.unwrap()].school_id.as_str()]];
        let at = Point::new(s.xy_m[0], s.xy_m[1]);
        if boundary.contains(&at) {
            assert!(a.xy_m.contains(&at), "zone {i} holds its school");
        }
    }
    let covered: f64 = polys.iter().map(|z| z.xy_m.unsigned_area()).sum();
    let whole = boundary.unsigned_area();
    assert!(
        (covered - whole).abs() <= 1e-6 * whole,
        "{covered} of {whole} m²"
    );
    // Each home inside its school's zone (or on its edge, to a millimetre).
    let zone_of: std::collections::BTreeMap<&str, &MultiPolygon<f64>> = polys
        .iter()
        .map(|p| (z.schools[p.seat.unwrap()].school_id.as_str(), &p.xy_m))
        .collect();
    for row in &z.assignment {
        let home = xy[row.id.as_str()];
        let pt = Point::new(home[0], home[1]);
        if !boundary.contains(&pt) {
            continue;
        }
        let zone = zone_of[row.school_id.as_deref().unwrap()];
        assert!(
            zone.contains(&pt) || Euclidean.distance(&pt, zone) < 1e-3,
            "{} outside its zone",
            row.id
        );
    }
}
