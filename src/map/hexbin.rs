//! Students as aggregated hexagon density: count homes per hexagon and hide hexagons with fewer than
//! a minimum, so a published map never shows where one child lives.

use std::collections::BTreeMap;

/// One kept hexagon.
#[derive(Debug, Clone, PartialEq)]
pub struct Hex {
    /// Axial coordinates (pointy-top).
    pub q: i64,
    pub r: i64,
    pub centre_m: [f64; 2],
    pub count: u32,
}

/// The result of binning.
#[derive(Debug, Clone, PartialEq)]
pub struct HexBins {
    /// Centre-to-corner distance in metres.
    pub radius_m: f64,
    /// Hexagons with at least `min_count` students, sorted by (q, r).
    pub hexes: Vec<Hex>,
    /// Hexagons hidden for having fewer than `min_count` students, and the students in them.
    pub suppressed_hexes: usize,
    pub suppressed_students: u64,
    pub min_count: u32,
}

/// Bin points into pointy-top hexagons of circumradius `radius_m`, keeping those with at least
/// `min_count` points.
pub fn hexbin(points_m: &[[f64; 2]], radius_m: f64, min_count: u32) -> HexBins {
    let mut counts: BTreeMap<(i64, i64), u32> = BTreeMap::new();
    for p in points_m {
        if p[0].is_finite() && p[1].is_finite() {
            *counts.entry(axial(*p, radius_m)).or_default() += 1;
        }
    }
    let mut bins = HexBins {
        radius_m,
        hexes: Vec::new(),
        suppressed_hexes: 0,
        suppressed_students: 0,
        min_count,
    };
    for ((q, r), count) in counts {
        if count >= min_count {
            bins.hexes.push(Hex {
                q,
                r,
                centre_m: centre(q, r, radius_m),
                count,
            });
        } else {
            bins.suppressed_hexes += 1;
            bins.suppressed_students += count as u64;
        }
    }
    bins
}

/// The hexagon (axial q, r) containing `p`.
pub fn axial(p: [f64; 2], radius_m: f64) -> (i64, i64) {
    let q = (3f64.sqrt() / 3.0 * p[0] - p[1] / 3.0) / radius_m;
    let r = (2.0 / 3.0 * p[1]) / radius_m;
    cube_round(q, r)
}

fn cube_round(q: f64, r: f64) -> (i64, i64) {
    let s = -q - r;
    let (mut rq, mut rr, rs) = (q.round(), r.round(), s.round());
    let (dq, dr, ds) = ((rq - q).abs(), (rr - r).abs(), (rs - s).abs());
    if dq > dr && dq > ds {
        rq = -rr - rs;
    } else if dr > ds {
        rr = -rq - rs;
    }
    (rq as i64, rr as i64)
}

/// Centre of hexagon (q, r) in metres.
pub fn centre(q: i64, r: i64, radius_m: f64) -> [f64; 2] {
    let (q, r) = (q as f64, r as f64);
    [radius_m * 3f64.sqrt() * (q + r / 2.0), radius_m * 1.5 * r]
}

/// The six corners of a pointy-top hexagon around `c`.
pub fn corners(c: [f64; 2], radius_m: f64) -> Vec<[f64; 2]> {
    (0..6)
        .map(|k| {
            let a = (60.0 * k as f64 - 30.0).to_radians();
            [c[0] + radius_m * a.cos(), c[1] + radius_m * a.sin()]
        })
        .collect()
}

/// The circumradius for about `across` hexagons over `extent_m` (the larger side), chosen so the
/// width across flats is a round 1, 2 or 5 × 10^k metres.
pub fn nice_radius_m(extent_m: f64, across: f64) -> f64 {
    super::ticks::nice_number(extent_m / across.max(1.0)) / 3f64.sqrt()
}

/// Up to five class breaks (lower bounds, ascending, the first = `min_count`) by quantiles of the
/// kept counts.
pub fn class_breaks(bins: &HexBins) -> Vec<u32> {
    let mut counts: Vec<u32> = bins.hexes.iter().map(|h| h.count).collect();
    counts.sort_unstable();
    let mut breaks = vec![bins.min_count.max(1)];
    if counts.is_empty() {
        return breaks;
    }
    for k in 1..5 {
        let v = counts[(counts.len() * k / 5).min(counts.len() - 1)];
        if v > *breaks.last().unwrap_or(&0) {
            breaks.push(v);
        }
    }
    breaks
}

/// The class of `count` given lower-bound `breaks`.
pub fn class_of(count: u32, breaks: &[u32]) -> usize {
    breaks.iter().rposition(|b| count >= *b).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_land_in_the_hexagon_whose_centre_is_nearest() {
        let r = 100.0;
        for &(x, y) in &[
            (0.0, 0.0),
            (80.0, 10.0),
            (-50.0, 140.0),
            (173.0, 0.0),
            (1234.5, -987.6),
        ] {
            let (q, rr) = axial([x, y], r);
            let c = centre(q, rr, r);
            let d = ((c[0] - x).powi(2) + (c[1] - y).powi(2)).sqrt();
            // Nearest centre: no neighbour is closer.
            for (dq, dr) in [(1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1)] {
                let n = centre(q + dq, rr + dr, r);
                let dn = ((n[0] - x).powi(2) + (n[1] - y).powi(2)).sqrt();
                assert!(d <= dn + 1e-9, "({x},{y})");
            }
        }
    }

    #[test]
    fn small_hexagons_are_suppressed_and_counted() {
        let mut pts = vec![[0.0, 0.0]; 7];
        pts.extend(vec![[5000.0, 0.0]; 3]);
        let b = hexbin(&pts, 100.0, 5);
        assert_eq!(b.hexes.len(), 1);
        assert_eq!(b.hexes[0].count, 7);
        assert_eq!((b.suppressed_hexes, b.suppressed_students), (1, 3));
        assert_eq!(class_of(7, &class_breaks(&b)), class_breaks(&b).len() - 1);
    }
}
