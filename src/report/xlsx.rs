//! `report.xlsx`: one sheet per table, numbers as numbers, booleans as booleans, a frozen header
//! row; sheet names, headers and code values in the report's language (from the catalogue).

use super::i18n::{localise, sheet_name};
use super::{Cell, Lang, Stamp, Table};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// Errors building a workbook.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    #[error("sheet '{sheet}': {message}")]
    Sheet { sheet: String, message: String },
}

fn sheet_err(sheet: &str) -> impl Fn(rust_xlsxwriter::XlsxError) -> XlsxError + '_ {
    move |e| XlsxError::Sheet {
        sheet: sheet.to_string(),
        message: e.to_string(),
    }
}

/// The bytes of a workbook holding `tables` (machine headers, as for the CSVs), one sheet each, in
/// order, translated to `lang`. Deterministic: the creation time is `stamp`.
pub fn workbook_bytes(tables: &[Table], lang: Lang, stamp: Stamp) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let (y, mo, d, h, mi, s) = stamp.civil();
    let created = ExcelDateTime::from_ymd(y.clamp(1900, 9999) as u16, mo as u8, d as u8)
        .and_then(|t| t.and_hms(h as u16, mi as u8, s as u8))
        .map_err(sheet_err("properties"))?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    for table in tables {
        let name = sheet_name(&table.name, lang);
        let table = &localise(table, lang);
        let err = sheet_err(&table.name);
        let ws = wb.add_worksheet();
        ws.set_name(&name).map_err(&err)?;
        for (c, h) in table.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)
                .map_err(&err)?;
            ws.set_column_width(c as u16, (h.chars().count() as f64 * 1.8).max(10.0))
                .map_err(&err)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) | Cell::Id(t) | Cell::Name(t) => {
                        ws.write_string(r, c, t).map(|_| ())
                    }
                    Cell::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                    Cell::Int(n) => ws.write_number(r, c, *n as f64).map(|_| ()),
                    // The value shown in the CSV, so sheet totals equal CSV totals.
                    Cell::Num(x, d) if x.is_finite() => {
                        let p = 10f64.powi((*d).min(15) as i32);
                        ws.write_number(r, c, (x * p).round() / p).map(|_| ())
                    }
                    Cell::Num(..) | Cell::Empty => Ok(()),
                }
                .map_err(&err)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(&err)?;
    }
    wb.save_to_buffer().map_err(sheet_err("workbook"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_tables_same_bytes() {
        let mut t = Table::new("学校", &["名称", "学生"]);
        t.push(vec!["一小".into(), Cell::Int(1200)]);
        let a = workbook_bytes(
            std::slice::from_ref(&t),
            Lang::Zh,
            Stamp {
                unix_s: 1_700_000_000,
            },
        )
        .unwrap();
        let b = workbook_bytes(
            &[t],
            Lang::Zh,
            Stamp {
                unix_s: 1_700_000_000,
            },
        )
        .unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with(b"PK"));
    }
}
