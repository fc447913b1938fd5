//! The forecast's results as plain, serializable structs: what the CSV files, the summary, the
//! report and the charts are made from.

use super::entry::BirthMode;
use super::housing::HousingAttachment;
use super::scenarios::Scenario;
use super::selection::Selection;
use super::ForecastOptions;
use crate::model::{Grade, GradeCounts, Level};
use serde::Serialize;

/// How a school enters the forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolStatus {
    /// Observed in the history within `max_gap_years` of the base year.
    Observed,
    /// No history at all: starts from its current enrollment in the schools table (if any) and
    /// uses county ratios.
    New,
    /// History ends more than `max_gap_years` before the base year: forecast as empty.
    Closed,
}

/// One school, one year, one scenario: pupils and what they mean for classes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolYear {
    pub year: i32,
    /// Pupils by grade (rounded).
    pub students: GradeCounts,
    /// Classes needed by grade at the caps.
    pub classes: GradeCounts,
    pub total: u32,
    pub classes_needed: u32,
    /// Rooms available: classrooms, plus attached kindergarten classes where K grades are taught.
    pub classrooms: u32,
    pub classrooms_short: u32,
    pub over_size_cap: bool,
    pub large_classes: u32,
    pub very_large_classes: u32,
    pub max_class_size: u32,
}

/// One school's path under one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioPath {
    pub scenario: Scenario,
    pub years: Vec<SchoolYear>,
    /// First forecast year whose classes no longer fit the classrooms.
    pub first_short_year: Option<i32>,
    /// First forecast year over the school size cap.
    pub first_over_cap_year: Option<i32>,
}

/// One school's forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolForecast {
    pub school_id: String,
    pub name: String,
    pub level: Level,
    pub status: SchoolStatus,
    pub classrooms: u32,
    pub size_cap: u32,
    /// Grades it teaches.
    pub grades: Vec<Grade>,
    /// Observed totals (year, pupils) up to the base year.
    pub history: Vec<(i32, u32)>,
    /// Mid-scenario ratio per grade it teaches (entry, progression or grade-7 ratio).
    pub ratios: Vec<(Grade, f64)>,
    /// Low, mid, high.
    pub paths: Vec<ScenarioPath>,
}

/// County totals for one forecast year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountyYear {
    pub year: i32,
    /// Pupils, low/mid/high.
    pub students: [u32; 3],
    /// Classes needed, low/mid/high.
    pub classes_needed: [u32; 3],
    /// Schools short of classrooms, low/mid/high.
    pub schools_short: [u32; 3],
}

/// A feeder link used for grade 7.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeederLink {
    pub school_id: String,
    pub feeder_id: String,
    pub share: f64,
}

/// The whole forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub base_year: i32,
    pub horizon: u32,
    /// Forecast years, base+1 ..= base+horizon.
    pub years: Vec<i32>,
    pub birth_mode: BirthMode,
    pub options: ForecastOptions,
    /// Schools in id order.
    pub schools: Vec<SchoolForecast>,
    pub county: Vec<CountyYear>,
    /// County observed totals (year, pupils) up to the base year.
    pub county_history: Vec<(i32, u32)>,
    /// County mid ratio per grade.
    pub county_ratios: Vec<(Grade, Option<f64>)>,
    /// Scenario multipliers per grade: (grade, [low, mid, high]).
    pub multipliers: Vec<(Grade, [f64; 3])>,
    pub housing: Vec<HousingAttachment>,
    pub feeders: Vec<FeederLink>,
    /// Things the planner should know (new or closed schools, unplaced housing pupils, ...).
    pub notes: Vec<String>,
    /// The model used, why, its backtested error beside the baselines, and the band.
    pub selection: Selection,
}
