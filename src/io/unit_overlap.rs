//! Planning units whose polygons overlap.
//!
//! A village or community polygon layer is meant to tile the county: every home lies in one unit.
//! Where two polygons overlap, a pupil living there belongs to both, so unit counts are counted
//! twice and zone assignment depends on which unit is tried first. Layers digitised by hand also
//! have thin slivers along shared borders, which change nothing a planner would notice. So an
//! overlap of at least [`ERROR_SHARE`] of the smaller unit is an error, a smaller one of at least
//! [`MIN_AREA_M2`] is a warning, and floating-point noise along shared edges is ignored. Each
//! names both unit ids, their lines and the overlap area.

use crate::model::{Diagnostic, LoadReport, Unit, UnitShape};
use geo::{Area, BooleanOps, BoundingRect, MultiPolygon};
use rayon::prelude::*;
use rstar::primitives::GeomWithData;
use rstar::{RTree, AABB};

/// Overlaps smaller than this (square metres) are rounding along a shared edge.
pub const MIN_AREA_M2: f64 = 1.0;
/// An overlap of at least this share of the smaller unit's area is an error.
pub const ERROR_SHARE: f64 = 0.01;

type Boxed = GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, usize>;

/// One overlapping pair: indices into the units, the overlap area and the smaller unit's area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overlap {
    pub a: usize,
    pub b: usize,
    pub area_m2: f64,
    pub smaller_m2: f64,
}

/// Every pair of polygon units that overlap by at least [`MIN_AREA_M2`], in unit order.
pub fn overlaps(units: &[Unit]) -> Vec<Overlap> {
    let polys: Vec<(usize, &MultiPolygon<f64>)> = units
        .iter()
        .enumerate()
        .filter_map(|(i, u)| match &u.shape {
            UnitShape::Polygon { xy_m, .. } if !xy_m.0.is_empty() => Some((i, xy_m)),
            _ => None,
        })
        .collect();
    let boxes: Vec<Boxed> = polys
        .iter()
        .filter_map(|(i, mp)| {
            let r = mp.bounding_rect()?;
            let (lo, hi) = ([r.min().x, r.min().y], [r.max().x, r.max().y]);
            Some(GeomWithData::new(
                rstar::primitives::Rectangle::from_corners(lo, hi),
                *i,
            ))
        })
        .collect();
    let tree = RTree::bulk_load(boxes.clone());
    let shape = |i: usize| match &units[i].shape {
        UnitShape::Polygon { xy_m, .. } => xy_m,
        UnitShape::Point { .. } => unreachable!("only polygon units are indexed"),
    };
    let mut found: Vec<Overlap> = boxes
        .par_iter()
        .flat_map_iter(|bx| {
            let a = bx.data;
            let env: AABB<[f64; 2]> = rstar::RTreeObject::envelope(bx);
            tree.locate_in_envelope_intersecting(&env)
                .filter(move |other| other.data > a)
                .map(|other| other.data)
                .collect::<Vec<_>>()
                .into_iter()
                .filter_map(move |b| {
                    let area_m2 = shape(a).intersection(shape(b)).unsigned_area();
                    let smaller_m2 = shape(a).unsigned_area().min(shape(b).unsigned_area());
                    (area_m2 >= MIN_AREA_M2).then_some(Overlap {
                        a,
                        b,
                        area_m2,
                        smaller_m2,
                    })
                })
        })
        .collect();
    found.sort_by_key(|o| (o.a, o.b));
    found
}

/// Report every overlapping pair of unit polygons.
pub fn check(units: &[Unit], report: &mut LoadReport) {
    for o in overlaps(units) {
        let (a, b) = (&units[o.a], &units[o.b]);
        let share = o.area_m2 / o.smaller_m2.max(f64::MIN_POSITIVE);
        let message = format!(
            "units '{}' and '{}' (line {}) overlap by {:.0} m² ({:.1} % of the smaller)",
            a.id,
            b.id,
            b.source.line,
            o.area_m2,
            100.0 * share
        );
        let d = if share >= ERROR_SHARE {
            Diagnostic::error(
                &a.source,
                format!("{message}: pupils living there would belong to both units"),
                "fix the polygons so that the units do not overlap (in a GIS: topology check, remove overlaps)",
            )
        } else {
            Diagnostic::warning(
                &a.source,
                format!("{message}: a sliver along their shared border"),
                "snap the shared border in a GIS if the sliver holds homes",
            )
        };
        report.diagnostics.push(d.field("geometry", &a.id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceRef;
    use geo::{polygon, MultiPolygon};

    fn square(id: &str, line: u64, x0: f64, y0: f64, side: f64) -> Unit {
        let p = polygon![
            (x: x0, y: y0), (x: x0 + side, y: y0), (x: x0 + side, y: y0 + side),
            (x: x0, y: y0 + side), (x: x0, y: y0)
        ];
        Unit {
            id: id.into(),
            name: id.into(),
            shape: UnitShape::Polygon {
                lonlat: MultiPolygon::new(vec![]),
                xy_m: MultiPolygon::new(vec![p]),
            },
            centroid_xy_m: [x0, y0],
            counts: None,
            source: SourceRef::new("units.geojson", line),
        }
    }

    #[test]
    fn shared_edges_are_not_overlaps_and_a_real_overlap_is_measured() {
        let units = vec![
            square("U1", 1, 0.0, 0.0, 1000.0),
            square("U2", 2, 1000.0, 0.0, 1000.0),
            square("U3", 3, 1500.0, 500.0, 1000.0),
        ];
        let o = overlaps(&units);
        assert_eq!(o.len(), 1, "{o:?}");
        assert_eq!((o[0].a, o[0].b), (1, 2));
        assert!((o[0].area_m2 - 250_000.0).abs() < 1e-3, "{o:?}");
        let mut r = LoadReport::default();
        check(&units, &mut r);
        let d = &r.diagnostics[0];
        assert_eq!(d.severity, crate::model::Severity::Error);
        assert!(
            d.message.contains(
                "units 'U2' and 'U3' (line 3) overlap by 250000 m² (25.0 % of the smaller)"
            ),
            "{d}"
        );
    }

    #[test]
    fn a_thin_sliver_is_a_warning() {
        // 1000 m × 2 m = 2000 m², 0.2 % of a 1 km² unit.
        let units = vec![
            square("U1", 1, 0.0, 0.0, 1000.0),
            square("U2", 2, 998.0, 0.0, 1000.0),
        ];
        let mut r = LoadReport::default();
        check(&units, &mut r);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].severity, crate::model::Severity::Warning);
        assert!(r.diagnostics[0].message.contains("overlap by 2000 m²"));
    }
}
