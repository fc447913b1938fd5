//! Write a [`Scene`] as SVG 1.1 text.
//!
//! Labels are drawn as the embedded font's glyph outlines (`<path>`), so the map looks the same on a
//! machine without a CJK font; each label also has a transparent `<text>` element with the words, so
//! they can be searched, copied and read by screen readers. Polygons keep their holes (even-odd).
//! Numbers are rounded to 0.01 px and nothing depends on time, so the output is deterministic.

use super::font;
use super::scene::{anchor_top_left, Colour, Item, Scene, Stroke};
use std::fmt::Write as _;

/// The scene as an SVG document.
pub fn render_svg(scene: &Scene) -> String {
    let (w, h) = (scene.width_px, scene.height_px);
    let mut s = String::with_capacity(64 * 1024);
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#
    );
    let _ = writeln!(
        s,
        r#"<rect x="0" y="0" width="{w}" height="{h}" fill="{}"/>"#,
        scene.background.css()
    );
    for item in &scene.items {
        write_item(&mut s, item);
    }
    s.push_str("</svg>\n");
    s
}

fn write_item(s: &mut String, item: &Item) {
    match item {
        Item::Polygon {
            rings,
            fill,
            stroke,
        } => {
            let mut d = String::new();
            for ring in rings.iter().filter(|r| r.len() >= 2) {
                push_points(&mut d, ring);
                d.push('Z');
            }
            let _ = writeln!(
                s,
                r#"<path d="{d}" fill-rule="evenodd"{}{}/>"#,
                fill_attr(*fill),
                stroke_attr(stroke.as_ref())
            );
        }
        Item::Line { points, stroke } => {
            let mut d = String::new();
            push_points(&mut d, points);
            let _ = writeln!(
                s,
                r#"<path d="{d}" fill="none"{}/>"#,
                stroke_attr(Some(stroke))
            );
        }
        Item::Circle {
            centre,
            radius_px,
            fill,
            stroke,
        } => {
            let _ = writeln!(
                s,
                r#"<circle cx="{:.2}" cy="{:.2}" r="{:.2}"{}{}/>"#,
                centre[0],
                centre[1],
                radius_px,
                fill_attr(*fill),
                stroke_attr(stroke.as_ref())
            );
        }
        Item::Text {
            text,
            at,
            anchor,
            size_px,
            colour,
            halo,
        } => write_text(s, text, *at, *anchor, *size_px, *colour, *halo),
    }
}

fn write_text(
    s: &mut String,
    text: &str,
    at: [f64; 2],
    anchor: super::scene::Anchor,
    size_px: f64,
    colour: Colour,
    halo: Option<Colour>,
) {
    let m = font::measure(text, size_px);
    let tl = anchor_top_left(at, anchor, m.width_px, m.height_px());
    let baseline = tl[1] + m.ascent_px;
    let d = font::outline_path(text, size_px, tl[0], baseline);
    let halo_attr = match halo {
        Some(h) => format!(
            r#" stroke="{}" stroke-width="{:.2}" stroke-linejoin="round" paint-order="stroke"{}"#,
            h.css(),
            (size_px / 4.5).max(3.0),
            opacity_attr("stroke-opacity", h)
        ),
        None => String::new(),
    };
    let _ = writeln!(
        s,
        r#"<g class="label"><text x="{:.2}" y="{:.2}" font-size="{:.2}" font-family="Noto Sans CJK SC, Noto Sans SC, sans-serif" fill-opacity="0">{}</text><path d="{d}" fill="{}"{}{halo_attr}/></g>"#,
        tl[0],
        baseline,
        size_px,
        escape(text),
        colour.css(),
        opacity_attr("fill-opacity", colour)
    );
}

fn push_points(d: &mut String, pts: &[[f64; 2]]) {
    for (i, p) in pts.iter().enumerate() {
        let _ = write!(
            d,
            "{}{:.2} {:.2}",
            if i == 0 { 'M' } else { 'L' },
            p[0],
            p[1]
        );
    }
}

fn opacity_attr(name: &str, c: Colour) -> String {
    if c.a == 255 {
        String::new()
    } else {
        format!(r#" {name}="{:.3}""#, c.a as f64 / 255.0)
    }
}

fn fill_attr(fill: Option<Colour>) -> String {
    match fill {
        Some(c) => format!(r#" fill="{}"{}"#, c.css(), opacity_attr("fill-opacity", c)),
        None => r#" fill="none""#.to_string(),
    }
}

fn stroke_attr(stroke: Option<&Stroke>) -> String {
    let Some(st) = stroke else {
        return String::new();
    };
    let mut a = format!(
        r#" stroke="{}" stroke-width="{:.2}" stroke-linejoin="round"{}"#,
        st.colour.css(),
        st.width_px,
        opacity_attr("stroke-opacity", st.colour)
    );
    if let Some((dash, gap)) = st.dash_px {
        let _ = write!(a, r#" stroke-dasharray="{dash:.2} {gap:.2}""#);
    }
    a
}

/// Escape text for XML character data.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
