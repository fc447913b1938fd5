//! Which grades each school will have over the forecast, and where its pupils enter.
//!
//! Real histories change shape: a new school opens with its lowest grades and adds a grade a year
//! (a new cohort entering at the top), a school being wound down stops its intake, a small school
//! teaches only some of its level's grades. Forecasting every grade of the level for every school
//! would invent pupils in grades a school does not have; forecasting only today's grades would lose
//! the cohort moving up in a growing school. So, per school, at the base year:
//! - the grades forecast run from its lowest to its highest grade with a row in its last observed
//!   year (gaps inside are filled);
//! - a school whose highest grade rose in its last observed year, or which has only one observed
//!   year, is *growing*: its grades extend up to the highest grade any school of its level has had;
//! - its lowest grade is its entry grade (fed by births or its own recent intake) when that grade
//!   was also its lowest the year before; when the lowest grade rose (intake stopped), there is no
//!   entry and the cohorts move out;
//! - K1 is always an entry grade; grade 1 is an entry grade (from births) when the project has
//!   births or the school has no K3, else it follows the school's K3 cohort; grade 7 comes from the
//!   feeders.
//!
//! Schools without history keep every grade they teach.

use super::history::HistoryTable;
use crate::model::School;
use std::collections::HashMap;

/// What a grade's pupils are projected from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Cohort births; 0 = K1, 1 = grade 1.
    Entry(usize),
    /// The grade below, the year before, at the same school.
    Progression,
    /// Grade 6 of the feeding schools, the year before.
    Feeder,
}

/// The shape of one school from the base year on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Grades forecast.
    pub active: [bool; 12],
    /// What each grade is projected from.
    pub kinds: [Kind; 12],
    /// Adds a grade a year.
    pub growing: bool,
    /// Same lowest and highest grade in its last two observed years, and not growing: the model
    /// may be chosen separately for these schools and for the changing ones.
    pub stable: bool,
}

impl Shape {
    /// 0 for a stable school, 1 for a changing one (new, growing, or its grades changed).
    pub fn segment(&self) -> usize {
        usize::from(!self.stable)
    }
}

fn low_high(mask: u16, taught: &[bool; 12]) -> Option<(usize, usize)> {
    let grades: Vec<usize> = (0..12)
        .filter(|&g| mask & (1 << g) != 0 && taught[g])
        .collect();
    Some((*grades.first()?, *grades.last()?))
}

/// The shape of every school at `base`. `births` says whether entry grades have cohort births.
pub fn shapes(hist: &HistoryTable, schools: &[School], base: i32, births: bool) -> Vec<Shape> {
    let mut top: HashMap<crate::model::Level, usize> = HashMap::new();
    for (s, school) in schools.iter().enumerate() {
        for y in hist.first_year..=base.min(hist.last_year) {
            if let Some((_, hi)) = low_high(hist.mask(s, y), &hist.taught[s]) {
                let t = top.entry(school.level).or_insert(hi);
                *t = (*t).max(hi);
            }
        }
    }
    (0..schools.len())
        .map(|s| {
            let taught = hist.taught[s];
            let top = top.get(&schools[s].level).copied().unwrap_or(11);
            shape(hist, s, base, &taught, top, births)
        })
        .collect()
}

fn shape(
    hist: &HistoryTable,
    s: usize,
    base: i32,
    taught: &[bool; 12],
    level_top: usize,
    births: bool,
) -> Shape {
    let now = hist
        .last_observed(s, base)
        .and_then(|y| Some((y, low_high(hist.mask(s, y), taught)?)));
    let Some((year, (lo, hi))) = now else {
        let lo = (0..12).find(|&g| taught[g]).unwrap_or(0);
        return finish(*taught, Some(lo), (false, false), births);
    };
    let before = hist
        .last_observed(s, year - 1)
        .and_then(|y| low_high(hist.mask(s, y), taught));
    let growing = match before {
        None => true,
        Some((_, hi0)) => hi > hi0,
    } && hi < level_top;
    let top = if growing { level_top.max(hi) } else { hi };
    let mut active = [false; 12];
    for (g, a) in active.iter_mut().enumerate() {
        *a = taught[g] && (lo..=top).contains(&g);
    }
    let lowest_taught = (0..12).find(|&g| taught[g]).unwrap_or(lo);
    let entry = match before {
        Some((lo0, _)) if lo0 < lo && lo != lowest_taught => None,
        _ => Some(lo),
    };
    let stable = !growing && before == Some((lo, hi));
    finish(active, entry, (growing, stable), births)
}

fn finish(
    active: [bool; 12],
    entry: Option<usize>,
    (growing, stable): (bool, bool),
    births: bool,
) -> Shape {
    let mut kinds = [Kind::Progression; 12];
    for (g, k) in kinds.iter_mut().enumerate() {
        *k = match g {
            0 => Kind::Entry(0),
            9 => Kind::Feeder,
            3 if births || !active[2] || entry == Some(3) => Kind::Entry(1),
            _ if entry == Some(g) => Kind::Entry(usize::from(g >= 3)),
            _ => Kind::Progression,
        };
    }
    Shape {
        active,
        kinds,
        growing,
        stable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::testkit::{row, school};
    use crate::model::{Grade, Level};

    #[test]
    fn a_school_adding_a_grade_a_year_grows_and_a_fixed_one_does_not() {
        let schools = vec![
            school("grow", Level::Primary),
            school("full", Level::Primary),
        ];
        let mut rows = Vec::new();
        for (k, y) in (2015..=2017).enumerate() {
            // "grow": K3 and grade 1 in 2015, one more grade each year.
            for g in 0..=(k + 1) {
                rows.push(row("grow", y, Grade::ALL[2 + g], 50, 2));
            }
            for g in [
                Grade::K3,
                Grade::G1,
                Grade::G2,
                Grade::G3,
                Grade::G4,
                Grade::G5,
            ] {
                rows.push(row("full", y, g, 50, 2));
            }
        }
        let hist = HistoryTable::build(&rows, &schools).unwrap();
        let sh = shapes(&hist, &schools, 2017, false);
        assert!(sh[0].growing);
        assert!(sh[0].active[Grade::G5.index()] && !sh[0].active[Grade::G6.index()]);
        assert!(!sh[1].growing);
        assert!(sh[1].stable && !sh[0].stable);
        assert!(!sh[1].active[Grade::G6.index()]);
        // No births and a K3: K3 is the entry, grade 1 follows it.
        assert_eq!(sh[1].kinds[Grade::K3.index()], Kind::Entry(0));
        assert_eq!(sh[1].kinds[Grade::G1.index()], Kind::Progression);
        // With births, grade 1 comes from births.
        let sh = shapes(&hist, &schools, 2017, true);
        assert_eq!(sh[1].kinds[Grade::G1.index()], Kind::Entry(1));
    }

    #[test]
    fn a_school_that_stopped_its_intake_has_no_entry_grade() {
        let schools = vec![school("out", Level::Primary)];
        let mut rows = Vec::new();
        for g in [Grade::G1, Grade::G2, Grade::G3] {
            rows.push(row("out", 2016, g, 40, 2));
        }
        for g in [Grade::G2, Grade::G3, Grade::G4] {
            rows.push(row("out", 2017, g, 40, 2));
        }
        let hist = HistoryTable::build(&rows, &schools).unwrap();
        let sh = shapes(&hist, &schools, 2017, false);
        assert!(!sh[0].active[Grade::G1.index()]);
        assert_eq!(sh[0].kinds[Grade::G2.index()], Kind::Progression);
    }
}
