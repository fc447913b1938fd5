//! Timing of the capacitated solver's stages on a large county (for the issue 15 figures).
//!
//! Usage: `cargo run --release --example zones_scale -- DIR [EFFORT]`

use catchment::io::{load_project, ProjectSource};
use catchment::model::Stage;
use catchment::zones::{
    capacitated, classes::Effort, pool_flow, transport, Method, Problem, ZoneOptions,
};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: zones_scale DIR [EFFORT]");
        return ExitCode::FAILURE;
    };
    let t = Instant::now();
    let project = match load_project(&ProjectSource::Dir(dir.into())) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("load {:.2} s", t.elapsed().as_secs_f64());
    let mut opts = ZoneOptions::new(Stage::Primary, Method::Capacitated);
    if let Some(e) = args.get(1).and_then(|a| Effort::parse(a)) {
        opts.effort = e;
    }
    let t = Instant::now();
    let problem = match Problem::build(&project, &opts) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "problem {:.2} s: {} groups, {} seats",
        t.elapsed().as_secs_f64(),
        problem.groups.len(),
        problem.seats.len()
    );
    let t = Instant::now();
    let lists = catchment::zones::nearest::candidates(&problem, opts.candidates);
    eprintln!("candidates {:.2} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let relax = transport::build(&problem, transport::Pools::BySeat, Some(&lists));
    let f = pool_flow::solve(&relax.net);
    eprintln!(
        "relaxation {:.2} s: {} m, {} paths",
        t.elapsed().as_secs_f64(),
        f.cost,
        f.paths
    );
    let t = Instant::now();
    let s = capacitated::search(&problem, &opts);
    let cost: i64 = s
        .allocs
        .iter()
        .map(|a| {
            a.count as i64
                * a.seat.map_or(catchment::zones::OVERFLOW_COST_M, |x| {
                    problem.cost(a.group as usize, x as usize)
                })
        })
        .sum();
    let lb = s.lower_bound.unwrap_or(0.0);
    println!(
        "search {:.2} s: objective {cost} m, bound {lb:.0} m, gap {:.3} %; {}",
        t.elapsed().as_secs_f64(),
        100.0 * (cost as f64 - lb) / cost as f64,
        s.algorithm
    );
    ExitCode::SUCCESS
}
