//! The page: title band, map area with a neat line, footer with data year and source, and the
//! furniture corners (legend bottom-left, scale bar bottom-right, north arrow top-right).

use super::scene::{Anchor, Colour, Scene, Stroke};
use super::types::{Frame, Lang};
use super::view::Rect;

/// Pixel sizes derived from the canvas size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Page {
    /// One hundredth of the shorter side: the unit of type and symbol sizes.
    pub unit: f64,
    pub margin: f64,
    /// The map (or chart) area inside the neat line.
    pub area: Rect,
}

impl Page {
    pub fn new(frame: &Frame) -> Page {
        let (w, h) = (frame.width_px as f64, frame.height_px as f64);
        let unit = w.min(h) / 100.0;
        let margin = 2.0 * unit;
        let title_band = 4.0 * unit;
        let footer = 2.4 * unit;
        Page {
            unit,
            margin,
            area: [margin, margin + title_band, w - margin, h - margin - footer],
        }
    }

    /// Label size for schools and places.
    pub fn label_px(&self) -> f64 {
        (1.15 * self.unit).max(9.0)
    }

    /// Legend type size.
    pub fn legend_px(&self) -> f64 {
        (1.2 * self.unit).max(9.0)
    }
}

/// Draw the title, the footer (year, source, extra notes) and the neat line around `neat_px`.
pub fn draw_page(scene: &mut Scene, page: &Page, neat_px: Rect, frame: &Frame, notes: &[String]) {
    let w = frame.width_px as f64;
    let title_px = (2.3 * page.unit).max(12.0);
    scene.text(
        frame.title.clone(),
        [w / 2.0, page.margin],
        Anchor::TopCentre,
        title_px,
        Colour::INK,
    );
    scene.rect(
        neat_px[0],
        neat_px[1],
        neat_px[2],
        neat_px[3],
        None,
        Some(Stroke::solid(
            Colour::hex(0x555555),
            (page.unit * 0.1).max(1.0),
        )),
    );
    let mut parts: Vec<String> = Vec::new();
    if let Some(y) = frame.year {
        parts.push(match frame.lang {
            Lang::Zh => format!("数据年份：{y}年"),
            Lang::En => format!("Data year: {y}"),
        });
    }
    if let Some(s) = &frame.source_note {
        parts.push(match frame.lang {
            Lang::Zh => format!("数据来源：{s}"),
            Lang::En => format!("Source: {s}"),
        });
    }
    parts.extend(notes.iter().cloned());
    parts.push(match frame.lang {
        Lang::Zh => "制图：catchment".to_string(),
        Lang::En => "Made with catchment".to_string(),
    });
    let sep = frame.lang.pick("；", "; ");
    let footer_px = (0.95 * page.unit).max(8.0);
    scene.text(
        parts.join(sep),
        [page.area[0], page.area[3] + page.unit * 0.6],
        Anchor::TopLeft,
        footer_px,
        Colour::hex(0x444444),
    );
}
