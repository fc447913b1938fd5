//! Which planning units touch: the graph contiguous zones must be connected on.
//!
//! Polygon units are adjacent when their boundaries share a line (a shared corner alone does not
//! count) or their interiors overlap. Point units are adjacent when they are Delaunay neighbours
//! (spade). Units at the very same point are adjacent to each other and share neighbours.

use crate::model::{Unit, UnitShape};
use geo::coordinate_position::CoordPos;
use geo::dimensions::Dimensions;
use geo::{BoundingRect, Relate};
use rstar::{primitives::GeomWithData, RTree, AABB};
use spade::{DelaunayTriangulation, HasPosition, Point2, Triangulation};
use std::collections::BTreeMap;

/// Sorted neighbour lists, one per unit.
pub fn unit_adjacency(units: &[Unit]) -> Vec<Vec<usize>> {
    let all_polygons = units
        .iter()
        .all(|u| matches!(u.shape, UnitShape::Polygon { .. }));
    let mut adj = if all_polygons && !units.is_empty() {
        polygon_adjacency(units)
    } else {
        delaunay_adjacency(&units.iter().map(|u| u.centroid_xy_m).collect::<Vec<_>>())
    };
    for list in &mut adj {
        list.sort_unstable();
        list.dedup();
    }
    adj
}

fn polygon_adjacency(units: &[Unit]) -> Vec<Vec<usize>> {
    let shapes: Vec<&geo::MultiPolygon<f64>> = units
        .iter()
        .map(|u| match &u.shape {
            UnitShape::Polygon { xy_m, .. } => xy_m,
            UnitShape::Point { .. } => unreachable!("checked: all polygons"),
        })
        .collect();
    let boxes: Vec<GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, usize>> = shapes
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let r = p.bounding_rect()?;
            let rect = rstar::primitives::Rectangle::from_corners(
                [r.min().x - 0.01, r.min().y - 0.01],
                [r.max().x + 0.01, r.max().y + 0.01],
            );
            Some(GeomWithData::new(rect, i))
        })
        .collect();
    let tree = RTree::bulk_load(boxes.clone());
    let mut adj = vec![Vec::new(); units.len()];
    for b in &boxes {
        let env: AABB<[f64; 2]> = rstar::RTreeObject::envelope(b.geom());
        for other in tree.locate_in_envelope_intersecting(&env) {
            let (i, j) = (b.data, other.data);
            if j <= i {
                continue;
            }
            let m = shapes[i].relate(shapes[j]);
            let touching_line =
                m.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional;
            let overlapping =
                m.get(CoordPos::Inside, CoordPos::Inside) == Dimensions::TwoDimensional;
            if touching_line || overlapping {
                adj[i].push(j);
                adj[j].push(i);
            }
        }
    }
    adj
}

struct Site {
    p: Point2<f64>,
    id: usize,
}

impl HasPosition for Site {
    type Scalar = f64;
    fn position(&self) -> Point2<f64> {
        self.p
    }
}

/// Delaunay neighbours of points (indices into `points`).
pub fn delaunay_adjacency(points: &[[f64; 2]]) -> Vec<Vec<usize>> {
    let mut at: BTreeMap<(u64, u64), Vec<usize>> = BTreeMap::new();
    for (i, p) in points.iter().enumerate() {
        at.entry((p[0].to_bits(), p[1].to_bits()))
            .or_default()
            .push(i);
    }
    let sites: Vec<Vec<usize>> = at.into_values().collect();
    let mut adj = vec![Vec::new(); points.len()];
    for same in &sites {
        for &i in same {
            adj[i].extend(same.iter().filter(|j| **j != i));
        }
    }
    let verts: Vec<Site> = sites
        .iter()
        .enumerate()
        .map(|(k, s)| Site {
            p: Point2::new(points[s[0]][0], points[s[0]][1]),
            id: k,
        })
        .collect();
    let Ok(tri) = DelaunayTriangulation::<Site>::bulk_load_stable(verts) else {
        return adj;
    };
    for e in tri.undirected_edges() {
        let [a, b] = e.vertices();
        let (a, b) = (&sites[a.data().id], &sites[b.data().id]);
        for &i in a {
            for &j in b {
                adj[i].push(j);
                adj[j].push(i);
            }
        }
    }
    adj
}
