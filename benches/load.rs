//! Loading and validating 1,000,000 generated students from CSV (target: under 2 s on 2 cores).
//!
//! Setup writes a project into a temporary folder: 25 schools, a county boundary with 2,000
//! vertices, and 1,000,000 students in the sample's column layout. The measured step is
//! `load_project`: read, decode, parse, build records, convert and project every point, check ids,
//! school references and the boundary.

use catchment::io::{load_project, ProjectSource};
use criterion::{criterion_group, criterion_main, Criterion};
use std::fmt::Write as _;
use std::time::Duration;

const STUDENTS: usize = 1_000_000;
const CENTRE: [f64; 2] = [118.05, 43.61];

/// A small deterministic generator (no dependency on the sample module).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn write_project(dir: &std::path::Path) {
    let mut rng = Lcg(7);
    let mut schools = String::from("id,name,level,lon,lat,classrooms\n");
    for i in 0..25 {
        let level = ["primary", "junior", "nine_year", "kindergarten"][i % 4];
        let (dx, dy) = (rng.next() - 0.5, rng.next() - 0.5);
        writeln!(
            schools,
            "S{i:02},学校{i},{level},{:.6},{:.6},24",
            CENTRE[0] + dx * 0.6,
            CENTRE[1] + dy * 0.4
        )
        .unwrap();
    }
    std::fs::write(dir.join("schools.csv"), schools).unwrap();

    let ring: Vec<String> = (0..=2000)
        .map(|k| {
            let a = k as f64 / 2000.0 * std::f64::consts::TAU;
            let r = 1.0 + 0.05 * (7.0 * a).sin();
            format!(
                "[{:.6},{:.6}]",
                CENTRE[0] + 0.55 * r * a.cos(),
                CENTRE[1] + 0.40 * r * a.sin()
            )
        })
        .collect();
    let boundary = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"name":"county"}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}}]}}"#,
        ring.join(",")
    );
    std::fs::write(dir.join("boundary.geojson"), boundary).unwrap();

    let grades = [
        "k1", "k2", "k3", "g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8", "g9",
    ];
    let mut csv = String::with_capacity(STUDENTS * 80);
    csv.push_str("id,grade,lon,lat,address,school_id,unit_id,birth_date,migrant\n");
    for i in 0..STUDENTS {
        let (r, a) = (rng.next().sqrt() * 0.9, rng.next() * std::f64::consts::TAU);
        let lon = CENTRE[0] + 0.55 * r * a.cos();
        let lat = CENTRE[1] + 0.40 * r * a.sin();
        let g = grades[i % 12];
        writeln!(
            csv,
            "P{i:07},{g},{lon:.6},{lat:.6},,S{:02},U{:03},2015-09-01,否",
            i % 25,
            i % 300
        )
        .unwrap();
    }
    std::fs::write(dir.join("students.csv"), csv).unwrap();
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path());
    let source = ProjectSource::Dir(dir.path().to_path_buf());
    let check = load_project(&source).unwrap();
    assert_eq!(check.students.len(), STUDENTS);
    assert!(
        !check.report.has_errors(),
        "{:?}",
        check.report.diagnostics.first()
    );
    drop(check);
    let mut g = c.benchmark_group("load");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("1M students from CSV", |b| {
        b.iter(|| load_project(&source).unwrap().students.len())
    });
    g.finish();
}

/// The Linxi sample generator scaled to 1,000,000 students: 27 schools, villages as units, a share
/// of students given only by address (placed from the gazetteer), the real boundary.
fn bench_sample(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let spec = catchment::sample::SampleSpec {
        students: Some(STUDENTS),
        ..Default::default()
    };
    catchment::io::write_files(dir.path(), &catchment::sample::generate(&spec).files).unwrap();
    let source = ProjectSource::Dir(dir.path().to_path_buf());
    let p = load_project(&source).unwrap();
    let by_address = p
        .students
        .iter()
        .filter(|s| !matches!(s.placement, catchment::model::Placement::Coordinates))
        .count();
    eprintln!(
        "sample: {} students ({} given by address), {} errors",
        p.students.len(),
        by_address,
        p.report.errors().count()
    );
    drop(p);
    let mut g = c.benchmark_group("load");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("1M students, generated Linxi sample", |b| {
        b.iter(|| load_project(&source).unwrap().students.len())
    });
    g.finish();
}

criterion_group!(benches, bench, bench_sample);
criterion_main!(benches);
