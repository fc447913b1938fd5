//! The enrollment history, checked and laid out densely: one cell per school and year.
//!
//! A school-year cell is *observed* when the history has at least one row for that school and year;
//! grades without a row in an observed year count as 0 (the school did not teach them). Years without
//! any row are *missing* and are skipped by every estimator, so gaps never turn into zeros.

use super::options::YEAR_RANGE;
use super::ForecastError;
use crate::model::{Grade, HistoryRow, Level, School, Stage};
use std::collections::HashMap;

/// The grades a school teaches: its level's grades, plus K1–K3 where it has attached kindergarten
/// classes (附设幼儿班).
pub fn taught(school: &School) -> [bool; 12] {
    let mut t = [false; 12];
    for g in school.level.grades() {
        t[g.index()] = true;
    }
    if school.kg_classes > 0 {
        for g in Stage::Kindergarten.grades() {
            t[g.index()] = true;
        }
    }
    t
}

/// Whether kindergarten rows in the history of a school of this level mean attached kindergarten
/// classes (附设幼儿班, 学前班): primary, nine-year and twelve-year schools.
fn may_attach_kindergarten(level: Level) -> bool {
    matches!(level, Level::Primary | Level::NineYear | Level::TwelveYear)
}

/// Whether a school serves a stage (kindergarten: a kindergarten, or attached classes).
pub fn serves(school: &School, stage: Stage) -> bool {
    match stage {
        Stage::Kindergarten => school.kg_classes > 0 || school.level.serves(stage),
        _ => school.level.serves(stage),
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    counts: [f64; 12],
    /// Bit g set: a row for grade g was given.
    mask: u16,
}

/// The checked history, indexed by school position in the schools slice and year.
#[derive(Debug, Clone)]
pub struct HistoryTable {
    pub first_year: i32,
    pub last_year: i32,
    cells: Vec<Vec<Cell>>,
    /// The school has at least one history row.
    pub has_history: Vec<bool>,
    /// The grades each school teaches: its level's grades, plus the kindergarten grades of its
    /// attached classes (declared by `kg_classes`, or found in its history).
    pub taught: Vec<[bool; 12]>,
}

impl HistoryTable {
    /// Check every row and lay the history out. Errors: unknown school, a grade the school does not
    /// teach, a year out of range, a duplicate row.
    pub fn build(history: &[HistoryRow], schools: &[School]) -> Result<Self, ForecastError> {
        let index: HashMap<&str, usize> = schools
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut teaches: Vec<[bool; 12]> = schools.iter().map(taught).collect();
        let (mut first, mut last) = (i32::MAX, i32::MIN);
        for row in history {
            if !YEAR_RANGE.contains(&row.year) {
                return Err(ForecastError::YearOutOfRange {
                    at: row.source.clone(),
                    value: row.year,
                    min: *YEAR_RANGE.start(),
                    max: *YEAR_RANGE.end(),
                });
            }
            first = first.min(row.year);
            last = last.max(row.year);
        }
        if history.is_empty() {
            return Err(ForecastError::NoHistory);
        }
        let n_years = (last - first + 1) as usize;
        let mut cells = vec![vec![Cell::default(); n_years]; schools.len()];
        let mut has_history = vec![false; schools.len()];
        for row in history {
            let Some(&s) = index.get(row.school_id.as_str()) else {
                return Err(ForecastError::UnknownSchool {
                    at: row.source.clone(),
                    value: row.school_id.clone(),
                });
            };
            let g = row.grade.index();
            if row.grade.stage() == Stage::Kindergarten && may_attach_kindergarten(schools[s].level)
            {
                teaches[s][g] = true;
            }
            if !teaches[s][g] {
                return Err(ForecastError::GradeNotTaught {
                    at: row.source.clone(),
                    value: row.grade.code().to_string(),
                    school: row.school_id.clone(),
                    level: schools[s].level.as_str().to_string(),
                });
            }
            let cell = &mut cells[s][(row.year - first) as usize];
            if cell.mask & (1 << g) != 0 {
                let first_row = history
                    .iter()
                    .find(|r| {
                        r.school_id == row.school_id && r.year == row.year && r.grade == row.grade
                    })
                    .map(|r| r.source.clone())
                    .unwrap_or_default();
                return Err(ForecastError::Duplicate {
                    at: row.source.clone(),
                    first: first_row,
                    school: row.school_id.clone(),
                    year: row.year,
                    grade: row.grade.code().to_string(),
                });
            }
            cell.mask |= 1 << g;
            cell.counts[g] = row.enrolled as f64;
            has_history[s] = true;
        }
        Ok(HistoryTable {
            first_year: first,
            last_year: last,
            cells,
            has_history,
            taught: teaches,
        })
    }

    /// For schools with no history at all but a current enrollment in the schools table, take that
    /// enrollment as observed in `year` (a school new to the history still starts from its pupils).
    pub fn add_current_enrollment(&mut self, schools: &[School], year: i32) {
        if !(self.first_year..=self.last_year).contains(&year) {
            return;
        }
        for (s, school) in schools.iter().enumerate() {
            if self.has_history[s] {
                continue;
            }
            if let Some(e) = &school.enrollment {
                let t = self.taught[s];
                let cell = &mut self.cells[s][(year - self.first_year) as usize];
                for g in Grade::ALL {
                    if t[g.index()] {
                        cell.counts[g.index()] = e.get(g) as f64;
                        cell.mask |= 1 << g.index();
                    }
                }
            }
        }
    }

    /// Number of schools.
    pub fn schools(&self) -> usize {
        self.cells.len()
    }

    /// The counts of school `s` in `year`, if that year is observed.
    pub fn get(&self, s: usize, year: i32) -> Option<&[f64; 12]> {
        if year < self.first_year || year > self.last_year {
            return None;
        }
        let cell = &self.cells[s][(year - self.first_year) as usize];
        (cell.mask != 0).then_some(&cell.counts)
    }

    /// The grades with a row for school `s` in `year` (bit g set), 0 if the year is not observed.
    pub fn mask(&self, s: usize, year: i32) -> u16 {
        if year < self.first_year || year > self.last_year {
            return 0;
        }
        self.cells[s][(year - self.first_year) as usize].mask
    }

    /// The counts of school `s` in `year` if observed and `year <= up_to`.
    pub fn get_upto(&self, s: usize, year: i32, up_to: i32) -> Option<&[f64; 12]> {
        if year > up_to {
            return None;
        }
        self.get(s, year)
    }

    /// The last observed year of school `s` up to `up_to`.
    pub fn last_observed(&self, s: usize, up_to: i32) -> Option<i32> {
        (self.first_year..=up_to.min(self.last_year))
            .rev()
            .find(|y| self.get(s, *y).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::testkit::{row, school};
    use crate::model::Level;

    #[test]
    fn impossible_rows_are_errors_with_their_place() {
        let schools = vec![school("p1", Level::Primary)];
        let e = HistoryTable::build(&[row("p9", 2020, Grade::G1, 5, 7)], &schools).unwrap_err();
        assert_eq!(
            e.to_string(),
            "history.csv:7: field 'school_id' value 'p9': no school with this id in the schools table; add the school or correct the id"
        );
        let e = HistoryTable::build(&[row("p1", 2020, Grade::G7, 5, 3)], &schools).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("history.csv:3: field 'grade' value 'g7'"),
            "{e}"
        );
        let e = HistoryTable::build(&[row("p1", 20201, Grade::G1, 5, 4)], &schools).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("history.csv:4: field 'year' value '20201'"),
            "{e}"
        );
        let rows = [
            row("p1", 2020, Grade::G1, 5, 2),
            row("p1", 2020, Grade::G1, 6, 9),
        ];
        let e = HistoryTable::build(&rows, &schools).unwrap_err();
        assert!(e.to_string().contains("(first at history.csv:2)"), "{e}");
    }

    #[test]
    fn missing_years_stay_missing() {
        let schools = vec![school("p1", Level::Primary)];
        let rows = [
            row("p1", 2018, Grade::G1, 5, 2),
            row("p1", 2020, Grade::G2, 0, 3),
        ];
        let t = HistoryTable::build(&rows, &schools).unwrap();
        assert!(t.get(0, 2019).is_none());
        assert_eq!(t.get(0, 2020).unwrap()[Grade::G2.index()], 0.0);
        assert_eq!(t.last_observed(0, 2019), Some(2018));
    }
}
