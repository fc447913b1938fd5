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

use super::Zoning;
use crate::model::{Project, UnitShape};
use geo::{coord, BooleanOps, BoundingRect, LineString, MultiPolygon, Polygon, Rect};
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
pub fn zone_polygons(project: &Project, zoning: &Zoning) -> Vec<ZonePolygon> {
    let polygon_units = !project.units.is_empty()
        && project
            .units
            .iter()
            .all(|u| matches!(u.shape, UnitShape::Polygon { .. }));
    let mut by_zone: BTreeMap<Option<usize>, Vec<Polygon<f64>>> = BTreeMap::new();
    let clip = match (&zoning.unit_zones, polygon_units) {
        (Some(zones), true) => {
            for (u, z) in zones.iter().enumerate() {
                if let UnitShape::Polygon { xy_m, .. } = &project.units[u].shape {
                    by_zone
                        .entry(*z)
                        .or_default()
                        .extend(xy_m.0.iter().cloned());
                }
            }
            None
        }
        _ => {
            let clip = clip_area(project, zoning);
            let sites: Vec<([f64; 2], Option<usize>)> = zoning.points.clone();
            for (cell, zone) in voronoi_cells(&sites, &clip) {
                by_zone.entry(zone).or_default().push(cell);
            }
            Some(clip)
        }
    };
    let mut zones: Vec<(Option<usize>, Vec<Polygon<f64>>)> = by_zone.into_iter().collect();
    // Seated zones first (by index), the overflow area last.
    zones.sort_by_key(|(z, _)| (z.is_none(), *z));
    zones
        .into_par_iter()
        .map(|(seat, cells)| {
            let union = geo::unary_union(&cells);
            let xy_m = match &clip {
                Some(c) => union.intersection(c),
                None => union,
            };
            ZonePolygon { seat, xy_m }
        })
        .filter(|z| !z.xy_m.0.is_empty())
        .collect()
}

fn clip_area(project: &Project, zoning: &Zoning) -> MultiPolygon<f64> {
    if let Some((_, xy)) = &project.boundary {
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

/// Voronoi cells of the real sites (duplicates must already be merged), bounded by guard points.
fn voronoi_cells(
    sites: &[([f64; 2], Option<usize>)],
    clip: &MultiPolygon<f64>,
) -> Vec<(Polygon<f64>, Option<usize>)> {
    let Some(mut bb) = clip.bounding_rect() else {
        return Vec::new();
    };
    for (p, _) in sites {
        bb = Rect::new(
            coord! { x: bb.min().x.min(p[0]), y: bb.min().y.min(p[1]) },
            coord! { x: bb.max().x.max(p[0]), y: bb.max().y.max(p[1]) },
        );
    }
    if sites.len() == 1 {
        return vec![(bb.to_polygon(), sites[0].1)];
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
    let handles: Vec<_> = tri.fixed_vertices().collect();
    handles
        .into_par_iter()
        .map(|h| tri.vertex(h))
        .filter(|v| v.data().real)
        .filter_map(|v| {
            let mut ring = Vec::new();
            for e in v.out_edges() {
                let f = e.face().as_inner()?;
                let c = centers[f.fix().index()];
                ring.push(coord! { x: c.x, y: c.y });
            }
            ring.push(ring[0]);
            Some((Polygon::new(LineString::new(ring), vec![]), v.data().zone))
        })
        .collect()
}
