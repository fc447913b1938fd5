//! The plain-text splitter against the csv reader, on fragments made to trip it.

use super::*;

fn rows_of(chunk: &[u8], split: bool) -> Vec<(u64, Vec<String>)> {
    let mut out = Vec::new();
    let visit = |r: &RawRow| out.push((r.line, r.cells.iter().map(str::to_string).collect()));
    if split {
        split_plain(std::str::from_utf8(chunk).unwrap(), 7, b',', visit);
    } else {
        read_rows(chunk, 7, b',', visit);
    }
    out
}

#[test]
fn plain_fragments_split_into_the_rows_and_lines_the_csv_reader_gives() {
    let cases: &[&[u8]] = &[
        b"a,b,c\nd,e,f\n",
        b"a,b,c\r\nd,e,f\r\n",
        b"a,b\n\n\nc,d",
        b"\n\na,b\n",
        b",,\n  , \na,\n,b\n",
        b"a,b,c,d,e\nf\ng,h,,\n",
        b"\xe6\x9e\x97\xe8\xa5\xbf,\xe5\xb0\x8f\xe5\xad\xa6\n x , y \n",
        b"a;b,c\n",
        b"",
        b"\n",
        b"\r\n\r\na\r\n",
        b"a,b\r\n\r\n,\r\nlast",
    ];
    for chunk in cases {
        assert!(is_plain(chunk));
        assert_eq!(
            rows_of(chunk, true),
            rows_of(chunk, false),
            "{:?}",
            String::from_utf8_lossy(chunk)
        );
    }
}

#[test]
fn quotes_and_lone_carriage_returns_go_to_the_csv_reader() {
    assert!(!is_plain(b"a,\"b,c\"\n"));
    assert!(!is_plain(b"a,b\rc,d\n"));
    assert!(!is_plain(b"a,b\r"));
    assert!(is_plain(b"a,b\r\n"));
    // Through `for_each_row`, a quoted field keeps its comma and line break.
    let mut rows = Vec::new();
    for_each_row(b"a,\"b,\nc\"\nd,e\n", 1, b',', |r| {
        rows.push((r.line, r.cells.len()))
    });
    assert_eq!(rows, [(1, 2), (3, 2)]);
}

#[test]
fn random_plain_fragments_agree_with_the_csv_reader() {
    let alphabet: &[&[u8]] = &[
        b"a",
        b"1",
        b",",
        b"\n",
        b"\r\n",
        b" ",
        b"\xe5\xad\xa6",
        b"\t",
    ];
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..3000 {
        let mut chunk = Vec::new();
        for _ in 0..(x % 40) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            chunk.extend_from_slice(alphabet[(x % alphabet.len() as u64) as usize]);
        }
        x = x.wrapping_add(0x2545_f491);
        assert_eq!(
            rows_of(&chunk, true),
            rows_of(&chunk, false),
            "{:?}",
            String::from_utf8_lossy(&chunk)
        );
    }
}
