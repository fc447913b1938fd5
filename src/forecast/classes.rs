//! What the projected pupils mean for classes: classes needed per grade at the caps, whether they
//! fit the classrooms and the school size cap, and how many large (≥ 56) and very large (≥ 66)
//! classes there would be if no classroom were added — all by [`crate::capacity::LoadCheck`].

use super::result::{ScenarioPath, SchoolYear};
use super::scenarios::Scenario;
use crate::capacity::{grade_classes, LoadCheck};
use crate::model::{GradeCounts, School};
use crate::standards::Standards;

/// Rooms a school has for all the classes it teaches (kindergarten classes included): the one
/// definition, [`crate::model::rooms_all`].
pub fn rooms(school: &School) -> u32 {
    crate::model::rooms_all(school)
}

/// Round projected pupils to whole children per grade.
pub fn round_counts(students: &[f64; 12]) -> GradeCounts {
    let mut c = GradeCounts::default();
    for (i, v) in students.iter().enumerate() {
        c.0[i] = if v.is_finite() && *v > 0.0 {
            v.round() as u32
        } else {
            0
        };
    }
    c
}

/// The class implications of one school-year.
pub fn school_year(
    school: &School,
    year: i32,
    students: &[f64; 12],
    standards: &Standards,
) -> SchoolYear {
    let counts = round_counts(students);
    let check = LoadCheck::new(school.level, &counts, rooms(school), standards);
    SchoolYear {
        year,
        classes: grade_classes(&counts, standards),
        students: counts,
        total: check.students,
        classes_needed: check.classes_needed,
        classrooms: check.classrooms,
        classrooms_short: check.classrooms_short,
        over_size_cap: check.over_size_cap,
        large_classes: check.large_classes,
        very_large_classes: check.very_large_classes,
        max_class_size: check.max_class_size,
    }
}

/// A scenario path from its years, with the first year short of rooms and the first over the cap.
pub fn path(scenario: Scenario, years: Vec<SchoolYear>) -> ScenarioPath {
    ScenarioPath {
        scenario,
        first_short_year: years
            .iter()
            .find(|y| y.classrooms_short > 0)
            .map(|y| y.year),
        first_over_cap_year: years.iter().find(|y| y.over_size_cap).map(|y| y.year),
        years,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::testkit::school;
    use crate::model::{Grade, Level};

    #[test]
    fn short_rooms_and_large_classes_show_up() {
        let s = Standards::default();
        let mut p = school("p1", Level::Primary);
        p.classrooms = 3;
        let mut n = [0.0; 12];
        n[Grade::G1.index()] = 179.6; // rounds to 180: 4 classes needed, 3 rooms → classes of 60.
        let y = school_year(&p, 2026, &n, &s);
        assert_eq!(y.classes.get(Grade::G1), 4);
        assert_eq!(y.classrooms_short, 1);
        assert_eq!(y.large_classes, 3);
        assert_eq!(y.very_large_classes, 0);
        let ok = school_year(&p, 2025, &[0.0; 12], &s);
        let pth = path(Scenario::Mid, vec![ok, y]);
        assert_eq!(pth.first_short_year, Some(2026));
        assert_eq!(pth.first_over_cap_year, None);
    }
}
