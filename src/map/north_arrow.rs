//! The north arrow. Planar CRSs here are north-up (grid north), so the arrow points straight up.

use super::scene::{Anchor, Colour, Item, Scene, Stroke};
use super::view::Rect;

/// Draw a north arrow of height `h_px` with its top centre at `top`. Returns its box.
pub fn draw(scene: &mut Scene, top: [f64; 2], h_px: f64, letter: &str) -> Rect {
    let size_px = h_px * 0.38;
    let [cx, y0] = top;
    scene.text(letter, [cx, y0], Anchor::TopCentre, size_px, Colour::INK);
    let tip = y0 + size_px * 1.15;
    let base = y0 + h_px;
    let half = h_px * 0.22;
    let notch = base - (base - tip) * 0.25;
    let stroke = Some(Stroke::solid(Colour::INK, 1.5));
    scene.push(Item::Polygon {
        rings: vec![vec![[cx, tip], [cx - half, base], [cx, notch]]],
        fill: Some(Colour::INK),
        stroke,
    });
    scene.push(Item::Polygon {
        rings: vec![vec![[cx, tip], [cx + half, base], [cx, notch]]],
        fill: Some(Colour::WHITE),
        stroke,
    });
    let w = super::font::measure(letter, size_px)
        .width_px
        .max(2.0 * half);
    [cx - w / 2.0 - 2.0, y0 - 2.0, cx + w / 2.0 + 2.0, base + 2.0]
}
