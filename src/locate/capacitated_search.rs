//! Capacitated location with single-source assignment: iterated local search over the open set.
//!
//! A candidate open set is priced by [`Assign::fill`] + [`Assign::improve`] (regret assignment,
//! shift/swap search). Moves on the open set: re-centre a cluster on its best site, swap an open
//! site for one of the closed sites nearest its cluster, and without p also add and drop. Random
//! swaps kick the search out of local optima; the generator is seeded, so runs are reproducible.

use super::single_source::{Assign, NONE};
use super::Problem;
use crate::rng::Rng;

const EPS: f64 = 1e-9;

/// Effort knobs of the search.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// Perturbation rounds after the first local optimum.
    pub iterations: usize,
    /// How many closed sites near a cluster a swap may bring in.
    pub candidates: usize,
    pub seed: u64,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            iterations: 200,
            candidates: 12,
            seed: 1,
        }
    }
}

/// Price an open set: assign all points and improve. `None` if the heuristic finds no feasible
/// single-source assignment.
pub fn build(p: &Problem, w: &[f64], open: &[usize]) -> Option<Assign> {
    let mut a = Assign::empty(p);
    for &j in open {
        a.open_site(p, w, j);
    }
    if !a.fill(p, w) {
        return None;
    }
    a.improve(p, w);
    Some(a)
}

fn members(a: &Assign, j: usize) -> Vec<usize> {
    (0..a.site.len()).filter(|&i| a.site[i] == j).collect()
}

/// Closed sites ranked by the cost of serving site `r`'s cluster from them.
fn nearby_closed(p: &Problem, w: &[f64], a: &Assign, r: usize, limit: usize) -> Vec<usize> {
    let m = a.open.len();
    let cluster = members(a, r);
    let mut ranked: Vec<(f64, usize)> = (0..m)
        .filter(|&k| !a.open[k] && openable(p, k))
        .map(|k| (cluster.iter().map(|&i| w[i * m + k]).sum::<f64>(), k))
        .collect();
    ranked.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
    ranked.into_iter().take(limit).map(|(_, k)| k).collect()
}

/// A site whose own point does not fit in it can never open.
fn openable(p: &Problem, k: usize) -> bool {
    p.self_point(k)
        .is_none_or(|pt| p.demand[pt] <= p.cap(k) + EPS)
}

/// Swap open `r` for closed `k` and re-price; `None` if no feasible assignment was found.
/// Swaps whose regret assignment costs more than this share above the incumbent are not polished.
const SCREEN: f64 = 0.03;

fn swapped(p: &Problem, w: &[f64], a: &Assign, r: usize, k: usize) -> Option<Assign> {
    let mut t = a.clone();
    t.close_site(p, w, r);
    t.open_site(p, w, k);
    if !t.fill(p, w) || t.cost > a.cost * (1.0 + SCREEN) + EPS {
        return None;
    }
    t.improve(p, w);
    Some(t)
}

/// Move each cluster to the closed site that serves it most cheaply.
fn recenter(p: &Problem, w: &[f64], a: &mut Assign) -> bool {
    let m = a.open.len();
    for r in a.open_sites().into_iter().filter(|&r| !p.must_open(r)) {
        let cluster = members(a, r);
        let load = a.load[r];
        let current: f64 = cluster.iter().map(|&i| w[i * m + r]).sum::<f64>() + p.fixed(r);
        let mut best = (current - EPS, NONE);
        for k in (0..m).filter(|&k| !a.open[k] && p.cap(k) + EPS >= load) {
            if p.self_point(k).is_some_and(|pt| a.site[pt] != r) {
                continue;
            }
            let c = cluster.iter().map(|&i| w[i * m + k]).sum::<f64>() + p.fixed(k);
            if c < best.0 {
                best = (c, k);
            }
        }
        if best.1 != NONE {
            let k = best.1;
            let freed = a.close_site(p, w, r);
            a.open_site(p, w, k);
            for i in freed {
                if a.site[i] == NONE {
                    a.place(p, w, i, k);
                }
            }
            a.improve(p, w);
            return true;
        }
    }
    false
}

fn swap_move(p: &Problem, w: &[f64], a: &mut Assign, opts: &SearchOptions) -> bool {
    for r in a.open_sites().into_iter().filter(|&r| !p.must_open(r)) {
        for k in nearby_closed(p, w, a, r, opts.candidates) {
            if let Some(t) = swapped(p, w, a, r, k) {
                if t.cost < a.cost - EPS {
                    *a = t;
                    return true;
                }
            }
        }
    }
    false
}

fn add_drop_move(p: &Problem, w: &[f64], a: &mut Assign) -> bool {
    let m = a.open.len();
    for k in (0..m).filter(|&k| !a.open[k] && openable(p, k)) {
        let mut t = a.clone();
        t.open_site(p, w, k);
        t.improve(p, w);
        if t.cost < a.cost - EPS {
            *a = t;
            return true;
        }
    }
    if a.open.iter().filter(|&&o| o).count() > 1 {
        for r in a.open_sites().into_iter().filter(|&r| !p.must_open(r)) {
            let mut t = a.clone();
            t.close_site(p, w, r);
            if t.fill(p, w) {
                t.improve(p, w);
                if t.cost < a.cost - EPS {
                    *a = t;
                    return true;
                }
            }
        }
    }
    false
}

/// Apply improving moves until none is left.
pub fn local_opt(p: &Problem, w: &[f64], a: &mut Assign, opts: &SearchOptions) {
    loop {
        if recenter(p, w, a) || swap_move(p, w, a, opts) {
            continue;
        }
        if p.p.is_none() && add_drop_move(p, w, a) {
            continue;
        }
        break;
    }
}

/// Random kick: one or two swaps (and without p, possibly an add or a drop).
fn perturb(
    p: &Problem,
    w: &[f64],
    a: &Assign,
    rng: &mut Rng,
    opts: &SearchOptions,
) -> Option<Assign> {
    let mut t = a.clone();
    let strength = 1 + rng.below_rem(2);
    for _ in 0..strength {
        let open: Vec<usize> = t
            .open_sites()
            .into_iter()
            .filter(|&r| !p.must_open(r))
            .collect();
        if open.is_empty() {
            break;
        }
        let r = open[rng.below_rem(open.len())];
        let near = nearby_closed(p, w, &t, r, 2 * opts.candidates);
        let roll = rng.below_rem(4);
        if p.p.is_none() && roll == 0 && open.len() > 1 {
            t.close_site(p, w, r);
        } else if p.p.is_none() && roll == 1 && !near.is_empty() {
            t.open_site(p, w, near[rng.below_rem(near.len())]);
        } else if !near.is_empty() {
            let k = near[rng.below_rem(near.len())];
            t.close_site(p, w, r);
            t.open_site(p, w, k);
        }
    }
    if !t.fill(p, w) {
        return None;
    }
    t.improve(p, w);
    Some(t)
}

/// Iterated local search from the given open sets; the best complete assignment found.
pub fn search(
    p: &Problem,
    w: &[f64],
    starts: &[Vec<usize>],
    opts: &SearchOptions,
) -> Option<Assign> {
    let mut rng = Rng::mixed(opts.seed);
    let mut best: Option<Assign> = None;
    for open in starts {
        if let Some(mut a) = build(p, w, open) {
            local_opt(p, w, &mut a, opts);
            if best.as_ref().is_none_or(|b| a.cost < b.cost - EPS) {
                best = Some(a);
            }
        }
    }
    let mut best = best?;
    let mut current = best.clone();
    let mut stale = 0;
    for _ in 0..opts.iterations {
        let Some(mut t) = perturb(p, w, &current, &mut rng, opts) else {
            continue;
        };
        local_opt(p, w, &mut t, opts);
        if t.cost < best.cost - EPS {
            best = t.clone();
            stale = 0;
        } else {
            stale += 1;
        }
        if t.cost <= current.cost + EPS {
            current = t;
        } else if stale % 20 == 19 {
            current = best.clone();
        }
    }
    Some(best)
}
