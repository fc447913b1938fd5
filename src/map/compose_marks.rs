//! The point marks of a thematic map: schools (sized by enrollment, coloured by level or
//! utilisation), proposed new sites, and the density hexagons, each with its legend entries.
//!
//! Why apart from [`super::compose`]: that module orders the layers of a map; this one draws the
//! marks that stand for schools and children, which is most of the code.

use super::compose::{Density, REF_STUDENTS};
use super::hexbin::{class_of, corners, HexBins};
use super::labels::{LabelRequest, Target};
use super::layout::Page;
use super::legend::{Entry, Swatch};
use super::palette;
use super::scene::{Colour, Item, Scene, Stroke};
use super::symbols::{level_name, radius_for, school_symbol, star};
use super::types::{Lang, MapKind, MapLayers};
use super::view::{Rect, View};
use crate::model::Level;
use std::collections::BTreeSet;

#[allow(clippy::too_many_arguments)]
pub(super) fn draw_schools(
    scene: &mut Scene,
    view: &View,
    layers: &MapLayers,
    page: &Page,
    kind: MapKind,
    fill: impl Fn(Option<f64>, bool) -> Colour,
    obstacles: &mut Vec<Rect>,
    labels: &mut Vec<LabelRequest>,
) {
    let mut order: Vec<usize> = (0..layers.schools.len()).collect();
    // Big schools first so small ones stay visible on top.
    order.sort_by(|a, b| {
        layers.schools[*b]
            .enrollment
            .cmp(&layers.schools[*a].enrollment)
            .then(a.cmp(b))
    });
    let outline = Stroke::solid(Colour::INK, (page.unit * 0.08).max(1.0));
    for i in order {
        let s = &layers.schools[i];
        let c = view.px(s.xy_m);
        let r = radius_for(
            s.enrollment,
            REF_STUDENTS,
            0.55 * page.unit,
            0.3 * page.unit,
        );
        scene.push(school_symbol(
            s.level,
            c,
            r,
            fill(s.utilisation, s.over_cap),
            outline,
        ));
        if kind == MapKind::Utilisation && s.over_cap {
            let ring = Stroke::solid(Colour::INK, (page.unit * 0.2).max(2.0));
            scene.push(Item::Circle {
                centre: c,
                radius_px: r * 1.35 + 2.0,
                fill: None,
                stroke: Some(ring),
            });
        }
        let rr = r * 1.4;
        obstacles.push([c[0] - rr, c[1] - rr, c[0] + rr, c[1] + rr]);
        let text = match (kind, s.utilisation) {
            (MapKind::Utilisation, Some(u)) => format!("{} {:.0}%", s.name, u * 100.0),
            _ => s.name.clone(),
        };
        labels.push(LabelRequest {
            text,
            at_px: c,
            size_px: page.label_px(),
            target: Target::Point { radius_px: rr },
            // Over-cap schools first, then the largest.
            priority: s.enrollment as f64 + if s.over_cap { 1e8 } else { 0.0 },
            keyed: true,
        });
    }
}

pub(super) fn school_entries(
    layers: &MapLayers,
    page: &Page,
    kind: MapKind,
    lang: Lang,
) -> Vec<Entry> {
    let levels: BTreeSet<Level> = layers.schools.iter().map(|s| s.level).collect();
    let r = 0.55 * page.unit;
    let neutral = match kind {
        MapKind::Sites => Colour::hex(0xBBBBBB),
        MapKind::Utilisation => Colour::hex(0xDDDDDD),
        _ => Colour::WHITE,
    };
    let mut out: Vec<Entry> = levels
        .iter()
        .map(|l| Entry::new(Swatch::School(*l, neutral, r), level_name(*l, lang)))
        .collect();
    if kind == MapKind::Utilisation && !layers.schools.is_empty() {
        let classes = [
            (
                palette::UTIL_LOW,
                lang.pick("利用率低于90%", "Utilisation under 90%"),
            ),
            (
                palette::UTIL_FULL,
                lang.pick("利用率90%–100%", "Utilisation 90–100%"),
            ),
            (
                palette::UTIL_OVER,
                lang.pick("超过100%或超过上限", "Over 100% or over a cap"),
            ),
        ];
        for (c, label) in classes {
            out.push(Entry::new(Swatch::School(Level::Primary, c, r), label));
        }
        if layers
            .schools
            .iter()
            .any(|s| s.utilisation.is_none() && !s.over_cap)
        {
            out.push(Entry::new(
                Swatch::School(Level::Primary, palette::UTIL_UNKNOWN, r),
                lang.pick("容量未知", "Capacity unknown"),
            ));
        }
        if layers.schools.iter().any(|s| s.over_cap) {
            out.push(Entry::new(
                Swatch::Line(Stroke::solid(Colour::INK, (page.unit * 0.2).max(2.0))),
                lang.pick(
                    "黑圈：超班额或超规模",
                    "Black ring: over a class or school cap",
                ),
            ));
        }
    }
    if !layers.schools.is_empty() {
        for n in [500u32, 2000] {
            let rn = radius_for(n, REF_STUDENTS, r, 0.3 * page.unit);
            let label = match lang {
                Lang::Zh => format!("{n}名学生"),
                Lang::En => format!("{n} students"),
            };
            out.push(Entry::new(
                Swatch::School(Level::Primary, neutral, rn),
                label,
            ));
        }
    }
    out
}

pub(super) fn draw_new_sites(
    scene: &mut Scene,
    view: &View,
    layers: &MapLayers,
    page: &Page,
    lang: Lang,
    obstacles: &mut Vec<Rect>,
    labels: &mut Vec<LabelRequest>,
) {
    let outline = Stroke::solid(Colour::INK, (page.unit * 0.12).max(1.5));
    for s in &layers.new_sites {
        let c = view.px(s.xy_m);
        let r = 1.6 * radius_for(s.students, REF_STUDENTS, 0.55 * page.unit, 0.5 * page.unit);
        scene.push(star(c, r, palette::NEW_SITE, outline));
        obstacles.push([c[0] - r, c[1] - r, c[0] + r, c[1] + r]);
        let size = match (lang, s.classes) {
            (Lang::Zh, Some(k)) => format!("{}人/{}班", s.students, k),
            (Lang::Zh, None) => format!("{}人", s.students),
            (Lang::En, Some(k)) => format!("{} students, {} classes", s.students, k),
            (Lang::En, None) => format!("{} students", s.students),
        };
        labels.push(LabelRequest {
            text: format!("{}（{}）", s.name, size)
                .replace("（", lang.pick("（", " ("))
                .replace("）", lang.pick("）", ")")),
            at_px: c,
            size_px: page.label_px() * 1.1,
            target: Target::Point { radius_px: r },
            priority: 1e9 + s.students as f64,
            keyed: true,
        });
    }
}

/// Hexagons coloured by class.
pub(super) fn draw_density(scene: &mut Scene, view: &View, d: &Density) {
    for h in &d.bins.hexes {
        let k = class_of(h.count, &d.breaks);
        let ring: Vec<[f64; 2]> = corners(h.centre_m, d.bins.radius_m)
            .into_iter()
            .map(|p| view.px(p))
            .collect();
        scene.push(Item::Polygon {
            rings: vec![ring],
            fill: Some(palette::DENSITY[k.min(4)]),
            stroke: None,
        });
    }
}

pub(super) fn density_entries(d: &Density, lang: Lang) -> Vec<Entry> {
    let mut entries = Vec::new();
    for (k, lo) in d.breaks.iter().enumerate() {
        let label = match d.breaks.get(k + 1) {
            Some(hi) if *hi > lo + 1 => format!("{lo}–{}", hi - 1),
            Some(_) => format!("{lo}"),
            None => format!("≥{lo}"),
        };
        let label = match lang {
            Lang::Zh => format!("{label} 名学生"),
            Lang::En => format!("{label} students"),
        };
        entries.push(Entry::new(Swatch::Fill(palette::DENSITY[k.min(4)]), label));
    }
    let min = d.bins.min_count;
    entries.push(Entry::new(
        Swatch::Note,
        match lang {
            Lang::Zh => format!("少于{min}名学生的六边形不显示（隐私保护）"),
            Lang::En => format!("Hexagons with < {min} students hidden (privacy)"),
        },
    ));
    entries
}

pub(super) fn density_note(bins: &HexBins, lang: Lang) -> String {
    let across_km = bins.radius_m * 3f64.sqrt() / 1000.0;
    match lang {
        Lang::Zh => format!(
            "学生按六边形汇总（宽{across_km:.1}公里），少于{}名学生的六边形不显示（隐私保护）",
            bins.min_count
        ),
        Lang::En => format!(
            "Students aggregated to hexagons {across_km:.1} km across; hexagons with fewer than {} students are not shown (privacy)",
            bins.min_count
        ),
    }
}
