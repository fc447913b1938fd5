//! Capacitated zoning of very large counties (a million pupils): the relaxation rounded to whole
//! classes, then the exact (school, grade) flow for those classes, warm-started from the
//! relaxation, and spare rooms given where that flow's duals show seats are worth most.
//!
//! Why: the class-count search ([`super::classes`]) shares this start but then moves one class at a
//! time and bounds with subgradient steps over every group, which on half a million demand groups
//! costs more than it gains. The relaxation (one pool per school,
//! `max cap × rooms`, with the size headroom) solves in seconds, and rounding its loads to whole
//! classes within each school's rooms ([`classes::round_loads`]) leaves most pupils where they
//! are (the relaxation itself is warm-started from the nearest schools): its flow and potentials are a start that [`warm_flow::solve_from`] turns into the exact
//! optimum for the rounded classes with a few paths per pupil the rounding displaced. Then, while
//! it pays and within [`EXTRA_PASSES`]: every school keeps the classes its pupils need
//! (⌈load / cap⌉ per grade, so the current plan stays feasible and the distance cannot grow) and
//! gives its other rooms to the grades whose seats the flow prices highest; each pass is one more
//! warm solve. The bound is the relaxation's ([`classes::relaxation_bound`]).

use super::classes;
use super::pool_flow::Flow;
use super::transport::{self, Built, Pools};
use super::warm_flow;
use super::{Alloc, Problem};

/// The result: allocations, their cost, the bound, and the work done.
pub struct Rounded {
    pub allocs: Vec<Alloc>,
    pub cost: i64,
    pub lower_bound: f64,
    pub relaxation: i64,
    /// The exact flow's cost on the first rounding, before the room passes.
    pub first_cost: i64,
    /// Room passes that lowered the cost.
    pub passes: usize,
    /// Augmenting paths of the warm solves (the work after the relaxation).
    pub warm_paths: u64,
}

/// Room passes after the first exact flow, at most.
pub const EXTRA_PASSES: usize = 4;

/// Solve with candidate lists `arcs` and farthest-candidate costs `far` (for the bound). The lists
/// are dropped once the network holds them (at a million pupils they are ~100 MB).
pub fn solve(problem: &Problem, arcs: Vec<Vec<u32>>, far: &[i64]) -> Rounded {
    let relax = transport::build(problem, Pools::BySeat, Some(&arcs));
    drop(arcs);
    let relaxed = transport::relax_from_nearest(&relax);
    let (bound, _, _) = classes::relaxation_bound(problem, &relax, &relaxed, Some(far));
    let need = classes::useful_classes(problem);
    let mut k = classes::round_loads(problem, &relax, &relaxed, &need);
    let mut net = transport::regrade(problem, relax);
    net.set_classes(problem, &k);
    let relaxation = relaxed.cost;
    let (x, phi) = transport::by_grade(problem, &net, relaxed);
    let mut flow = warm_flow::solve_from(&net.net, &x, phi);
    drop(x);
    let first_cost = flow.cost;
    let mut warm_paths = flow.paths;
    let mut passes = 0;
    for _ in 0..EXTRA_PASSES {
        let trial = spare_rooms(problem, &net, &flow, &need);
        if !pays(&net, &flow, &k, &trial) {
            break;
        }
        net.set_classes(problem, &trial);
        let next = warm_flow::solve_from(&net.net, &flow.x, flow.potential.clone());
        warm_paths += next.paths;
        if next.cost >= flow.cost {
            net.set_classes(problem, &k);
            break;
        }
        k = trial;
        flow = next;
        passes += 1;
    }
    let allocs = net.allocs(&flow);
    Rounded {
        allocs,
        cost: flow.cost,
        lower_bound: bound.min(flow.cost as f64),
        relaxation,
        first_cost,
        passes,
        warm_paths,
    }
}

/// Whether the class counts `trial` can lower the cost of `flow` (optimal for `k`): only when a
/// pool whose seats the flow prices above zero gains capacity (`trial` keeps every pool's load,
/// so otherwise the flow stays optimal).
fn pays(net: &Built, flow: &Flow, k: &[[u32; 12]], trial: &[[u32; 12]]) -> bool {
    k.iter().zip(trial).enumerate().any(|(s, (a, b))| {
        net.grades
            .iter()
            .any(|&g| b[g] > a[g] && flow.pool_price(&net.net, net.pool(s, g)) > 0)
    })
}

/// Class counts that keep `flow` feasible (⌈load / cap⌉ per grade) with the seat's other rooms
/// given one by one, in rounds over the grades, to the grade whose seats the flow's duals price
/// highest (a class more never lengthens the plan; the next warm solve uses it where it pays).
fn spare_rooms(problem: &Problem, net: &Built, flow: &Flow, need: &[[u32; 12]]) -> Vec<[u32; 12]> {
    let mut out = Vec::with_capacity(problem.seats.len());
    for (s, seat) in problem.seats.iter().enumerate() {
        let mut k = [0u32; 12];
        let mut order: Vec<(i64, usize)> = Vec::with_capacity(net.grades.len());
        for &g in &net.grades {
            let p = net.pool(s, g);
            let load = flow.pool_flow[p].max(0) as u32;
            k[g] = load.div_ceil(problem.caps[g]);
            order.push((flow.pool_price(&net.net, p), g));
        }
        order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut left = seat.room_budget.saturating_sub(k.iter().sum());
        while left > 0 {
            let before = left;
            for &(_, g) in &order {
                if left > 0 && k[g] < need[s][g] {
                    k[g] += 1;
                    left -= 1;
                }
            }
            if left == before {
                break;
            }
        }
        out.push(k);
    }
    out
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
            let r = solve(&p, arcs, &far);
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
