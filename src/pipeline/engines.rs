//! Running the engines for the plan: each engine's problem built from the project by the engine's
//! own builder, then solved.

use super::{PlanError, PlanOptions, PlanResults, SkipReason, Skipped, Step};
use crate::forecast::Scenario;
use crate::forecast::{self, Backtest, Forecast, ForecastInput};
use crate::indicators::{self, Enrollment, IndicatorError, IndicatorReport};
use crate::model::{Project, Stage};
use crate::report::situation_table;
use crate::siting::site::{self, SiteError, SiteOptions, SitePlan, SiteProblem};
use crate::zones::{self, polygons::ZonePolygon, Method, ZoneError, ZoneInput, Zoning};

/// Run forecast, zones, capacity, siting and indicators.
pub fn run_engines(
    project: &Project,
    opts: &PlanOptions,
    progress: &mut dyn FnMut(Step),
    siting: &super::SitingProgress,
) -> Result<PlanResults, PlanError> {
    let mut skipped = Vec::new();
    progress(Step::Forecast);
    let (forecast, backtest) = run_forecast(project, opts, &mut skipped)?;
    progress(Step::Zones);
    let (zonings, assignments) = run_zones(project, opts, &mut skipped)?;
    progress(Step::Capacity);
    let situation = situation_table(&project.schools, &project.settings.standards);
    progress(Step::Siting);
    let sites = if opts.skip.contains(&Step::Siting) {
        skipped.push(Skipped::new(Step::Siting, None, SkipReason::NotRequested));
        Vec::new()
    } else {
        run_siting(project, forecast.as_ref(), &mut skipped, siting)?
    };
    progress(Step::Indicators);
    let indicators = run_indicators(project, &mut skipped)?;
    Ok(PlanResults {
        situation,
        forecast,
        backtest,
        zonings,
        assignments,
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
) -> Result<ZonedStages, PlanError> {
    let input = ZoneInput::from_project(project);
    let mut out = Vec::new();
    let mut assignments = Vec::new();
    for stage in Stage::ALL {
        let opts = plan.options.zone_options(stage, Method::Capacitated);
        let zoning = match zone_stage(input, &project.planar, plan, &opts)? {
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
        let polys = zones::polygons::zone_polygons(&input, &zoning);
        if polys.is_empty() {
            skipped.push(Skipped::new(
                Step::Maps,
                Some(stage),
                SkipReason::NoZonePolygons,
            ));
        }
        // The per-pupil rows as CSV bytes now, the rows and points dropped: the plan holds
        // three stages' zonings while it sites (peak memory at a million pupils).
        assignments.push((stage, zones::write::assignment_csv(&zoning)?));
        let mut zoning = zoning;
        zoning.assignment = Vec::new();
        zoning.points = Vec::new();
        out.push((stage, zoning, polys));
    }
    Ok((out, assignments))
}

/// Per zoned stage: its zoning and polygons, and its `assignment.csv` bytes.
type ZonedStages = (
    Vec<(Stage, Zoning, Vec<ZonePolygon>)>,
    Vec<(Stage, Vec<u8>)>,
);

/// The stage's zoning: the planner's draft when one is given, else the capacitated engine.
fn zone_stage(
    input: ZoneInput,
    planar: &crate::crs::PlanarCrs,
    plan: &PlanOptions,
    opts: &zones::ZoneOptions,
) -> Result<Result<Zoning, ZoneError>, PlanError> {
    match plan.drafts.iter().find(|d| d.stage == opts.stage) {
        None => Ok(zones::zone(input, opts)),
        Some(d) => match zones::fixed::zone_by_units(input, planar, opts, d) {
            Ok(z) => Ok(Ok(z)),
            Err(zones::fixed::FixedError::Zone(e)) => Ok(Err(e)),
            Err(e) => Err(PlanError::Draft(e)),
        },
    }
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
    siting: &super::SitingProgress,
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
        let told = siting(stage);
        told.step("building the problem (demand per year, candidates)", 1);
        let reason = match SiteProblem::build(project, forecast, &so) {
            Ok(p) => {
                let mut plan = site::solve_with(&p, told.as_ref());
                // The final year's problem is for the `site` command's zone files; the plan's
                // report does not draw them, and it holds the year's pupil groups (peak memory).
                plan.final_problem = None;
                out.push(plan);
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
    let (report, left_out) = indicators::assess_skipping_schools(
        &project.schools,
        &project.resources,
        &enrollment,
        &project.settings.standards,
    )?;
    for e in left_out {
        let reason = match e {
            IndicatorError::NoStudents { school_id, .. } => {
                SkipReason::SchoolNoPupils { school_id }
            }
            IndicatorError::NoEnrollment { school_id, .. } => {
                SkipReason::SchoolNoEnrollment { school_id }
            }
            _ => continue,
        };
        skipped.push(Skipped::new(Step::Indicators, None, reason));
    }
    Ok(Some(report))
}
