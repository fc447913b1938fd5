//! The zoning networks, solved exactly as min-cost flows ([`super::pool_flow`]).
//!
//! Why one place: the exact enumeration, the class-count search and the relaxation bound all solve
//! the same network with different capacities. With class counts fixed, the network is
//! group (students) → (school, grade) pool (cost = distance in whole metres, rounded; capacity
//! k_g × cap_g) → school (capacity = the size budget) → sink, with an overflow arc per group at
//! [`OVERFLOW_COST_M`] so everyone is placed and as many as possible are seated. The relaxation
//! has one pool per school with capacity `max cap × rooms` — every plan with whole classes fits it,
//! so its optimum is a lower bound.

use super::pool_flow::{self, Flow, Network, OVERFLOW};
use super::warm_flow;
use super::{Alloc, Problem, OVERFLOW_COST_M};

/// How pools are laid out over the seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pools {
    /// One pool per seat and grade of the stage, capacity k × cap.
    ByGrade,
    /// One pool per seat, capacity max cap × rooms (the relaxation).
    BySeat,
}

/// A network over a problem, with the layout needed to read allocations back.
pub struct Built {
    pub net: Network,
    pub layout: Pools,
    /// Grade indices of the stage, in pool order.
    pub grades: Vec<usize>,
}

impl Built {
    /// Pool of seat s for grade index g.
    pub fn pool(&self, s: usize, g: usize) -> usize {
        match self.layout {
            Pools::BySeat => s,
            Pools::ByGrade => {
                let gi = self.grades.iter().position(|x| *x == g).unwrap_or(0);
                s * self.grades.len() + gi
            }
        }
    }

    /// Seat of pool p.
    pub fn seat(&self, p: usize) -> usize {
        match self.layout {
            Pools::BySeat => p,
            Pools::ByGrade => p / self.grades.len(),
        }
    }

    /// Set the (school, grade) pool capacities from class counts.
    pub fn set_classes(&mut self, problem: &Problem, classes: &[[u32; 12]]) {
        for (s, k) in classes.iter().enumerate() {
            for (p, cap) in self.seat_caps(problem, s, k) {
                self.net.pool_cap[p] = cap;
            }
        }
    }

    /// (pool, capacity) of seat s's (school, grade) pools with class counts `k`.
    pub fn seat_caps(&self, problem: &Problem, s: usize, k: &[u32; 12]) -> Vec<(usize, i64)> {
        let cap = |g: usize| k[g] as i64 * problem.caps[g] as i64;
        self.grades
            .iter()
            .map(|&g| (self.pool(s, g), cap(g)))
            .collect()
    }

    /// Allocations of a flow, sorted.
    pub fn allocs(&self, flow: &Flow) -> Vec<Alloc> {
        let mut out = Vec::new();
        for (g, list) in flow.x.iter().enumerate() {
            for &(p, n) in list {
                let seat = (p != OVERFLOW).then(|| self.seat(p as usize) as u32);
                out.push(Alloc {
                    group: g as u32,
                    seat,
                    count: n,
                });
            }
        }
        out.sort();
        merge(out)
    }
}

/// Merge allocations of the same (group, seat) that sit next to each other (sort first). Same
/// (group, seat) twice cannot happen with one pool per (seat, grade); merged defensively.
pub(super) fn merge(allocs: Vec<Alloc>) -> Vec<Alloc> {
    let mut out: Vec<Alloc> = Vec::with_capacity(allocs.len());
    for a in allocs {
        match out.last_mut() {
            Some(l) if l.group == a.group && l.seat == a.seat => l.count += a.count,
            _ => out.push(a),
        }
    }
    out
}

/// Build the network: arcs of group g to the seats `arcs[g]` (all seats when None).
pub fn build(problem: &Problem, layout: Pools, arcs: Option<&[Vec<u32>]>) -> Built {
    let grades: Vec<usize> = problem.grades().iter().map(|g| g.index()).collect();
    let n_seats = problem.seats.len();
    let per_seat = match layout {
        Pools::BySeat => 1,
        Pools::ByGrade => grades.len(),
    };
    let max_cap = grades.iter().map(|g| problem.caps[*g]).max().unwrap_or(1) as i64;
    let mut built = Built {
        net: Network {
            counts: problem.groups.iter().map(|g| g.count).collect(),
            offsets: Vec::with_capacity(problem.groups.len() + 1),
            // Exact size up front: growing by doubling would hold up to twice the arcs.
            arcs: Vec::with_capacity(match arcs {
                Some(a) => a.iter().map(Vec::len).sum(),
                None => problem.groups.len() * n_seats,
            }),
            pool_school: (0..n_seats * per_seat)
                .map(|p| (p / per_seat) as u32)
                .collect(),
            pool_cap: vec![0; n_seats * per_seat],
            school_cap: problem.seats.iter().map(|s| s.size_budget as i64).collect(),
            overflow_cost: OVERFLOW_COST_M,
        },
        layout,
        grades,
    };
    if layout == Pools::BySeat {
        for (s, seat) in problem.seats.iter().enumerate() {
            built.net.pool_cap[s] = max_cap * seat.room_budget as i64;
        }
    }
    built.net.offsets.push(0);
    for (gi, group) in problem.groups.iter().enumerate() {
        let grade = group.grade.index();
        let mut add = |s: usize| {
            let p = built.pool(s, grade) as u32;
            built.net.arcs.push((p, problem.cost(gi, s)));
        };
        match arcs {
            Some(a) => a[gi].iter().for_each(|s| add(*s as usize)),
            None => (0..n_seats).for_each(&mut add),
        }
        built.net.offsets.push(built.net.arcs.len());
    }
    built
}

/// The (school, grade) network made from the relaxation's, in place: the same arcs in the same
/// order, each moved from seat s's pool to the pool of s and the group's grade, so the result is
/// the network [`build`] makes with [`Pools::ByGrade`] and the same candidate lists, without a
/// second copy of the arcs alive (at a million pupils each copy is hundreds of megabytes).
pub fn regrade(problem: &Problem, relax: Built) -> Built {
    debug_assert_eq!(relax.layout, Pools::BySeat);
    let mut built = Built {
        net: relax.net,
        layout: Pools::ByGrade,
        grades: relax.grades,
    };
    let per_seat = built.grades.len();
    let n_seats = problem.seats.len();
    for (gi, group) in problem.groups.iter().enumerate() {
        let grade = group.grade.index();
        let (from, to) = (built.net.offsets[gi], built.net.offsets[gi + 1]);
        for a in from..to {
            let seat = built.net.arcs[a].0 as usize;
            built.net.arcs[a].0 = built.pool(seat, grade) as u32;
        }
    }
    built.net.pool_school = (0..n_seats * per_seat)
        .map(|p| (p / per_seat) as u32)
        .collect();
    built.net.pool_cap = vec![0; n_seats * per_seat];
    built
}

/// The relaxation solved exactly, started from every group at its nearest candidate with zero
/// potentials: only the pupils above a school's capacity there need a path (about a quarter of
/// the paths of a solve from scratch).
pub fn relax_from_nearest(relax: &Built) -> Flow {
    let net = &relax.net;
    let start: Vec<Vec<(u32, u32)>> = (0..net.counts.len())
        .map(
            |g| match net.arcs[net.offsets[g]..net.offsets[g + 1]].first() {
                Some(a) => vec![(a.0, net.counts[g])],
                None => vec![(OVERFLOW, net.counts[g])],
            },
        )
        .collect();
    let nodes = net.pool_cap.len() + net.school_cap.len() + 1;
    warm_flow::solve_from(net, &start, vec![0; nodes])
}

/// The relaxation's start mapped onto the (school, grade) network: each seat's students to the
/// pool of their grade, each pool's potential that of its seat's relaxed pool (the relaxation has
/// one pool per seat, [`Pools::BySeat`]).
pub fn by_grade(problem: &Problem, net: &Built, relaxed: Flow) -> (Vec<Vec<(u32, u32)>>, Vec<i64>) {
    let x = relaxed
        .x
        .into_iter()
        .enumerate()
        .map(|(g, list)| {
            let grade = problem.groups[g].grade.index();
            list.into_iter()
                .map(|(p, n)| {
                    let to = if p == OVERFLOW {
                        OVERFLOW
                    } else {
                        net.pool(p as usize, grade) as u32
                    };
                    (to, n)
                })
                .collect()
        })
        .collect();
    let n_pools = net.net.pool_cap.len();
    let n_seats = net.net.school_cap.len();
    let old = &relaxed.potential;
    let mut phi = Vec::with_capacity(n_pools + net.net.school_cap.len() + 1);
    phi.extend((0..n_pools).map(|p| old[net.seat(p)]));
    phi.extend_from_slice(&old[n_seats..]);
    (x, phi)
}

/// Solve with per-seat class counts `classes[s][grade index]` and arcs group → `arcs[g]` seats
/// (all seats when `arcs` is None). Returns the allocations and the total cost.
pub fn solve(
    problem: &Problem,
    classes: &[[u32; 12]],
    arcs: Option<&[Vec<u32>]>,
) -> (Vec<Alloc>, i64) {
    let mut built = build(problem, Pools::ByGrade, arcs);
    built.set_classes(problem, classes);
    let flow = pool_flow::solve(&built.net);
    (built.allocs(&flow), flow.cost)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Grade, Level};
    use crate::zones::problem::{Group, Seat};
    use crate::zones::DemandKind;
    use ac_library::MinCostFlowGraph;

    /// The objective of `allocs` recomputed from the problem: student-metres, overflow at
    /// `OVERFLOW_COST_M` each.
    pub(crate) fn allocs_cost_m(p: &Problem, allocs: &[Alloc]) -> i64 {
        allocs
            .iter()
            .map(|a| {
                a.count as i64
                    * a.seat
                        .map_or(OVERFLOW_COST_M, |s| p.cost(a.group as usize, s as usize))
            })
            .sum()
    }

    /// A random small problem: `n` groups around `m` seats with tight rooms.
    pub(crate) fn random_problem(seed: u64, n: usize, m: usize) -> Problem {
        let mut r = crate::sample::Rng::new(seed);
        let grades = [Grade::G1, Grade::G2, Grade::G3];
        let groups = (0..n)
            .map(|_| Group {
                xy_m: [r.range(0.0, 10_000.0), r.range(0.0, 10_000.0)],
                grade: grades[r.below(3)],
                count: 1 + r.below(30) as u32,
                unit: None,
                members: 0..0,
            })
            .collect::<Vec<_>>();
        let seats = (0..m)
            .map(|i| Seat {
                school: i,
                id: format!("S{i}"),
                xy_m: [r.range(0.0, 10_000.0), r.range(0.0, 10_000.0)],
                level: Level::Primary,
                room_budget: 1 + r.below(6) as u32,
                size_budget: 60 + r.below(200) as u32,
                fixed_classes: 0,
                fixed_students: 0,
                rooms: 6,
            })
            .collect();
        let mut caps = [0; 12];
        for g in Grade::ALL {
            caps[g.index()] = if g.index() < 9 { 45 } else { 50 };
        }
        Problem {
            stage: crate::model::Stage::Primary,
            kind: DemandKind::Students,
            groups: groups.into(),
            members: Vec::new(),
            seats,
            caps,
            unplaced: Vec::new(),
            notes: Vec::new(),
            pins: Vec::new(),
        }
    }

    /// The same network through ac-library's generic min-cost flow: the optimum to compare with.
    fn generic_cost(problem: &Problem, classes: &[[u32; 12]]) -> i64 {
        let (n, m) = (problem.groups.len(), problem.seats.len());
        let pool = |s: usize, g: usize| 1 + n + s * 12 + g;
        let seat_node = |s: usize| 1 + n + m * 12 + s;
        let sink = 1 + n + m * 13;
        let mut graph: MinCostFlowGraph<i64> = MinCostFlowGraph::new(sink + 1);
        let mut total = 0;
        for (gi, group) in problem.groups.iter().enumerate() {
            let c = group.count as i64;
            total += c;
            graph.add_edge(0, 1 + gi, c, 0);
            for s in 0..m {
                graph.add_edge(1 + gi, pool(s, group.grade.index()), c, problem.cost(gi, s));
            }
            graph.add_edge(1 + gi, sink, c, OVERFLOW_COST_M);
        }
        for (s, seat) in problem.seats.iter().enumerate() {
            for (g, n) in classes[s].iter().enumerate() {
                let cap = *n as i64 * problem.caps[g] as i64;
                graph.add_edge(pool(s, g), seat_node(s), cap, 0);
            }
            graph.add_edge(seat_node(s), sink, seat.size_budget as i64, 0);
        }
        graph.flow(0, sink, total).1
    }

    fn classes_of(problem: &Problem, seed: u64) -> Vec<[u32; 12]> {
        let mut r = crate::sample::Rng::new(seed);
        problem
            .seats
            .iter()
            .map(|s| {
                let mut k = [0u32; 12];
                for _ in 0..s.room_budget {
                    k[r.below(3)] += 1;
                }
                k
            })
            .collect()
    }

    #[test]
    fn pool_flow_matches_the_generic_min_cost_flow() {
        for seed in 0..30 {
            let p = random_problem(seed, 40 + seed as usize, 3 + (seed % 5) as usize);
            let classes = classes_of(&p, seed + 100);
            let (allocs, cost) = solve(&p, &classes, None);
            assert_eq!(cost, generic_cost(&p, &classes), "seed {seed}");
            let placed: u32 = allocs.iter().map(|a| a.count).sum();
            let total: u32 = p.groups.iter().map(|g| g.count).sum();
            assert_eq!(placed, total, "seed {seed}: every student placed once");
            let recomputed = allocs_cost_m(&p, &allocs);
            assert_eq!(
                recomputed, cost,
                "seed {seed}: the cost is the allocations' cost"
            );
        }
    }

    #[test]
    fn allocations_respect_pool_and_school_caps() {
        let p = random_problem(7, 80, 5);
        let classes = classes_of(&p, 8);
        let (allocs, _) = solve(&p, &classes, None);
        for (s, seat) in p.seats.iter().enumerate() {
            let mut by_grade = [0u32; 12];
            for a in allocs.iter().filter(|a| a.seat == Some(s as u32)) {
                by_grade[p.groups[a.group as usize].grade.index()] += a.count;
            }
            assert!(by_grade.iter().sum::<u32>() <= seat.size_budget);
            for g in 0..12 {
                assert!(
                    by_grade[g] <= classes[s][g] * p.caps[g],
                    "seat {s} grade {g}"
                );
            }
        }
    }

    #[test]
    fn regraded_relaxation_is_the_by_grade_network() {
        for seed in 0..10 {
            let p = random_problem(seed, 50 + seed as usize, 3 + (seed % 5) as usize);
            let lists = crate::zones::nearest::candidates(&p, 2 + (seed % 3) as usize);
            let want = build(&p, Pools::ByGrade, Some(&lists));
            let got = regrade(&p, build(&p, Pools::BySeat, Some(&lists)));
            assert_eq!(got.layout, Pools::ByGrade);
            assert_eq!(got.grades, want.grades);
            assert_eq!(got.net.counts, want.net.counts);
            assert_eq!(got.net.offsets, want.net.offsets);
            assert_eq!(got.net.arcs, want.net.arcs, "seed {seed}");
            assert_eq!(got.net.pool_school, want.net.pool_school);
            assert_eq!(got.net.pool_cap, want.net.pool_cap);
            assert_eq!(got.net.school_cap, want.net.school_cap);
            assert_eq!(got.net.overflow_cost, want.net.overflow_cost);
        }
    }
}
