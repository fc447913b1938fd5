//! The embedded CJK font (a GB2312 subset of Noto Sans CJK SC, OFL): labels never use system fonts.
//!
//! The raster renderer blends this font's glyph coverage into the image, the SVG writer turns the same
//! glyph outlines into paths, and [`register_with_plotters`] makes it available to plotters charts
//! (`ab_glyph` feature) under [`FAMILY`]. Sizes are plotters' (`PxScale`: ascent-to-descent height
//! in pixels).

use ab_glyph::{Font, FontRef, OutlineCurve, PxScale, ScaleFont};
use std::fmt::Write as _;
use std::sync::OnceLock;

/// The font file: `gis/fonts/NotoSansSC-GB2312.otf` (see `gis/fonts/SOURCES.md`).
pub static FONT_BYTES: &[u8] = include_bytes!("../../gis/fonts/NotoSansSC-GB2312.otf");

/// The family name the font is registered under with plotters.
pub const FAMILY: &str = "catchment-noto-sans-sc";

/// The parsed font.
pub fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).expect("embedded font parses"))
}

/// Register the embedded font with plotters (once per process).
pub fn register_with_plotters() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        // The bytes are the same ones `font()` parsed, so this cannot fail.
        let _ =
            plotters::style::register_font(FAMILY, plotters::style::FontStyle::Normal, FONT_BYTES);
    });
}

/// Characters of `text` the font has no glyph for (they would draw as the .notdef box).
pub fn missing_chars(text: &str) -> Vec<char> {
    let f = font();
    let mut out: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && f.glyph_id(*c).0 == 0)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Size of a line of text in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextSize {
    pub width_px: f64,
    /// From the top of the line box to the baseline.
    pub ascent_px: f64,
    /// From the baseline to the bottom of the line box (positive).
    pub descent_px: f64,
}

impl TextSize {
    /// Line box height.
    pub fn height_px(&self) -> f64 {
        self.ascent_px + self.descent_px
    }
}

/// Measure `text` at `size_px` (the plotters font size: ascent-to-descent height).
pub fn measure(text: &str, size_px: f64) -> TextSize {
    let f = font().as_scaled(PxScale::from(size_px as f32));
    let mut width = 0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = f.glyph_id(c);
        if let Some(p) = prev {
            width += f.kern(p, id);
        }
        width += f.h_advance(id);
        prev = Some(id);
    }
    TextSize {
        width_px: width as f64,
        ascent_px: f.ascent() as f64,
        descent_px: -f.descent() as f64,
    }
}

/// The outlines of `text` as an SVG path `d`, with the line starting at `x` on `baseline_y` (pixels,
/// y down). Coordinates are rounded to 0.01 px so the output is stable.
pub fn outline_path(text: &str, size_px: f64, x: f64, baseline_y: f64) -> String {
    let font = font();
    let scaled = font.as_scaled(PxScale::from(size_px as f32));
    let sx = scaled.h_scale_factor() as f64;
    let sy = scaled.v_scale_factor() as f64;
    let mut d = String::new();
    let mut pen = x;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id) as f64;
        }
        if let Some(outline) = font.outline(id) {
            let map = |p: ab_glyph::Point| (pen + p.x as f64 * sx, baseline_y - p.y as f64 * sy);
            append_curves(&mut d, &outline.curves, map);
        }
        pen += scaled.h_advance(id) as f64;
        prev = Some(id);
    }
    d
}

fn append_curves(
    d: &mut String,
    curves: &[OutlineCurve],
    map: impl Fn(ab_glyph::Point) -> (f64, f64),
) {
    let mut last: Option<ab_glyph::Point> = None;
    for curve in curves {
        let start = match curve {
            OutlineCurve::Line(a, _)
            | OutlineCurve::Quad(a, _, _)
            | OutlineCurve::Cubic(a, _, _, _) => *a,
        };
        if last != Some(start) {
            if last.is_some() {
                d.push('Z');
            }
            let (x, y) = map(start);
            let _ = write!(d, "M{x:.2} {y:.2}");
        }
        match curve {
            OutlineCurve::Line(_, b) => {
                let (x, y) = map(*b);
                let _ = write!(d, "L{x:.2} {y:.2}");
                last = Some(*b);
            }
            OutlineCurve::Quad(_, b, c) => {
                let ((x1, y1), (x, y)) = (map(*b), map(*c));
                let _ = write!(d, "Q{x1:.2} {y1:.2} {x:.2} {y:.2}");
                last = Some(*c);
            }
            OutlineCurve::Cubic(_, b, c, e) => {
                let ((x1, y1), (x2, y2), (x, y)) = (map(*b), map(*c), map(*e));
                let _ = write!(d, "C{x1:.2} {y1:.2} {x2:.2} {y2:.2} {x:.2} {y:.2}");
                last = Some(*e);
            }
        }
    }
    if last.is_some() {
        d.push('Z');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_covers_county_names_and_map_punctuation() {
        assert!(missing_chars("林西县 新城子镇 大井镇 · km ° （小学）").is_empty());
        // U+4DB5 is a CJK Extension A character, outside GB2312.
        assert_eq!(missing_chars("林\u{4DB5}"), vec!['\u{4DB5}']);
    }

    #[test]
    fn measure_grows_with_text_and_size() {
        let a = measure("林西", 20.0);
        let b = measure("林西县", 20.0);
        let c = measure("林西县", 40.0);
        assert!(b.width_px > a.width_px && a.width_px > 0.0);
        assert!((c.width_px - 2.0 * b.width_px).abs() < 1.0);
        assert!((b.height_px() - 20.0).abs() < 0.5, "{b:?}");
    }

    #[test]
    fn outline_path_has_subpaths_per_glyph() {
        let d = outline_path("林", 20.0, 0.0, 20.0);
        assert!(d.starts_with('M') && d.matches('M').count() >= 2, "{d}");
    }
}
