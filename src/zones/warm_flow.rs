//! Exact min-cost flow on a pool network, started from any assignment and any potentials.
//!
//! Why: at a million pupils the (school, grade) network takes minutes from scratch
//! ([`super::pool_flow::solve`] pushes half a million paths), and cycle cancelling from an old
//! flow needs Bellman–Ford sweeps over the whole residual graph. But a
//! near-optimal start is at hand — the relaxation's flow and potentials, or the previous optimum
//! before a class moved — and the start is off only where capacities changed. So: keep the start
//! assignment and potentials, and make the flow on every pool → school and school → sink edge obey
//! complementary slackness for those potentials (full where the reduced cost is negative, empty
//! where positive, as close to balanced as the capacity allows where zero). That pseudo-flow is
//! optimal for its own imbalances; nodes left with more flow in than out (a pool over its
//! capacity, say) are excess, the others deficit. Successive shortest paths (Dijkstra with the
//! potentials, groups folded into pool → pool moves as in [`super::pool_flow`]) then carry each
//! excess to the nearest deficit. Reduced costs stay non-negative throughout, so the balanced
//! flow at the end is an exact optimum; the work is proportional to the imbalance (the pupils a
//! rounding left without a seat), not to the county.
//!
//! A group placed on an arc that is not among its cheapest for the potentials is first moved to
//! its cheapest (that only changes pool imbalances), so any start is valid; a poor one just costs
//! more paths.

use super::pool_flow::{Edge, Flow, Network, Solver, OVERFLOW};

/// Solve `net` exactly, starting from assignment `x` (per group: (pool or [`OVERFLOW`], students);
/// every student of group i placed once, on one of its arcs or in overflow) and potentials `phi`
/// (pools, then schools, then the sink; `Flow::potential` of an earlier solve has this layout).
pub fn solve_from(net: &Network, x: &[Vec<(u32, u32)>], phi: Vec<i64>) -> Flow {
    LiveFlow::start(net, x, phi).finish()
}

/// An exact flow kept live while pool capacities change (the class-count search moves one class
/// at a time): each change re-balances the previous optimum with its potentials, so the work is
/// the few paths the changed pools need, not a new solver over every group.
pub struct LiveFlow<'a> {
    s: Solver<'a>,
}

impl<'a> LiveFlow<'a> {
    /// The exact optimum of `net` from the start `x` and potentials `phi` (as [`solve_from`]).
    pub fn start(net: &'a Network, x: &[Vec<(u32, u32)>], phi: Vec<i64>) -> Self {
        let mut s = Solver::new(net);
        debug_assert_eq!(phi.len(), s.phi.len());
        s.phi = phi;
        let students = s.place(x);
        s.rebalance(&students);
        LiveFlow { s }
    }

    /// Set pool capacities (pool, students) and re-solve exactly from the current optimum.
    pub fn set_pool_caps(&mut self, caps: &[(usize, i64)]) {
        for &(p, cap) in caps {
            self.s.pool_cap[p] = cap;
        }
        let mut students = vec![0i64; self.s.n_pools];
        for &(p, n) in self.s.x.iter().flatten() {
            if p != OVERFLOW {
                students[p as usize] += n as i64;
            }
        }
        self.s.rebalance(&students);
    }

    /// Total cost of the current optimum.
    pub fn cost(&self) -> i64 {
        self.s.total_cost()
    }

    /// Value of one more seat in pool p (≥ 0): as [`Flow::pool_price`].
    pub fn pool_price(&self, p: usize) -> i64 {
        let school = self.s.n_pools + self.s.net.pool_school[p] as usize;
        (self.s.phi[school] - self.s.phi[p]).max(0)
    }

    /// Students in pool p, and its capacity.
    pub fn pool_load(&self, p: usize) -> (i64, i64) {
        (self.s.pool_flow[p], self.s.pool_cap[p])
    }

    pub fn finish(self) -> Flow {
        self.s.finish()
    }
}

impl Solver<'_> {
    /// Edge flows by complementary slackness for the current potentials, then successive shortest
    /// paths from excess to deficit: an exact optimum for the students per pool `students`.
    fn rebalance(&mut self, students: &[i64]) {
        self.set_edge_flows(students);
        let mut excess = self.imbalance(students);
        self.balance(&mut excess);
    }

    /// Place the start assignment, moving students off arcs that are not among their group's
    /// cheapest for the potentials. Returns students per pool.
    fn place(&mut self, x: &[Vec<(u32, u32)>]) -> Vec<i64> {
        let mut students = vec![0i64; self.n_pools];
        for (j, list) in x.iter().enumerate() {
            let (best_value, best) = self.cheapest(j);
            for &(p, n) in list {
                if n == 0 {
                    continue;
                }
                let value = self.reduced_value(j, p);
                let to = if value.is_some_and(|v| v <= best_value) {
                    p
                } else {
                    best
                };
                self.shift(j, to, n as i64);
                if to != OVERFLOW {
                    students[to as usize] += n as i64;
                }
            }
        }
        students
    }

    /// c_jp − φ_p of group j on pool p (or overflow − φ_sink), None when p is not one of its arcs.
    fn reduced_value(&self, j: usize, p: u32) -> Option<i64> {
        if p == OVERFLOW {
            return Some(self.net.overflow_cost - self.phi[self.sink]);
        }
        self.arcs(j)
            .iter()
            .find(|a| a.0 == p)
            .map(|a| a.1 - self.phi[a.0 as usize])
    }

    /// Group j's cheapest arc for the potentials (the first in arc order on ties; overflow last).
    fn cheapest(&self, j: usize) -> (i64, u32) {
        let mut best = (self.net.overflow_cost - self.phi[self.sink], OVERFLOW);
        for &(p, c) in self.arcs(j).iter().rev() {
            let v = c - self.phi[p as usize];
            if v <= best.0 {
                best = (v, p);
            }
        }
        best
    }

    /// Flows on the pool → school and school → sink edges by the sign of their reduced costs.
    fn set_edge_flows(&mut self, students: &[i64]) {
        let net = self.net;
        for (p, &n) in students.iter().enumerate() {
            let school = self.n_pools + net.pool_school[p] as usize;
            let rc = self.phi[p] - self.phi[school];
            self.pool_flow[p] = edge_flow(rc, n, self.pool_cap[p]);
        }
        let mut inflow = vec![0i64; net.school_cap.len()];
        for (p, f) in self.pool_flow.iter().enumerate() {
            inflow[net.pool_school[p] as usize] += f;
        }
        for (s, &n) in inflow.iter().enumerate() {
            let rc = self.phi[self.n_pools + s] - self.phi[self.sink];
            self.school_flow[s] = edge_flow(rc, n, net.school_cap[s]);
        }
    }

    /// Flow in minus flow out at every node (pools, schools, sink); the sink's demand is every
    /// student.
    fn imbalance(&self, students: &[i64]) -> Vec<i64> {
        let net = self.net;
        let mut excess = vec![0i64; self.sink + 1];
        for (p, &n) in students.iter().enumerate() {
            excess[p] = n - self.pool_flow[p];
            excess[self.n_pools + net.pool_school[p] as usize] += self.pool_flow[p];
        }
        for (s, f) in self.school_flow.iter().enumerate() {
            excess[self.n_pools + s] -= f;
            excess[self.sink] += f;
        }
        let overflow: i64 = self
            .x
            .iter()
            .flatten()
            .filter(|e| e.0 == OVERFLOW)
            .map(|e| e.1 as i64)
            .sum();
        let total: i64 = net.counts.iter().map(|n| *n as i64).sum();
        excess[self.sink] += overflow - total;
        excess
    }

    /// Carry every excess to a deficit along shortest paths, lowest node first.
    fn balance(&mut self, excess: &mut [i64]) {
        let mut u = 0;
        while u < excess.len() {
            if excess[u] <= 0 {
                u += 1;
                continue;
            }
            if self.push_from(u, excess) == 0 {
                // No deficit reachable: impossible when the overflow arcs keep the network
                // feasible; stop rather than loop.
                debug_assert!(
                    false,
                    "warm flow: excess at node {u} has no path to a deficit"
                );
                u += 1;
            }
        }
    }

    /// One shortest path from node u0 to the nearest node with a deficit; push along it as much
    /// as it carries. Returns the amount.
    fn push_from(&mut self, u0: usize, excess: &mut [i64]) -> i64 {
        self.paths += 1;
        let mut heap = std::mem::take(&mut self.heap);
        heap.clear();
        self.label(u0, 0, (usize::MAX, Edge::SourceOverflow), &mut heap);
        let end = self.settle_until(&mut heap, |u| excess[u] < 0);
        self.heap = heap;
        let mut pushed = 0;
        if let Some(end) = end {
            let path = self.path_between(u0, end);
            let mut d = excess[u0].min(-excess[end]);
            for &(_, e) in &path {
                d = d.min(self.residual(e));
            }
            self.apply(usize::MAX, &path, d);
            excess[u0] -= d;
            excess[end] += d;
            pushed = d;
        }
        self.reset_labels();
        pushed
    }

    /// The path's edges, each with its head node, from u0 to `end` (parents of the last search).
    fn path_between(&self, u0: usize, end: usize) -> Vec<(usize, Edge)> {
        let mut out = Vec::new();
        let mut v = end;
        while v != u0 {
            let Some((u, e)) = self.parent[v] else { break };
            out.push((v, e));
            v = u;
        }
        out.reverse();
        out
    }
}

/// Flow on an edge of capacity `cap` with reduced cost `rc` that would balance its tail at `want`:
/// full when `rc` < 0, empty when > 0, else `want` within [0, cap].
fn edge_flow(rc: i64, want: i64, cap: i64) -> i64 {
    match rc.cmp(&0) {
        std::cmp::Ordering::Less => cap.max(0),
        std::cmp::Ordering::Greater => 0,
        std::cmp::Ordering::Equal => want.clamp(0, cap.max(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zones::pool_flow::solve;

    /// A random network: `n` groups, each with arcs to a random subset of the pools of its grade,
    /// `grades` pools per school.
    fn network(seed: u64, n: usize, schools: usize, grades: usize) -> Network {
        let mut r = crate::sample::Rng::new(seed);
        let pools = schools * grades;
        let mut arcs = Vec::new();
        let mut offsets = vec![0];
        for _ in 0..n {
            let grade = r.below(grades);
            for s in 0..schools {
                if schools < 3 || r.below(3) > 0 {
                    arcs.push(((s * grades + grade) as u32, r.below(10_000) as i64));
                }
            }
            offsets.push(arcs.len());
        }
        Network {
            counts: (0..n).map(|_| 1 + r.below(20) as u32).collect(),
            offsets,
            arcs,
            pool_school: (0..pools).map(|p| (p / grades) as u32).collect(),
            pool_cap: (0..pools).map(|_| 45 * r.below(4) as i64).collect(),
            school_cap: (0..schools).map(|_| 30 + r.below(200) as i64).collect(),
            overflow_cost: 1_000_000,
        }
    }

    /// Every student placed once, on an arc or in overflow, and no capacity exceeded.
    fn assert_feasible(net: &Network, f: &Flow, what: &str) {
        let mut pool = vec![0i64; net.pool_cap.len()];
        for (j, list) in f.x.iter().enumerate() {
            let placed: u32 = list.iter().map(|e| e.1).sum();
            assert_eq!(placed, net.counts[j], "{what}: group {j} placed once");
            for &(p, n) in list {
                if p != OVERFLOW {
                    let on_arc = net.arcs[net.offsets[j]..net.offsets[j + 1]]
                        .iter()
                        .any(|a| a.0 == p);
                    assert!(on_arc, "{what}: group {j} on a pool it has no arc to");
                    pool[p as usize] += n as i64;
                }
            }
        }
        let mut school = vec![0i64; net.school_cap.len()];
        for (p, &n) in pool.iter().enumerate() {
            assert!(n <= net.pool_cap[p], "{what}: pool {p} over its capacity");
            assert_eq!(n, f.pool_flow[p], "{what}: pool {p} flow is its students");
            school[net.pool_school[p] as usize] += n;
        }
        for (s, &n) in school.iter().enumerate() {
            assert!(
                n <= net.school_cap[s],
                "{what}: school {s} over its capacity"
            );
        }
    }

    /// A random start: each group's students spread over random arcs and overflow.
    fn random_start(net: &Network, seed: u64) -> Vec<Vec<(u32, u32)>> {
        let mut r = crate::sample::Rng::new(seed);
        (0..net.counts.len())
            .map(|j| {
                let arcs = &net.arcs[net.offsets[j]..net.offsets[j + 1]];
                let mut out: Vec<(u32, u32)> = Vec::new();
                for _ in 0..net.counts[j] {
                    let k = r.below(arcs.len() + 1);
                    let p = arcs.get(k).map_or(OVERFLOW, |a| a.0);
                    match out.iter_mut().find(|e| e.0 == p) {
                        Some(e) => e.1 += 1,
                        None => out.push((p, 1)),
                    }
                }
                out
            })
            .collect()
    }

    #[test]
    fn warm_started_flow_equals_the_flow_from_scratch() {
        for seed in 0..60 {
            let schools = 1 + (seed % 6) as usize;
            let grades = 1 + (seed % 3) as usize;
            let net = network(seed, 20 + seed as usize, schools, grades);
            let cold = solve(&net);
            let what = format!("seed {seed}");
            assert_feasible(&net, &cold, &format!("{what} cold"));
            // From a random assignment with zero and with random potentials.
            let n_nodes = cold.potential.len();
            let mut r = crate::sample::Rng::new(seed + 500);
            let random_phi: Vec<i64> = (0..n_nodes).map(|_| r.below(20_000) as i64).collect();
            for (k, phi) in [vec![0; n_nodes], random_phi].into_iter().enumerate() {
                let warm = solve_from(&net, &random_start(&net, seed + k as u64), phi);
                assert_eq!(warm.cost, cold.cost, "{what} start {k}: cost");
                assert_feasible(&net, &warm, &format!("{what} start {k}"));
            }
            // From the optimum of the network with other capacities (a class moved).
            let mut changed = net.clone();
            for p in 0..changed.pool_cap.len() {
                let d = 45 * r.below(3) as i64 - 45;
                changed.pool_cap[p] = (changed.pool_cap[p] + d).max(0);
            }
            let warm = solve_from(&changed, &cold.x, cold.potential.clone());
            let again = solve(&changed);
            assert_eq!(warm.cost, again.cost, "{what} changed caps: cost");
            assert_feasible(&changed, &warm, &format!("{what} changed caps"));
        }
    }

    /// A live flow re-solved after each of a sequence of class moves (and their reversal) costs
    /// what a solve from scratch of the same capacities costs, and stays feasible.
    #[test]
    fn a_live_flow_after_capacity_changes_equals_the_flow_from_scratch() {
        for seed in 0..40 {
            let net = network(seed, 25 + seed as usize, 2 + (seed % 5) as usize, 2);
            let x: Vec<Vec<(u32, u32)>> = net.counts.iter().map(|&n| vec![(OVERFLOW, n)]).collect();
            let n_nodes = net.pool_cap.len() + net.school_cap.len() + 1;
            let mut live = LiveFlow::start(&net, &x, vec![0; n_nodes]);
            let mut caps = net.pool_cap.clone();
            let mut undo: Vec<(usize, i64)> = Vec::new();
            let mut r = crate::sample::Rng::new(seed + 2000);
            for step in 0..9 {
                let change = if step % 3 == 2 {
                    // Undo the last move, as the search does with a move that does not pay.
                    std::mem::take(&mut undo)
                } else {
                    let (p, q) = (r.below(caps.len()), r.below(caps.len()));
                    let mut change = vec![(q, caps[q] + 45)];
                    if p != q && caps[p] >= 45 {
                        change.push((p, caps[p] - 45));
                    }
                    undo = change.iter().map(|&(p, _)| (p, caps[p])).collect();
                    change
                };
                live.set_pool_caps(&change);
                for &(p, c) in &change {
                    caps[p] = c;
                }
                let mut fresh = net.clone();
                fresh.pool_cap.clone_from(&caps);
                let cold = solve(&fresh);
                assert_eq!(live.cost(), cold.cost, "seed {seed} step {step}: cost");
                for (p, &cap) in caps.iter().enumerate() {
                    let (load, live_cap) = live.pool_load(p);
                    assert!(load <= cap && live_cap == cap, "seed {seed} step {step}");
                }
            }
            let what = format!("seed {seed} live");
            let mut fresh = net.clone();
            fresh.pool_cap = caps;
            assert_feasible(&fresh, &live.finish(), &what);
        }
    }
}
