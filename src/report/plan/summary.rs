//! Summary tables of the report: a few columns of an output table, typed for reading (ids and
//! names verbatim, code values translated, shares as percentages, distances in whole metres).
//! Shared by the document ([`super::document`]) and the section builders ([`super::sections`]).

use crate::report::doc::SummaryTable;
use crate::report::i18n::value;
use crate::report::{Cell, Lang, Table};

/// Look a table up by name.
pub fn find<'a>(tables: &'a [Table], name: &str) -> Option<&'a Table> {
    tables.iter().find(|t| t.name == name)
}

/// Columns of a summary: machine name and unit key.
pub type Cols<'a> = &'a [(&'a str, Option<&'a str>)];

/// A summary of the named table, with cells typed for reading: ids and names verbatim, code values
/// translated, shares as percentages, distances in whole metres.
pub fn summary(t: &Table, caption: String, cols: Cols, rows: usize, lang: Lang) -> SummaryTable {
    let mut s = SummaryTable::from_table(t, caption, cols, rows, lang);
    for row in &mut s.rows {
        for (cell, (key, unit)) in row.iter_mut().zip(cols) {
            *cell = typed(key, *unit, cell.clone(), lang);
        }
    }
    s
}

fn typed(key: &str, unit: Option<&str>, c: Cell, lang: Lang) -> Cell {
    let ids = [
        "school_id",
        "site_id",
        "file",
        "field",
        "key",
        "top_driver",
        "year",
        "open_year",
        "line",
    ];
    let names = ["name", "school_name"];
    match c {
        Cell::Text(s) | Cell::Id(s) | Cell::Name(s) if names.contains(&key) => Cell::Name(s),
        // A field the catalogue knows is named in words (住址, not `address`).
        Cell::Text(s) | Cell::Id(s) if key == "field" && crate::report::i18n::has_header(&s) => {
            Cell::Text(crate::report::i18n::header(&s, lang))
        }
        Cell::Text(s) if ids.contains(&key) => Cell::Id(s),
        Cell::Int(n) if ids.contains(&key) => Cell::Id(n.to_string()),
        Cell::Text(s) if key == "indicator" => Cell::Text(crate::report::i18n::header(&s, lang)),
        Cell::Text(s) if key == "value" => {
            Cell::Text(crate::report::i18n::readable_json(&s, lang).unwrap_or(s))
        }
        Cell::Text(s) => Cell::Text(value(&s, lang).map_or(s, str::to_string)),
        Cell::Num(x, _) if unit == Some("pct") => Cell::Num(x * 100.0, 1),
        Cell::Num(x, _) if unit == Some("m") => Cell::Num(x, 0),
        other => other,
    }
}
