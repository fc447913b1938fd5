//! A valid lower bound by Lagrangian relaxation of the assignment constraints (Σ_j x_ij = 1),
//! maximised by subgradient optimisation.
//!
//! With multipliers λ the problem splits by site: site j is worth ρ_j = f_j + min Σ_i (c_ij − λ_i) x_ij
//! over the points it may take — a 0/1 knapsack when capacitated (solved exactly by dynamic
//! programming for whole-number demands, else by its fractional relaxation, which only lowers the
//! bound), a plain sum when not. Then L(λ) = Σ λ_i + the best choice of sites: the p smallest ρ_j, or
//! without p every negative ρ_j plus enough capacity (fractionally) to cover total demand. Every
//! L(λ) is a lower bound on the optimum; the search keeps the best and the site sets it chose, which
//! seed the primal heuristic.

use super::Problem;

/// The best bound found and the site sets the relaxation liked best (most recent first).
#[derive(Debug, Clone)]
pub struct Bound {
    pub value: f64,
    pub sets: Vec<Vec<usize>>,
    pub iterations: usize,
}

/// Per-site subproblem result.
struct SiteValue {
    rho: f64,
    take: Vec<usize>,
}

/// 0/1 knapsack maximising profit; returns (profit, chosen item positions). Exact by DP for whole
/// weights and capacity up to `DP_LIMIT`, else the fractional (Dantzig) bound with its whole items.
fn knapsack(items: &[(f64, f64)], capacity: f64, whole: bool) -> (f64, Vec<usize>) {
    const DP_LIMIT: f64 = 200_000.0;
    let total_w: f64 = items.iter().map(|it| it.1).sum();
    if total_w <= capacity + 1e-9 {
        return (
            items.iter().map(|it| it.0).sum(),
            (0..items.len()).collect(),
        );
    }
    if whole && capacity <= DP_LIMIT && items.len() as f64 * capacity <= 5e7 {
        let cap = capacity.floor() as usize;
        let mut dp = vec![0.0f64; cap + 1];
        let mut keep = vec![false; items.len() * (cap + 1)];
        for (k, &(v, wt)) in items.iter().enumerate() {
            let wt = wt as usize;
            for c in (wt..=cap).rev() {
                let cand = dp[c - wt] + v;
                if cand > dp[c] {
                    dp[c] = cand;
                    keep[k * (cap + 1) + c] = true;
                }
            }
        }
        let mut chosen = Vec::new();
        let mut c = cap;
        for k in (0..items.len()).rev() {
            if keep[k * (cap + 1) + c] {
                chosen.push(k);
                c -= items[k].1 as usize;
            }
        }
        return (dp[cap], chosen);
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    let ratio = |k: usize| {
        if items[k].1 <= 0.0 {
            f64::INFINITY
        } else {
            items[k].0 / items[k].1
        }
    };
    order.sort_by(|&a, &b| ratio(b).total_cmp(&ratio(a)));
    let (mut left, mut profit, mut chosen) = (capacity, 0.0, Vec::new());
    for k in order {
        let (v, wt) = items[k];
        if wt <= left {
            left -= wt;
            profit += v;
            chosen.push(k);
        } else {
            profit += v * left / wt;
            break;
        }
    }
    (profit, chosen)
}

fn site_value(p: &Problem, w: &[f64], lam: &[f64], j: usize, whole: bool) -> SiteValue {
    let m = p.n_sites();
    let mut rho = p.fixed(j);
    let mut cap = p.cap(j);
    let mut take = Vec::new();
    let forced = p.self_point(j);
    if let Some(pt) = forced {
        rho += w[pt * m + j] - lam[pt];
        cap -= p.demand[pt];
        take.push(pt);
        if cap < -1e-9 {
            return SiteValue {
                rho: f64::INFINITY,
                take,
            };
        }
    }
    let mut idx = Vec::new();
    let mut items = Vec::new();
    for i in (0..p.n_demand()).filter(|&i| Some(i) != forced) {
        let v = lam[i] - w[i * m + j];
        if v > 0.0 {
            idx.push(i);
            items.push((v, p.demand[i]));
        }
    }
    let (profit, chosen) = if cap.is_finite() {
        knapsack(&items, cap.max(0.0), whole)
    } else {
        (
            items.iter().map(|it| it.0).sum(),
            (0..items.len()).collect(),
        )
    };
    take.extend(chosen.into_iter().map(|k| idx[k]));
    SiteValue {
        rho: rho - profit,
        take,
    }
}

/// Choose sites for the relaxed problem: (bound contribution, sites fully chosen).
fn choose_sites(p: &Problem, rho: &[f64]) -> (f64, Vec<usize>) {
    let m = rho.len();
    let forced: Vec<usize> = (0..m).filter(|&j| p.must_open(j)).collect();
    let mut order: Vec<usize> = (0..m)
        .filter(|&j| rho[j].is_finite() && !p.must_open(j))
        .collect();
    order.sort_by(|&a, &b| rho[a].total_cmp(&rho[b]).then(a.cmp(&b)));
    if let Some(count) = p.p {
        let mut chosen = forced;
        let extra = count - chosen.len();
        chosen.extend(order.into_iter().take(extra));
        return (chosen.iter().map(|&j| rho[j]).sum(), chosen);
    }
    let mut chosen = forced;
    chosen.extend(order.iter().copied().filter(|&j| rho[j] < 0.0));
    let mut value: f64 = chosen.iter().map(|&j| rho[j]).sum();
    if p.capacity.is_some() {
        let mut short = p.total_demand() - chosen.iter().map(|&j| p.cap(j)).sum::<f64>();
        let mut rest: Vec<usize> = order
            .into_iter()
            .filter(|&j| rho[j] >= 0.0 && p.cap(j) > 0.0)
            .collect();
        rest.sort_by(|&a, &b| (rho[a] / p.cap(a)).total_cmp(&(rho[b] / p.cap(b))));
        for j in rest {
            if short <= 1e-9 {
                break;
            }
            let share = (short / p.cap(j)).min(1.0);
            value += share * rho[j];
            short -= share * p.cap(j);
        }
    }
    (value, chosen)
}

/// Maximise the Lagrangian dual by subgradient steps. `upper` is the best known objective (it sets
/// the step length and stops the search once the bound meets it).
pub fn lagrangian_bound(p: &Problem, w: &[f64], upper: f64, max_iter: usize) -> Bound {
    let (n, m) = (p.n_demand(), p.n_sites());
    let whole = p.demand.iter().all(|d| d.fract() == 0.0);
    let integral = p.integral_costs();
    let mut lam: Vec<f64> = (0..n)
        .map(|i| {
            let mut row: Vec<f64> = w[i * m..(i + 1) * m].to_vec();
            row.sort_by(f64::total_cmp);
            row[1.min(m - 1)]
        })
        .collect();
    let mut best = Bound {
        value: f64::NEG_INFINITY,
        sets: Vec::new(),
        iterations: 0,
    };
    let (mut alpha, mut stale) = (2.0, 0);
    let mut g = vec![0.0; n];
    for it in 0..max_iter {
        best.iterations = it + 1;
        let values: Vec<SiteValue> = (0..m).map(|j| site_value(p, w, &lam, j, whole)).collect();
        let rho: Vec<f64> = values.iter().map(|v| v.rho).collect();
        let (site_part, chosen) = choose_sites(p, &rho);
        let value = lam.iter().sum::<f64>() + site_part;
        if value > best.value + 1e-9 {
            best.value = value;
            stale = 0;
            if !best.sets.contains(&chosen) {
                best.sets.insert(0, chosen.clone());
                best.sets.truncate(8);
            }
        } else {
            stale += 1;
            if stale >= 20 {
                alpha /= 2.0;
                stale = 0;
            }
        }
        let closes = |b: f64| {
            upper - b <= 1e-9 * upper.abs().max(1.0) || (integral && upper - b < 1.0 - 1e-7)
        };
        if closes(best.value) || alpha < 1e-4 {
            break;
        }
        g.iter_mut().for_each(|x| *x = 1.0);
        for &j in &chosen {
            for &i in &values[j].take {
                g[i] -= 1.0;
            }
        }
        let norm: f64 = g.iter().map(|x| x * x).sum();
        if norm == 0.0 {
            break; // the relaxed solution is feasible for the assignment constraints
        }
        let step = alpha * (upper - value).max(1e-9 * upper.abs().max(1.0)) / norm;
        for i in 0..n {
            lam[i] += step * g[i];
        }
    }
    if integral {
        best.value = (best.value - 1e-6).ceil();
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knapsack_dp_is_exact() {
        let items = [(6.0, 3.0), (5.0, 2.0), (4.0, 2.0)];
        let (v, mut chosen) = knapsack(&items, 4.0, true);
        chosen.sort();
        assert_eq!(v, 9.0);
        assert_eq!(chosen, vec![1, 2]);
    }

    #[test]
    fn fractional_knapsack_bounds_from_above() {
        let items = [(6.0, 3.0), (5.0, 2.0), (4.0, 2.0)];
        let (v, _) = knapsack(&items, 4.0, false);
        assert!(v >= 9.0);
    }
}
