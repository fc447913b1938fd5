//! `catchment site`.

use super::common::{hinted, parse_scenario, parse_stage, print_line, print_out};
use catchment::forecast::{forecast, Forecast, ForecastInput};
use catchment::model::Project;
use catchment::siting::site::{self, SiteOptions, SitePlan, SiteProblem};
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
    #[arg(long, default_value_t = 6)]
    pub horizon: u32,
    /// mid or high.
    #[arg(long, default_value = "mid")]
    pub scenario: String,
    /// At most this many new schools.
    #[arg(long)]
    pub max_new: Option<u32>,
    /// Output folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print a machine-readable summary to stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let stage = parse_stage(&args.level)?;
    let scenario = parse_scenario(&args.scenario)?;
    if args.horizon == 0 || args.horizon > 12 {
        return Err(hinted(
            format!("--horizon {}: must be between 1 and 12 years", args.horizon),
            "the forecast reaches at most 12 years; try --horizon 6",
        ));
    }
    let started = std::time::Instant::now();
    let project = super::common::open_project(args.dir.as_deref())?;
    let forecast = forecast_for(&project, args.horizon)?;
    let opts = SiteOptions {
        stage,
        scenario,
        max_new: args.max_new,
    };
    let problem = SiteProblem::build(&project, &forecast, &opts)
        .map_err(|e| hinted(e.to_string(), "check the schools, history and sites tables"))?;
    let plan = site::solve(&problem);
    let out = args.out.clone().unwrap_or_else(|| {
        args.dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("out")
            .join(format!("site-{}", stage.as_str()))
    });
    catchment::report::site::write_outputs(&project, &plan, &out)
        .map_err(|e| anyhow::anyhow!("{}: cannot write outputs: {e}", out.display()))?;
    let lang = catchment::map::Lang::Zh;
    let (_, png) = catchment::map::for_results::sites_map_png(&project, &plan, lang, 1600, None)
        .map_err(|e| anyhow::anyhow!("drawing the sites map: {e}"))?;
    catchment::io::write_atomic(&out.join("sites.png"), &png)
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", out.join("sites.png").display()))?;
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

/// The project's forecast over `horizon` years, the one the plan is made on.
fn forecast_for(project: &Project, horizon: u32) -> anyhow::Result<Forecast> {
    let hint = "check the schools, history and sites tables";
    let mut input =
        ForecastInput::from_project(project).map_err(|e| hinted(format!("forecast: {e}"), hint))?;
    input.options.horizon = horizon;
    forecast(&input).map_err(|e| hinted(format!("forecast: {e}"), hint))
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
