//! Demand cells: the pupils of a project without planning units, aggregated into the squares of a
//! grid in the planar CRS, so that they can be zoned, drafted and reported on as whole units.
//!
//! Why: a county that sends only pupils' homes (no villages or communities table) must still be
//! draftable by hand, and the editor may never show one home. A square is a cell of its own only
//! when it holds at least `min_pupils` pupils of the stage (the caller passes the published
//! report's threshold); the pupils of a smaller square are merged into the nearest such cell
//! (centre to centre, ties to the lowest grid index), so no pupil is lost and none stands alone.
//! The cells are point units at their square's centre: distances are measured from there,
//! adjacency is the Delaunay graph of the centres and zone shapes the Voronoi areas, as for any
//! point units. The same grid and threshold always give the same cells, so a saved draft names
//! them by id (`cell_{ix}_{iy}`, the square's grid index) and `plan --zones` rebuilds them.

use crate::crs::{CrsError, PlanarCrs};
use crate::model::{GradeCounts, SourceRef, Stage, Student, Unit, UnitShape};
use geo::{coord, Polygon, Rect};
use rstar::{primitives::GeomWithData, RTree};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Side of a demand cell when none is chosen, metres.
pub const DEFAULT_CELL_M: f64 = 1000.0;

/// The grid the cells are made on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CellGrid {
    /// Side of a square, metres (planar CRS).
    pub size_m: f64,
    /// Fewest pupils a cell may hold.
    pub min_pupils: u32,
}

/// Why no cells can be made.
#[derive(Debug, thiserror::Error)]
pub enum CellError {
    #[error("a demand cell of {size_m} m: the side must be a positive number of metres")]
    BadSize { size_m: f64 },
    #[error("{pupils} {stage} pupil(s) with a home position: fewer than {min_pupils}, the fewest a demand cell may show")]
    TooFewPupils {
        stage: String,
        pupils: u32,
        min_pupils: u32,
    },
    #[error(transparent)]
    Crs(#[from] CrsError),
}

/// The cells of one stage, and the students placed in them.
#[derive(Debug, Clone)]
pub struct DemandCells {
    pub grid: CellGrid,
    /// One point unit per cell, sorted by grid index; `counts` are the cell's pupils by grade.
    pub units: Vec<Unit>,
    /// Grid index (column, row) of each unit's square.
    pub squares: Vec<[i64; 2]>,
    /// All students; those of the stage with a home position carry their cell's id as `unit_id`,
    /// those of the stage without one carry none.
    pub students: Vec<Student>,
    /// Squares below the threshold merged into a cell, and their pupils.
    pub merged_squares: usize,
    pub merged_pupils: u32,
}

impl CellGrid {
    /// The grid index of the square holding `xy_m`.
    pub fn square_of(&self, xy_m: [f64; 2]) -> [i64; 2] {
        [
            (xy_m[0] / self.size_m).floor() as i64,
            (xy_m[1] / self.size_m).floor() as i64,
        ]
    }

    /// The centre of square `ix`, planar metres.
    pub fn centre_m(&self, ix: [i64; 2]) -> [f64; 2] {
        [
            (ix[0] as f64 + 0.5) * self.size_m,
            (ix[1] as f64 + 0.5) * self.size_m,
        ]
    }

    /// Square `ix` as a polygon, planar metres.
    pub fn square_m(&self, ix: [i64; 2]) -> Polygon<f64> {
        let (x0, y0) = (ix[0] as f64 * self.size_m, ix[1] as f64 * self.size_m);
        Rect::new(
            coord! { x: x0, y: y0 },
            coord! { x: x0 + self.size_m, y: y0 + self.size_m },
        )
        .to_polygon()
    }
}

/// The id of the cell of square `ix`.
pub fn cell_id(ix: [i64; 2]) -> String {
    format!("cell_{}_{}", ix[0], ix[1])
}

/// Aggregate the pupils of `stage` with a home position into the cells of `grid`.
pub fn demand_cells(
    students: &[Student],
    stage: Stage,
    planar: &PlanarCrs,
    grid: CellGrid,
) -> Result<DemandCells, CellError> {
    if !(grid.size_m.is_finite() && grid.size_m > 0.0) {
        return Err(CellError::BadSize {
            size_m: grid.size_m,
        });
    }
    let mut by_square: BTreeMap<[i64; 2], Vec<usize>> = BTreeMap::new();
    for (i, s) in students.iter().enumerate() {
        if let (true, Some(xy)) = (s.grade.stage() == stage, s.xy_m) {
            by_square.entry(grid.square_of(xy)).or_default().push(i);
        }
    }
    let squares: Vec<([i64; 2], Vec<usize>)> = by_square.into_iter().collect();
    let shown = shown_squares(&squares, grid.min_pupils, stage)?;
    let target = merge_targets(&squares, &shown, &grid);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); shown.len()];
    let (mut merged_squares, mut merged_pupils) = (0usize, 0u32);
    for (k, (_, pupils)) in squares.iter().enumerate() {
        let c = target[k];
        if squares[shown[c]].0 != squares[k].0 {
            merged_squares += 1;
            merged_pupils += pupils.len() as u32;
        }
        members[c].extend_from_slice(pupils);
    }
    let mut out = students.to_vec();
    for s in out.iter_mut().filter(|s| s.grade.stage() == stage) {
        s.unit_id = None;
    }
    let mut units = Vec::with_capacity(shown.len());
    for (c, &k) in shown.iter().enumerate() {
        let ix = squares[k].0;
        let mut counts = GradeCounts::default();
        let id: std::sync::Arc<str> = cell_id(ix).into();
        for &i in &members[c] {
            counts.add(students[i].grade, 1);
            out[i].unit_id = Some(std::sync::Arc::clone(&id));
        }
        let xy_m = grid.centre_m(ix);
        units.push(Unit {
            id: cell_id(ix),
            name: format!("{} m cell {},{}", grid.size_m, ix[0], ix[1]),
            shape: UnitShape::Point {
                lonlat: planar.unproject(xy_m)?,
                xy_m,
            },
            centroid_xy_m: xy_m,
            counts: Some(counts),
            source: SourceRef::new("demand cells", c as u64 + 1),
        });
    }
    Ok(DemandCells {
        grid,
        units,
        squares: shown.iter().map(|k| squares[*k].0).collect(),
        students: out,
        merged_squares,
        merged_pupils,
    })
}

/// Indices of the squares that are cells: those with at least `min` pupils; when none has, the
/// fullest one (if all of them together reach `min`).
fn shown_squares(
    squares: &[([i64; 2], Vec<usize>)],
    min: u32,
    stage: Stage,
) -> Result<Vec<usize>, CellError> {
    let shown: Vec<usize> = (0..squares.len())
        .filter(|k| squares[*k].1.len() as u32 >= min)
        .collect();
    if !shown.is_empty() {
        return Ok(shown);
    }
    let total: usize = squares.iter().map(|s| s.1.len()).sum();
    let fullest = (0..squares.len())
        .max_by(|a, b| squares[*a].1.len().cmp(&squares[*b].1.len()).then(b.cmp(a)));
    match fullest {
        Some(k) if total as u32 >= min => Ok(vec![k]),
        _ => Err(CellError::TooFewPupils {
            stage: stage.to_string(),
            pupils: total as u32,
            min_pupils: min,
        }),
    }
}

/// For every square, the index into `shown` of the cell its pupils go to: itself when shown,
/// else the nearest shown square (ties: the lowest grid index).
fn merge_targets(
    squares: &[([i64; 2], Vec<usize>)],
    shown: &[usize],
    grid: &CellGrid,
) -> Vec<usize> {
    let tree = RTree::bulk_load(
        shown
            .iter()
            .enumerate()
            .map(|(c, k)| GeomWithData::new(grid.centre_m(squares[*k].0), c))
            .collect(),
    );
    let mut own: BTreeMap<usize, usize> = BTreeMap::new();
    for (c, k) in shown.iter().enumerate() {
        own.insert(*k, c);
    }
    (0..squares.len())
        .map(|k| {
            if let Some(c) = own.get(&k) {
                return *c;
            }
            let at = grid.centre_m(squares[k].0);
            let mut near = tree.nearest_neighbor_iter_with_distance_2(&at);
            let Some((first, d0)) = near.next() else {
                return 0;
            };
            let mut best = first.data;
            for (n, d) in near {
                if d > d0 {
                    break;
                }
                best = best.min(n.data);
            }
            best
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Grade, Placement};

    fn pupil(i: usize, xy: [f64; 2]) -> Student {
        Student {
            id: format!("s{i}"),
            grade: Grade::G1,
            lonlat: None,
            xy_m: Some(xy),
            address: None,
            school_id: None,
            unit_id: Some("old".into()),
            birth_date: None,
            migrant: false,
            placement: Placement::Coordinates,
            source: SourceRef::new("students.csv", i as u64 + 2),
        }
    }

    fn planar() -> PlanarCrs {
        PlanarCrs::from_epsg(4526).unwrap()
    }

    #[test]
    fn small_squares_merge_into_the_nearest_cell_and_no_pupil_is_lost() {
        let grid = CellGrid {
            size_m: 1000.0,
            min_pupils: 5,
        };
        let base = [38_500_000.0, 4_000_000.0];
        let mut students = Vec::new();
        // Six pupils in square A, five in square B 10 km east, one 2 km east of A, two 9 km east.
        let spots = [(0.0, 6), (10_000.0, 5), (2_000.0, 1), (9_000.0, 2)];
        for (dx, n) in spots {
            for _ in 0..n {
                students.push(pupil(students.len(), [base[0] + dx + 10.0, base[1] + 10.0]));
            }
        }
        let cells = demand_cells(&students, Stage::Primary, &planar(), grid).unwrap();
        let counts: Vec<u32> = cells
            .units
            .iter()
            .map(|u| u.counts.unwrap().total())
            .collect();
        assert_eq!(counts, vec![7, 7]);
        assert_eq!((cells.merged_squares, cells.merged_pupils), (2, 3));
        let a = cell_id(grid.square_of(base));
        assert_eq!(cells.units[0].id, a);
        assert_eq!(cells.students[11].unit_id.as_deref(), Some(a.as_str()));
        let b = cell_id(grid.square_of([base[0] + 10_000.0, base[1]]));
        assert_eq!(cells.students[12].unit_id.as_deref(), Some(b.as_str()));
        assert!(cells.students.iter().all(|s| s.unit_id.is_some()));
        assert_eq!(
            cells.units[0].centroid_xy_m,
            grid.centre_m(grid.square_of(base))
        );
    }

    #[test]
    fn too_few_pupils_and_a_bad_size_are_errors() {
        let at = |dx: f64| [38_500_000.0 + dx, 4_000_000.0];
        let students: Vec<Student> = (0..4).map(|i| pupil(i, at(1e3 * i as f64))).collect();
        let grid = CellGrid {
            size_m: 1000.0,
            min_pupils: 5,
        };
        let e = demand_cells(&students, Stage::Primary, &planar(), grid).unwrap_err();
        assert!(
            matches!(e, CellError::TooFewPupils { pupils: 4, .. }),
            "{e}"
        );
        let bad = CellGrid {
            size_m: 0.0,
            ..grid
        };
        assert!(matches!(
            demand_cells(&students, Stage::Primary, &planar(), bad),
            Err(CellError::BadSize { .. })
        ));
        // Four squares of one pupil each and a fifth: the fullest square holds all five.
        let mut five = students.clone();
        five.push(pupil(4, at(10.0)));
        let cells = demand_cells(&five, Stage::Primary, &planar(), grid).unwrap();
        assert_eq!(cells.units.len(), 1);
        assert_eq!(cells.units[0].id, cell_id(grid.square_of(at(0.0))));
        assert_eq!(cells.units[0].counts.unwrap().total(), 5);
    }
}
