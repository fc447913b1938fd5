//! Nearest school: each group goes to the closest school of the level by straight-line metres,
//! found with an R-tree. Caps are not applied; violations show in the outcome.
//!
//! Schools at the same position are one site to this method: the lowest seat index takes the
//! pupils, so the zones are exactly the Voronoi cells of the distinct school positions
//! ([`nearest_sites`], which [`super::polygons`] draws).

use super::{Alloc, Problem, Solved};
use rayon::prelude::*;
use rstar::primitives::GeomWithData;
use rstar::RTree;

pub type Node = GeomWithData<[f64; 2], u32>;

/// An R-tree over the seats' positions.
pub fn seat_tree(problem: &Problem) -> RTree<Node> {
    RTree::bulk_load(
        problem
            .seats
            .iter()
            .enumerate()
            .map(|(i, s)| Node::new(s.xy_m, i as u32))
            .collect(),
    )
}

/// The distinct seat positions, each with the lowest seat index there, sorted by position: the
/// sites of the nearest method.
pub fn nearest_sites(seats_xy_m: impl Iterator<Item = [f64; 2]>) -> Vec<([f64; 2], usize)> {
    let mut sites: Vec<([f64; 2], usize)> = seats_xy_m.enumerate().map(|(i, p)| (p, i)).collect();
    sites.sort_by(|a, b| {
        (a.0[0].total_cmp(&b.0[0]))
            .then(a.0[1].total_cmp(&b.0[1]))
            .then(a.1.cmp(&b.1))
    });
    sites.dedup_by(|later, first| later.0 == first.0);
    sites
}

/// An R-tree over the distinct seat positions, each holding the lowest seat index there.
fn site_tree(problem: &Problem) -> RTree<Node> {
    let sites = nearest_sites(problem.seats.iter().map(|s| s.xy_m));
    RTree::bulk_load(
        sites
            .into_iter()
            .map(|(p, i)| Node::new(p, i as u32))
            .collect(),
    )
}

/// The `k` nearest seats of each group, nearest first (ties by seat index, so results are
/// deterministic).
pub fn candidates(problem: &Problem, k: usize) -> Vec<Vec<u32>> {
    let tree = seat_tree(problem);
    let k = k.min(problem.seats.len()).max(1);
    problem
        .groups
        .par_iter()
        .map(|g| {
            let mut near: Vec<(f64, u32)> = tree
                .nearest_neighbor_iter_with_distance_2(&g.xy_m)
                .take(k + 1)
                .map(|(n, d2)| (d2, n.data))
                .collect();
            near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            near.truncate(k);
            near.into_iter().map(|(_, s)| s).collect()
        })
        .collect()
}

/// Assign every group whole to its nearest seat (of co-located seats, the lowest index).
pub fn solve(problem: &Problem) -> Solved {
    let tree = site_tree(problem);
    let allocs = problem
        .groups
        .par_iter()
        .enumerate()
        .map(|(g, group)| Alloc {
            group: g as u32,
            seat: tree.nearest_neighbor(&group.xy_m).map(|n| n.data),
            count: group.count,
        })
        .collect();
    Solved {
        allocs,
        lower_bound: None,
        exact: false,
        objective: None,
        splits: Vec::new(),
        notes: Vec::new(),
        algorithm: "nearest school (R-tree), caps not applied".into(),
    }
}
