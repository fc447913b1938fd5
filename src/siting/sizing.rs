//! Choosing a new school's size from the standard class counts (primary/junior 12, 18, 24, 30
//! classes; kindergarten 3, 6, 9, 12, from [`Standards`]) so that, in every forecast year, every
//! grade's classes stay within the class cap and the school within its size cap.
//!
//! Used by `catchment site` after the location engine has assigned demand to a new site: the size
//! is the smallest standard one that holds the site's students in every year of the horizon.

use crate::capacity::classes_needed;
use crate::model::{Grade, GradeCounts, Level};
use crate::standards::Standards;

/// A standard size that fits, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeChoice {
    /// Total classes (12, 18, …).
    pub classes: u32,
    /// Classes in each grade (the total spread evenly over the level's grades).
    pub classes_per_grade: u32,
    /// Seats at the class caps: Σ over grades of classes per grade × cap.
    pub seats: u32,
}

/// Why no standard size fits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizingError {
    #[error("year {year}: {students} students exceed the {level} size cap of {cap}")]
    OverSizeCap {
        year: usize,
        level: &'static str,
        students: u32,
        cap: u32,
    },
    #[error(
        "year {year}, grade {grade}: {students} students need {needed} classes, more than the {largest} per grade of the largest allowed size ({classes} classes)"
    )]
    TooManyClasses {
        year: usize,
        grade: &'static str,
        students: u32,
        needed: u32,
        largest: u32,
        classes: u32,
    },
    #[error("no standard size for {level} is allowed (max_classes {max_classes:?})")]
    NoSize {
        level: &'static str,
        max_classes: Option<u32>,
    },
}

fn sizes(level: Level, standards: &Standards) -> &[u32] {
    match level {
        Level::Kindergarten => &standards.standard_classes_kindergarten,
        _ => &standards.standard_classes_school,
    }
}

/// The seats of a school of `classes` classes at `level`.
pub fn seats(level: Level, classes: u32, standards: &Standards) -> u32 {
    let grades = level.grades();
    let per = classes / grades.len().max(1) as u32;
    grades.iter().map(|&g| per * standards.class_cap(g)).sum()
}

/// The smallest standard size (at most `max_classes`) holding `years` (students by grade, one entry
/// per forecast year) within class and school caps.
pub fn smallest_standard_size(
    level: Level,
    years: &[GradeCounts],
    standards: &Standards,
    max_classes: Option<u32>,
) -> Result<SizeChoice, SizingError> {
    let grades: &[Grade] = level.grades();
    let cap = standards.school_size_cap(level);
    for (year, counts) in years.iter().enumerate() {
        let students: u32 = grades.iter().map(|&g| counts.get(g)).sum();
        if students > cap {
            return Err(SizingError::OverSizeCap {
                year,
                level: level.as_str(),
                students,
                cap,
            });
        }
    }
    let mut allowed: Vec<u32> = sizes(level, standards)
        .iter()
        .copied()
        .filter(|&c| max_classes.is_none_or(|m| c <= m))
        .collect();
    allowed.sort_unstable();
    let Some(&largest) = allowed.last() else {
        return Err(SizingError::NoSize {
            level: level.as_str(),
            max_classes,
        });
    };
    let n_grades = grades.len().max(1) as u32;
    // Worst (year, grade) by classes needed.
    let mut worst = (0u32, 0usize, grades[0], 0u32);
    for (year, counts) in years.iter().enumerate() {
        for &g in grades {
            let need = classes_needed(counts.get(g), standards.class_cap(g));
            if need > worst.0 {
                worst = (need, year, g, counts.get(g));
            }
        }
    }
    match allowed.iter().find(|&&c| c / n_grades >= worst.0) {
        Some(&classes) => Ok(SizeChoice {
            classes,
            classes_per_grade: classes / n_grades,
            seats: seats(level, classes, standards),
        }),
        None => Err(SizingError::TooManyClasses {
            year: worst.1,
            grade: worst.2.code(),
            students: worst.3,
            needed: worst.0,
            largest: largest / n_grades,
            classes: largest,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn primary(per_grade: u32) -> GradeCounts {
        let mut c = GradeCounts::default();
        for &g in Level::Primary.grades() {
            c.set(g, per_grade);
        }
        c
    }

    #[test]
    fn picks_the_smallest_size_for_the_peak_year() {
        let s = Standards::default();
        let cap = s.class_cap_primary;
        // Year 0: 2 classes per grade; year 1: 3 classes per grade → 18 classes.
        let years = [primary(2 * cap), primary(2 * cap + 1)];
        let choice = smallest_standard_size(Level::Primary, &years, &s, None).unwrap();
        assert_eq!(choice.classes, 18);
        assert_eq!(choice.classes_per_grade, 3);
        assert_eq!(choice.seats, 18 * cap);
    }

    #[test]
    fn max_classes_and_caps_are_explained() {
        let s = Standards::default();
        let years = [primary(3 * s.class_cap_primary)];
        let err = smallest_standard_size(Level::Primary, &years, &s, Some(12)).unwrap_err();
        assert!(
            matches!(
                err,
                SizingError::TooManyClasses {
                    needed: 3,
                    largest: 2,
                    ..
                }
            ),
            "{err}"
        );
        let big = [primary(s.school_size_max)];
        let err = smallest_standard_size(Level::Primary, &big, &s, None).unwrap_err();
        assert!(matches!(err, SizingError::OverSizeCap { .. }), "{err}");
    }
}
