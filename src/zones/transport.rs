//! The transportation problem with the class counts fixed, solved exactly as a min-cost flow
//! (ac-library-rs `MinCostFlowGraph`).
//!
//! Network: source → group (capacity = students) → (school, grade) pool (cost = distance in whole
//! metres, rounded) → school (capacity k_g × cap_g) → sink (capacity = the school's size budget).
//! Every group also has an overflow arc to the sink at [`OVERFLOW_COST_M`] per student, so the flow
//! always places everyone and seats as many as possible first. Integral capacities give an integral
//! optimum.

use super::{Alloc, Problem, OVERFLOW_COST_M};
use ac_library::MinCostFlowGraph;

/// Solve with per-seat class counts `classes[s][grade index]` and arcs group → `arcs[g]` seats
/// (all seats when `arcs` is None). Returns the allocations and the total cost.
pub fn solve(
    problem: &Problem,
    classes: &[[u32; 12]],
    arcs: Option<&[Vec<u32>]>,
) -> (Vec<Alloc>, i64) {
    let n_groups = problem.groups.len();
    let n_seats = problem.seats.len();
    let pool = |s: usize, g: usize| 1 + n_groups + s * 12 + g;
    let seat_node = |s: usize| 1 + n_groups + n_seats * 12 + s;
    let sink = 1 + n_groups + n_seats * 13;
    let mut graph: MinCostFlowGraph<i64> = MinCostFlowGraph::new(sink + 1);
    let mut arc_ids: Vec<(u32, Option<u32>, usize)> = Vec::new();
    let mut total = 0i64;
    for (gi, group) in problem.groups.iter().enumerate() {
        if group.count == 0 {
            continue;
        }
        let n = group.count as i64;
        total += n;
        graph.add_edge(0, 1 + gi, n, 0);
        let grade = group.grade.index();
        let mut add = |s: usize| {
            if classes[s][grade] > 0 {
                let id = graph.add_edge(1 + gi, pool(s, grade), n, problem.cost(gi, s));
                arc_ids.push((gi as u32, Some(s as u32), id));
            }
        };
        match arcs {
            Some(a) => a[gi].iter().for_each(|s| add(*s as usize)),
            None => (0..n_seats).for_each(&mut add),
        }
        let id = graph.add_edge(1 + gi, sink, n, OVERFLOW_COST_M);
        arc_ids.push((gi as u32, None, id));
    }
    for (s, seat) in problem.seats.iter().enumerate() {
        for g in problem.grades() {
            let k = classes[s][g.index()] as i64;
            if k > 0 {
                let cap = k * problem.caps[g.index()] as i64;
                graph.add_edge(pool(s, g.index()), seat_node(s), cap, 0);
            }
        }
        graph.add_edge(seat_node(s), sink, seat.size_budget as i64, 0);
    }
    let (_, cost) = graph.flow(0, sink, total);
    let mut allocs: Vec<Alloc> = arc_ids
        .into_iter()
        .filter_map(|(g, s, id)| {
            let f = graph.get_edge(id).flow;
            (f > 0).then_some(Alloc {
                group: g,
                seat: s,
                count: f as u32,
            })
        })
        .collect();
    allocs.sort();
    (allocs, cost)
}
