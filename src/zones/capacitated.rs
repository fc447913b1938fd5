//! Capacitated zoning: minimise total home-to-school distance subject to the class caps, the rooms
//! and the size cap at every school.
//!
//! Small instances are solved exactly ([`super::exact`]). Larger ones: candidate lists of the
//! nearest schools; a feasible start (nearest school, repaired); Lagrangian prices with a lower
//! bound ([`super::lagrange`]); the priced assignment repaired and improved ([`super::repair`]);
//! the better of the two solutions is kept and the gap to the bound reported.

use super::lagrange::{self, Candidates};
use super::repair::State;
use super::{exact, nearest, Problem, Solved, ZoneOptions};

/// Solve the capacitated problem.
pub fn solve(problem: &Problem, opts: &ZoneOptions) -> Solved {
    if let Some(s) = exact::solve(
        problem,
        opts.exact_combinations,
        opts.exact_edges,
        opts.exact_work,
    ) {
        return s;
    }
    heuristic(problem, opts.candidates, opts.iterations)
}

/// The large-instance heuristic with its Lagrangian bound.
pub fn heuristic(problem: &Problem, k: usize, iterations: usize) -> Solved {
    let lists = nearest::candidates(problem, k);
    let cands = Candidates::new(problem, &lists);
    let nearest_choice: Vec<Option<usize>> = lists.iter().map(|l| Some(l[0] as usize)).collect();
    let mut start = State::new(problem, &nearest_choice);
    start.make_feasible(&cands);
    start.improve(&cands, 3);
    let upper = start.objective() as f64;
    let prices = lagrange::prices(problem, &cands, iterations, upper);
    let priced: Vec<Option<usize>> = (0..problem.groups.len())
        .map(|g| lagrange::choose(problem, &cands, &prices.rho, &prices.tau, g).0)
        .collect();
    let mut alt = State::new(problem, &priced);
    alt.make_feasible(&cands);
    alt.improve(&cands, 3);
    let best = if alt.objective() < start.objective() {
        alt
    } else {
        start
    };
    let lb = prices.lower_bound.max(0.0).min(best.objective() as f64);
    Solved {
        allocs: best.allocs(),
        lower_bound: Some(lb),
        exact: false,
        objective: None,
        algorithm: format!(
            "heuristic: {}-nearest candidates, Lagrangian prices ({iterations} steps), repair + improvement",
            cands.k
        ),
    }
}
