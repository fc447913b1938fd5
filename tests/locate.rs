//! The location engine against known optima (OR-Library pmedcap, spopt San Francisco), against the
//! exact MIP on random small instances, and `catchment locate` end to end.
//!
//! Data under `../shared/data/benchmarks/` is read in place; the tests fail (not skip) without it.
//! The debug-build test solves a subset of pmedcap (01 and 04, n = 50); all 20 run in `benches/locate.rs`.

use std::path::{Path, PathBuf};

use catchment::io::locate_tables::{read_costs, read_demand, read_sites};
use catchment::locate::orlib::parse_pmedcap;
use catchment::locate::{
    evaluate, solve, solve_exact, LocateError, Metric, Options, Problem, Weighting,
};

use crate::cli::catchment;

/// `../shared/data/benchmarks/<sub>` from the project root (from a git worktree nested one level
/// deeper, the nearest ancestor's `shared/data`). Panics, never skips, when it is missing.
fn bench_dir(sub: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = root
        .ancestors()
        .skip(1)
        .map(|a| a.join("shared/data/benchmarks").join(sub))
        .find(|d| d.is_dir());
    found.unwrap_or_else(|| {
        panic!(
            "{}/../shared/data/benchmarks/{sub} is missing: these tests need the shared data folder",
            root.display()
        )
    })
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/locate")
        .join(name)
}

#[test]
fn pmedcap_subset_within_one_percent_with_valid_bound() {
    for k in [1, 4] {
        let path = bench_dir("pmedcap").join(format!("pmedcap{k:02}.txt"));
        let inst = parse_pmedcap(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let out = solve(&inst.problem, &Options::default()).unwrap();
        let s = &out.solution;
        let checked = evaluate(&inst.problem, &s.open, &s.assignment).unwrap();
        assert_eq!(checked, s.objective);
        let dev = (s.objective - inst.best_known) / inst.best_known;
        assert!(
            dev <= 0.01,
            "pmedcap{k:02}: {} vs optimum {}",
            s.objective,
            inst.best_known
        );
        assert!(dev >= 0.0, "pmedcap{k:02}: below the optimum?");
        assert!(
            out.lower_bound <= inst.best_known && out.lower_bound > 0.9 * inst.best_known,
            "pmedcap{k:02}: bound {} vs optimum {}",
            out.lower_bound,
            inst.best_known
        );
    }
}

/// The San Francisco instance as spopt builds it: tracts weighted by POP2000, street distances.
fn sf_problem(p: usize) -> Problem {
    let dir = bench_dir("spopt_sf");
    let demand = read_demand(
        &dir.join("SF_demand_205_centroid_uniform_weight.csv"),
        Some("NAME"),
        Some("POP2000"),
        false,
    )
    .unwrap();
    let sites = read_sites(
        &dir.join("SF_store_site_16_longlat.csv"),
        Some("NAME"),
        false,
    )
    .unwrap();
    let cost = read_costs(
        &dir.join("SF_network_distance_candidateStore_16_censusTract_205_new.csv"),
        &demand.ids,
        &sites.ids,
    )
    .unwrap();
    Problem::new(
        demand.ids,
        sites.ids,
        demand.demand,
        cost,
        Weighting::DemandWeighted,
        Some(p),
    )
}

#[test]
fn spopt_san_francisco_optimal_mean_distances() {
    let known: [(usize, f64, &[&str]); 4] = [
        (2, 4197.512725860615, &["Store_12", "Store_15"]),
        (3, 3544.6752347957954, &["Store_5", "Store_11", "Store_15"]),
        (
            4,
            2982.1268579890657,
            &["Store_2", "Store_11", "Store_12", "Store_15"],
        ),
        (
            5,
            2674.158293508232,
            &["Store_2", "Store_7", "Store_11", "Store_14", "Store_15"],
        ),
    ];
    for (p, mean, sites) in known {
        let problem = sf_problem(p);
        let out = solve(&problem, &Options::default()).unwrap();
        let got = out.solution.objective / problem.total_demand();
        assert!(
            ((got - mean) / mean).abs() < 1e-6,
            "p = {p}: mean distance {got}, expected {mean}"
        );
        let mut open: Vec<&str> = out
            .solution
            .open
            .iter()
            .map(|&j| problem.site_ids[j].as_str())
            .collect();
        open.sort();
        let mut want = sites.to_vec();
        want.sort();
        assert_eq!(open, want, "p = {p}");
        assert!(out.lower_bound <= out.solution.objective);
        assert!(out.gap < 0.01, "p = {p}: Lagrangian gap {}", out.gap);
    }
}

/// Deterministic pseudo-random numbers for instance generation.
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

fn random_instance(
    seed: u64,
    n: usize,
    m: usize,
    p: Option<usize>,
    cap_share: Option<f64>,
) -> Problem {
    let mut r = Lcg(seed);
    let pts: Vec<[f64; 2]> = (0..n)
        .map(|_| [r.next() * 100.0, r.next() * 100.0])
        .collect();
    let sites: Vec<[f64; 2]> = (0..m)
        .map(|_| [r.next() * 100.0, r.next() * 100.0])
        .collect();
    let demand: Vec<f64> = (0..n).map(|_| (1.0 + r.next() * 9.0).floor()).collect();
    let weighting = if cap_share.is_some() {
        Weighting::Unweighted
    } else {
        Weighting::DemandWeighted
    };
    let mut prob = Problem::new(
        (0..n).map(|i| format!("d{i}")).collect(),
        (0..m).map(|j| format!("s{j}")).collect(),
        demand,
        Metric::Euclidean.matrix(&pts, &sites),
        weighting,
        p,
    );
    if let Some(share) = cap_share {
        let open = p.unwrap_or(m / 2).max(1) as f64;
        let q = (prob.total_demand() / (share * open)).ceil();
        prob.capacity = Some(
            (0..m)
                .map(|_| (q * (0.8 + 0.4 * r.next())).ceil())
                .collect(),
        );
    }
    if p.is_none() {
        prob.fixed_cost = (0..m).map(|_| (40.0 + 80.0 * r.next()).round()).collect();
    }
    prob
}

/// Heuristic vs exact MIP on random instances of one kind; returns how many were compared.
fn compare_with_mip(kind: &str, make: impl Fn(u64) -> Problem) -> usize {
    let mut compared = 0;
    for seed in 1..=24u64 {
        let prob = make(seed);
        let w = prob.weighted_costs();
        let exact = match solve_exact(&prob, &w, false, Some(60.0)) {
            Ok(e) => e,
            Err(LocateError::ExactSolver(e)) if e.to_string().contains("nfeasible") => continue,
            Err(e) => panic!("{kind} seed {seed}: {e}"),
        };
        let best = exact.solution.unwrap().objective;
        let lp = solve_exact(&prob, &w, true, Some(60.0)).unwrap().objective;
        assert!(
            lp <= best + 1e-6 * best.max(1.0),
            "{kind} seed {seed}: LP bound {lp} above optimum {best}"
        );
        let out = solve(&prob, &Options::default())
            .unwrap_or_else(|e| panic!("{kind} seed {seed}: heuristic failed: {e}"));
        assert!(
            (out.solution.objective - best).abs() <= 1e-6 * best.max(1.0),
            "{kind} seed {seed}: heuristic {} vs exact {best}",
            out.solution.objective
        );
        assert!(
            out.lower_bound <= best + 1e-6 * best.max(1.0),
            "{kind} seed {seed}: bound above optimum"
        );
        compared += 1;
    }
    compared
}

#[test]
fn heuristic_equals_exact_mip_on_random_p_median() {
    let n = compare_with_mip("p-median", |s| {
        random_instance(s, 14, 8, Some(2 + (s % 3) as usize), None)
    });
    assert!(n >= 20, "only {n} instances compared");
}

#[test]
fn heuristic_equals_exact_mip_on_random_capacitated_p_median() {
    let n = compare_with_mip("capacitated p-median", |s| {
        random_instance(s, 12, 7, Some(2 + (s % 2) as usize), Some(0.75))
    });
    assert!(n >= 20, "only {n} instances compared");
}

#[test]
fn heuristic_equals_exact_mip_on_random_facility_location() {
    let n = compare_with_mip("facility location", |s| {
        random_instance(s, 12, 6, None, Some(0.6))
    });
    assert!(n >= 20, "only {n} instances compared");
}

#[test]
fn heuristic_equals_exact_mip_with_sites_that_must_stay_open() {
    let n = compare_with_mip("must-open", |s| {
        let cap = if s % 2 == 0 { Some(0.75) } else { None };
        let mut prob = random_instance(s, 12, 7, Some(3), cap);
        prob.must_open = (0..7).map(|j| j == (s as usize % 7) || j == 6).collect();
        prob
    });
    assert!(n >= 20, "only {n} instances compared");
    let n = compare_with_mip("must-open facility location", |s| {
        let mut prob = random_instance(s, 12, 6, None, Some(0.6));
        prob.must_open = (0..6).map(|j| j == (s as usize % 6)).collect();
        prob
    });
    assert!(n >= 20, "only {n} instances compared");
}

#[test]
fn too_little_capacity_is_reported_with_numbers() {
    let mut prob = random_instance(3, 10, 5, Some(2), Some(0.75));
    prob.capacity = Some(vec![10.0; 5]);
    let err = solve(&prob, &Options::default()).unwrap_err();
    match err {
        LocateError::PCapacityShort {
            total_demand,
            capacity,
            p,
        } => {
            assert_eq!(p, 2);
            assert_eq!(capacity, 20.0);
            assert_eq!(total_demand, prob.total_demand());
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn checker_rejects_broken_solutions() {
    let mut prob = random_instance(5, 6, 3, Some(1), Some(0.9));
    prob.capacity = Some(vec![1.0, 1.0, 1.0]);
    assert!(
        evaluate(&prob, &[0], &[0; 6]).is_err(),
        "over capacity must be caught"
    );
    assert!(
        evaluate(&prob, &[0, 1], &[0; 6]).is_err(),
        "wrong count must be caught"
    );
    assert!(
        evaluate(&prob, &[0], &[1; 6]).is_err(),
        "closed site must be caught"
    );
    prob.capacity = None;
    prob.must_open = vec![false, true, false];
    assert!(
        evaluate(&prob, &[0], &[0; 6]).is_err(),
        "closed must-open site must be caught"
    );
    assert!(evaluate(&prob, &[1], &[1; 6]).is_ok());
}

// ---- CLI ----

fn read_bom_csv(path: &Path) -> String {
    let b = std::fs::read(path).unwrap();
    assert!(
        b.starts_with(b"\xEF\xBB\xBF"),
        "{} has no BOM",
        path.display()
    );
    String::from_utf8(b[3..].to_vec()).unwrap()
}

#[test]
fn cli_capacitated_p_median_writes_deterministic_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let run = |out: &Path| {
        catchment()
            .args(["locate", "--demand"])
            .arg(fixture("demand.csv"))
            .arg("--sites")
            .arg(fixture("sites.csv"))
            .args(["--p", "3", "--json", "--out"])
            .arg(out)
            .output()
            .unwrap()
    };
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let out = run(&a);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    run(&b);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["open_sites"], serde_json::json!(["s1", "s2", "s3"]));
    assert!(v["lower_bound"].as_f64().unwrap() <= v["objective"].as_f64().unwrap());
    for f in ["open_sites.csv", "assignment.csv"] {
        assert_eq!(
            read_bom_csv(&a.join(f)),
            read_bom_csv(&b.join(f)),
            "{f} differs between runs"
        );
    }
    let assignment = read_bom_csv(&a.join("assignment.csv"));
    assert_eq!(
        assignment.lines().count(),
        9,
        "every demand point must be assigned"
    );
    assert!(assignment.contains("g,s3,40,"));
}

#[test]
fn cli_existing_sites_stay_open() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::cli::succeeds(
        catchment()
            .args(["locate", "--demand"])
            .arg(fixture("demand.csv"))
            .arg("--sites")
            .arg(fixture("sites_existing.csv"))
            .args(["--p", "3", "--json", "--out"])
            .arg(dir.path()),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let open = v["open_sites"].as_array().unwrap();
    assert_eq!(open.len(), 3);
    assert!(open.contains(&serde_json::json!("s4")), "{open:?}");
}

#[test]
fn cli_lonlat_haversine_p_median() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::cli::succeeds(
        catchment()
            .args(["locate", "--demand"])
            .arg(fixture("demand_lonlat.csv"))
            .arg("--sites")
            .arg(fixture("sites_lonlat.csv"))
            .args(["--metric", "haversine", "--p", "2", "--json", "--out"])
            .arg(dir.path()),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["problem"], "p-median");
    assert_eq!(v["open_sites"], serde_json::json!(["k1", "k2"]));
}

#[test]
fn cli_spopt_costs_give_the_known_optimum() {
    let dir = bench_dir("spopt_sf");
    let tmp = tempfile::tempdir().unwrap();
    let out = crate::cli::succeeds(
        catchment()
            .args(["locate", "--demand"])
            .arg(dir.join("SF_demand_205_centroid_uniform_weight.csv"))
            .arg("--sites")
            .arg(dir.join("SF_store_site_16_longlat.csv"))
            .arg("--costs")
            .arg(dir.join("SF_network_distance_candidateStore_16_censusTract_205_new.csv"))
            .args([
                "--demand-id-column",
                "NAME",
                "--demand-column",
                "POP2000",
                "--site-id-column",
                "NAME",
                "--p",
                "3",
                "--json",
                "--out",
            ])
            .arg(tmp.path()),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mean = v["mean_cost_per_demand"].as_f64().unwrap();
    assert!(((mean - 3544.6752347957954) / mean).abs() < 1e-6, "{mean}");
}

#[test]
fn cli_bad_value_names_file_line_field_value() {
    let tmp = tempfile::tempdir().unwrap();
    let out = catchment()
        .args(["locate", "--demand"])
        .arg(fixture("demand_bad.csv"))
        .arg("--sites")
        .arg(fixture("sites.csv"))
        .args(["--p", "1", "--out"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for part in ["demand_bad.csv", "line 3", "`demand`", "`twenty`", "hint:"] {
        assert!(err.contains(part), "stderr lacks {part}: {err}");
    }
}

#[test]
fn cli_infeasible_capacity_explains_with_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = catchment()
        .args(["locate", "--demand"])
        .arg(fixture("demand.csv"))
        .arg("--sites")
        .arg(fixture("sites.csv"))
        .args(["--p", "2", "--capacity", "50", "--out"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("total demand 155 exceeds the total capacity 100 of the 2 largest sites"),
        "{err}"
    );
}

#[test]
fn cli_pmedcap_convention_flags_reach_the_optimum() {
    // pmedcap01 as CSV tables: every node a customer and a candidate, floor distances, unweighted,
    // a median serves its own demand.
    let text = std::fs::read_to_string(bench_dir("pmedcap").join("pmedcap01.txt")).unwrap();
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let optimum: f64 = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let dims: Vec<String> = lines
        .next()
        .unwrap()
        .split_whitespace()
        .map(String::from)
        .collect();
    let (mut demand, mut sites) = (String::from("id,x,y,demand\n"), String::from("id,x,y\n"));
    for l in lines {
        let v: Vec<&str> = l.split_whitespace().collect();
        demand += &format!("{},{},{},{}\n", v[0], v[1], v[2], v[3]);
        sites += &format!("{},{},{}\n", v[0], v[1], v[2]);
    }
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("d.csv"), demand).unwrap();
    std::fs::write(tmp.path().join("s.csv"), sites).unwrap();
    let out = crate::cli::succeeds(
        catchment()
            .args(["locate", "--demand"])
            .arg(tmp.path().join("d.csv"))
            .arg("--sites")
            .arg(tmp.path().join("s.csv"))
            .args(["--p", &dims[1], "--capacity", &dims[2]])
            .args([
                "--metric",
                "euclidean-floor",
                "--unweighted",
                "--self-service",
                "--json",
                "--out",
            ])
            .arg(tmp.path().join("out")),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["objective"].as_f64().unwrap(), optimum);
    assert!(v["lower_bound"].as_f64().unwrap() <= optimum);
}
