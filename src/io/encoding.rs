//! Text encoding detection for CSV exported by Chinese Excel: UTF-8 (with or without BOM), else
//! GB18030 (a superset of GBK and GB2312).
//!
//! Excel on a Chinese Windows saves "CSV" in the ANSI code page, which is GBK; newer Excel offers
//! "CSV UTF-8", which writes a BOM. Both must load without the planner having to know the difference.

use std::borrow::Cow;

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
    fn never_panics_on_garbage() {
        for b in [&b"\xFF"[..], b"\xFE\xFF\x00", b"\x80\x81\xFF", b""] {
            let _ = decode(b);
        }
    }
}
