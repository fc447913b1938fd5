//! GeoJSON into a [`RawTable`]: one row per feature (numbered from 1), properties as columns, the
//! geometry kept beside the row.

use super::raw_row::Cells;
use super::read_error::ReadError;
use super::table::{RawRow, RawTable};
use geo::Geometry;
use geojson::{Feature, GeoJson};
use serde_json::Value;

/// Read a GeoJSON document (FeatureCollection, Feature or bare Geometry).
pub fn read_geojson(table: &str, file: &str, bytes: &[u8]) -> Result<RawTable, ReadError> {
    let (text, _) = super::encoding::decode(bytes);
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let gj: GeoJson = text
        .parse()
        .map_err(|e: geojson::Error| ReadError::GeoJson(e.to_string()))?;
    let features: Vec<Feature> = match gj {
        GeoJson::FeatureCollection(fc) => fc.features,
        GeoJson::Feature(f) => vec![f],
        GeoJson::Geometry(g) => vec![Feature {
            geometry: Some(g),
            ..Feature::default()
        }],
    };
    let mut headers: Vec<String> = Vec::new();
    for f in &features {
        for k in f.properties.iter().flat_map(|p| p.keys()) {
            if !headers.contains(k) {
                headers.push(k.clone());
            }
        }
    }
    let mut t = RawTable::new(table, file, 0, headers.clone());
    for (i, f) in features.iter().enumerate() {
        let cells: Vec<String> = headers
            .iter()
            .map(|h| {
                f.properties
                    .as_ref()
                    .and_then(|p| p.get(h))
                    .map(value_text)
                    .unwrap_or_default()
            })
            .collect();
        let geometry = f
            .geometry
            .as_ref()
            .and_then(|g| Geometry::<f64>::try_from(g).ok());
        t.rows.push(RawRow {
            line: i as u64 + 1,
            cells: Cells::from(cells),
            geometry,
        });
    }
    Ok(t)
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_become_rows() {
        let src = br#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"id":"u1","name":"A"},"geometry":{"type":"Point","coordinates":[118,43.6]}},
          {"type":"Feature","properties":{"id":2},"geometry":null}]}"#;
        let t = read_geojson("units", "u.geojson", src).unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(&t.rows[1].cells[0], "2");
        assert!(t.rows[0].geometry.is_some() && t.rows[1].geometry.is_none());
        assert_eq!(t.rows[1].line, 2);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(read_geojson("units", "u.geojson", b"{").is_err());
        assert!(read_geojson("units", "u.geojson", b"").is_err());
    }
}
