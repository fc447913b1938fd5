//! What the zoning engine reads: the records it zones and reports on, borrowed from wherever they
//! live.
//!
//! Why not `&Project`: zoning a forecast year (its pupils spread over today's homes, its schools
//! with that year's enrollment) and the siting report's final year (the new schools added, demand
//! as points) zone records that are not the loaded project's. Each builds a [`ZoneInput`] over its
//! own records instead of cloning a fake project; [`ZoneInput::from_project`] is the everyday case.

use crate::model::{Project, School, Student, Unit};
use crate::standards::Standards;
use geo::MultiPolygon;

/// The records one zoning run reads. Indices in a [`super::Problem`] (`Seat::school`,
/// `Group::unit`, `Problem::members`) point into these slices.
#[derive(Debug, Clone, Copy)]
pub struct ZoneInput<'a> {
    /// The project's name, for the summary.
    pub name: &'a str,
    pub standards: &'a Standards,
    pub schools: &'a [School],
    pub students: &'a [Student],
    pub units: &'a [Unit],
    /// The county boundary in planar metres (clips point zones), when loaded.
    pub boundary_xy_m: Option<&'a MultiPolygon<f64>>,
}

impl<'a> ZoneInput<'a> {
    /// The loaded project's own records.
    pub fn from_project(project: &'a Project) -> ZoneInput<'a> {
        ZoneInput {
            name: &project.name,
            standards: &project.settings.standards,
            schools: &project.schools,
            students: &project.students,
            units: &project.units,
            boundary_xy_m: project.boundary.as_ref().map(|(_, xy)| xy),
        }
    }
}

/// The loaded project's own records, so `zones::zone(&project, &opts)` reads as builder + solve.
impl<'a> From<&'a Project> for ZoneInput<'a> {
    fn from(project: &'a Project) -> ZoneInput<'a> {
        ZoneInput::from_project(project)
    }
}
