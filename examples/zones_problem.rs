//! Dump a project's capacitated zoning problem as JSON, for `scripts/zones_reference.py` (which
//! proves the optimum with an exact MIP solver). The problem is the one `catchment zones --method
//! capacitated` solves: demand groups, seats with their room and size budgets, class caps and the
//! integer costs in whole metres; and the tool's own plan (`start`: group, seat, pupils), which
//! the script gives the solver as its first incumbent.
//!
//! Usage: `cargo run --release --example zones_problem -- DIR LEVEL > problem.json`

use catchment::io::{load_project, ProjectSource};
use catchment::model::Stage;
use catchment::zones::{Method, Problem, ZoneOptions};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: zones_problem DIR LEVEL");
        return ExitCode::FAILURE;
    }
    let Some(stage) = Stage::parse(&args[2]) else {
        eprintln!(
            "error: level '{}': use primary, junior or kindergarten",
            args[2]
        );
        return ExitCode::FAILURE;
    };
    let project = match load_project(&ProjectSource::Dir(args[1].clone().into())) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let opts = ZoneOptions::new(stage, Method::Capacitated);
    let problem = match Problem::build(&project, &opts) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let groups: Vec<serde_json::Value> = (0..problem.groups.len())
        .map(|g| {
            let costs: Vec<i64> = (0..problem.seats.len())
                .map(|s| problem.cost(g, s))
                .collect();
            serde_json::json!({
                "grade": problem.groups[g].grade.index(),
                "count": problem.groups[g].count,
                "cost_m": costs,
            })
        })
        .collect();
    let seats: Vec<serde_json::Value> = problem
        .seats
        .iter()
        .map(|s| serde_json::json!({"id": s.id, "rooms": s.room_budget, "size": s.size_budget}))
        .collect();
    // The tool's own plan, as a starting incumbent for the MIP solver (it only speeds the proof).
    let solved = catchment::zones::capacitated::solve(&problem, &opts);
    let start: Vec<[u32; 3]> = solved
        .allocs
        .iter()
        .filter_map(|a| a.seat.map(|s| [a.group, s, a.count]))
        .collect();
    let out = serde_json::json!({
        "start": start,
        "caps": problem.caps,
        "overflow_cost_m": catchment::zones::OVERFLOW_COST_M,
        "seats": seats,
        "groups": groups,
    });
    println!("{out}");
    ExitCode::SUCCESS
}
