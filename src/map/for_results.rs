//! Ready-made maps of the engines' results, shared by `zones`, `site` and `plan` so every command
//! draws them the same way. A zones map draws the records its run zoned ([`ZoneInput`]); a sites
//! map draws today's layers of the stage ([`MapLayers::from_project`]) under the plan's new schools.

use super::from_zoning::zone_shapes;
use super::{
    render_map, Format, Frame, Lang, MapError, MapKind, MapLayers, MapOptions, NewSiteMark,
};
use crate::siting::site::SitePlan;
use crate::zones::{polygons::ZonePolygon, ZoneInput, Zoning};

/// Draw `layers` as a square PNG of `side_px` titled `title`, with `name` as the source note;
/// returns the title with the bytes.
fn square_png(
    kind: MapKind,
    layers: &MapLayers,
    title: String,
    name: &str,
    lang: Lang,
    side_px: u32,
    year: Option<i32>,
) -> Result<(String, Vec<u8>), MapError> {
    let f = Frame {
        title: title.clone(),
        year,
        lang,
        width_px: side_px,
        height_px: side_px,
        source_note: Some(name.to_string()),
    };
    let png = render_map(kind, layers, &f, &MapOptions::default(), Format::Png)?;
    Ok((title, png))
}

/// The zones of one stage, coloured so that neighbours differ, with their schools.
pub fn zones_map_png(
    input: &ZoneInput,
    zoning: &Zoning,
    polygons: &[ZonePolygon],
    lang: Lang,
    side_px: u32,
    year: Option<i32>,
) -> Result<(String, Vec<u8>), MapError> {
    let stage = zoning.summary.stage;
    let mut layers = MapLayers::from_records(input, Some(stage));
    layers.zones = zone_shapes(zoning, polygons, lang);
    let title = match lang {
        Lang::Zh => format!("{}学区划分", stage.zh()),
        Lang::En => format!("Attendance zones: {}", stage.as_str()),
    };
    square_png(
        MapKind::Zones,
        &layers,
        title,
        input.name,
        lang,
        side_px,
        year,
    )
}

/// The stars of a plan's new schools (none when no new school is needed).
pub fn new_site_marks(plan: &SitePlan) -> Vec<NewSiteMark> {
    plan.new_schools
        .iter()
        .map(|n| NewSiteMark {
            name: n.site_id.clone(),
            level: plan.stage.level(),
            xy_m: n.xy_m,
            students: n.seats,
            classes: Some(n.classes),
        })
        .collect()
}

/// The proposed new schools of a siting plan, with their size, over `today`: the layers of the
/// plan's stage today. `name` is the project's, for the source note.
pub fn sites_map_png(
    today: &MapLayers,
    name: &str,
    plan: &SitePlan,
    lang: Lang,
    side_px: u32,
    year: Option<i32>,
) -> Result<(String, Vec<u8>), MapError> {
    let mut layers = today.clone();
    layers.new_sites = new_site_marks(plan);
    let none = plan.new_schools.is_empty();
    let title = match (lang, none) {
        (Lang::Zh, false) => format!("新建{}规划", plan.stage.zh()),
        (Lang::Zh, true) => format!("新建{}规划：无需新建", plan.stage.zh()),
        (Lang::En, false) => format!("Proposed new schools: {}", plan.stage.as_str()),
        (Lang::En, true) => format!(
            "Proposed new schools: {}: no new school is needed",
            plan.stage.as_str()
        ),
    };
    square_png(MapKind::Sites, &layers, title, name, lang, side_px, year)
}
