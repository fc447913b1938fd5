//! Nearest site for many points: a uniform grid of buckets over a few hundred sites, searched in
//! square rings outward from the query's cell until no unsearched cell can hold a nearer site.
//!
//! Why: `--method nearest` asks for the nearest school of up to a million homes; an R-tree answers
//! each through a heap of nodes, where a grid with about two sites per cell reads a handful of
//! cells. Exact (squared Euclidean distance), ties to the lowest site index, so the answer does not
//! depend on how the grid is laid out.

use super::cell_candidates::CellCandidates;

/// Sites bucketed by grid cell.
#[derive(Debug, Clone)]
pub struct SiteGrid {
    origin_m: [f64; 2],
    cell_m: f64,
    nx: usize,
    ny: usize,
    /// Cell `c` holds `items[start[c]..start[c + 1]]`; cells row by row (y major).
    start: Vec<u32>,
    /// (position, site index).
    items: Vec<([f64; 2], u32)>,
    /// Each cell's candidates over where the queries are, when known ([`SiteGrid::covering`]).
    fine: Option<CellCandidates>,
}

/// Average sites per cell the grid aims at.
const SITES_PER_CELL: f64 = 2.0;
/// Cells per side at most, so a county with clustered schools cannot ask for a huge grid.
const MAX_CELLS_PER_SIDE: usize = 1024;

impl SiteGrid {
    /// A grid over `sites` (finite positions, each with its index); None when there are none.
    pub fn new(sites: &[([f64; 2], u32)]) -> Option<SiteGrid> {
        let first = sites.first()?;
        let (mut lo, mut hi) = (first.0, first.0);
        for (p, _) in sites {
            for i in 0..2 {
                lo[i] = lo[i].min(p[i]);
                hi[i] = hi[i].max(p[i]);
            }
        }
        let (w, h) = ((hi[0] - lo[0]).max(1.0), (hi[1] - lo[1]).max(1.0));
        let cell_m = (w * h * SITES_PER_CELL / sites.len() as f64)
            .sqrt()
            .max(w.max(h) / MAX_CELLS_PER_SIDE as f64)
            .max(1e-3);
        let nx = ((w / cell_m).ceil() as usize).clamp(1, MAX_CELLS_PER_SIDE);
        let ny = ((h / cell_m).ceil() as usize).clamp(1, MAX_CELLS_PER_SIDE);
        let mut grid = SiteGrid {
            origin_m: lo,
            cell_m,
            nx,
            ny,
            start: vec![0; nx * ny + 1],
            items: Vec::with_capacity(sites.len()),
            fine: None,
        };
        let mut keyed: Vec<(usize, [f64; 2], u32)> = sites
            .iter()
            .map(|(p, i)| {
                let (cx, cy) = grid.cell_of(*p);
                (cy * nx + cx, *p, *i)
            })
            .collect();
        keyed.sort_by_key(|k| (k.0, k.2));
        for (c, _, _) in &keyed {
            grid.start[c + 1] += 1;
        }
        for c in 0..nx * ny {
            grid.start[c + 1] += grid.start[c];
        }
        grid.items = keyed.into_iter().map(|(_, p, i)| (p, i)).collect();
        Some(grid)
    }

    /// The cell holding `p`, clamped to the grid.
    fn cell_of(&self, p: [f64; 2]) -> (usize, usize) {
        let f = |v: f64, o: f64, n: usize| {
            (((v - o) / self.cell_m).floor().max(0.0) as usize).min(n - 1)
        };
        (
            f(p[0], self.origin_m[0], self.nx),
            f(p[1], self.origin_m[1], self.ny),
        )
    }

    /// The grid, answering queries inside `lo..hi` (metres) from each cell's candidates
    /// ([`CellCandidates`]); queries outside still search rings.
    pub fn covering(mut self, lo: [f64; 2], hi: [f64; 2]) -> SiteGrid {
        self.fine = CellCandidates::new(&self.items, lo, hi);
        self
    }

    /// The index of the site nearest `q` (ties: the lowest index).
    pub fn nearest(&self, q: [f64; 2]) -> u32 {
        if let Some(cands) = self.fine.as_ref().and_then(|f| f.candidates(q)) {
            let mut best = (f64::INFINITY, u32::MAX);
            for (p, i) in cands {
                let d2 = (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2);
                if d2 < best.0 || (d2 == best.0 && *i < best.1) {
                    best = (d2, *i);
                }
            }
            return best.1;
        }
        self.search_rings(q)
    }

    /// [`SiteGrid::nearest`] by searching square rings of cells outward from `q`'s.
    fn search_rings(&self, q: [f64; 2]) -> u32 {
        let (cx, cy) = self.cell_of(q);
        let mut best = (f64::INFINITY, u32::MAX);
        let visit = |x: usize, y: usize, best: &mut (f64, u32)| {
            let c = y * self.nx + x;
            for (p, i) in &self.items[self.start[c] as usize..self.start[c + 1] as usize] {
                let d2 = (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2);
                if d2 < best.0 || (d2 == best.0 && *i < best.1) {
                    *best = (d2, *i);
                }
            }
        };
        let (cx, cy) = (cx as isize, cy as isize);
        let (nx, ny) = (self.nx as isize, self.ny as isize);
        for r in 0isize.. {
            let (x0, x1, y0, y1) = (cx - r, cx + r, cy - r, cy + r);
            for y in y0.max(0)..=y1.min(ny - 1) {
                let full_row = y == y0 || y == y1;
                if full_row {
                    for x in x0.max(0)..=x1.min(nx - 1) {
                        visit(x as usize, y as usize, &mut best);
                    }
                } else {
                    if x0 >= 0 {
                        visit(x0 as usize, y as usize, &mut best);
                    }
                    if x1 < nx && r > 0 {
                        visit(x1 as usize, y as usize, &mut best);
                    }
                }
            }
            // The nearest any unsearched cell can be: the sides of the searched square that
            // have grid cells beyond them.
            let mut bound = f64::INFINITY;
            let edge = |k: isize, o: f64| o + k as f64 * self.cell_m;
            if x0 > 0 {
                bound = bound.min(q[0] - edge(x0, self.origin_m[0]));
            }
            if x1 < nx - 1 {
                bound = bound.min(edge(x1 + 1, self.origin_m[0]) - q[0]);
            }
            if y0 > 0 {
                bound = bound.min(q[1] - edge(y0, self.origin_m[1]));
            }
            if y1 < ny - 1 {
                bound = bound.min(edge(y1 + 1, self.origin_m[1]) - q[1]);
            }
            // A margin for rounding in the cell of a site lying on a cell edge.
            let bound = bound - 1e-6;
            if bound == f64::INFINITY || (bound > 0.0 && best.0 < bound * bound) {
                break;
            }
        }
        best.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against brute force, on clustered sites, queries inside and far outside, and exact ties.
    #[test]
    fn the_grid_finds_the_brute_force_nearest_with_ties_to_the_lowest_index() {
        let mut rng = crate::rng::Rng::new(7);
        let mut sites: Vec<([f64; 2], u32)> = (0..300)
            .map(|i| {
                let spread = if i % 3 == 0 { 500.0 } else { 40_000.0 };
                ([rng.f64() * spread, rng.f64() * spread], i)
            })
            .collect();
        // Two sites at the same place: the lower index wins.
        sites.push((sites[10].0, 300));
        let grid = SiteGrid::new(&sites).unwrap();
        let brute = |q: [f64; 2]| {
            sites
                .iter()
                .map(|(p, i)| ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2), *i))
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                .unwrap()
                .1
        };
        for _ in 0..20_000 {
            let q = [
                rng.f64() * 120_000.0 - 40_000.0,
                rng.f64() * 120_000.0 - 40_000.0,
            ];
            assert_eq!(grid.nearest(q), brute(q), "{q:?}");
        }
        assert_eq!(grid.nearest(sites[10].0), 10);
        // Midway between two sites: the lower index.
        let two = SiteGrid::new(&[([0.0, 0.0], 5), ([10.0, 0.0], 2)]).unwrap();
        assert_eq!(two.nearest([5.0, 3.0]), 2);
        let one = SiteGrid::new(&[([3.0, 4.0], 9)]).unwrap();
        assert_eq!(one.nearest([-1e6, 1e6]), 9);
        // With each cell's candidates over part of the plane: the same answers, inside and out.
        let fine = SiteGrid::new(&sites)
            .unwrap()
            .covering([-10_000.0, -5_000.0], [50_000.0, 45_000.0]);
        assert!(fine.fine.is_some());
        for _ in 0..50_000 {
            let q = [
                rng.f64() * 120_000.0 - 40_000.0,
                rng.f64() * 120_000.0 - 40_000.0,
            ];
            assert_eq!(fine.nearest(q), brute(q), "{q:?}");
        }
        // Points on cell edges and corners, and on the sites themselves.
        for (p, _) in &sites {
            for q in [
                *p,
                [p[0].floor(), p[1]],
                [p[0], p[1].ceil()],
                [50_000.0, 45_000.0],
            ] {
                assert_eq!(fine.nearest(q), brute(q), "{q:?}");
            }
        }
        let two = SiteGrid::new(&[([0.0, 0.0], 5), ([10.0, 0.0], 2)])
            .unwrap()
            .covering([-20.0, -20.0], [20.0, 20.0]);
        for x in -20..=20 {
            for y in -20..=20 {
                let q = [x as f64 * 0.5 + 0.0, y as f64];
                let want = if q[0] < 5.0 { 5 } else { 2 };
                assert_eq!(two.nearest(q), want, "{q:?}");
            }
        }
    }
}
