//! `catchment zones`: draw attendance zones for one level and write them to OUT.

use super::common::hinted;
use catchment::io::{load_project, ProjectSource};
use catchment::model::{Project, Stage};
use catchment::zones::{self, polygons, write, Method, ZoneOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// School level to zone: primary, junior or kindergarten.
    #[arg(long)]
    pub level: String,
    /// nearest, capacitated or contiguous.
    #[arg(long, default_value = "capacitated")]
    pub method: String,
    /// With contiguous: minimise students moved instead of distance.
    #[arg(long)]
    pub stability: bool,
    /// Zone a forecast year instead of the current students.
    #[arg(long)]
    pub year: Option<i32>,
    /// Output folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print a machine-readable summary to stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let stage = Stage::parse(&args.level).ok_or_else(|| {
        hinted(
            format!("--level '{}': not a level that can be zoned", args.level),
            "use primary, junior or kindergarten (nine-year schools take part in primary and junior)",
        )
    })?;
    let method = Method::parse(&args.method).ok_or_else(|| {
        hinted(
            format!("--method '{}': unknown method", args.method),
            "use nearest, capacitated or contiguous",
        )
    })?;
    if args.year.is_some() {
        return Err(hinted(
            "--year zones a forecast year, which needs the forecast engine; it is not built yet",
            "omit --year to zone the current students",
        ));
    }
    if args.stability && method != Method::Contiguous {
        return Err(hinted(
            "--stability applies to --method contiguous only",
            "add --method contiguous, or drop --stability",
        ));
    }
    let (project, base) = load(args.dir.as_ref())?;
    if project.report.has_errors() {
        for d in project.report.errors() {
            eprintln!("{d}");
        }
        return Err(hinted(
            format!("{}: the data has errors (listed above)", project.name),
            "fix them; `catchment check` lists every problem",
        ));
    }
    let mut opts = ZoneOptions::new(stage, method);
    opts.stability = args.stability;
    opts.count_expandable = matches!(
        project.settings.options.get("zones.count_expandable"),
        Some(toml::Value::Boolean(true))
    );
    let zoning = zones::zone(&project, &opts).map_err(|e| hinted(e.to_string(), hint_for(&e)))?;
    let polys = polygons::zone_polygons(&project, &zoning);
    let out = args
        .out
        .unwrap_or_else(|| base.join("out").join(format!("zones-{}", stage.as_str())));
    let unproject = |xy: [f64; 2]| project.planar.unproject(xy).map_err(|e| e.to_string());
    write::write_outputs(&out, &zoning, &polys, &unproject)
        .map_err(|e| anyhow::anyhow!("{}: cannot write outputs: {e}", out.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&zoning.summary)?);
    } else {
        print!("{}", write::summary_text(&zoning));
        println!("written: {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn hint_for(e: &zones::ZoneError) -> &'static str {
    match e {
        zones::ZoneError::NoSchools { .. } => "check the level column of the schools table",
        zones::ZoneError::NoClassrooms { .. } => {
            "fill in the classrooms column of the schools table"
        }
        zones::ZoneError::Isolated { .. } => {
            "units must touch another unit; or zone with --method capacitated"
        }
        zones::ZoneError::NoDemand { .. } => {
            "give students with lon/lat (or a matched address), or unit counts"
        }
        zones::ZoneError::NoUnits => {
            "add a units file (polygons or points) or use --method capacitated"
        }
    }
}

/// The project and the folder outputs go under.
fn load(dir: Option<&PathBuf>) -> anyhow::Result<(Project, PathBuf)> {
    match dir {
        Some(d) => {
            let p = load_project(&ProjectSource::Dir(d.clone())).map_err(|e| {
                hinted(
                    e.to_string(),
                    "give a project folder; see `catchment check --help`",
                )
            })?;
            Ok((p, d.clone()))
        }
        None => {
            eprintln!("no DIR given: using the built-in Linxi sample; outputs go under ./out");
            let p = load_project(&catchment::sample::builtin()).map_err(|e| {
                hinted(
                    e.to_string(),
                    "the built-in sample failed to load; report this",
                )
            })?;
            Ok((p, PathBuf::from(".")))
        }
    }
}
