//! What the siting modules read from the project, borrowed once.
//!
//! Why its own file: demand, candidates and places read these records, and the problem builder
//! ([`super::problem`]) uses all three; with the input beside them no file imports back up.

use crate::crs::PlanarCrs;
use crate::model::{GazetteerEntry, HousingProject, Project, School, Site, Student, Unit};
use crate::standards::Standards;

/// What the siting modules read from the project, borrowed once here: [`SiteInput::of`] and the problem
/// builder are the only places in `src/siting` that see a [`Project`] (demand, candidates and places take this).
pub struct SiteInput<'a> {
    pub schools: &'a [School],
    pub students: &'a [Student],
    pub units: &'a [Unit],
    pub housing: &'a [HousingProject],
    pub sites: &'a [Site],
    pub gazetteer: &'a [GazetteerEntry],
    /// The county boundary in planar metres.
    pub boundary: Option<&'a geo::MultiPolygon<f64>>,
    pub planar: &'a PlanarCrs,
    pub standards: &'a Standards,
}

impl<'a> SiteInput<'a> {
    /// The project's records and standards.
    pub fn of(project: &'a Project) -> SiteInput<'a> {
        SiteInput {
            schools: &project.schools,
            students: &project.students,
            units: &project.units,
            housing: &project.housing,
            sites: &project.sites,
            gazetteer: &project.gazetteer,
            boundary: project.boundary.as_ref().map(|b| &b.1),
            planar: &project.planar,
            standards: &project.settings.standards,
        }
    }

    /// The school of `id`.
    pub fn school(&self, id: &str) -> Option<&'a School> {
        self.schools.iter().find(|s| s.id == id)
    }
}
