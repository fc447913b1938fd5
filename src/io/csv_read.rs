//! CSV into a [`RawTable`], with 1-based line numbers (the header is line 1) and a title row above
//! the header skipped when present.
//!
//! Large files (a county's students) are parsed in parallel: when the body holds no quote character,
//! no field can span lines, so the body is cut at line breaks into chunks parsed on separate threads,
//! each counting its own line numbers from the chunk's first line.

use super::csv_rows::{for_each_row, reader, LineCounter};
use super::encoding;
use super::read_error::ReadError;
use super::table::{find_header, known_headers, CsvBody, RawRow, RawTable};
use rayon::prelude::*;

/// Bodies smaller than this are parsed on one thread.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// A quoted field running over more lines than this is taken for a quote that was never closed.
const MAX_QUOTED_LINES: u64 = 5;

/// Read CSV bytes (any supported encoding; comma, semicolon or tab between fields). Returns the
/// table and a label naming the encoding (and the delimiter when it is not a comma).
pub fn read_csv(table: &str, file: &str, bytes: &[u8]) -> Result<(RawTable, String), ReadError> {
    let (text, enc) = encoding::decode_checked(bytes)?;
    let data = text.as_bytes();
    let delim = sniff_delimiter(table, data);
    check_quotes(data, delim)?;
    // The first rows, to find the header: (line, cells).
    let mut head: Vec<(u64, csv::StringRecord)> = Vec::new();
    let mut reader = reader(data, delim);
    let mut lines = LineCounter::new(data, 1);
    for result in reader.records() {
        let rec = result.map_err(|e| ReadError::Io(format!("not readable as CSV: {e}")))?;
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = lines.line_at(rec.position().map(|p| p.byte()).unwrap_or(0));
        head.push((line, rec));
        if head.len() >= 20 {
            break;
        }
    }
    let cells: Vec<Vec<String>> = head
        .iter()
        .map(|(_, r)| r.iter().map(str::to_string).collect())
        .collect();
    let h = find_header(table, &cells).ok_or(ReadError::Empty)?;
    let (header_line, header) = &head[h];
    let body_start = head
        .get(h + 1)
        .and_then(|(_, r)| r.position().map(|p| p.byte() as usize))
        .unwrap_or(data.len());
    // The body may start on a blank line (the csv reader's offsets point before skipped blank
    // lines), so its first line is counted from the bytes.
    let body_line = 1 + data[..body_start].iter().filter(|b| **b == b'\n').count() as u64;
    let mut t = RawTable::new(
        table,
        file,
        *header_line,
        header.iter().map(str::to_string).collect(),
    );
    t.csv_fields = Some(header_width(header));
    let body = &data[body_start..];
    if body.len() < PARALLEL_MIN_BYTES || body.contains(&b'"') {
        t.rows = parse_chunk(body, body_line, delim);
    } else {
        t.csv_body = Some(chunked(body, body_line, delim));
    }
    let label = match delim {
        b';' => format!("{enc}, semicolon-separated"),
        b'\t' => format!("{enc}, tab-separated"),
        _ => enc.to_string(),
    };
    Ok((t, label))
}

/// Fields a row must have: the header's, less the empty headers at its end (Excel exports
/// `a,b,c,,`).
fn header_width(header: &csv::StringRecord) -> usize {
    let cells: Vec<&str> = header.iter().collect();
    cells
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map(|i| i + 1)
        .unwrap_or(0)
}

/// The delimiter under which the first lines hold the most known headers; on a tie (or none
/// known), comma, else whichever of semicolon and tab the first line holds more of.
fn sniff_delimiter(table: &str, data: &[u8]) -> u8 {
    let first: Vec<&[u8]> = data
        .split(|b| *b == b'\n')
        .filter(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
        .take(20)
        .collect();
    let sample = first.join(&b'\n');
    let score = |d: u8| {
        let mut best = 0;
        for rec in reader(&sample, d).records().flatten() {
            best = best.max(known_headers(table, rec.iter()));
        }
        best
    };
    let mut best = (score(b','), b',');
    for d in [b';', b'\t'] {
        let s = score(d);
        if s > best.0 {
            best = (s, d);
        }
    }
    if best.0 > 0 {
        return best.1;
    }
    let line = first.first().copied().unwrap_or_default();
    let count = |d: u8| line.iter().filter(|b| **b == d).count();
    if count(b',') > 0 || (count(b';') == 0 && count(b'\t') == 0) {
        b','
    } else if count(b';') >= count(b'\t') {
        b';'
    } else {
        b'\t'
    }
}

/// A quote opening a field must close, within [`MAX_QUOTED_LINES`] lines: otherwise the csv reader
/// would read the rest of the file as one value.
fn check_quotes(data: &[u8], delim: u8) -> Result<(), ReadError> {
    let (mut i, mut line, mut field_start) = (0usize, 1u64, true);
    while i < data.len() {
        let b = data[i];
        if field_start && b == b'"' {
            let (open, open_line) = (i, line);
            i += 1;
            loop {
                if i >= data.len() {
                    return Err(unterminated(data, open, open_line));
                }
                match data[i] {
                    b'"' if data.get(i + 1) == Some(&b'"') => i += 1,
                    b'"' => break,
                    b'\n' => line += 1,
                    _ => {}
                }
                if line - open_line > MAX_QUOTED_LINES {
                    return Err(unterminated(data, open, open_line));
                }
                i += 1;
            }
            field_start = false;
        } else {
            if b == b'\n' {
                line += 1;
            }
            field_start = b == b'\n' || b == b'\r' || b == delim;
        }
        i += 1;
    }
    Ok(())
}

fn unterminated(data: &[u8], open: usize, line: u64) -> ReadError {
    let rest = String::from_utf8_lossy(&data[open + 1..]);
    let start: String = rest
        .chars()
        .take(40)
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    ReadError::UnterminatedQuote { line, start }
}

/// Keep a large body as text, cut at line breaks into chunks that know their first line.
fn chunked(body: &[u8], first_line: u64, delimiter: u8) -> CsvBody {
    let pieces = split_at_lines(body, rayon::current_num_threads() * 8);
    let newlines: Vec<u64> = pieces
        .par_iter()
        .map(|c| c.iter().filter(|b| **b == b'\n').count() as u64)
        .collect();
    let mut chunks = Vec::with_capacity(pieces.len());
    let (mut at, mut line) = (0usize, first_line);
    for (p, n) in pieces.iter().zip(newlines) {
        chunks.push((at, at + p.len(), line));
        at += p.len();
        line += n;
    }
    CsvBody {
        text: body.to_vec(),
        chunks,
        delimiter,
    }
}

/// Cut `body` into about `n` pieces, each ending just after a line break.
fn split_at_lines(body: &[u8], n: usize) -> Vec<&[u8]> {
    let size = body.len().div_ceil(n.max(1)).max(1);
    let mut out = Vec::with_capacity(n + 1);
    let mut start = 0;
    while start < body.len() {
        let mut end = (start + size).min(body.len());
        while end < body.len() && body[end - 1] != b'\n' {
            end += 1;
        }
        out.push(&body[start..end]);
        start = end;
    }
    out
}

fn parse_chunk(chunk: &[u8], first_line: u64, delim: u8) -> Vec<RawRow> {
    let mut rows = Vec::with_capacity(chunk.len() / 48 + 1);
    for_each_row(chunk, first_line, delim, |raw| rows.push(raw.clone()));
    rows
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

    #[test]
    fn parallel_parse_keeps_lines_and_order() {
        let mut text = String::from("id,grade\n");
        for i in 0..200_000 {
            text.push_str(&format!("P{i},g1\n"));
            if i % 1000 == 0 {
                text.push('\n');
            }
        }
        let (t, _) = read_csv("students", "s.csv", text.as_bytes()).unwrap();
        assert!(t.csv_body.is_some() && t.rows.is_empty());
        let rows: Vec<(u64, String)> = t
            .map_rows(|r| (r.line, r.cells[0].to_string()))
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(rows.len(), 200_000);
        // Row i is preceded by the header, i rows and one blank line per 1000 rows so far.
        for i in [0usize, 1, 999, 1000, 1001, 123_456, 199_999] {
            assert_eq!(rows[i].1, format!("P{i}"));
            assert_eq!(
                rows[i].0,
                2 + i as u64 + (i as u64).div_ceil(1000),
                "row {i}"
            );
        }
    }
}
