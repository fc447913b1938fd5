//! Running the engines for the plan, each on the project as loaded.

use super::{PlanError, PlanOptions, Step};
use crate::forecast::Scenario;
use crate::forecast::{self, Backtest, Forecast, ForecastInput};
use crate::indicators::{self, Enrollment, IndicatorReport};
use crate::model::{Project, Stage};
use crate::report::{situation_table, Table};
use crate::siting::site::{self, SiteOptions, SitePlan, SiteProblem};
use crate::zones::{self, polygons::ZonePolygon, Method, ZoneOptions, Zoning};

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
    /// Steps or parts that had nothing to work on, and why.
    pub skipped: Vec<String>,
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
    let zonings = run_zones(project, &mut skipped)?;
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
    skipped: &mut Vec<String>,
) -> Result<(Option<Forecast>, Option<Backtest>), PlanError> {
    if project.history.is_empty() {
        skipped.push("forecast: no enrollment history (history.csv) given".to_string());
        return Ok((None, None));
    }
    let mut input = ForecastInput::from_project(project)?;
    input.options.horizon = opts.horizon;
    let f = forecast::forecast(&input)?;
    let b = forecast::backtest(&input)?;
    Ok((Some(f), Some(b)))
}

fn run_zones(
    project: &Project,
    skipped: &mut Vec<String>,
) -> Result<Vec<(Stage, Zoning, Vec<ZonePolygon>)>, PlanError> {
    let mut out = Vec::new();
    for stage in Stage::ALL {
        let has_schools = project.schools.iter().any(|s| s.level.serves(stage));
        let has_students = project.students.iter().any(|s| s.grade.stage() == stage);
        if !has_schools || !has_students {
            skipped.push(format!(
                "zones {stage}: no schools or no students of this stage"
            ));
            continue;
        }
        let opts = ZoneOptions::new(stage, Method::Capacitated);
        let zoning = zones::zone(project, &opts)?;
        let polys = zones::polygons::zone_polygons(project, &zoning);
        out.push((stage, zoning, polys));
    }
    Ok(out)
}

/// Siting for every stage on the plan's one forecast (it is not run again per stage).
fn run_siting(
    project: &Project,
    forecast: Option<&Forecast>,
    skipped: &mut Vec<String>,
) -> Result<Vec<SitePlan>, PlanError> {
    let Some(forecast) = forecast else {
        skipped.push("siting: needs the forecast (history.csv)".to_string());
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for stage in Stage::ALL {
        if !project.schools.iter().any(|s| s.level.serves(stage)) {
            skipped.push(format!("siting {stage}: no schools of this stage"));
            continue;
        }
        let so = SiteOptions {
            stage,
            scenario: Scenario::Mid,
            max_new: None,
        };
        out.push(site::solve(&SiteProblem::build(project, forecast, &so)?));
    }
    Ok(out)
}

fn run_indicators(
    project: &Project,
    skipped: &mut Vec<String>,
) -> Result<Option<IndicatorReport>, PlanError> {
    if project.resources.is_empty() {
        skipped.push("indicators: no resources table (resources.csv) given".to_string());
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
