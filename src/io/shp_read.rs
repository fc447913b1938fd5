//! Shapefile (.shp + .dbf, optional .shx and .cpg) into a [`RawTable`]: one row per shape, attribute
//! fields as columns. The `.cpg` names the attribute encoding; without it, UTF-8 is assumed when the
//! bytes are valid UTF-8, else GBK (what Chinese GIS software writes).

use super::raw_row::Cells;
use super::read_error::ReadError;
use super::table::{RawRow, RawTable};
use shapefile::dbase::{self, FieldValue};
use std::io::Cursor;

/// The files making up one shapefile, already read into memory.
pub struct ShapefileBytes<'a> {
    pub shp: &'a [u8],
    pub dbf: &'a [u8],
    pub cpg: Option<&'a [u8]>,
}

/// Read a shapefile. Returns the table and the attribute encoding used.
pub fn read_shapefile(
    table: &str,
    file: &str,
    src: &ShapefileBytes,
) -> Result<(RawTable, String), ReadError> {
    let encoding = attribute_encoding(src);
    let open_dbf = || {
        dbase::ReaderBuilder::new()
            .with_encoding(dbase::encoding::EncodingRs::from(encoding))
            .build(Cursor::new(src.dbf))
            .map_err(|e| ReadError::Shapefile(format!("cannot read the .dbf: {e}")))
    };
    let headers: Vec<String> = open_dbf()?
        .fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    let shapes = shapefile::ShapeReader::new(Cursor::new(src.shp))
        .map_err(|e| ReadError::Shapefile(format!("cannot read the .shp: {e}")))?;
    let mut reader = shapefile::Reader::new(shapes, open_dbf()?);
    let mut t = RawTable::new(table, file, 0, headers.clone());
    for (i, item) in reader.iter_shapes_and_records().enumerate() {
        let (shape, record) =
            item.map_err(|e| ReadError::Shapefile(format!("shape {}: {e}", i + 1)))?;
        let cells: Vec<String> = headers
            .iter()
            .map(|h| record.get(h).map(field_text).unwrap_or_default())
            .collect();
        t.rows.push(RawRow {
            line: i as u64 + 1,
            cells: Cells::from(cells),
            geometry: geo::Geometry::<f64>::try_from(shape).ok(),
        });
    }
    Ok((t, encoding.name().to_string()))
}

fn attribute_encoding(src: &ShapefileBytes) -> &'static encoding_rs::Encoding {
    if let Some(label) = src.cpg {
        let label = String::from_utf8_lossy(label);
        let label = label.trim();
        let known = match label {
            "936" | "CP936" => Some(encoding_rs::GBK),
            "65001" => Some(encoding_rs::UTF_8),
            _ => encoding_rs::Encoding::for_label(label.as_bytes()),
        };
        if let Some(e) = known {
            return e;
        }
    }
    let body = src.dbf.get(32..).unwrap_or_default();
    if std::str::from_utf8(body).is_ok() {
        encoding_rs::UTF_8
    } else {
        encoding_rs::GBK
    }
}

fn field_text(v: &FieldValue) -> String {
    match v {
        FieldValue::Character(s) => s.clone().unwrap_or_default(),
        FieldValue::Memo(s) => s.clone(),
        FieldValue::Numeric(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        FieldValue::Float(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        FieldValue::Logical(b) => b.map(|b| b.to_string()).unwrap_or_default(),
        FieldValue::Integer(i) => i.to_string(),
        FieldValue::Double(d) | FieldValue::Currency(d) => d.to_string(),
        FieldValue::Date(d) => d.map(|d| format!("{d:?}")).unwrap_or_default(),
        FieldValue::DateTime(d) => format!("{d:?}"),
    }
}
