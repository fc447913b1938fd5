//! `catchment map`: draw a map or chart of a project as PNG or SVG.
//!
//! Built from the project: boundary, units, schools (utilisation at the project's caps), student
//! density, and zones from the zones engine (capacitated method, as `catchment zones`).
//! `forecast` charts the forecast engine's result (county, or `--school ID`); `sites` runs the
//! siting engine (mid scenario, 6 years, as `catchment site`) and draws its new schools, or only the
//! existing schools when no new school is needed.

use super::common::hinted;
use anyhow::Context as _;
use catchment::forecast::{self, ForecastInput};
use catchment::io::write_atomic;
use catchment::map::from_forecast;
use catchment::map::from_project::stage_of;
use catchment::map::{
    render_forecast, render_map, Format, Frame, Lang, MapKind, MapLayers, MapOptions,
};
use catchment::model::{Level, Project, Stage};
use catchment::options::{Flags, Options};
use catchment::zones::{self, polygons, Method};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// zones, utilisation, forecast, sites or density.
    #[arg(long)]
    pub kind: String,
    #[arg(long)]
    pub level: Option<String>,
    #[arg(long)]
    pub year: Option<i32>,
    /// png or svg.
    #[arg(long, default_value = "png")]
    pub format: String,
    /// zh or en.
    #[arg(long, default_value = "zh")]
    pub lang: String,
    /// Image size, WxH in pixels.
    #[arg(long, default_value = "2000x2000")]
    pub size: String,
    /// Output file [default: map-KIND.png]: a new file; an earlier map is replaced only with --force.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an existing PNG or SVG at --out.
    #[arg(long)]
    pub force: bool,
    /// With `--kind forecast`: chart this school (id) instead of the county.
    #[arg(long)]
    pub school: Option<String>,
}

/// What the command was asked for, checked before any data is read.
struct Request {
    /// `None`: the forecast chart.
    kind: Option<MapKind>,
    level: Option<Level>,
    format: Format,
    lang: Lang,
    size: (u32, u32),
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let req = parse(&args)?;
    super::common::out_file(
        &out_path(&args, &req),
        "map",
        args.dir.as_deref(),
        args.force,
    )?;
    let project = super::common::open_project(args.dir.as_deref())?;
    let options = super::common::resolve_options(&project, &Flags::default())?;
    let Some(kind) = req.kind else {
        let bytes = forecast_chart(&project, &options, &req, &args)?;
        return write_out(&args, &req, &bytes);
    };
    let (layers, note) = build_layers(&project, &options, kind, &req)?;
    let frame = Frame {
        title: title(&project, kind, &req),
        year: args.year,
        lang: req.lang,
        width_px: req.size.0,
        height_px: req.size.1,
        source_note: Some(match note {
            Some(n) => format!("{}{}{}", project.name, req.lang.pick("；", "; "), n),
            None => project.name.clone(),
        }),
    };
    let bytes = render_map(kind, &layers, &frame, &MapOptions::default(), req.format)
        .with_context(|| format!("drawing the {} map", args.kind))?;
    write_out(&args, &req, &bytes)
}

fn out_path(args: &Args, req: &Request) -> PathBuf {
    args.out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("map-{}.{}", args.kind, req.format.extension())))
}

fn write_out(args: &Args, req: &Request, bytes: &[u8]) -> anyhow::Result<ExitCode> {
    let out = out_path(args, req);
    write_atomic(&out, bytes).with_context(|| format!("{}: cannot write", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}

fn parse(args: &Args) -> anyhow::Result<Request> {
    let kind = match args.kind.trim() {
        "zones" => Some(MapKind::Zones),
        "utilisation" | "utilization" => Some(MapKind::Utilisation),
        "density" => Some(MapKind::Density),
        "sites" => Some(MapKind::Sites),
        "forecast" => None,
        other => {
            return Err(hinted(
                format!("--kind {other:?} is not a map kind"),
                "use one of: zones, utilisation, forecast, sites, density",
            ))
        }
    };
    let level = match &args.level {
        Some(l) => Some(Level::parse(l).ok_or_else(|| {
            hinted(
                format!("--level {l:?} is not a school level"),
                "use kindergarten, primary, junior, nine_year or twelve_year (or 幼儿园, 小学, 初中)",
            )
        })?),
        None => None,
    };
    let format = Format::parse(&args.format).ok_or_else(|| {
        hinted(
            format!("--format {:?} is not png or svg", args.format),
            "use --format png or --format svg",
        )
    })?;
    let lang = Lang::parse(&args.lang).ok_or_else(|| {
        hinted(
            format!("--lang {:?} is not zh or en", args.lang),
            "use --lang zh or --lang en",
        )
    })?;
    let size = parse_size(&args.size).ok_or_else(|| {
        hinted(
            format!("--size {:?} is not WIDTHxHEIGHT", args.size),
            format!(
                "give pixels like 2000x2000; each side {}..={}",
                catchment::map::MIN_SIDE_PX,
                catchment::map::MAX_SIDE_PX
            ),
        )
    })?;
    Ok(Request {
        kind,
        level,
        format,
        lang,
        size,
    })
}

fn parse_size(s: &str) -> Option<(u32, u32)> {
    let (w, h) = s
        .trim()
        .to_ascii_lowercase()
        .split_once(['x', '×', '*'])
        .map(|(a, b)| (a.to_string(), b.to_string()))?;
    let (w, h) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    let ok = |v: u32| (catchment::map::MIN_SIDE_PX..=catchment::map::MAX_SIDE_PX).contains(&v);
    (ok(w) && ok(h)).then_some((w, h))
}

/// The layers for the request, and a footer note on how zones were made (if they were).
fn build_layers(
    project: &Project,
    options: &Options,
    kind: MapKind,
    req: &Request,
) -> anyhow::Result<(MapLayers, Option<String>)> {
    let stage = match (kind, req.level) {
        (_, Some(l)) => Some(stage_of(l)),
        (MapKind::Zones | MapKind::Sites, None) => Some(stage_of(Level::Primary)),
        _ => None,
    };
    let mut layers = MapLayers::from_project(project, stage);
    let mut note = None;
    match kind {
        MapKind::Sites => {
            let opts = catchment::siting::site::SiteOptions {
                stage: stage.unwrap_or(Stage::Primary),
                scenario: forecast::Scenario::Mid,
                max_new: None,
            };
            let plan = super::site::plan_for(project, &opts, options.forecast.clone())?;
            layers.new_sites = catchment::map::for_results::new_site_marks(&plan);
            note = Some(if plan.new_schools.is_empty() {
                req.lang
                    .pick("无需新建学校", "no new school is needed")
                    .to_string()
            } else {
                req.lang
                    .pick(
                        "新建学校：catchment site，中方案，6年",
                        "new schools: catchment site, mid scenario, 6 years",
                    )
                    .to_string()
            });
        }
        MapKind::Zones => {
            let stage = stage.unwrap_or(Stage::Primary);
            let opts = options.zone_options(stage, Method::Capacitated);
            let input = zones::ZoneInput::from_project(project);
            let zoning = zones::zone(input, &opts).map_err(|e| {
                hinted(
                    format!("zoning {} for the map: {e}", stage.as_str()),
                    "`catchment zones DIR --level ...` shows the details",
                )
            })?;
            let polys = polygons::zone_polygons(&input, &zoning);
            layers.zones = catchment::map::from_zoning::zone_shapes(&zoning, &polys, req.lang);
            note = Some(
                req.lang
                    .pick(
                        "学区：按班额容量就近划分",
                        "zones: nearest school within class caps",
                    )
                    .to_string(),
            );
        }
        MapKind::Utilisation | MapKind::Density => {}
    }
    Ok((layers, note))
}

fn title(project: &Project, kind: MapKind, req: &Request) -> String {
    let county = project
        .name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_string();
    let level = req
        .level
        .map(|l| catchment::map::symbols::level_name(l, req.lang));
    match req.lang {
        Lang::Zh => {
            let what = match kind {
                MapKind::Zones => "学区图",
                MapKind::Utilisation => "学校利用率图",
                MapKind::Density => "学生分布密度图",
                MapKind::Sites => "新建学校规划图",
            };
            format!("{county}{}{what}", level.unwrap_or(""))
        }
        Lang::En => {
            let what = match kind {
                MapKind::Zones => "attendance zones",
                MapKind::Utilisation => "school utilisation",
                MapKind::Density => "student density",
                MapKind::Sites => "proposed new schools",
            };
            match level {
                Some(l) => format!("{county}: {l} {what}"),
                None => format!("{county}: {what}"),
            }
        }
    }
}

/// The forecast chart of the county or `--school`, drawn from the forecast engine's result.
fn forecast_chart(
    project: &Project,
    options: &Options,
    req: &Request,
    args: &Args,
) -> anyhow::Result<Vec<u8>> {
    let input = ForecastInput::from_project(project, options.forecast.clone());
    let result = forecast::forecast(&input).map_err(super::common::forecast_error)?;
    let subject = match &args.school {
        Some(id) => project.school(id).map(|s| s.name.clone()).ok_or_else(|| {
            hinted(
                format!("--school {id:?}: no such school id"),
                "use an id from the schools table",
            )
        })?,
        None => county_name(project, req.lang),
    };
    let chart = from_forecast::forecast_chart(
        &result,
        &project.settings.standards,
        args.school.as_deref(),
        &subject,
    )
    .ok_or_else(|| {
        hinted(
            "the forecast has no series to chart for this school",
            "check its history rows; `catchment forecast` lists every school",
        )
    })?;
    let frame = Frame {
        title: match req.lang {
            Lang::Zh => format!("{subject}在校学生与班级数预测"),
            Lang::En => format!("{subject}: students and classes forecast"),
        },
        year: args.year.or(Some(result.base_year)),
        lang: req.lang,
        width_px: req.size.0,
        height_px: req.size.1,
        source_note: Some(project.name.clone()),
    };
    Ok(render_forecast(&chart, &frame, req.format)?)
}

fn county_name(project: &Project, lang: Lang) -> String {
    let first = project.name.split_whitespace().next().unwrap_or("");
    match lang {
        Lang::Zh => format!("{first}全县"),
        Lang::En => format!("{first} county"),
    }
}
