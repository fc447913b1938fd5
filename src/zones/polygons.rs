//! Zone polygons: one (Multi)Polygon per school, for QGIS and the maps. They show areas, never homes.
//!
//! - Units with polygons: each zone is the union of its units' polygons.
//! - Point data (students or point units): the Voronoi cells (spade) of the distinct demand points,
//!   each labelled with the school holding most of that point's students, unioned per school with
//!   geo's `unary_union` once over all of the zone's cells, then clipped to the county boundary
//!   (or, without one, to the points' bounding box plus 1 km). Far-away guard points make every
//!   real cell bounded and together the cells cover the whole clip area, so zones do not overlap
//!   and their union is the boundary.
//!
//! Points whose students all overflowed form a zone with no school (`seat: None`), so coverage holds.
//!
//! - `--method nearest` (without unit polygons): each zone is the Voronoi cell of its school's
//!   position among the distinct school positions (co-located schools: the lowest index, the one
//!   [`super::nearest`] seats there), clipped like the above. This is exact — every home lies in
//!   the cell of the school it was sent to — built from a thousand sites instead of a million
//!   homes, and it shows no home at all: the cells depend only on the schools and the boundary.
//!   A school whose cell holds no pupil still has its zone (students 0); nobody overflows.

use super::{Method, ZoneInput, Zoning};
use crate::model::UnitShape;
use geo::{coord, Area, BooleanOps, BoundingRect, LineString, MultiPolygon, Polygon, Rect};
use rayon::prelude::*;
use spade::{DelaunayTriangulation, HasPosition, Point2, Triangulation};
use std::collections::BTreeMap;

/// One zone in planar metres.
#[derive(Debug, Clone)]
pub struct ZonePolygon {
    /// Index into `Zoning::schools`; None for the area of students who could not be seated.
    pub seat: Option<usize>,
    pub xy_m: MultiPolygon<f64>,
}

/// Build the zone polygons of a zoning run, sorted by school index (None last).
pub fn zone_polygons(input: &ZoneInput, zoning: &Zoning) -> Vec<ZonePolygon> {
    let polygon_units = !input.units.is_empty()
        && input
            .units
            .iter()
            .all(|u| matches!(u.shape, UnitShape::Polygon { .. }));
    let mut by_zone: BTreeMap<Option<usize>, Vec<Polygon<f64>>> = BTreeMap::new();
    match (&zoning.unit_zones, polygon_units) {
        (Some(zones), true) => {
            for (u, z) in zones.iter().enumerate() {
                if let UnitShape::Polygon { xy_m, .. } = &input.units[u].shape {
                    by_zone
                        .entry(*z)
                        .or_default()
                        .extend(xy_m.0.iter().cloned());
                }
            }
        }
        _ if zoning.summary.method == Method::Nearest => {
            let clip = clip_area(input, zoning);
            return voronoi_zones(&school_sites(input, zoning), &clip);
        }
        _ => {
            let clip = clip_area(input, zoning);
            return voronoi_zones(&zoning.points, &clip);
        }
    };
    let mut zones: Vec<(Option<usize>, Vec<Polygon<f64>>)> = by_zone.into_iter().collect();
    // Seated zones first (by index), the overflow area last.
    zones.sort_by_key(|(z, _)| (z.is_none(), *z));
    zones
        .into_par_iter()
        .map(|(seat, cells)| ZonePolygon {
            seat,
            xy_m: geo::unary_union(&cells),
        })
        .filter(|z| !z.xy_m.0.is_empty())
        .collect()
}

/// The sites of the nearest method: each distinct school position with the school (index into
/// `zoning.schools`) that takes its pupils.
fn school_sites(input: &ZoneInput, zoning: &Zoning) -> Vec<([f64; 2], Option<usize>)> {
    let mut xy: BTreeMap<&str, [f64; 2]> = BTreeMap::new();
    for s in input.schools {
        xy.entry(s.id.as_str()).or_insert(s.xy_m);
    }
    let seats: Vec<[f64; 2]> = zoning
        .schools
        .iter()
        .map(|s| {
            xy.get(s.school_id.as_str())
                .copied()
                .unwrap_or([f64::NAN; 2])
        })
        .collect();
    super::nearest::nearest_sites(seats.into_iter())
        .into_iter()
        .filter(|(p, _)| p[0].is_finite() && p[1].is_finite())
        .map(|(p, i)| (p, Some(i)))
        .collect()
}

fn clip_area(input: &ZoneInput, zoning: &Zoning) -> MultiPolygon<f64> {
    if let Some(xy) = input.boundary_xy_m {
        return xy.clone();
    }
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for (p, _) in &zoning.points {
        for i in 0..2 {
            lo[i] = lo[i].min(p[i]);
            hi[i] = hi[i].max(p[i]);
        }
    }
    let r = Rect::new(
        coord! { x: lo[0] - 1000.0, y: lo[1] - 1000.0 },
        coord! { x: hi[0] + 1000.0, y: hi[1] + 1000.0 },
    );
    MultiPolygon(vec![r.to_polygon()])
}

struct Site {
    p: Point2<f64>,
    zone: Option<usize>,
    real: bool,
}

impl HasPosition for Site {
    type Scalar = f64;
    fn position(&self) -> Point2<f64> {
        self.p
    }
}

/// The zones of point sites (duplicates already merged): each site's Voronoi cell goes to the
/// site's zone, and each zone is traced directly as the boundary between its cells and other
/// zones' cells (Voronoi edges dual to Delaunay edges joining different zones), then clipped.
/// Tracing the shared edges is exact and linear, where a boolean union of a million cells is not.
fn voronoi_zones(
    sites: &[([f64; 2], Option<usize>)],
    clip: &MultiPolygon<f64>,
) -> Vec<ZonePolygon> {
    let Some(mut bb) = clip.bounding_rect() else {
        return Vec::new();
    };
    for (p, _) in sites {
        bb = Rect::new(
            coord! { x: bb.min().x.min(p[0]), y: bb.min().y.min(p[1]) },
            coord! { x: bb.max().x.max(p[0]), y: bb.max().y.max(p[1]) },
        );
    }
    if sites.len() <= 1 {
        return sites
            .iter()
            .map(|(_, z)| ZonePolygon {
                seat: *z,
                xy_m: clip.clone(),
            })
            .filter(|z| !z.xy_m.0.is_empty())
            .collect();
    }
    let d = (bb.width().hypot(bb.height())).max(1.0);
    let (cx, cy) = (bb.center().x, bb.center().y);
    let mut verts: Vec<Site> = sites
        .iter()
        .map(|(p, z)| Site {
            p: Point2::new(p[0], p[1]),
            zone: *z,
            real: true,
        })
        .collect();
    let r = 3.0 * d;
    for i in 0..16 {
        let a = i as f64 * std::f64::consts::TAU / 16.0;
        verts.push(Site {
            p: Point2::new(cx + r * a.cos(), cy + r * a.sin()),
            zone: None,
            real: false,
        });
    }
    let Ok(tri) = DelaunayTriangulation::<Site>::bulk_load_stable(verts) else {
        return Vec::new();
    };
    let mut centers = vec![Point2::new(0.0, 0.0); tri.num_all_faces()];
    for f in tri.inner_faces() {
        centers[f.fix().index()] = f.circumcenter();
    }
    // Boundary edges of each zone, directed with the zone on the left: (zone, from face, to face).
    let mut edges: Vec<(ZoneKey, u32, u32)> = Vec::new();
    for e in tri.directed_edges() {
        let (from, to) = (e.from(), e.to());
        let (a, b) = (from.data(), to.data());
        if !a.real || (b.real && b.zone == a.zone) {
            continue;
        }
        let (Some(left), Some(right)) = (e.face().as_inner(), e.rev().face().as_inner()) else {
            continue;
        };
        let key = (a.zone.is_none(), a.zone);
        edges.push((key, right.fix().index() as u32, left.fix().index() as u32));
    }
    edges.par_sort_unstable();
    let mut spans: Vec<&[(ZoneKey, u32, u32)]> = edges.chunk_by(|x, y| x.0 == y.0).collect();
    // Seated zones first (by index), the overflow area last: the key sorts that way.
    spans.sort_by_key(|s| s[0].0);
    spans
        .into_par_iter()
        .map(|span| {
            let seat = span[0].0 .1;
            let traced = trace_zone(span, &centers);
            ZonePolygon {
                seat,
                xy_m: traced.intersection(clip),
            }
        })
        .filter(|z| !z.xy_m.0.is_empty())
        .collect()
}

/// Sorts seated zones by index, then the overflow zone.
type ZoneKey = (bool, Option<usize>);

/// Chain one zone's directed boundary edges (sorted by from face) into rings: counter-clockwise
/// rings are outer boundaries, clockwise ones holes (other zones inside this one).
fn trace_zone(span: &[(ZoneKey, u32, u32)], centers: &[Point2<f64>]) -> MultiPolygon<f64> {
    let mut used = vec![false; span.len()];
    let (mut outer, mut holes) = (Vec::new(), Vec::new());
    for start in 0..span.len() {
        if used[start] {
            continue;
        }
        let mut ring = Vec::new();
        let mut at = start;
        let closed = loop {
            used[at] = true;
            let c = centers[span[at].1 as usize];
            ring.push(coord! { x: c.x, y: c.y });
            let next = span[at].2;
            let Ok(n) = span.binary_search_by_key(&next, |e| e.1) else {
                break false;
            };
            if n == start {
                break true;
            }
            if used[n] {
                break false;
            }
            at = n;
        };
        if !closed || ring.len() < 3 {
            continue;
        }
        ring.push(ring[0]);
        let poly = Polygon::new(LineString::new(ring), vec![]);
        if poly.signed_area() >= 0.0 {
            outer.push(poly);
        } else {
            holes.push(poly);
        }
    }
    let outer = MultiPolygon(outer);
    if holes.is_empty() {
        outer
    } else {
        outer.difference(&MultiPolygon(holes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, Validation};

    /// A 5 × 5 grid of sites, the middle one in zone 1, the rest in zone 0: zone 0 is traced
    /// with a hole, the two zones do not overlap and together fill the clip square.
    #[test]
    fn an_enclosed_zone_leaves_a_hole_and_the_zones_tile_the_clip() {
        let mut sites = Vec::new();
        for i in 0..5 {
            for j in 0..5 {
                let zone = if (i, j) == (2, 2) { 1 } else { 0 };
                sites.push(([i as f64 * 100.0, j as f64 * 100.0 + i as f64], Some(zone)));
            }
        }
        let clip = MultiPolygon(vec![Rect::new(
            coord! { x: -100.0, y: -100.0 },
            coord! { x: 500.0, y: 500.0 },
        )
        .to_polygon()]);
        let zones = voronoi_zones(&sites, &clip);
        assert_eq!(zones.len(), 2);
        assert_eq!((zones[0].seat, zones[1].seat), (Some(0), Some(1)));
        assert_eq!(zones[0].xy_m.0.len(), 1);
        assert_eq!(zones[0].xy_m.0[0].interiors().len(), 1, "zone 0 has a hole");
        for z in &zones {
            assert!(z.xy_m.is_valid());
        }
        let overlap = zones[0].xy_m.intersection(&zones[1].xy_m).unsigned_area();
        // Shared edges only: any overlap is floating-point noise of the overlay.
        assert!(
            overlap < 1e-8 * clip.unsigned_area(),
            "overlap {overlap} m²"
        );
        let total: f64 = zones.iter().map(|z| z.xy_m.unsigned_area()).sum();
        assert!((total - clip.unsigned_area()).abs() < 1e-6 * clip.unsigned_area());
    }
}
