//! Nearest school: each group goes to the closest school of the level by straight-line metres,
//! found with a grid of the school positions ([`SiteGrid`]). Caps are not applied; violations show in the outcome.
//!
//! Schools at the same position are one site to this method: the lowest seat index takes the
//! pupils, so the zones are exactly the Voronoi cells of the distinct school positions
//! ([`nearest_sites`], which [`super::polygons`] draws).

use super::site_grid::SiteGrid;
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

/// The box holding every group's position (metres), None when no group has a finite one.
fn extent(problem: &Problem) -> Option<([f64; 2], [f64; 2])> {
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for g in problem
        .groups
        .iter()
        .filter(|g| g.xy_m.iter().all(|v| v.is_finite()))
    {
        for i in 0..2 {
            lo[i] = lo[i].min(g.xy_m[i]);
            hi[i] = hi[i].max(g.xy_m[i]);
        }
    }
    (lo[0] <= hi[0]).then_some((lo, hi))
}

/// Groups per parallel work item of [`solve`].
const GROUPS_PER_TASK: usize = 16_384;

/// Assign every group whole to its nearest seat (of co-located seats, the lowest index). The
/// distinct seat positions go into a [`SiteGrid`]; groups at the same point as the one before
/// (grades of one home, which the builder puts next to each other) reuse its answer.
pub fn solve(problem: &Problem) -> Solved {
    let sites: Vec<([f64; 2], u32)> = nearest_sites(problem.seats.iter().map(|s| s.xy_m))
        .into_iter()
        .map(|(p, i)| (p, i as u32))
        .collect();
    let grid = SiteGrid::new(&sites).map(|g| match extent(problem) {
        Some((lo, hi)) => g.covering(lo, hi),
        None => g,
    });
    let allocs = problem
        .groups
        .par_chunks(GROUPS_PER_TASK)
        .enumerate()
        .flat_map_iter(|(c, chunk)| {
            let grid = grid.as_ref();
            let mut last: Option<([f64; 2], Option<u32>)> = None;
            chunk.iter().enumerate().map(move |(k, group)| {
                let seat = match last {
                    Some((xy, seat)) if xy == group.xy_m => seat,
                    _ => grid.map(|g| g.nearest(group.xy_m)),
                };
                last = Some((group.xy_m, seat));
                Alloc {
                    group: (c * GROUPS_PER_TASK + k) as u32,
                    seat,
                    count: group.count,
                }
            })
        })
        .collect();
    Solved {
        allocs,
        lower_bound: None,
        exact: false,
        objective: None,
        splits: Vec::new(),
        notes: Vec::new(),
        algorithm: "nearest school (straight line, grid search), caps not applied".into(),
    }
}
