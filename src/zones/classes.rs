//! Capacitated zoning on real-sized counties: a search over class counts with the exact min-cost
//! flow as the inner step, and a Lagrangian lower bound from the relaxation's duals.
//!
//! Why: once the class counts k(s, g) are fixed the best assignment is a min-cost flow and exact
//! ([`super::transport`]); what is hard is choosing k. Start from the relaxation (one pool per
//! school of capacity `max cap × rooms`, the size headroom on top): its loads, rounded to whole
//! classes within each school's rooms, give the first k. Then move one class at a time — between
//! two grades of a school, or into a spare room — where the flow's duals show it pays (the value of
//! a seat in the grade gaining the class against the seats lost in the grade giving it up), solving
//! the flow exactly for each candidate and keeping it only when the total distance falls. The
//! relaxation and the first flow are warm-started ([`transport::relax_from_nearest`],
//! [`transport::by_grade`]) and one flow stays live across the moves ([`LiveFlow`]): a move, or
//! its undoing, costs the few paths its two pools need. The search stops when no move pays or after a deterministic budget of flows ([`Effort`]).
//!
//! The bound: for any prices α_p (per pool seat) and β_s (per school seat) ≥ 0,
//! L = Σ_i n_i · min(overflow, min_p c_ip + α_p + β_s(p)) − Σ_p U_p α_p − Σ_s B_s β_s is a lower
//! bound on every plan with whole classes (weak duality of the relaxation). With the relaxation's
//! optimal duals it equals the relaxation's optimum. Seats beyond a group's candidate list are at
//! least as far as its farthest candidate and prices are ≥ 0, so their term is bounded by that
//! distance and L stays valid when arcs are restricted.

use super::bound;
use super::pool_flow::{self, Flow};
use super::transport::{self, Built, Pools};
use super::warm_flow::LiveFlow;
use super::{Alloc, Problem, OVERFLOW_COST_M};
use crate::capacity::classes_needed;

/// How hard the class-count search works: the number of exact flows it may solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effort {
    Quick,
    Default,
    Thorough,
}

impl Effort {
    /// Parse `quick`, `default` or `thorough`.
    pub fn parse(s: &str) -> Option<Effort> {
        match s.trim().to_lowercase().as_str() {
            "quick" => Some(Effort::Quick),
            "default" => Some(Effort::Default),
            "thorough" => Some(Effort::Thorough),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Effort::Quick => "quick",
            Effort::Default => "default",
            Effort::Thorough => "thorough",
        }
    }

    /// Subgradient steps of the class-aware Lagrangian bound ([`bound`]).
    pub fn bound_steps(self) -> usize {
        match self {
            Effort::Quick => 0,
            Effort::Default => 200,
            Effort::Thorough => 800,
        }
    }

    /// Exact flows the search may solve after the first rounding.
    pub fn flow_budget(self) -> usize {
        match self {
            Effort::Quick => 4,
            Effort::Default => 40,
            Effort::Thorough => 400,
        }
    }
}

/// The search's result.
#[derive(Debug, Clone)]
pub struct Searched {
    pub allocs: Vec<Alloc>,
    pub cost: i64,
    pub lower_bound: f64,
    /// The relaxation's optimum (equal to the bound when every seat is a candidate).
    pub relaxation: i64,
    pub classes: Vec<[u32; 12]>,
    /// Exact flows solved, and moves kept.
    pub flows: usize,
    pub moves: usize,
}

/// One class moved at a seat: from grade `from` (None = a spare room) to grade `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Move {
    seat: usize,
    from: Option<usize>,
    to: usize,
}

/// Search class counts. `arcs[g]` are group g's candidate seats (None = all seats); `far[g]` the
/// cost of its farthest candidate (needed for the bound when arcs are restricted).
pub fn search(
    problem: &Problem,
    arcs: Option<&[Vec<u32>]>,
    far: Option<&[i64]>,
    effort: Effort,
) -> Searched {
    let relax = transport::build(problem, Pools::BySeat, arcs);
    let relaxed = transport::relax_from_nearest(&relax);
    let (lp_bound, u0, beta) = relaxation_bound(problem, &relax, &relaxed, far);
    let need = useful_classes(problem);
    let mut classes = round_loads(problem, &relax, &relaxed, &need);
    let mut net = transport::build(problem, Pools::ByGrade, arcs);
    net.set_classes(problem, &classes);
    let relaxation = relaxed.cost;
    let (x, phi) = transport::by_grade(problem, &net, relaxed);
    let mut live = LiveFlow::start(&net.net, &x, phi);
    drop(x);
    let mut cost = live.cost();
    let (mut flows, mut moves) = (1, 0);
    let mut tried: Vec<Move> = Vec::new();
    while flows <= effort.flow_budget() {
        let Some(m) = next_move(problem, &net, &live, &classes, &need, &tried) else {
            break;
        };
        let mut trial = classes[m.seat];
        apply(&mut trial, m);
        live.set_pool_caps(&net.seat_caps(problem, m.seat, &trial));
        flows += 1;
        let c = live.cost();
        if c < cost {
            classes[m.seat] = trial;
            cost = c;
            moves += 1;
            tried.clear();
        } else {
            live.set_pool_caps(&net.seat_caps(problem, m.seat, &classes[m.seat]));
            tried.push(m);
        }
    }
    let flow = live.finish();
    let seat_arcs: Vec<Vec<(u32, i64)>> = (0..problem.groups.len())
        .map(|g| relax.net.arcs[relax.net.offsets[g]..relax.net.offsets[g + 1]].to_vec())
        .collect();
    let input = bound::BoundInput {
        arcs: &seat_arcs,
        far,
        beta: &beta,
    };
    let lagrangian =
        bound::lagrangian(problem, &input, &u0, flow.cost as f64, effort.bound_steps());
    Searched {
        allocs: net.allocs(&flow),
        cost: flow.cost,
        lower_bound: lp_bound.max(lagrangian).min(flow.cost as f64),
        relaxation,
        classes,
        flows,
        moves,
    }
}

/// Most classes worth giving grade g at seat s: enough for all the county's pupils of g (or the
/// school's size headroom), never more than its rooms.
pub(super) fn useful_classes(problem: &Problem) -> Vec<[u32; 12]> {
    let mut demand = [0u32; 12];
    for g in problem.groups.iter() {
        demand[g.grade.index()] += g.count;
    }
    problem
        .seats
        .iter()
        .map(|seat| {
            let mut k = [0u32; 12];
            for g in problem.grades() {
                let g = g.index();
                let n = demand[g].min(seat.size_budget);
                k[g] = classes_needed(n, problem.caps[g]).min(seat.room_budget);
            }
            k
        })
        .collect()
}

/// Lagrangian bound from the relaxation's duals (see the module notes), with the groups' prices u_i
/// and the seats' size prices β_s that start [`bound::lagrangian`].
pub(super) fn relaxation_bound(
    problem: &Problem,
    relax: &Built,
    flow: &Flow,
    far: Option<&[i64]>,
) -> (f64, Vec<f64>, Vec<f64>) {
    let net = &relax.net;
    let alpha: Vec<i64> = (0..net.pool_cap.len())
        .map(|p| flow.pool_price(net, p))
        .collect();
    let beta: Vec<i64> = (0..net.school_cap.len())
        .map(|s| flow.school_price(net, s))
        .collect();
    let mut l: f64 = 0.0;
    let mut u = Vec::with_capacity(problem.groups.len());
    for (g, group) in problem.groups.iter().enumerate() {
        let mut best = OVERFLOW_COST_M;
        for &(p, c) in &net.arcs[net.offsets[g]..net.offsets[g + 1]] {
            let s = net.pool_school[p as usize] as usize;
            best = best.min(c + alpha[p as usize] + beta[s]);
        }
        if let Some(far) = far {
            best = best.min(far[g]);
        }
        l += group.count as f64 * best as f64;
        u.push(best as f64);
    }
    for (cap, a) in net.pool_cap.iter().zip(&alpha) {
        l -= *cap as f64 * *a as f64;
    }
    for (cap, b) in net.school_cap.iter().zip(&beta) {
        l -= *cap as f64 * *b as f64;
    }
    (l.max(0.0), u, beta.iter().map(|b| *b as f64).collect())
}

/// Whole classes from the relaxation's loads: ⌊load / cap⌋ per grade, then the largest remainders,
/// then spare rooms to the grades with most pupils left over, all within the seat's rooms.
pub(super) fn round_loads(
    problem: &Problem,
    relax: &Built,
    flow: &Flow,
    need: &[[u32; 12]],
) -> Vec<[u32; 12]> {
    let mut load = vec![[0u32; 12]; problem.seats.len()];
    for (g, list) in flow.x.iter().enumerate() {
        let grade = problem.groups[g].grade.index();
        for &(p, n) in list {
            if p != pool_flow::OVERFLOW {
                load[relax.seat(p as usize)][grade] += n;
            }
        }
    }
    let grades: Vec<usize> = problem.grades().iter().map(|g| g.index()).collect();
    let mut out = Vec::with_capacity(load.len());
    for (s, seat) in problem.seats.iter().enumerate() {
        let mut k = [0u32; 12];
        for &g in &grades {
            k[g] = (load[s][g] / problem.caps[g]).min(need[s][g]);
        }
        let mut left = seat.room_budget.saturating_sub(k.iter().sum());
        let mut by_rest: Vec<(u32, usize)> = grades
            .iter()
            .map(|&g| (load[s][g] % problem.caps[g], g))
            .filter(|r| r.0 > 0)
            .collect();
        by_rest.sort_by(|a, b| b.cmp(a));
        for (_, g) in by_rest {
            if left > 0 && k[g] < need[s][g] {
                k[g] += 1;
                left -= 1;
            }
        }
        while left > 0 {
            let pick = grades
                .iter()
                .copied()
                .filter(|&g| k[g] < need[s][g])
                .max_by_key(|&g| {
                    (
                        load[s][g] as i64 - (k[g] * problem.caps[g]) as i64,
                        usize::MAX - g,
                    )
                });
            let Some(g) = pick else { break };
            k[g] += 1;
            left -= 1;
        }
        out.push(k);
    }
    out
}

/// The untried move with the best estimated gain from the flow's duals, if any gains.
fn next_move(
    problem: &Problem,
    net: &Built,
    flow: &LiveFlow,
    classes: &[[u32; 12]],
    need: &[[u32; 12]],
    tried: &[Move],
) -> Option<Move> {
    let mut best: Option<(i64, Move)> = None;
    for (s, seat) in problem.seats.iter().enumerate() {
        let k = &classes[s];
        let spare = seat.room_budget.saturating_sub(k.iter().sum());
        for &to in &net.grades {
            if k[to] >= need[s][to] {
                continue;
            }
            let gain = flow.pool_price(net.pool(s, to)) * problem.caps[to] as i64;
            if gain <= 0 {
                continue;
            }
            let mut options: Vec<(i64, Option<usize>)> = Vec::new();
            if spare > 0 {
                options.push((gain, None));
            }
            for &from in &net.grades {
                if from == to || k[from] == 0 {
                    continue;
                }
                let p = net.pool(s, from);
                let cap = problem.caps[from] as i64;
                let (load, pool_cap) = flow.pool_load(p);
                let lost = (cap - (pool_cap - load)).max(0) * flow.pool_price(p);
                options.push((gain - lost, Some(from)));
            }
            for (est, from) in options {
                let m = Move { seat: s, from, to };
                if est > 0 && !tried.contains(&m) && best.is_none_or(|b| est > b.0) {
                    best = Some((est, m));
                }
            }
        }
    }
    best.map(|b| b.1)
}

/// The move applied to its seat's class counts `k`.
fn apply(k: &mut [u32; 12], m: Move) {
    if let Some(f) = m.from {
        k[f] -= 1;
    }
    k[m.to] += 1;
}
