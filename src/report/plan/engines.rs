//! Running the engines for the plan, each on the project as loaded.

use super::skipped::{SkipReason, Skipped};
use super::{PlanError, PlanOptions, Step};
use crate::forecast::Scenario;
use crate::forecast::{self, Backtest, Forecast, ForecastInput};
use crate::indicators::{self, Enrollment, IndicatorReport};
use crate::model::{Project, Stage};
use crate::report::{situation_table, Table};
use crate::siting::site::{self, SiteError, SiteOptions, SitePlan, SiteProblem};
use crate::zones::{self, polygons::ZonePolygon, Method, ZoneError, Zoning};

/// Everything the engines produced for the report.
#[derive(Debug, Clone)]
pub struct PlanResults {
    pub situation: Table,
    pub forecast: Option<Forecast>,
    pub backtest: Option<Backtest>,
    /// Per zoned stage: the zoning and its polygons (planar metres).
    pub zonings: Vec<(Stage, Zoning, Vec<ZonePolygon>)>,
    pub indicators: Option<IndicatorReport>,
    /// Per stage: new schools (kindergarten mode includes splitting off attached classes).
    pub sites: Vec<SitePlan>,
    /// Steps or parts that had nothing to work on, and the input each needs.
    pub skipped: Vec<Skipped>,
}

/// Run forecast, zones, capacity, siting and indicators.
pub fn run_engines(
    project: &Project,
    opts: &PlanOptions,
    progress: &mut dyn FnMut(Step),
) -> Result<PlanResults, PlanError> {
    let mut skipped = Vec::new();
    progress(Step::Forecast);
    let (forecast, backtest) = run_forecast(project, opts, &mut skipped)?;
    progress(Step::Zones);
    let zonings = run_zones(project, opts, &mut skipped)?;
    progress(Step::Capacity);
    let situation = situation_table(project);
    progress(Step::Siting);
    let sites = run_siting(project, forecast.as_ref(), &mut skipped)?;
    progress(Step::Indicators);
    let indicators = run_indicators(project, &mut skipped)?;
    Ok(PlanResults {
        situation,
        forecast,
        backtest,
        zonings,
        indicators,
        sites,
        skipped,
    })
}

fn run_forecast(
    project: &Project,
    opts: &PlanOptions,
    skipped: &mut Vec<Skipped>,
) -> Result<(Option<Forecast>, Option<Backtest>), PlanError> {
    if project.history.is_empty() {
        skipped.push(Skipped::new(Step::Forecast, None, SkipReason::NoHistory));
        return Ok((None, None));
    }
    let input = ForecastInput::from_project(project, opts.options.forecast.clone());
    let f = forecast::forecast(&input)?;
    let b = forecast::backtest(&input)?;
    Ok((Some(f), Some(b)))
}

fn run_zones(
    project: &Project,
    plan: &PlanOptions,
    skipped: &mut Vec<Skipped>,
) -> Result<Vec<(Stage, Zoning, Vec<ZonePolygon>)>, PlanError> {
    let mut out = Vec::new();
    for stage in Stage::ALL {
        let opts = plan.options.zone_options(stage, Method::Capacitated);
        let zoning = match zones::zone(project, &opts) {
            Ok(z) if z.summary.students_total == 0 => {
                skipped.push(Skipped::new(Step::Zones, Some(stage), SkipReason::NoDemand));
                continue;
            }
            Ok(z) => z,
            Err(ZoneError::NoSchools { .. }) => {
                let reason = SkipReason::NoSchools {
                    pupils: pupils_of(project, stage),
                };
                skipped.push(Skipped::new(Step::Zones, Some(stage), reason));
                continue;
            }
            Err(ZoneError::NoDemand { .. }) => {
                skipped.push(Skipped::new(Step::Zones, Some(stage), SkipReason::NoDemand));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let polys = zones::polygons::zone_polygons(project, &zoning);
        if polys.is_empty() {
            skipped.push(Skipped::new(
                Step::Maps,
                Some(stage),
                SkipReason::NoZonePolygons,
            ));
        }
        out.push((stage, zoning, polys));
    }
    Ok(out)
}

/// Pupils of `stage` in the students table.
fn pupils_of(project: &Project, stage: Stage) -> u64 {
    project
        .students
        .iter()
        .filter(|s| s.grade.stage() == stage)
        .count() as u64
}

/// Siting for every stage on the plan's one forecast (it is not run again per stage).
fn run_siting(
    project: &Project,
    forecast: Option<&Forecast>,
    skipped: &mut Vec<Skipped>,
) -> Result<Vec<SitePlan>, PlanError> {
    let Some(forecast) = forecast else {
        skipped.push(Skipped::new(Step::Siting, None, SkipReason::NeedsForecast));
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for stage in Stage::ALL {
        let so = SiteOptions {
            stage,
            scenario: Scenario::Mid,
            max_new: None,
        };
        let reason = match SiteProblem::build(project, forecast, &so) {
            Ok(p) => {
                out.push(site::solve(&p));
                continue;
            }
            Err(SiteError::NoSchools { .. } | SiteError::Zones(ZoneError::NoSchools { .. })) => {
                SkipReason::NoSchools {
                    pupils: pupils_of(project, stage),
                }
            }
            Err(SiteError::Zones(ZoneError::NoDemand { .. })) => SkipReason::NoDemand,
            Err(SiteError::NoCandidates { spacing_m, .. }) => {
                SkipReason::NoCandidates { spacing_m }
            }
            Err(e) => return Err(e.into()),
        };
        skipped.push(Skipped::new(Step::Siting, Some(stage), reason));
    }
    Ok(out)
}

fn run_indicators(
    project: &Project,
    skipped: &mut Vec<Skipped>,
) -> Result<Option<IndicatorReport>, PlanError> {
    if project.resources.is_empty() {
        skipped.push(Skipped::new(
            Step::Indicators,
            None,
            SkipReason::NoResources,
        ));
        return Ok(None);
    }
    let enrollment = Enrollment::from_schools_and_students(&project.schools, &project.students);
    let report = indicators::assess(
        &project.schools,
        &project.resources,
        &enrollment,
        &project.settings.standards,
    )?;
    Ok(Some(report))
}
