//! Text encoding detection for CSV exported by Chinese Excel: UTF-8 (with or without BOM), else
//! GB18030 (a superset of GBK and GB2312).
//!
//! Excel on a Chinese Windows saves "CSV" in the ANSI code page, which is GBK; newer Excel offers
//! "CSV UTF-8", which writes a BOM. Both must load without the planner having to know the difference.
//! Excel's "Unicode text" is UTF-16LE (with a BOM; without one it is recognised by its zero bytes).
//! A file whose lines are partly UTF-8 and partly GBK (two exports pasted together) is refused by
//! [`decode_checked`] naming the first line that is not UTF-8, instead of being read as GBK
//! throughout and garbling the UTF-8 lines.

use super::read_error::ReadError;
use std::borrow::Cow;

/// [`decode`], refusing a file that mixes UTF-8 and non-UTF-8 lines.
pub fn decode_checked(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), ReadError> {
    let (text, enc) = decode(bytes);
    if enc == "GBK" {
        if let Some((line, utf8_line)) = mixed_lines(bytes) {
            return Err(ReadError::MixedEncoding { line, utf8_line });
        }
    }
    Ok((text, enc))
}

/// For bytes that are not UTF-8 as a whole: the first line that is not UTF-8 and the first line
/// that is UTF-8 holding a character of three bytes or more (Chinese text), when both exist.
fn mixed_lines(bytes: &[u8]) -> Option<(u64, u64)> {
    let (mut bad, mut good) = (None, None);
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(s) if good.is_none() && s.chars().any(|c| c as u32 >= 0x800) => {
                good = Some(i as u64 + 1)
            }
            Err(_) if bad.is_none() => bad = Some(i as u64 + 1),
            _ => {}
        }
        if let (Some(b), Some(g)) = (bad, good) {
            return Some((b, g));
        }
    }
    None
}

/// UTF-16 without a BOM: most of the bytes at odd (LE) or even (BE) positions are zero, as in
/// mostly-ASCII text (headers, numbers). Returns the encoding when recognised.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let n = bytes.len().min(4096) / 2 * 2;
    if n < 8 {
        return None;
    }
    let zeros = |start: usize| (start..n).step_by(2).filter(|i| bytes[*i] == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    let half = n / 2;
    if odd * 10 >= half * 4 && even * 10 < half {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= half * 4 && odd * 10 < half {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Decode `bytes` to text and name the encoding found: `UTF-8 (BOM)`, `UTF-8`, `GBK`, `UTF-16LE`,
/// `UTF-16BE`. Invalid sequences in GBK are replaced (U+FFFD), never panicking.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest), "UTF-8 (BOM)");
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (enc, label) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, "UTF-16LE")
        } else {
            (encoding_rs::UTF_16BE, "UTF-16BE")
        };
        let (text, _, _) = enc.decode(bytes);
        return (Cow::Owned(text.into_owned()), label);
    }
    if let Some(enc) = bomless_utf16(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        let label = if enc == encoding_rs::UTF_16LE {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        return (Cow::Owned(text.into_owned()), label);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            (Cow::Owned(text.into_owned()), "GBK")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_utf8_bom_and_gbk() {
        let (t, e) = decode("学校,1".as_bytes());
        assert_eq!((t.as_ref(), e), ("学校,1", "UTF-8"));
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("名称".as_bytes());
        let (t, e) = decode(&b);
        assert_eq!((t.as_ref(), e), ("名称", "UTF-8 (BOM)"));
        let (gbk, _, _) = encoding_rs::GBK.encode("经度,纬度");
        let (t, e) = decode(&gbk);
        assert_eq!((t.as_ref(), e), ("经度,纬度", "GBK"));
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let bytes: Vec<u8> = "id\tname\n1\t一小\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let (t, e) = decode(&bytes);
        assert_eq!((t.as_ref(), e), ("id\tname\n1\t一小\n", "UTF-16LE"));
    }

    #[test]
    fn mixed_utf8_and_gbk_lines_are_refused() {
        let mut b = "id,name\n1,第一小学\n".as_bytes().to_vec();
        let (gbk, _, _) = encoding_rs::GBK.encode("2,第二小学\n");
        b.extend_from_slice(&gbk);
        assert_eq!(
            decode_checked(&b).unwrap_err(),
            ReadError::MixedEncoding {
                line: 3,
                utf8_line: 2
            }
        );
        let (all_gbk, _, _) = encoding_rs::GBK.encode("id,name\n1,第一小学\n2,第二小学\n");
        assert_eq!(decode_checked(&all_gbk).unwrap().1, "GBK");
    }

    #[test]
    fn never_panics_on_garbage() {
        for b in [&b"\xFF"[..], b"\xFE\xFF\x00", b"\x80\x81\xFF", b""] {
            let _ = decode(b);
        }
    }
}
