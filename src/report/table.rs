//! A table of results: one CSV file, one Excel sheet, one HTML table.

use serde::Serialize;

/// One cell. Numbers stay numbers so Excel can sum them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A number and how many decimals to show.
    Num(f64, usize),
    /// Yes or no: `true`/`false` in CSVs, a boolean in the workbook, 是/否 in the report.
    Bool(bool),
    /// A code shown as written (school id, file name, field name, year).
    Id(String),
    /// A proper noun from the data (a school's name), shown as written, never wrapped.
    Name(String),
    Empty,
}

impl Cell {
    /// The text written to CSV and HTML.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Id(s) | Cell::Name(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Num(x, d) if x.is_finite() => fixed(*x, *d),
            Cell::Num(..) | Cell::Empty => String::new(),
        }
    }
}

/// `x` with `d` decimals, never "-0": a sum of nothing (`-0.0`) or a tiny negative that rounds to
/// zero is written as zero.
fn fixed(x: f64, d: usize) -> String {
    let s = format!("{x:.d$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => s,
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Int(n.into())
    }
}

impl From<i32> for Cell {
    fn from(n: i32) -> Self {
        Cell::Int(n.into())
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Self {
        Cell::Int(n as i64)
    }
}

impl From<bool> for Cell {
    fn from(b: bool) -> Self {
        Cell::Bool(b)
    }
}

impl Cell {
    /// The cell as a number: integers, decimals, and booleans as 1 or 0; None for text.
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Int(n) => Some(*n as f64),
            Cell::Num(x, _) if x.is_finite() => Some(*x),
            Cell::Bool(b) => Some(f64::from(u8::from(*b))),
            _ => None,
        }
    }
}

/// A named table with a header row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// File stem and sheet name: `schools`, `forecast`, ...
    pub name: String,
    /// Column headers (already in the report's language).
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these headers.
    pub fn new(name: impl Into<String>, headers: &[&str]) -> Table {
        Table {
            name: name.into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Append a row; it must have one cell per header.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(
            row.len(),
            self.headers.len(),
            "row width in table {}",
            self.name
        );
        self.rows.push(row);
    }

    /// Header plus rows as text, for [`crate::io::write_csv_bom`].
    pub fn csv_rows(&self) -> Vec<Vec<String>> {
        let mut out = vec![self.headers.clone()];
        out.extend(self.rows.iter().map(|r| r.iter().map(Cell::text).collect()));
        out
    }

    /// The sum of a numeric column, by header.
    pub fn column_sum(&self, header: &str) -> Option<f64> {
        let i = self.headers.iter().position(|h| h == header)?;
        Some(self.rows.iter().filter_map(|r| r[i].number()).sum())
    }
}

impl Table {
    /// A table from text rows (first row = header), as the engines produce them for their CSVs.
    /// Cells that read as integers or decimals become numbers, so the workbook can sum them; the
    /// text of every cell is unchanged (decimals keep their written precision).
    pub fn from_text_rows(name: impl Into<String>, rows: &[Vec<String>]) -> Table {
        let headers = rows.first().cloned().unwrap_or_default();
        let body = rows
            .iter()
            .skip(1)
            .map(|r| r.iter().map(|c| Cell::parse(c)).collect())
            .collect();
        Table {
            name: name.into(),
            headers,
            rows: body,
        }
    }
}

impl Cell {
    /// Read a cell from text: an integer, a decimal (keeping its number of decimals), or text.
    pub fn parse(s: &str) -> Cell {
        match s {
            "" => return Cell::Empty,
            "true" => return Cell::Bool(true),
            "false" => return Cell::Bool(false),
            _ => {}
        }
        let numeric = s.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'.')
            && s.bytes().any(|b| b.is_ascii_digit())
            // Leading zeros mark codes (007), which stay text.
            && (!s.starts_with('0') || s == "0" || s.starts_with("0."));
        if numeric {
            if let Ok(i) = s.parse::<i64>() {
                return Cell::Int(i);
            }
            if let Ok(x) = s.parse::<f64>() {
                let decimals = s.split_once('.').map_or(0, |(_, d)| d.len());
                return Cell::Num(x, decimals);
            }
        }
        Cell::Text(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_negative_zero_is_written_as_zero() {
        let empty: f64 = std::iter::empty::<f64>().sum();
        assert_eq!(Cell::Num(empty, 0).text(), "0");
        assert_eq!(Cell::Num(-0.004, 2).text(), "0.00");
        assert_eq!(Cell::Num(-0.5, 1).text(), "-0.5");
        assert_eq!(Cell::Num(-12.0, 0).text(), "-12");
    }

    #[test]
    fn text_rows_keep_their_text() {
        let rows = vec![
            vec![
                "id".to_string(),
                "n".to_string(),
                "x".to_string(),
                "code".to_string(),
            ],
            vec![
                "S1".to_string(),
                "12".to_string(),
                "0.250".to_string(),
                "007".to_string(),
            ],
        ];
        let t = Table::from_text_rows("t", &rows);
        assert_eq!(t.rows[0][1], Cell::Int(12));
        assert_eq!(t.rows[0][2], Cell::Num(0.25, 3));
        assert_eq!(t.rows[0][3], Cell::Text("007".into()));
        assert_eq!(t.csv_rows(), rows);
    }
}
