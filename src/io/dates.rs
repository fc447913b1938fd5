//! Date cells (`birth_date`) as county registers write them, and Excel date serials.
//!
//! Student registers (学籍) export dates as `2015-03-04`, `2015/3/4`, `2015.03.04`,
//! `2015年3月4日` or `20150304`; some give the month only (`2015-03`, `2015年3月`). All are read
//! and written back as `YYYY-MM-DD` (or `YYYY-MM`). A date cell that Excel saved with the General
//! format arrives in a CSV as a whole number, its date serial (`42067`). That is refused, not
//! converted: a CSV does not say whether the workbook counted days from 1900 or from 1904 (Mac
//! Excel), four years apart, which for a birth date is a different grade. The error shows the
//! 1900-system date so the user can recognise it. In an `.xlsx` file a date cell is typed and read
//! exactly (see `xlsx_read`).
use crate::calendar::civil_from_days;
use std::borrow::Cow;

/// Why a cell is not a date.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DateError {
    #[error("is not a date")]
    NotDate,
    #[error(
        "is an Excel date serial, not a date ({serial} is {date} in Excel's 1900 date system)"
    )]
    ExcelSerial { serial: i64, date: String },
}

/// Parse a date cell. Empty → None; otherwise `YYYY-MM-DD` or `YYYY-MM`.
pub fn parse_date(s: &str) -> Result<Option<Cow<'_, str>>, DateError> {
    match iso_date(s) {
        Some(iso) => iso.map(|d| Some(Cow::Borrowed(d))),
        None => parse_general(s).map(|d| d.map(Cow::Owned)),
    }
}

/// Every accepted form: full-width digits, `/` `.` `年月日` separators, `YYYYMMDD`, a time after the
/// date.
fn parse_general(s: &str) -> Result<Option<String>, DateError> {
    let t: String = s.trim().chars().map(ascii_digit).collect();
    if t.is_empty() {
        return Ok(None);
    }
    let t = t
        .split([' ', 'T'])
        .next()
        .unwrap_or("")
        .trim_end_matches(['日', '月']);
    if t.chars().all(|c| c.is_ascii_digit()) {
        return whole_number(t).map(Some);
    }
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    let nums: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    match nums.as_deref() {
        Some([y, m]) if parts[0].len() == 4 => ymd(*y, *m, None),
        Some([y, m, d]) if parts[0].len() == 4 => ymd(*y, *m, Some(*d)),
        _ => Err(DateError::NotDate),
    }
    .map(Some)
}

/// The common case, `YYYY-MM-DD` in ASCII and nothing else, without the general parser's
/// allocations (a million students have a million birth dates): the cell itself is the answer.
/// `None`: another form.
fn iso_date(s: &str) -> Option<Result<&str, DateError>> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let valid = (1900..=2200).contains(&y)
        && (1..=12).contains(&m)
        && (1..=days_in_month(y, m)).contains(&d);
    // Already in the canonical form: the text itself is the answer.
    Some(if valid {
        Ok(s)
    } else {
        Err(DateError::NotDate)
    })
}

/// `20150304`, or an Excel serial.
fn whole_number(t: &str) -> Result<String, DateError> {
    if t.len() == 8 {
        let n = |r: std::ops::Range<usize>| t[r].parse::<u32>().unwrap_or(0);
        return ymd(n(0..4), n(4..6), Some(n(6..8)));
    }
    match t.parse::<i64>() {
        Ok(serial) if t.len() == 5 => match excel_1900(serial) {
            Some((y, m, d)) => Err(DateError::ExcelSerial {
                serial,
                date: format!("{y:04}-{m:02}-{d:02}"),
            }),
            None => Err(DateError::NotDate),
        },
        _ => Err(DateError::NotDate),
    }
}

fn ymd(y: u32, m: u32, d: Option<u32>) -> Result<String, DateError> {
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) {
        return Err(DateError::NotDate);
    }
    match d {
        None => Ok(format!("{y:04}-{m:02}")),
        Some(d) if (1..=days_in_month(y, m)).contains(&d) => Ok(format!("{y:04}-{m:02}-{d:02}")),
        Some(_) => Err(DateError::NotDate),
    }
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '－' => '-',
        '／' => '/',
        '．' => '.',
        _ => c,
    }
}

/// The civil date of an Excel serial in the 1900 date system (serial 1 = 1900-01-01; Excel's
/// nonexistent 1900-02-29 is serial 60, so later serials count from 1899-12-30). None before
/// 1900-03-01.
pub fn excel_1900(serial: i64) -> Option<(i32, u32, u32)> {
    if serial <= 60 {
        return None;
    }
    Some(civil_from_days(serial - 25_569))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_iso_fast_path_agrees_with_the_general_parser() {
        for s in [
            "2019-03-01",
            "2020-02-29",
            "2019-02-29",
            "2019-02-30",
            "1899-12-31",
            "2201-01-01",
            "2019-13-01",
            "2019-00-10",
            "2019-04-31",
            "2019-4-301",
            "20a9-04-03",
        ] {
            let general = parse_general(s).ok().flatten();
            match iso_date(s) {
                Some(fast) => assert_eq!(fast.ok().map(str::to_string), general, "{s}"),
                None => assert!(s.len() != 10 || general.is_none(), "{s}: not taken"),
            }
        }
    }

    #[test]
    fn register_formats_are_read_as_iso_dates() {
        for s in [
            "2015-03-04",
            "2015/3/4",
            "2015.03.04",
            "2015年3月4日",
            "20150304",
            "２０１５－０３－０４",
            "2015-03-04 00:00:00",
            "2015-03-04T00:00:00",
        ] {
            assert_eq!(parse_date(s), Ok(Some("2015-03-04".into())), "{s}");
        }
        assert_eq!(parse_date("2015年3月"), Ok(Some("2015-03".into())));
        assert_eq!(parse_date(" "), Ok(None));
    }

    #[test]
    fn impossible_dates_and_words_are_not_dates() {
        for s in [
            "2015-02-29",
            "2015-13-01",
            "15-03-04",
            "三月",
            "2015",
            "1850-01-01",
        ] {
            assert_eq!(parse_date(s), Err(DateError::NotDate), "{s}");
        }
        assert_eq!(parse_date("2016-02-29"), Ok(Some("2016-02-29".into())));
    }

    #[test]
    fn an_excel_serial_is_refused_with_its_1900_date() {
        assert_eq!(
            parse_date("42067"),
            Err(DateError::ExcelSerial {
                serial: 42067,
                date: "2015-03-04".into()
            })
        );
        assert_eq!(excel_1900(45292), Some((2024, 1, 1)));
        assert_eq!(excel_1900(61), Some((1900, 3, 1)));
        assert_eq!(excel_1900(60), None);
    }
}
