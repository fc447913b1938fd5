//! XLSX (and XLS/ODS) into a [`RawTable`]: the first sheet, with a title row above the header skipped.
//! Line numbers are the sheet's row numbers, as Excel shows them.

use super::raw_row::Cells;
use super::read_error::ReadError;
use super::table::{find_header, RawRow, RawTable};
use calamine::{Data, Reader};
use std::io::Cursor;

/// Read a workbook's first sheet.
pub fn read_xlsx(table: &str, file: &str, bytes: &[u8]) -> Result<RawTable, ReadError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| ReadError::Spreadsheet(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(ReadError::NoSheet)?
        .map_err(|e| ReadError::Spreadsheet(format!("cannot read the first sheet: {e}")))?;
    let first_row = range.start().map(|(r, _)| r as u64).unwrap_or(0);
    let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
    for (i, r) in range.rows().enumerate() {
        let cells: Vec<String> = r.iter().map(cell_text).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((first_row + i as u64 + 1, cells));
    }
    let head: Vec<Vec<String>> = rows.iter().take(20).map(|(_, c)| c.clone()).collect();
    let h = find_header(table, &head).ok_or(ReadError::EmptySheet)?;
    let mut it = rows.into_iter().skip(h);
    let (header_line, headers) = it.next().ok_or(ReadError::EmptySheet)?;
    let mut t = RawTable::new(table, file, header_line, headers);
    t.rows = it
        .map(|(line, cells)| RawRow {
            line,
            cells: Cells::from(cells),
            geometry: None,
        })
        .collect();
    Ok(t)
}

/// A date cell as `YYYY-MM-DD` (with the time when it has one), in the workbook's own date system
/// (1900 or 1904), so a typed date is never seen as its serial number.
fn iso_datetime(dt: &calamine::ExcelDateTime) -> String {
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
}

/// A cell as text; whole numbers without `.0`; dates as ISO dates.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => iso_datetime(dt),
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}
