//! The map's input builder: from a loaded [`Project`] (or the records a zoning run read,
//! [`ZoneInput`]) to [`MapLayers`]: boundary, planning units, schools with their load (classes
//! needed against classrooms, at the project's caps) and students for density.
//!
//! [`MapLayers::from_project`] is the only function of `map` that sees a project; every map is drawn
//! from layers it (or [`MapLayers::from_records`]) built. Zones, forecasts and new sites come from the
//! engines; callers add them to the layers. A zones map of a forecast year draws that year's pupils
//! and enrollment, so it is built from the run's [`ZoneInput`], not from the project.

use super::types::{AreaShape, MapLayers, SchoolMark};
use crate::capacity::LoadCheck;
use crate::model::{rooms_all, Level, Project, Stage, UnitShape};
use crate::zones::ZoneInput;

/// The stage a `--level` stands for: the stage of its first grade (nine- and twelve-year schools
/// start with primary).
pub fn stage_of(level: Level) -> Stage {
    level.grades()[0].stage()
}

impl MapLayers {
    /// Layers for schools that serve `stage` (all schools when `None`), and the students of that
    /// stage.
    pub fn from_project(project: &Project, stage: Option<Stage>) -> MapLayers {
        Self::from_records(&ZoneInput::from_project(project), stage)
    }

    /// [`MapLayers::from_project`] over the records of a zoning run.
    pub fn from_records(input: &ZoneInput, stage: Option<Stage>) -> MapLayers {
        records_layers(input, stage)
    }
}

fn records_layers(input: &ZoneInput, stage: Option<Stage>) -> MapLayers {
    let standards = input.standards;
    let schools = input
        .schools
        .iter()
        .filter(|s| stage.is_none_or(|st| s.level.serves(st)))
        .map(|s| {
            let (enrollment, utilisation, over_cap) = match &s.enrollment {
                Some(counts) => {
                    // All grades counted, so all rooms (the one definition, `rooms_all`).
                    let rooms = rooms_all(s);
                    let check = LoadCheck::new(s.level, counts, rooms, standards);
                    let util = (rooms > 0).then(|| check.classes_needed as f64 / rooms as f64);
                    (
                        check.students,
                        util,
                        check.over_size_cap || check.large_classes > 0,
                    )
                }
                None => (0, None, false),
            };
            SchoolMark {
                id: s.id.clone(),
                name: s.name.clone(),
                level: s.level,
                xy_m: s.xy_m,
                enrollment,
                utilisation,
                over_cap,
            }
        })
        .collect();
    let units = input
        .units
        .iter()
        .filter_map(|u| match &u.shape {
            UnitShape::Polygon { xy_m, .. } => Some(AreaShape {
                name: u.name.clone(),
                polygon_m: xy_m.clone(),
            }),
            UnitShape::Point { .. } => None,
        })
        .collect();
    let density_points_m = input
        .students
        .iter()
        .filter(|s| stage.is_none_or(|st| s.grade.stage() == st))
        .filter_map(|s| s.xy_m)
        .collect();
    MapLayers {
        boundary_m: input.boundary_xy_m.cloned(),
        units,
        schools,
        density_points_m,
        ..Default::default()
    }
}
