//! Zone shapes for a map from a zoning run (the zones engine's polygons, planar metres).

use super::{Lang, ZoneShape};
use crate::zones::{polygons::ZonePolygon, Zoning};

/// One shape per non-empty zone polygon; the area of students who could not be seated, if any, is
/// labelled as such.
pub fn zone_shapes(zoning: &Zoning, polygons: &[ZonePolygon], lang: Lang) -> Vec<ZoneShape> {
    polygons
        .iter()
        .filter(|z| !z.xy_m.0.is_empty())
        .map(|z| match z.seat.and_then(|i| zoning.schools.get(i)) {
            Some(s) => ZoneShape {
                school_id: s.school_id.clone(),
                name: s.name.clone(),
                polygon_m: z.xy_m.clone(),
            },
            None => ZoneShape {
                school_id: String::new(),
                name: lang.pick("未能入学", "Not seated").to_string(),
                polygon_m: z.xy_m.clone(),
            },
        })
        .collect()
}
