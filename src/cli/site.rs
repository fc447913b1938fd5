//! `catchment site`.

use super::common::{
    check_horizon_flag, check_out, commit_out, hinted, nothing_to_do, out_dir, parse_scenario,
    parse_stage, print_line, print_out, resolve_options,
};
use catchment::forecast::{forecast, Forecast, ForecastInput, ForecastOptions};
use catchment::model::Project;
use catchment::options::Flags;
use catchment::siting::site::{self, SiteError, SiteOptions, SitePlan, SiteProblem};
use catchment::zones::ZoneError;
use indicatif::ProgressBar;
use std::fmt::Write as _;
use std::io::Write as _;
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
    check_horizon_flag(args.horizon)?;
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
    if let Err(e) = SiteProblem::check_stage(&project, stage) {
        return match e {
            SiteError::NoSchools { .. }
            | SiteError::Zones(ZoneError::NoSchools { .. } | ZoneError::NoDemand { .. }) => {
                Ok(nothing_to_do(stage.as_str(), &e.to_string(), args.json))
            }
            e => Err(hinted(
                e.to_string(),
                "check the schools and students tables",
            )),
        };
    }
    let opts = SiteOptions {
        stage,
        scenario,
        max_new: args.max_new,
    };
    let plan = plan_for(&project, &opts, options.forecast)?;
    let staging = out_dir(&out, "site", args.dir.as_deref(), args.force)?;
    let dir = staging.staging().to_path_buf();
    let today = catchment::zones::ZoneInput::from_project(&project);
    catchment::report::site::write_outputs(&today, &project.planar, &plan, &dir)
        .map_err(|e| anyhow::anyhow!("{}: cannot write outputs: {e}", out.display()))?;
    let lang = catchment::map::Lang::Zh;
    // "No new school is needed" is drawn too: the existing schools, no star.
    let layers = catchment::map::MapLayers::from_project(&project, Some(plan.stage));
    let (_, png) =
        catchment::map::for_results::sites_map_png(&layers, &project.name, &plan, lang, 1600, None)
            .map_err(|e| anyhow::anyhow!("drawing the sites map: {e}"))?;
    catchment::io::write_atomic(&dir.join("sites.png"), &png)
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", out.join("sites.png").display()))?;
    commit_out(staging)?;
    if args.json {
        print_line(serde_json::to_string_pretty(&plan)?)?;
    } else {
        print_out(&summary_text(&plan, started.elapsed().as_secs_f64(), &out))?;
    }
    if plan.feasible {
        return Ok(ExitCode::SUCCESS);
    }
    // The outputs say where and by how much; the exit code says the caps are not met.
    eprintln!(
        "error: the {stage} plan cannot meet the caps even with every remedy: seats short by year: {}",
        shortage_by_year(&plan)
    );
    eprintln!(
        "hint: the outputs in {} show the shortage by area; allow more new schools (--max-new), add candidate sites or expandable classrooms",
        out.display()
    );
    Ok(ExitCode::FAILURE)
}

/// "2027: 120, 2028: 340" over the years still short after the plan.
fn shortage_by_year(plan: &SitePlan) -> String {
    plan.after
        .iter()
        .filter(|a| a.seats_short > 0)
        .map(|a| format!("{}: {}", a.year, a.seats_short))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The siting plan of `opts.stage` on the project's forecast made with `options` (also used by
/// `catchment map --kind sites`).
pub fn plan_for(
    project: &Project,
    opts: &SiteOptions,
    options: ForecastOptions,
) -> anyhow::Result<SitePlan> {
    let bar = SiteBar::new(opts.stage.as_str());
    site::Progress::step(&bar, "forecast", 1);
    let forecast = forecast_for(project, options)?;
    site::Progress::step(
        &bar,
        "building the problem (demand per year, candidates)",
        1,
    );
    let problem = SiteProblem::build(project, &forecast, opts)
        .map_err(|e| hinted(e.to_string(), "check the schools, history and sites tables"))?;
    let plan = site::solve_with(&problem, &bar);
    bar.finish();
    Ok(plan)
}

/// The siting engine's progress: an indicatif bar on a terminal; otherwise one plain line per
/// step on stderr with its elapsed time (`site kindergarten: locating new sites … 1.2 s`), so a
/// log shows which step a long run is in and what each step cost.
pub struct SiteBar {
    bar: Option<ProgressBar>,
    /// Off a terminal: the prefix of each line, and the step open now with its start.
    prefix: String,
    open: std::sync::Mutex<Option<std::time::Instant>>,
}

impl SiteBar {
    /// A bar (or plain lines) for the siting of `stage`.
    pub fn new(stage: &str) -> SiteBar {
        SiteBar {
            bar: super::progress::terminal_bar(0),
            prefix: format!("site {stage}"),
            open: std::sync::Mutex::new(None),
        }
    }

    /// Plain lines only, each starting with `prefix` (`[5/8] siting: kindergarten`), for a caller
    /// that draws its own bar.
    pub fn plain(prefix: String) -> SiteBar {
        SiteBar {
            bar: None,
            prefix,
            open: std::sync::Mutex::new(None),
        }
    }

    /// The run has finished: end the open line, clear the bar.
    pub fn finish(&self) {
        self.close();
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn close(&self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t0) = open.take() {
            eprintln!(" {:.1} s", t0.elapsed().as_secs_f64());
        }
    }
}

impl Drop for SiteBar {
    fn drop(&mut self) {
        self.close();
    }
}

impl site::Progress for SiteBar {
    fn step(&self, label: &str, total: u64) {
        match &self.bar {
            Some(bar) => {
                bar.set_length(total);
                bar.set_position(0);
                bar.set_message(label.to_string());
            }
            None => {
                self.close();
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "{}: {label} …", self.prefix);
                let _ = err.flush();
                *self.open.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some(std::time::Instant::now());
            }
        }
    }
    fn advance(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }
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
    if plan.feasible && plan.new_schools.is_empty() {
        let _ = writeln!(
            s,
            "no new {} school is needed: every cap holds in every forecast year",
            plan.stage
        );
    } else {
        let _ = writeln!(
            s,
            "{} new {} school(s) (lower bound {}); feasible in every year: {}",
            plan.new_schools.len(),
            plan.stage,
            plan.lower_bound_new,
            plan.feasible
        );
    }
    for n in &plan.new_schools {
        let year = n.open_year.map_or("-".to_string(), |y| y.to_string());
        let village = n.place.village.as_deref().unwrap_or("-");
        let _ = writeln!(
            s,
            "  {} ({village}): {} classes, {} seats, {:.0} yuan, open by {year}",
            n.site_id, n.classes, n.seats, n.cost_yuan
        );
    }
    if let Some(first) = plan.interim.first() {
        let by: Vec<String> = plan
            .interim
            .iter()
            .map(|i| format!("{}: {}", i.year, i.seats_short))
            .collect();
        let _ = writeln!(
            s,
            "  short from {}: interim measures needed (seats short {})",
            first.year,
            by.join(", ")
        );
    }
    let interim = |y: i32| plan.interim.iter().any(|i| i.year == y);
    for a in plan
        .after
        .iter()
        .filter(|a| a.seats_short > 0 && !interim(a.year))
    {
        let _ = writeln!(s, "  {}: still {} seats short", a.year, a.seats_short);
    }
    if !plan.tradeoff.reason.is_empty() {
        let _ = writeln!(s, "  recommended: {}", plan.tradeoff.reason);
    }
    let _ = writeln!(s, "runtime: {seconds:.2} s");
    let _ = writeln!(s, "written: {}", out.display());
    s
}
