//! Capacitated zoning: minimise total home-to-school distance subject to the class caps, the rooms
//! and the size cap at every school.
//!
//! Small instances are solved exactly ([`super::exact`]). Real-sized ones: the class-count search
//! with the exact min-cost flow as its inner step and the relaxation's Lagrangian bound
//! ([`super::classes`]), over every seat when there are at most `all_seats_up_to` of them, over the
//! `candidates` nearest otherwise. The older price-and-repair heuristic ([`heuristic`]: Lagrangian
//! prices, [`super::lagrange`], repaired and improved, [`super::repair`]) remains for the sites
//! search, which solves many years quickly.

use super::classes;
use super::lagrange::{self, Candidates};
use super::repair::State;
use super::{exact, nearest, relax_round, Problem, Solved, ZoneOptions};

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
    if problem.groups.len() > opts.search_groups_up_to {
        return rounded(problem, opts.candidates);
    }
    search(problem, opts)
}

/// Very large counties: the relaxation rounded to whole classes, then the exact (school, grade)
/// flow for those class counts warm-started from it ([`super::relax_round`]), over the `k`
/// nearest schools.
pub fn rounded(problem: &Problem, k: usize) -> Solved {
    let lists = nearest::candidates(problem, k);
    let far: Vec<i64> = lists
        .iter()
        .enumerate()
        .map(|(g, c)| c.last().map_or(0, |s| problem.cost(g, *s as usize)))
        .collect();
    let n_candidates = lists.first().map_or(0, |c| c.len());
    let r = relax_round::solve(problem, lists, &far);
    Solved {
        allocs: r.allocs,
        lower_bound: Some(r.lower_bound),
        exact: false,
        objective: None,
        splits: Vec::new(),
        notes: Vec::new(),
        algorithm: format!(
            "relaxation over {}-nearest schools rounded to whole classes, exact (school, grade) min-cost flow warm-started from it ({} m), {} spare-room passes ({} warm paths); bound: relaxation duals (relaxation {} m)",
            n_candidates,
            r.first_cost,
            r.passes,
            r.warm_paths,
            r.relaxation
        ),
    }
}

/// The pre-search solver: exact on small instances, else the price-and-repair [`heuristic`]. For
/// callers that solve many similar problems quickly (the sites search, year by year) and keep the
/// better plan themselves.
pub fn solve_fast(problem: &Problem, opts: &ZoneOptions) -> Solved {
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

/// The class-count search (see [`classes`]), with candidate lists when there are many seats.
pub fn search(problem: &Problem, opts: &ZoneOptions) -> Solved {
    let restricted = problem.seats.len() > opts.all_seats_up_to;
    let lists = restricted.then(|| nearest::candidates(problem, opts.candidates));
    let far: Option<Vec<i64>> = lists.as_ref().map(|l| {
        l.iter()
            .enumerate()
            .map(|(g, c)| c.last().map_or(0, |s| problem.cost(g, *s as usize)))
            .collect()
    });
    let found = classes::search(problem, lists.as_deref(), far.as_deref(), opts.effort);
    let arcs = match &lists {
        Some(l) => format!("{}-nearest schools", l.first().map_or(0, |c| c.len())),
        None => "every school".to_string(),
    };
    Solved {
        allocs: found.allocs,
        lower_bound: Some(found.lower_bound),
        exact: false,
        objective: None,
        splits: Vec::new(),
        notes: Vec::new(),
        algorithm: format!(
            "class-count search ({} effort: {} exact min-cost flows over {arcs}, {} class moves kept); bound: relaxation duals (relaxation {} m)",
            opts.effort.as_str(),
            found.flows,
            found.moves,
            found.relaxation
        ),
    }
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
        splits: Vec::new(),
        notes: Vec::new(),
        algorithm: format!(
            "heuristic: {}-nearest candidates, Lagrangian prices ({iterations} steps), repair + improvement",
            cands.k
        ),
    }
}
