//! Coordinate reference systems: input conversion (WGS84/CGCS2000, GCJ-02, EPSG codes) and the
//! projected CRS in metres that all planar work uses.
//!
//! Distances on raw longitude/latitude are wrong by a factor of cos(latitude) east–west, so every
//! engine works on `xy_m`, computed here. The planar CRS is the CGCS2000 3-degree Gauss-Krüger zone
//! nearest the data (EPSG 4534–4554) inside China, else the WGS84 UTM zone.

mod gcj02;
mod planar;

pub use gcj02::{gcj02_to_wgs84, wgs84_to_gcj02};
pub use planar::PlanarCrs;

use crate::standards::InputCrs;

/// Errors converting coordinates.
#[derive(Debug, thiserror::Error)]
pub enum CrsError {
    #[error("EPSG:{0} is not a CRS catchment knows; use a CGCS2000 Gauss-Kruger (4513-4554), UTM (326xx) or geographic code")]
    UnknownEpsg(u16),
    #[error("EPSG:{0} is geographic (degrees); the planar CRS must be projected, in metres")]
    NotProjected(u16),
    #[error("cannot transform ({x}, {y}): {message}")]
    Transform { x: f64, y: f64, message: String },
}

/// Convert one input coordinate pair (as written in the file, in `input` CRS) to WGS84 lon/lat degrees.
pub fn to_wgs84(input: &InputCrs, xy: [f64; 2]) -> Result<[f64; 2], CrsError> {
    match input {
        InputCrs::Wgs84 => Ok(xy),
        InputCrs::Gcj02 => Ok(gcj02_to_wgs84(xy)),
        InputCrs::Epsg(code) => PlanarCrs::from_epsg(*code)?.unproject(xy),
    }
}
