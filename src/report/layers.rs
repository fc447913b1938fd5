//! GIS layers for QGIS: GeoJSON (RFC 7946, WGS84) and ESRI Shapefile (.shp .shx .dbf .prj .cpg).

use super::{Cell, Stamp};
use crate::io::write_atomic;
use geo::MultiPolygon;
use std::io::Cursor;
use std::path::Path;

/// A feature's geometry, in WGS84 lon/lat degrees.
#[derive(Debug, Clone, PartialEq)]
pub enum LayerGeometry {
    Point([f64; 2]),
    Polygons(MultiPolygon<f64>),
}

/// A layer: attribute names, and one geometry plus one row of attributes per feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub fields: Vec<String>,
    pub features: Vec<(LayerGeometry, Vec<Cell>)>,
}

/// Errors writing a layer.
#[derive(Debug, thiserror::Error)]
pub enum LayerError {
    #[error("{path}: {message}")]
    Write { path: String, message: String },
    #[error("a shapefile holds one geometry type; layer mixes points and polygons")]
    MixedGeometry,
}

fn werr(path: &Path) -> impl Fn(String) -> LayerError + '_ {
    move |message| LayerError::Write {
        path: path.display().to_string(),
        message,
    }
}

fn cell_json(c: &Cell) -> serde_json::Value {
    match c {
        Cell::Text(s) | Cell::Id(s) | Cell::Name(s) => s.clone().into(),
        Cell::Int(n) => (*n).into(),
        Cell::Bool(b) => (*b).into(),
        Cell::Num(x, d) if x.is_finite() => {
            let p = 10f64.powi(*d as i32);
            serde_json::Number::from_f64((x * p).round() / p)
                .map_or(serde_json::Value::Null, Into::into)
        }
        Cell::Num(..) | Cell::Empty => serde_json::Value::Null,
    }
}

fn round7(v: f64) -> f64 {
    (v * 1e7).round() / 1e7
}

fn geometry_json(g: &LayerGeometry) -> serde_json::Value {
    let ring = |r: &geo::LineString<f64>| -> Vec<[f64; 2]> {
        r.coords().map(|c| [round7(c.x), round7(c.y)]).collect()
    };
    match g {
        LayerGeometry::Point(p) => {
            serde_json::json!({"type": "Point", "coordinates": [round7(p[0]), round7(p[1])]})
        }
        LayerGeometry::Polygons(mp) => {
            let polys: Vec<Vec<Vec<[f64; 2]>>> =
                mp.0.iter()
                    .map(|p| {
                        std::iter::once(ring(p.exterior()))
                            .chain(p.interiors().iter().map(ring))
                            .collect()
                    })
                    .collect();
            serde_json::json!({"type": "MultiPolygon", "coordinates": polys})
        }
    }
}

/// Write `layer` as a GeoJSON FeatureCollection (coordinates rounded to 1e-7°, about 1 cm).
pub fn write_geojson(path: &Path, layer: &Layer) -> Result<(), LayerError> {
    let features: Vec<serde_json::Value> = layer
        .features
        .iter()
        .map(|(g, cells)| {
            let props: serde_json::Map<String, serde_json::Value> =
                layer.fields.iter().cloned().zip(cells.iter().map(cell_json)).collect();
            serde_json::json!({"type": "Feature", "properties": props, "geometry": geometry_json(g)})
        })
        .collect();
    let fc = serde_json::json!({"type": "FeatureCollection", "features": features});
    let text = serde_json::to_string_pretty(&fc).map_err(|e| werr(path)(e.to_string()))?;
    write_atomic(path, text.as_bytes()).map_err(|e| werr(path)(e.to_string()))
}

const WGS84_WKT: &str = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;

/// Field names as dBase allows: at most 10 bytes, unique.
fn dbf_names(fields: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let mut name = String::new();
        for ch in f.chars() {
            if name.len() + ch.len_utf8() > 10 {
                break;
            }
            name.push(ch);
        }
        if out.contains(&name) {
            let suffix = format!("_{i}");
            while name.len() + suffix.len() > 10 {
                name.pop();
            }
            name.push_str(&suffix);
        }
        out.push(name);
    }
    out
}

fn is_numeric_column(layer: &Layer, i: usize) -> bool {
    layer
        .features
        .iter()
        .all(|(_, c)| matches!(c[i], Cell::Int(_) | Cell::Num(..) | Cell::Empty))
}

/// Widest dBase character field, bytes.
const DBF_TEXT_BYTES: usize = 254;

/// `text` fitted to a dBase character field: a longer text (a new school relieving many schools)
/// is cut at a character boundary and ends in "…"; the CSV and GeoJSON layers keep it whole.
fn dbf_text(text: String) -> String {
    if text.len() <= DBF_TEXT_BYTES {
        return text;
    }
    let mut end = DBF_TEXT_BYTES - '…'.len_utf8();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

fn dbf_bytes(layer: &Layer, stamp: Stamp, stem: &Path) -> Result<Vec<u8>, LayerError> {
    let err = werr(stem);
    let names = dbf_names(&layer.fields);
    let mut builder = shapefile::dbase::TableWriterBuilder::with_encoding(
        shapefile::dbase::encoding::UnicodeLossy,
    );
    for (i, n) in names.iter().enumerate() {
        let fname =
            shapefile::dbase::FieldName::try_from(n.as_str()).map_err(|e| err(format!("{e:?}")))?;
        builder = if is_numeric_column(layer, i) {
            builder.add_numeric_field(fname, 19, 6)
        } else {
            builder.add_character_field(fname, 254)
        };
    }
    let mut buf = Cursor::new(Vec::new());
    {
        let mut w = builder.build_with_dest(&mut buf);
        for (_, cells) in &layer.features {
            let mut rec = shapefile::dbase::Record::default();
            for (i, (n, c)) in names.iter().zip(cells).enumerate() {
                let v = if is_numeric_column(layer, i) {
                    shapefile::dbase::FieldValue::Numeric(match c {
                        Cell::Int(x) => Some(*x as f64),
                        Cell::Num(x, _) if x.is_finite() => Some(*x),
                        _ => None,
                    })
                } else {
                    shapefile::dbase::FieldValue::Character(Some(dbf_text(c.text())))
                };
                rec.insert(n.clone(), v);
            }
            w.write_record(&rec).map_err(|e| err(e.to_string()))?;
        }
        w.finalize().map_err(|e| err(e.to_string()))?;
    }
    let mut bytes = buf.into_inner();
    // The dBase header carries a "last update" date (bytes 1–3, YY MM DD); make it the report's stamp
    // so that two runs give the same bytes.
    let (y, m, d, ..) = stamp.civil();
    if bytes.len() > 3 {
        bytes[1] = (y - 1900).clamp(0, 255) as u8;
        bytes[2] = m as u8;
        bytes[3] = d as u8;
    }
    Ok(bytes)
}

fn shp_bytes(layer: &Layer) -> Result<(Vec<u8>, Vec<u8>), LayerError> {
    let (mut shp, mut shx) = (Cursor::new(Vec::new()), Cursor::new(Vec::new()));
    {
        let mut w = shapefile::ShapeWriter::with_shx(&mut shp, &mut shx);
        let all_points = layer
            .features
            .iter()
            .all(|(g, _)| matches!(g, LayerGeometry::Point(_)));
        let all_polys = layer
            .features
            .iter()
            .all(|(g, _)| matches!(g, LayerGeometry::Polygons(_)));
        let e = |e: shapefile::Error| LayerError::Write {
            path: "shp".into(),
            message: e.to_string(),
        };
        if all_points && !layer.features.is_empty() {
            for (g, _) in &layer.features {
                if let LayerGeometry::Point(p) = g {
                    w.write_shape(&shapefile::Point::new(p[0], p[1]))
                        .map_err(e)?;
                }
            }
        } else if all_polys {
            for (g, _) in &layer.features {
                if let LayerGeometry::Polygons(mp) = g {
                    w.write_shape(&to_shp_polygon(mp)).map_err(e)?;
                }
            }
        } else {
            return Err(LayerError::MixedGeometry);
        }
        w.finalize().map_err(e)?;
    }
    Ok((shp.into_inner(), shx.into_inner()))
}

fn to_shp_polygon(mp: &MultiPolygon<f64>) -> shapefile::Polygon {
    let pts = |r: &geo::LineString<f64>| {
        r.coords()
            .map(|c| shapefile::Point::new(c.x, c.y))
            .collect()
    };
    let mut rings = Vec::new();
    for p in &mp.0 {
        rings.push(shapefile::PolygonRing::Outer(pts(p.exterior())));
        rings.extend(
            p.interiors()
                .iter()
                .map(|r| shapefile::PolygonRing::Inner(pts(r))),
        );
    }
    shapefile::Polygon::with_rings(rings)
}

/// Write `layer` as a Shapefile `stem.shp` (+ .shx .dbf .prj, and .cpg declaring UTF-8). Attribute
/// names are cut to 10 bytes as dBase requires.
pub fn write_shapefile(stem: &Path, layer: &Layer, stamp: Stamp) -> Result<(), LayerError> {
    let (shp, shx) = shp_bytes(layer)?;
    let dbf = dbf_bytes(layer, stamp, stem)?;
    let files: [(&str, &[u8]); 5] = [
        ("shp", &shp),
        ("shx", &shx),
        ("dbf", &dbf),
        ("prj", WGS84_WKT.as_bytes()),
        ("cpg", b"UTF-8"),
    ];
    for (ext, bytes) in files {
        let p = stem.with_extension(ext);
        write_atomic(&p, bytes).map_err(|e| werr(&p)(e.to_string()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn layer() -> Layer {
        let sq = polygon![(x: 118.0, y: 43.0), (x: 118.1, y: 43.0), (x: 118.1, y: 43.1), (x: 118.0, y: 43.1)];
        Layer {
            fields: vec!["school_id".into(), "名称".into(), "students".into()],
            features: vec![(
                LayerGeometry::Polygons(MultiPolygon(vec![sq])),
                vec!["S1".into(), "林西县第一小学".into(), Cell::Int(1234)],
            )],
        }
    }

    #[test]
    fn shapefile_round_trips_with_chinese_attributes() {
        let dir = tempfile::tempdir().unwrap();
        let stem = dir.path().join("zones");
        write_shapefile(
            &stem,
            &layer(),
            Stamp {
                unix_s: 1_700_000_000,
            },
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(stem.with_extension("cpg")).unwrap(),
            "UTF-8"
        );
        let mut reader = shapefile::Reader::from_path(stem.with_extension("shp")).unwrap();
        let rows: Vec<_> = reader
            .iter_shapes_and_records()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows.len(), 1);
        let name = rows[0].1.get("名称").cloned();
        assert_eq!(
            name,
            Some(shapefile::dbase::FieldValue::Character(Some(
                "林西县第一小学".into()
            )))
        );
    }

    #[test]
    fn a_text_too_long_for_a_dbase_field_is_cut_at_a_character_boundary() {
        assert_eq!(dbf_text("SCH0001 SCH0002".into()), "SCH0001 SCH0002");
        let long = "林西县第一小学 ".repeat(20);
        let cut = dbf_text(long.clone());
        assert!(cut.len() <= DBF_TEXT_BYTES, "{}", cut.len());
        assert!(cut.ends_with('…') && long.starts_with(cut.trim_end_matches('…')));
        assert!(cut.len() > DBF_TEXT_BYTES - 8, "cut no more than needed");
    }

    #[test]
    fn writes_are_deterministic() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        let s = Stamp {
            unix_s: 1_700_000_000,
        };
        write_shapefile(&a, &layer(), s).unwrap();
        write_shapefile(&b, &layer(), s).unwrap();
        for ext in ["shp", "shx", "dbf"] {
            assert_eq!(
                std::fs::read(a.with_extension(ext)).unwrap(),
                std::fs::read(b.with_extension(ext)).unwrap()
            );
        }
        write_geojson(&a.with_extension("geojson"), &layer()).unwrap();
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(a.with_extension("geojson")).unwrap()).unwrap();
        assert_eq!(v["features"][0]["properties"]["students"], 1234);
    }
}
