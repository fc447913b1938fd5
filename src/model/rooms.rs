//! How many classrooms a school has for the classes of a stage: the one definition every engine
//! (forecast, zones, site, indicators, maps) uses, so "rooms a school has" never differs between
//! outputs.
//!
//! `classrooms` in the schools table counts every general classroom (普通教室) of the school,
//! including those its attached kindergarten classes (附设幼儿班, `kg_classes`) use. So at a
//! primary, nine-year or twelve-year school with `kg_classes = k` and `classrooms = c`:
//! - the kindergarten classes have `min(k, c)` rooms;
//! - grades 1–9 have the other `c − min(k, c)` rooms (a nine- or twelve-year school's primary and
//!   junior grades share them);
//! - the school as a whole has `c`.
//!
//! A kindergarten's `classrooms` are all kindergarten rooms; it has none for grades 1–9.

use super::{Level, School, Stage};

/// Rooms of `school` for the classes of `stage` (see the module documentation). 0 when the school
/// does not teach the stage.
pub fn rooms_for(school: &School, stage: Stage) -> u32 {
    let kg_rooms = school.kg_classes.min(school.classrooms);
    match (school.level, stage) {
        (Level::Kindergarten, Stage::Kindergarten) => school.classrooms,
        (Level::Kindergarten, _) => 0,
        (_, Stage::Kindergarten) => kg_rooms,
        (level, stage) if level.serves(stage) => school.classrooms - kg_rooms,
        _ => 0,
    }
}

/// Rooms of `school` for all of its classes, kindergarten and grades 1–9: the kindergarten rooms
/// plus the rooms of its compulsory grades, each counted once.
pub fn rooms_all(school: &School) -> u32 {
    let compulsory = [Stage::Primary, Stage::Junior]
        .into_iter()
        .map(|s| rooms_for(school, s))
        .max()
        .unwrap_or(0);
    rooms_for(school, Stage::Kindergarten) + compulsory
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceRef;

    fn school(level: Level, classrooms: u32, kg_classes: u32) -> School {
        School {
            classrooms,
            kg_classes,
            ..School::new("s", level, SourceRef::new("schools.csv", 2))
        }
    }

    /// The definition in the README's schools table: `classrooms` includes the rooms of attached
    /// kindergarten classes.
    #[test]
    fn classrooms_include_the_rooms_of_attached_kindergarten_classes() {
        let p = school(Level::Primary, 30, 6);
        assert_eq!(rooms_for(&p, Stage::Kindergarten), 6);
        assert_eq!(rooms_for(&p, Stage::Primary), 24);
        assert_eq!(rooms_for(&p, Stage::Junior), 0);
        assert_eq!(rooms_all(&p), 30);
        let nine = school(Level::NineYear, 40, 3);
        assert_eq!(rooms_for(&nine, Stage::Primary), 37);
        assert_eq!(rooms_for(&nine, Stage::Junior), 37, "shared by both stages");
        assert_eq!(rooms_all(&nine), 40, "each room counted once");
        let kg = school(Level::Kindergarten, 9, 0);
        assert_eq!(rooms_for(&kg, Stage::Kindergarten), 9);
        assert_eq!(rooms_for(&kg, Stage::Primary), 0);
        assert_eq!(rooms_all(&kg), 9);
        let junior = school(Level::Junior, 20, 0);
        assert_eq!(rooms_for(&junior, Stage::Primary), 0);
        assert_eq!(rooms_all(&junior), 20);
    }

    #[test]
    fn more_kindergarten_classes_than_rooms_leave_none_for_grades_1_to_9() {
        let p = school(Level::Primary, 4, 6);
        assert_eq!(rooms_for(&p, Stage::Kindergarten), 4);
        assert_eq!(rooms_for(&p, Stage::Primary), 0);
        assert_eq!(rooms_all(&p), 4);
    }
}
