//! The driver: pick the heuristic for the problem kind, bound it, and report the gap.

use super::capacitated_search::{search, SearchOptions};
use super::interchange::solve_uncapacitated;
use super::lagrangian::lagrangian_bound;
use super::single_source::Assign;
use super::solution::relative_gap;
use super::{evaluate, LocateError, Outcome, Problem, Solution};

/// Effort knobs. The defaults solve pmedcap-sized instances (100 points, p = 10) in well under a
/// second in a release build.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Random restarts of the uncapacitated interchange.
    pub restarts: usize,
    /// Capacitated search effort.
    pub search: SearchOptions,
    /// Most subgradient steps for the lower bound.
    pub bound_iterations: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            restarts: 8,
            search: SearchOptions::default(),
            bound_iterations: 600,
        }
    }
}

/// Solve `p` heuristically and bound it from below.
pub fn solve(p: &Problem, opts: &Options) -> Result<Outcome, LocateError> {
    p.check()?;
    let w = p.weighted_costs();
    if p.capacity.is_none() {
        let solution = solve_uncapacitated(p, &w, opts.restarts, opts.search.seed);
        return Ok(finish(p, &w, solution, "greedy + fast interchange", opts));
    }
    let starts = capacitated_starts(p, &w);
    let found =
        search(p, &w, &starts, &opts.search).ok_or_else(|| no_assignment(p, starts.len()))?;
    let solution = to_solution(p, &found)?;
    Ok(finish(
        p,
        &w,
        solution,
        "regret assignment + iterated swap search",
        opts,
    ))
}

fn finish(
    p: &Problem,
    w: &[f64],
    mut solution: Solution,
    method: &'static str,
    opts: &Options,
) -> Outcome {
    let mut bound = lagrangian_bound(p, w, solution.objective, opts.bound_iterations);
    if p.capacity.is_some() && bound.value < solution.objective && !bound.sets.is_empty() {
        // Second phase: restart the search from the site sets the relaxation chose.
        let mut again = opts.search;
        again.iterations = opts.search.iterations / 2;
        again.seed = opts.search.seed.wrapping_add(1);
        if let Some(a) = search(p, w, &bound.sets, &again) {
            if let Ok(s) = to_solution(p, &a) {
                if s.objective < solution.objective - 1e-9 {
                    solution = s;
                }
            }
        }
    }
    bound.value = bound.value.min(solution.objective);
    Outcome {
        gap: relative_gap(solution.objective, bound.value),
        lower_bound: bound.value,
        solution,
        method,
        bound_method: "Lagrangian relaxation (subgradient)",
    }
}

fn capacitated_starts(p: &Problem, w: &[f64]) -> Vec<Vec<usize>> {
    let mut relaxed = p.clone();
    relaxed.capacity = None;
    let mut starts = vec![solve_uncapacitated(&relaxed, w, 0, 0).open];
    if p.p.is_none() {
        starts.push((0..p.n_sites()).collect());
    }
    starts
}

fn to_solution(p: &Problem, a: &Assign) -> Result<Solution, LocateError> {
    let open = a.open_sites();
    let objective = evaluate(p, &open, &a.site).map_err(|violation| LocateError::BrokenAnswer {
        solver: "heuristic",
        violation,
    })?;
    Ok(Solution {
        open,
        assignment: a.site.clone(),
        objective,
    })
}

fn no_assignment(p: &Problem, tries: usize) -> LocateError {
    let cap: f64 = match p.p {
        Some(k) => {
            let mut c: Vec<f64> = (0..p.n_sites()).map(|j| p.cap(j)).collect();
            c.sort_by(|a, b| b.total_cmp(a));
            c[..k].iter().sum()
        }
        None => (0..p.n_sites()).map(|j| p.cap(j)).sum(),
    };
    LocateError::NoFeasibleAssignment {
        tries,
        load_share: 100.0 * p.total_demand() / cap.max(f64::MIN_POSITIVE),
    }
}
