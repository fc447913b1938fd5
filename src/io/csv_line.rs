//! CSV lines written byte by byte, for tables of a million rows (`assignment.csv`).
//!
//! The bytes are those the `csv` crate's writer gives with its defaults (comma, `\n`, quotes only
//! where needed) and `format!("{:.1}")` gives for a number: the tests hold the two side by side.
//! Going through the writer and the formatter cost more than the zoning that made the rows.

/// Append one field: as is, or in double quotes (inner quotes doubled) when it holds a comma, a
/// quote or a line break.
pub fn push_field(out: &mut Vec<u8>, field: &str) {
    let b = field.as_bytes();
    if !b.iter().any(|c| matches!(c, b',' | b'"' | b'\n' | b'\r')) {
        out.extend_from_slice(b);
        return;
    }
    out.push(b'"');
    for &c in b {
        if c == b'"' {
            out.push(b'"');
        }
        out.push(c);
    }
    out.push(b'"');
}

/// Append fields separated by commas, then `\n`.
pub fn push_record(out: &mut Vec<u8>, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_field(out, f);
    }
    out.push(b'\n');
}

/// Append `v` with one decimal, exactly as `format!("{v:.1}")` writes it.
///
/// ```
/// let mut out = Vec::new();
/// catchment::io::push_fixed1(&mut out, 812.96);
/// assert_eq!(out, b"813.0");
/// ```
pub fn push_fixed1(out: &mut Vec<u8>, v: f64) {
    // Tenths, rounded. The product 10·v is off the exact value by at most half a unit in its last
    // place (under 1e-6 below 1e10), so away from a half it rounds as the exact value does; near a
    // half, and for negative (-0.0 too), huge or non-finite values, the formatter decides.
    let t = v * 10.0;
    let frac = t - t.floor();
    if v.is_sign_negative() || !(0.0..1e10).contains(&t) || (frac - 0.5).abs() < 1e-4 {
        use std::io::Write;
        let _ = write!(out, "{v:.1}");
        return;
    }
    let tenths = t.round() as u64;
    push_u64(out, tenths / 10);
    out.push(b'.');
    out.push(b'0' + (tenths % 10) as u8);
}

/// Append `n` in decimal.
pub fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_the_formatter_writes_them() {
        let mut cases = vec![
            0.0,
            0.04,
            0.05,
            0.15,
            0.25,
            0.35,
            0.45,
            0.95,
            1.05,
            2.5,
            9.95,
            99.95,
            812.96,
            1e9,
            9_999_999_999.96,
            1e10,
            1e12,
            -0.04,
            -0.0,
            -3.25,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            5e-324,
        ];
        // Pseudo-random distances over the range a county's pupils live at, and their neighbours.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = (x >> 11) as f64 / (1u64 << 53) as f64 * 60_000.0;
            cases.extend([
                v,
                (v * 20.0).round() / 20.0,
                f64::from_bits(v.to_bits() + 1),
            ]);
        }
        for v in cases {
            let mut out = Vec::new();
            push_fixed1(&mut out, v);
            assert_eq!(String::from_utf8(out).unwrap(), format!("{v:.1}"), "{v:e}");
        }
        for n in [0u64, 7, 10, 12345, u64::MAX] {
            let mut out = Vec::new();
            push_u64(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }

    #[test]
    fn records_are_written_as_the_csv_writer_writes_them() {
        let rows: Vec<Vec<&str>> = vec![
            vec!["P1", "g1", "SCH1", "12.5", ""],
            vec!["a,b", "say \"hi\"", "two\nlines", "cr\r", ""],
            vec!["", "", "", "", ""],
            vec!["林西县第一小学", "#comment", " spaced ", "'", "\\"],
        ];
        let mut mine = Vec::new();
        let mut w = csv::Writer::from_writer(Vec::new());
        for r in &rows {
            push_record(&mut mine, r);
            w.write_record(r).unwrap();
        }
        assert_eq!(mine, w.into_inner().unwrap());
    }
}
