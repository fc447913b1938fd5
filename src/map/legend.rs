//! The legend: a boxed list of swatches and labels, laid out from font metrics.

use super::scene::{Anchor, Colour, Item, Scene, Stroke};
use super::symbols;
use super::view::Rect;
use crate::model::Level;

/// What a legend row shows left of its label.
#[derive(Debug, Clone, PartialEq)]
pub enum Swatch {
    /// A filled box.
    Fill(Colour),
    /// A school symbol of a level, with fill colour and radius in pixels.
    School(Level, Colour, f64),
    /// A new-site star of radius in pixels.
    Star(Colour, f64),
    /// A line.
    Line(Stroke),
    /// No swatch: a note in smaller type.
    Note,
}

/// One legend row.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub swatch: Swatch,
    pub label: String,
}

impl Entry {
    pub fn new(swatch: Swatch, label: impl Into<String>) -> Entry {
        Entry {
            swatch,
            label: label.into(),
        }
    }
}

/// The legend's size in pixels.
pub fn measure(title: &str, entries: &[Entry], size_px: f64) -> (f64, f64) {
    let pad = size_px * 0.6;
    let sw = swatch_width(entries, size_px);
    let mut w = super::font::measure(title, size_px * 1.1).width_px;
    let mut h = size_px * 1.1 * 1.4;
    for e in entries {
        let (lw, eh) = row_size(e, size_px);
        let ew = match e.swatch {
            Swatch::Note => lw,
            _ => sw + size_px * 0.5 + lw,
        };
        w = w.max(ew);
        h += eh;
    }
    (w + 2.0 * pad, h + 2.0 * pad)
}

/// Width of the swatch column.
fn swatch_width(entries: &[Entry], size_px: f64) -> f64 {
    entries
        .iter()
        .map(|e| match &e.swatch {
            Swatch::School(_, _, r) | Swatch::Star(_, r) => 2.6 * r,
            _ => 0.0,
        })
        .fold(size_px * 1.6, f64::max)
}

/// Label width and row height.
fn row_size(e: &Entry, size_px: f64) -> (f64, f64) {
    match &e.swatch {
        Swatch::Note => {
            let s = size_px * 0.8;
            (super::font::measure(&e.label, s).width_px, s * 1.35)
        }
        Swatch::School(_, _, r) | Swatch::Star(_, r) => (
            super::font::measure(&e.label, size_px).width_px,
            (size_px * 1.45).max(2.6 * r + 4.0),
        ),
        _ => (
            super::font::measure(&e.label, size_px).width_px,
            size_px * 1.45,
        ),
    }
}

/// Draw the legend with its top-left at `at`. Returns its box.
pub fn draw(scene: &mut Scene, at: [f64; 2], title: &str, entries: &[Entry], size_px: f64) -> Rect {
    let (w, h) = measure(title, entries, size_px);
    let [x0, y0] = at;
    let pad = size_px * 0.6;
    let sw = size_px * 1.6;
    let swatch_w = swatch_width(entries, size_px);
    scene.rect(
        x0,
        y0,
        x0 + w,
        y0 + h,
        Some(Colour::WHITE.with_alpha(235)),
        Some(Stroke::solid(Colour::hex(0x888888), 1.0)),
    );
    let mut y = y0 + pad;
    scene.text(
        title,
        [x0 + pad, y],
        Anchor::TopLeft,
        size_px * 1.1,
        Colour::INK,
    );
    y += size_px * 1.1 * 1.4;
    for e in entries {
        let (_, eh) = row_size(e, size_px);
        let cy = y + eh / 2.0;
        let sx = x0 + pad + swatch_w / 2.0;
        let label_x = x0 + pad + swatch_w + size_px * 0.5;
        let outline = Stroke::solid(Colour::INK, 1.0);
        match &e.swatch {
            Swatch::Fill(c) => {
                let (hw, hh) = (sw / 2.0, size_px * 0.5);
                scene.rect(sx - hw, cy - hh, sx + hw, cy + hh, Some(*c), Some(outline));
            }
            Swatch::School(level, c, r) => {
                scene.push(symbols::school_symbol(*level, [sx, cy], *r, *c, outline))
            }
            Swatch::Star(c, r) => scene.push(symbols::star([sx, cy], *r, *c, outline)),
            Swatch::Line(s) => scene.push(Item::Line {
                points: vec![[sx - sw / 2.0, cy], [sx + sw / 2.0, cy]],
                stroke: *s,
            }),
            Swatch::Note => {}
        }
        match e.swatch {
            Swatch::Note => scene.text(
                &e.label,
                [x0 + pad, cy],
                Anchor::CentreLeft,
                size_px * 0.8,
                Colour::hex(0x444444),
            ),
            _ => scene.text(
                &e.label,
                [label_x, cy],
                Anchor::CentreLeft,
                size_px,
                Colour::INK,
            ),
        }
        y += eh;
    }
    [x0, y0, x0 + w, y0 + h]
}
