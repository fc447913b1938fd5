//! Entry grades from births: the children who can enter K1 or grade 1 in a school year.
//!
//! A child enters grade 1 in school year `y` when it is `primary_entry_age` (6) on the cut-off date
//! (`entry_cutoff`, 08-31) of `y`: born after the cut-off of year `y-7` and by the cut-off of `y-6`.
//! With births counted by calendar year, the entering cohort is
//! `w·B(y−6) + (1−w)·B(y−7)`, `w` = share of the year up to the cut-off (243/365 for 08-31).
//! K1 (小班) is the same three years younger: `w·B(y−3) + (1−w)·B(y−4)`.
//!
//! Births per planning unit are used where the births table gives `unit_id` and the units can be
//! attached to schools (zones, else the nearest school of the stage); otherwise county births. Births
//! of years after the last known one are held at the last known value. Without any births the entry
//! grade is forecast from its own recent counts (the "births" of every year are taken as 1).

use super::attach::{Locator, ServingSchools};
use super::options::YEAR_RANGE;
use super::ForecastError;
use crate::model::{BirthRow, School, Stage, Unit};
use crate::standards::Standards;
use std::collections::{BTreeMap, HashMap};

/// Where the entry denominators come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BirthMode {
    /// Births by planning unit, attached to schools.
    Unit,
    /// County births.
    County,
    /// No births table: entry grades follow their own recent counts.
    Persistence,
}

impl BirthMode {
    /// The name used in summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            BirthMode::Unit => "by planning unit",
            BirthMode::County => "county",
            BirthMode::Persistence => "none (entry grades follow their recent counts)",
        }
    }
}

/// The two entry grades: 0 = K1, 1 = grade 1.
pub const ENTRY_STAGES: [Stage; 2] = [Stage::Kindergarten, Stage::Primary];

/// Effective entering-cohort births by school (or county), entry grade and school year.
#[derive(Debug, Clone)]
pub struct EntryDenoms {
    pub mode: BirthMode,
    first_year: i32,
    /// County cohort births per entry grade, per year from `first_year`.
    county: [Vec<Option<f64>>; 2],
    /// Per-school cohort births (unit mode only).
    per_school: Vec<[Vec<Option<f64>>; 2]>,
}

/// Share of the calendar year up to and including the cut-off date `MM-DD`.
pub fn cutoff_share(cutoff: &str) -> Result<f64, ForecastError> {
    let bad = || ForecastError::BadOption {
        key: "standards.entry_cutoff".into(),
        value: cutoff.into(),
        hint: "use MM-DD, e.g. 08-31".into(),
    };
    let (m, d) = cutoff.trim().split_once('-').ok_or_else(bad)?;
    let (m, d): (usize, u32) = (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    const DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d == 0 || d > DAYS[m - 1] {
        return Err(bad());
    }
    let day: u32 = DAYS[..m - 1].iter().sum::<u32>() + d;
    Ok(day as f64 / 365.0)
}

/// A births series by calendar year, held at its last value beyond it.
#[derive(Debug, Clone, Default)]
struct Series(BTreeMap<i32, f64>);

impl Series {
    fn at(&self, year: i32) -> Option<f64> {
        if let Some(v) = self.0.get(&year) {
            return Some(*v);
        }
        let (&last, &v) = self.0.last_key_value()?;
        (year > last).then_some(v)
    }

    /// Cohort births for entry at `age` in school year `year`.
    fn cohort(&self, year: i32, age: i32, w: f64) -> Option<f64> {
        let a = self.at(year - age)?;
        let b = self.at(year - age - 1).unwrap_or(a);
        Some(w * a + (1.0 - w) * b)
    }
}

/// Inputs for [`EntryDenoms::build`].
pub struct EntryInputs<'a> {
    pub births: &'a [BirthRow],
    pub units: &'a [Unit],
    pub unit_schools: Option<&'a ServingSchools>,
    pub schools: &'a [School],
    pub standards: &'a Standards,
    /// Births after this year are not used (backtests).
    pub known_until: i32,
}

impl EntryDenoms {
    /// Cohort births for every school year in `years`.
    pub fn build(inp: &EntryInputs, years: (i32, i32)) -> Result<Self, ForecastError> {
        for b in inp.births {
            if !YEAR_RANGE.contains(&b.year) {
                return Err(ForecastError::YearOutOfRange {
                    at: b.source.clone(),
                    value: b.year,
                    min: *YEAR_RANGE.start(),
                    max: *YEAR_RANGE.end(),
                });
            }
        }
        let w = cutoff_share(&inp.standards.entry_cutoff)?;
        let g1_age = inp.standards.primary_entry_age as i32;
        let ages = [(g1_age - 3).max(0), g1_age];
        let known: Vec<&BirthRow> = inp
            .births
            .iter()
            .filter(|b| b.year <= inp.known_until)
            .collect();
        let n = (years.1 - years.0 + 1).max(0) as usize;
        let span = |series: &Series, e: usize| -> Vec<Option<f64>> {
            (0..n)
                .map(|i| series.cohort(years.0 + i as i32, ages[e], w))
                .collect()
        };
        let mut county = Series::default();
        let has_county_rows = known.iter().any(|b| b.unit_id.is_none());
        for b in &known {
            if b.unit_id.is_none() || !has_county_rows {
                *county.0.entry(b.year).or_default() += b.births as f64;
            }
        }
        let mode = if known.is_empty() {
            BirthMode::Persistence
        } else if known.iter().any(|b| b.unit_id.is_some())
            && (!inp.units.is_empty() || inp.unit_schools.is_some())
        {
            BirthMode::Unit
        } else {
            BirthMode::County
        };
        let county = match mode {
            BirthMode::Persistence => [vec![Some(1.0); n], vec![Some(1.0); n]],
            _ => [span(&county, 0), span(&county, 1)],
        };
        let per_school = if mode == BirthMode::Unit {
            Self::per_school(inp, &known, &span)?
        } else {
            Vec::new()
        };
        Ok(EntryDenoms {
            mode,
            first_year: years.0,
            county,
            per_school,
        })
    }

    fn per_school(
        inp: &EntryInputs,
        known: &[&BirthRow],
        span: &dyn Fn(&Series, usize) -> Vec<Option<f64>>,
    ) -> Result<Vec<[Vec<Option<f64>>; 2]>, ForecastError> {
        let locator = Locator::new(inp.schools, &[]);
        let unit_xy: HashMap<&str, [f64; 2]> = inp
            .units
            .iter()
            .map(|u| (u.id.as_str(), u.centroid_xy_m))
            .collect();
        let mut by_unit: BTreeMap<&str, Series> = BTreeMap::new();
        for b in known {
            if let Some(u) = &b.unit_id {
                let known_unit = unit_xy.contains_key(u.as_str())
                    || inp.unit_schools.is_some_and(|m| m.contains_key(u));
                if !known_unit {
                    return Err(ForecastError::UnknownId {
                        at: b.source.clone(),
                        field: "unit_id".into(),
                        value: u.clone(),
                        what: "planning unit".into(),
                    });
                }
                *by_unit
                    .entry(u.as_str())
                    .or_default()
                    .0
                    .entry(b.year)
                    .or_default() += b.births as f64;
            }
        }
        let mut per_school: Vec<[Vec<Option<f64>>; 2]> =
            vec![[Vec::new(), Vec::new()]; inp.schools.len()];
        for (unit, series) in &by_unit {
            let xy = unit_xy.get(unit).copied().unwrap_or([f64::NAN; 2]);
            for (e, stage) in ENTRY_STAGES.iter().enumerate() {
                let Some(s) = locator.serving(unit, xy, *stage, inp.unit_schools) else {
                    continue;
                };
                let add = span(series, e);
                let acc = &mut per_school[s][e];
                if acc.is_empty() {
                    *acc = add;
                } else {
                    for (a, b) in acc.iter_mut().zip(add) {
                        *a = match (*a, b) {
                            (Some(x), Some(y)) => Some(x + y),
                            (x, y) => x.or(y),
                        };
                    }
                }
            }
        }
        Ok(per_school)
    }

    /// Cohort births for entry grade `e` (0 = K1, 1 = grade 1) at school `s` in `year`
    /// (county births in county mode, 1 in persistence mode).
    pub fn get(&self, s: usize, e: usize, year: i32) -> Option<f64> {
        let i = usize::try_from(year - self.first_year).ok()?;
        if self.mode == BirthMode::Unit {
            return self.per_school.get(s)?[e].get(i).copied().flatten();
        }
        self.county[e].get(i).copied().flatten()
    }

    /// County cohort births for entry grade `e` in `year`.
    pub fn county(&self, e: usize, year: i32) -> Option<f64> {
        let i = usize::try_from(year - self.first_year).ok()?;
        self.county[e].get(i).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutoff_share_counts_days() {
        assert!((cutoff_share("08-31").unwrap() - 243.0 / 365.0).abs() < 1e-12);
        assert_eq!(cutoff_share("12-31").unwrap(), 1.0);
        assert!(cutoff_share("02-30").is_err());
        assert!(cutoff_share("831").is_err());
    }

    #[test]
    fn cohort_blends_two_birth_years_and_holds_the_last() {
        let s = Series([(2010, 100.0), (2011, 130.0)].into_iter().collect());
        // Entry 2017 at age 6 with w = 0.5: half of 2011, half of 2010.
        assert_eq!(s.cohort(2017, 6, 0.5), Some(115.0));
        // 2020 needs 2014 and 2013: held at 2011's 130.
        assert_eq!(s.cohort(2020, 6, 0.5), Some(130.0));
        // 2016 needs 2009 (unknown): 2010 stands in for it.
        assert_eq!(s.cohort(2016, 6, 0.5), Some(100.0));
        assert_eq!(s.cohort(2015, 6, 0.5), None);
    }
}
