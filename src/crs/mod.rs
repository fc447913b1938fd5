//! Coordinate reference systems: input conversion (WGS84/CGCS2000, GCJ-02, EPSG codes) and the
//! projected CRS in metres that all planar work uses.
//!
//! Distances on raw longitude/latitude are wrong by a factor of cos(latitude) east–west, so every
//! engine works on `xy_m`, computed here.

/// A projected CRS in metres, chosen for the project.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanarCrs {
    /// The EPSG code, e.g. 4547 for CGCS2000 / 3-degree Gauss-Kruger CM 114E.
    pub epsg: u16,
    /// A human-readable name for summaries.
    pub name: String,
}

/// Errors converting coordinates.
#[derive(Debug, thiserror::Error)]
pub enum CrsError {
    #[error("EPSG:{0} is not a CRS catchment knows; use a CGCS2000 Gauss-Kruger (4513-4554), UTM (326xx) or geographic code")]
    UnknownEpsg(u16),
    #[error("cannot transform ({x}, {y}): {message}")]
    Transform { x: f64, y: f64, message: String },
}

use crate::standards::InputCrs;

impl PlanarCrs {
    /// The CGCS2000 3-degree Gauss-Krüger zone (EPSG 4534–4554, no zone prefix) whose central
    /// meridian is nearest the mean longitude of `lonlats` (WGS84 degrees).
    pub fn choose(_lonlats: &[[f64; 2]]) -> PlanarCrs {
        unimplemented!("crs helper")
    }

    /// A planar CRS from its EPSG code (must be projected, in metres).
    pub fn from_epsg(_code: u16) -> Result<PlanarCrs, CrsError> {
        unimplemented!("crs helper")
    }

    /// WGS84 lon/lat degrees → planar x (easting), y (northing) in metres.
    pub fn project(&self, _lonlat: [f64; 2]) -> Result<[f64; 2], CrsError> {
        unimplemented!("crs helper")
    }

    /// Planar metres → WGS84 lon/lat degrees.
    pub fn unproject(&self, _xy_m: [f64; 2]) -> Result<[f64; 2], CrsError> {
        unimplemented!("crs helper")
    }
}

/// Convert one input coordinate pair (as written in the file, in `input` CRS) to WGS84 lon/lat.
pub fn to_wgs84(_input: &InputCrs, _xy: [f64; 2]) -> Result<[f64; 2], CrsError> {
    unimplemented!("crs helper")
}
