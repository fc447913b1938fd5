//! Coordinate reference systems: input conversion (WGS84/CGCS2000, GCJ-02, EPSG codes) and the
//! projected CRS in metres that all planar work uses.
//!
//! Distances on raw longitude/latitude are wrong by a factor of cos(latitude) east–west, so every
//! engine works on `xy_m`, computed here. The planar CRS is the CGCS2000 3-degree Gauss-Krüger zone
//! nearest the data (EPSG 4534–4554) inside China, else the WGS84 UTM zone.
//!
//! WGS84 and CGCS2000 are treated as one datum (they differ by a few centimetres), as PROJ's
//! "ballpark" transformation between them does. Projected input is taken as easting, northing
//! (x, y), whatever axis order the EPSG definition lists: Chinese survey tables often write the
//! northing first as "X", which the loader has to swap (see its lat/lon swap warning).

mod gcj02;
mod input;
mod planar;
#[cfg(feature = "proj")]
mod system_proj;

pub use gcj02::{gcj02_to_wgs84, wgs84_to_gcj02};
pub use input::InputCrs;
pub use planar::PlanarCrs;
#[cfg(feature = "proj")]
pub use system_proj::SystemProj;

use std::cell::RefCell;
use std::collections::HashMap;

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
///
/// `Epsg` covers projected codes (x = easting, y = northing in metres) and geographic ones
/// (lon, lat in degrees; 4326 and 4490 pass through unchanged, others are shifted to WGS84 where
/// their definition carries datum parameters).
///
/// ```
/// use catchment::crs::InputCrs;
/// // CGCS2000 / 3-degree Gauss-Kruger CM 117E, near Linxi.
/// let ll = catchment::crs::to_wgs84(&InputCrs::Epsg(4548), [584766.425, 4831025.845]).unwrap();
/// assert!((ll[0] - 118.05).abs() < 1e-7 && (ll[1] - 43.61).abs() < 1e-7);
/// let same = catchment::crs::to_wgs84(&InputCrs::Epsg(4490), [118.05, 43.61]).unwrap();
/// assert_eq!(same, [118.05, 43.61]);
/// ```
pub fn to_wgs84(input: &InputCrs, xy: [f64; 2]) -> Result<[f64; 2], CrsError> {
    match input {
        InputCrs::Wgs84 => Ok(xy),
        InputCrs::Gcj02 => Ok(gcj02_to_wgs84(xy)),
        InputCrs::Epsg(4326 | 4490) => Ok(xy),
        InputCrs::Epsg(code) => with_input_crs(*code, |crs| match crs {
            InputKind::Projected(planar) => planar.unproject(xy),
            InputKind::Geographic { src, wgs84 } => geographic_to_wgs84(src, wgs84, xy),
        })?,
    }
}

/// An EPSG input CRS, parsed once per thread and kept: parsing a definition costs far more than
/// transforming a point, and a project converts every row with the same code.
enum InputKind {
    Projected(PlanarCrs),
    Geographic {
        src: Box<proj4rs::Proj>,
        wgs84: Box<proj4rs::Proj>,
    },
}

thread_local! {
    static INPUT_CRS: RefCell<HashMap<u16, std::rc::Rc<InputKind>>> = RefCell::new(HashMap::new());
}

fn with_input_crs<T>(code: u16, f: impl FnOnce(&InputKind) -> T) -> Result<T, CrsError> {
    let cached = INPUT_CRS.with(|c| c.borrow().get(&code).cloned());
    let kind = match cached {
        Some(k) => k,
        None => {
            let kind = std::rc::Rc::new(parse_input_crs(code)?);
            INPUT_CRS.with(|c| c.borrow_mut().insert(code, kind.clone()));
            kind
        }
    };
    Ok(f(&kind))
}

fn parse_input_crs(code: u16) -> Result<InputKind, CrsError> {
    match PlanarCrs::from_epsg(code) {
        Ok(planar) => Ok(InputKind::Projected(planar)),
        Err(CrsError::NotProjected(_)) => {
            let parse =
                |c: u16| proj4rs::Proj::from_epsg_code(c).map_err(|_| CrsError::UnknownEpsg(c));
            Ok(InputKind::Geographic {
                src: Box::new(parse(code)?),
                wgs84: Box::new(parse(4326)?),
            })
        }
        Err(e) => Err(e),
    }
}

/// Geographic lon/lat degrees on another datum (e.g. Beijing 1954) → WGS84 lon/lat degrees.
fn geographic_to_wgs84(
    src: &proj4rs::Proj,
    wgs84: &proj4rs::Proj,
    xy: [f64; 2],
) -> Result<[f64; 2], CrsError> {
    let mut p = (xy[0].to_radians(), xy[1].to_radians());
    proj4rs::transform::transform(src, wgs84, &mut p).map_err(|e| CrsError::Transform {
        x: xy[0],
        y: xy[1],
        message: e.to_string(),
    })?;
    Ok([p.0.to_degrees(), p.1.to_degrees()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geographic_epsg_codes_are_lon_lat() {
        for code in [4326, 4490] {
            let ll = to_wgs84(&InputCrs::Epsg(code), [118.05, 43.61]).unwrap();
            assert_eq!(ll, [118.05, 43.61]);
        }
    }

    #[test]
    fn other_geographic_datum_is_shifted_a_little() {
        // Beijing 1954 (Krassowsky ellipsoid, datum shift in its definition): tens of metres.
        let ll = to_wgs84(&InputCrs::Epsg(4214), [118.05, 43.61]).unwrap();
        let d_m = ((ll[0] - 118.05) * 80_000.0).hypot((ll[1] - 43.61) * 111_000.0);
        assert!(d_m > 1.0 && d_m < 300.0, "shift {d_m} m");
    }

    #[test]
    fn unknown_code_is_an_error() {
        assert!(matches!(
            to_wgs84(&InputCrs::Epsg(1), [0.0, 0.0]),
            Err(CrsError::UnknownEpsg(1))
        ));
    }

    #[test]
    fn projected_code_is_cached_and_inverts() {
        let crs = PlanarCrs::from_epsg(4548).unwrap();
        let xy = crs.project([118.05, 43.61]).unwrap();
        for _ in 0..3 {
            let ll = to_wgs84(&InputCrs::Epsg(4548), xy).unwrap();
            assert!((ll[0] - 118.05).abs() < 1e-9 && (ll[1] - 43.61).abs() < 1e-9);
        }
    }
}
