//! The plan's maps and charts: zones per stage, school utilisation, student density (aggregated),
//! the county forecast chart and one chart per school at risk, as PNG files that the HTML also
//! inlines. Zones are drawn from the publishable polygons only (see [`crate::report::privacy`]).

use super::published::Published;
use super::sections::at_risk_schools;
use super::{PlanResults, ReportOptions, SkipReason, Skipped, Step};
use crate::map::for_results::sites_map_png;
use crate::map::from_forecast::forecast_chart;
use crate::map::from_zoning::zone_shapes;
use crate::map::inset::{clip_layers, town_extent};
use crate::map::{
    render_forecast, render_map, Format, Frame, Lang, MapError, MapKind, MapLayers, MapOptions,
};
use crate::model::Stage;
use crate::report::i18n::msg;
use crate::report::ReportInput;

/// Side of the report's maps, in pixels.
const MAP_PX: u32 = 1400;

/// A drawn figure: file name under `maps/`, caption, PNG bytes.
#[derive(Debug, Clone)]
pub struct Figure {
    pub file: String,
    pub caption: String,
    pub png: Vec<u8>,
    /// The report section it belongs to (`situation`, `forecast`, `zones`, `data`).
    pub section: &'static str,
    /// Width at which the report shows it, in CSS pixels.
    pub shown_px: u32,
}

/// Width of a map in the report, CSS pixels (the page is at most 1180 px wide).
const SHOWN_MAP_PX: u32 = 1000;
/// Size of a per-school chart: drawn at the size the report shows it, so its labels are not
/// scaled down below a legible size.
const SCHOOL_CHART_PX: (u32, u32) = (900, 520);
/// Side of the county-town inset maps, pixels (shown at this size).
const INSET_PX: u32 = 1000;
/// At most this many per-school charts (the rest are in the capacity timeline table).
const MAX_SCHOOL_CHARTS: usize = 16;

fn lang_of(opts: &ReportOptions) -> Lang {
    opts.lang
}

fn frame(title: String, input: &ReportInput, opts: &ReportOptions, year: Option<i32>) -> Frame {
    Frame {
        title,
        year,
        lang: lang_of(opts),
        width_px: MAP_PX,
        height_px: MAP_PX,
        source_note: Some(input.name.to_string()),
    }
}

/// Figures drawn, and those that could not be (each listed as skipped; the others are drawn).
#[derive(Default)]
struct Drawn {
    figures: Vec<Figure>,
    failed: Vec<Skipped>,
}

impl Drawn {
    /// Keep a figure, or list it as not drawn.
    fn add(&mut self, stage: Option<Stage>, figure: Figure, png: Result<Vec<u8>, MapError>) {
        match png {
            Ok(png) => self.figures.push(Figure { png, ..figure }),
            Err(e) => {
                let reason = SkipReason::FigureFailed {
                    figure: figure.file,
                    message: e.to_string(),
                };
                self.failed.push(Skipped::new(Step::Maps, stage, reason));
            }
        }
    }
}

/// Draw every figure the report shows; returns the figures and those that could not be drawn
/// (a map that fails leaves the rest of the report whole).
pub fn draw(
    input: &ReportInput,
    r: &PlanResults,
    published: &Published,
    opts: &ReportOptions,
) -> (Vec<Figure>, Vec<Skipped>) {
    let lang = lang_of(opts);
    let year = r.forecast.as_ref().map(|f| f.base_year);
    let mut out = Drawn::default();
    let base = &input.stage(Stage::Primary).layers;
    let title = msg(lang, "cap_density", &[]);
    let png = render_map(
        MapKind::Density,
        base,
        &frame(title.clone(), input, opts, year),
        &MapOptions {
            min_hex_students: published.note.min_pupils,
            ..MapOptions::default()
        },
        Format::Png,
    );
    // Too few located pupils to draw any published hexagon: no density map, as before.
    if let Ok(png) = png {
        out.figures.push(Figure {
            file: "density.png".into(),
            caption: title,
            png,
            section: "data",
            shown_px: SHOWN_MAP_PX,
        });
    }
    // A stage whose zones have no polygon, or none that may be published, has no map; the plan
    // lists it as skipped.
    let drawn = r.zonings.iter().zip(&published.zones);
    for ((stage, zoning, _), polys) in drawn.filter(|(_, shown)| !shown.is_empty()) {
        let mut layers = input.stage(*stage).layers.clone();
        layers.zones = zone_shapes(zoning, polys, lang);
        let title = msg(
            lang,
            "cap_zones_map",
            &[&super::headline::stage_name(*stage, lang)],
        );
        let file = format!("zones_{}", stage.as_str());
        let named = (title, file, "zones");
        let at = (Some(*stage), year);
        with_inset(MapKind::Zones, &layers, named, input, opts, at, &mut out);
        if *stage == Stage::Primary {
            let y = year.map_or_else(String::new, |y| y.to_string());
            let title = msg(lang, "cap_utilisation", &[&y]);
            let named = (title, "utilisation_primary".to_string(), "situation");
            let at = (Some(*stage), year);
            with_inset(
                MapKind::Utilisation,
                &layers,
                named,
                input,
                opts,
                at,
                &mut out,
            );
        }
    }
    for p in r.sites.iter().filter(|p| !p.new_schools.is_empty()) {
        let today = &input.stage(p.stage).layers;
        let drawn = sites_map_png(today, input.name, p, lang, MAP_PX, year);
        let (caption, png) = match drawn {
            Ok((title, png)) => (title, Ok(png)),
            Err(e) => (String::new(), Err(e)),
        };
        let figure = Figure {
            file: format!("sites_{}.png", p.stage.as_str()),
            caption,
            png: Vec::new(),
            section: "sites",
            shown_px: SHOWN_MAP_PX,
        };
        out.add(Some(p.stage), figure, png);
    }
    if let Some(f) = &r.forecast {
        let subject = lang.pick("全县", "County").to_string();
        if let Some(chart) = forecast_chart(f, input.standards, None, &subject) {
            let title = msg(lang, "cap_forecast_chart", &[]);
            let fr = Frame {
                width_px: 1400,
                height_px: 800,
                ..frame(title.clone(), input, opts, Some(f.base_year))
            };
            let figure = Figure {
                file: "forecast_county.png".into(),
                caption: title,
                png: Vec::new(),
                section: "forecast",
                shown_px: SHOWN_MAP_PX,
            };
            out.add(None, figure, render_forecast(&chart, &fr, Format::Png));
        }
        school_charts(input, f, opts, &mut out);
    }
    (out.figures, out.failed)
}

/// A map and, when the schools cluster in a county town, the same map cut to the town. `named` is
/// (caption, file stem, section), `at` the stage and the year shown.
fn with_inset(
    kind: MapKind,
    layers: &MapLayers,
    named: (String, String, &'static str),
    input: &ReportInput,
    opts: &ReportOptions,
    at: (Option<Stage>, Option<i32>),
    out: &mut Drawn,
) {
    let (stage, year) = at;
    let (title, stem, section) = named;
    let f = frame(title.clone(), input, opts, year);
    let points: Vec<[f64; 2]> = layers.schools.iter().map(|s| s.xy_m).collect();
    let inset = town_extent(&points);
    let map_opts = MapOptions {
        inset_m: inset,
        ..MapOptions::default()
    };
    let figure = Figure {
        file: format!("{stem}.png"),
        caption: title.clone(),
        png: Vec::new(),
        section,
        shown_px: SHOWN_MAP_PX,
    };
    out.add(
        stage,
        figure,
        render_map(kind, layers, &f, &map_opts, Format::Png),
    );
    let Some(extent) = inset else {
        return;
    };
    let town = clip_layers(layers, extent);
    let caption = msg(opts.lang, "cap_inset", &[&title]);
    let f = Frame {
        width_px: INSET_PX,
        height_px: INSET_PX,
        ..frame(caption.clone(), input, opts, year)
    };
    let figure = Figure {
        file: format!("{stem}_town.png"),
        caption,
        png: Vec::new(),
        section,
        shown_px: INSET_PX.min(SHOWN_MAP_PX),
    };
    let png = render_map(kind, &town, &f, &MapOptions::default(), Format::Png);
    out.add(stage, figure, png);
}

/// One chart per school over a cap in some forecast year, drawn at the size it is shown.
fn school_charts(
    input: &ReportInput,
    f: &crate::forecast::Forecast,
    opts: &ReportOptions,
    out: &mut Drawn,
) {
    let lang = lang_of(opts);
    for a in at_risk_schools(f).iter().take(MAX_SCHOOL_CHARTS) {
        let Some(chart) = forecast_chart(f, input.standards, Some(a.school_id.as_str()), &a.name)
        else {
            continue;
        };
        let title = msg(lang, "cap_school_chart", &[&a.name]);
        let fr = Frame {
            width_px: SCHOOL_CHART_PX.0,
            height_px: SCHOOL_CHART_PX.1,
            ..frame(title.clone(), input, opts, Some(f.base_year))
        };
        let figure = Figure {
            file: format!("forecast_{}.png", a.school_id),
            caption: title,
            png: Vec::new(),
            section: "forecast",
            shown_px: SCHOOL_CHART_PX.0,
        };
        out.add(None, figure, render_forecast(&chart, &fr, Format::Png));
    }
}
