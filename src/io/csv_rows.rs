//! Scanning CSV text into [`RawRow`]s with 1-based line numbers: used when a table is read
//! ([`super::csv_read`]) and when a large body kept as text is visited ([`super::table`]).

use super::raw_row::{Cells, RawRow};

#[cfg(test)]
mod tests;

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
///
/// A fragment without quotes, whose only line breaks are `\n` and `\r\n`, is split at line breaks
/// and delimiters directly ([`split_plain`]): the same rows and lines the csv reader gives, at a
/// fraction of its cost (its state machine was a tenth of loading a million students).
pub fn for_each_row(chunk: &[u8], first_line: u64, delim: u8, f: impl FnMut(&RawRow)) {
    match std::str::from_utf8(chunk) {
        Ok(text) if is_plain(chunk) => split_plain(text, first_line, delim, f),
        _ => read_rows(chunk, first_line, delim, f),
    }
}

/// No quote, and every `\r` starts a `\r\n`.
fn is_plain(chunk: &[u8]) -> bool {
    memchr::memchr(b'"', chunk).is_none()
        && memchr::memchr_iter(b'\r', chunk).all(|i| chunk.get(i + 1) == Some(&b'\n'))
}

/// [`for_each_row`] on a plain fragment: each line is a record, split at every `delim`.
fn split_plain(text: &str, first_line: u64, delim: u8, mut f: impl FnMut(&RawRow)) {
    let bytes = text.as_bytes();
    let mut raw = RawRow {
        line: first_line,
        cells: Cells::default(),
        geometry: None,
    };
    let (mut start, mut line) = (0usize, first_line);
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let body = match bytes[start..end] {
            [.., b'\r'] => &text[start..end - 1],
            _ => &text[start..end],
        };
        if !body.is_empty() {
            raw.cells.set_line(body, delim);
            if !raw.cells.iter().all(blank) {
                raw.line = line;
                f(&raw);
            }
        }
        start = end + 1;
        line += 1;
    }
}

/// A cell holding nothing but white space (the first byte settles almost every cell).
fn blank(cell: &str) -> bool {
    match cell.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => cell.trim().is_empty(),
    }
}

/// [`for_each_row`] through the csv reader.
fn read_rows(chunk: &[u8], first_line: u64, delim: u8, mut f: impl FnMut(&RawRow)) {
    let mut lines = LineCounter::new(chunk, first_line);
    let mut reader = reader(chunk, delim);
    let mut record = csv::StringRecord::new();
    let mut raw = RawRow {
        line: first_line,
        cells: Cells::default(),
        geometry: None,
    };
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                raw.cells = Cells::from(vec![format!("not readable as CSV: {e}")]);
                f(&raw);
                break;
            }
        }
        if record.iter().all(blank) {
            continue;
        }
        raw.cells.set_record(&record);
        raw.line = lines.line_at(record.position().map(|p| p.byte()).unwrap_or(0));
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
