//! CSV into a [`RawTable`], with 1-based line numbers (the header is line 1) and a title row above
//! the header skipped when present.
//!
//! Large files (a county's students) are parsed in parallel: the body is cut at line breaks outside
//! quoted fields (a quoted field may hold a line break) into chunks parsed on separate threads, each
//! counting its own line numbers from the chunk's first line, and joined in order, so rows, line
//! numbers and rejects are those of a parse on one thread.

use super::csv_rows::{for_each_row, reader, LineCounter};
use super::encoding;
use super::read_error::ReadError;
use super::source::{Bytes, FileBytes};
use super::table::{find_header, known_headers, CsvBody, RawRow, RawTable};
use rayon::prelude::*;
use std::borrow::Cow;

/// Bodies smaller than this are parsed on one thread.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// A quoted field running over more lines than this is taken for a quote that was never closed.
const MAX_QUOTED_LINES: u64 = 5;

/// [`read_csv_owned`] from borrowed bytes (a large body is then copied).
#[cfg(test)]
pub fn read_csv(table: &str, file: &str, bytes: &[u8]) -> Result<(RawTable, String), ReadError> {
    read_csv_from(table, file, FileBytes::Borrowed(bytes), PARALLEL_MIN_BYTES)
}

/// Read CSV bytes (any supported encoding; comma, semicolon or tab between fields). Returns the
/// table and a label naming the encoding (and the delimiter when it is not a comma). A large
/// UTF-8 body is kept in the bytes as read (a large file mapped), not copied (a county's students
/// are 75 MB).
pub fn read_csv_owned(
    table: &str,
    file: &str,
    bytes: FileBytes<'_>,
) -> Result<(RawTable, String), ReadError> {
    read_csv_from(table, file, bytes, PARALLEL_MIN_BYTES)
}

/// [`read_csv`], parsing in chunks when the body has at least `parallel_min` bytes.
fn read_csv_from(
    table: &str,
    file: &str,
    bytes: FileBytes<'_>,
    parallel_min: usize,
) -> Result<(RawTable, String), ReadError> {
    let (text, enc) = encoding::decode_checked(&bytes)?;
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
    let label = match delim {
        b';' => format!("{enc}, semicolon-separated"),
        b'\t' => format!("{enc}, tab-separated"),
        _ => enc.to_string(),
    };
    if body.len() < parallel_min.max(1) {
        t.rows = parse_chunk(body, body_line, delim);
        return Ok((t, label));
    }
    let chunks = chunked(body, body_line, delim);
    // The text is kept whole and the chunks point into it past the header: UTF-8 as read stays
    // in the file's own buffer.
    let (text, start) = match text {
        Cow::Owned(s) => (Bytes::Owned(s.into_bytes()), body_start),
        Cow::Borrowed(s) => {
            let off = s.as_ptr() as usize - bytes.as_ptr() as usize;
            (bytes.into_held(), off + body_start)
        }
    };
    t.csv_body = Some(CsvBody {
        text,
        chunks: chunks
            .into_iter()
            .map(|(a, b, line)| (a + start, b + start, line))
            .collect(),
        delimiter: delim,
    });
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
    if memchr::memchr(b'"', data).is_none() {
        return Ok(());
    }
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

/// A large body cut at line breaks outside quoted fields into chunks: (start, end, first line),
/// offsets into `body`.
fn chunked(body: &[u8], first_line: u64, delimiter: u8) -> Vec<(usize, usize, u64)> {
    let pieces = split_at_lines(body, rayon::current_num_threads() * 8, delimiter);
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
    chunks
}

/// Cut `body` into about `n` pieces, each ending just after a line break that is not inside a
/// quoted field.
fn split_at_lines(body: &[u8], n: usize, delim: u8) -> Vec<&[u8]> {
    let size = body.len().div_ceil(n.max(1)).max(1);
    let ends = if body.contains(&b'"') {
        record_breaks(body, delim, size)
    } else {
        plain_breaks(body, size)
    };
    let mut out = Vec::with_capacity(ends.len());
    let mut start = 0;
    for end in ends {
        out.push(&body[start..end]);
        start = end;
    }
    out
}

/// Cut points (one past a line break) about `size` bytes apart, in text with no quote.
fn plain_breaks(body: &[u8], size: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut start = 0;
    while start < body.len() {
        let mut end = (start + size).min(body.len());
        while end < body.len() && body[end - 1] != b'\n' {
            end += 1;
        }
        ends.push(end);
        start = end;
    }
    ends
}

/// Cut points about `size` bytes apart at line breaks between records: the text is scanned once
/// with the quoting rules of [`check_quotes`] (a quote opening a field runs to its closing quote,
/// `""` inside is a quote), so no cut falls inside a quoted field.
fn record_breaks(body: &[u8], delim: u8, size: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    let (mut i, mut field_start, mut last) = (0usize, true, 0usize);
    while i < body.len() {
        let b = body[i];
        if field_start && b == b'"' {
            i += 1;
            while i < body.len() {
                match body[i] {
                    b'"' if body.get(i + 1) == Some(&b'"') => i += 1,
                    b'"' => break,
                    _ => {}
                }
                i += 1;
            }
            field_start = false;
        } else {
            if b == b'\n' && i + 1 - last >= size {
                ends.push(i + 1);
                last = i + 1;
            }
            field_start = b == b'\n' || b == b'\r' || b == delim;
        }
        i += 1;
    }
    if last < body.len() {
        ends.push(body.len());
    }
    ends
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

    /// Rows as the table holds them: (line, cells), whether parsed in chunks or on one thread.
    fn rows_of(t: &RawTable) -> Vec<(u64, Vec<String>)> {
        t.map_rows(|r| (r.line, r.cells.iter().map(str::to_string).collect()))
            .into_iter()
            .flatten()
            .collect()
    }

    /// What building records makes of a table: the kept ids, then every reject and diagnostic.
    fn built(t: &RawTable) -> (Vec<String>, Vec<String>) {
        let mut report = crate::model::LoadReport::default();
        let kept = super::super::rows::build(t, &["id", "grade"], &mut report, |row| {
            let mut e = Vec::new();
            let n = super::super::values::take(&mut e, row.number("lon"));
            match (e.is_empty(), row.required("id")) {
                (true, Ok(id)) => Ok(format!("{id}:{n:?}")),
                (_, Err(d)) => Err(vec![d]),
                (false, _) => Err(e),
            }
        });
        let mut said: Vec<String> = report.rejects.iter().map(|r| format!("{r:?}")).collect();
        said.extend(report.diagnostics.iter().map(|d| d.to_string()));
        (kept, said)
    }

    #[test]
    fn chunked_parse_with_quoted_line_breaks_and_rejects_is_the_serial_parse() {
        let mut text = String::from("id,grade,address,lon\n");
        for i in 0..20_000 {
            match i % 97 {
                // A quoted address holding a line break and an escaped quote.
                0 => text.push_str(&format!("P{i},g1,\"村\n\"\"{i}\"\"组\",2\n")),
                // Too many fields, then a value that is not a count: rejects.
                1 => text.push_str(&format!("P{i},g1,a,3,x\n")),
                2 => text.push_str(&format!("P{i},g2,b,1;5\n")),
                // Blank lines between rows.
                3 => text.push_str(&format!("\n\nP{i},g3,\"c,d\",1\r\n")),
                _ => text.push_str(&format!("P{i},g4,\"street {i}\",{}\n", i % 7)),
            }
        }
        let bytes = text.as_bytes();
        let (serial, _) =
            read_csv_from("students", "s.csv", FileBytes::Borrowed(bytes), usize::MAX).unwrap();
        let (chunks, _) =
            read_csv_from("students", "s.csv", FileBytes::Borrowed(bytes), 0).unwrap();
        assert!(serial.csv_body.is_none() && !serial.rows.is_empty());
        let body = chunks.csv_body.as_ref().expect("parsed in chunks");
        assert!(body.chunks.len() > 4, "{} chunks", body.chunks.len());
        // Every cut falls between records: no chunk starts inside a quoted field.
        for &(a, _, _) in &body.chunks {
            assert!(a == 0 || body.text[a - 1] == b'\n');
        }
        let rows = rows_of(&chunks);
        assert_eq!(rows, rows_of(&serial));
        assert_eq!(rows.len(), 20_000);
        let quoted = rows.iter().find(|(_, c)| c[0] == "P97").unwrap();
        assert_eq!(quoted.1[2], "村\n\"97\"组");
        let (kept, said) = built(&chunks);
        assert_eq!((kept.clone(), said.clone()), built(&serial));
        assert!(said
            .iter()
            .any(|s| s.contains("s.csv:") && s.contains("fields")));
        assert!(said
            .iter()
            .any(|s| s.contains("s.csv:") && s.contains("not a number")));
        assert!(kept.len() < 20_000 && kept.len() > 19_000);
    }

    #[test]
    fn cuts_never_split_a_quoted_field() {
        let body = b"a,\"x\ny\nz\",1\nb,2\n\"q\nr\",3\nc,4\n";
        for size in 1..body.len() {
            let ends = record_breaks(body, b',', size);
            assert_eq!(*ends.last().unwrap(), body.len());
            for e in &ends[..ends.len() - 1] {
                assert!([12, 16, 24].contains(e), "size {size}: cut at {e}");
            }
        }
    }
}
