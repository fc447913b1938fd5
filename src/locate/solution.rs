//! An answer to a location problem, its independent checker, and the solver's report.

use super::Problem;

/// Open sites and the site serving each demand point.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Indices of open sites, ascending.
    pub open: Vec<usize>,
    /// For each demand point, the index of the site that serves it.
    pub assignment: Vec<usize>,
    /// Assignment cost plus the fixed cost of the open sites.
    pub objective: f64,
}

/// What the solver found and how good it provably is.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub solution: Solution,
    /// A valid lower bound on the optimal objective.
    pub lower_bound: f64,
    /// Relative gap `(objective − lower_bound) / objective` (0 when both are 0).
    pub gap: f64,
    /// Which algorithm produced the solution.
    pub method: &'static str,
    /// Which relaxation produced the bound.
    pub bound_method: &'static str,
}

/// Relative gap between an objective and a lower bound.
pub fn relative_gap(objective: f64, lower_bound: f64) -> f64 {
    if objective <= 0.0 {
        0.0
    } else {
        ((objective - lower_bound) / objective).max(0.0)
    }
}

/// A way a proposed solution breaks the problem's rules.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Violation {
    #[error("{open} sites open, p = {p}")]
    WrongCount { open: usize, p: usize },
    #[error("assignment has {got} entries for {expected} demand points")]
    Length { got: usize, expected: usize },
    #[error("demand point {point} is assigned to site {site}, which is not open")]
    ClosedSite { point: usize, site: usize },
    #[error("site {site} carries {load}, capacity {capacity}")]
    OverCapacity {
        site: usize,
        load: f64,
        capacity: f64,
    },
    #[error("open site {site} does not serve its own point {point}")]
    SelfService { site: usize, point: usize },
    #[error("site {site} must stay open but is closed")]
    MustOpen { site: usize },
    #[error("site index {site} out of range")]
    BadSite { site: usize },
}

/// Check a solution against every rule and return its objective. Independent of the solvers.
pub fn evaluate(problem: &Problem, open: &[usize], assignment: &[usize]) -> Result<f64, Violation> {
    let m = problem.n_sites();
    if assignment.len() != problem.n_demand() {
        return Err(Violation::Length {
            got: assignment.len(),
            expected: problem.n_demand(),
        });
    }
    let mut is_open = vec![false; m];
    for &j in open {
        if j >= m {
            return Err(Violation::BadSite { site: j });
        }
        is_open[j] = true;
    }
    if let Some(site) = (0..m).find(|&j| problem.must_open(j) && !is_open[j]) {
        return Err(Violation::MustOpen { site });
    }
    let n_open = is_open.iter().filter(|&&o| o).count();
    if let Some(p) = problem.p {
        if n_open != p {
            return Err(Violation::WrongCount { open: n_open, p });
        }
    }
    let mut load = vec![0.0; m];
    let mut total = 0.0;
    for (i, &j) in assignment.iter().enumerate() {
        if j >= m {
            return Err(Violation::BadSite { site: j });
        }
        if !is_open[j] {
            return Err(Violation::ClosedSite { point: i, site: j });
        }
        load[j] += problem.demand[i];
        total += problem.assign_cost(i, j);
    }
    for j in (0..m).filter(|&j| is_open[j]) {
        if load[j] > problem.cap(j) + 1e-9 {
            return Err(Violation::OverCapacity {
                site: j,
                load: load[j],
                capacity: problem.cap(j),
            });
        }
        if let Some(point) = problem.self_point(j) {
            if assignment[point] != j {
                return Err(Violation::SelfService { site: j, point });
            }
        }
        total += problem.fixed(j);
    }
    Ok(total)
}
