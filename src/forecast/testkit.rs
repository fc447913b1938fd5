//! Small builders for the forecast's unit tests, on `School::new` (the builder `tests/support.rs`
//! uses too), so a new school field is added in one place.

use crate::model::{Grade, HistoryRow, Level, School, SourceRef};

/// A school at the origin with plenty of rooms.
pub fn school(id: &str, level: Level) -> School {
    School {
        lonlat: [118.0, 43.6],
        classrooms: 100,
        ..School::new(id, level, SourceRef::new("schools.csv", 2))
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
