//! Figures of capacitated zoning on the reference counties (tests/data/zones_reference.json): for
//! each county, the objective at an effort, the bound it reports, the gap to the proven optimum and
//! the time. For the closing note of issue 15; the test `zones::reference_counties_*` checks the
//! same figures against their targets.
//!
//! Usage: `cargo run --release --example zones_reference_figures -- [EFFORT] [NAME ...]`

use catchment::io::{load_project, ProjectSource};
use catchment::model::Stage;
use catchment::sample::{generate, SampleSpec};
use catchment::zones::{self, classes::Effort, Method, ZoneOptions};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (effort, names) = match args.first().and_then(|a| Effort::parse(a)) {
        Some(e) => (e, &args[1..]),
        None => (Effort::Default, &args[..]),
    };
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/zones_reference.json"
    );
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let json: serde_json::Value = match serde_json::from_str(&text) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(counties) = json["counties"].as_array() else {
        eprintln!("error: {path}: no counties list");
        return ExitCode::FAILURE;
    };
    println!("county | pupils | schools | objective m | optimum m | above optimum | bound m | bound below optimum | reported gap | time s");
    for c in counties {
        let name = c["name"].as_str().unwrap_or("?");
        if !names.is_empty() && !names.iter().any(|n| n == name) {
            continue;
        }
        let (Some(students), Some(schools), Some(seed)) = (
            c["students"].as_u64(),
            c["schools"].as_u64(),
            c["seed"].as_u64(),
        ) else {
            eprintln!("error: {path}: county '{name}' lacks students, schools or seed");
            return ExitCode::FAILURE;
        };
        let spec = SampleSpec {
            students: Some(students as usize),
            schools: Some(schools as usize),
            seed,
            tight_rooms: true,
        };
        let source = ProjectSource::Embedded {
            name: name.to_string(),
            files: generate(&spec).files,
        };
        let project = match load_project(&source) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: county '{name}': {e}");
                return ExitCode::FAILURE;
            }
        };
        let mut opts = ZoneOptions::new(Stage::Primary, Method::Capacitated);
        opts.effort = effort;
        let z = match zones::zone(&project, &opts) {
            Ok(z) => z,
            Err(e) => {
                eprintln!("error: county '{name}': {e}");
                return ExitCode::FAILURE;
            }
        };
        let s = &z.summary;
        let lb = s.lower_bound.unwrap_or(0.0);
        let pct = |a: f64, b: f64| format!("{:.3} %", 100.0 * (a / b - 1.0));
        let (opt, above, below) = match c["optimum_m"].as_f64() {
            Some(o) => (
                format!("{o:.0}"),
                pct(s.objective, o),
                format!("{:.3} %", 100.0 * (1.0 - lb / o)),
            ),
            None => ("not proven".into(), "-".into(), "-".into()),
        };
        println!(
            "{name} | {} | {} | {:.0} | {opt} | {above} | {lb:.0} | {below} | {:.3} % | {:.2}",
            s.students_total,
            s.schools,
            s.objective,
            100.0 * s.gap.unwrap_or(1.0),
            s.runtime_s
        );
    }
    ExitCode::SUCCESS
}
