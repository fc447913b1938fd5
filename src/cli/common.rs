//! Helpers shared by the commands: error printing in `error:` / `hint:` form.

/// An error for the user with a hint on what to do, printed as `error: ...` then `hint: ...`.
#[derive(Debug)]
pub struct Hinted {
    pub message: String,
    pub hint: String,
}

impl std::fmt::Display for Hinted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {}

/// Build a hinted error.
#[allow(dead_code)]
pub fn hinted(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    Hinted {
        message: message.into(),
        hint: hint.into(),
    }
    .into()
}

/// Print an error chain as `error: ...`, with `hint: ...` where one was given.
pub fn print_error(e: &anyhow::Error) {
    eprintln!("error: {e:#}");
    if let Some(h) = e.chain().find_map(|c| c.downcast_ref::<Hinted>()) {
        eprintln!("hint: {}", h.hint);
    }
}

use catchment::io::ProjectSource;
use catchment::model::Project;
use std::path::Path;
use std::process::ExitCode;

/// The project source for an optional DIR: the folder, or the built-in Linxi sample (saying so on
/// stderr).
pub fn project_source(dir: Option<&Path>) -> ProjectSource {
    match dir {
        Some(d) => ProjectSource::Dir(d.to_path_buf()),
        None => {
            eprintln!("note: no DIR given; using the built-in Linxi sample");
            catchment::sample::builtin()
        }
    }
}

/// Load a project for an engine command: on unusable data, print every error as `check` does and
/// fail, so no engine runs on bad input.
pub fn open_project(dir: Option<&Path>) -> anyhow::Result<Project> {
    let project = catchment::io::load_project(&project_source(dir)).map_err(|e| {
        hinted(
            e.to_string(),
            "give the path of a project folder holding schools.csv (and students.csv, ...)",
        )
    })?;
    if project.report.has_errors() {
        for d in project.report.errors() {
            eprintln!("{d}");
        }
        let n = project.report.errors().count();
        return Err(hinted(
            format!("the project data has {n} error(s); nothing was computed"),
            "fix the lines listed above; `catchment check DIR` lists every problem",
        ));
    }
    Ok(project)
}

use catchment::io::{OutDir, OutDirError, OutRules};

/// Prepare the output folder of `command` (see `catchment::io::OutDir`): every command that writes
/// a folder calls this before computing, writes into `staging()`, then calls [`commit_out`].
pub fn out_dir(
    target: &Path,
    command: &str,
    project: Option<&Path>,
    force: bool,
) -> anyhow::Result<OutDir> {
    let rules = OutRules {
        command,
        project,
        force,
    };
    OutDir::prepare(target, &rules).map_err(out_error)
}

/// Refuse a bad output folder before computing, without creating anything.
pub fn check_out(
    target: &Path,
    command: &str,
    project: Option<&Path>,
    force: bool,
) -> anyhow::Result<()> {
    let rules = OutRules {
        command,
        project,
        force,
    };
    OutDir::check(target, &rules).map_err(out_error)
}

/// A stage with nothing to work on: say so and succeed, writing nothing.
pub fn nothing_to_do(stage: &str, reason: &str, json: bool) -> ExitCode {
    eprintln!("note: {reason}");
    eprintln!("note: nothing written for {stage}");
    if json {
        let doc = serde_json::json!({ "stage": stage, "skipped": reason, "written": false });
        if let Err(e) = print_line(doc) {
            print_error(&e);
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

/// Check a single-file output (a map) before computing it.
pub fn out_file(
    target: &Path,
    command: &str,
    project: Option<&Path>,
    force: bool,
) -> anyhow::Result<()> {
    let rules = OutRules {
        command,
        project,
        force,
    };
    catchment::io::check_out_file(target, &rules).map_err(out_error)
}

/// Swap the finished outputs into place.
pub fn commit_out(out: OutDir) -> anyhow::Result<()> {
    out.commit().map(|_| ()).map_err(out_error)
}

fn out_error(e: OutDirError) -> anyhow::Error {
    let hint = match &e {
        OutDirError::IsFile { .. } => "give --out the name of a folder (new, or an earlier output)",
        OutDirError::IsProject { .. }
        | OutDirError::InsideProject { .. }
        | OutDirError::HoldsProject { .. } => {
            "give --out a folder outside the project (or under the project's out/ folder)"
        }
        OutDirError::CurrentFolder { .. } => "give --out the name of a new folder",
        OutDirError::NotAnOutput { .. } | OutDirError::ForeignFile { .. } => {
            "nothing was written; give --out a new folder, or move your files out of this one"
        }
        OutDirError::OtherCommand { .. } => {
            "give --out another folder, or add --force to replace that earlier output"
        }
        OutDirError::BadManifest { .. } => {
            "give --out a new folder; this one was not written by this version of catchment"
        }
        OutDirError::Io { .. } => "check the --out path and its permissions",
        OutDirError::IsFolder { .. } => "give --out a file name (map.png, map.svg)",
        OutDirError::FileExists { .. } => {
            "give --out a new file name, or add --force to replace an earlier map"
        }
    };
    hinted(e.to_string(), hint)
}

use catchment::forecast::Scenario;
use catchment::model::Stage;

/// The one parser of `--level` for commands that work on one stage (zones, site, indicators).
pub fn parse_stage(value: &str) -> anyhow::Result<Stage> {
    Stage::parse(value).ok_or_else(|| {
        hinted(
            format!("--level '{value}': not a school level"),
            "use primary, junior or kindergarten (nine-year schools take part in primary and junior)",
        )
    })
}

/// The one parser of `--scenario`: low, mid or high (case and spaces ignored).
pub fn parse_scenario(value: &str) -> anyhow::Result<Scenario> {
    let t = value.trim().to_lowercase();
    Scenario::ALL
        .into_iter()
        .find(|c| c.as_str() == t)
        .ok_or_else(|| {
            hinted(
                format!("--scenario '{value}': unknown scenario"),
                "use low, mid or high",
            )
        })
}

/// Write to stdout; a closed pipe (`| head`) is not an error. Every command prints through this.
pub fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// `print_out` with a final newline, for one line or one JSON document.
pub fn print_line(text: impl std::fmt::Display) -> anyhow::Result<()> {
    print_out(&format!("{text}\n"))
}

use catchment::forecast::ForecastError;
use catchment::options::{Flags, Options};

/// A short hint on what to do about a forecast error, for the `hint:` line.
pub fn forecast_hint(e: &ForecastError) -> &'static str {
    match e {
        ForecastError::NoHistory => "add history.csv to the project folder (see README)",
        ForecastError::BadBaseYear { .. } => {
            "pass --base-year within the history (or forecast.base_year), or omit it"
        }
        ForecastError::Horizon { .. } => "use 1 to 12 years, e.g. 6",
        ForecastError::UnknownModel { .. } => {
            "pick one of the models listed, or omit it to let the backtest choose"
        }
        ForecastError::BadOption { .. } => {
            "fix the option in catchment.toml or on the command line"
        }
        ForecastError::BadFeeder { .. } => "fix the feeder pattern or let the forecaster learn it",
        _ => "fix the row named above and run again",
    }
}

/// A forecast error as `error:` and `hint:` lines.
pub fn forecast_error(e: ForecastError) -> anyhow::Error {
    hinted(e.to_string(), forecast_hint(&e))
}

/// `--horizon`, when given, within the forecast's range; checked before any file is read.
pub fn check_horizon_flag(horizon: Option<u32>) -> anyhow::Result<()> {
    if let Some(h) = horizon {
        catchment::forecast::check_horizon(h)
            .map_err(|e| hinted(format!("--horizon: {e}"), forecast_hint(&e)))?;
    }
    Ok(())
}

/// The engines' options for this run, resolved once: `catchment.toml` with the command line's
/// `flags` over it (see `catchment::options`). A bad flag is named as the flag.
pub fn resolve_options(project: &Project, flags: &Flags) -> anyhow::Result<Options> {
    check_horizon_flag(flags.horizon)?;
    if let Some(m) = &flags.model {
        catchment::forecast::models::check_name(m)
            .map_err(|e| hinted(format!("--model: {e}"), forecast_hint(&e)))?;
    }
    Options::resolve(&project.settings, flags).map_err(forecast_error)
}

/// Times of a command's phases, printed on stderr when `CATCHMENT_TIMINGS` is set (for profiling
/// large runs: `phase load 2.81 s`); silent otherwise.
pub struct Phases {
    on: bool,
    last: std::time::Instant,
}

impl Phases {
    pub fn start() -> Phases {
        Phases {
            on: std::env::var_os("CATCHMENT_TIMINGS").is_some(),
            last: std::time::Instant::now(),
        }
    }

    /// The phase that just ended.
    pub fn done(&mut self, phase: &str) {
        if self.on {
            eprintln!("phase {phase} {:.2} s", self.last.elapsed().as_secs_f64());
        }
        self.last = std::time::Instant::now();
    }
}
