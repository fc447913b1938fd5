//! The same projection as [`PlanarCrs`](super::PlanarCrs), done by system PROJ through the `proj`
//! crate (cargo feature `proj`, bundled PROJ build; needs cmake). It exists to cross-check the
//! pure-Rust `proj4rs` against the reference implementation, and for users who want PROJ itself.

use super::CrsError;
use proj::Proj;

/// A projected CRS in metres (EPSG code), converted by PROJ. Axis order is normalised to
/// lon/lat and easting/northing, as in [`PlanarCrs`](super::PlanarCrs).
pub struct SystemProj {
    /// The EPSG code of the projected CRS.
    pub epsg: u16,
    forward: Proj,
    inverse: Proj,
}

impl std::fmt::Debug for SystemProj {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SystemProj(EPSG:{})", self.epsg)
    }
}

impl SystemProj {
    /// The PROJ transformations WGS84 ↔ EPSG `code` (PROJ's ballpark WGS84 = CGCS2000, as catchment
    /// assumes everywhere).
    pub fn from_epsg(code: u16) -> Result<SystemProj, CrsError> {
        let target = format!("EPSG:{code}");
        let make = |from: &str, to: &str| {
            Proj::new_known_crs(from, to, None).map_err(|_| CrsError::UnknownEpsg(code))
        };
        Ok(SystemProj {
            epsg: code,
            forward: make("EPSG:4326", &target)?,
            inverse: make(&target, "EPSG:4326")?,
        })
    }

    /// WGS84 lon/lat degrees → planar x (easting), y (northing) in metres.
    pub fn project(&self, lonlat: [f64; 2]) -> Result<[f64; 2], CrsError> {
        convert(&self.forward, lonlat)
    }

    /// Planar metres → WGS84 lon/lat degrees.
    pub fn unproject(&self, xy_m: [f64; 2]) -> Result<[f64; 2], CrsError> {
        convert(&self.inverse, xy_m)
    }
}

fn convert(p: &Proj, xy: [f64; 2]) -> Result<[f64; 2], CrsError> {
    p.convert((xy[0], xy[1]))
        .map(|(x, y)| [x, y])
        .map_err(|e| CrsError::Transform {
            x: xy[0],
            y: xy[1],
            message: e.to_string(),
        })
}
