//! The scale bar: a round length in km (1, 2 or 5 × 10^k) no longer than a share of the map width,
//! drawn as four alternating black and white blocks with 0, half and full labels.

use super::scene::{Anchor, Colour, Item, Scene, Stroke};
use super::ticks::nice_number;
use super::view::Rect;

/// The bar length in km for a map `metres_per_px` wide-scaled with at most `max_px` for the bar.
pub fn bar_length_km(metres_per_px: f64, max_px: f64) -> f64 {
    nice_number(metres_per_px * max_px / 1000.0)
}

/// Draw the scale bar with its left end at `at` (pixels, the bar's top-left). Returns its box.
pub fn draw(
    scene: &mut Scene,
    at: [f64; 2],
    metres_per_px: f64,
    max_px: f64,
    size_px: f64,
    unit: &str,
) -> Rect {
    let km = bar_length_km(metres_per_px, max_px);
    let len_px = km * 1000.0 / metres_per_px;
    let h = (size_px * 0.45).max(4.0);
    let [x, y] = at;
    let outline = Stroke::solid(Colour::INK, 1.0);
    for k in 0..4 {
        let x0 = x + len_px * k as f64 / 4.0;
        let fill = if k % 2 == 0 {
            Colour::INK
        } else {
            Colour::WHITE
        };
        scene.rect(x0, y, x0 + len_px / 4.0, y + h, Some(fill), Some(outline));
    }
    let ty = y + h + size_px * 0.2;
    let fmt = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        }
    };
    scene.text("0", [x, ty], Anchor::TopCentre, size_px, Colour::INK);
    scene.text(
        fmt(km / 2.0),
        [x + len_px / 2.0, ty],
        Anchor::TopCentre,
        size_px,
        Colour::INK,
    );
    let last = format!("{} {unit}", fmt(km));
    let w = super::font::measure(&last, size_px).width_px;
    let zero_w = super::font::measure(fmt(km).as_str(), size_px).width_px;
    scene.push(Item::Text {
        text: last,
        at: [x + len_px - zero_w / 2.0, ty],
        anchor: Anchor::TopLeft,
        size_px,
        colour: Colour::INK,
        halo: None,
    });
    [x - size_px, y - 2.0, x + len_px + w, ty + size_px * 1.1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_is_round_and_fits() {
        // 50 m per pixel, at most 400 px: 20 km fits (400 px), and it is a round number.
        assert_eq!(bar_length_km(50.0, 400.0), 20.0);
        assert_eq!(bar_length_km(50.0, 399.0), 10.0);
        assert_eq!(bar_length_km(5.0, 300.0), 1.0);
    }
}
