//! The planning report: the document a planner takes to the county meeting.
//!
//! The engines produce results; this module turns them into files a planner opens without help:
//! tables that become CSV (UTF-8 with BOM, for Excel), sheets of one `report.xlsx`, sections of one
//! self-contained `report.html` (images inlined, no external references, works offline), and GIS
//! layers as GeoJSON and Shapefile (with a `.cpg` declaring UTF-8) for QGIS.
//!
//! Everything written here is deterministic: the only timestamp comes from [`Stamp`], which honours
//! `SOURCE_DATE_EPOCH` so tests (and reproducible builds) can fix it.

pub mod doc;
pub mod html;
pub mod i18n;
mod layers;
pub mod plan;
pub mod privacy;
pub mod site;
mod situation;
mod stamp;
mod table;
mod xlsx;

pub use html::render_html;
pub use i18n::Lang;
pub use layers::{write_geojson, write_shapefile, Layer, LayerError, LayerGeometry};
pub use situation::situation_table;
pub use stamp::Stamp;
pub use table::{Cell, Table};
pub use xlsx::{workbook_bytes, XlsxError};
