//! The plan's maps and charts: zones per stage, school utilisation, student density (aggregated) and
//! the county forecast chart, as PNG files that the HTML also inlines.

use super::{PlanError, PlanOptions, PlanResults};
use crate::map::for_results::{sites_map_png, zones_map_png};
use crate::map::from_forecast::forecast_chart;
use crate::map::from_project::layers_from_project;
use crate::map::from_zoning::zone_shapes;
use crate::map::{render_forecast, render_map, Format, Frame, Lang, MapKind, MapOptions};
use crate::model::{Project, Stage};

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
}

fn lang_of(opts: &PlanOptions) -> Lang {
    if opts.lang == "zh" {
        Lang::Zh
    } else {
        Lang::En
    }
}

fn frame(title: String, project: &Project, opts: &PlanOptions, year: Option<i32>) -> Frame {
    Frame {
        title,
        year,
        lang: lang_of(opts),
        width_px: MAP_PX,
        height_px: MAP_PX,
        source_note: Some(project.name.clone()),
    }
}

fn map_err(e: crate::map::MapError) -> PlanError {
    PlanError::Maps(e)
}

/// Draw every figure the report shows.
pub fn draw(
    project: &Project,
    r: &PlanResults,
    opts: &PlanOptions,
) -> Result<Vec<Figure>, PlanError> {
    let lang = lang_of(opts);
    let year = r.forecast.as_ref().map(|f| f.base_year);
    let mut out = Vec::new();
    let base = layers_from_project(project, Some(Stage::Primary));
    let title = lang.pick(
        "学生分布密度（聚合，不显示个人住址）",
        "Student density (aggregated; no individual homes)",
    );
    let png = render_map(
        MapKind::Density,
        &base,
        &frame(title.into(), project, opts, year),
        &MapOptions::default(),
        Format::Png,
    );
    if let Ok(png) = png {
        out.push(Figure {
            file: "density.png".into(),
            caption: title.into(),
            png,
            section: "data",
        });
    }
    // A stage whose zones have no polygon has no map; the plan lists it as skipped.
    for (stage, zoning, polys) in r.zonings.iter().filter(|z| !z.2.is_empty()) {
        let (title, png) =
            zones_map_png(project, zoning, polys, lang, MAP_PX, year).map_err(map_err)?;
        out.push(Figure {
            file: format!("zones_{}.png", stage.as_str()),
            caption: title,
            png,
            section: "zones",
        });
        if *stage == Stage::Primary {
            let mut layers = layers_from_project(project, Some(*stage));
            layers.zones = zone_shapes(zoning, polys, lang);
            let title = lang
                .pick("小学利用率", "Primary school utilisation")
                .to_string();
            let f = frame(title.clone(), project, opts, year);
            let png = render_map(
                MapKind::Utilisation,
                &layers,
                &f,
                &MapOptions::default(),
                Format::Png,
            )
            .map_err(map_err)?;
            out.push(Figure {
                file: "utilisation_primary.png".into(),
                caption: title,
                png,
                section: "situation",
            });
        }
    }
    for p in r.sites.iter().filter(|p| !p.new_schools.is_empty()) {
        let (title, png) = sites_map_png(project, p, lang, MAP_PX, year).map_err(map_err)?;
        let file = format!("sites_{}.png", p.stage.as_str());
        out.push(Figure {
            file,
            caption: title,
            png,
            section: "sites",
        });
    }
    if let Some(f) = &r.forecast {
        let subject = lang.pick("全县", "County").to_string();
        if let Some(chart) = forecast_chart(f, &project.settings.standards, None, &subject) {
            let title = lang
                .pick(
                    "全县在校生与班级数预测",
                    "County students and classes forecast",
                )
                .to_string();
            let fr = Frame {
                width_px: 1400,
                height_px: 800,
                ..frame(title.clone(), project, opts, Some(f.base_year))
            };
            let png = render_forecast(&chart, &fr, Format::Png).map_err(map_err)?;
            out.push(Figure {
                file: "forecast_county.png".into(),
                caption: title,
                png,
                section: "forecast",
            });
        }
    }
    Ok(out)
}
