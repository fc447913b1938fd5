//! Where a proposed site is, in words a reader can find: its township and village.
//!
//! Why: a construction request names the place ("林西镇冬不冷村"), not planar coordinates. The
//! village is the planning unit whose polygon holds the site, else the nearest gazetteer village;
//! its township is the village's parent in the gazetteer, else the nearest gazetteer township.
//! When neither table names a place the fields stay empty and the source says so.

use super::input::SiteInput;
use crate::model::UnitShape;
use geo::Contains;
use serde::Serialize;

/// The named place of a site.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Place {
    pub township: Option<String>,
    pub village: Option<String>,
    /// Where the names come from (planning unit, gazetteer and distance), or why there are none.
    pub source: String,
}

/// The township and village of the planar point `xy_m`.
pub fn place_of(input: &SiteInput, xy_m: [f64; 2]) -> Place {
    let parent_of = |name: &str| {
        input
            .gazetteer
            .iter()
            .find(|g| g.name == name)
            .and_then(|g| g.parent.clone())
    };
    let pt = geo::Point::new(xy_m[0], xy_m[1]);
    let inside = input.units.iter().find(|u| match &u.shape {
        UnitShape::Polygon { xy_m, .. } => xy_m.contains(&pt),
        UnitShape::Point { .. } => false,
    });
    if let Some(u) = inside.filter(|u| !u.name.is_empty()) {
        let township = parent_of(&u.name).or_else(|| nearest(input, xy_m, false).map(|x| x.0));
        return Place {
            township,
            village: Some(u.name.clone()),
            source: format!("planning unit {}", u.id),
        };
    }
    if let Some((village, d, township)) = nearest(input, xy_m, true).map(|(n, d)| {
        let t = parent_of(&n);
        (n, d, t)
    }) {
        return Place {
            township,
            village: Some(village),
            source: format!("gazetteer, nearest village {d:.0} m"),
        };
    }
    match nearest(input, xy_m, false) {
        Some((t, d)) => Place {
            township: Some(t),
            village: None,
            source: format!("gazetteer, nearest township {d:.0} m; no village named"),
        },
        None => Place {
            source: "no planning unit or gazetteer entry names this place".into(),
            ..Place::default()
        },
    }
}

/// The nearest gazetteer village (`village`: entries with a parent) or township (no parent), and
/// its distance in metres; entries whose position cannot be projected are skipped.
fn nearest(input: &SiteInput, xy_m: [f64; 2], village: bool) -> Option<(String, f64)> {
    input
        .gazetteer
        .iter()
        .filter(|g| g.parent.is_some() == village)
        .filter_map(|g| {
            let p = input.planar.project(g.lonlat).ok()?;
            Some((g.name.clone(), (p[0] - xy_m[0]).hypot(p[1] - xy_m[1])))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)))
}
