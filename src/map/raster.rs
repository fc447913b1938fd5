//! Paint a [`Scene`] into an RGB buffer with plotters' `BitMapBackend`, and encode it as PNG.
//!
//! Text is drawn with the embedded font (see [`paint_text`] for why glyphs are placed here rather than
//! by plotters' text routine). The PNG is encoded here (no timestamps, fixed compression), so the same scene
//! always gives the same bytes.

use super::dash::dash_polyline;
use super::font;
use super::scene::{anchor_top_left, Colour, Item, Scene, Stroke};
use plotters::prelude::{BitMapBackend, DrawingBackend, RGBAColor, ShapeStyle};
use plotters::style::Color as _;

/// Why painting or encoding failed.
#[derive(Debug, thiserror::Error)]
pub enum RasterError {
    #[error("drawing failed: {0}")]
    Draw(String),
    #[error("PNG encoding failed: {0}")]
    Encode(String),
}

type Backend<'a> = BitMapBackend<'a>;

/// Paint the scene into a new `width*height*3` RGB buffer.
pub fn paint_rgb(scene: &Scene) -> Result<Vec<u8>, RasterError> {
    let (w, h) = (scene.width_px, scene.height_px);
    let mut buf = vec![0u8; w as usize * h as usize * 3];
    {
        let mut b = BitMapBackend::with_buffer(&mut buf, (w, h));
        let bg = shape(scene.background, true, 1.0);
        b.draw_rect((0, 0), (w as i32, h as i32), &bg, true)
            .map_err(draw_err)?;
        for item in &scene.items {
            paint_item(&mut b, item)?;
        }
        b.present().map_err(draw_err)?;
    }
    Ok(buf)
}

/// Paint the scene and encode it as an 8-bit RGB PNG.
pub fn render_png(scene: &Scene) -> Result<Vec<u8>, RasterError> {
    let rgb = paint_rgb(scene)?;
    encode_png(&rgb, scene.width_px, scene.height_px)
}

/// Encode an RGB buffer as PNG with fixed settings (deterministic bytes).
pub fn encode_png(rgb: &[u8], width_px: u32, height_px: u32) -> Result<Vec<u8>, RasterError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width_px, height_px);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        enc.set_filter(png::FilterType::Sub);
        let mut writer = enc
            .write_header()
            .map_err(|e| RasterError::Encode(e.to_string()))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| RasterError::Encode(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| RasterError::Encode(e.to_string()))?;
    }
    Ok(out)
}

fn draw_err<E: std::fmt::Debug>(e: E) -> RasterError {
    RasterError::Draw(format!("{e:?}"))
}

fn shape(c: Colour, filled: bool, width_px: f64) -> ShapeStyle {
    ShapeStyle {
        color: RGBAColor(c.r, c.g, c.b, c.a as f64 / 255.0),
        filled,
        stroke_width: width_px.round().max(1.0) as u32,
    }
}

fn px(p: [f64; 2]) -> (i32, i32) {
    (p[0].round() as i32, p[1].round() as i32)
}

fn paint_item(b: &mut Backend, item: &Item) -> Result<(), RasterError> {
    match item {
        Item::Polygon {
            rings,
            fill,
            stroke,
        } => {
            if let Some(f) = fill {
                fill_rings(b, rings, *f)?;
            }
            if let Some(s) = stroke {
                for ring in rings {
                    let mut closed = ring.clone();
                    if let Some(first) = ring.first() {
                        closed.push(*first);
                    }
                    stroke_line(b, &closed, s)?;
                }
            }
        }
        Item::Line { points, stroke } => stroke_line(b, points, stroke)?,
        Item::Circle {
            centre,
            radius_px,
            fill,
            stroke,
        } => {
            let r = radius_px.round().max(1.0) as u32;
            if let Some(f) = fill {
                b.draw_circle(px(*centre), r, &shape(*f, true, 1.0), true)
                    .map_err(draw_err)?;
            }
            if let Some(s) = stroke {
                b.draw_circle(px(*centre), r, &shape(s.colour, false, s.width_px), false)
                    .map_err(draw_err)?;
            }
        }
        Item::Text {
            text,
            at,
            anchor,
            size_px,
            colour,
            halo,
        } => paint_text(b, text, *at, *anchor, *size_px, *colour, *halo)?,
    }
    Ok(())
}

/// Fill with even-odd holes: the rings are chained into one vertex list; the bridge edges between
/// rings are walked twice and cancel in plotters' even-odd scanline fill.
fn fill_rings(b: &mut Backend, rings: &[Vec<[f64; 2]>], c: Colour) -> Result<(), RasterError> {
    let mut verts: Vec<(i32, i32)> = Vec::new();
    let mut first_of_outer = None;
    for ring in rings.iter().filter(|r| r.len() >= 3) {
        let start = px(ring[0]);
        verts.extend(ring.iter().map(|p| px(*p)));
        verts.push(start);
        match first_of_outer {
            None => first_of_outer = Some(start),
            Some(o) => verts.push(o),
        }
    }
    if verts.len() < 3 {
        return Ok(());
    }
    b.fill_polygon(verts, &shape(c, true, 1.0))
        .map_err(draw_err)
}

fn stroke_line(b: &mut Backend, points: &[[f64; 2]], s: &Stroke) -> Result<(), RasterError> {
    let style = shape(s.colour, false, s.width_px);
    let pieces = match s.dash_px {
        Some((dash, gap)) => dash_polyline(points, dash, gap),
        None => vec![points.to_vec()],
    };
    for piece in pieces {
        if piece.len() >= 2 {
            b.draw_path(piece.iter().map(|p| px(*p)), &style)
                .map_err(draw_err)?;
        }
    }
    Ok(())
}

/// Text: each glyph is outlined by ab_glyph at its exact pen position (side bearings, kerning and a
/// common baseline) and blended pixel by pixel. plotters' own `ab_glyph` text drawing drops the side
/// bearings and rounds the baseline per glyph, which makes Latin labels ragged.
fn paint_text(
    b: &mut Backend,
    text: &str,
    at: [f64; 2],
    anchor: super::scene::Anchor,
    size_px: f64,
    colour: Colour,
    halo: Option<Colour>,
) -> Result<(), RasterError> {
    let m = font::measure(text, size_px);
    let tl = anchor_top_left(at, anchor, m.width_px, m.height_px());
    let origin = [tl[0], tl[1] + m.ascent_px];
    if let Some(hc) = halo {
        let r = (size_px / 9.0).max(1.5);
        for k in 0..8 {
            let a = k as f64 * std::f64::consts::FRAC_PI_4;
            let o = [origin[0] + r * a.cos(), origin[1] + r * a.sin()];
            draw_glyphs(b, text, size_px, hc, o)?;
        }
    }
    draw_glyphs(b, text, size_px, colour, origin)
}

/// Draw `text` with its baseline starting at `origin`.
fn draw_glyphs(
    b: &mut Backend,
    text: &str,
    size_px: f64,
    c: Colour,
    origin: [f64; 2],
) -> Result<(), RasterError> {
    use ab_glyph::{Font, PxScale, ScaleFont};
    let f = font::font();
    let scaled = f.as_scaled(PxScale::from(size_px as f32));
    let (w, h) = (b.get_size().0 as i32, b.get_size().1 as i32);
    let mut pen = origin[0] as f32;
    let mut prev = None;
    for ch in text.chars() {
        let id = scaled.glyph_id(ch);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        let glyph =
            id.with_scale_and_position(scaled.scale(), ab_glyph::point(pen, origin[1] as f32));
        pen += scaled.h_advance(id);
        prev = Some(id);
        let Some(outlined) = f.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        let mut result = Ok(());
        outlined.draw(|x, y, cov| {
            let (px, py) = (
                bounds.min.x as i32 + x as i32,
                bounds.min.y as i32 + y as i32,
            );
            if result.is_ok() && cov > 0.0 && px >= 0 && py >= 0 && px < w && py < h {
                let alpha = cov.min(1.0) as f64 * c.a as f64 / 255.0;
                result = b.draw_pixel((px, py), RGBAColor(c.r, c.g, c.b, alpha).to_backend_color());
            }
        });
        result.map_err(draw_err)?;
    }
    Ok(())
}
