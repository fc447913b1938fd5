//! Exact min-cost flow for zoning networks with many demand groups and few capacity pools.
//!
//! Why: the generic min-cost flow (`ac-library`) runs one Dijkstra over every group arc per
//! augmenting path, which is far too slow for the thousands of flows the class-count search
//! ([`super::classes`]) needs on a county of 10,000 pupils. Here groups are folded out of the
//! residual graph: moving a unit of group j from pool p to pool q is one edge p → q of cost
//! c_jq − c_jp, the cheapest such j kept in a lazy heap per (p, q). Shortest paths then run over
//! pools, schools and the sink only (a few hundred nodes), with Johnson potentials so Dijkstra
//! applies.
//!
//! Network: group i (supply n_i) → pool p (cost c_ip; a pool is a school and grade, or a whole
//! school in the relaxation) → school (capacity `pool_cap`) → sink (capacity `school_cap`); every
//! group also has an overflow arc to the sink at `overflow_cost`. Groups are added one at a time
//! and pushed along shortest paths (successive shortest paths from a growing source), so the flow
//! is optimal for the groups added so far; at the end it is an exact optimum of the whole network,
//! integral because every capacity is. The potentials it ends with are optimal duals, used for the
//! Lagrangian bound and the search's move estimates.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// Overflow marker in [`Flow::x`].
pub const OVERFLOW: u32 = u32::MAX;
pub(super) const INF: i64 = i64::MAX / 4;

/// A lazy heap entry: (cost difference in metres, group). Half the size of `(i64, u32)`: the
/// heaps hold one entry per group and candidate, the largest part of a solve's memory (at a
/// million pupils, hundreds of megabytes). Zoning costs are rounded metres within one county
/// plus the 1,000 km overflow, far inside `i32`; [`key`] saturates beyond it.
pub(super) type HeapKey = (i32, u32);

/// A cost difference as a heap key (saturating at the `i32` range, which zoning never reaches).
pub(super) fn key(c: i64) -> i32 {
    debug_assert!(
        i32::try_from(c).is_ok(),
        "heap key {c} m out of the i32 range"
    );
    c.clamp(i32::MIN as i64, i32::MAX as i64) as i32
}

/// A network. Arcs of group i are `arcs[offsets[i]..offsets[i + 1]]` as (pool, cost).
#[derive(Debug, Clone)]
pub struct Network {
    pub counts: Vec<u32>,
    pub offsets: Vec<usize>,
    pub arcs: Vec<(u32, i64)>,
    pub pool_school: Vec<u32>,
    pub pool_cap: Vec<i64>,
    pub school_cap: Vec<i64>,
    pub overflow_cost: i64,
}

/// An optimal flow and its potentials.
#[derive(Debug, Clone)]
pub struct Flow {
    /// Per group: (pool or [`OVERFLOW`], students), no zero entries.
    pub x: Vec<Vec<(u32, u32)>>,
    pub cost: i64,
    /// Students per pool and per school.
    pub pool_flow: Vec<i64>,
    pub school_flow: Vec<i64>,
    /// Potentials: pools, then schools, then the sink.
    pub potential: Vec<i64>,
    /// Augmenting paths found (the work done).
    pub paths: u64,
}

impl Flow {
    /// Value of one more seat in pool p (≥ 0, metres): the dual of its capacity.
    pub fn pool_price(&self, net: &Network, p: usize) -> i64 {
        let s = net.pool_school.len() + net.pool_school[p] as usize;
        (self.potential[s] - self.potential[p]).max(0)
    }

    /// Value of one more seat at school s (≥ 0, metres): the dual of its size cap.
    pub fn school_price(&self, net: &Network, s: usize) -> i64 {
        let sink = self.potential.len() - 1;
        let node = net.pool_school.len() + s;
        (self.potential[sink] - self.potential[node]).max(0)
    }
}

#[derive(Clone, Copy)]
pub(super) enum Edge {
    /// From the new group along its arc to a pool.
    Source(u32),
    /// The new group straight to overflow.
    SourceOverflow,
    PoolSchool(u32),
    SchoolPool(u32),
    /// Group j moves from pool `from` to the edge's head pool.
    Move {
        j: u32,
        from: u32,
    },
    /// Group j leaves pool `from` for overflow.
    Evict {
        j: u32,
        from: u32,
    },
    SchoolSink(u32),
    /// Back from the sink: less flow on school s → sink (cycle cancelling only).
    SinkSchool(u32),
    /// Back from the sink: overflowed group j seated in the edge's head pool (cycles only).
    Unevict {
        j: u32,
    },
}

pub(super) struct Solver<'a> {
    pub(super) net: &'a Network,
    /// The pools' capacities: the network's, until a live flow changes them
    /// ([`super::warm_flow::LiveFlow::set_pool_caps`]).
    pub(super) pool_cap: Vec<i64>,
    pub(super) n_pools: usize,
    pub(super) sink: usize,
    pub(super) x: Vec<Vec<(u32, u32)>>,
    pub(super) pool_flow: Vec<i64>,
    pub(super) school_flow: Vec<i64>,
    pub(super) phi: Vec<i64>,
    /// Heaps of (c_jq − c_jp, j) for groups j with students in p, keyed by (p, q).
    pub(super) moves: Vec<BinaryHeap<Reverse<HeapKey>>>,
    pub(super) move_index: HashMap<(u32, u32), usize>,
    /// Per pool: (head pool, heap index).
    pub(super) out: Vec<Vec<(u32, usize)>>,
    /// Per pool: (overflow_cost − c_jp, j).
    pub(super) evict: Vec<BinaryHeap<Reverse<HeapKey>>>,
    /// Per pool q: (c_jq − overflow_cost, j) for groups j with students in overflow.
    pub(super) unevict: Vec<BinaryHeap<Reverse<HeapKey>>>,
    pub(super) school_pools: Vec<Vec<u32>>,
    /// Per pool: the cheapest move to each head (cost, group; `u32::MAX` when none) and the
    /// eviction, as last read from the heaps; valid while the pool's `changes` count is the one
    /// recorded in `cached_at` (a group arriving in or leaving the pool bumps it). Dijkstra then
    /// reads one array per pool instead of a heap per head.
    pub(super) tops: Vec<Vec<(i64, u32)>>,
    pub(super) changes: Vec<u64>,
    pub(super) cached_at: Vec<u64>,
    pub(super) paths: u64,
    // Dijkstra buffers, reset after each path for the nodes touched only.
    pub(super) dist: Vec<i64>,
    pub(super) parent: Vec<Option<(usize, Edge)>>,
    pub(super) done: Vec<bool>,
    pub(super) touched: Vec<usize>,
    pub(super) heap: BinaryHeap<Reverse<(i64, usize)>>,
    pub(super) edge_buf: Vec<(usize, i64, Edge)>,
}

/// Solve the network exactly, adding groups in index order.
pub fn solve(net: &Network) -> Flow {
    let mut s = Solver::new(net);
    for i in 0..net.counts.len() {
        let mut left = net.counts[i] as i64;
        while left > 0 {
            left -= s.augment(i);
        }
    }
    s.finish()
}

impl<'a> Solver<'a> {
    pub(super) fn new(net: &'a Network) -> Self {
        let n_pools = net.pool_cap.len();
        let n_schools = net.school_cap.len();
        let mut school_pools = vec![Vec::new(); n_schools];
        for (p, s) in net.pool_school.iter().enumerate() {
            school_pools[*s as usize].push(p as u32);
        }
        Solver {
            net,
            pool_cap: net.pool_cap.clone(),
            n_pools,
            sink: n_pools + n_schools,
            x: vec![Vec::new(); net.counts.len()],
            pool_flow: vec![0; n_pools],
            school_flow: vec![0; n_schools],
            phi: vec![0; n_pools + n_schools + 1],
            moves: Vec::new(),
            move_index: HashMap::new(),
            out: vec![Vec::new(); n_pools],
            evict: vec![BinaryHeap::new(); n_pools],
            unevict: vec![BinaryHeap::new(); n_pools],
            school_pools,
            tops: vec![Vec::new(); n_pools],
            changes: vec![1; n_pools],
            cached_at: vec![0; n_pools],
            paths: 0,
            dist: vec![INF; n_pools + n_schools + 1],
            parent: vec![None; n_pools + n_schools + 1],
            done: vec![false; n_pools + n_schools + 1],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
            edge_buf: Vec::new(),
        }
    }

    pub(super) fn arcs(&self, i: usize) -> &'a [(u32, i64)] {
        &self.net.arcs[self.net.offsets[i]..self.net.offsets[i + 1]]
    }

    pub(super) fn cost(&self, i: usize, p: u32) -> i64 {
        self.arcs(i)
            .iter()
            .find(|a| a.0 == p)
            .map_or(self.net.overflow_cost, |a| a.1)
    }

    pub(super) fn held(&self, j: usize, p: u32) -> u32 {
        self.x[j].iter().find(|e| e.0 == p).map_or(0, |e| e.1)
    }

    /// Change group j's students in pool p (or overflow) by `d`; register heaps when it arrives.
    pub(super) fn shift(&mut self, j: usize, p: u32, d: i64) {
        let list = &mut self.x[j];
        let pos = list.iter().position(|e| e.0 == p);
        let arrived = match pos {
            Some(k) => {
                list[k].1 = (list[k].1 as i64 + d) as u32;
                if list[k].1 == 0 {
                    list.swap_remove(k);
                    if p != OVERFLOW {
                        self.changes[p as usize] += 1;
                    }
                }
                false
            }
            None => {
                list.push((p, d as u32));
                true
            }
        };
        if arrived && p != OVERFLOW {
            self.register(j, p);
        } else if arrived {
            for &(q, c) in self.arcs(j) {
                self.unevict[q as usize].push(Reverse((key(c - self.net.overflow_cost), j as u32)));
            }
        }
    }

    pub(super) fn register(&mut self, j: usize, p: u32) {
        self.changes[p as usize] += 1;
        let here = self.cost(j, p);
        self.evict[p as usize].push(Reverse((key(self.net.overflow_cost - here), j as u32)));
        for &(q, c) in self.arcs(j) {
            if q == p {
                continue;
            }
            let next = self.moves.len();
            let h = *self.move_index.entry((p, q)).or_insert(next);
            if h == next {
                self.moves.push(BinaryHeap::new());
                self.out[p as usize].push((q, h));
            }
            self.moves[h].push(Reverse((key(c - here), j as u32)));
        }
    }

    /// Cheapest valid top of a lazy heap (entries whose group left the pool are dropped).
    pub(super) fn top(
        x: &[Vec<(u32, u32)>],
        heap: &mut BinaryHeap<Reverse<HeapKey>>,
        p: u32,
    ) -> Option<(i64, u32)> {
        while let Some(Reverse((c, j))) = heap.peek().copied() {
            if x[j as usize].iter().any(|e| e.0 == p && e.1 > 0) {
                return Some((c as i64, j));
            }
            heap.pop();
        }
        None
    }

    /// One shortest path from group i to the sink; push as much as it carries. Returns the amount.
    pub(super) fn augment(&mut self, i: usize) -> i64 {
        self.paths += 1;
        let mut heap = std::mem::take(&mut self.heap);
        heap.clear();
        for &(p, c) in self.arcs(i) {
            let d = c - self.phi[p as usize];
            self.label(p as usize, d, (usize::MAX, Edge::Source(p)), &mut heap);
        }
        let d = self.net.overflow_cost - self.phi[self.sink];
        self.label(self.sink, d, (usize::MAX, Edge::SourceOverflow), &mut heap);
        let sink = self.sink;
        self.settle_until(&mut heap, |u| u == sink);
        self.heap = heap;
        let parent = std::mem::take(&mut self.parent);
        let path = self.path(&parent);
        self.parent = parent;
        self.reset_labels();
        let delta = self.bottleneck(i, &path);
        self.apply(i, &path, delta);
        delta
    }

    /// Dijkstra with the potentials over the labelled `heap` until a settled node satisfies
    /// `stop`; returns it. The potentials of the settled nodes then move by d_v − d_end; the others
    /// keep theirs (the same as adding min(d_v, d_end) everywhere, shifted by the constant d_end),
    /// so reduced costs stay non-negative. Labels stay set for the path: [`Self::reset_labels`].
    pub(super) fn settle_until(
        &mut self,
        heap: &mut BinaryHeap<Reverse<(i64, usize)>>,
        stop: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let mut edges = std::mem::take(&mut self.edge_buf);
        let mut visited = Vec::new();
        let mut end = None;
        while let Some(Reverse((d, u))) = heap.pop() {
            if self.done[u] || d > self.dist[u] {
                continue;
            }
            self.done[u] = true;
            visited.push(u);
            if stop(u) {
                end = Some(u);
                break;
            }
            edges.clear();
            self.edges(u, &mut edges);
            for &(v, c, e) in &edges {
                let nd = d + c + self.phi[u] - self.phi[v];
                self.label(v, nd, (u, e), heap);
            }
        }
        self.edge_buf = edges;
        if let Some(end) = end {
            let dt = self.dist[end];
            for &v in &visited {
                self.phi[v] += self.dist[v] - dt;
            }
        }
        end
    }

    /// Clear the labels of the nodes the last search touched.
    pub(super) fn reset_labels(&mut self) {
        for &v in &self.touched {
            self.dist[v] = INF;
            self.parent[v] = None;
            self.done[v] = false;
        }
        self.touched.clear();
    }

    /// Offer label d to node v (Dijkstra relaxation), remembering touched nodes for the reset.
    pub(super) fn label(
        &mut self,
        v: usize,
        d: i64,
        from: (usize, Edge),
        heap: &mut BinaryHeap<Reverse<(i64, usize)>>,
    ) {
        if d < self.dist[v] {
            if self.dist[v] == INF {
                self.touched.push(v);
            }
            self.dist[v] = d;
            self.parent[v] = Some(from);
            heap.push(Reverse((d, v)));
        }
    }

    /// Residual edges out of node u: (head, cost, kind), appended to `e`.
    pub(super) fn edges(&mut self, u: usize, e: &mut Vec<(usize, i64, Edge)>) {
        let net = self.net;
        if u < self.n_pools {
            let p = u as u32;
            let s = net.pool_school[u] as usize;
            if self.pool_flow[u] < self.pool_cap[u] {
                e.push((self.n_pools + s, 0, Edge::PoolSchool(p)));
            }
            if self.cached_at[u] != self.changes[u] {
                self.refresh_tops(u);
            }
            let out = &self.out[u];
            for (k, &(c, j)) in self.tops[u].iter().enumerate() {
                if j == u32::MAX {
                    continue;
                }
                match out.get(k) {
                    Some(&(q, _)) => e.push((q as usize, c, Edge::Move { j, from: p })),
                    None => e.push((self.sink, c, Edge::Evict { j, from: p })),
                }
            }
        } else if u == self.sink {
            for s in 0..net.school_cap.len() {
                if self.school_flow[s] > 0 {
                    e.push((self.n_pools + s, 0, Edge::SinkSchool(s as u32)));
                }
            }
            for q in 0..self.n_pools {
                if let Some((c, j)) = Self::top(&self.x, &mut self.unevict[q], OVERFLOW) {
                    e.push((q, c, Edge::Unevict { j }));
                }
            }
        } else {
            let s = u - self.n_pools;
            if self.school_flow[s] < net.school_cap[s] {
                e.push((self.sink, 0, Edge::SchoolSink(s as u32)));
            }
            for &p in &self.school_pools[s] {
                if self.pool_flow[p as usize] > 0 {
                    e.push((p as usize, 0, Edge::SchoolPool(p)));
                }
            }
        }
    }

    /// Read pool u's move and eviction tops from the heaps into `tops[u]` (moves in `out[u]`
    /// order, the eviction last).
    fn refresh_tops(&mut self, u: usize) {
        let p = u as u32;
        let mut tops = std::mem::take(&mut self.tops[u]);
        tops.clear();
        for k in 0..self.out[u].len() {
            let h = self.out[u][k].1;
            tops.push(Self::top(&self.x, &mut self.moves[h], p).unwrap_or((0, u32::MAX)));
        }
        tops.push(Self::top(&self.x, &mut self.evict[u], p).unwrap_or((0, u32::MAX)));
        self.tops[u] = tops;
        self.cached_at[u] = self.changes[u];
    }

    /// The path's edges, each with its head node, from the source to the sink.
    pub(super) fn path(&self, parent: &[Option<(usize, Edge)>]) -> Vec<(usize, Edge)> {
        let mut out = Vec::new();
        let mut v = self.sink;
        while let Some((u, e)) = parent[v] {
            out.push((v, e));
            if u == usize::MAX {
                break;
            }
            v = u;
        }
        out.reverse();
        out
    }

    pub(super) fn bottleneck(&self, i: usize, path: &[(usize, Edge)]) -> i64 {
        let left = self.net.counts[i] as i64 - self.x[i].iter().map(|e| e.1 as i64).sum::<i64>();
        path.iter().fold(left, |b, &(_, e)| match e {
            Edge::Source(_) | Edge::SourceOverflow => b,
            _ => b.min(self.residual(e)),
        })
    }

    /// Residual capacity of an edge other than a source edge (those carry the new group's rest).
    pub(super) fn residual(&self, e: Edge) -> i64 {
        let net = self.net;
        match e {
            Edge::Source(_) | Edge::SourceOverflow => 0,
            Edge::PoolSchool(p) => self.pool_cap[p as usize] - self.pool_flow[p as usize],
            Edge::SchoolPool(p) => self.pool_flow[p as usize],
            Edge::Move { j, from } | Edge::Evict { j, from } => self.held(j as usize, from) as i64,
            Edge::SchoolSink(s) => net.school_cap[s as usize] - self.school_flow[s as usize],
            Edge::SinkSchool(s) => self.school_flow[s as usize],
            Edge::Unevict { j } => self.held(j as usize, OVERFLOW) as i64,
        }
    }

    pub(super) fn apply(&mut self, i: usize, path: &[(usize, Edge)], d: i64) {
        for &(head, e) in path {
            match e {
                Edge::Source(p) => self.shift(i, p, d),
                Edge::SourceOverflow => self.shift(i, OVERFLOW, d),
                Edge::PoolSchool(p) => self.pool_flow[p as usize] += d,
                Edge::SchoolPool(p) => self.pool_flow[p as usize] -= d,
                Edge::Move { j, from } => {
                    self.shift(j as usize, from, -d);
                    self.shift(j as usize, head as u32, d);
                }
                Edge::Evict { j, from } => {
                    self.shift(j as usize, from, -d);
                    self.shift(j as usize, OVERFLOW, d);
                }
                Edge::SchoolSink(s) => self.school_flow[s as usize] += d,
                Edge::SinkSchool(s) => self.school_flow[s as usize] -= d,
                Edge::Unevict { j } => {
                    self.shift(j as usize, OVERFLOW, -d);
                    self.shift(j as usize, head as u32, d);
                }
            }
        }
    }

    /// The total cost of the current assignment (overflow at its cost).
    pub(super) fn total_cost(&self) -> i64 {
        let cost_of = |i: usize, p: u32| match p {
            OVERFLOW => self.net.overflow_cost,
            _ => self.cost(i, p),
        };
        let per_group = self.x.iter().enumerate();
        per_group
            .map(|(i, l)| {
                l.iter()
                    .map(|&(p, n)| cost_of(i, p) * n as i64)
                    .sum::<i64>()
            })
            .sum()
    }

    pub(super) fn finish(self) -> Flow {
        let cost = self.total_cost();
        let mut x = self.x;
        for l in &mut x {
            l.sort_unstable();
        }
        Flow {
            x,
            cost,
            pool_flow: self.pool_flow,
            school_flow: self.school_flow,
            potential: self.phi,
            paths: self.paths,
        }
    }
}
