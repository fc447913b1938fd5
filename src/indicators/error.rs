//! What can be wrong with the inputs to the indicators, with the place and the numbers, so the
//! planner can fix the table: `file:line: field 'x' value 'y': what is wrong; what to do`.

use crate::model::SourceRef;
use std::fmt;

/// One problem in the inputs that stops the indicators from being computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IndicatorError {
    #[error("{at}: field 'school_id' value '{school_id}': no school with this id in the schools table; add the school or correct the id")]
    UnknownSchool { at: SourceRef, school_id: String },

    #[error("{at}: field 'school_id' value '{school_id}': resources given twice (first at {first}); keep one row per school")]
    DuplicateSchool {
        at: SourceRef,
        first: SourceRef,
        school_id: String,
    },

    #[error(
        "{at}: field '{field}' value '{value}': must be a number of 0 or more; correct the value"
    )]
    Negative {
        at: SourceRef,
        field: &'static str,
        value: f64,
    },

    #[error("{at}: field 'enrollment' value '{students}': school '{school_id}' has no students in grades 1-9, so per-student indicators cannot be computed; give its enrollment by grade (g1..g9) in the schools table, or drop its resources row")]
    NoStudents {
        at: SourceRef,
        school_id: String,
        students: u32,
    },

    #[error("{at}: field 'enrollment' value '': school '{school_id}' has resources but no enrollment by grade; give its enrollment (g1..g9) in the schools table")]
    NoEnrollment { at: SourceRef, school_id: String },

    #[error("catchment.toml: field 'standards.{key}' value '{value}': {problem}; correct it or remove it to use the national default")]
    BadStandard {
        key: String,
        value: String,
        problem: &'static str,
    },
}

impl IndicatorError {
    /// Where the problem is, when it is in a data table.
    pub fn source(&self) -> Option<&SourceRef> {
        match self {
            IndicatorError::UnknownSchool { at, .. }
            | IndicatorError::DuplicateSchool { at, .. }
            | IndicatorError::Negative { at, .. }
            | IndicatorError::NoStudents { at, .. }
            | IndicatorError::NoEnrollment { at, .. } => Some(at),
            IndicatorError::BadStandard { .. } => None,
        }
    }
}

impl IndicatorError {
    /// The school a problem confines itself to: the indicators can still be computed for the
    /// others, with this school listed as not assessed. `None` for a problem of the tables or the
    /// standards, which stops the indicators.
    pub fn only_school(&self) -> Option<&str> {
        match self {
            IndicatorError::NoStudents { school_id, .. }
            | IndicatorError::NoEnrollment { school_id, .. } => Some(school_id),
            _ => None,
        }
    }
}

/// Every problem found in the inputs, in table order; the indicators are computed only when there
/// are none.
#[derive(Debug, Clone, PartialEq)]
pub struct InputErrors(pub Vec<IndicatorError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}
