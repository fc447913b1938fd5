//! `catchment check`: load a project, print a summary and every problem; exit 1 when unusable.

use anyhow::Context;
use catchment::io::{load_project, located_lonlats};
use catchment::model::{Grade, Level, Placement, Project, Severity};
use catchment::standards::InputCrs;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// Print a machine-readable summary to stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut phases = super::common::Phases::start();
    let source = super::common::project_source(args.dir.as_deref());
    let project = load_project(&source)
        .map_err(|e| {
            super::common::hinted(
                e.to_string(),
                "give the path of a project folder holding schools.csv (and students.csv, ...)",
            )
        })
        .context("cannot load the project")?;
    let mut project = project;
    phases.done("load");
    later_command_checks(&mut project);
    phases.done("later command checks");
    let summary = Summary::of(&project);
    phases.done("summary");
    if args.json {
        super::common::print_line(serde_json::to_string_pretty(&summary)?)?;
    } else {
        super::common::print_out(&summary_text(&summary, &project))?;
    }
    phases.done("print");
    // The process ends here: freeing a million students one string at a time would only delay
    // the exit (a twentieth of `check` at 1M pupils); the system takes the memory back at once.
    std::mem::forget(project);
    Ok(if summary.usable {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The validations later commands stop on, run here so that "usable" means every command can run:
/// the forecast options in `catchment.toml` and the enrollment history as the forecast reads it.
fn later_command_checks(p: &mut Project) {
    use super::common::forecast_hint;
    use catchment::forecast::history::HistoryTable;
    use catchment::model::{Diagnostic, SourceRef};
    use catchment::options::Options;
    let settings_file = p
        .report
        .encodings
        .first()
        .map(|(f, _)| {
            std::path::Path::new(f)
                .with_file_name("catchment.toml")
                .display()
                .to_string()
        })
        .unwrap_or_else(|| "catchment.toml".into());
    if let Err(e) = Options::from_settings(&p.settings) {
        let at = SourceRef::new(&settings_file, 0);
        let d = Diagnostic::error(&at, e.to_string(), forecast_hint(&e));
        p.report.diagnostics.push(d);
    }
    if !p.history.is_empty() && !p.report.has_errors() {
        if let Err(e) = HistoryTable::build(&p.history, &p.schools) {
            let file = p.history[0].source.file.clone();
            let d = Diagnostic::error(
                &SourceRef::new(file, 0),
                format!("`forecast` would stop on this history: {e}"),
                forecast_hint(&e),
            );
            p.report.diagnostics.push(d);
        }
    }
    engine_checks(p);
}

/// What the engines of `plan` would stop on beyond the history (births, base year, model, feeder
/// pattern, the indicators' inputs), and the schools the indicators would leave out.
fn engine_checks(p: &mut Project) {
    let Ok(options) = catchment::options::Options::from_settings(&p.settings) else {
        return;
    };
    let found = catchment::pipeline::preflight::preflight(p, &options);
    let hint = |e: &catchment::forecast::ForecastError| super::common::forecast_hint(e).to_string();
    p.report.diagnostics.extend(found.diagnostics(&hint));
}

/// The machine-readable summary (`--json`).
#[derive(Debug, Serialize)]
struct Summary {
    project: String,
    usable: bool,
    input_crs: String,
    planar_epsg: u16,
    planar_crs: String,
    files: Vec<FileInfo>,
    /// [min lon, min lat, max lon, max lat], WGS84 degrees.
    bbox: Option<[f64; 4]>,
    schools_by_level: BTreeMap<String, usize>,
    students_by_grade: BTreeMap<String, usize>,
    students_placed_by_coordinates: usize,
    students_placed_by_address: usize,
    students_unplaced: usize,
    counts: BTreeMap<String, usize>,
    students_outside_boundary: u64,
    duplicate_ids: u64,
    unmatched_addresses: Vec<Unmatched>,
    rejects: usize,
    /// Each command and whether the project has what it needs: "runs", or the input it needs.
    commands: BTreeMap<String, String>,
    /// Every reject with its reason; `loaded` false when the row became no record at all.
    rejected: Vec<RejectInfo>,
    /// Rejected rows that are in no table of the loaded project.
    rows_not_loaded: usize,
    errors: usize,
    warnings: usize,
    problems: Vec<String>,
}

#[derive(Debug, Serialize)]
struct FileInfo {
    file: String,
    encoding: String,
}

/// What each command needs beyond a usable project: `forecast` and `site` (which forecasts) need
/// the enrollment history, `indicators` the resources table; `zones` and `plan` run on any
/// usable project (a stage without schools or pupils is reported and skipped).
fn commands(p: &Project) -> BTreeMap<String, String> {
    const RUNS: &str = "runs";
    if p.report.has_errors() {
        let stops = "stops on the errors below";
        return ["forecast", "zones", "site", "indicators", "plan"]
            .into_iter()
            .map(|c| (c.to_string(), stops.to_string()))
            .collect();
    }
    let history = if p.history.is_empty() {
        "needs history.csv (enrollment history: school_id, year, grade, enrolled)"
    } else {
        RUNS
    };
    let resources = if p.resources.is_empty() {
        "needs resources.csv (teachers, areas, equipment and rooms per school)"
    } else {
        RUNS
    };
    [
        ("forecast", history),
        ("zones", RUNS),
        ("site", history),
        ("indicators", resources),
        ("plan", RUNS),
    ]
    .into_iter()
    .map(|(c, s)| (c.to_string(), s.to_string()))
    .collect()
}

#[derive(Debug, Serialize)]
struct RejectInfo {
    table: String,
    file: String,
    line: u64,
    id: String,
    reason: String,
    loaded: bool,
}

/// The rejects, each marked with whether its row is still a record (a student whose school is
/// unknown is loaded and flagged; a row with an unreadable grade is not loaded).
///
/// The few rejects are indexed by line and every record's line is looked up there (a set of a
/// million records' sources, each hashing its file name, was a seventh of `check` at 1M pupils).
fn rejected(p: &Project) -> Vec<RejectInfo> {
    use std::collections::BTreeMap;
    let mut by_line: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for (i, r) in p.report.rejects.iter().enumerate() {
        by_line.entry(r.source.line).or_default().push(i);
    }
    let mut loaded = vec![false; p.report.rejects.len()];
    if !by_line.is_empty() {
        let sources = p
            .schools
            .iter()
            .map(|r| &r.source)
            .chain(p.students.iter().map(|r| &r.source))
            .chain(p.units.iter().map(|r| &r.source))
            .chain(p.history.iter().map(|r| &r.source))
            .chain(p.births.iter().map(|r| &r.source))
            .chain(p.housing.iter().map(|r| &r.source))
            .chain(p.sites.iter().map(|r| &r.source))
            .chain(p.resources.iter().map(|r| &r.source))
            .chain(p.gazetteer.iter().map(|r| &r.source));
        for s in sources {
            for &i in by_line.get(&s.line).map(Vec::as_slice).unwrap_or(&[]) {
                loaded[i] |= p.report.rejects[i].source == *s;
            }
        }
    }
    p.report
        .rejects
        .iter()
        .zip(loaded)
        .map(|(r, loaded)| RejectInfo {
            table: r.table.clone(),
            file: r.source.file.to_string(),
            line: r.source.line,
            id: r.id.clone(),
            reason: r.reason.clone(),
            loaded,
        })
        .collect()
}

#[derive(Debug, Serialize)]
struct Unmatched {
    file: String,
    line: u64,
    id: String,
    address: String,
    reason: String,
}

impl Summary {
    fn of(p: &Project) -> Summary {
        let r = &p.report;
        let mut schools_by_level = BTreeMap::new();
        for lv in Level::ALL {
            let n = p.schools.iter().filter(|s| s.level == lv).count();
            schools_by_level.insert(lv.as_str().to_string(), n);
        }
        let mut by_grade = [0usize; 12];
        let (mut coords, mut address) = (0, 0);
        let mut unmatched = Vec::new();
        for s in &p.students {
            by_grade[s.grade.index()] += 1;
            match &s.placement {
                Placement::Coordinates => coords += 1,
                Placement::Address { .. } => address += 1,
                Placement::Unplaced { reason } => unmatched.push(Unmatched {
                    file: s.source.file.to_string(),
                    line: s.source.line,
                    id: s.id.clone(),
                    address: s.address.clone().unwrap_or_default(),
                    reason: reason.clone(),
                }),
            }
        }
        let students_by_grade = Grade::ALL
            .iter()
            .map(|g| (g.code().to_string(), by_grade[g.index()]))
            .collect();
        let counts = [
            ("schools", p.schools.len()),
            ("students", p.students.len()),
            ("units", p.units.len()),
            ("history_rows", p.history.len()),
            ("birth_rows", p.births.len()),
            ("housing_projects", p.housing.len()),
            ("sites", p.sites.len()),
            ("resources", p.resources.len()),
            ("gazetteer_entries", p.gazetteer.len()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let tally = |k: &str| r.tallies.get(k).copied().unwrap_or(0);
        // The two passes over every record, side by side.
        let (rejected, bbox) = rayon::join(|| rejected(p), || bbox(&located_lonlats(p)));
        Summary {
            project: p.name.clone(),
            usable: !r.has_errors(),
            input_crs: match &p.settings.input_crs {
                InputCrs::Wgs84 => "WGS84/CGCS2000 lon/lat".to_string(),
                InputCrs::Gcj02 => "GCJ-02 lon/lat (converted to WGS84)".to_string(),
                InputCrs::Epsg(c) => format!("EPSG:{c}"),
            },
            planar_epsg: p.planar.epsg,
            planar_crs: p.planar.name.clone(),
            files: r
                .encodings
                .iter()
                .map(|(f, e)| FileInfo {
                    file: f.clone(),
                    encoding: e.clone(),
                })
                .collect(),
            bbox,
            schools_by_level,
            students_by_grade,
            students_placed_by_coordinates: coords,
            students_placed_by_address: address,
            students_unplaced: unmatched.len(),
            counts,
            students_outside_boundary: tally("students_outside_boundary"),
            duplicate_ids: tally("duplicate_ids"),
            unmatched_addresses: unmatched,
            rejects: r.rejects.len(),
            rows_not_loaded: rejected.iter().filter(|r| !r.loaded).count(),
            commands: commands(p),
            rejected,
            errors: r
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            warnings: r
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count(),
            problems: r.diagnostics.iter().map(problem_line).collect(),
        }
    }
}

fn problem_line(d: &catchment::model::Diagnostic) -> String {
    let tag = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!("{tag}: {d}")
}

fn bbox(points: &[[f64; 2]]) -> Option<[f64; 4]> {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for p in points
        .iter()
        .filter(|p| p[0].is_finite() && p[1].is_finite())
    {
        b = [
            b[0].min(p[0]),
            b[1].min(p[1]),
            b[2].max(p[0]),
            b[3].max(p[1]),
        ];
    }
    b[0].is_finite().then_some(b)
}

/// The text summary `check` prints.
fn summary_text(s: &Summary, p: &Project) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "project: {}", s.project);
    let _ = writeln!(t, "files:");
    for f in &s.files {
        let _ = writeln!(t, "  {} ({})", f.file, f.encoding);
    }
    let _ = writeln!(
        t,
        "crs: input {}; planar EPSG:{} ({})",
        s.input_crs, s.planar_epsg, s.planar_crs
    );
    let _ = match s.bbox {
        Some(b) => writeln!(
            t,
            "bounding box: lon {:.4}..{:.4}, lat {:.4}..{:.4} (WGS84)",
            b[0], b[2], b[1], b[3]
        ),
        None => writeln!(t, "bounding box: none (no located records)"),
    };
    let join = |m: &BTreeMap<String, usize>, keys: &[&str]| {
        keys.iter()
            .map(|k| format!("{k} {}", m.get(*k).copied().unwrap_or(0)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let levels: Vec<&str> = Level::ALL.iter().map(|l| l.as_str()).collect();
    let grades: Vec<&str> = Grade::ALL.iter().map(|g| g.code()).collect();
    let _ = writeln!(
        t,
        "schools: {} ({})",
        p.schools.len(),
        join(&s.schools_by_level, &levels)
    );
    let _ = writeln!(
        t,
        "students: {} ({})",
        p.students.len(),
        join(&s.students_by_grade, &grades)
    );
    let _ = writeln!(
        t,
        "  placed by coordinates {}, by address {}, unplaced {}",
        s.students_placed_by_coordinates, s.students_placed_by_address, s.students_unplaced
    );
    let others: Vec<String> = s
        .counts
        .iter()
        .filter(|(k, _)| *k != "schools" && *k != "students")
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let _ = writeln!(t, "other tables: {}", others.join(", "));
    let _ = writeln!(
        t,
        "boundary: {}",
        if p.boundary.is_some() {
            "given"
        } else {
            "none"
        }
    );
    let _ = writeln!(
        t,
        "students outside the boundary: {}",
        s.students_outside_boundary
    );
    let _ = writeln!(t, "duplicate ids: {}", s.duplicate_ids);
    let _ = writeln!(t, "unmatched addresses: {}", s.unmatched_addresses.len());
    let _ = writeln!(
        t,
        "rejected rows: {} ({} not loaded)",
        s.rejects, s.rows_not_loaded
    );
    let runs: Vec<&str> = s
        .commands
        .iter()
        .filter(|(_, v)| *v == "runs")
        .map(|(k, _)| k.as_str())
        .collect();
    let _ = writeln!(t, "commands that can run: {}", runs.join(", "));
    for (cmd, needs) in s.commands.iter().filter(|(_, v)| *v != "runs") {
        let _ = writeln!(t, "  {cmd} {needs}");
    }
    let _ = writeln!(t, "problems: {} errors, {} warnings", s.errors, s.warnings);
    for line in &s.problems {
        let _ = writeln!(t, "{line}");
    }
    let _ = writeln!(
        t,
        "result: {}",
        if s.usable {
            "usable"
        } else {
            "NOT usable: fix the errors above"
        }
    );
    t
}
