//! Compose a thematic map ([`MapKind`]) from [`MapLayers`] into a [`Scene`]: base layers, the theme,
//! symbols, furniture, then labels placed around everything else.

use super::colouring::colour_zones;
use super::compose_marks::{
    density_entries, density_note, draw_density, draw_new_sites, draw_schools, school_entries,
    Density,
};
use super::hexbin::{class_breaks, hexbin, nice_radius_m};
use super::label_key;
use super::labels::{place_labels, LabelRequest, Target};
use super::layout::{draw_page, Page};
use super::legend::{self, Entry, Swatch};
use super::palette;
use super::scene::{Anchor, Colour, Item, Scene, Stroke};
use super::types::{Frame, Lang, MapKind, MapLayers};
use super::view::{extent_m, Rect, View};
use super::{north_arrow, scale_bar, MapError};
use geo::{Area, InteriorPoint, MultiPolygon};
use std::collections::BTreeSet;

/// Options that are not data: privacy threshold and adjacency tolerance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapOptions {
    /// Hexagons with fewer students than this are not drawn (privacy).
    pub min_hex_students: u32,
    /// Zones closer than this (metres) along a border are neighbours.
    pub adjacency_tol_m: f64,
    /// About this many hexagons across the larger side of the map.
    pub hexes_across: f64,
    /// The extent (planar metres: x0, y0, x1, y1) of an inset drawn as its own map, outlined on
    /// this one so the reader sees what the inset enlarges.
    pub inset_m: Option<[f64; 4]>,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            min_hex_students: DEFAULT_MIN_HEX_STUDENTS,
            adjacency_tol_m: 1.0,
            hexes_across: 40.0,
            inset_m: None,
        }
    }
}

/// The privacy threshold for hexagons: fewer students than this are not shown.
pub const DEFAULT_MIN_HEX_STUDENTS: u32 = 5;

/// Where things go on the page: the map frame on the left, a furniture panel on the right (north
/// arrow, legend, scale bar) so the legend never covers data.
struct Layout {
    page: Page,
    map_px: Rect,
    panel_px: Rect,
    view: View,
    entries: Vec<Entry>,
    density: Option<Density>,
}

fn layout(kind: MapKind, layers: &MapLayers, frame: &Frame, opts: &MapOptions) -> Option<Layout> {
    let page = Page::new(frame);
    let extent = data_extent(layers)?;
    let density = (kind == MapKind::Density).then(|| {
        let side = (extent[2] - extent[0]).max(extent[3] - extent[1]);
        let bins = hexbin(
            &layers.density_points_m,
            nice_radius_m(side, opts.hexes_across),
            opts.min_hex_students,
        );
        let breaks = class_breaks(&bins);
        Density { bins, breaks }
    });
    let entries = legend_entries(kind, layers, &page, frame.lang, density.as_ref());
    let (lw, _) = legend::measure(legend_title(frame.lang), &entries, page.legend_px());
    let a = page.area;
    let panel_w = lw.max(14.0 * page.unit).min(0.4 * (a[2] - a[0]));
    let panel_px = [a[2] - panel_w, a[1], a[2], a[3]];
    let map_px = [a[0], a[1], panel_px[0] - page.unit, a[3]];
    let view = View::fit(extent, map_px, 0.03);
    Some(Layout {
        page,
        map_px,
        panel_px,
        view,
        entries,
        density,
    })
}

fn legend_title(lang: Lang) -> &'static str {
    lang.pick("图例", "Legend")
}

/// The metre-to-pixel transform a map of these layers uses (`None` if there is nothing to draw).
pub fn map_view(
    kind: MapKind,
    layers: &MapLayers,
    frame: &Frame,
    opts: &MapOptions,
) -> Option<View> {
    layout(kind, layers, frame, opts).map(|l| l.view)
}

/// Build the scene of a thematic map.
pub fn map_scene(
    kind: MapKind,
    layers: &MapLayers,
    frame: &Frame,
    opts: &MapOptions,
) -> Result<Scene, MapError> {
    super::check_size(frame)?;
    check_layers(kind, layers)?;
    let lay = layout(kind, layers, frame, opts).ok_or(MapError::Empty {
        what: "anything to draw (no boundary, zones, schools or points)",
    })?;
    let (page, view) = (&lay.page, &lay.view);
    let mut scene = Scene::new(frame.width_px, frame.height_px);
    let mut obstacles: Vec<Rect> = Vec::new();
    let mut labels: Vec<LabelRequest> = Vec::new();
    let mut notes = Vec::new();

    if let Some(b) = &layers.boundary_m {
        fill_multi(&mut scene, view, b, Some(palette::LAND), None);
    }
    match kind {
        MapKind::Zones => draw_zones_coloured(&mut scene, view, layers, opts, page, &mut labels),
        _ => draw_zones_plain(&mut scene, view, layers, page),
    }
    if let Some(d) = &lay.density {
        draw_density(&mut scene, view, d);
        notes.push(density_note(&d.bins, frame.lang));
    }
    draw_base_lines(&mut scene, view, layers, page, &mut labels);
    let school_fill = |u: Option<f64>, over: bool| match kind {
        MapKind::Utilisation => palette::utilisation(u, over),
        MapKind::Sites => Colour::hex(0xBBBBBB),
        _ => Colour::WHITE,
    };
    draw_schools(
        &mut scene,
        view,
        layers,
        page,
        kind,
        school_fill,
        &mut obstacles,
        &mut labels,
    );
    draw_new_sites(
        &mut scene,
        view,
        layers,
        page,
        frame.lang,
        &mut obstacles,
        &mut labels,
    );
    if let Some(e) = opts.inset_m {
        draw_inset_outline(&mut scene, view, e, page.label_px(), frame.lang);
    }
    // White out anything drawn past the map frame (symbols near the edge), then the page.
    let [x0, y0, x1, y1] = lay.map_px;
    let (w, h) = (frame.width_px as f64, frame.height_px as f64);
    for r in [
        [0.0, 0.0, w, y0],
        [0.0, y1, w, h],
        [0.0, y0, x0, y1],
        [x1, y0, w, y1],
    ] {
        scene.rect(r[0], r[1], r[2], r[3], Some(Colour::WHITE), None);
    }
    draw_page(&mut scene, page, lay.map_px, frame, &notes);
    let legend = draw_panel(&mut scene, &lay, frame.lang);
    let inner = [x0 + 2.0, y0 + 2.0, x1 - 2.0, y1 - 2.0];
    let placed = place_labels(&labels, &obstacles, inner);
    let key = label_key::unplaced(&labels, &placed);
    label_key::draw_numbers(&mut scene, &labels, &key, page.label_px());
    let lang = frame.lang;
    let more = move |n: usize| match lang {
        Lang::Zh => format!("另有 {n} 所未列出"),
        Lang::En => format!("{n} more not listed"),
    };
    label_key::draw_key(
        &mut scene,
        [lay.panel_px[0], legend[3] + page.unit],
        lang.pick("图上编号", "Numbers on the map"),
        &more,
        &labels,
        &key,
        page.legend_px(),
        lay.panel_px[3] - 5.0 * page.unit,
    );
    for p in placed {
        let req = &labels[p.request];
        let colour = match req.target {
            Target::Area => Colour::hex(0x555555),
            Target::Point { .. } => Colour::INK,
        };
        scene.push(Item::Text {
            text: req.text.clone(),
            at: [p.rect[0], p.rect[1]],
            anchor: Anchor::TopLeft,
            size_px: req.size_px,
            colour,
            halo: Some(Colour::WHITE.with_alpha(220)),
        });
    }
    Ok(scene)
}

/// North arrow at the top of the panel, the legend under it, the scale bar at the bottom. Returns
/// the legend's box.
fn draw_panel(scene: &mut Scene, lay: &Layout, lang: Lang) -> Rect {
    let (page, p) = (&lay.page, lay.panel_px);
    let u = page.unit;
    let arrow_h = 6.0 * u;
    north_arrow::draw(
        scene,
        [(p[0] + p[2]) / 2.0, p[1] + u],
        arrow_h,
        lang.pick("北", "N"),
    );
    let legend = legend::draw(
        scene,
        [p[0], p[1] + arrow_h + 3.0 * u],
        legend_title(lang),
        &lay.entries,
        page.legend_px(),
    );
    let bar_max = (p[2] - p[0]) - 5.0 * u;
    let unit = lang.pick("公里", "km");
    scale_bar::draw(
        scene,
        [p[0] + u, p[3] - 3.2 * u],
        lay.view.metres_per_px(),
        bar_max,
        page.legend_px(),
        unit,
    );
    legend
}

fn legend_entries(
    kind: MapKind,
    layers: &MapLayers,
    page: &Page,
    lang: Lang,
    density: Option<&Density>,
) -> Vec<Entry> {
    let mut out = Vec::new();
    if kind == MapKind::Zones {
        out.push(Entry::new(
            Swatch::Fill(palette::zone(0)),
            lang.pick("学区", "Attendance zone"),
        ));
        out.push(Entry::new(
            Swatch::Note,
            lang.pick("颜色仅区分相邻学区", "Colours only tell neighbours apart"),
        ));
    }
    if let Some(d) = density {
        out.extend(density_entries(d, lang));
    }
    out.extend(line_entries(layers, page, lang));
    out.extend(school_entries(layers, page, kind, lang));
    if !layers.new_sites.is_empty() {
        out.push(Entry::new(
            Swatch::Star(palette::NEW_SITE, page.unit * 0.9),
            lang.pick("规划新建学校（规模）", "Proposed new school (size)"),
        ));
    }
    out
}

fn check_layers(kind: MapKind, layers: &MapLayers) -> Result<(), MapError> {
    match kind {
        MapKind::Zones if layers.zones.is_empty() => Err(MapError::Empty { what: "zones" }),
        MapKind::Utilisation if layers.schools.is_empty() => {
            Err(MapError::Empty { what: "schools" })
        }
        // No new site is an answer ("no new school is needed"): the existing schools are drawn.
        MapKind::Sites if layers.new_sites.is_empty() && layers.schools.is_empty() => {
            Err(MapError::Empty {
                what: "existing schools or new sites",
            })
        }
        MapKind::Density if layers.density_points_m.is_empty() => Err(MapError::Empty {
            what: "located students",
        }),
        _ => Ok(()),
    }
}

fn data_extent(layers: &MapLayers) -> Option<Rect> {
    if let Some(b) = &layers.boundary_m {
        if let Some(e) = extent_m([b], &[]) {
            return Some(e);
        }
    }
    let mut pts: Vec<[f64; 2]> = layers.schools.iter().map(|s| s.xy_m).collect();
    pts.extend(layers.new_sites.iter().map(|s| s.xy_m));
    pts.extend(layers.density_points_m.iter().copied());
    let polys = layers
        .zones
        .iter()
        .map(|z| &z.polygon_m)
        .chain(layers.units.iter().map(|u| &u.polygon_m))
        .chain(layers.townships.iter().map(|t| &t.polygon_m));
    extent_m(polys, &pts)
}

fn fill_multi(
    scene: &mut Scene,
    view: &View,
    mp: &MultiPolygon<f64>,
    fill: Option<Colour>,
    stroke: Option<Stroke>,
) {
    for rings in view.polygons_px(mp) {
        scene.push(Item::Polygon {
            rings,
            fill,
            stroke,
        });
    }
}

/// Zones filled by graph colouring, larger first (so zones inside others stay visible in PNG).
fn draw_zones_coloured(
    scene: &mut Scene,
    view: &View,
    layers: &MapLayers,
    opts: &MapOptions,
    page: &Page,
    labels: &mut Vec<LabelRequest>,
) {
    let polys: Vec<MultiPolygon<f64>> = layers.zones.iter().map(|z| z.polygon_m.clone()).collect();
    let classes = colour_zones(&polys, opts.adjacency_tol_m, palette::ZONES.len());
    let border = Stroke::solid(Colour::hex(0x555555), (page.unit * 0.08).max(1.0));
    for i in by_area_desc(&polys) {
        fill_multi(
            scene,
            view,
            &polys[i],
            Some(palette::zone(classes[i])),
            Some(border),
        );
    }
    // Zones whose school is not on the map get their own name.
    let marked: BTreeSet<&str> = layers.schools.iter().map(|s| s.id.as_str()).collect();
    for z in layers
        .zones
        .iter()
        .filter(|z| !marked.contains(z.school_id.as_str()))
    {
        if let Some(p) = z.polygon_m.interior_point() {
            labels.push(LabelRequest {
                text: z.name.clone(),
                at_px: view.px([p.x(), p.y()]),
                size_px: page.label_px(),
                target: Target::Area,
                priority: 0.0,
                keyed: false,
            });
        }
    }
}

fn draw_zones_plain(scene: &mut Scene, view: &View, layers: &MapLayers, page: &Page) {
    let polys: Vec<&MultiPolygon<f64>> = layers.zones.iter().map(|z| &z.polygon_m).collect();
    let border = Stroke::solid(Colour::hex(0x9A9A9A), (page.unit * 0.08).max(1.0));
    for z in polys {
        fill_multi(scene, view, z, None, Some(border));
    }
}

fn by_area_desc(polys: &[MultiPolygon<f64>]) -> Vec<usize> {
    let areas: Vec<f64> = polys.iter().map(|p| p.unsigned_area()).collect();
    let mut order: Vec<usize> = (0..polys.len()).collect();
    order.sort_by(|a, b| areas[*b].total_cmp(&areas[*a]).then(a.cmp(b)));
    order
}

/// Units, townships and the boundary as lines; township names as low-priority area labels.
fn draw_base_lines(
    scene: &mut Scene,
    view: &View,
    layers: &MapLayers,
    page: &Page,
    labels: &mut Vec<LabelRequest>,
) {
    let unit_stroke = Stroke::solid(palette::UNIT, 1.0);
    for u in &layers.units {
        fill_multi(scene, view, &u.polygon_m, None, Some(unit_stroke));
    }
    let w = (page.unit * 0.12).max(1.0);
    let town_stroke = Stroke::dashed(palette::TOWNSHIP, w, 4.0 * w, 2.5 * w);
    for t in &layers.townships {
        fill_multi(scene, view, &t.polygon_m, None, Some(town_stroke));
        if let Some(p) = t.polygon_m.interior_point() {
            labels.push(LabelRequest {
                text: t.name.clone(),
                at_px: view.px([p.x(), p.y()]),
                size_px: page.label_px() * 0.95,
                target: Target::Area,
                priority: -1.0,
                keyed: false,
            });
        }
    }
    if let Some(b) = &layers.boundary_m {
        let s = Stroke::solid(palette::BOUNDARY, (page.unit * 0.25).max(1.5));
        fill_multi(scene, view, b, None, Some(s));
    }
}

fn line_entries(layers: &MapLayers, page: &Page, lang: Lang) -> Vec<Entry> {
    let mut out = Vec::new();
    if layers.boundary_m.is_some() {
        out.push(Entry::new(
            Swatch::Line(Stroke::solid(
                palette::BOUNDARY,
                (page.unit * 0.25).max(1.5),
            )),
            lang.pick("县界", "County boundary"),
        ));
    }
    if !layers.townships.is_empty() {
        let w = (page.unit * 0.12).max(1.0);
        out.push(Entry::new(
            Swatch::Line(Stroke::dashed(palette::TOWNSHIP, w, 4.0 * w, 2.5 * w)),
            lang.pick("乡镇界", "Township boundary"),
        ));
    }
    out
}

/// The outline of the inset's extent, dashed, with its name above the upper left corner.
fn draw_inset_outline(scene: &mut Scene, view: &View, e: [f64; 4], size_px: f64, lang: Lang) {
    let (a, b) = (view.px([e[0], e[1]]), view.px([e[2], e[3]]));
    let (x0, x1) = (a[0].min(b[0]), a[0].max(b[0]));
    let (y0, y1) = (a[1].min(b[1]), a[1].max(b[1]));
    scene.rect(
        x0,
        y0,
        x1,
        y1,
        None,
        Some(Stroke::dashed(Colour::INK, 1.5, 6.0, 3.0)),
    );
    scene.text(
        lang.pick("县城放大图", "town inset"),
        [x0, y0 - size_px * 1.2],
        Anchor::TopLeft,
        size_px * 0.9,
        Colour::INK,
    );
}
