//! Exact capacitated zoning for small instances: enumerate every maximal choice of class counts
//! k_g per school, solve each as a min-cost flow ([`super::transport`]) and keep the cheapest.
//!
//! Why this is exact: for given k the flow is optimal; more classes never hurt (they only add
//! capacity), so only maximal k (no grade can get another room, or it already has a class for every
//! student of that grade in the county) need be tried; and every k is covered by some maximal k.

use super::{transport, Problem, Solved};
use crate::capacity::classes_needed;

/// The maximal class-count vectors of each seat, or None when their product exceeds `limit`.
pub fn class_choices(problem: &Problem, limit: usize) -> Option<Vec<Vec<[u32; 12]>>> {
    let mut demand = [0u32; 12];
    for g in problem.groups.iter() {
        demand[g.grade.index()] += g.count;
    }
    let grades: Vec<usize> = problem
        .grades()
        .iter()
        .map(|g| g.index())
        .filter(|g| demand[*g] > 0)
        .collect();
    let mut all = Vec::with_capacity(problem.seats.len());
    let mut product = 1usize;
    for seat in &problem.seats {
        let need: Vec<u32> = grades
            .iter()
            .map(|g| {
                let cap = problem.caps[*g];
                classes_needed(demand[*g].min(seat.size_budget), cap)
            })
            .collect();
        let mut out = Vec::new();
        let mut k = [0u32; 12];
        maximal(&grades, &need, 0, seat.room_budget, &mut k, &mut out);
        product = product.saturating_mul(out.len().max(1));
        if product > limit {
            return None;
        }
        all.push(out);
    }
    Some(all)
}

fn maximal(
    grades: &[usize],
    need: &[u32],
    i: usize,
    left: u32,
    k: &mut [u32; 12],
    out: &mut Vec<[u32; 12]>,
) {
    if i == grades.len() {
        let saturated = grades.iter().zip(need).all(|(g, n)| k[*g] >= *n);
        if left == 0 || saturated {
            out.push(*k);
        }
        return;
    }
    for v in (0..=need[i].min(left)).rev() {
        k[grades[i]] = v;
        maximal(grades, need, i + 1, left - v, k, out);
    }
    k[grades[i]] = 0;
}

/// Solve exactly, or None when the instance is too large for enumeration.
pub fn solve(
    problem: &Problem,
    max_combinations: usize,
    max_edges: usize,
    max_work: usize,
) -> Option<Solved> {
    let edges = problem.groups.len() * problem.seats.len();
    if edges > max_edges {
        return None;
    }
    let choices = class_choices(problem, max_combinations)?;
    let combos: usize = choices.iter().map(|c| c.len().max(1)).product();
    if combos.saturating_mul(edges) > max_work {
        return None;
    }
    let mut index = vec![0usize; choices.len()];
    let mut classes: Vec<[u32; 12]> = vec![[0; 12]; choices.len()];
    let mut best: Option<(i64, Vec<super::Alloc>)> = None;
    loop {
        for (s, c) in choices.iter().enumerate() {
            classes[s] = c.get(index[s]).copied().unwrap_or([0; 12]);
        }
        let (allocs, cost) = transport::solve(problem, &classes, None);
        if best.as_ref().is_none_or(|b| cost < b.0) {
            best = Some((cost, allocs));
        }
        if !advance(&mut index, &choices) {
            break;
        }
    }
    let (cost, allocs) = best?;
    Some(Solved {
        allocs,
        lower_bound: Some(cost as f64),
        exact: true,
        objective: None,
        splits: Vec::new(),
        notes: Vec::new(),
        algorithm: "exact: all maximal class counts × min-cost flow".into(),
    })
}

fn advance(index: &mut [usize], choices: &[Vec<[u32; 12]>]) -> bool {
    for (i, c) in index.iter_mut().zip(choices) {
        *i += 1;
        if *i < c.len() {
            return true;
        }
        *i = 0;
    }
    false
}
