//! A drawing in pixel coordinates: the list of shapes both renderers (PNG and SVG) paint in order.
//!
//! Composing a map builds a [`Scene`]; [`super::raster`] and [`super::svg`] turn it into bytes. Keeping
//! the two renderers behind one list is what makes PNG and SVG show the same thing.

/// An sRGB colour with alpha (0 = transparent, 255 = opaque).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Colour {
    /// An opaque colour from `0xRRGGBB`.
    pub const fn hex(rgb: u32) -> Colour {
        Colour {
            r: (rgb >> 16) as u8,
            g: (rgb >> 8) as u8,
            b: rgb as u8,
            a: 255,
        }
    }

    /// The same colour with alpha `a`.
    pub const fn with_alpha(self, a: u8) -> Colour {
        Colour { a, ..self }
    }

    /// `#rrggbb` for SVG.
    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    pub const WHITE: Colour = Colour::hex(0xFFFFFF);
    pub const BLACK: Colour = Colour::hex(0x000000);
    pub const INK: Colour = Colour::hex(0x222222);
}

/// A stroke: colour and width in pixels, optionally dashed (dash and gap lengths in pixels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub colour: Colour,
    pub width_px: f64,
    pub dash_px: Option<(f64, f64)>,
}

impl Stroke {
    pub fn solid(colour: Colour, width_px: f64) -> Stroke {
        Stroke {
            colour,
            width_px,
            dash_px: None,
        }
    }

    pub fn dashed(colour: Colour, width_px: f64, dash_px: f64, gap_px: f64) -> Stroke {
        Stroke {
            colour,
            width_px,
            dash_px: Some((dash_px, gap_px)),
        }
    }
}

/// Where a text's reference point sits on its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    TopLeft,
    TopCentre,
    TopRight,
    CentreLeft,
    Centre,
    CentreRight,
}

/// One thing to paint. Points are pixels, x right, y down.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A polygon: first ring outer, the rest holes (even-odd).
    Polygon {
        rings: Vec<Vec<[f64; 2]>>,
        fill: Option<Colour>,
        stroke: Option<Stroke>,
    },
    /// An open line.
    Line {
        points: Vec<[f64; 2]>,
        stroke: Stroke,
    },
    Circle {
        centre: [f64; 2],
        radius_px: f64,
        fill: Option<Colour>,
        stroke: Option<Stroke>,
    },
    /// One line of text with the embedded font; `halo` draws a light outline for legibility.
    Text {
        text: String,
        at: [f64; 2],
        anchor: Anchor,
        size_px: f64,
        colour: Colour,
        halo: Option<Colour>,
    },
}

/// An ordered list of items on a canvas of a given size.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width_px: u32,
    pub height_px: u32,
    pub background: Colour,
    pub items: Vec<Item>,
}

impl Scene {
    pub fn new(width_px: u32, height_px: u32) -> Scene {
        Scene {
            width_px,
            height_px,
            background: Colour::WHITE,
            items: Vec::new(),
        }
    }

    pub fn push(&mut self, item: Item) {
        self.items.push(item);
    }

    /// A filled and/or stroked rectangle.
    pub fn rect(
        &mut self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        fill: Option<Colour>,
        stroke: Option<Stroke>,
    ) {
        let ring = vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
        self.push(Item::Polygon {
            rings: vec![ring],
            fill,
            stroke,
        });
    }

    /// Text without a halo.
    pub fn text(
        &mut self,
        text: impl Into<String>,
        at: [f64; 2],
        anchor: Anchor,
        size_px: f64,
        colour: Colour,
    ) {
        self.push(Item::Text {
            text: text.into(),
            at,
            anchor,
            size_px,
            colour,
            halo: None,
        });
    }
}

/// The top-left corner of a text box of `w`×`h` whose `anchor` is at `at`.
pub fn anchor_top_left(at: [f64; 2], anchor: Anchor, w: f64, h: f64) -> [f64; 2] {
    let (fx, fy) = match anchor {
        Anchor::TopLeft => (0.0, 0.0),
        Anchor::TopCentre => (0.5, 0.0),
        Anchor::TopRight => (1.0, 0.0),
        Anchor::CentreLeft => (0.0, 0.5),
        Anchor::Centre => (0.5, 0.5),
        Anchor::CentreRight => (1.0, 0.5),
    };
    [at[0] - fx * w, at[1] - fy * h]
}
