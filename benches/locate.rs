//! Location engine benchmarks: all 20 OR-Library pmedcap instances (quality table + timing) and the
//! spopt San Francisco p-median. Data is read in place from `../shared/data/benchmarks/`.
//!
//! Run: `cargo bench --bench locate -- --warm-up-time 1 --measurement-time 3`

use std::path::PathBuf;
use std::time::Instant;

use catchment::io::locate_tables::{read_costs, read_demand, read_sites};
use catchment::locate::orlib::{parse_pmedcap, OrLibInstance};
use catchment::locate::{solve, Options, Problem, Weighting};
use criterion::{criterion_group, criterion_main, Criterion};

/// `../shared/data/benchmarks/pmedcap` from the project root, or from the nearest ancestor that has
/// `shared/data` (git worktrees sit one level deeper). Panics when missing.
fn data_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    root.ancestors()
        .skip(1)
        .map(|a| a.join("shared/data/benchmarks/pmedcap"))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| {
            panic!(
                "{}/../shared/data/benchmarks/pmedcap is missing",
                root.display()
            )
        })
}

fn instances() -> Vec<OrLibInstance> {
    (1..=20)
        .map(|k| {
            let path = data_dir().join(format!("pmedcap{k:02}.txt"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            parse_pmedcap(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect()
}

/// One solve per instance: objective vs optimum, bound and wall time, printed as a table.
fn quality_table(all: &[OrLibInstance]) {
    let opts = Options::default();
    let mut sum_dev = 0.0;
    let mut worst_dev: f64 = 0.0;
    let mut worst_time: f64 = 0.0;
    eprintln!("instance  optimum  found  dev%   lower  bound-gap%  time_s");
    for inst in all {
        let t = Instant::now();
        let out = solve(&inst.problem, &opts).expect("solvable");
        let secs = t.elapsed().as_secs_f64();
        let dev = 100.0 * (out.solution.objective - inst.best_known) / inst.best_known;
        sum_dev += dev;
        worst_dev = worst_dev.max(dev);
        worst_time = worst_time.max(secs);
        eprintln!(
            "pmedcap{:02} {:7} {:6} {:5.2} {:7} {:10.2} {:7.3}",
            inst.number,
            inst.best_known,
            out.solution.objective,
            dev,
            out.lower_bound,
            100.0 * out.gap,
            secs
        );
    }
    eprintln!(
        "mean deviation {:.3} %, worst {:.3} %, slowest {:.3} s",
        sum_dev / all.len() as f64,
        worst_dev,
        worst_time
    );
}

fn bench(c: &mut Criterion) {
    let all = instances();
    quality_table(&all);
    if std::env::var("QUICK").is_ok() {
        return;
    }
    let opts = Options::default();
    let mut group = c.benchmark_group("pmedcap");
    group.sample_size(10);
    for k in [1usize, 5, 11, 20] {
        let inst = &all[k - 1];
        group.bench_function(format!("pmedcap{k:02}"), |b| {
            b.iter(|| solve(&inst.problem, &opts).expect("solvable"))
        });
    }
    group.finish();
    let sf = sf_problem(5);
    c.bench_function("spopt_sf_p5", |b| {
        b.iter(|| solve(&sf, &opts).expect("solvable"))
    });
}

/// The spopt San Francisco p-median (205 tracts weighted by POP2000, 16 stores, street distances).
fn sf_problem(p: usize) -> Problem {
    let dir = data_dir().join("../spopt_sf");
    let demand = read_demand(
        &dir.join("SF_demand_205_centroid_uniform_weight.csv"),
        Some("NAME"),
        Some("POP2000"),
        false,
    )
    .expect("SF demand");
    let sites = read_sites(
        &dir.join("SF_store_site_16_longlat.csv"),
        Some("NAME"),
        false,
    )
    .expect("SF sites");
    let cost = read_costs(
        &dir.join("SF_network_distance_candidateStore_16_censusTract_205_new.csv"),
        &demand.ids,
        &sites.ids,
    )
    .expect("SF costs");
    Problem::new(
        demand.ids,
        sites.ids,
        demand.demand,
        cost,
        Weighting::DemandWeighted,
        Some(p),
    )
}

criterion_group!(benches, bench);
criterion_main!(benches);
