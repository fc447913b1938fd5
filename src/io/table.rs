//! A table as read from any format, before records are built: headers mapped to canonical column
//! names, and rows that remember the line (or sheet row, or feature number) they came from.

use super::aliases;
pub use super::raw_row::RawRow;
use crate::model::{Diagnostic, SourceRef};

/// A table read from one file.
#[derive(Debug, Clone, Default)]
pub struct RawTable {
    /// The conventional table name: `schools`, `students`, ...
    pub table: String,
    /// The file as the planner named it (path for folders, file name for embedded projects).
    pub file: String,
    /// The header's line (0 when the format has no header line, as in GeoJSON).
    pub header_line: u64,
    /// Headers as written.
    pub headers: Vec<String>,
    /// Canonical column name → index into the row's cells.
    columns: Vec<(&'static str, usize)>,
    /// [`slot`] of a canonical name → 1 + its position in `columns`, 0 for none, [`SHARED`] when
    /// two columns share the slot; empty until the headers are mapped (then `col` scans).
    slots: Vec<u8>,
    /// Canonical column → factor from the header's unit, where it is not 1.
    scales: Vec<(&'static str, f64)>,
    pub rows: Vec<RawRow>,
    /// A large CSV body kept as text and parsed chunk by chunk, in parallel, when rows are visited
    /// (instead of `rows`), so a million rows are never held as separate records.
    pub csv_body: Option<CsvBody>,
    /// For CSV: the fields every row must have (the header's, less trailing empty headers). None for
    /// formats whose rows always match their header (XLSX, GeoJSON, Shapefile).
    pub csv_fields: Option<usize>,
    /// Problems found while reading (duplicate headers, ...).
    pub notes: Vec<Diagnostic>,
}

/// CSV text after the header, cut at line breaks between records (never inside a quoted field):
/// (start, end, first line) per chunk.
#[derive(Debug, Clone, Default)]
pub struct CsvBody {
    pub text: super::source::Bytes,
    pub chunks: Vec<(usize, usize, u64)>,
    /// The field delimiter found (comma, semicolon or tab).
    pub delimiter: u8,
}

/// Rows per parallel work item when rows are held in memory.
const ROWS_PER_TASK: usize = 16_384;

impl RawTable {
    /// A table from its headers; maps each header to its canonical name.
    pub fn new(table: &str, file: &str, header_line: u64, headers: Vec<String>) -> RawTable {
        let mut t = RawTable {
            table: table.to_string(),
            file: file.to_string(),
            header_line,
            ..RawTable::default()
        };
        for (i, h) in headers.iter().enumerate() {
            let Some(canon) = aliases::canonical(table, h) else {
                t.unknown_header(h);
                continue;
            };
            if let Some(&(_, first)) = t.columns.iter().find(|(c, _)| *c == canon) {
                let d = Diagnostic::warning(
                    &t.header_ref(),
                    format!(
                        "column '{}' means the same as column '{}' ({canon}); the first is used",
                        h.trim(),
                        headers[first].trim()
                    ),
                    "rename or delete one of them",
                )
                .field(h.trim(), h.trim());
                t.notes.push(d);
            } else {
                t.columns.push((canon, i));
                t.unit(canon, h);
            }
        }
        t.headers = headers;
        t.slots = vec![0; SLOTS];
        for (k, (c, _)) in t.columns.iter().enumerate() {
            let v = &mut t.slots[slot(c)];
            *v = if *v == 0 && k + 1 < usize::from(SHARED) {
                (k + 1) as u8
            } else {
                SHARED
            };
        }
        t
    }

    /// A header that names no field: a warning with the closest known fields.
    fn unknown_header(&mut self, h: &str) {
        let h = h.trim().trim_start_matches('\u{feff}');
        if h.is_empty() {
            return;
        }
        let near = aliases::suggestions(&self.table, h);
        let (message, hint) = if near.is_empty() {
            (
                format!("column '{h}' is not a known field and is not read"),
                "rename it to a header listed in the README's table of fields, or leave it if it is not needed".to_string(),
            )
        } else {
            (
                format!(
                    "column '{h}' is not a known field; did you mean {}?",
                    near.join(" or ")
                ),
                "rename the column; until then it is not read".to_string(),
            )
        };
        let d = Diagnostic::warning(&self.header_ref(), message, hint).field(h, h);
        self.notes.push(d);
    }

    /// Record the factor a header's unit applies (`（万元）` → 10,000), or an error for a unit the
    /// field cannot be in.
    fn unit(&mut self, canon: &'static str, h: &str) {
        let Some(field) = aliases::field(&self.table, h) else {
            return;
        };
        match aliases::unit_scale(field.unit, h) {
            Some(scale) => {
                if scale != 1.0 {
                    self.scales.push((canon, scale));
                }
            }
            None => {
                let unit = aliases::split_unit(h).1.unwrap_or("");
                let (what, use_) = match field.unit {
                    aliases::UnitKind::Area => ("an area", "平方米, 万平方米, 亩 or 公顷"),
                    _ => ("money", "元, 千元, 万元 or 亿元"),
                };
                let d = Diagnostic::error(
                    &self.header_ref(),
                    format!("unit '{unit}' is not a unit of {what} catchment knows"),
                    format!(
                        "write the unit as one of {use_}, or remove it if the values are in {}",
                        if field.unit == aliases::UnitKind::Area {
                            "m²"
                        } else {
                            "yuan"
                        }
                    ),
                )
                .field(h.trim(), unit);
                self.notes.push(d);
            }
        }
    }

    /// The factor that turns values of a column into its field's unit (1 unless its header names a
    /// unit such as `（万元）`).
    pub fn scale(&self, canon: &str) -> f64 {
        self.scales
            .iter()
            .find(|(c, _)| *c == canon)
            .map(|&(_, s)| s)
            .unwrap_or(1.0)
    }

    /// Map every row with `f`, in parallel, keeping row order: one vector per work item, in order.
    pub fn map_rows<R: Send>(&self, f: impl Fn(&RawRow) -> R + Sync) -> Vec<Vec<R>> {
        use rayon::prelude::*;
        match &self.csv_body {
            None => self
                .rows
                .par_chunks(ROWS_PER_TASK)
                .map(|c| c.iter().map(&f).collect())
                .collect(),
            Some(body) => body
                .chunks
                .par_iter()
                .map(|&(a, b, line)| {
                    let mut out = Vec::new();
                    super::csv_rows::for_each_row(&body.text[a..b], line, body.delimiter, |raw| {
                        out.push(f(raw))
                    });
                    out
                })
                .collect(),
        }
    }

    /// Upper bounds on the rows of each work item of [`RawTable::fold_rows`], in order.
    pub fn row_bounds(&self) -> Vec<usize> {
        use rayon::prelude::*;
        match &self.csv_body {
            None => self.rows.chunks(ROWS_PER_TASK).map(<[_]>::len).collect(),
            // A row ends at a line break (the last may not): at most breaks + 1 rows.
            Some(body) => body
                .chunks
                .par_iter()
                .map(|&(a, b, _)| body.text[a..b].iter().filter(|c| **c == b'\n').count() + 1)
                .collect(),
        }
    }

    /// Fold the rows of each work item, in parallel, into an accumulator made by `init` from the
    /// item's number (see [`RawTable::row_bounds`]); the accumulators come back in row order.
    pub fn fold_rows<A: Send>(
        &self,
        init: impl Fn(usize) -> A + Sync,
        f: impl Fn(&mut A, &RawRow) + Sync,
    ) -> Vec<A> {
        use rayon::prelude::*;
        match &self.csv_body {
            None => self
                .rows
                .par_chunks(ROWS_PER_TASK)
                .enumerate()
                .map(|(i, c)| {
                    let mut acc = init(i);
                    c.iter().for_each(|r| f(&mut acc, r));
                    acc
                })
                .collect(),
            Some(body) => body
                .chunks
                .par_iter()
                .enumerate()
                .map(|(i, &(a, b, line))| {
                    let mut acc = init(i);
                    super::csv_rows::for_each_row(&body.text[a..b], line, body.delimiter, |raw| {
                        f(&mut acc, raw)
                    });
                    acc
                })
                .collect(),
        }
    }

    /// Where the header is.
    pub fn header_ref(&self) -> SourceRef {
        SourceRef::new(&self.file, self.header_line)
    }

    /// The index of a canonical column.
    pub fn col(&self, canon: &str) -> Option<usize> {
        // Called for every cell of every row: one slot names the only column it can be.
        match self.slots.get(slot(canon)).copied() {
            Some(0) => None,
            Some(k) if k != SHARED => {
                let (c, i) = self.columns[usize::from(k) - 1];
                (c == canon).then_some(i)
            }
            _ => self
                .columns
                .iter()
                .find(|(c, _)| *c == canon)
                .map(|&(_, i)| i),
        }
    }

    /// The header as written for a column index (for messages).
    pub fn header(&self, idx: usize) -> &str {
        self.headers.get(idx).map(|h| h.trim()).unwrap_or("")
    }

    /// The error for a required column that is absent.
    pub fn missing(&self, canon: &str) -> Diagnostic {
        let d = Diagnostic::error(
            &self.header_ref(),
            format!("missing required column '{canon}'"),
            format!(
                "add a column headed one of: {}",
                aliases::accepted(&self.table, canon)
            ),
        );
        Diagnostic {
            field: Some(canon.to_string()),
            ..d
        }
    }
}

/// Slots of the column index of a table ([`RawTable::col`]).
const SLOTS: usize = 128;
/// The slot value of two or more columns.
const SHARED: u8 = u8::MAX;

/// A canonical name's slot: from its length and first, second and last bytes, which tell the
/// fields of a table apart almost always (a shared slot only costs a scan; the students' fields
/// have a slot each).
fn slot(canon: &str) -> usize {
    let b = canon.as_bytes();
    let at = |i: usize| usize::from(b.get(i).copied().unwrap_or(0));
    let last = usize::from(b.last().copied().unwrap_or(0));
    (b.len() * 7 + at(0) * 3 + at(1) * 5 + last) % SLOTS
}

/// How many cells of `row` are headers catchment knows for `table`.
pub fn known_headers<'a>(table: &str, row: impl IntoIterator<Item = &'a str>) -> usize {
    row.into_iter()
        .filter(|h| aliases::canonical(table, h).is_some())
        .count()
}

/// The index of the header among the first rows: the first with at least two known headers (a title
/// row above the header is skipped). Falls back to the first non-empty row.
pub fn find_header(table: &str, first_rows: &[Vec<String>]) -> Option<usize> {
    let found = first_rows
        .iter()
        .take(20)
        .position(|r| known_headers(table, r.iter().map(|s| s.as_str())) >= 2);
    found.or_else(|| {
        first_rows
            .iter()
            .position(|r| r.iter().any(|c| !c.trim().is_empty()))
    })
}
