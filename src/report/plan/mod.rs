//! `catchment plan`: the whole pipeline, from a loaded project to the report folder.
//!
//! Steps, in order: check, forecast, zones (per level, capacitated), capacity timeline, siting,
//! indicators, maps, report. A project whose data has errors stops at the check step and nothing is
//! written. A step (or a stage of it) whose inputs the project does not have — only some stages, no
//! history, no resources — is skipped and listed in [`PlanSummary::skipped`] with the input it
//! needs; the others still run. The caller (the CLI) gives a fresh staging folder and moves it into place afterwards, so
//! a report folder is never half written.

mod document;
mod engines;
mod headline;
mod maps;
mod model_line;
mod outputs;
mod published;
mod sections;
mod sites_section;
mod skipped;
mod summary;

pub use engines::PlanResults;
pub use skipped::{SkipReason, Skipped};

use super::{Lang, Stamp};
use crate::model::{Diagnostic, Project};
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
}

/// The pipeline's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Check,
    Forecast,
    Zones,
    Capacity,
    Siting,
    Indicators,
    Maps,
    Report,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 8] = [
        Step::Check,
        Step::Forecast,
        Step::Zones,
        Step::Capacity,
        Step::Siting,
        Step::Indicators,
        Step::Maps,
        Step::Report,
    ];

    /// The step's key: its English label, and `step_{key}` in the message catalogue
    /// (`capacity` for the capacity timeline).
    pub fn key(self) -> &'static str {
        match self {
            Step::Capacity => "capacity",
            s => s.label(),
        }
    }

    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Step::Check => "check",
            Step::Forecast => "forecast",
            Step::Zones => "zones",
            Step::Capacity => "capacity timeline",
            Step::Siting => "siting",
            Step::Indicators => "indicators",
            Step::Maps => "maps",
            Step::Report => "report",
        }
    }
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
    #[error("zones draft: {0}")]
    Draft(crate::zones::fixed::FixedError),
    #[error("siting: {0}")]
    Siting(#[from] crate::siting::site::SiteError),
    #[error("indicators: {0}")]
    Indicators(#[from] crate::indicators::InputErrors),
    #[error("maps: {0}")]
    Maps(#[from] crate::map::MapError),
    #[error("{path}: cannot write: {message}")]
    Write { path: String, message: String },
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
    progress(Step::Check);
    if project.report.has_errors() {
        return Err(PlanError::Data(project.report.errors().cloned().collect()));
    }
    let mut results = engines::run_engines(project, opts, progress)?;
    progress(Step::Maps);
    let published = published::publish(project, &results);
    let unpublishable = results
        .zonings
        .iter()
        .zip(&published.zones)
        .filter(|((_, _, drawn), shown)| !drawn.is_empty() && shown.is_empty())
        .map(|((stage, _, _), _)| *stage)
        .collect::<Vec<_>>();
    for stage in unpublishable {
        let reason = SkipReason::ZonesUnpublishable {
            min_pupils: published.note.min_pupils,
        };
        results
            .skipped
            .push(Skipped::new(Step::Maps, Some(stage), reason));
    }
    let figures = maps::draw(project, &results, &published, opts)?;
    progress(Step::Report);
    let files = outputs::write_all(project, &results, &figures, &published, opts, out_dir)?;
    Ok(PlanSummary {
        files,
        skipped: results.skipped.clone(),
    })
}
