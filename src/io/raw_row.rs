//! One input row as read from any format, remembering where it came from. Its own file so the CSV
//! row scanner ([`super::csv_rows`]) and the table ([`super::table`]) both build on it.

use csv::StringRecord;
use geo::Geometry;

/// One input row.
#[derive(Debug, Clone)]
pub struct RawRow {
    /// 1-based line in the CSV, row in the sheet, or feature number in GeoJSON/Shapefile.
    pub line: u64,
    pub cells: StringRecord,
    /// The feature's geometry, for GeoJSON and Shapefile input (in the input CRS).
    pub geometry: Option<Geometry<f64>>,
}
