//! `catchment forecast`: enrollment by school, grade and year, with scenarios, class implications
//! and (with `--backtest`) the model's accuracy on the county's own history.

use super::common::{
    commit_out, forecast_error, hinted, out_dir, print_line, print_out, resolve_options,
};
use anyhow::Context;
use catchment::forecast::{self, backtest, output, ForecastInput};
use catchment::io::write_csv_bom;
use catchment::map::from_forecast::ChartSchools;
use catchment::options::Flags;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const LONG_ABOUT: &str = "\
Forecast enrollment by school, grade and year, with a low/mid/high band, what it means for classes, \
and with --backtest the model's own accuracy.

Method:
  1. Candidate models: cohort survival (grade progression ratios N(g+1, y) / N(g, y-1) per school, \
averaged over 2, 3 or 5 years as ratio of sums or mean of ratios, shrunk toward the county ratio \
with weight n/(n+k), n pupils, k = forecast.shrinkage, 20), undamped or damped toward 1 or the county ratio as the horizon \
grows, entry from the window or from last year's intake), textbook 3-year cohort survival \
(textbook_csr3), persistence, and a blend of the best three.
  2. The model is chosen by rolling-origin backtest on the project's own history up to the base \
year, separately for stable schools and for changing ones (new, growing, or whose grades changed); \
--model NAME (or forecast.model) forces one. The forecast prints the model, its backtested \
school-level MAPE by horizon and the two baselines beside it.
  3. Entry grades: grade 1 = entry ratio x births six years earlier (blended across the age \
cut-off `entry_cutoff`); K1 = births three years earlier. Without births the lowest grade follows \
its own recent intake and grade 1 follows K3 where the school has one. Grade 7 = ratio x grade 6 \
of the feeder schools the year before.
  4. Shapes: a school adding a grade a year keeps growing; one that stopped its intake has no entry \
grade; grades a school never had stay 0. Kindergarten rows at a primary school are its attached \
kindergarten classes and are forecast.
  5. Housing: homes x students_per_100_homes by stage, from the completion year, at the nearest \
school of each stage.
  6. Band: low/high = mid x the P10/P90 of actual / forecast in the chosen model's backtest at each \
horizon; its out-of-sample coverage is printed.
  7. Classes per school and year: classes needed per grade at the caps, first year short of \
classrooms or over the size cap, large (>=56) and very large (>=66) classes if no room is added.
  8. Backtest: from every base year with enough history, forecast 1-5 years and compare: MAPE and \
mean signed error at county, school and school x grade level, beside persistence and textbook \
cohort survival.

Missing years, new schools, closed schools and added or dropped grades are handled; impossible rows \
(unknown school, grade not taught, year out of range, duplicates) stop with file:line.

Outputs in OUT (default DIR/out/forecast): forecast.csv, capacity_timeline.csv, backtest.csv, \
and charts/county.png plus charts/<school_id>.png (students and classes against capacity) for the \
schools at risk (--charts all: every school).
Options: [options] forecast.model, forecast.shrinkage, forecast.smoothing, forecast.horizon, \
forecast.base_year, forecast.max_gap_years, forecast.housing_ramp_years, forecast.quantile_low, \
forecast.quantile_high, forecast.feeder (learn|nearest), forecast.feeder_prior, \
forecast.backtest_min_years, forecast.window (used only when the history is too short to \
backtest) in catchment.toml.";

/// Forecast enrollment by school, grade and year.
#[derive(Debug, clap::Args)]
#[command(after_long_help = LONG_ABOUT)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// Years to forecast, 1-12 [default: 6, or forecast.horizon].
    #[arg(long)]
    pub horizon: Option<u32>,
    /// Base year; defaults to the last year in the history.
    #[arg(long)]
    pub base_year: Option<i32>,
    /// Use this model instead of the one the backtest chooses (e.g. cohort_sum3, persistence,
    /// textbook_csr3, blend; an unknown name lists them all).
    #[arg(long)]
    pub model: Option<String>,
    /// Also backtest the model on the history: write backtest.csv and print it.
    #[arg(long)]
    pub backtest: bool,
    /// Output folder [default: DIR/out/forecast]: new, empty or an earlier forecast output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also replace an earlier output of another catchment command in --out.
    #[arg(long)]
    pub force: bool,
    /// Print a machine-readable summary to stdout instead of the text summary.
    #[arg(long)]
    pub json: bool,
    /// Which schools get a chart in charts/: at-risk (short of classrooms or over the size cap in
    /// the mid scenario), all, or none. The county chart is always drawn.
    #[arg(long, default_value = "at-risk")]
    pub charts: String,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Some(charts) = ChartSchools::parse(&args.charts) else {
        return Err(hinted(
            format!("--charts '{}': unknown choice", args.charts),
            "use at-risk, all or none",
        ));
    };
    let out = args.out.clone().unwrap_or_else(|| {
        args.dir
            .clone()
            .unwrap_or_default()
            .join("out")
            .join("forecast")
    });
    let staging = out_dir(&out, "forecast", args.dir.as_deref(), args.force)?;
    let dir = staging.staging().to_path_buf();
    let project = super::common::open_project(args.dir.as_deref())?;
    let flags = Flags {
        horizon: args.horizon,
        base_year: args.base_year,
        model: args.model.clone(),
    };
    let options = resolve_options(&project, &flags)?;
    let input = ForecastInput::from_project(&project, options.forecast);
    let result = forecast::forecast(&input).map_err(forecast_error)?;
    write(&dir.join("forecast.csv"), &output::forecast_rows(&result))?;
    write(
        &dir.join("capacity_timeline.csv"),
        &output::timeline_rows(&result),
    )?;
    let charts = catchment::map::from_forecast::forecast_chart_pngs(
        &result,
        &project.settings.standards,
        catchment::map::Lang::Zh,
        (1200, 700),
        charts,
    )
    .context("drawing the forecast charts")?;
    for (file, png) in &charts {
        let path = dir.join("charts").join(file);
        catchment::io::write_atomic(&path, png)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let bt = if args.backtest {
        let bt = backtest::backtest(&input).map_err(forecast_error)?;
        write(&dir.join("backtest.csv"), &backtest::backtest_rows(&bt))?;
        Some(bt)
    } else {
        None
    };
    commit_out(staging)?;
    let summary = output::summary(&result);
    if args.json {
        let json = serde_json::json!({
            "project": project.name,
            "forecast": summary,
            "model": result.selection,
            "backtest": bt
        });
        print_line(serde_json::to_string_pretty(&json)?)?;
    } else {
        let mut text = format!("project: {}\n", project.name);
        text.push_str(&output::summary_text(&summary));
        match &bt {
            Some(bt) => text.push_str(&backtest::backtest_text(bt)),
            None => text.push_str(&backtest::selection_text(&result.selection)),
        }
        text.push_str(&format!("wrote {}\n", out.display()));
        print_out(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write(path: &Path, rows: &[Vec<String>]) -> anyhow::Result<()> {
    write_csv_bom(path, rows).with_context(|| format!("writing {}", path.display()))
}
