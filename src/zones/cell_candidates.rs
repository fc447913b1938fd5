//! Nearest site by table lookup: square cells over where the queries are, split in four until
//! each lists the few sites that can be nearest to some point of it.
//!
//! Why: `--method nearest` asks for the nearest school of half a million homes. A ring search of
//! the coarse [`super::site_grid::SiteGrid`] reads a few dozen sites per home; here a home walks
//! down a few levels to its cell and reads a handful. A site can be nearest to a point of a cell
//! only if its distance to the cell is at most `D`, the smallest distance from a site to the cell's
//! farthest point: a point's nearest site is never farther than `D`. Keeping every site within `D`
//! (plus a millimetre for rounding) keeps the exact answer, ties included. A quarter of a cell
//! needs only its parent's candidates: a site that can be nearest in the quarter can be in the
//! parent, and the quarter's `D` taken over them is no smaller than over all sites.
//! Splitting stops where the list is short, so clustered schools (a town's dozen) get small cells
//! and open country large ones.

/// Sites that can be nearest, per cell of a quadtree over an extent.
#[derive(Debug, Clone)]
pub struct CellCandidates {
    origin_m: [f64; 2],
    size_m: f64,
    /// Cells; the root is 0. A split cell's quarters are `first..first + 4` (lower left, lower
    /// right, upper left, upper right); a leaf lists `items[first..first + len]`.
    cells: Vec<Cell>,
    items: Vec<([f64; 2], u32)>,
}

#[derive(Debug, Clone, Copy)]
struct Cell {
    first: u32,
    /// Candidates of a leaf; [`SPLIT`] for a split cell.
    len: u32,
}

const SPLIT: u32 = u32::MAX;
/// A cell with at most this many candidates is not split.
const LEAF_MAX: usize = 4;
/// Splits at most (a cell a 65,536th of the extent's side).
const MAX_DEPTH: u32 = 16;
/// Slack on `D`, in metres, for rounding in the cell a point falls in.
const SLACK_M: f64 = 1e-3;

/// A square cell: lower-left corner and side, in metres.
#[derive(Clone, Copy)]
struct Square {
    x0: f64,
    y0: f64,
    size: f64,
}

impl Square {
    fn quarter(self, k: usize) -> Square {
        let half = self.size / 2.0;
        Square {
            x0: if k & 1 == 1 { self.x0 + half } else { self.x0 },
            y0: if k & 2 == 2 { self.y0 + half } else { self.y0 },
            size: half,
        }
    }

    /// Squared distance from `p` to the nearest and to the farthest point of the square.
    fn near_far2(self, p: [f64; 2]) -> (f64, f64) {
        let (x1, y1) = (self.x0 + self.size, self.y0 + self.size);
        let near = |v: f64, a: f64, b: f64| (a - v).max(v - b).max(0.0);
        let far = |v: f64, a: f64, b: f64| (v - a).abs().max((v - b).abs());
        let (nx, ny) = (near(p[0], self.x0, x1), near(p[1], self.y0, y1));
        let (fx, fy) = (far(p[0], self.x0, x1), far(p[1], self.y0, y1));
        (nx * nx + ny * ny, fx * fx + fy * fy)
    }
}

impl CellCandidates {
    /// The tree over `lo..hi` (metres) for `sites`; None when there are no sites or the extent is
    /// empty or not finite.
    pub fn new(sites: &[([f64; 2], u32)], lo: [f64; 2], hi: [f64; 2]) -> Option<CellCandidates> {
        let finite = lo.iter().chain(&hi).all(|v| v.is_finite());
        if sites.is_empty() || !finite || !(lo[0] <= hi[0] && lo[1] <= hi[1]) {
            return None;
        }
        let size_m = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1.0);
        let mut tree = CellCandidates {
            origin_m: lo,
            size_m,
            cells: vec![Cell { first: 0, len: 0 }],
            items: Vec::new(),
        };
        let root = Square {
            x0: lo[0],
            y0: lo[1],
            size: size_m,
        };
        tree.build(0, root, sites.to_vec(), 0);
        Some(tree)
    }

    /// Fill cell `at` covering `sq` from its parent's candidates `cands`.
    fn build(&mut self, at: usize, sq: Square, mut cands: Vec<([f64; 2], u32)>, depth: u32) {
        let d_far2 = cands
            .iter()
            .map(|(p, _)| sq.near_far2(*p).1)
            .fold(f64::INFINITY, f64::min);
        let reach = d_far2.sqrt() + SLACK_M;
        cands.retain(|(p, _)| sq.near_far2(*p).0 <= reach * reach);
        if cands.len() <= LEAF_MAX || depth == MAX_DEPTH {
            self.cells[at] = Cell {
                first: self.items.len() as u32,
                len: cands.len() as u32,
            };
            self.items.extend(cands);
            return;
        }
        let first = self.cells.len();
        self.cells[at] = Cell {
            first: first as u32,
            len: SPLIT,
        };
        self.cells.extend([Cell { first: 0, len: 0 }; 4]);
        for k in 0..4 {
            self.build(first + k, sq.quarter(k), cands.clone(), depth + 1);
        }
    }

    /// The candidates for `q`, or None when `q` is outside the extent.
    pub fn candidates(&self, q: [f64; 2]) -> Option<&[([f64; 2], u32)]> {
        let mut sq = Square {
            x0: self.origin_m[0],
            y0: self.origin_m[1],
            size: self.size_m,
        };
        let inside = |v: f64, o: f64| v >= o && v <= o + self.size_m;
        if !(inside(q[0], sq.x0) && inside(q[1], sq.y0)) {
            return None;
        }
        let mut cell = self.cells[0];
        while cell.len == SPLIT {
            let half = sq.size / 2.0;
            let k = usize::from(q[0] >= sq.x0 + half) + 2 * usize::from(q[1] >= sq.y0 + half);
            sq = sq.quarter(k);
            cell = self.cells[cell.first as usize + k];
        }
        let first = cell.first as usize;
        Some(&self.items[first..first + cell.len as usize])
    }
}
