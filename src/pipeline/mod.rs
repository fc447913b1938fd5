//! `catchment plan`: the whole pipeline, from a loaded project to the report folder.
//!
//! This is the library's application layer, like the CLI above it: besides `io`, `model` and the
//! engines' input and problem builders it is the only place that sees the [`Project`]. It builds
//! each engine's problem from the project, runs the engines, builds the report's input once
//! ([`ReportInput::from_project`]) and hands both to [`crate::report::plan`], which writes the files.
//! Engines and the report never see the project, and nothing below this module calls into it.
//!
//! Steps, in order: check, forecast, zones (per level, capacitated), capacity timeline, siting,
//! indicators, maps, report. A project whose data has errors stops at the check step and nothing is
//! written. A step (or a stage of it) whose inputs the project does not have — only some stages, no
//! history, no resources — is skipped and listed in [`PlanSummary::skipped`] with the input it
//! needs; the others still run. What an engine would stop on is found at the check step
//! ([`preflight`]); a problem of one school leaves only that school out (listed as skipped). The caller (the CLI) gives a fresh staging folder and moves it into
//! place afterwards, so a report folder is never half written.

mod engines;
pub mod preflight;

pub use crate::report::plan::{PlanResults, SkipReason, Skipped, Step};

use crate::model::{Diagnostic, Project, Severity, Stage};
use crate::report::plan::{write_report, ReportError, ReportOptions};
use crate::report::{Lang, ReportInput, Stamp};
use crate::siting::site::{Progress, Silent};
use std::path::Path;

/// How to run the plan.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// The engines' options, resolved once from `catchment.toml` and the command line.
    pub options: crate::options::Options,
    /// The report's language.
    pub lang: Lang,
    /// The report's one timestamp.
    pub stamp: Stamp,
    /// Planner's drafts (`plan --zones DRAFT`): a stage with a draft is reported as drafted,
    /// not zoned afresh.
    pub drafts: Vec<crate::zones::fixed::UnitZones>,
    /// Steps left out on request (only siting can be: the others feed the report); each is
    /// listed as skipped.
    pub skip: Vec<Step>,
}

/// Why the plan stopped.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("the project data has {} error(s); the plan stopped at the check step", .0.len())]
    Data(Vec<Diagnostic>),
    #[error("forecast: {0}")]
    Forecast(#[from] crate::forecast::ForecastError),
    #[error("zones: {0}")]
    Zones(#[from] crate::zones::ZoneError),
    /// Rendering a stage's pupil assignment as CSV bytes.
    #[error("zones: {0}")]
    ZoneFiles(#[from] crate::zones::write::WriteError),
    #[error("zones draft: {0}")]
    Draft(crate::zones::fixed::FixedError),
    #[error("siting: {0}")]
    Siting(#[from] crate::siting::site::SiteError),
    #[error("indicators: {0}")]
    Indicators(#[from] crate::indicators::InputErrors),
    /// Drawing the maps or writing the report's files.
    #[error(transparent)]
    Report(#[from] ReportError),
}

/// What a finished plan wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSummary {
    /// Files written, relative to the report folder, sorted.
    pub files: Vec<String>,
    /// Steps that had nothing to work on, and the input each needs (e.g. no history → no
    /// forecast).
    pub skipped: Vec<Skipped>,
}

/// Run every step on `project`, writing the report into `out_dir` (which should be new and empty).
/// `progress` is called as each step starts.
pub fn run_plan(
    project: &Project,
    opts: &PlanOptions,
    out_dir: &Path,
    progress: &mut dyn FnMut(Step),
) -> Result<PlanSummary, PlanError> {
    run_plan_with(project, opts, out_dir, progress, &|_| Box::new(Silent))
}

/// What tells the siting of one stage's steps to the caller (a bar, a log line per step).
pub type SitingProgress<'a> = dyn Fn(Stage) -> Box<dyn Progress + 'a> + 'a;

/// [`run_plan`], with the siting of each stage telling `siting(stage)` of its steps: the
/// siting step is the long one on a large county, and a log should show where it is.
pub fn run_plan_with(
    project: &Project,
    opts: &PlanOptions,
    out_dir: &Path,
    progress: &mut dyn FnMut(Step),
    siting: &SitingProgress,
) -> Result<PlanSummary, PlanError> {
    progress(Step::Check);
    if project.report.has_errors() {
        return Err(PlanError::Data(project.report.errors().cloned().collect()));
    }
    let pre = preflight::preflight(project, &opts.options);
    if pre.stops() {
        let plain = |_: &crate::forecast::ForecastError| {
            "correct the row or the option named above and run again".to_string()
        };
        let diags = pre.diagnostics(&plain);
        let errors = diags.into_iter().filter(|d| d.severity == Severity::Error);
        return Err(PlanError::Data(errors.collect()));
    }
    let mut results = engines::run_engines(project, opts, progress, siting)?;
    let input = ReportInput::from_project(project);
    let report = ReportOptions {
        lang: opts.lang,
        stamp: opts.stamp,
    };
    let files = write_report(&input, &mut results, &report, out_dir, progress)?;
    Ok(PlanSummary {
        files,
        skipped: results.skipped,
    })
}
