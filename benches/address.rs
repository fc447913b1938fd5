//! Address matching speed: 1,000,000 addresses against the real Linxi township and village names
//! (made-up positions), in the forms county records use.

use catchment::address::Gazetteer;
use catchment::model::{GazetteerEntry, SourceRef};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

const TOWNSHIPS: &str = include_str!("../tests/data/address/townships.csv");
const VILLAGES: &str = include_str!("../tests/data/address/villages.csv");

fn rows(csv: &str) -> Vec<(String, String, String)> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].into(), f[1].trim_matches('"').into(), f[2].into())
        })
        .collect()
}

fn entry(name: &str, parent: Option<&str>, lonlat: [f64; 2]) -> GazetteerEntry {
    GazetteerEntry {
        name: name.into(),
        lonlat,
        parent: parent.map(Into::into),
        source: SourceRef::new("gazetteer.csv", 2),
    }
}

/// The gazetteer and 1,000,000 addresses cycling through every village in five written forms
/// (full prefix, county only, bare village core, full-width with spaces, unknown place).
fn setup() -> (Gazetteer, Vec<String>) {
    let towns = rows(TOWNSHIPS);
    let mut entries: Vec<GazetteerEntry> = towns
        .iter()
        .enumerate()
        .map(|(i, t)| entry(&t.1, None, [118.0 + i as f64 / 10.0, 43.5]))
        .collect();
    let mut pairs = Vec::new();
    for (j, (_, name, street)) in rows(VILLAGES).iter().enumerate() {
        let town = towns.iter().find(|t| &t.0 == street).unwrap().1.clone();
        entries.push(entry(name, Some(&town), [118.0 + j as f64 / 1000.0, 43.0]));
        pairs.push((town, name.clone()));
    }
    let addresses = (0..1_000_000)
        .map(|i| {
            let (town, name) = &pairs[i % pairs.len()];
            let core = name.trim_end_matches("村委会");
            let group = i % 9 + 1;
            match i % 5 {
                0 => format!("内蒙古自治区赤峰市林西县{town}{name}{group}组"),
                1 => format!("林西县{town}{core}村{group}组"),
                2 => format!("{core}{group}组"),
                3 => format!("林西县　{town}　{core}村　{group}组"),
                _ => format!("林西县某某乡红旗村{group}组"),
            }
        })
        .collect();
    (Gazetteer::new(entries), addresses)
}

fn bench(c: &mut Criterion) {
    let (g, addresses) = setup();
    let placed = addresses.iter().filter(|a| g.locate(a).is_ok()).count();
    eprintln!("{placed} of {} addresses placed", addresses.len());
    let mut group = c.benchmark_group("address");
    group.sample_size(10);
    group.bench_function("locate_1m", |b| {
        b.iter(|| {
            let mut ok = 0usize;
            for a in &addresses {
                ok += black_box(g.locate(a)).is_ok() as usize;
            }
            ok
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
