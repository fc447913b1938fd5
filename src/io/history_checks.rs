//! Enrollment histories that cannot be right: a year after the current school year, a year far from
//! the rest (a typo such as 2031 in a 2015–2025 history), a school whose pupils jump more than
//! tenfold from one year to the next.
//!
//! One typo'd year used to become the forecast's base year, close every school without rows in it and
//! shrink the county to a tenth, with exit 0. These checks make `check` stop on it first.

use super::consistency::thousands;
use super::fast_hash::FxHashMap as HashMap;
use crate::calendar::civil_from_days;
use crate::model::{Diagnostic, HistoryRow, LoadReport};
use std::collections::BTreeMap;

/// A history year this many years from every other year is a typo.
const MAX_YEAR_GAP: i32 = 5;
/// A school whose pupils grow or shrink more than this factor in a year is suspicious.
const MAX_JUMP: u32 = 10;

/// The school year under way on `unix_days` (days since 1970-01-01): the calendar year it started
/// in, school years starting on 1 September.
pub fn school_year_on(unix_days: i64) -> i32 {
    let (y, m, _) = civil_from_days(unix_days);
    if m >= 9 {
        y
    } else {
        y - 1
    }
}

/// Today's school year, from the system clock.
pub fn current_school_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    school_year_on(secs.div_euclid(86_400))
}

/// Every history check, with `current` the school year under way.
pub fn check(history: &[HistoryRow], current: i32, report: &mut LoadReport) {
    years(history, current, report);
    jumps(history, report);
}

/// A year after the current school year, or more than [`MAX_YEAR_GAP`] years from every other year.
fn years(history: &[HistoryRow], current: i32, report: &mut LoadReport) {
    let mut first_row: BTreeMap<i32, &HistoryRow> = BTreeMap::new();
    for h in history {
        first_row.entry(h.year).or_insert(h);
    }
    let years: Vec<i32> = first_row.keys().copied().collect();
    for (i, &y) in years.iter().enumerate() {
        let row = first_row[&y];
        let rows = history.iter().filter(|h| h.year == y).count();
        let message = if y > current {
            format!(
                "history year {y} ({rows} rows) is after the current school year {current}-{}",
                current + 1
            )
        } else {
            let before = i.checked_sub(1).map(|j| y - years[j]);
            let after = years.get(i + 1).map(|n| n - y);
            let gap = before.into_iter().chain(after).min();
            match gap {
                Some(g) if g > MAX_YEAR_GAP && years.len() >= 3 => format!(
                    "history year {y} ({rows} rows) is {g} years from the nearest other year of the history ({}-{})",
                    years[0],
                    years[years.len() - 1]
                ),
                _ => continue,
            }
        };
        report.diagnostics.push(
            Diagnostic::error(
                &row.source,
                message,
                "correct the year (the calendar year the school year starts in)",
            )
            .field("year", y.to_string()),
        );
    }
}

/// A school whose total pupils change more than [`MAX_JUMP`]-fold between consecutive years.
fn jumps(history: &[HistoryRow], report: &mut LoadReport) {
    let mut totals: HashMap<&str, BTreeMap<i32, (u32, &HistoryRow)>> = HashMap::default();
    for h in history {
        let e = totals
            .entry(&h.school_id)
            .or_default()
            .entry(h.year)
            .or_insert((0, h));
        e.0 += h.enrolled;
    }
    let mut found: Vec<Diagnostic> = Vec::new();
    for (school, by_year) in &totals {
        let v: Vec<(&i32, &(u32, &HistoryRow))> = by_year.iter().collect();
        for w in v.windows(2) {
            let ((&y0, &(a, _)), (&y1, &(b, row))) = (w[0], w[1]);
            if y1 != y0 + 1 || a == 0 || b == 0 {
                continue;
            }
            let (lo, hi) = (a.min(b), a.max(b));
            if hi > MAX_JUMP * lo {
                found.push(
                    Diagnostic::warning(
                        &row.source,
                        format!(
                            "school '{school}' has {} pupils in {y0} and {} in {y1}: more than a {MAX_JUMP}-fold change in a year",
                            thousands(a as u64),
                            thousands(b as u64)
                        ),
                        "check the counts of both years (a missing digit, or rows of another school?)",
                    )
                    .field("enrolled", b.to_string()),
                );
            }
        }
    }
    found.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    report.diagnostics.extend(found);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Grade, SourceRef};

    fn row(school: &str, year: i32, n: u32, line: u64) -> HistoryRow {
        HistoryRow {
            school_id: school.into(),
            year,
            grade: Grade::G1,
            enrolled: n,
            source: SourceRef::new("history.csv", line),
        }
    }

    #[test]
    fn school_year_starts_in_september() {
        // 2026-12-01 is day 20,788; 2026-08-31 is day 20,696.
        assert_eq!(civil_from_days(20_788), (2026, 12, 1));
        assert_eq!(school_year_on(20_788), 2026);
        assert_eq!(school_year_on(20_696), 2025);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
    }

    #[test]
    fn typo_year_and_future_year_are_errors() {
        let mut h: Vec<HistoryRow> = (2015..=2025)
            .map(|y| row("S1", y, 100, (y - 2013) as u64))
            .collect();
        h.push(row("S1", 2008, 100, 40));
        let mut r = LoadReport::default();
        check(&h, 2025, &mut r);
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert!(
            r.diagnostics[0]
                .message
                .contains("history year 2008 (1 rows) is 7 years"),
            "{}",
            r.diagnostics[0]
        );
        h.push(row("S1", 2031, 100, 41));
        let mut r = LoadReport::default();
        check(&h, 2025, &mut r);
        let text: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            text.iter().any(|t| t.contains("history.csv:41")
                && t.contains("after the current school year 2025-2026")),
            "{text:?}"
        );
    }

    #[test]
    fn tenfold_jump_is_warned() {
        let h = vec![
            row("S1", 2020, 300, 2),
            row("S1", 2021, 25, 3),
            row("S2", 2020, 3, 4),
            row("S2", 2021, 30, 5),
        ];
        let mut r = LoadReport::default();
        check(&h, 2025, &mut r);
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert!(r.diagnostics[0].to_string().contains("history.csv:3: field 'enrolled' value '25': school 'S1' has 300 pupils in 2020 and 25 in 2021"), "{}", r.diagnostics[0]);
    }
}
