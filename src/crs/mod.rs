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
