//! What the editor reads, taken from the project once: the records it zones and shows, and, for a
//! project without planning units, the demand cells that stand in for them.
//!
//! Why: the editor's state, statistics, API and saving read typed records, not the loaded
//! project; [`EditorInput::from_project`] is the one place a project becomes the editor's input
//! (as [`crate::zones::ZoneInput::from_project`] is for the zones engine). Without units the
//! pupils are aggregated into square cells ([`crate::zones::cells`]) at the published report's
//! threshold, so the page shows areas of at least that many pupils and never a home.

use super::ServeError;
use crate::crs::PlanarCrs;
use crate::model::{Project, School, Stage, Student, Unit};
use crate::report::privacy::MIN_PUPILS;
use crate::standards::Standards;
use crate::zones::cells::{demand_cells, CellGrid};
use crate::zones::ZoneInput;
use geo::MultiPolygon;

/// The demand cells standing in for planning units.
#[derive(Debug, Clone)]
pub struct Cells {
    pub grid: CellGrid,
    /// Grid index of each unit's square (same order as the units).
    pub squares: Vec<[i64; 2]>,
    /// Each unit's square in WGS84 degrees, for the page.
    pub squares_lonlat: Vec<MultiPolygon<f64>>,
    /// Squares below the threshold merged into a cell, and their pupils.
    pub merged_squares: usize,
    pub merged_pupils: u32,
}

/// The records the editor reads.
#[derive(Debug, Clone)]
pub struct EditorInput {
    pub name: String,
    pub standards: Standards,
    pub planar: PlanarCrs,
    /// County boundary in WGS84 degrees and in planar metres.
    pub boundary: Option<(MultiPolygon<f64>, MultiPolygon<f64>)>,
    pub schools: Vec<School>,
    /// The students; with cells, those of the stage carry their cell as `unit_id`.
    pub students: Vec<Student>,
    /// The planning units, or the demand cells.
    pub units: Vec<Unit>,
    pub cells: Option<Cells>,
}

impl EditorInput {
    /// The editor's input for `stage`: the project's units, or, when it has none, demand cells of
    /// `cell_m` metres holding at least [`MIN_PUPILS`] pupils each.
    pub fn from_project(
        project: Project,
        stage: Stage,
        cell_m: f64,
    ) -> Result<EditorInput, ServeError> {
        let Project {
            name,
            settings,
            planar,
            boundary,
            schools,
            students,
            units,
            ..
        } = project;
        let (students, units, cells) = if units.is_empty() {
            let grid = CellGrid {
                size_m: cell_m,
                min_pupils: MIN_PUPILS,
            };
            let c = demand_cells(&students, stage, &planar, grid)?;
            let squares_lonlat = c
                .squares
                .iter()
                .map(|ix| square_lonlat(&grid, *ix, &planar))
                .collect::<Result<_, _>>()?;
            let cells = Cells {
                grid,
                squares_lonlat,
                squares: c.squares,
                merged_squares: c.merged_squares,
                merged_pupils: c.merged_pupils,
            };
            (c.students, c.units, Some(cells))
        } else {
            (students, units, None)
        };
        Ok(EditorInput {
            name,
            standards: settings.standards,
            planar,
            boundary,
            schools,
            students,
            units,
            cells,
        })
    }

    /// The records as the zones engine reads them.
    pub fn zone_input(&self) -> ZoneInput<'_> {
        ZoneInput {
            name: &self.name,
            standards: &self.standards,
            schools: &self.schools,
            students: &self.students,
            units: &self.units,
            boundary_xy_m: self.boundary.as_ref().map(|(_, xy)| xy),
        }
    }

    /// The grid of the cells, when the units are demand cells.
    pub fn grid(&self) -> Option<CellGrid> {
        self.cells.as_ref().map(|c| c.grid)
    }
}

/// Square `ix` of `grid` in WGS84 degrees (its corners unprojected).
fn square_lonlat(
    grid: &CellGrid,
    ix: [i64; 2],
    planar: &PlanarCrs,
) -> Result<MultiPolygon<f64>, ServeError> {
    let ring = grid
        .square_m(ix)
        .exterior()
        .coords()
        .map(|c| {
            let [x, y] = planar.unproject([c.x, c.y])?;
            Ok(geo::coord! { x: x, y: y })
        })
        .collect::<Result<Vec<_>, crate::crs::CrsError>>()
        .map_err(|e| ServeError::Cells(e.into()))?;
    Ok(MultiPolygon(vec![geo::Polygon::new(
        geo::LineString(ring),
        vec![],
    )]))
}
