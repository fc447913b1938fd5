//! The planning report: the document a planner takes to the county meeting.
//!
//! The engines produce results; this module turns them into files a planner opens without help:
//! tables that become CSV (UTF-8 with BOM, for Excel), sheets of one `report.xlsx`, sections of one
//! self-contained `report.html` (images inlined, no external references, works offline), and GIS
//! layers as GeoJSON and Shapefile (with a `.cpg` declaring UTF-8) for QGIS.
//!
//! Why the report has an input of its own ([`ReportInput`]) beside the engines' results: it is
//! the output builder, not an engine, and it describes the inputs themselves (the situation
//! table, the data problems, the standards used, the project's name and data year, today's
//! distances) and draws today's schools and units under the results. Those are gathered once from
//! the project by the report's input builder [`ReportInput::from_project`]; no other function here
//! sees the project. It computes nothing an engine computes: [`crate::pipeline`] runs each engine
//! through its own builder and hands the results to [`plan`], and [`site`] zones the siting plan's
//! final year over a [`crate::zones::ZoneInput`] of its own records, never a copy of the project.
//!
//! Everything written here is deterministic: the only timestamp comes from [`Stamp`], which honours
//! `SOURCE_DATE_EPOCH` so tests (and reproducible builds) can fix it.

pub mod doc;
pub mod html;
pub mod i18n;
pub mod input;
mod layers;
pub mod plan;
pub mod privacy;
pub mod site;
mod site_remedies;
mod situation;
mod stamp;
mod table;
mod xlsx;

pub use html::render_html;
pub use i18n::Lang;
pub use input::ReportInput;
pub use layers::{write_geojson, write_shapefile, Layer, LayerError, LayerGeometry};
pub use situation::situation_table;
pub use stamp::Stamp;
pub use table::{Cell, Table};
pub use xlsx::{workbook_bytes, XlsxError};
