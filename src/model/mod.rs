//! The data model: what a county's planning project is made of.
//!
//! Everything the engines (zones, forecast, siting, indicators, maps) work on is defined here, once,
//! independent of the file formats it was read from. Loaders in [`crate::io`] fill these types; the
//! engines never see a CSV row.
//!
//! Coordinates: every located record keeps its WGS84 longitude/latitude (`lonlat`, degrees) and its
//! planar position (`xy_m`, metres in the project's projected CRS, see [`crate::crs`]). Planar work
//! uses `xy_m` only.

mod project;
mod records;
mod rooms;

pub use crate::grade::{Grade, GradeCounts, Level, Stage};
pub use project::{Diagnostic, LoadReport, Project, Reject, Severity, SourceRef};
pub use records::{
    BirthRow, GazetteerEntry, HistoryRow, HousingProject, Placement, Resources, School, Site,
    Student, Unit, UnitShape,
};
pub use rooms::{rooms_all, rooms_for};
