//! The exact mixed-integer model (good_lp + microlp), for small instances and for checking the
//! heuristics; with `relax` it is the LP relaxation, a valid lower bound.
//!
//! min Σ c_ij x_ij + Σ f_j y_j  s.t.  Σ_j x_ij = 1,  x_ij ≤ y_j,  Σ_i q_i x_ij ≤ Q_j y_j,
//! Σ_j y_j = p (when p is given),  x_{s(j), j} = y_j for self-service sites, x, y binary.

use good_lp::{
    microlp, variable, Expression, ProblemVariables, Solution as _, SolverModel, Variable,
    WithTimeLimit,
};

use super::{LocateError, Problem, Solution};

/// Largest number of assignment variables the exact model accepts.
pub const EXACT_VAR_LIMIT: usize = 20_000;

/// Result of the exact model: the optimal solution, or the LP optimum when relaxed.
#[derive(Debug, Clone)]
pub struct ExactResult {
    /// The integer solution (absent when relaxed).
    pub solution: Option<Solution>,
    /// The model's optimal objective (for the relaxation, a lower bound).
    pub objective: f64,
}

/// Solve the model exactly (or its LP relaxation). `time_limit_s` bounds microlp's search.
pub fn solve_exact(
    p: &Problem,
    w: &[f64],
    relax: bool,
    time_limit_s: Option<f64>,
) -> Result<ExactResult, LocateError> {
    p.check()?;
    let (n, m) = (p.n_demand(), p.n_sites());
    if n * m > EXACT_VAR_LIMIT {
        return Err(LocateError::TooLargeForExact {
            vars: n * m,
            limit: EXACT_VAR_LIMIT,
        });
    }
    let mut vars = ProblemVariables::new();
    let def = || {
        if relax {
            variable().min(0.0).max(1.0)
        } else {
            variable().binary()
        }
    };
    let y: Vec<Variable> = (0..m).map(|_| vars.add(def())).collect();
    // Uncapacitated: x may stay continuous, as integral y makes nearest assignment optimal.
    let x_def = || {
        if relax || p.capacity.is_none() {
            variable().min(0.0).max(1.0)
        } else {
            variable().binary()
        }
    };
    let x: Vec<Variable> = (0..n * m).map(|_| vars.add(x_def())).collect();
    let mut objective = Expression::from(0.0);
    for k in 0..n * m {
        objective += w[k] * x[k];
    }
    for (j, &yj) in y.iter().enumerate() {
        objective += p.fixed(j) * yj;
    }
    let mut model = vars.minimise(objective.clone()).using(microlp);
    if let Some(limit) = time_limit_s {
        model = model.with_time_limit(limit);
    }
    for i in 0..n {
        let row: Expression = (0..m).map(|j| x[i * m + j]).sum();
        model.add_constraint(row.eq(1.0));
        for j in 0..m {
            model.add_constraint(Expression::from(x[i * m + j]).leq(y[j]));
        }
    }
    if p.capacity.is_some() {
        for j in 0..m {
            let load: Expression = (0..n).map(|i| p.demand[i] * x[i * m + j]).sum();
            model.add_constraint(load.leq(p.cap(j) * y[j]));
        }
    }
    if let Some(count) = p.p {
        let total: Expression = y.iter().copied().sum();
        model.add_constraint(total.eq(count as f64));
    }
    for j in (0..m).filter(|&j| p.must_open(j)) {
        model.add_constraint(Expression::from(y[j]).eq(1.0));
    }
    for j in 0..m {
        if let Some(pt) = p.self_point(j) {
            model.add_constraint(Expression::from(x[pt * m + j]).eq(y[j]));
        }
    }
    let sol = model.solve().map_err(LocateError::ExactSolver)?;
    let value = sol.eval(&objective);
    if relax {
        return Ok(ExactResult {
            solution: None,
            objective: value,
        });
    }
    let open: Vec<usize> = (0..m).filter(|&j| sol.value(y[j]) > 0.5).collect();
    let assignment: Vec<usize> = (0..n)
        .map(|i| {
            (0..m)
                .max_by(|&a, &b| sol.value(x[i * m + a]).total_cmp(&sol.value(x[i * m + b])))
                .unwrap_or(0)
        })
        .collect();
    let objective =
        super::evaluate(p, &open, &assignment).map_err(|violation| LocateError::BrokenAnswer {
            solver: "exact solver",
            violation,
        })?;
    Ok(ExactResult {
        solution: Some(Solution {
            open,
            assignment,
            objective,
        }),
        objective: value,
    })
}
