//! Input coordinates: reading a point from a row (geometry or lon/lat columns), catching swapped
//! longitude/latitude, and converting from the project's input CRS to WGS84.

use super::column::Field;
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
    row_point_in(row, conv, ["lon", "lat"])
}

/// [`row_point`] with the `lon` and `lat` columns found beforehand.
pub fn row_point_in(
    row: &Row,
    conv: &InputConverter,
    [lon_col, lat_col]: [impl Field; 2],
) -> Result<Option<[f64; 2]>, Vec<Diagnostic>> {
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
    let lon = row.number(lon_col).map_err(|e| errs.push(e)).ok().flatten();
    let lat = row.number(lat_col).map_err(|e| errs.push(e)).ok().flatten();
    if !errs.is_empty() {
        return Err(errs);
    }
    match (lon, lat) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(vec![row.error(
            lat_col,
            "",
            "is empty while lon is given",
            "fill in both lon and lat, or neither",
        )]),
        (None, Some(_)) => Err(vec![row.error(
            lon_col,
            "",
            "is empty while lat is given",
            "fill in both lon and lat, or neither",
        )]),
        (Some(lon), Some(lat)) => {
            if conv.is_geographic() {
                check_ranges(row, [lon_col, lat_col], lon, lat)?;
            }
            convert(row, conv, [lon, lat], lon_col).map(Some)
        }
    }
}

/// What a pair of numbers far outside degrees looks like: a Gauss-Krüger easting and northing in
/// China (northing 0.3–6 million m), with the CGCS2000 EPSG code when the easting carries its zone
/// number (8 digits: 6° zones 13–23 are EPSG:4491–4501, 3° zones 25–45 are EPSG:4513–4533).
fn projected_metres(lon: f64, lat: f64) -> Option<String> {
    if !(300_000.0..=6_000_000.0).contains(&lat) || lon.abs() < 100_000.0 {
        return None;
    }
    let zone = (lon / 1_000_000.0).floor() as i64;
    let epsg = match zone {
        13..=23 => Some((4491 + zone - 13, "6°")),
        25..=45 => Some((4513 + zone - 25, "3°")),
        _ => None,
    };
    Some(match epsg {
        Some((code, width)) if lon >= 10_000_000.0 => format!(
            "Gauss-Krüger, {width} zone {zone} from the easting's leading digits: CGCS2000 EPSG:{code}"
        ),
        _ => "Gauss-Krüger or UTM easting and northing".to_string(),
    })
}

/// Swapped columns and out-of-range degrees, with the numbers.
fn check_ranges(
    row: &Row,
    [lon_col, lat_col]: [impl Field; 2],
    lon: f64,
    lat: f64,
) -> Result<(), Vec<Diagnostic>> {
    // The cell's text is looked up only for a message (a million good rows need none).
    let lat_text = || row.cell(lat_col).unwrap_or("");
    if CHINA_LAT.contains(&lon) && CHINA_LON.contains(&lat) {
        return Err(vec![row.error(
            lat_col,
            lat_text(),
            &format!("lon and lat look swapped: lon {lon} is a latitude in China and lat {lat} a longitude"),
            "swap the lon and lat columns (lon is east, 73-136 in China; lat is north, 3-54)",
        )]);
    }
    if let Some(what) = projected_metres(lon, lat) {
        return Err(vec![row.error(
            lat_col,
            lat_text(),
            &format!("is outside -90..90 degrees: lon {lon} and lat {lat} look like projected metres ({what})"),
            "set [crs] input = \"EPSG:<code>\" in catchment.toml to the projection the coordinates are in, or export them as degrees",
        )]);
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(vec![row.error(lat_col, lat_text(), "is outside -90..90 degrees", "give latitude in degrees, or set [crs] input in catchment.toml for projected coordinates")]);
    }
    if !(-180.0..=180.0).contains(&lon) {
        let v = row.cell(lon_col).unwrap_or("");
        return Err(vec![row.error(lon_col, v, "is outside -180..180 degrees", "give longitude in degrees, or set [crs] input in catchment.toml for projected coordinates")]);
    }
    Ok(())
}

fn convert(
    row: &Row,
    conv: &InputConverter,
    xy: [f64; 2],
    field: impl Field,
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

#[cfg(test)]
mod tests {
    use super::projected_metres;

    #[test]
    fn gauss_kruger_metres_are_recognised_with_their_zone() {
        let g = projected_metres(20_502_345.6, 4_830_123.4).unwrap();
        assert!(g.contains("6° zone 20") && g.contains("EPSG:4498"), "{g}");
        let g = projected_metres(39_502_345.6, 4_830_123.4).unwrap();
        assert!(g.contains("3° zone 39") && g.contains("EPSG:4527"), "{g}");
        assert_eq!(
            projected_metres(502_345.6, 4_830_123.4).as_deref(),
            Some("Gauss-Krüger or UTM easting and northing")
        );
        assert_eq!(projected_metres(118.0, 95.0), None);
    }
}
