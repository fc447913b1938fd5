//! `catchment site`.

use super::common::{
    check_out, commit_out, forecast_hint, hinted, nothing_to_do, out_dir, parse_scenario,
    parse_stage, print_line, print_out, resolve_options,
};
use catchment::forecast::{forecast, Forecast, ForecastInput, ForecastOptions};
use catchment::model::Project;
use catchment::options::Flags;
use catchment::siting::site::{self, SiteError, SiteOptions, SitePlan, SiteProblem};
use catchment::zones::ZoneError;
use std::fmt::Write as _;
use std::path::Path;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// primary, junior or kindergarten.
    #[arg(long)]
    pub level: String,
    /// Forecast years, 1-12 [default: 6, or forecast.horizon].
    #[arg(long)]
    pub horizon: Option<u32>,
    /// mid or high.
    #[arg(long, default_value = "mid")]
    pub scenario: String,
    /// At most this many new schools.
    #[arg(long)]
    pub max_new: Option<u32>,
    /// Output folder [default: DIR/out/site-LEVEL]: new, empty or an earlier site output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also replace an earlier output of another catchment command in --out.
    #[arg(long)]
    pub force: bool,
    /// Print a machine-readable summary to stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let stage = parse_stage(&args.level)?;
    let scenario = parse_scenario(&args.scenario)?;
    let flags = Flags {
        horizon: args.horizon,
        ..Flags::default()
    };
    if let Some(h) = args.horizon {
        catchment::forecast::check_horizon(h)
            .map_err(|e| hinted(format!("--horizon: {e}"), forecast_hint(&e)))?;
    }
    let started = std::time::Instant::now();
    let out = args.out.clone().unwrap_or_else(|| {
        args.dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("out")
            .join(format!("site-{}", stage.as_str()))
    });
    check_out(&out, "site", args.dir.as_deref(), args.force)?;
    let project = super::common::open_project(args.dir.as_deref())?;
    let options = resolve_options(&project, &flags)?;
    if let Err(
        e @ (SiteError::NoSchools { .. }
        | SiteError::Zones(ZoneError::NoSchools { .. } | ZoneError::NoDemand { .. })),
    ) = SiteProblem::check_stage(&project, stage)
    {
        return Ok(nothing_to_do(stage.as_str(), &e.to_string(), args.json));
    }
    let forecast = forecast_for(&project, options.forecast)?;
    let opts = SiteOptions {
        stage,
        scenario,
        max_new: args.max_new,
    };
    let problem = match SiteProblem::build(&project, &forecast, &opts) {
        Ok(p) => p,
        Err(
            e @ (SiteError::NoSchools { .. }
            | SiteError::Zones(ZoneError::NoSchools { .. } | ZoneError::NoDemand { .. })),
        ) => return Ok(nothing_to_do(stage.as_str(), &e.to_string(), args.json)),
        Err(e) => {
            return Err(hinted(
                e.to_string(),
                "check the schools, history and sites tables",
            ))
        }
    };
    let plan = site::solve(&problem);
    let staging = out_dir(&out, "site", args.dir.as_deref(), args.force)?;
    let dir = staging.staging().to_path_buf();
    catchment::report::site::write_outputs(&project, &plan, &dir)
        .map_err(|e| anyhow::anyhow!("{}: cannot write outputs: {e}", out.display()))?;
    let lang = catchment::map::Lang::Zh;
    if plan.new_schools.is_empty() {
        eprintln!("note: no new {stage} school is needed, so there is no sites map");
    } else {
        let (_, png) =
            catchment::map::for_results::sites_map_png(&project, &plan, lang, 1600, None)
                .map_err(|e| anyhow::anyhow!("drawing the sites map: {e}"))?;
        catchment::io::write_atomic(&dir.join("sites.png"), &png).map_err(|e| {
            anyhow::anyhow!("{}: cannot write: {e}", out.join("sites.png").display())
        })?;
    }
    commit_out(staging)?;
    if args.json {
        print_line(serde_json::to_string_pretty(&plan)?)?;
    } else {
        print_out(&summary_text(&plan, started.elapsed().as_secs_f64(), &out))?;
    }
    Ok(if plan.feasible {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// The project's forecast with the run's options, the one the plan is made on.
fn forecast_for(project: &Project, options: ForecastOptions) -> anyhow::Result<Forecast> {
    let hint = "check the schools, history and sites tables";
    forecast(&ForecastInput::from_project(project, options))
        .map_err(|e| hinted(format!("forecast: {e}"), hint))
}

/// The text summary printed after a run.
fn summary_text(plan: &SitePlan, seconds: f64, out: &Path) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} new {} school(s) (lower bound {}); feasible in every year: {}",
        plan.new_schools.len(),
        plan.stage,
        plan.lower_bound_new,
        plan.feasible
    );
    for n in &plan.new_schools {
        let year = n.open_year.map_or("-".to_string(), |y| y.to_string());
        let _ = writeln!(
            s,
            "  {}: {} classes, {} seats, open by {year}",
            n.site_id, n.classes, n.seats
        );
    }
    for a in plan.after.iter().filter(|a| a.seats_short > 0) {
        let _ = writeln!(s, "  {}: still {} seats short", a.year, a.seats_short);
    }
    let _ = writeln!(s, "runtime: {seconds:.2} s");
    let _ = writeln!(s, "written: {}", out.display());
    s
}
