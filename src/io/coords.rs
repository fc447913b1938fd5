//! Input coordinates: reading a point from a row (geometry or lon/lat columns), catching swapped
//! longitude/latitude, and converting from the project's input CRS to WGS84.

use super::values::Row;
use crate::crs::{CrsError, PlanarCrs};
use crate::model::Diagnostic;
use crate::standards::InputCrs;
use geo::{Centroid, Geometry};

/// Converts input coordinates to WGS84, holding the parsed projection for EPSG input so it is built
/// once, not once per point.
#[derive(Debug, Clone)]
pub struct InputConverter {
    pub crs: InputCrs,
    projected: Option<PlanarCrs>,
}

impl InputConverter {
    /// A converter for `crs`; an EPSG code that is not a known projected CRS is an error.
    pub fn new(crs: &InputCrs) -> Result<Self, CrsError> {
        let projected = match crs {
            InputCrs::Epsg(code) => Some(PlanarCrs::from_epsg(*code)?),
            _ => None,
        };
        Ok(InputConverter {
            crs: crs.clone(),
            projected,
        })
    }

    /// Whether input is longitude/latitude in degrees (so lon/lat range checks apply).
    pub fn is_geographic(&self) -> bool {
        self.projected.is_none()
    }

    /// One input pair → WGS84 lon/lat degrees (the same as [`crate::crs::to_wgs84`]).
    pub fn to_wgs84(&self, xy: [f64; 2]) -> Result<[f64; 2], CrsError> {
        match &self.projected {
            Some(p) => p.unproject(xy),
            None => crate::crs::to_wgs84(&self.crs, xy),
        }
    }
}

/// China's extent in degrees, for spotting swapped columns.
const CHINA_LON: std::ops::RangeInclusive<f64> = 73.0..=136.0;
const CHINA_LAT: std::ops::RangeInclusive<f64> = 3.0..=54.0;

/// The row's position in WGS84: from a point geometry (or a polygon's centroid), else from the `lon`
/// and `lat` columns. Ok(None) when the row gives no position at all.
pub fn row_point(row: &Row, conv: &InputConverter) -> Result<Option<[f64; 2]>, Vec<Diagnostic>> {
    if let Some(g) = &row.raw.geometry {
        let p = match g {
            Geometry::Point(p) => Some(*p),
            other => other.centroid(),
        };
        let Some(p) = p else {
            return Err(vec![row.error(
                "geometry",
                "",
                "has no position",
                "give the feature a point",
            )]);
        };
        return convert(row, conv, [p.x(), p.y()], "geometry").map(Some);
    }
    let mut errs = Vec::new();
    let lon = row.number("lon").map_err(|e| errs.push(e)).ok().flatten();
    let lat = row.number("lat").map_err(|e| errs.push(e)).ok().flatten();
    if !errs.is_empty() {
        return Err(errs);
    }
    match (lon, lat) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(vec![row.error(
            "lat",
            "",
            "is empty while lon is given",
            "fill in both lon and lat, or neither",
        )]),
        (None, Some(_)) => Err(vec![row.error(
            "lon",
            "",
            "is empty while lat is given",
            "fill in both lon and lat, or neither",
        )]),
        (Some(lon), Some(lat)) => {
            if conv.is_geographic() {
                check_ranges(row, lon, lat)?;
            }
            convert(row, conv, [lon, lat], "lon").map(Some)
        }
    }
}

/// Swapped columns and out-of-range degrees, with the numbers.
fn check_ranges(row: &Row, lon: f64, lat: f64) -> Result<(), Vec<Diagnostic>> {
    let lat_text = row.cell("lat").unwrap_or("");
    if CHINA_LAT.contains(&lon) && CHINA_LON.contains(&lat) {
        return Err(vec![row.error(
            "lat",
            lat_text,
            &format!("lon and lat look swapped: lon {lon} is a latitude in China and lat {lat} a longitude"),
            "swap the lon and lat columns (lon is east, 73-136 in China; lat is north, 3-54)",
        )]);
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(vec![row.error("lat", lat_text, "is outside -90..90 degrees", "give latitude in degrees, or set [crs] input in catchment.toml for projected coordinates")]);
    }
    if !(-180.0..=180.0).contains(&lon) {
        let v = row.cell("lon").unwrap_or("");
        return Err(vec![row.error("lon", v, "is outside -180..180 degrees", "give longitude in degrees, or set [crs] input in catchment.toml for projected coordinates")]);
    }
    Ok(())
}

fn convert(
    row: &Row,
    conv: &InputConverter,
    xy: [f64; 2],
    field: &str,
) -> Result<[f64; 2], Vec<Diagnostic>> {
    match conv.to_wgs84(xy) {
        Ok(p) if p[0].is_finite() && p[1].is_finite() => Ok(p),
        Ok(p) => Err(vec![row.error(
            field,
            &format!("{} {}", xy[0], xy[1]),
            &format!("converts to a non-finite position {p:?}"),
            "check the coordinates and [crs] input",
        )]),
        Err(e) => Err(vec![row.error(
            field,
            &format!("{} {}", xy[0], xy[1]),
            &e.to_string(),
            "check the coordinates and [crs] input",
        )]),
    }
}
