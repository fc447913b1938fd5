//! Zoning speed: 1,000,000 students and 1,000 schools (nearest ≤ 2 s, capacitated ≤ 20 s, zone
//! polygons ≤ 10 s), and a Linxi-sized county (20,000 students, 25 schools: each method < 1 s).
//! The data is synthetic and generated here (seeded): students cluster around villages. Also a
//! 10,000-pupil county from the sample generator with tight rooms: capacitated default < 5 s.
//! `ZONES_BENCH=10k` (or `linxi`, `1m`, comma-separated) runs only those groups, set-up included.

use catchment::crs::PlanarCrs;
use catchment::model::*;
use catchment::standards::Settings;
use catchment::zones::{self, polygons, Method, ZoneInput, ZoneOptions};
use criterion::{criterion_group, criterion_main, Criterion};
use geo::{MultiPolygon, Rect};
use std::time::Duration;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn f(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

/// A square county `side_m` wide; `villages` point units; students around them; primary schools
/// with rooms for about 110 % of the students.
fn county(students: usize, schools: usize, villages: usize, side_m: f64) -> Project {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let src = SourceRef::new("generated", 0);
    let units: Vec<Unit> = (0..villages)
        .map(|i| {
            let xy = [r.f(0.0, side_m), r.f(0.0, side_m)];
            Unit {
                id: format!("V{i:05}"),
                name: format!("村{i}"),
                shape: UnitShape::Point {
                    lonlat: [0.0, 0.0],
                    xy_m: xy,
                },
                centroid_xy_m: xy,
                counts: None,
                source: src.clone(),
            }
        })
        .collect();
    let per_school = students as f64 / schools as f64;
    let rooms = ((per_school / 45.0) * 1.1).ceil() as u32 + 6;
    let schools: Vec<School> = (0..schools)
        .map(|i| {
            // Schools sit in villages, as they do.
            let v = &units[(r.next() % villages as u64) as usize];
            School {
                id: format!("S{i:04}"),
                name: format!("学校{i}"),
                level: Level::Primary,
                lonlat: [0.0, 0.0],
                xy_m: [v.centroid_xy_m[0] + 50.0, v.centroid_xy_m[1]],
                classrooms: rooms,
                enrollment: None,
                kg_classes: 0,
                max_students: None,
                boarding: false,
                expandable_classrooms: 0,
                source: src.clone(),
            }
        })
        .collect();
    let students: Vec<Student> = (0..students)
        .map(|i| {
            let v = (r.next() % villages as u64) as usize;
            let c = units[v].centroid_xy_m;
            Student {
                id: format!("P{i:07}"),
                grade: Grade::ALL[3 + (r.next() % 6) as usize],
                lonlat: None,
                xy_m: Some([c[0] + r.f(-400.0, 400.0), c[1] + r.f(-400.0, 400.0)]),
                address: None,
                school_id: None,
                unit_id: Some(units[v].id.as_str().into()),
                birth_date: None,
                migrant: false,
                placement: Placement::Coordinates,
                source: src.clone(),
            }
        })
        .collect();
    let b = MultiPolygon(vec![Rect::new(
        (-1000.0, -1000.0),
        (side_m + 1000.0, side_m + 1000.0),
    )
    .to_polygon()]);
    Project {
        boundary: Some((b.clone(), b)),
        schools,
        students,
        units,
        ..Project::new(
            "generated",
            Settings::default(),
            PlanarCrs::from_epsg(4548).unwrap(),
        )
    }
}

/// Print the solution quality once, for the closing note.
fn report(label: &str, z: &zones::Zoning) {
    let s = &z.summary;
    eprintln!(
        "{label}: {} students, {} assigned, {} overflow, objective {:.0}, bound {:.0}, gap {:.3}%, infeasible schools {}, {:.2} s",
        s.students_total,
        s.assigned,
        s.overflow,
        s.objective,
        s.lower_bound.unwrap_or(0.0),
        s.gap.unwrap_or(1.0) * 100.0,
        s.infeasibilities.len(),
        s.runtime_s
    );
}

/// Whether the group `name` is selected by `ZONES_BENCH` (all when it is unset).
fn selected(name: &str) -> bool {
    std::env::var("ZONES_BENCH").map_or(true, |v| v.split(',').any(|n| n.trim() == name))
}

fn opts(method: Method) -> ZoneOptions {
    ZoneOptions::new(Stage::Primary, method)
}

fn linxi(c: &mut Criterion) {
    if !selected("linxi") {
        return;
    }
    let p = county(20_000, 25, 300, 60_000.0);
    let mut g = c.benchmark_group("zones_linxi");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    for m in [Method::Nearest, Method::Capacitated, Method::Contiguous] {
        report(
            &format!("linxi-sized {}", m.as_str()),
            &zones::zone(&p, &opts(m)).unwrap(),
        );
        g.bench_function(m.as_str(), |b| {
            b.iter(|| zones::zone(&p, &opts(m)).unwrap())
        });
    }
    let z = zones::zone(&p, &opts(Method::Capacitated)).unwrap();
    g.bench_function("polygons", |b| {
        b.iter(|| polygons::zone_polygons(&ZoneInput::from_project(&p), &z))
    });
    g.finish();
}

/// A 10,000-pupil county with tight rooms, built with the sample generator (the reference county
/// spec of tests/data/zones_reference.json style: 20,000 students, 40 schools, seed 104):
/// capacitated zoning at default effort, the whole zoning call.
fn ten_thousand(c: &mut Criterion) {
    if !selected("10k") {
        return;
    }
    let spec = catchment::sample::SampleSpec {
        students: Some(20_000),
        schools: Some(40),
        seed: 104,
        tight_rooms: true,
    };
    let files = catchment::sample::generate(&spec);
    let source = catchment::io::ProjectSource::Embedded {
        name: "county-10k".into(),
        files: files.files,
    };
    let p = catchment::io::load_project(&source).unwrap();
    let mut g = c.benchmark_group("zones_10k");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    report(
        "10k-pupil county capacitated default",
        &zones::zone(&p, &opts(Method::Capacitated)).unwrap(),
    );
    g.bench_function("capacitated_default", |b| {
        b.iter(|| zones::zone(&p, &opts(Method::Capacitated)).unwrap())
    });
    g.finish();
}

fn million(c: &mut Criterion) {
    if !selected("1m") {
        return;
    }
    let p = county(1_000_000, 1000, 20_000, 150_000.0);
    let mut g = c.benchmark_group("zones_1m");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("nearest", |b| {
        b.iter(|| zones::zone(&p, &opts(Method::Nearest)).unwrap())
    });
    g.bench_function("capacitated", |b| {
        b.iter(|| zones::zone(&p, &opts(Method::Capacitated)).unwrap())
    });
    let z = zones::zone(&p, &opts(Method::Capacitated)).unwrap();
    report("1m capacitated", &z);
    g.bench_function("polygons", |b| {
        b.iter(|| polygons::zone_polygons(&ZoneInput::from_project(&p), &z))
    });
    g.finish();
}

criterion_group!(benches, ten_thousand, linxi, million);
criterion_main!(benches);
