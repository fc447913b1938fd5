//! `catchment plan`: the whole pipeline, one command, one report folder.

use super::common::{
    check_horizon_flag, commit_out, hinted, open_project, out_dir, print_out, resolve_options,
};
use super::progress::Steps;
use super::site::SiteBar;
use catchment::model::Stage;
use catchment::options::Flags;
use catchment::pipeline::{run_plan_with, PlanError, PlanOptions, Step};
use catchment::report::Stamp;
use catchment::siting::site;
use std::path::PathBuf;
use std::process::ExitCode;

/// Run check, forecast, zones, capacity timeline, siting, indicators, maps and the report, and write
/// the report folder (report.html, report.xlsx, CSVs, GeoJSON and Shapefile layers).
///
/// Without DIR it runs on the built-in Linxi sample. The folder is written in full or not at all: a
/// project with data errors stops at the check step and writes nothing.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// Report folder (default ./catchment-report): new, empty, or an earlier report, which is
    /// replaced once the new one is complete. Never the project folder or a folder with other files.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also replace an earlier output of another catchment command in --out.
    #[arg(long)]
    pub force: bool,
    /// Forecast years, 1–12 [default: 6, or forecast.horizon].
    #[arg(long)]
    pub horizon: Option<u32>,
    /// zh or en.
    #[arg(long, default_value = "zh")]
    pub lang: String,
    /// Report on a draft saved by `catchment serve` (its folder) instead of zoning its level
    /// afresh; repeat for several levels.
    #[arg(long)]
    pub zones: Vec<PathBuf>,
    /// Leave a step out (only `siting`); the report lists it as not run.
    #[arg(long)]
    pub skip: Vec<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Some(lang) = catchment::report::Lang::parse(&args.lang) else {
        return Err(hinted(
            format!("--lang '{}': unknown language", args.lang),
            "use zh or en",
        ));
    };
    let flags = Flags {
        horizon: args.horizon,
        ..Flags::default()
    };
    check_horizon_flag(args.horizon)?;
    let skip = skipped_steps(&args.skip)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("catchment-report"));
    let staging = out_dir(&out, "plan", args.dir.as_deref(), args.force)?;
    let project = open_project(args.dir.as_deref())?;
    let opts = PlanOptions {
        options: resolve_options(&project, &flags)?,
        lang,
        stamp: Stamp::from_env(),
        drafts: read_drafts(&args.zones)?,
        skip,
    };
    let steps = std::cell::RefCell::new(Steps::new(Step::ALL.len()));
    let siting = |stage: Stage| -> Box<dyn site::Progress> {
        let mut steps = steps.borrow_mut();
        steps.interrupt();
        Box::new(PlanSiting {
            stage,
            bar: steps.bar(),
            plain: SiteBar::plain(format!(
                "[{}/{}] siting: {stage}",
                Step::Siting.number(),
                Step::ALL.len()
            )),
        })
    };
    let result = run_plan_with(
        &project,
        &opts,
        staging.staging(),
        &mut |s: Step| steps.borrow_mut().start(s.label()),
        &siting,
    );
    steps.borrow_mut().finish();
    let summary = match result {
        Ok(s) => s,
        Err(e) => return Err(plan_error(e)),
    };
    commit_out(staging)?;
    let warnings = project
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity == catchment::model::Severity::Warning)
        .count();
    if warnings > 0 {
        eprintln!(
            "warning: the project data has {warnings} warning(s), listed in problems.csv \
             (`catchment check DIR` prints them)"
        );
    }
    for s in &summary.skipped {
        let tag = if s.school().is_some() {
            "warning"
        } else {
            "note"
        };
        eprintln!("{tag}: {}", s.line(catchment::map::Lang::En));
    }
    let (private, published): (Vec<&String>, Vec<&String>) = summary
        .files
        .iter()
        .partition(|f| f.starts_with("private/"));
    let mut text = format!(
        "wrote {} files to {}:\n",
        summary.files.len(),
        out.display()
    );
    for f in published {
        text.push_str(&format!("  {f}\n"));
    }
    if !private.is_empty() {
        let private_dir = out.join("private");
        text.push_str(&format!(
            "not for publication (per-pupil data), in {}:\n",
            private_dir.display()
        ));
        for f in private {
            text.push_str(&format!("  {f}\n"));
        }
    }
    print_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The steps of `--skip`: only siting may be left out (every other step feeds the report).
fn skipped_steps(names: &[String]) -> anyhow::Result<Vec<Step>> {
    names
        .iter()
        .map(|n| match n.as_str() {
            "siting" => Ok(Step::Siting),
            _ => Err(hinted(
                format!("--skip '{n}': this step cannot be left out"),
                "use --skip siting (the other steps feed the report)",
            )),
        })
        .collect()
}

/// The drafts of `--zones`, one per level.
fn read_drafts(dirs: &[PathBuf]) -> anyhow::Result<Vec<catchment::zones::fixed::UnitZones>> {
    let mut out: Vec<catchment::zones::fixed::UnitZones> = Vec::new();
    for dir in dirs {
        let draft = catchment::serve::save::read_draft(dir).map_err(|e| {
            hinted(
                format!("--zones {e}"),
                "give the folder of a draft saved by `catchment serve`",
            )
        })?;
        if out.iter().any(|d| d.stage == draft.zones.stage) {
            return Err(hinted(
                format!("--zones: two drafts of level {}", draft.zones.stage),
                "give one draft per level",
            ));
        }
        out.push(draft.zones);
    }
    Ok(out)
}

fn plan_error(e: PlanError) -> anyhow::Error {
    if let PlanError::Data(diags) = &e {
        for d in diags {
            eprintln!("{d}");
        }
    }
    hinted(
        e.to_string(),
        "nothing was written; `catchment check DIR` lists every problem",
    )
}

/// The siting step's own steps in a plan: on a terminal, the plan's bar shows them as its
/// message; otherwise one plain line each with its time.
struct PlanSiting {
    stage: Stage,
    bar: Option<indicatif::ProgressBar>,
    plain: SiteBar,
}

impl site::Progress for PlanSiting {
    fn step(&self, label: &str, total: u64) {
        match &self.bar {
            Some(bar) => bar.set_message(format!("siting {}: {label}", self.stage)),
            None => self.plain.step(label, total),
        }
    }
    fn advance(&self, _n: u64) {}
}
