//! The units table (villages, communities) → [`Unit`] records: polygons or points, from GeoJSON,
//! Shapefile or a table with lon/lat.

use super::build_schools::grade_counts;
use super::coords::{row_point, InputConverter};
use super::read_error::GeometryError;
use super::rows;
use super::table::RawTable;
use super::values::{take, Row};
use crate::model::{Diagnostic, LoadReport, Unit, UnitShape};
use geo::{Geometry, MultiPolygon};

/// Build units; shapes are in WGS84 with planar fields filled later.
pub fn build(t: &RawTable, conv: &InputConverter, report: &mut LoadReport) -> Vec<Unit> {
    let has_geometry = t.rows.iter().any(|r| r.geometry.is_some());
    let mut required = vec!["id"];
    if !has_geometry {
        required.extend(["lon", "lat"]);
    }
    let mut out = rows::build(t, &required, report, |row| unit(row, conv));
    rows::dedup_ids("units", &mut out, |u| &u.id, |u| &u.source, report);
    out
}

fn unit(row: Row, conv: &InputConverter) -> Result<Unit, Vec<Diagnostic>> {
    let mut e = Vec::new();
    let id = take(&mut e, row.required("id"));
    let counts = take(&mut e, grade_counts(&row)).flatten();
    let shape = match &row.raw.geometry {
        Some(Geometry::Polygon(p)) => polygon_shape(&row, conv, MultiPolygon::new(vec![p.clone()])),
        Some(Geometry::MultiPolygon(mp)) => polygon_shape(&row, conv, mp.clone()),
        _ => match row_point(&row, conv) {
            Ok(Some(p)) => Ok(UnitShape::Point {
                lonlat: p,
                xy_m: [f64::NAN; 2],
            }),
            Ok(None) => Err(vec![row.error(
                "lon",
                "",
                "the unit has no position",
                "give a polygon, a point or lon/lat",
            )]),
            Err(d) => Err(d),
        },
    };
    let shape = shape.map_err(|d| e.extend(d)).ok();
    if !e.is_empty() {
        return Err(e);
    }
    let (Some(id), Some(shape)) = (id, shape) else {
        return Err(vec![row.error("id", "", "is unusable", "fix the row")]);
    };
    Ok(Unit {
        id: id.to_string(),
        name: row.text("name").unwrap_or(id).to_string(),
        shape,
        centroid_xy_m: [f64::NAN; 2],
        counts,
        source: row.at(),
    })
}

fn polygon_shape(
    row: &Row,
    conv: &InputConverter,
    mp: MultiPolygon<f64>,
) -> Result<UnitShape, Vec<Diagnostic>> {
    let lonlat = convert_multipolygon(conv, &mp).map_err(|m| {
        vec![row.error(
            "geometry",
            "",
            &m.to_string(),
            "check the polygon's coordinates and [crs] input",
        )]
    })?;
    Ok(UnitShape::Polygon {
        lonlat,
        xy_m: MultiPolygon::new(vec![]),
    })
}

/// Convert every vertex from the input CRS to WGS84.
pub fn convert_multipolygon(
    conv: &InputConverter,
    mp: &MultiPolygon<f64>,
) -> Result<MultiPolygon<f64>, GeometryError> {
    use geo::MapCoords;
    mp.try_map_coords(|c| {
        if !c.x.is_finite() || !c.y.is_finite() {
            return Err(GeometryError::NonFinite { x: c.x, y: c.y });
        }
        let p = conv.to_wgs84([c.x, c.y])?;
        Ok(geo::coord! { x: p[0], y: p[1] })
    })
}
