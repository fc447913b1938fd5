//! From planar metres to pixels: fit the data's extent into the map area, north up, same scale on
//! both axes.

use geo::{BoundingRect, MultiPolygon};

/// An axis-aligned rectangle `[x0, y0, x1, y1]` (pixels: y down; metres: y up).
pub type Rect = [f64; 4];

/// Do two pixel rectangles overlap (touching edges do not count)?
pub fn overlaps(a: &Rect, b: &Rect) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Is `inner` inside `outer`?
pub fn contains(outer: &Rect, inner: &Rect) -> bool {
    inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3]
}

/// The extent of some polygons and points, in metres; `None` when there is nothing.
pub fn extent_m<'a>(
    polys: impl IntoIterator<Item = &'a MultiPolygon<f64>>,
    points: &[[f64; 2]],
) -> Option<Rect> {
    let mut e: Option<Rect> = None;
    let mut add = |x0: f64, y0: f64, x1: f64, y1: f64| {
        e = Some(match e {
            None => [x0, y0, x1, y1],
            Some(r) => [r[0].min(x0), r[1].min(y0), r[2].max(x1), r[3].max(y1)],
        });
    };
    for p in polys {
        if let Some(r) = p.bounding_rect() {
            add(r.min().x, r.min().y, r.max().x, r.max().y);
        }
    }
    for p in points {
        add(p[0], p[1], p[0], p[1]);
    }
    e
}

/// A uniform-scale, north-up transform from metres to pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// Pixels per metre.
    pub scale: f64,
    /// The metre point drawn at pixel (0, 0) is `(origin_x_m, origin_y_m)` (x right, y down).
    origin_x_m: f64,
    origin_y_m: f64,
    /// The pixel rectangle the extent was fitted into.
    pub area_px: Rect,
}

impl View {
    /// Fit `extent_m` (padded by `pad` of its size on each side) into `area_px`, centred.
    pub fn fit(extent_m: Rect, area_px: Rect, pad: f64) -> View {
        let (w_m, h_m) = (
            (extent_m[2] - extent_m[0]).max(1.0),
            (extent_m[3] - extent_m[1]).max(1.0),
        );
        let (w_m, h_m) = (w_m * (1.0 + 2.0 * pad), h_m * (1.0 + 2.0 * pad));
        let (w_px, h_px) = (area_px[2] - area_px[0], area_px[3] - area_px[1]);
        let scale = (w_px / w_m).min(h_px / h_m);
        let cx_m = (extent_m[0] + extent_m[2]) / 2.0;
        let cy_m = (extent_m[1] + extent_m[3]) / 2.0;
        let cx_px = (area_px[0] + area_px[2]) / 2.0;
        let cy_px = (area_px[1] + area_px[3]) / 2.0;
        View {
            scale,
            origin_x_m: cx_m - cx_px / scale,
            origin_y_m: cy_m + cy_px / scale,
            area_px,
        }
    }

    /// A metre point in pixels.
    pub fn px(&self, p: [f64; 2]) -> [f64; 2] {
        [
            (p[0] - self.origin_x_m) * self.scale,
            (self.origin_y_m - p[1]) * self.scale,
        ]
    }

    /// Metres per pixel.
    pub fn metres_per_px(&self) -> f64 {
        1.0 / self.scale
    }

    /// The rings of a multipolygon in pixels, one `Vec` of rings (outer first) per polygon.
    pub fn polygons_px(&self, mp: &MultiPolygon<f64>) -> Vec<Vec<Vec<[f64; 2]>>> {
        mp.0.iter()
            .map(|poly| {
                std::iter::once(poly.exterior())
                    .chain(poly.interiors())
                    .map(|ring| ring.0.iter().map(|c| self.px([c.x, c.y])).collect())
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_aspect_and_flips_y() {
        let v = View::fit([0.0, 0.0, 1000.0, 500.0], [0.0, 0.0, 200.0, 200.0], 0.0);
        assert!((v.scale - 0.2).abs() < 1e-12);
        let a = v.px([0.0, 500.0]);
        let b = v.px([1000.0, 0.0]);
        assert!(
            (a[0] - 0.0).abs() < 1e-9 && (a[1] - 50.0).abs() < 1e-9,
            "{a:?}"
        );
        assert!(
            (b[0] - 200.0).abs() < 1e-9 && (b[1] - 150.0).abs() < 1e-9,
            "{b:?}"
        );
    }
}
