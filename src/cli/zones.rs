//! `catchment zones`: draw attendance zones for one level and write them to OUT.

use super::common::{
    check_out, commit_out, hinted, nothing_to_do, out_dir, print_line, print_out, resolve_options,
};
use catchment::forecast::Scenario;
use catchment::model::Stage;
use catchment::options::Flags;
use catchment::zones::classes::Effort;
use catchment::zones::forecast_demand::{self, ForecastDemand, ForecastDemandError};
use catchment::zones::{self, polygons, write, Method};
use std::path::PathBuf;
use std::process::ExitCode;

const LONG_ABOUT: &str = "\
Forecast years (--year YYYY): the demand of year Y is the forecast (`catchment forecast`, mid \
scenario unless --scenario low|high) laid over today's homes. For each school s and grade g, the \
forecast pupils F(s,Y,g) are spread over the homes of the pupils at s in grade g today (if it has \
none in g, those of the nearest grade it teaches; if none at all, the school's own position), in \
proportion to how many live at each home, by largest-remainder rounding so that every school and \
grade keeps exactly F pupils. They get ids Y<year>:<school_id>:<grade>:<n> and s as their current \
school (students moved = moved from their forecast school). Schools' enrollment (other stage of \
nine-year schools) is year Y's forecast. Then zoning runs as usual, with every cap and output. \
Valid years: base+1 .. base+12 (base = last history year, or forecast.base_year). The forecast share \
of today's pupils with no home position cannot be placed: it is counted in the summary and listed \
in assignment.csv with no school. Default OUT for a forecast year: DIR/out/zones-<level>-<year>.";

#[derive(Debug, clap::Args)]
#[command(after_long_help = LONG_ABOUT)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// School level to zone: primary, junior or kindergarten.
    #[arg(long)]
    pub level: String,
    /// nearest, capacitated or contiguous.
    #[arg(long, default_value = "capacitated")]
    pub method: String,
    /// Capacitated (and the bound of contiguous): how hard the class-count search works,
    /// quick, default or thorough (4, 40 or 400 exact min-cost flows).
    #[arg(long, default_value = "default")]
    pub effort: String,
    /// With contiguous: minimise students moved instead of distance.
    #[arg(long)]
    pub stability: bool,
    /// Zone a forecast year (base+1 .. base+12) instead of the current students: the forecast
    /// spread over today's homes (see --help).
    #[arg(long)]
    pub year: Option<i32>,
    /// With --year: forecast scenario low, mid or high.
    #[arg(long, default_value = "mid")]
    pub scenario: String,
    /// Output folder [default: DIR/out/zones-LEVEL]: new, empty or an earlier zones output.
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
    let effort = Effort::parse(&args.effort).ok_or_else(|| {
        hinted(
            format!("--effort '{}': unknown effort", args.effort),
            "use quick, default or thorough",
        )
    })?;
    let scenario = super::common::parse_scenario(&args.scenario)?;
    if args.year.is_none() && scenario != Scenario::Mid {
        return Err(hinted(
            "--scenario applies to a forecast year only",
            "add --year YYYY, or drop --scenario",
        ));
    }
    if args.stability && method != Method::Contiguous {
        return Err(hinted(
            "--stability applies to --method contiguous only",
            "add --method contiguous, or drop --stability",
        ));
    }
    let base = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let default_name = match args.year {
        Some(y) => format!("zones-{}-{y}", stage.as_str()),
        None => format!("zones-{}", stage.as_str()),
    };
    let out = args
        .out
        .unwrap_or_else(|| base.join("out").join(default_name));
    check_out(&out, "zones", args.dir.as_deref(), args.force)?;
    let mut phases = super::common::Phases::start();
    let project = super::common::open_project(args.dir.as_deref())?;
    phases.done("load");
    let options = resolve_options(&project, &Flags::default())?;
    let demand = match args.year {
        Some(year) => Some(
            forecast_demand::forecast_demand(&project, &options.forecast, stage, year, scenario)
                .map_err(demand_error)?,
        ),
        None => None,
    };
    let year_schools = demand
        .as_ref()
        .map(|d| forecast_demand::schools_in_year(&project.schools, d));
    let input = match (&demand, &year_schools) {
        (Some(d), Some(schools)) => forecast_demand::zone_input(&project, d, schools),
        _ => zones::ZoneInput::from_project(&project),
    };
    let mut opts = options.zone_options(stage, method);
    opts.stability = args.stability;
    opts.effort = effort;
    let mut zoning = match zones::zone_input(&input, &opts) {
        Ok(z) => z,
        Err(e @ (zones::ZoneError::NoSchools { .. } | zones::ZoneError::NoDemand { .. })) => {
            return Ok(nothing_to_do(stage.as_str(), &e.to_string(), args.json));
        }
        Err(e) => return Err(hinted(e.to_string(), hint_for(&e))),
    };
    phases.done("zone");
    if zoning.summary.students_total == 0 {
        let reason = format!("no {stage} demand: 0 pupils of this stage to zone");
        return Ok(nothing_to_do(stage.as_str(), &reason, args.json));
    }
    let staging = out_dir(&out, "zones", args.dir.as_deref(), args.force)?;
    let dir = staging.staging().to_path_buf();
    if let Some(d) = &demand {
        let mut notes = d.notes();
        notes.append(&mut zoning.summary.notes);
        zoning.summary.notes = notes;
    }
    let polys = polygons::zone_polygons(&input, &zoning);
    phases.done("polygons");
    let unproject = |xy: [f64; 2]| project.planar.unproject(xy);
    // The tables and layers and the map are independent: each is made and written on its own
    // core (the files' errors first, as when one followed the other).
    let lang = catchment::map::Lang::Zh;
    let (files, map) = rayon::join(
        || -> anyhow::Result<()> {
            let files = write::output_files(&zoning, &polys, &unproject)
                .map_err(|e| anyhow::anyhow!("{}: cannot make the outputs: {e}", out.display()))?;
            for (name, bytes) in &files {
                catchment::io::write_atomic(&dir.join(name), bytes).map_err(|e| {
                    anyhow::anyhow!("{}: cannot write: {e}", out.join(name).display())
                })?;
            }
            Ok(())
        },
        || -> anyhow::Result<()> {
            if polys.is_empty() {
                return Ok(());
            }
            let (_, png) = catchment::map::for_results::zones_map_png(
                &input, &zoning, &polys, lang, 1600, args.year,
            )
            .map_err(|e| anyhow::anyhow!("drawing the zones map: {e}"))?;
            catchment::io::write_atomic(&dir.join("zones.png"), &png).map_err(|e| {
                anyhow::anyhow!("{}: cannot write: {e}", out.join("zones.png").display())
            })
        },
    );
    files?;
    phases.done("output files and map");
    if polys.is_empty() {
        eprintln!("note: no {stage} zone could be drawn, so there is no zones map");
    }
    map?;
    commit_out(staging)?;
    phases.done("commit");
    if args.json {
        let mut json = serde_json::to_value(&zoning.summary)?;
        if let (Some(d), Some(obj)) = (&demand, json.as_object_mut()) {
            obj.insert("forecast_year".into(), year_json(d));
        }
        print_line(serde_json::to_string_pretty(&json)?)?;
    } else {
        let text = write::summary_text(&zoning);
        print_out(&format!("{text}written: {}\n", out.display()))?;
    }
    // The process ends with this command: freeing a million pupils' strings one by one would
    // only delay the exit by a tenth of a second, so the memory goes back with the process.
    std::mem::forget((zoning, polys, input));
    std::mem::forget((demand, year_schools, project));
    Ok(ExitCode::SUCCESS)
}

/// A forecast year's demand that cannot be built, as `error:` and `hint:` lines naming `--year`.
fn demand_error(e: ForecastDemandError) -> anyhow::Error {
    let message = match &e {
        ForecastDemandError::Forecast(_) => e.to_string(),
        _ => format!("--year {e}"),
    };
    let hint = match &e {
        ForecastDemandError::YearOutOfRange { first, last, .. } => {
            format!(
                "give a year from {first} to {last}, or omit --year to zone the current students"
            )
        }
        ForecastDemandError::NoHistory { .. } => {
            "add history.csv to the project folder, or omit --year".into()
        }
        ForecastDemandError::Forecast(f) => super::common::forecast_hint(f).into(),
    };
    hinted(message, hint)
}

/// The forecast year's figures for `--json`.
fn year_json(d: &ForecastDemand) -> serde_json::Value {
    serde_json::json!({
        "year": d.year,
        "base_year": d.base_year,
        "scenario": d.scenario,
        "students": d.total(),
        "unplaced": d.unplaced_total(),
        "unplaced_detail": d.unplaced,
        "fallbacks": d.fallbacks,
    })
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
