//! CSV into a [`RawTable`], with 1-based line numbers (the header is line 1) and a title row above
//! the header skipped when present.

use super::encoding;
use super::table::{find_header, RawRow, RawTable};
use csv::StringRecord;

/// Read CSV bytes (any supported encoding). Returns the table and the encoding's name, or an error
/// message when the file holds no header at all.
pub fn read_csv(table: &str, file: &str, bytes: &[u8]) -> Result<(RawTable, &'static str), String> {
    let (text, enc) = encoding::decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records: Vec<(u64, StringRecord)> = Vec::new();
    let mut head: Vec<Vec<String>> = Vec::new();
    let mut lines = LineCounter::new(text.as_bytes());
    for result in reader.records() {
        let rec = result.map_err(|e| format!("not readable as CSV: {e}"))?;
        let line = lines.line_at(rec.position().map(|p| p.byte()).unwrap_or(0));
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if head.len() < 20 {
            head.push(rec.iter().map(str::to_string).collect());
        }
        records.push((line, rec));
    }
    let Some(h) = find_header(table, &head) else {
        return Err("the file is empty".into());
    };
    let mut rows = records.into_iter().skip(h);
    let (header_line, header) = rows.next().ok_or("the file is empty")?;
    let headers = header.iter().map(str::to_string).collect();
    let mut t = RawTable::new(table, file, header_line, headers);
    t.rows = rows
        .map(|(line, cells)| RawRow {
            line,
            cells,
            geometry: None,
        })
        .collect();
    Ok((t, enc))
}

/// 1-based line numbers from byte offsets, counted incrementally (offsets only grow). The csv
/// crate's own line count goes wrong after blank lines, so lines are counted here.
struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            pos: 0,
            line: 1,
        }
    }

    /// The line of the record starting at `byte` (blank lines before it skipped).
    fn line_at(&mut self, byte: u64) -> u64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_from_the_header() {
        let (t, enc) = read_csv(
            "schools",
            "s.csv",
            b"id,name\n\na,b\r\nc,\"d\ne\"\n\n\nf,g\n",
        )
        .unwrap();
        assert_eq!(enc, "UTF-8");
        assert_eq!(t.header_line, 1);
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 4, 8]);
    }

    #[test]
    fn title_row_is_skipped() {
        let (t, _) = read_csv(
            "schools",
            "s.csv",
            "林西县学校\n学校代码,学校名称,经度\nA,一小,118\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(t.header_line, 2);
        assert_eq!(t.col("name"), Some(1));
        assert_eq!(t.rows[0].line, 3);
    }

    #[test]
    fn empty_is_an_error() {
        assert!(read_csv("schools", "s.csv", b"").is_err());
        assert!(read_csv("schools", "s.csv", b"\n,,\n").is_err());
    }
}
