//! Scanning CSV text into [`RawRow`]s with 1-based line numbers: used when a table is read
//! ([`super::csv_read`]) and when a large body kept as text is visited ([`super::table`]).

use super::raw_row::RawRow;

/// A csv reader over `data` with no header row, rows of any width, fields split at `delim`.
pub fn reader(data: &[u8], delim: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(data)
}

/// Visit every non-blank row of a CSV fragment, reusing one record buffer. A fragment is valid
/// UTF-8 and read with `flexible`, so the csv reader cannot fail on it; should it ever, the rest of
/// the fragment is reported as one row holding the error text, never dropped.
pub fn for_each_row(chunk: &[u8], first_line: u64, delim: u8, mut f: impl FnMut(&RawRow)) {
    let mut lines = LineCounter::new(chunk, first_line);
    let mut reader = reader(chunk, delim);
    let mut raw = RawRow {
        line: first_line,
        cells: csv::StringRecord::new(),
        geometry: None,
    };
    loop {
        match reader.read_record(&mut raw.cells) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                raw.cells = csv::StringRecord::from(vec![format!("not readable as CSV: {e}")]);
                f(&raw);
                break;
            }
        }
        if raw.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        raw.line = lines.line_at(raw.cells.position().map(|p| p.byte()).unwrap_or(0));
        f(&raw);
    }
}

/// 1-based line numbers from byte offsets, counted incrementally (offsets only grow). The csv
/// crate's own line count goes wrong after blank lines, so lines are counted here.
pub struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a [u8], first_line: u64) -> Self {
        LineCounter {
            text,
            pos: 0,
            line: first_line,
        }
    }

    /// The line of the record starting at `byte` (blank lines before it skipped).
    pub fn line_at(&mut self, byte: u64) -> u64 {
        let mut start = (byte as usize).min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.pos {
            self.line += self.text[self.pos..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            self.pos = start;
        }
        self.line
    }
}
