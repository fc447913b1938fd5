//! Small builders for the forecast's unit tests.

use crate::model::{Grade, HistoryRow, Level, School, SourceRef};

/// A school at the origin with plenty of rooms.
pub fn school(id: &str, level: Level) -> School {
    School {
        id: id.into(),
        name: id.into(),
        level,
        lonlat: [118.0, 43.6],
        xy_m: [0.0, 0.0],
        classrooms: 100,
        enrollment: None,
        kg_classes: 0,
        max_students: None,
        boarding: false,
        expandable_classrooms: 0,
        source: SourceRef::new("schools.csv", 2),
    }
}

/// A history row from `history.csv` line `line`.
pub fn row(id: &str, year: i32, grade: Grade, enrolled: u32, line: u64) -> HistoryRow {
    HistoryRow {
        school_id: id.into(),
        year,
        grade,
        enrolled,
        source: SourceRef::new("history.csv", line),
    }
}
