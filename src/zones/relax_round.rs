//! Capacitated zoning of very large counties (a million pupils): the relaxation rounded to whole
//! classes, and only the pupils the rounding left without a seat re-seated exactly.
//!
//! Why: the class-count search ([`super::classes`]) solves the full (school, grade) flow from
//! scratch, which on half a million demand groups takes minutes. The relaxation (one pool per
//! school, `max cap × rooms`, with the size headroom) solves in seconds, and rounding its loads up
//! to whole classes within each school's rooms ([`classes::round_loads`]) leaves most pupils where
//! they are. Here the pupils of each (school, grade) above its rounded capacity are taken out,
//! farthest first, and seated by an exact min-cost flow over the seats left: a small network. The
//! bound is the relaxation's ([`classes::relaxation_bound`]).

use super::classes;
use super::pool_flow::{self, Network, OVERFLOW};
use super::transport::{self, Pools};
use super::{Alloc, Problem, OVERFLOW_COST_M};

/// The result: allocations, their cost, the bound, and how many pupils were re-seated.
pub struct Rounded {
    pub allocs: Vec<Alloc>,
    pub cost: i64,
    pub lower_bound: f64,
    pub relaxation: i64,
    pub reseated: u64,
}

/// Solve with candidate lists `arcs` and farthest-candidate costs `far` (for the bound).
pub fn solve(problem: &Problem, arcs: &[Vec<u32>], far: &[i64]) -> Rounded {
    let relax = transport::build(problem, Pools::BySeat, Some(arcs));
    let relaxed = pool_flow::solve(&relax.net);
    let (bound, _, _) = classes::relaxation_bound(problem, &relax, &relaxed, Some(far));
    let need = classes::useful_classes(problem);
    let k = classes::round_loads(problem, &relax, &relaxed, &need);
    let mut net = transport::build(problem, Pools::ByGrade, Some(arcs));
    net.set_classes(problem, &k);
    // Every seated pupil by (school, grade) pool, farthest first within the pool.
    let mut by_pool: Vec<Vec<(i64, u32, u32)>> = vec![Vec::new(); net.net.pool_cap.len()];
    let mut pending = vec![0u32; problem.groups.len()];
    for (g, list) in relaxed.x.iter().enumerate() {
        let grade = problem.groups[g].grade.index();
        for &(p, n) in list {
            if p == OVERFLOW {
                pending[g] += n;
                continue;
            }
            let s = relax.seat(p as usize);
            by_pool[net.pool(s, grade)].push((problem.cost(g, s), g as u32, n));
        }
    }
    // Kept seats as (pool, group, pupils); the rest wait in `pending`.
    let mut kept: Vec<(usize, u32, u32)> = Vec::new();
    for (p, list) in by_pool.iter_mut().enumerate() {
        list.sort_unstable_by(|a, b| b.cmp(a));
        let mut excess = list.iter().map(|e| e.2 as i64).sum::<i64>() - net.net.pool_cap[p];
        for &(_, g, n) in list.iter() {
            let out = excess.clamp(0, n as i64) as u32;
            excess -= out as i64;
            pending[g as usize] += out;
            if n > out {
                kept.push((p, g, n - out));
            }
        }
    }
    let reseated_total: u64 = pending.iter().map(|n| *n as u64).sum();
    let mut allocs = Vec::new();
    for round in 0..RELEASE_ROUNDS + 1 {
        let (pool_cap, school_cap) = left_over(&net.net, &kept);
        let (rest, origin) = reseat(&net.net, &pending, pool_cap, school_cap);
        let short: Vec<usize> = (0..origin.len())
            .filter(|&i| rest.x[i].iter().any(|e| e.0 == OVERFLOW))
            .map(|i| origin[i] as usize)
            .collect();
        if short.is_empty() || round == RELEASE_ROUNDS {
            for (i, list) in rest.x.iter().enumerate() {
                for &(p, n) in list {
                    let seat = (p != OVERFLOW).then(|| net.seat(p as usize) as u32);
                    allocs.push(Alloc {
                        group: origin[i],
                        seat,
                        count: n,
                    });
                }
            }
            break;
        }
        release(&net.net, &short, &mut kept, &mut pending);
    }
    for &(p, g, n) in &kept {
        allocs.push(Alloc {
            group: g,
            seat: Some(net.seat(p) as u32),
            count: n,
        });
    }
    let mut kept = allocs;
    kept.sort();
    let allocs = transport::merge(kept);
    let cost = allocs
        .iter()
        .map(|a| {
            a.count as i64
                * a.seat.map_or(OVERFLOW_COST_M, |s| {
                    problem.cost(a.group as usize, s as usize)
                })
        })
        .sum::<i64>();
    Rounded {
        allocs,
        cost,
        lower_bound: bound.min(cost as f64),
        relaxation: relaxed.cost,
        reseated: reseated_total,
    }
}

/// Rounds in which pupils left without a seat get the pupils kept in their candidate pools back
/// into the re-seating flow (so it can move them on), before overflow is accepted.
const RELEASE_ROUNDS: usize = 3;

/// Pool and school capacities left after the kept seats.
fn left_over(net: &Network, kept: &[(usize, u32, u32)]) -> (Vec<i64>, Vec<i64>) {
    let mut pool_cap = net.pool_cap.clone();
    let mut school_cap = net.school_cap.clone();
    for &(p, _, n) in kept {
        pool_cap[p] -= n as i64;
        school_cap[net.pool_school[p] as usize] -= n as i64;
    }
    (pool_cap, school_cap)
}

/// Put the kept pupils of every candidate pool of the `short` groups back into `pending`.
fn release(net: &Network, short: &[usize], kept: &mut Vec<(usize, u32, u32)>, pending: &mut [u32]) {
    let mut freed = vec![false; net.pool_cap.len()];
    for &g in short {
        for &(p, _) in &net.arcs[net.offsets[g]..net.offsets[g + 1]] {
            freed[p as usize] = true;
        }
    }
    kept.retain(|&(p, g, n)| {
        if freed[p] {
            pending[g as usize] += n;
        }
        !freed[p]
    });
}

/// The exact flow for the pending pupils over the capacities left; returns it and the original
/// group index of each of its groups.
fn reseat(
    full: &Network,
    pending: &[u32],
    pool_cap: Vec<i64>,
    school_cap: Vec<i64>,
) -> (pool_flow::Flow, Vec<u32>) {
    let mut net = Network {
        counts: Vec::new(),
        offsets: vec![0],
        arcs: Vec::new(),
        pool_school: full.pool_school.clone(),
        pool_cap,
        school_cap,
        overflow_cost: full.overflow_cost,
    };
    let mut origin = Vec::new();
    for (g, &n) in pending.iter().enumerate() {
        if n == 0 {
            continue;
        }
        net.counts.push(n);
        net.arcs
            .extend_from_slice(&full.arcs[full.offsets[g]..full.offsets[g + 1]]);
        net.offsets.push(net.arcs.len());
        origin.push(g as u32);
    }
    (pool_flow::solve(&net), origin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::classes_needed;
    use crate::zones::transport::tests::{allocs_cost_m, random_problem};

    #[test]
    fn rounded_relaxation_seats_within_the_caps_and_above_its_bound() {
        for seed in 0..20 {
            let p = random_problem(seed, 60 + seed as usize, 4 + (seed % 4) as usize);
            let all: Vec<u32> = (0..p.seats.len() as u32).collect();
            let arcs = vec![all; p.groups.len()];
            let far: Vec<i64> = (0..p.groups.len())
                .map(|g| (0..p.seats.len()).map(|s| p.cost(g, s)).max().unwrap_or(0))
                .collect();
            let r = solve(&p, &arcs, &far);
            let mut placed = vec![0u32; p.groups.len()];
            let mut load = vec![[0u32; 12]; p.seats.len()];
            for a in &r.allocs {
                placed[a.group as usize] += a.count;
                if let Some(s) = a.seat {
                    load[s as usize][p.groups[a.group as usize].grade.index()] += a.count;
                }
            }
            for (g, group) in p.groups.iter().enumerate() {
                assert_eq!(placed[g], group.count, "seed {seed}: group {g} placed once");
            }
            for (s, seat) in p.seats.iter().enumerate() {
                let rooms: u32 = (0..12).map(|g| classes_needed(load[s][g], p.caps[g])).sum();
                assert!(rooms <= seat.room_budget, "seed {seed}: seat {s} rooms");
                assert!(
                    load[s].iter().sum::<u32>() <= seat.size_budget,
                    "seed {seed}: size"
                );
            }
            assert_eq!(r.cost, allocs_cost_m(&p, &r.allocs), "seed {seed}: cost");
            assert!(
                r.lower_bound <= r.cost as f64 && r.relaxation <= r.cost,
                "seed {seed}"
            );
        }
    }
}
