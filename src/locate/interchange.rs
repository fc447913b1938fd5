//! Uncapacitated p-median and facility location: greedy construction, then vertex substitution
//! (Teitz–Bart) with Whitaker's fast interchange evaluation, from several seeded starts.
//!
//! Every demand point goes to its nearest open site, so an open set fully determines a solution.
//! One pass prices every swap (and, without p, every add and drop) in O(n·m) using each point's
//! nearest and second-nearest open site, then applies the best improving move.

use super::{Problem, Solution};
use crate::rng::Rng;

const EPS: f64 = 1e-9;

/// Nearest and second-nearest open site of every demand point.
struct Near {
    c1: Vec<f64>,
    n1: Vec<usize>,
    c2: Vec<f64>,
}

fn nearest(w: &[f64], m: usize, open: &[bool]) -> Near {
    let n = w.len() / m;
    let mut near = Near {
        c1: vec![f64::INFINITY; n],
        n1: vec![usize::MAX; n],
        c2: vec![f64::INFINITY; n],
    };
    for i in 0..n {
        let row = &w[i * m..(i + 1) * m];
        for (j, &c) in row.iter().enumerate().filter(|&(j, _)| open[j]) {
            if c < near.c1[i] {
                near.c2[i] = near.c1[i];
                near.c1[i] = c;
                near.n1[i] = j;
            } else if c < near.c2[i] {
                near.c2[i] = c;
            }
        }
    }
    near
}

fn cost_of(problem: &Problem, near: &Near, open: &[bool]) -> f64 {
    let fixed: f64 = (0..open.len())
        .filter(|&j| open[j])
        .map(|j| problem.fixed(j))
        .sum();
    near.c1.iter().sum::<f64>() + fixed
}

#[derive(Clone, Copy)]
enum Move {
    Swap { out: usize, into: usize },
    Add(usize),
    Drop(usize),
}

/// Best improving move from `open`, if any, with its change in cost.
fn best_move(problem: &Problem, w: &[f64], open: &[bool], near: &Near) -> Option<(f64, Move)> {
    let m = open.len();
    let n = near.c1.len();
    let free = problem.p.is_none();
    let n_open = open.iter().filter(|&&o| o).count();
    let mut best: Option<(f64, Move)> = None;
    let mut consider = |delta: f64, mv: Move| {
        if delta < -EPS && best.is_none_or(|(d, _)| delta < d - EPS) {
            best = Some((delta, mv));
        }
    };
    let mut loss = vec![0.0; m];
    for k in (0..m).filter(|&k| !open[k]) {
        loss.iter_mut().for_each(|l| *l = 0.0);
        let mut gain = 0.0;
        for i in 0..n {
            let wik = w[i * m + k];
            if wik < near.c1[i] {
                gain += near.c1[i] - wik;
            }
            loss[near.n1[i]] += wik.min(near.c2[i]) - wik.min(near.c1[i]);
        }
        if free {
            consider(problem.fixed(k) - gain, Move::Add(k));
        }
        for r in (0..m).filter(|&r| open[r] && !problem.must_open(r)) {
            let delta = problem.fixed(k) - problem.fixed(r) - gain + loss[r];
            consider(delta, Move::Swap { out: r, into: k });
        }
    }
    if free && n_open > 1 {
        let mut drop = vec![0.0; m];
        for i in 0..n {
            drop[near.n1[i]] += near.c2[i] - near.c1[i];
        }
        for r in (0..m).filter(|&r| open[r] && !problem.must_open(r)) {
            consider(drop[r] - problem.fixed(r), Move::Drop(r));
        }
    }
    best
}

/// Improve `open` by best-improvement moves until none is left; return its cost.
fn descend(problem: &Problem, w: &[f64], open: &mut [bool]) -> f64 {
    loop {
        let near = nearest(w, open.len(), open);
        match best_move(problem, w, open, &near) {
            None => return cost_of(problem, &near, open),
            Some((_, Move::Swap { out, into })) => {
                open[out] = false;
                open[into] = true;
            }
            Some((_, Move::Add(k))) => open[k] = true,
            Some((_, Move::Drop(r))) => open[r] = false,
        }
    }
}

/// Greedy-add construction: p sites, or (without p) while adding still pays.
fn greedy(problem: &Problem, w: &[f64]) -> Vec<bool> {
    let m = problem.n_sites();
    let n = problem.n_demand();
    let mut open = vec![false; m];
    let mut c1 = vec![f64::INFINITY; n];
    for j in (0..m).filter(|&j| problem.must_open(j)) {
        open[j] = true;
        for i in 0..n {
            c1[i] = c1[i].min(w[i * m + j]);
        }
    }
    let fixed = problem.n_must_open();
    let target = problem.p.unwrap_or(m).saturating_sub(fixed);
    for step in 0..target {
        let mut best: Option<(f64, usize)> = None;
        for k in (0..m).filter(|&k| !open[k]) {
            let total: f64 =
                (0..n).map(|i| w[i * m + k].min(c1[i])).sum::<f64>() + problem.fixed(k);
            if best.is_none_or(|(b, _)| total < b - EPS) {
                best = Some((total, k));
            }
        }
        let Some((total, k)) = best else { break };
        let current: f64 = c1.iter().sum();
        if problem.p.is_none() && (step > 0 || fixed > 0) && total >= current - EPS {
            break;
        }
        open[k] = true;
        for i in 0..n {
            c1[i] = c1[i].min(w[i * m + k]);
        }
    }
    open
}

fn random_start(problem: &Problem, rng: &mut Rng) -> Vec<bool> {
    let m = problem.n_sites();
    let mut open: Vec<bool> = (0..m).map(|j| problem.must_open(j)).collect();
    let mut idx: Vec<usize> = (0..m).filter(|&j| !open[j]).collect();
    let free = idx.len();
    let fixed = m - free;
    let count = match problem.p {
        Some(p) => p - fixed,
        None => {
            let c = rng.below_rem(free + 1);
            if fixed == 0 {
                c.max(1)
            } else {
                c
            }
        }
    };
    for t in 0..count.min(free) {
        let s = t + rng.below_rem(free - t);
        idx.swap(t, s);
        open[idx[t]] = true;
    }
    open
}

/// Solve an uncapacitated instance: greedy + interchange, then `restarts` random restarts.
/// `w` is the weighted cost matrix ([`Problem::weighted_costs`]).
pub fn solve_uncapacitated(problem: &Problem, w: &[f64], restarts: usize, seed: u64) -> Solution {
    let mut rng = Rng::mixed(seed);
    let mut best_open = greedy(problem, w);
    let mut best = descend(problem, w, &mut best_open);
    for _ in 0..restarts {
        let mut open = random_start(problem, &mut rng);
        let cost = descend(problem, w, &mut open);
        if cost < best - EPS {
            best = cost;
            best_open = open;
        }
    }
    nearest_solution(problem, w, &best_open)
}

/// The solution that sends every point to its nearest open site (honouring self-service sites).
pub fn nearest_solution(problem: &Problem, w: &[f64], open: &[bool]) -> Solution {
    let m = open.len();
    let mut assignment = nearest(w, m, open).n1;
    for j in (0..m).filter(|&j| open[j]) {
        if let Some(pt) = problem.self_point(j) {
            assignment[pt] = j;
        }
    }
    let open_list: Vec<usize> = (0..m).filter(|&j| open[j]).collect();
    let objective = assignment
        .iter()
        .enumerate()
        .map(|(i, &j)| w[i * m + j])
        .sum::<f64>()
        + open_list.iter().map(|&j| problem.fixed(j)).sum::<f64>();
    Solution {
        open: open_list,
        assignment,
        objective,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::{Metric, Weighting};

    fn line(p: Option<usize>, fixed: Vec<f64>) -> Problem {
        // Points at 0, 1, 2 and 10, 11, 12 on a line; every point is also a site.
        let xs = [0.0, 1.0, 2.0, 10.0, 11.0, 12.0];
        let pts: Vec<[f64; 2]> = xs.iter().map(|&x| [x, 0.0]).collect();
        let ids: Vec<String> = (0..6).map(|k| k.to_string()).collect();
        let mut prob = Problem::new(
            ids.clone(),
            ids,
            vec![1.0; 6],
            Metric::Euclidean.matrix(&pts, &pts),
            Weighting::DemandWeighted,
            p,
        );
        prob.fixed_cost = fixed;
        prob
    }

    #[test]
    fn two_medians_on_two_clusters() {
        let prob = line(Some(2), Vec::new());
        let s = solve_uncapacitated(&prob, &prob.weighted_costs(), 0, 1);
        assert_eq!(s.open, vec![1, 4]);
        assert_eq!(s.objective, 4.0);
    }

    #[test]
    fn facility_location_weighs_fixed_costs() {
        // Opening costs 5 each: two sites (10 + 4) beat one (5 + 1+2+9+10+11+... far more).
        let prob = line(None, vec![5.0; 6]);
        let s = solve_uncapacitated(&prob, &prob.weighted_costs(), 2, 1);
        assert_eq!(s.open, vec![1, 4]);
        assert_eq!(s.objective, 14.0);
        // Very expensive sites: open just one.
        let prob = line(None, vec![1000.0; 6]);
        let s = solve_uncapacitated(&prob, &prob.weighted_costs(), 2, 1);
        assert_eq!(s.open.len(), 1);
    }
}
