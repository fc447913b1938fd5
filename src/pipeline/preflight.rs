//! What the engines would stop on, found before any of them runs.
//!
//! Last round `plan` on a 100,000-pupil county failed after six minutes in the indicators step on
//! a school with no pupils, although `check` had reported nothing. Every `Err` an engine can return
//! mid-plan is therefore either found here, in a few milliseconds, or confined to one school:
//! - the forecast's inputs ([`crate::forecast::check_inputs`]: options, history, base year, model,
//!   births, feeder pattern) stop the plan at its check step;
//! - the indicators' table and standards problems stop it too; a problem of one school (no pupils
//!   in grades 1–9, no enrollment) only leaves that school out of the indicators
//!   ([`crate::indicators::assess_skipping_schools`]), and is a warning here;
//! - the zones' "0 classrooms but pupils" is a load error already (`io::consistency`); a stage
//!   without schools or demand, and siting without candidates, are skipped per stage by the plan;
//! - the maps and the report degrade per figure (a figure that cannot be drawn is listed).
//!
//! `check` and the plan's check step both call [`preflight`], so "usable" means the plan runs.

use crate::forecast::{self, ForecastError, ForecastInput};
use crate::indicators::{self, Enrollment, IndicatorError};
use crate::model::{Diagnostic, Project, SourceRef};
use crate::options::Options;

/// What the engines would stop on, or skip a school for.
#[derive(Debug, Default)]
pub struct Preflight {
    /// The forecast would stop on this (None: it runs, or there is no history).
    pub forecast: Option<ForecastError>,
    /// The indicators would stop on these (tables or standards).
    pub indicators: Vec<IndicatorError>,
    /// The indicators leave these schools out (one problem each), the others are computed.
    pub schools_left_out: Vec<IndicatorError>,
}

/// Run the engines' input checks on a project with no load errors (with load errors they would
/// only repeat them, so nothing is checked).
pub fn preflight(project: &Project, options: &Options) -> Preflight {
    let mut out = Preflight::default();
    if project.report.has_errors() {
        return out;
    }
    if !project.history.is_empty() {
        let input = ForecastInput::from_project(project, options.forecast.clone());
        out.forecast = forecast::check_inputs(&input).err();
    }
    if !project.resources.is_empty() {
        let enrollment = Enrollment::from_schools_and_students(&project.schools, &project.students);
        let found = indicators::validate(
            &project.schools,
            &project.resources,
            &enrollment,
            &project.settings.standards,
        );
        (out.schools_left_out, out.indicators) =
            found.into_iter().partition(|e| e.only_school().is_some());
    }
    out
}

impl Preflight {
    /// Whether an engine would stop (the plan stops at its check step).
    pub fn stops(&self) -> bool {
        self.forecast.is_some() || !self.indicators.is_empty()
    }

    /// The findings as the project's diagnostics: errors for what stops an engine, warnings for
    /// the schools left out. `forecast_hint` says what to do about a forecast error (the CLI's
    /// wording, which may name its flags).
    pub fn diagnostics(&self, forecast_hint: &dyn Fn(&ForecastError) -> String) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if let Some(e) = &self.forecast {
            let at = forecast_source(e);
            let message = format!("`forecast` would stop on this: {e}");
            out.push(Diagnostic::error(&at, message, forecast_hint(e)));
        }
        for e in &self.indicators {
            let at = e.source().cloned().unwrap_or_else(settings_source);
            let message = format!("`indicators` would stop on this: {e}");
            out.push(Diagnostic::error(
                &at,
                message,
                "correct the value named above",
            ));
        }
        for e in &self.schools_left_out {
            let at = e.source().cloned().unwrap_or_else(settings_source);
            let school = e.only_school().unwrap_or_default();
            let message = format!(
                "the indicators leave school '{school}' out (the other schools are assessed): {e}"
            );
            let hint = "give its enrollment by grade (g1..g9), or drop its resources row";
            out.push(Diagnostic::warning(&at, message, hint));
        }
        out
    }
}

fn settings_source() -> SourceRef {
    SourceRef::new("catchment.toml", 0)
}

/// Where a forecast error is, when it names a row.
fn forecast_source(e: &ForecastError) -> SourceRef {
    match e {
        ForecastError::UnknownSchool { at, .. }
        | ForecastError::GradeNotTaught { at, .. }
        | ForecastError::YearOutOfRange { at, .. }
        | ForecastError::Duplicate { at, .. }
        | ForecastError::UnknownId { at, .. } => at.clone(),
        _ => settings_source(),
    }
}
