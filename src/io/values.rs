//! Cell values: numbers with thousands separators and units, counts, booleans in both languages,
//! years, levels and grades, each failing with a diagnostic naming file, line, field and value.

use super::column::Field;
use super::table::{RawRow, RawTable};
use crate::model::{Diagnostic, Grade, Level, SourceRef};

/// Why a cell is not the value its column holds.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValueError {
    #[error("is not a finite number")]
    NotFinite,
    #[error("is not a number")]
    NotNumber,
    /// A comma that does not separate groups of three digits, as in `126,5`.
    #[error("has a comma that is not a thousands separator (a decimal comma?); write it as {0}")]
    DecimalComma(String),
    #[error("is not yes/no (use 是/否 or true/false)")]
    NotBool,
    #[error("is not a year (write it as 2023)")]
    NotYear,
    /// A five-digit whole number in a year column: a date cell saved with Excel's General format.
    #[error("is not a year: it looks like an Excel date serial ({serial} is {date} in Excel's 1900 date system)")]
    ExcelSerialYear { serial: i64, date: String },
}

/// Parse a number as planners write it: `1,234.5`, `1 234`, `１２`, `300㎡`, `12元`, `45人`.
/// Empty → None.
///
/// Commas (`,` or `，`) are thousands separators only where they separate groups of exactly three
/// digits (`1,234`, `12,345,678.5`). Any other comma (`126,5`, `1,23`) is an error, never read as
/// a separator: `126,5` is 126.5 in a decimal-comma locale and reading it as 1265 would change its
/// magnitude.
pub fn parse_number(s: &str) -> Result<Option<f64>, ValueError> {
    let t = trim(s);
    if t.is_empty() {
        return Ok(None);
    }
    if let Some(v) = plain_decimal(t) {
        return Ok(Some(v));
    }
    if let Ok(v) = t.parse::<f64>() {
        return if v.is_finite() {
            Ok(Some(v))
        } else {
            Err(ValueError::NotFinite)
        };
    }
    let mut cleaned: String = t
        .chars()
        .filter(|c| !matches!(c, '_' | ' ' | '\u{a0}'))
        .map(full_width_digit)
        .collect();
    for unit in [
        "平方米",
        "㎡",
        "m²",
        "m2",
        "元",
        "人",
        "个",
        "间",
        "套",
        "户",
    ] {
        if let Some(rest) = cleaned.strip_suffix(unit) {
            cleaned = rest.to_string();
            break;
        }
    }
    let cleaned = ungroup(&cleaned)?;
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        Ok(_) => Err(ValueError::NotFinite),
        Err(_) => Err(ValueError::NotNumber),
    }
}

/// A plain decimal (`-118.161610`: digits with at most one point, at most 15 of them) as
/// `str::parse` reads it, without its general machinery: the digits make an integer below 2^53 and
/// the point a division by an exact power of ten, a single correctly rounded operation (Clinger's
/// fast path, which `str::parse` itself takes for such text). None: any other text.
fn plain_decimal(t: &str) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (negative, b) = match t.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        b => (false, b),
    };
    // Whole part, then (after one point) the fraction: each a run of digits.
    let digits = |run: &[u8], mut m: u64| -> Option<u64> {
        for &c in run {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            m = m * 10 + u64::from(d);
        }
        Some(m)
    };
    if b.len() > 16 {
        return None;
    }
    let (whole, fraction) = match b.iter().position(|&c| c == b'.') {
        Some(p) => (&b[..p], &b[p + 1..]),
        None => (b, &b[b.len()..]),
    };
    let point = whole.len() < b.len();
    // A digit on each side of the point (`5.`, `.5` go to `str::parse`, which reads them too),
    // and at most 15 digits, so the integer is below 2^53.
    if whole.is_empty() || (point && fraction.is_empty()) || whole.len() + fraction.len() > 15 {
        return None;
    }
    let mantissa = digits(fraction, digits(whole, 0)?)?;
    let v = mantissa as f64 / POW10[fraction.len()];
    Some(if negative { -v } else { v })
}

/// Remove thousands separators, refusing a comma that does not separate groups of three digits.
fn ungroup(s: &str) -> Result<String, ValueError> {
    if !s.contains(',') {
        return Ok(s.to_string());
    }
    let unsigned = s.trim_start_matches(['-', '+']);
    let int = unsigned.split('.').next().unwrap_or("");
    let groups: Vec<&str> = int.split(',').collect();
    let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    let grouped = groups.iter().all(|g| digits(g))
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && unsigned[int.len()..].chars().all(|c| c != ',');
    if grouped {
        return Ok(s.replace(',', ""));
    }
    if s.matches(',').count() == 1 && !s.contains('.') {
        return Err(ValueError::DecimalComma(s.replace(',', ".")));
    }
    Err(ValueError::NotNumber)
}

fn full_width_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '－' => '-',
        '，' => ',',
        _ => c,
    }
}

/// Parse a yes/no cell: 是/否, 有/无, true/false, yes/no, y/n, 1/0. Empty → None.
pub fn parse_bool(s: &str) -> Result<Option<bool>, ValueError> {
    match s.trim() {
        "" => return Ok(None),
        "是" | "1" | "true" => return Ok(Some(true)),
        "否" | "0" | "false" => return Ok(Some(false)),
        _ => {}
    }
    // The usual spellings without allocating (a students table has a million of them).
    let t = s.trim();
    for (word, v) in [
        ("false", false),
        ("true", true),
        ("no", false),
        ("yes", true),
    ] {
        if t.eq_ignore_ascii_case(word) {
            return Ok(Some(v));
        }
    }
    let t = t.to_lowercase();
    match t.as_str() {
        "" => Ok(None),
        "是" | "有" | "true" | "yes" | "y" | "t" | "1" | "1.0" | "√" | "寄宿" => {
            Ok(Some(true))
        }
        "否" | "无" | "false" | "no" | "n" | "f" | "0" | "0.0" | "×" | "走读" => {
            Ok(Some(false))
        }
        _ => Err(ValueError::NotBool),
    }
}

/// A year: `2021`, `2021.0`, `2021年`, `2021-2022学年` (the first year). Empty → None.
pub fn parse_year(s: &str) -> Result<Option<i32>, ValueError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let digits: String = t
        .trim_end_matches(".0")
        .chars()
        .map(full_width_digit)
        .take_while(|c| c.is_ascii_digit())
        .collect();
    match digits.parse::<i32>() {
        Ok(y) if (1900..=2200).contains(&y) && digits.len() == 4 => Ok(Some(y)),
        Ok(serial) if digits.len() == 5 && digits.len() == t.len() => {
            match super::dates::excel_1900(i64::from(serial)) {
                Some((y, m, d)) => Err(ValueError::ExcelSerialYear {
                    serial: i64::from(serial),
                    date: format!("{y:04}-{m:02}-{d:02}"),
                }),
                None => Err(ValueError::NotYear),
            }
        }
        _ => Err(ValueError::NotYear),
    }
}

/// One row of a table, with typed accessors that name the file, line, field and value on failure.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    pub table: &'a RawTable,
    pub raw: &'a RawRow,
}

impl<'a> Row<'a> {
    pub fn new(table: &'a RawTable, raw: &'a RawRow) -> Self {
        Row { table, raw }
    }

    /// Where this row is.
    pub fn at(&self) -> SourceRef {
        SourceRef::new(&self.table.file, self.raw.line)
    }

    /// The trimmed cell of a canonical column; None when the column is absent.
    pub fn cell(&self, canon: impl Field) -> Option<&'a str> {
        let i = canon.index(self.table)?;
        Some(trim(self.raw.cells.get(i).unwrap_or("")))
    }

    /// The cell when the column exists and the cell is not empty.
    pub fn text(&self, canon: impl Field) -> Option<&'a str> {
        self.cell(canon).filter(|s| !s.is_empty())
    }

    /// An error about a field of this row, naming the header as written.
    pub fn error(&self, canon: impl Field, value: &str, what: &str, hint: &str) -> Diagnostic {
        let header = match canon.index(self.table) {
            Some(i) => self.table.header(i).to_string(),
            None => canon.canon().to_string(),
        };
        Diagnostic::error(&self.at(), what, hint).field(header, value)
    }

    /// A required, non-empty text cell.
    pub fn required(&self, canon: impl Field) -> Result<&'a str, Diagnostic> {
        self.text(canon).ok_or_else(|| {
            let name = canon.canon();
            self.error(canon, "", "is empty", &format!("fill in the {name}"))
        })
    }

    /// An optional number (empty → None).
    pub fn number(&self, canon: impl Field) -> Result<Option<f64>, Diagnostic> {
        let Some(v) = self.cell(canon) else {
            return Ok(None);
        };
        let scale = self.table.scale(canon.canon());
        parse_number(v).map(|n| n.map(|n| n * scale)).map_err(|e| {
            let hint = match e {
                ValueError::DecimalComma(_) => {
                    "use a point for decimals; commas only between groups of three digits"
                }
                _ => "write a plain number",
            };
            self.error(canon, v, &e.to_string(), hint)
        })
    }

    /// An optional count: a whole number, not negative.
    pub fn count(&self, canon: &str) -> Result<Option<u32>, Diagnostic> {
        let Some(n) = self.number(canon)? else {
            return Ok(None);
        };
        let v = self.cell(canon).unwrap_or("");
        if n < 0.0 {
            return Err(self.error(canon, v, "is a negative count", "counts must be 0 or more"));
        }
        if n.fract() != 0.0 || n > u32::MAX as f64 {
            return Err(self.error(canon, v, "is not a whole number", "write a whole number"));
        }
        Ok(Some(n as u32))
    }

    /// An optional non-negative quantity (areas, money, teachers in FTE).
    pub fn amount(&self, canon: &str) -> Result<Option<f64>, Diagnostic> {
        let n = self.number(canon)?;
        if n.is_some_and(|n| n < 0.0) {
            let v = self.cell(canon).unwrap_or("");
            return Err(self.error(canon, v, "is negative", "write 0 or more"));
        }
        Ok(n)
    }

    /// An optional yes/no cell (absent or empty → false).
    pub fn flag(&self, canon: impl Field) -> Result<bool, Diagnostic> {
        let Some(v) = self.cell(canon) else {
            return Ok(false);
        };
        parse_bool(v)
            .map(|b| b.unwrap_or(false))
            .map_err(|e| self.error(canon, v, &e.to_string(), "write 是 or 否"))
    }

    /// A required year.
    pub fn year(&self, canon: &str) -> Result<i32, Diagnostic> {
        let v = self.required(canon)?;
        match parse_year(v) {
            Ok(Some(y)) => Ok(y),
            Ok(None) => unreachable_empty(self, canon),
            Err(e @ ValueError::ExcelSerialYear { .. }) => Err(self.error(
                canon,
                v,
                &e.to_string(),
                "write the four-digit year; in Excel, format the column as a number or text before saving as CSV",
            )),
            Err(e) => Err(self.error(canon, v, &e.to_string(), "write a four-digit year")),
        }
    }

    /// An optional date (`birth_date`), as `YYYY-MM-DD` or `YYYY-MM`; see [`super::dates`].
    pub fn date(&self, canon: impl Field) -> Result<Option<std::borrow::Cow<'a, str>>, Diagnostic> {
        let Some(v) = self.cell(canon) else {
            return Ok(None);
        };
        super::dates::parse_date(v).map_err(|e| {
            let hint = match e {
                super::dates::DateError::ExcelSerial { .. } => {
                    "in Excel, format the column as a date (yyyy-mm-dd) before saving as CSV, or give the .xlsx itself; a CSV does not say whether the workbook counts days from 1900 or 1904"
                }
                super::dates::DateError::NotDate => "write the date as yyyy-mm-dd, e.g. 2015-03-04",
            };
            self.error(canon, v, &e.to_string(), hint)
        })
    }

    /// A required level (English or Chinese).
    pub fn level(&self) -> Result<Level, Diagnostic> {
        let v = self.required("level")?;
        Level::parse(v).ok_or_else(|| {
            self.error(
                "level",
                v,
                "unknown level",
                "use one of kindergarten/幼儿园, primary/小学, junior/初中, nine_year/九年一贯制, twelve_year/十二年一贯制",
            )
        })
    }

    /// A required grade (English or Chinese).
    pub fn grade(&self) -> Result<Grade, Diagnostic> {
        self.grade_in("grade")
    }

    /// [`Row::grade`] from a column found beforehand.
    pub fn grade_in(&self, col: impl Field) -> Result<Grade, Diagnostic> {
        let v = self.required(col)?;
        if let Some(g) = grade_code(v) {
            return Ok(g);
        }
        Grade::parse(v).ok_or_else(|| {
            self.error(
                col,
                v,
                "unknown grade",
                "use k1-k3 (小班/中班/大班) or 1-9 (一年级…九年级, 初一…初三)",
            )
        })
    }
}

/// `str::trim`, answering at once for a cell that starts and ends with a visible ASCII character
/// (almost every cell of a large table).
fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        [only] if only.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// A grade written as its code (`k1`..`k3`, `g1`..`g9`), matched on its two bytes (a million
/// students have a million grades).
fn grade_code(v: &str) -> Option<Grade> {
    let i = match v.as_bytes() {
        [b'k', d @ b'1'..=b'3'] => usize::from(d - b'1'),
        [b'g', d @ b'1'..=b'9'] => 3 + usize::from(d - b'1'),
        _ => return None,
    };
    debug_assert_eq!(Grade::ALL[i].code(), v);
    Some(Grade::ALL[i])
}

fn unreachable_empty<T>(row: &Row, canon: &str) -> Result<T, Diagnostic> {
    Err(row.error(canon, "", "is empty", &format!("fill in the {canon}")))
}

/// Keep `Ok` values; push errors into `errs`.
pub fn take<T>(errs: &mut Vec<Diagnostic>, r: Result<T, Diagnostic>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(d) => {
            errs.push(d);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_written() {
        assert_eq!(parse_number("1,234.5"), Ok(Some(1234.5)));
        assert_eq!(parse_number("１２"), Ok(Some(12.0)));
        assert_eq!(parse_number("300㎡"), Ok(Some(300.0)));
        assert_eq!(parse_number(" "), Ok(None));
        assert!(parse_number("NaN").is_err());
        assert!(parse_number("inf").is_err());
        assert!(parse_number("abc").is_err());
        assert_eq!(parse_number("45人"), Ok(Some(45.0)));
        assert_eq!(parse_number("１２，３４５"), Ok(Some(12345.0)));
        assert_eq!(parse_number("-12,345,678.5"), Ok(Some(-12345678.5)));
    }

    #[test]
    fn a_decimal_comma_is_never_a_thousands_separator() {
        assert_eq!(
            parse_number("126,5"),
            Err(ValueError::DecimalComma("126.5".into()))
        );
        assert_eq!(
            parse_number("1,23"),
            Err(ValueError::DecimalComma("1.23".into()))
        );
        assert_eq!(
            parse_number("1234,567"),
            Err(ValueError::DecimalComma("1234.567".into()))
        );
        assert_eq!(parse_number("1,2,3"), Err(ValueError::NotNumber));
    }

    #[test]
    fn plain_decimals_are_read_as_str_parse_reads_them() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..200_000 {
            let digits = (next() % 15 + 1) as usize;
            let m = next() % 10u64.pow(digits as u32);
            let point = (next() % (digits as u64 + 1)) as usize;
            let mut text = format!("{m:0digits$}");
            if point > 0 && point < digits {
                text.insert(digits - point, '.');
            }
            if next() % 2 == 0 {
                text.insert(0, '-');
            }
            let want: f64 = text.parse().unwrap();
            let got = plain_decimal(&text).unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "{text}");
        }
        for t in [
            "",
            "-",
            ".",
            "5.",
            ".5",
            "1e5",
            "+1",
            "1.2.3",
            "1234567890123456",
            "12a",
        ] {
            assert_eq!(plain_decimal(t), None, "{t}");
        }
        assert_eq!(
            plain_decimal("-0.0").map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
    }

    #[test]
    fn cells_are_trimmed_as_str_trim_does() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "ab",
            "a b",
            "\u{3000}a",
            "a\u{3000}",
            "学校",
            "\tx\t",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
        for (s, g) in [
            ("k1", Grade::K1),
            ("k3", Grade::K3),
            ("g1", Grade::G1),
            ("g9", Grade::G9),
        ] {
            assert_eq!(grade_code(s), Some(g));
        }
        assert_eq!(grade_code("g0"), None);
        assert_eq!(grade_code("k4"), None);
        assert_eq!(grade_code("G1"), None);
        assert_eq!(parse_bool("false"), Ok(Some(false)));
        assert_eq!(parse_bool(" TRUE "), Ok(Some(true)));
    }

    #[test]
    fn booleans_and_years() {
        assert_eq!(parse_bool("是"), Ok(Some(true)));
        assert_eq!(parse_bool("否"), Ok(Some(false)));
        assert_eq!(parse_bool("1"), Ok(Some(true)));
        assert!(parse_bool("maybe").is_err());
        assert_eq!(parse_year("2021-2022学年"), Ok(Some(2021)));
        assert_eq!(parse_year("2021.0"), Ok(Some(2021)));
        assert!(parse_year("21").is_err());
        assert_eq!(
            parse_year("45292"),
            Err(ValueError::ExcelSerialYear {
                serial: 45292,
                date: "2024-01-01".into()
            })
        );
    }
}
