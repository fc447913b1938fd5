//! The county boundary: every polygon feature merged into one multipolygon, converted to WGS84 and
//! validated (a self-intersecting ring makes containment tests meaningless).

use super::build_units::convert_multipolygon;
use super::coords::InputConverter;
use super::table::RawTable;
use super::values::Row;
use crate::model::{Diagnostic, LoadReport, Reject};
use geo::{Geometry, MultiPolygon, Validation};

/// Build the boundary in WGS84; None when no feature is usable. Every unusable feature is an error.
pub fn build(
    t: &RawTable,
    conv: &InputConverter,
    report: &mut LoadReport,
) -> Option<MultiPolygon<f64>> {
    let mut polys = Vec::new();
    let mut bad = false;
    for raw in &t.rows {
        let row = Row::new(t, raw);
        match feature(&row, conv) {
            Ok(mp) => polys.extend(mp),
            Err(d) => {
                bad = true;
                report.rejects.push(Reject {
                    table: "boundary".into(),
                    id: row.text("name").unwrap_or("").to_string(),
                    source: row.at(),
                    reason: d.to_string(),
                });
                report.diagnostics.push(d);
            }
        }
    }
    if polys.is_empty() {
        if !bad {
            report.diagnostics.push(Diagnostic::error(
                &t.header_ref(),
                "the boundary has no polygon",
                "give the county boundary as a Polygon or MultiPolygon feature",
            ));
        }
        return None;
    }
    (!bad).then(|| MultiPolygon::new(polys))
}

fn feature(row: &Row, conv: &InputConverter) -> Result<MultiPolygon<f64>, Diagnostic> {
    let mp = match &row.raw.geometry {
        Some(Geometry::Polygon(p)) => MultiPolygon::new(vec![p.clone()]),
        Some(Geometry::MultiPolygon(mp)) => mp.clone(),
        Some(other) => {
            return Err(row.error(
                "geometry",
                kind(other),
                "is not a polygon",
                "give the boundary as a Polygon or MultiPolygon",
            ));
        }
        None => {
            return Err(row.error(
                "geometry",
                "",
                "is missing",
                "give the boundary as a Polygon or MultiPolygon",
            ))
        }
    };
    if let Some(problem) = mp.validation_errors().first() {
        return Err(row.error(
            "geometry",
            kind(&Geometry::MultiPolygon(mp.clone())),
            &format!("invalid polygon: {problem}"),
            "repair the boundary in QGIS (Vector > Geometry Tools > Fix Geometries) and save it again",
        ));
    }
    convert_multipolygon(conv, &mp).map_err(|m| {
        row.error(
            "geometry",
            "",
            &m.to_string(),
            "check the coordinates and [crs] input",
        )
    })
}

fn kind(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::LineString(_) | Geometry::Line(_) => "LineString",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::Polygon(_) | Geometry::Rect(_) | Geometry::Triangle(_) => "Polygon",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
    }
}
