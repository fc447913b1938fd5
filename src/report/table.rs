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
    Empty,
}

impl Cell {
    /// The text written to CSV and HTML.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Num(x, d) if x.is_finite() => format!("{x:.d$}"),
            Cell::Num(..) | Cell::Empty => String::new(),
        }
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
        Cell::Int(i64::from(b))
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
        Some(
            self.rows
                .iter()
                .map(|r| match &r[i] {
                    Cell::Int(n) => *n as f64,
                    Cell::Num(x, _) => *x,
                    _ => 0.0,
                })
                .sum(),
        )
    }
}
