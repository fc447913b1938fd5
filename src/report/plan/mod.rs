//! The planning report of `catchment plan`: from the engines' results ([`PlanResults`]) and the
//! report's input ([`ReportInput`]) to the report folder.
//!
//! The engines are run by [`crate::pipeline`], which builds each engine's problem, runs it and
//! hands the results here; this module only turns them into files: the publishable zones
//! (`published`), the maps, the tables (CSV and `report.xlsx`), the GIS layers, `report.html`
//! and the per-pupil files under `private/`. A step (or a stage of it) whose inputs the project does
//! not have is listed in [`PlanResults::skipped`] with the input it needs, and the report says so.

mod document;
mod headline;
mod maps;
mod model_line;
mod outputs;
mod published;
mod remedies_section;
mod sections;
mod sites_section;
mod skipped;
mod split_off;
mod summary;

pub use skipped::{SkipReason, Skipped};

use super::{Lang, ReportInput, Stamp, Table};
use crate::forecast::{Backtest, Forecast};
use crate::indicators::IndicatorReport;
use crate::model::Stage;
use crate::siting::site::SitePlan;
use crate::zones::{polygons::ZonePolygon, Zoning};
use std::path::Path;

/// Everything the engines produced for the report.
#[derive(Debug, Clone)]
pub struct PlanResults {
    pub situation: Table,
    pub forecast: Option<Forecast>,
    pub backtest: Option<Backtest>,
    /// Per zoned stage: the zoning and its polygons (planar metres). The per-pupil rows and
    /// demand points are not kept (`assignment` and `points` empty, peak memory): the rows are
    /// in `assignments`, the points in the polygons.
    pub zonings: Vec<(Stage, Zoning, Vec<ZonePolygon>)>,
    /// Per zoned stage, in the order of `zonings`: its `assignment.csv` bytes, rendered as soon
    /// as the stage is zoned (a million rows are about 45 MB of CSV and 130 MB of rows).
    pub assignments: Vec<(Stage, Vec<u8>)>,
    pub indicators: Option<IndicatorReport>,
    /// Per stage: new schools (kindergarten mode includes splitting off attached classes).
    pub sites: Vec<SitePlan>,
    /// Steps or parts that had nothing to work on, and the input each needs.
    pub skipped: Vec<Skipped>,
}

/// How to write the report.
#[derive(Debug, Clone, Copy)]
pub struct ReportOptions {
    /// The report's language.
    pub lang: Lang,
    /// The report's one timestamp.
    pub stamp: Stamp,
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

    /// Its place in [`Step::ALL`], from 1.
    pub fn number(self) -> usize {
        Step::ALL
            .iter()
            .position(|s| *s == self)
            .map_or(0, |i| i + 1)
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

/// Why the report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("maps: {0}")]
    Maps(#[from] crate::map::MapError),
    #[error("{path}: cannot write: {message}")]
    Write { path: String, message: String },
}

/// Write the report of `results` into `out_dir` (which should be new and empty); returns the
/// relative names written, sorted. A stage whose zones hold too few pupils to publish any of them
/// is added to `results.skipped`. `progress` is called as the maps and the report steps start.
pub fn write_report(
    input: &ReportInput,
    results: &mut PlanResults,
    opts: &ReportOptions,
    out_dir: &Path,
    progress: &mut dyn FnMut(Step),
) -> Result<Vec<String>, ReportError> {
    progress(Step::Maps);
    let published = published::publish(input, results);
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
    let (figures, failed) = maps::draw(input, results, &published, opts);
    results.skipped.extend(failed);
    progress(Step::Report);
    outputs::write_all(input, results, &figures, &published, opts, out_dir)
}
