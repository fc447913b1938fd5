//! The map module's own plain inputs: what to draw, in planar metres, independent of the engines.
//!
//! The zones, forecast and siting engines each have their own result types; the callers (the CLI and
//! the report) turn those into these plain shapes, so this module depends on nothing but `model`.

use crate::model::Level;
use geo::MultiPolygon;

/// Label language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese (simplified).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Parse `zh` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "cn" | "zh-cn" | "chinese" | "中文" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// Pick the Chinese or English text.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Png,
    Svg,
}

impl Format {
    /// Parse `png` or `svg`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            _ => None,
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// Which thematic map to draw from [`MapLayers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapKind {
    /// Attendance zones coloured so that neighbours differ, with their schools.
    Zones,
    /// Schools sized by enrollment and coloured by utilisation, over pale zones.
    Utilisation,
    /// Proposed new schools and kindergartens with their size, over existing schools.
    Sites,
    /// Students as aggregated hexbin density (never individual homes).
    Density,
}

/// Title, data year, language and pixel size shared by maps and charts.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub title: String,
    /// The year the data describe, printed in the footer.
    pub year: Option<i32>,
    pub lang: Lang,
    pub width_px: u32,
    pub height_px: u32,
    /// A source line for the footer (e.g. the project name).
    pub source_note: Option<String>,
}

impl Frame {
    /// A frame with the given title and size, Chinese labels, no year.
    pub fn new(title: impl Into<String>, width_px: u32, height_px: u32) -> Frame {
        Frame {
            title: title.into(),
            year: None,
            lang: Lang::Zh,
            width_px,
            height_px,
            source_note: None,
        }
    }
}

/// One attendance zone: the school it belongs to and its polygon in planar metres.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneShape {
    pub school_id: String,
    /// The label drawn inside the zone (usually the school's name).
    pub name: String,
    pub polygon_m: MultiPolygon<f64>,
}

/// A named polygon (planning unit or township) in planar metres.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaShape {
    pub name: String,
    pub polygon_m: MultiPolygon<f64>,
}

/// One existing school.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolMark {
    pub id: String,
    pub name: String,
    pub level: Level,
    pub xy_m: [f64; 2],
    /// Students enrolled (sizes the symbol).
    pub enrollment: u32,
    /// Enrollment over capacity (1.0 = full); `None` when capacity is unknown.
    pub utilisation: Option<f64>,
    /// Over a cap (class size or school size) whatever its utilisation.
    pub over_cap: bool,
}

/// One proposed new school or kindergarten.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSiteMark {
    pub name: String,
    pub level: Level,
    pub xy_m: [f64; 2],
    /// Planned places (students).
    pub students: u32,
    /// Planned classes, printed with the size when given.
    pub classes: Option<u32>,
}

/// Everything a map may show, all in planar metres.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapLayers {
    pub boundary_m: Option<MultiPolygon<f64>>,
    pub units: Vec<AreaShape>,
    pub townships: Vec<AreaShape>,
    pub zones: Vec<ZoneShape>,
    pub schools: Vec<SchoolMark>,
    pub new_sites: Vec<NewSiteMark>,
    /// Student home positions. They are only ever drawn aggregated into hexagons.
    pub density_points_m: Vec<[f64; 2]>,
}

/// A forecast series for one chart: years with mid, low and high values, against a capacity.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ForecastSeries {
    pub years: Vec<i32>,
    pub mid: Vec<f64>,
    pub low: Vec<f64>,
    pub high: Vec<f64>,
    /// Capacity per year (a step when schools are built); empty for none.
    pub capacity: Vec<f64>,
    /// Years before this are observed, from it on forecast (drawn dashed). `None`: all forecast.
    pub first_forecast_year: Option<i32>,
}

/// A forecast chart: students and classes per year against capacity, for the county or a school.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ForecastChart {
    /// "林西县" or a school's name.
    pub subject: String,
    pub students: ForecastSeries,
    pub classes: ForecastSeries,
}
