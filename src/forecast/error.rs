//! What can stop a forecast: impossible input values (with the file and line they came from) and
//! bad options.

use crate::model::SourceRef;

/// Errors of the forecast engine. Each names the place and the value, and says what to do; the
/// command line adds a `hint:` line (its `forecast_hint`).
#[derive(Debug, thiserror::Error)]
pub enum ForecastError {
    #[error("{at}: field 'school_id' value '{value}': no school with this id in the schools table; add the school or correct the id")]
    UnknownSchool { at: SourceRef, value: String },
    #[error("{at}: field 'grade' value '{value}': school '{school}' is {level} and does not teach this grade; correct the grade or the school's level (or its kg_classes)")]
    GradeNotTaught {
        at: SourceRef,
        value: String,
        school: String,
        level: String,
    },
    #[error("{at}: field 'year' value '{value}': year out of range {min}-{max}; use the calendar year the school year starts in")]
    YearOutOfRange {
        at: SourceRef,
        value: i32,
        min: i32,
        max: i32,
    },
    #[error("{at}: school '{school}' year {year} grade {grade} appears twice (first at {first}); keep one row")]
    Duplicate {
        at: SourceRef,
        first: SourceRef,
        school: String,
        year: i32,
        grade: String,
    },
    #[error("{at}: field '{field}' value '{value}': no such {what}; correct the id or add it")]
    UnknownId {
        at: SourceRef,
        field: String,
        value: String,
        what: String,
    },
    #[error("feeder pattern: field '{field}' value '{value}': {message}")]
    BadFeeder {
        field: String,
        value: String,
        message: String,
    },
    #[error("no enrollment history: the forecast needs a history table (school_id, year, grade, enrolled)")]
    NoHistory,
    #[error("field 'base_year' value '{value}': outside the history ({first}-{last}); choose a year the history covers")]
    BadBaseYear { value: i32, first: i32, last: i32 },
    #[error("horizon {value} years: out of range; the forecast projects {min}-{max} years ahead")]
    Horizon { value: u32, min: u32, max: u32 },
    #[error("model '{value}': unknown forecast model; known: {known}")]
    UnknownModel { value: String, known: String },
    #[error("option '{key}' value '{value}': {hint}")]
    BadOption {
        key: String,
        value: String,
        hint: String,
    },
}
