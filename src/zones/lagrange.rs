//! Lagrangian prices for large capacitated instances: a lower bound, and prices that steer the
//! heuristic assignment.
//!
//! Relax the class counts to their LP relaxation: at school s, Σ_g x_sg / cap_g ≤ rooms_s (each
//! room holds at most cap_g students of grade g) and Σ_g x_sg ≤ size_s. Price both with ρ_s, τ_s ≥ 0
//! and each group independently picks the school minimising distance + ρ_s/cap_g + τ_s (or
//! overflow). For any prices, L(ρ, τ) = Σ_i n_i · min_s(...) − Σ_s (ρ_s rooms_s + τ_s size_s) is a
//! lower bound on the true optimum. Schools outside a group's candidate list are at least as far as
//! its farthest candidate and prices are ≥ 0, so bounding their term by that distance keeps L valid.
//! Prices are improved by projected subgradient steps (Polyak step against the best known solution).

use super::{Problem, OVERFLOW_COST_M};
use rayon::prelude::*;

/// Candidate lists with their integer costs, flattened.
pub struct Candidates {
    pub k: usize,
    /// `seats[g * k + j]`: the j-th nearest seat of group g.
    pub seats: Vec<u32>,
    /// Cost in whole metres of the same pair.
    pub costs: Vec<i64>,
    /// Whether the lists hold every seat (then no bound term for others is needed).
    pub complete: bool,
}

impl Candidates {
    /// Build from the nearest-seat lists (all of length k).
    pub fn new(problem: &Problem, lists: &[Vec<u32>]) -> Candidates {
        let k = lists.first().map_or(1, |l| l.len()).max(1);
        let mut seats = Vec::with_capacity(lists.len() * k);
        let mut costs = Vec::with_capacity(lists.len() * k);
        for (g, l) in lists.iter().enumerate() {
            for j in 0..k {
                let s = l[j.min(l.len() - 1)];
                seats.push(s);
                costs.push(problem.cost(g, s as usize));
            }
        }
        Candidates {
            k,
            seats,
            costs,
            complete: k >= problem.seats.len(),
        }
    }

    /// (seat, cost) pairs of group g, nearest first.
    pub fn of(&self, g: usize) -> impl Iterator<Item = (usize, i64)> + '_ {
        let r = g * self.k..(g + 1) * self.k;
        self.seats[r.clone()]
            .iter()
            .zip(&self.costs[r])
            .map(|(s, c)| (*s as usize, *c))
    }
}

/// Prices found and the best bound.
pub struct Prices {
    /// Per seat: price per room (ρ) and per student (τ), in metres.
    pub rho: Vec<f64>,
    pub tau: Vec<f64>,
    pub lower_bound: f64,
}

/// Best priced choice of group g: Some(seat) or None for overflow, with its priced cost.
pub fn choose(
    problem: &Problem,
    cands: &Candidates,
    rho: &[f64],
    tau: &[f64],
    g: usize,
) -> (Option<usize>, f64) {
    let cap = problem.caps[problem.groups[g].grade.index()] as f64;
    let mut best = (None, OVERFLOW_COST_M as f64);
    for (s, c) in cands.of(g) {
        let v = c as f64 + rho[s] / cap + tau[s];
        if v < best.1 {
            best = (Some(s), v);
        }
    }
    best
}

/// Run `iterations` subgradient steps; `upper` is the objective of a known feasible solution.
pub fn prices(problem: &Problem, cands: &Candidates, iterations: usize, upper: f64) -> Prices {
    let n = problem.seats.len();
    let (mut rho, mut tau) = (vec![0.0; n], vec![0.0; n]);
    let mut best = Prices {
        rho: rho.clone(),
        tau: tau.clone(),
        lower_bound: f64::NEG_INFINITY,
    };
    let mut theta = 1.0;
    let mut stall = 0;
    for _ in 0..iterations {
        let (value, rooms_used, students) = evaluate(problem, cands, &rho, &tau);
        let mut l = value;
        for (s, seat) in problem.seats.iter().enumerate() {
            l -= rho[s] * seat.room_budget as f64 + tau[s] * seat.size_budget as f64;
        }
        if l > best.lower_bound + 1e-9 {
            best = Prices {
                rho: rho.clone(),
                tau: tau.clone(),
                lower_bound: l,
            };
            stall = 0;
        } else {
            stall += 1;
            if stall >= 4 {
                theta *= 0.5;
                stall = 0;
            }
        }
        let grad_r: Vec<f64> = (0..n)
            .map(|s| rooms_used[s] - problem.seats[s].room_budget as f64)
            .collect();
        let grad_t: Vec<f64> = (0..n)
            .map(|s| students[s] - problem.seats[s].size_budget as f64)
            .collect();
        // Projected norm: components that would push a zero price negative do not count.
        let norm: f64 = (0..n)
            .map(|s| {
                let r = if rho[s] > 0.0 || grad_r[s] > 0.0 {
                    grad_r[s]
                } else {
                    0.0
                };
                let t = if tau[s] > 0.0 || grad_t[s] > 0.0 {
                    grad_t[s]
                } else {
                    0.0
                };
                r * r + t * t
            })
            .sum();
        if norm < 1e-12 || upper - l < 1e-6 {
            break;
        }
        let step = theta * (upper - l).max(1.0) / norm;
        for s in 0..n {
            rho[s] = (rho[s] + step * grad_r[s]).max(0.0);
            tau[s] = (tau[s] + step * grad_t[s]).max(0.0);
        }
    }
    best
}

/// Σ_i n_i·min(...) and the fractional room use and students per seat of the priced choice.
fn evaluate(
    problem: &Problem,
    cands: &Candidates,
    rho: &[f64],
    tau: &[f64],
) -> (f64, Vec<f64>, Vec<f64>) {
    let n = problem.seats.len();
    let chunk = 4096;
    let parts: Vec<(f64, Vec<f64>, Vec<f64>)> = (0..problem.groups.len())
        .collect::<Vec<_>>()
        .par_chunks(chunk)
        .map(|gs| {
            let (mut v, mut rooms, mut students) = (0.0, vec![0.0; n], vec![0.0; n]);
            for &g in gs {
                let group = &problem.groups[g];
                let count = group.count as f64;
                let (seat, mut best) = choose(problem, cands, rho, tau, g);
                if !cands.complete {
                    let far = cands.costs[(g + 1) * cands.k - 1] as f64;
                    best = best.min(far);
                }
                v += count * best;
                if let Some(s) = seat {
                    rooms[s] += count / problem.caps[group.grade.index()] as f64;
                    students[s] += count;
                }
            }
            (v, rooms, students)
        })
        .collect();
    let (mut v, mut rooms, mut students) = (0.0, vec![0.0; n], vec![0.0; n]);
    for (pv, pr, ps) in parts {
        v += pv;
        for s in 0..n {
            rooms[s] += pr[s];
            students[s] += ps[s];
        }
    }
    (v, rooms, students)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zones::transport::tests::{allocs_cost_m, random_problem};
    use crate::zones::{exact, nearest};

    #[test]
    fn with_zero_prices_each_group_picks_its_nearest_seat() {
        let p = random_problem(3, 30, 5);
        let lists = nearest::candidates(&p, 5);
        let cands = Candidates::new(&p, &lists);
        let zero = vec![0.0; p.seats.len()];
        for (g, list) in lists.iter().enumerate() {
            let (s, v) = choose(&p, &cands, &zero, &zero, g);
            assert_eq!(s, Some(list[0] as usize));
            assert_eq!(v, p.cost(g, list[0] as usize) as f64);
        }
    }

    #[test]
    fn the_lagrangian_bound_is_below_the_exact_optimum() {
        let mut checked = 0;
        for seed in 0..25 {
            let p = random_problem(seed, 12, 3);
            let Some(opt) = exact::solve(&p, 1 << 20, 1 << 20, 1 << 26) else {
                continue;
            };
            let opt = allocs_cost_m(&p, &opt.allocs) as f64;
            let lists = nearest::candidates(&p, 2);
            let cands = Candidates::new(&p, &lists);
            let b = prices(&p, &cands, 60, opt);
            assert!(
                b.lower_bound <= opt + 1e-6,
                "seed {seed}: bound {} above {opt}",
                b.lower_bound
            );
            checked += 1;
        }
        assert!(checked >= 10);
    }
}
