//! Forecast speed: 10,000 schools × 12 years of history, projected 10 years (all three scenarios,
//! with class implications). Target: under 1 s.

use catchment::forecast::{self, ForecastInput, ForecastOptions};
use catchment::model::{BirthRow, HistoryRow, HousingProject, Level, School, SourceRef};
use catchment::standards::Standards;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

struct Data {
    schools: Vec<School>,
    history: Vec<HistoryRow>,
    births: Vec<BirthRow>,
    housing: Vec<HousingProject>,
}

/// A deterministic pseudo-random county: 10,000 schools on a grid (kindergartens, primary, junior,
/// nine-year), 12 years of history, falling births, 200 housing projects.
fn generate(n_schools: usize) -> Data {
    let mut seed: u64 = 42;
    let mut rand = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as f64) / (1u64 << 31) as f64
    };
    let side = (n_schools as f64).sqrt().ceil() as usize;
    let src = SourceRef::new("history.csv", 0);
    let mut schools = Vec::with_capacity(n_schools);
    let mut history = Vec::new();
    for i in 0..n_schools {
        let level = match i % 10 {
            0 => Level::Kindergarten,
            1..=5 => Level::Primary,
            6..=8 => Level::Junior,
            _ => Level::NineYear,
        };
        let xy = [(i % side) as f64 * 1500.0, (i / side) as f64 * 1500.0];
        schools.push(School {
            id: format!("s{i:05}"),
            name: format!("school {i}"),
            level,
            lonlat: [118.0, 43.6],
            xy_m: xy,
            classrooms: 12 + (rand() * 24.0) as u32,
            enrollment: None,
            kg_classes: 0,
            max_students: None,
            boarding: false,
            expandable_classrooms: 0,
            source: src.clone(),
        });
        let size = 20.0 + rand() * 120.0;
        for y in 2014..2026 {
            for g in level.grades() {
                let n = size * (1.0 - 0.02 * (y - 2014) as f64) * (0.9 + 0.2 * rand());
                history.push(HistoryRow {
                    school_id: format!("s{i:05}"),
                    year: y,
                    grade: *g,
                    enrolled: n.max(0.0) as u32,
                    source: src.clone(),
                });
            }
        }
    }
    let births = (2000..2026)
        .map(|y| BirthRow {
            year: y,
            births: (400_000.0 * 0.98f64.powi(y - 2000)) as u32,
            unit_id: None,
            source: SourceRef::new("births.csv", 0),
        })
        .collect();
    let housing = (0..200)
        .map(|k| HousingProject {
            id: format!("h{k}"),
            lonlat: [118.0, 43.6],
            xy_m: [rand() * side as f64 * 1500.0, rand() * side as f64 * 1500.0],
            homes: 100 + (rand() * 900.0) as u32,
            year: 2026 + (k % 5),
            source: SourceRef::new("housing.csv", 0),
        })
        .collect();
    Data {
        schools,
        history,
        births,
        housing,
    }
}

fn bench(c: &mut Criterion) {
    let data = generate(10_000);
    let standards = Standards::default();
    let input = ForecastInput {
        schools: &data.schools,
        history: &data.history,
        births: &data.births,
        housing: &data.housing,
        units: &[],
        standards: &standards,
        options: ForecastOptions {
            horizon: 10,
            ..ForecastOptions::default()
        },
        feeders: None,
        housing_schools: None,
        unit_schools: None,
    };
    let mut g = c.benchmark_group("forecast");
    g.sample_size(10);
    g.bench_function("10k_schools_12y_history_10y_horizon", |b| {
        b.iter(|| black_box(forecast::forecast(black_box(&input)).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
