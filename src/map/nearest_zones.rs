//! Nearest-school zones for maps: each school's Voronoi cell, clipped to the county boundary.
//!
//! A stand-in until the zones engine's capacitated, contiguous zones are wired to `catchment map`:
//! it needs only school positions and the boundary. Each cell is the bounding box cut by the
//! perpendicular bisector towards every other school (exact Voronoi, O(n²) half-plane clips, fine
//! for the few hundred schools of a county), then intersected with the boundary.

use geo::{BooleanOps, BoundingRect, Coord, LineString, MultiPolygon, Polygon};

/// One cell per seed (same order); an empty multipolygon where a cell falls outside the boundary.
/// Seeds at identical positions share the same cell.
pub fn nearest_zones(
    boundary_m: &MultiPolygon<f64>,
    seeds_m: &[[f64; 2]],
) -> Vec<MultiPolygon<f64>> {
    let Some(bb) = boundary_m.bounding_rect() else {
        return vec![MultiPolygon(Vec::new()); seeds_m.len()];
    };
    let pad = (bb.width() + bb.height()).max(1.0);
    let mut min = [bb.min().x - pad, bb.min().y - pad];
    let mut max = [bb.max().x + pad, bb.max().y + pad];
    for s in seeds_m {
        min = [min[0].min(s[0] - pad), min[1].min(s[1] - pad)];
        max = [max[0].max(s[0] + pad), max[1].max(s[1] + pad)];
    }
    let frame = vec![min, [max[0], min[1]], max, [min[0], max[1]]];
    seeds_m
        .iter()
        .map(|s| {
            let mut cell = frame.clone();
            for o in seeds_m {
                if o != s {
                    cell = clip_half_plane(&cell, *s, *o);
                }
            }
            if cell.len() < 3 {
                return MultiPolygon(Vec::new());
            }
            let mut ring: Vec<Coord<f64>> =
                cell.iter().map(|p| Coord { x: p[0], y: p[1] }).collect();
            ring.push(ring[0]);
            Polygon::new(LineString(ring), Vec::new()).intersection(boundary_m)
        })
        .collect()
}

/// Keep the part of convex polygon `poly` nearer to `s` than to `o` (Sutherland–Hodgman).
fn clip_half_plane(poly: &[[f64; 2]], s: [f64; 2], o: [f64; 2]) -> Vec<[f64; 2]> {
    // Inside when (p - m)·(o - s) <= 0, m the midpoint.
    let n = [o[0] - s[0], o[1] - s[1]];
    let m = [(o[0] + s[0]) / 2.0, (o[1] + s[1]) / 2.0];
    let side = |p: [f64; 2]| (p[0] - m[0]) * n[0] + (p[1] - m[1]) * n[1];
    let mut out = Vec::with_capacity(poly.len() + 1);
    for i in 0..poly.len() {
        let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
        let (da, db) = (side(a), side(b));
        if da <= 0.0 {
            out.push(a);
        }
        if (da <= 0.0) != (db <= 0.0) {
            let t = da / (da - db);
            out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Area};

    #[test]
    fn cells_tile_the_boundary_and_hold_their_seed() {
        let b = MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 50.0), (x: 0.0, y: 50.0)],
        ]);
        let seeds = [[10.0, 10.0], [80.0, 20.0], [50.0, 40.0], [30.0, 45.0]];
        let cells = nearest_zones(&b, &seeds);
        let total: f64 = cells.iter().map(|c| c.unsigned_area()).sum();
        assert!((total - 5000.0).abs() < 1e-6, "{total}");
        for (c, s) in cells.iter().zip(&seeds) {
            use geo::Contains;
            assert!(c.contains(&geo::Point::new(s[0], s[1])));
        }
        // Two seeds: the bisector x = 50 splits the rectangle in halves.
        let halves = nearest_zones(&b, &[[25.0, 25.0], [75.0, 25.0]]);
        assert!((halves[0].unsigned_area() - 2500.0).abs() < 1e-6);
    }
}
