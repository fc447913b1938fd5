//! Re-solving a pool network after its capacities change, starting from the previous optimum.
//!
//! Why: the class-count search changes the capacities of two pools of one school per move; solving
//! from scratch repeats thousands of augmenting paths that would come out the same. Instead: take
//! the old flow, take students out of pools now over their capacity (the farthest first), cancel
//! the negative cycles the new capacities open (Bellman–Ford over pools, schools and the sink, the
//! groups folded as in [`super::pool_flow`]), which makes the flow optimal for the students still
//! placed and gives valid potentials, then push the removed students back along shortest paths.
//! The result is an exact optimum of the new network, as from [`super::pool_flow::solve`] (the
//! cost is equal; ties may be broken differently).

use super::pool_flow::{Edge, Flow, Network, Solver, INF, OVERFLOW};

/// Solve `net` exactly, starting from `prev`, an optimal flow of a network with the same groups
/// and arcs and other capacities.
pub fn resolve(net: &Network, prev: &Flow) -> Flow {
    let mut s = Solver::new(net);
    s.paths = prev.paths;
    for (j, list) in prev.x.iter().enumerate() {
        for &(p, n) in list {
            s.shift(j, p, n as i64);
        }
    }
    s.pool_flow.clone_from(&prev.pool_flow);
    s.school_flow.clone_from(&prev.school_flow);
    let mut pending: Vec<usize> = Vec::new();
    s.remove_excess(&mut pending);
    s.cancel_negative_cycles();
    pending.sort_unstable();
    pending.dedup();
    for j in pending {
        let placed: u32 = s.x[j].iter().map(|e| e.1).sum();
        let mut left = net.counts[j] as i64 - placed as i64;
        while left > 0 {
            left -= s.augment(j);
        }
    }
    s.finish()
}

impl Solver<'_> {
    /// Take students out of pools and schools above their new capacity, farthest first.
    fn remove_excess(&mut self, pending: &mut Vec<usize>) {
        for p in 0..self.n_pools {
            let excess = self.pool_flow[p] - self.net.pool_cap[p];
            if excess > 0 {
                self.remove_from(p, excess, pending);
            }
        }
        for s in 0..self.net.school_cap.len() {
            let mut excess = self.school_flow[s] - self.net.school_cap[s];
            let pools = self.school_pools[s].clone();
            for p in pools {
                if excess <= 0 {
                    break;
                }
                let take = excess.min(self.pool_flow[p as usize]);
                self.remove_from(p as usize, take, pending);
                excess -= take;
            }
        }
    }

    /// Remove `n` students from pool p, those with the highest cost there first.
    fn remove_from(&mut self, p: usize, mut n: i64, pending: &mut Vec<usize>) {
        let school = self.net.pool_school[p] as usize;
        while n > 0 {
            let Some((_, j)) = Self::top(&self.x, &mut self.evict[p], p as u32) else {
                break;
            };
            let t = (self.held(j as usize, p as u32) as i64).min(n);
            self.shift(j as usize, p as u32, -t);
            self.pool_flow[p] -= t;
            self.school_flow[school] -= t;
            pending.push(j as usize);
            n -= t;
            if self.held(j as usize, p as u32) > 0 {
                continue;
            }
            self.evict[p].pop();
        }
    }

    /// Bellman–Ford from a virtual root; cancel each negative cycle found until there is none,
    /// then keep the distances as potentials (every residual reduced cost is then ≥ 0).
    fn cancel_negative_cycles(&mut self) {
        let n = self.phi.len();
        let mut edges = Vec::new();
        loop {
            let mut dist = vec![0i64; n];
            let mut parent: Vec<Option<(usize, Edge)>> = vec![None; n];
            let mut last = None;
            for _ in 0..n {
                last = None;
                for u in 0..n {
                    edges.clear();
                    self.edges(u, &mut edges);
                    for &(v, c, e) in &edges {
                        if dist[u] + c < dist[v] {
                            dist[v] = dist[u] + c;
                            parent[v] = Some((u, e));
                            last = Some(v);
                        }
                    }
                }
                if last.is_none() {
                    break;
                }
                // A cycle among the parent pointers is a negative cycle: cancel it now rather
                // than after n passes.
                if let Some(c) = parent_cycle(&parent) {
                    last = Some(c);
                    break;
                }
            }
            match last {
                None => {
                    self.phi = dist;
                    return;
                }
                Some(v) => self.cancel(v, &parent),
            }
        }
    }

    /// Push flow around the cycle reached by following parents from v.
    fn cancel(&mut self, v: usize, parent: &[Option<(usize, Edge)>]) {
        let n = parent.len();
        let mut x = v;
        for _ in 0..n {
            x = parent[x].map_or(x, |p| p.0);
        }
        let mut cycle = Vec::new();
        let mut y = x;
        loop {
            let Some((u, e)) = parent[y] else { return };
            cycle.push((y, e));
            y = u;
            if y == x || cycle.len() > n {
                break;
            }
        }
        cycle.reverse();
        let mut d = INF;
        for &(_, e) in &cycle {
            d = d.min(self.residual(e));
        }
        if d > 0 && d < INF {
            self.apply(usize::MAX, &cycle, d);
        }
    }

    /// Residual capacity of one edge (never a source edge here).
    pub(super) fn residual(&self, e: Edge) -> i64 {
        let net = self.net;
        match e {
            Edge::Source(_) | Edge::SourceOverflow => 0,
            Edge::PoolSchool(p) => net.pool_cap[p as usize] - self.pool_flow[p as usize],
            Edge::SchoolPool(p) => self.pool_flow[p as usize],
            Edge::Move { j, from } | Edge::Evict { j, from } => self.held(j as usize, from) as i64,
            Edge::SchoolSink(s) => net.school_cap[s as usize] - self.school_flow[s as usize],
            Edge::SinkSchool(s) => self.school_flow[s as usize],
            Edge::Unevict { j } => self.held(j as usize, OVERFLOW) as i64,
        }
    }
}

/// A node on a cycle of the parent pointers, if there is one.
fn parent_cycle(parent: &[Option<(usize, Edge)>]) -> Option<usize> {
    let n = parent.len();
    let mut stamp = vec![usize::MAX; n];
    for start in 0..n {
        let mut v = start;
        while stamp[v] == usize::MAX {
            stamp[v] = start;
            match parent[v] {
                Some((u, _)) => v = u,
                None => break,
            }
        }
        if stamp[v] == start && parent[v].is_some() {
            // v was reached twice on this walk: it lies on a cycle unless the walk ended at v.
            let mut w = v;
            for _ in 0..n {
                w = parent[w].map_or(w, |p| p.0);
                if w == v {
                    return Some(v);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zones::pool_flow::solve;

    /// A random network: `n` groups with arcs to every pool, pools of two per school.
    fn network(seed: u64, n: usize, schools: usize) -> Network {
        let mut r = crate::sample::Rng::new(seed);
        let pools = schools * 2;
        let mut arcs = Vec::new();
        let mut offsets = vec![0];
        for _ in 0..n {
            let grade = r.below(2);
            for s in 0..schools {
                arcs.push(((s * 2 + grade) as u32, r.below(10_000) as i64));
            }
            offsets.push(arcs.len());
        }
        Network {
            counts: (0..n).map(|_| 1 + r.below(20) as u32).collect(),
            offsets,
            arcs,
            pool_school: (0..pools).map(|p| (p / 2) as u32).collect(),
            pool_cap: (0..pools).map(|_| 45 * r.below(5) as i64).collect(),
            school_cap: (0..schools).map(|_| 50 + r.below(200) as i64).collect(),
            overflow_cost: 1_000_000,
        }
    }

    #[test]
    fn resolving_after_capacity_changes_equals_solving_from_scratch() {
        for seed in 0..40 {
            let mut net = network(seed, 30 + seed as usize, 2 + (seed % 4) as usize);
            let mut flow = solve(&net);
            let mut r = crate::sample::Rng::new(seed + 1000);
            for step in 0..6 {
                let p = r.below(net.pool_cap.len());
                let q = r.below(net.pool_cap.len());
                if net.pool_cap[p] >= 45 {
                    net.pool_cap[p] -= 45;
                }
                net.pool_cap[q] += 45;
                let warm = resolve(&net, &flow);
                let cold = solve(&net);
                assert_eq!(warm.cost, cold.cost, "seed {seed} step {step}");
                for (j, list) in warm.x.iter().enumerate() {
                    let placed: u32 = list.iter().map(|e| e.1).sum();
                    assert_eq!(placed, net.counts[j], "seed {seed} step {step}: group {j}");
                }
                for p in 0..net.pool_cap.len() {
                    assert!(warm.pool_flow[p] <= net.pool_cap[p]);
                }
                flow = warm;
            }
        }
    }
}
