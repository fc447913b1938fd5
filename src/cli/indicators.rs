//! `catchment indicators`: the 优质均衡 indicators of a project, written as CSV with a summary.

use super::common::{
    commit_out, forecast_error, hinted, open_project, out_dir, print_out, resolve_options,
};
use catchment::forecast::{self, ForecastInput, Scenario};
use catchment::indicators::{
    assess_skipping_schools, forecast_year_enrollment, tables, Enrollment, IndicatorReport,
    NotForecastYear,
};
use catchment::io::write_csv_bom;
use catchment::model::Project;
use catchment::options::Flags;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// Output folder [default: DIR/out/indicators]: new, empty or an earlier indicators output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also replace an earlier output of another catchment command in --out.
    #[arg(long)]
    pub force: bool,
    /// Print a machine-readable summary to stdout.
    #[arg(long)]
    pub json: bool,
    /// Assess a forecast school year (mid scenario) instead of today's enrollment.
    #[arg(long)]
    pub year: Option<i32>,
}

/// What `--json` prints.
#[derive(Serialize)]
struct JsonSummary<'a> {
    project: &'a str,
    out: String,
    files: Vec<String>,
    summary: &'a catchment::indicators::Summary,
    cvs: Vec<JsonCv>,
    failing_schools: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonCv {
    stage: &'static str,
    indicator: &'static str,
    cv: Option<f64>,
    max: f64,
    pass: Option<bool>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let out = args.out.clone().unwrap_or_else(|| match &args.dir {
        Some(d) => d.join("out").join("indicators"),
        None => PathBuf::from("out").join("indicators"),
    });
    let staging = out_dir(&out, "indicators", args.dir.as_deref(), args.force)?;
    let project = open_project(args.dir.as_deref())?;
    if project.resources.is_empty() {
        return Err(hinted(
            format!("{}: no resources table", project.name),
            "add resources.csv (school_id, qualified_teachers, backbone_teachers, pe_arts_teachers, building_m2, sports_m2, equipment_yuan, multimedia_rooms, music_rooms, music_room_m2, art_rooms, art_room_m2)",
        ));
    }
    let enrollment = enrollment(&project, args.year)?;
    let standards = &project.settings.standards;
    let assessed =
        assess_skipping_schools(&project.schools, &project.resources, &enrollment, standards);
    let (report, left_out) = assessed.map_err(|errors| {
        hinted(
            errors.to_string(),
            "correct the rows named above, then run again",
        )
    })?;
    for e in &left_out {
        let school = e.only_school().unwrap_or_default();
        eprintln!("warning: school '{school}' is not assessed (the others are): {e}");
    }
    let files = write_tables(staging.staging(), &out, &report)?;
    commit_out(staging)?;
    let text = if args.json {
        let mut t = serde_json::to_string_pretty(&json(&project, &out, &files, &report))?;
        t.push('\n');
        t
    } else {
        summary_text(&project.name, &report, &files)
    };
    print_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Today's enrollment, or with `--year` the mid-scenario forecast for that school year (schools the
/// forecast does not cover keep today's).
fn enrollment(project: &Project, year: Option<i32>) -> anyhow::Result<Enrollment> {
    let today = Enrollment::from_schools_and_students(&project.schools, &project.students);
    let Some(year) = year else {
        return Ok(today);
    };
    let not_a_year = |e: NotForecastYear| {
        hinted(
            format!("--year {year}: not a forecast year"),
            format!(
                "use a year from {} to {} (the forecast starts after the base year {})",
                e.first, e.last, e.base_year
            ),
        )
    };
    let options = resolve_options(project, &Flags::default())?;
    let options =
        forecast::year::reaching(&options.forecast, &project.history, year).map_err(not_a_year)?;
    let input = ForecastInput::from_project(project, options);
    let result = forecast::forecast(&input).map_err(forecast_error)?;
    let e = forecast_year_enrollment(today, &result, Scenario::Mid, year).map_err(not_a_year)?;
    eprintln!("enrollment: forecast for {year}, mid scenario");
    Ok(e)
}

/// Write the tables into `dir` (the staging folder); the names listed are those in `out`.
fn write_tables(dir: &Path, out: &Path, report: &IndicatorReport) -> anyhow::Result<Vec<String>> {
    let outputs = [
        ("indicators.csv", tables::indicators_rows(report)),
        ("cv.csv", tables::cv_rows(report)),
        ("remedies.csv", tables::remedies_rows(report)),
        ("guarantee.csv", tables::guarantee_rows(report)),
    ];
    let mut files = Vec::new();
    for (name, rows) in outputs {
        let path = out.join(name);
        write_csv_bom(&dir.join(name), &rows).map_err(|e| {
            hinted(
                format!("{}: cannot write: {e}", path.display()),
                "choose another folder with --out",
            )
        })?;
        files.push(path.display().to_string());
    }
    Ok(files)
}

fn json<'a>(
    project: &'a Project,
    out: &Path,
    files: &[String],
    report: &'a IndicatorReport,
) -> JsonSummary<'a> {
    let mut failing: Vec<&str> = report
        .remedies
        .iter()
        .map(|r| r.school_id.as_str())
        .collect();
    failing.dedup();
    JsonSummary {
        project: &project.name,
        out: out.display().to_string(),
        files: files.to_vec(),
        summary: &report.summary,
        cvs: report
            .cvs
            .iter()
            .map(|c| JsonCv {
                stage: c.stage.as_str(),
                indicator: c.indicator.as_str(),
                cv: c.cv,
                max: c.max,
                pass: c.pass,
            })
            .collect(),
        failing_schools: failing,
    }
}

fn summary_text(name: &str, report: &IndicatorReport, files: &[String]) -> String {
    use std::fmt::Write;
    let mut t = String::new();
    let s = &report.summary;
    let _ = writeln!(t, "优质均衡 indicators: {name}");
    let _ = writeln!(t, "schools assessed: {}", s.schools_assessed);
    for st in [&s.primary, &s.junior] {
        let Some(stage) = st.stage else { continue };
        if st.schools == 0 {
            continue;
        }
        let _ = writeln!(
            t,
            "  {stage}: {} schools, {} pass, {} fail (6 of 7, the rest ≥ 85 %); {} left out of the CVs as teaching points",
            st.schools, st.pass, st.fail, st.excluded_from_cv
        );
    }
    let _ = writeln!(t, "coefficients of variation (enrollment-weighted):");
    for c in report.cvs.iter().filter(|c| c.schools > 0) {
        let cv = c.cv.map_or("undefined".to_string(), |v| format!("{v:.4}"));
        let verdict = match c.pass {
            Some(true) => "ok".to_string(),
            Some(false) => {
                let top = c.drivers.first().map_or(String::new(), |d| {
                    format!(
                        "; largest driver {} ({:.0} % of S²)",
                        d.school_id,
                        100.0 * d.s2_share
                    )
                });
                format!("OVER{top}")
            }
            None => "undefined (no resource anywhere)".to_string(),
        };
        let _ = writeln!(
            t,
            "  {:<7} {:<30} {cv} (max {:.2}) {verdict}",
            c.stage.as_str(),
            c.indicator.as_str(),
            c.max
        );
    }
    let _ = writeln!(
            t,
        "guarantee items: {} of {} schools short; {} over the size cap, {} classes over the cap, {} large and {} very large classes, {} short of music/art rooms",
        s.guarantee_failing,
        s.guarantee_schools,
        s.over_size_cap,
        s.classes_over_cap,
        s.large_classes,
        s.very_large_classes,
        s.music_art_short
    );
    let _ = writeln!(
        t,
        "failing schools with remedies: {}",
        report.remedies.len()
    );
    for n in &report.not_assessed {
        let _ = writeln!(
            t,
            "not assessed: {} ({}): {}",
            n.school_id, n.source, n.reason
        );
    }
    let _ = writeln!(t, "wrote:");
    for f in files {
        let _ = writeln!(t, "  {f}");
    }
    t
}
