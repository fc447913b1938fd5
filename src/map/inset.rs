//! The county-town inset: most schools of a county stand in its town, where a county-wide map has
//! no room for their labels. [`town_extent`] finds the densest cluster of schools and
//! [`clip_layers`] cuts every layer to it, so the same map can be drawn again at town scale.

use super::types::{AreaShape, MapLayers, ZoneShape};
use geo::{coord, BooleanOps, MultiPolygon, Rect};

/// Radius within which schools count as one cluster, metres.
const CLUSTER_RADIUS_M: f64 = 2_500.0;
/// Margin around the cluster's schools, metres.
const MARGIN_M: f64 = 800.0;

/// The extent `[x0, y0, x1, y1]` (metres) of the densest cluster of schools: the school with the
/// most others within 2.5 km, and those others. None when no cluster has three schools.
pub fn town_extent(points_m: &[[f64; 2]]) -> Option<[f64; 4]> {
    let near = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).hypot(a[1] - b[1]) <= CLUSTER_RADIUS_M;
    let (best, count) = points_m
        .iter()
        .enumerate()
        .map(|(i, p)| (i, points_m.iter().filter(|q| near(*p, **q)).count()))
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
    if count < 3 {
        return None;
    }
    let members: Vec<&[f64; 2]> = points_m
        .iter()
        .filter(|q| near(points_m[best], **q))
        .collect();
    let lo = |k: usize| members.iter().map(|p| p[k]).fold(f64::INFINITY, f64::min) - MARGIN_M;
    let hi = |k: usize| {
        members
            .iter()
            .map(|p| p[k])
            .fold(f64::NEG_INFINITY, f64::max)
            + MARGIN_M
    };
    Some([lo(0), lo(1), hi(0), hi(1)])
}

fn clip(mp: &MultiPolygon<f64>, window: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    mp.intersection(window)
}

/// Every layer cut to `extent`; features wholly outside are left out. The county boundary is left
/// out (the zones, units and townships show the ground).
pub fn clip_layers(layers: &MapLayers, extent: [f64; 4]) -> MapLayers {
    let rect = Rect::new(
        coord! { x: extent[0], y: extent[1] },
        coord! { x: extent[2], y: extent[3] },
    );
    let window = MultiPolygon(vec![rect.to_polygon()]);
    let inside = |p: &[f64; 2]| {
        p[0] >= extent[0] && p[0] <= extent[2] && p[1] >= extent[1] && p[1] <= extent[3]
    };
    let areas = |v: &[AreaShape]| -> Vec<AreaShape> {
        v.iter()
            .map(|a| AreaShape {
                name: a.name.clone(),
                polygon_m: clip(&a.polygon_m, &window),
            })
            .filter(|a| !a.polygon_m.0.is_empty())
            .collect()
    };
    MapLayers {
        // The county line only where it really runs inside the window: the window's own edges
        // must not be drawn as a boundary.
        boundary_m: None,
        units: areas(&layers.units),
        townships: areas(&layers.townships),
        zones: layers
            .zones
            .iter()
            .map(|z| ZoneShape {
                polygon_m: clip(&z.polygon_m, &window),
                ..z.clone()
            })
            .filter(|z| !z.polygon_m.0.is_empty())
            .collect(),
        schools: layers
            .schools
            .iter()
            .filter(|s| inside(&s.xy_m))
            .cloned()
            .collect(),
        new_sites: layers
            .new_sites
            .iter()
            .filter(|s| inside(&s.xy_m))
            .cloned()
            .collect(),
        density_points_m: layers
            .density_points_m
            .iter()
            .filter(|p| inside(p))
            .copied()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_densest_cluster_is_the_town() {
        let pts = [
            [0.0, 0.0],
            [500.0, 0.0],
            [0.0, 900.0],
            [1000.0, 1000.0],
            [40_000.0, 0.0],
            [41_000.0, 0.0],
        ];
        let e = town_extent(&pts).unwrap();
        assert_eq!(e, [-800.0, -800.0, 1800.0, 1800.0]);
        assert!(town_extent(&pts[4..]).is_none());
    }
}
