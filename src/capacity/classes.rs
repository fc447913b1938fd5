//! Classes needed per grade, and class sizes when a school has fewer rooms than it needs.

use crate::model::{Grade, GradeCounts, Level};
use crate::standards::Standards;

/// Classes needed for `students` at `cap` per class: ⌈students / cap⌉ (0 students need 0 classes).
///
/// ```
/// assert_eq!(catchment::capacity::classes_needed(91, 45), 3);
/// assert_eq!(catchment::capacity::classes_needed(90, 45), 2);
/// assert_eq!(catchment::capacity::classes_needed(0, 45), 0);
/// ```
pub fn classes_needed(students: u32, cap: u32) -> u32 {
    students.div_ceil(cap.max(1))
}

/// Classes needed in each grade of `counts` at the standard caps.
pub fn grade_classes(counts: &GradeCounts, standards: &Standards) -> GradeCounts {
    let mut out = GradeCounts::default();
    for g in Grade::ALL {
        out.set(g, classes_needed(counts.get(g), standards.class_cap(g)));
    }
    out
}

/// How a school's enrollment sits against its classrooms and caps.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadCheck {
    pub students: u32,
    /// Classes needed at the caps, all grades.
    pub classes_needed: u32,
    pub classrooms: u32,
    /// max(0, classes needed − classrooms).
    pub classrooms_short: u32,
    /// The school total is over its size cap (2000, or 2500 for nine- and twelve-year schools).
    pub over_size_cap: bool,
    /// Classes of ≥ 56 (大班额) if no classroom were added.
    pub large_classes: u32,
    /// Classes of ≥ 66 (超大班额) if no classroom were added.
    pub very_large_classes: u32,
    /// Largest class if no classroom were added.
    pub max_class_size: u32,
}

impl LoadCheck {
    /// Check `counts` (students by grade) at a school of `level` with `classrooms` rooms.
    pub fn new(level: Level, counts: &GradeCounts, classrooms: u32, standards: &Standards) -> Self {
        let need = grade_classes(counts, standards);
        let classes_needed = need.total();
        let rooms = split_rooms(counts, &need, classrooms);
        let (mut large, mut very_large, mut max_size) = (0, 0, 0);
        for g in Grade::ALL {
            let (n, k) = (counts.get(g), rooms.get(g));
            if n == 0 || k == 0 {
                continue;
            }
            // k classes of sizes ⌊n/k⌋ or ⌈n/k⌉; `big` of them have the larger size.
            let (small, big) = (n / k, n % k);
            let sizes = [(small + 1, big), (small, k - big)];
            for (size, count) in sizes {
                if count == 0 {
                    continue;
                }
                max_size = max_size.max(size);
                if size >= standards.large_class_min {
                    large += count;
                }
                if size >= standards.very_large_class_min {
                    very_large += count;
                }
            }
        }
        LoadCheck {
            students: counts.total(),
            classes_needed,
            classrooms,
            classrooms_short: classes_needed.saturating_sub(classrooms),
            over_size_cap: counts.total() > standards.school_size_cap(level),
            large_classes: large,
            very_large_classes: very_large,
            max_class_size: max_size,
        }
    }
}

/// Share `classrooms` among grades when they may be fewer than needed: every grade with students
/// gets at least one room, then each further room goes to the grade whose classes are currently
/// largest, up to the number it needs. When rooms are short this is how a school actually copes
/// (bigger classes), and it minimises the largest class.
pub fn split_rooms(counts: &GradeCounts, need: &GradeCounts, classrooms: u32) -> GradeCounts {
    if classrooms >= need.total() {
        // Enough rooms: every grade gets what it needs (the loop below would end there too).
        return *need;
    }
    let mut rooms = GradeCounts::default();
    let mut left = classrooms;
    for g in Grade::ALL {
        if counts.get(g) > 0 {
            rooms.set(g, 1);
            left = left.saturating_sub(1);
        }
    }
    while left > 0 {
        let best = Grade::ALL
            .iter()
            .filter(|g| rooms.get(**g) > 0 && rooms.get(**g) < need.get(**g))
            .max_by(|a, b| {
                let size = |g: Grade| counts.get(g) as f64 / rooms.get(g) as f64;
                size(**a).total_cmp(&size(**b)).then(b.cmp(a))
            });
        match best {
            Some(g) => rooms.add(*g, 1),
            None => break,
        }
        left -= 1;
    }
    rooms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(Grade, u32)]) -> GradeCounts {
        let mut c = GradeCounts::default();
        for (g, n) in pairs {
            c.set(*g, *n);
        }
        c
    }

    #[test]
    fn enough_rooms_means_no_large_classes() {
        let s = Standards::default();
        let c = counts(&[(Grade::G1, 90), (Grade::G2, 46)]);
        let check = LoadCheck::new(Level::Primary, &c, 10, &s);
        assert_eq!(check.classes_needed, 4);
        assert_eq!(check.classrooms_short, 0);
        assert_eq!(check.max_class_size, 45);
        assert_eq!(check.large_classes, 0);
    }

    #[test]
    fn short_rooms_make_large_classes() {
        let s = Standards::default();
        // 180 in grade 1 needs 4 classes; with 3 rooms in all: classes of 60 → 3 large, 0 very large.
        let c = counts(&[(Grade::G1, 180)]);
        let check = LoadCheck::new(Level::Primary, &c, 3, &s);
        assert_eq!(check.classrooms_short, 1);
        assert_eq!(check.max_class_size, 60);
        assert_eq!(check.large_classes, 3);
        assert_eq!(check.very_large_classes, 0);
        // Two grades, 3 rooms: each grade gets a room first; the third goes to the bigger grade.
        let c = counts(&[(Grade::G1, 130), (Grade::G2, 70)]);
        let check = LoadCheck::new(Level::Primary, &c, 3, &s);
        assert_eq!(check.max_class_size, 70);
        assert_eq!(check.very_large_classes, 1);
    }

    #[test]
    fn size_cap_depends_on_level() {
        let s = Standards::default();
        let c = counts(&[(Grade::G1, 2100)]);
        assert!(LoadCheck::new(Level::Primary, &c, 100, &s).over_size_cap);
        assert!(!LoadCheck::new(Level::NineYear, &c, 100, &s).over_size_cap);
    }
}
