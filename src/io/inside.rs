//! Fast point-in-polygon and point-to-boundary distance for many points against one boundary.
//!
//! A county boundary has thousands of vertices and a project up to a million students; testing every
//! edge for every point is too slow. Edges are bucketed into horizontal bands, so a ray cast only
//! looks at the few edges crossing the point's band (even-odd rule, so holes and multipolygons work).

use geo::MultiPolygon;

/// A prepared boundary for containment tests.
#[derive(Debug, Clone)]
pub struct InsideIndex {
    edges: Vec<[f64; 4]>,
    y0: f64,
    band_h: f64,
    bands: Vec<Vec<u32>>,
}

impl InsideIndex {
    /// Prepare `shape` (any consistent units).
    pub fn new(shape: &MultiPolygon<f64>) -> InsideIndex {
        let mut edges = Vec::new();
        for poly in shape {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                for l in ring.lines() {
                    let e = [l.start.x, l.start.y, l.end.x, l.end.y];
                    if e.iter().all(|v| v.is_finite()) {
                        edges.push(e);
                    }
                }
            }
        }
        let (mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY);
        for e in &edges {
            y0 = y0.min(e[1].min(e[3]));
            y1 = y1.max(e[1].max(e[3]));
        }
        let n = (edges.len() / 4).clamp(1, 4096);
        let band_h = if y1 > y0 { (y1 - y0) / n as f64 } else { 1.0 };
        let mut bands = vec![Vec::new(); if edges.is_empty() { 0 } else { n }];
        for (i, e) in edges.iter().enumerate() {
            let a = Self::band_of(y0, band_h, n, e[1].min(e[3]));
            let b = Self::band_of(y0, band_h, n, e[1].max(e[3]));
            for band in &mut bands[a..=b] {
                band.push(i as u32);
            }
        }
        InsideIndex {
            edges,
            y0,
            band_h,
            bands,
        }
    }

    fn band_of(y0: f64, h: f64, n: usize, y: f64) -> usize {
        (((y - y0) / h).floor().max(0.0) as usize).min(n - 1)
    }

    /// Whether `p` is inside (even-odd rule).
    pub fn contains(&self, p: [f64; 2]) -> bool {
        if self.bands.is_empty() || !p[1].is_finite() || !p[0].is_finite() {
            return false;
        }
        let n = self.bands.len();
        let rel = (p[1] - self.y0) / self.band_h;
        if rel < 0.0 || rel > n as f64 {
            return false;
        }
        let band = &self.bands[Self::band_of(self.y0, self.band_h, n, p[1])];
        let mut inside = false;
        for &i in band {
            let [x1, y1, x2, y2] = self.edges[i as usize];
            if (y1 > p[1]) != (y2 > p[1]) {
                let x = x1 + (p[1] - y1) / (y2 - y1) * (x2 - x1);
                if x > p[0] {
                    inside = !inside;
                }
            }
        }
        inside
    }

    /// Distance from `p` to the nearest boundary edge, in the shape's units.
    pub fn distance_to_edge(&self, p: [f64; 2]) -> f64 {
        self.edges
            .iter()
            .map(|e| segment_distance(p, e))
            .fold(f64::INFINITY, f64::min)
    }
}

fn segment_distance(p: [f64; 2], e: &[f64; 4]) -> f64 {
    let (dx, dy) = (e[2] - e[0], e[3] - e[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - e[0]) * dx + (p[1] - e[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (e[0] + t * dx, e[1] + t * dy);
    ((p[0] - cx).powi(2) + (p[1] - cy).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Contains, Point};

    #[test]
    fn agrees_with_geo_on_a_square_with_a_hole() {
        let poly = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
            interiors: [[(x: 4.0, y: 4.0), (x: 6.0, y: 4.0), (x: 6.0, y: 6.0), (x: 4.0, y: 6.0)]],
        );
        let mp = MultiPolygon::new(vec![poly.clone()]);
        let idx = InsideIndex::new(&mp);
        for i in -5..=25 {
            for j in -5..=25 {
                let p = [i as f64 * 0.5 + 0.013, j as f64 * 0.5 + 0.007];
                assert_eq!(
                    idx.contains(p),
                    poly.contains(&Point::new(p[0], p[1])),
                    "{p:?}"
                );
            }
        }
        assert!((idx.distance_to_edge([13.0, 5.0]) - 3.0).abs() < 1e-12);
    }
}
