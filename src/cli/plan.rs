//! `catchment plan`: the whole pipeline, one command, one report folder.

use super::common::{hinted, open_project};
use catchment::report::plan::{run_plan, PlanError, PlanOptions, Step};
use catchment::report::Stamp;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
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
    /// Report folder (default ./catchment-report).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Forecast years (1–12).
    #[arg(long, default_value_t = 6)]
    pub horizon: u32,
    /// zh or en.
    #[arg(long, default_value = "zh")]
    pub lang: String,
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(Step::ALL.len() as u64);
    if !std::io::stdout().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let style = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Some(lang) = catchment::report::Lang::parse(&args.lang) else {
        return Err(hinted(
            format!("--lang '{}': unknown language", args.lang),
            "use zh or en",
        ));
    };
    if !(1..=12).contains(&args.horizon) {
        return Err(hinted(
            format!("--horizon {}: out of range", args.horizon),
            "use 1 to 12 years",
        ));
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("catchment-report"));
    let project = open_project(args.dir.as_deref())?;
    let opts = PlanOptions {
        horizon: args.horizon,
        lang,
        stamp: Stamp::from_env(),
    };
    let staging = staging_dir(&out)?;
    let bar = progress_bar();
    let mut on_step = |s: Step| {
        bar.set_message(s.label());
        bar.inc(1);
    };
    let result = run_plan(&project, &opts, &staging, &mut on_step);
    bar.finish_and_clear();
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(plan_error(e));
        }
    };
    replace_dir(&staging, &out)?;
    for s in &summary.skipped {
        eprintln!("note: {s}");
    }
    let (private, published): (Vec<&String>, Vec<&String>) = summary
        .files
        .iter()
        .partition(|f| f.starts_with("private/"));
    println!("wrote {} files to {}:", summary.files.len(), out.display());
    for f in published {
        println!("  {f}");
    }
    if !private.is_empty() {
        println!(
            "not for publication (per-pupil data), in {}:",
            out.join("private").display()
        );
        for f in private {
            println!("  {f}");
        }
    }
    Ok(ExitCode::SUCCESS)
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

/// A fresh, empty folder beside `out`.
fn staging_dir(out: &Path) -> anyhow::Result<PathBuf> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| {
        hinted(
            format!("{}: cannot create: {e}", parent.display()),
            "check the --out path",
        )
    })?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| {
        hinted(
            format!("{}: cannot create: {e}", staging.display()),
            "check the --out path",
        )
    })?;
    Ok(staging)
}

/// Move the finished `staging` folder to `out`, replacing an earlier report there.
fn replace_dir(staging: &Path, out: &Path) -> anyhow::Result<()> {
    let old = staging.with_extension("old");
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| {
            hinted(
                format!("{}: cannot replace: {e}", out.display()),
                "close files open in the folder",
            )
        })?;
    }
    std::fs::rename(staging, out).map_err(|e| {
        hinted(
            format!("{}: cannot write: {e}", out.display()),
            "check the --out path",
        )
    })?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}
