//! Point symbols: one shape per school level, sized by enrollment; a star for new sites.

use super::scene::{Colour, Item, Stroke};
use crate::model::Level;

/// Symbol radius for an enrollment: area proportional to students, `r_ref_px` at `ref_students`,
/// clamped to `[min_px, 3 r_ref_px]`.
pub fn radius_for(enrollment: u32, ref_students: f64, r_ref_px: f64, min_px: f64) -> f64 {
    let r = r_ref_px * (enrollment as f64 / ref_students.max(1.0)).sqrt();
    r.clamp(min_px, 3.0 * r_ref_px)
}

/// The symbol of a school level at `c` with radius `r`: kindergarten triangle, primary circle,
/// junior middle square, nine-year diamond, twelve-year hexagon.
pub fn school_symbol(level: Level, c: [f64; 2], r: f64, fill: Colour, stroke: Stroke) -> Item {
    let poly = |pts: Vec<[f64; 2]>| Item::Polygon {
        rings: vec![pts],
        fill: Some(fill),
        stroke: Some(stroke),
    };
    match level {
        Level::Primary => Item::Circle {
            centre: c,
            radius_px: r,
            fill: Some(fill),
            stroke: Some(stroke),
        },
        Level::Kindergarten => poly(regular(c, r * 1.25, 3, -90.0)),
        Level::Junior => poly(regular(c, r * 1.2, 4, 45.0)),
        Level::NineYear => poly(regular(c, r * 1.3, 4, 0.0)),
        Level::TwelveYear => poly(regular(c, r * 1.15, 6, 0.0)),
    }
}

/// A five-pointed star (new sites).
pub fn star(c: [f64; 2], r: f64, fill: Colour, stroke: Stroke) -> Item {
    let pts = (0..10)
        .map(|k| {
            let rr = if k % 2 == 0 { r } else { r * 0.45 };
            let a = (-90.0 + 36.0 * k as f64).to_radians();
            [c[0] + rr * a.cos(), c[1] + rr * a.sin()]
        })
        .collect();
    Item::Polygon {
        rings: vec![pts],
        fill: Some(fill),
        stroke: Some(stroke),
    }
}

/// A regular `n`-gon of circumradius `r`, first corner at `start_deg` (pixels, y down).
fn regular(c: [f64; 2], r: f64, n: usize, start_deg: f64) -> Vec<[f64; 2]> {
    (0..n)
        .map(|k| {
            let a = (start_deg + 360.0 * k as f64 / n as f64).to_radians();
            [c[0] + r * a.cos(), c[1] + r * a.sin()]
        })
        .collect()
}

/// The level's name for legends.
pub fn level_name(level: Level, lang: super::Lang) -> &'static str {
    match lang {
        super::Lang::Zh => level.zh(),
        super::Lang::En => match level {
            Level::Kindergarten => "Kindergarten",
            Level::Primary => "Primary school",
            Level::Junior => "Junior middle school",
            Level::NineYear => "Nine-year school",
            Level::TwelveYear => "Twelve-year school",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_grows_with_enrollment() {
        let a = radius_for(500, 1000.0, 10.0, 3.0);
        let b = radius_for(2000, 1000.0, 10.0, 3.0);
        assert!((b / a - 2.0).abs() < 1e-9);
        assert_eq!(radius_for(0, 1000.0, 10.0, 3.0), 3.0);
    }
}
