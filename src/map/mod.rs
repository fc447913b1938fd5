//! Maps and charts for publication (PNG and SVG, Chinese or English labels).
//!
//! Planners take these to the county leadership, so they must look like a cartographer made them
//! and must never show where one child lives. Inputs are this module's own plain types
//! ([`MapLayers`], [`ForecastChart`]) in planar metres, so the zones, forecast and siting engines only
//! have to fill them. A map is composed into a [`Scene`] (pixels), then painted to PNG
//! ([`raster`], plotters `BitMapBackend` with the embedded font registered through its `ab_glyph`
//! support) or written as SVG ([`svg`]). Same input, same bytes.
//!
//! One function reads a project: the map's input builder [`MapLayers::from_project`] (in
//! [`from_project`]) turns today's schools, units and pupils into layers (or, through
//! [`MapLayers::from_records`], the records a zoning run zoned, a [`crate::zones::ZoneInput`]: a
//! forecast year's pupils). [`for_results`] lays the engines' results over such layers; composing
//! and painting never see a project.
//!
//! ```
//! use catchment::map::{render_map, Format, Frame, MapKind, MapLayers, MapOptions, ZoneShape};
//! use geo::{polygon, MultiPolygon};
//! let sq = |x: f64| MultiPolygon(vec![polygon![(x: x, y: 0.0), (x: x + 1000.0, y: 0.0),
//!     (x: x + 1000.0, y: 1000.0), (x: x, y: 1000.0)]]);
//! let layers = MapLayers {
//!     zones: vec![
//!         ZoneShape { school_id: "a".into(), name: "一小".into(), polygon_m: sq(0.0) },
//!         ZoneShape { school_id: "b".into(), name: "二小".into(), polygon_m: sq(1000.0) },
//!     ],
//!     ..Default::default()
//! };
//! let png = render_map(MapKind::Zones, &layers, &Frame::new("学区图", 400, 300), &MapOptions::default(), Format::Png).unwrap();
//! assert_eq!(&png[1..4], b"PNG");
//! ```

pub mod chart;
pub mod colouring;
pub mod compose;
mod compose_marks;
mod dash;
pub mod font;
pub mod for_results;
pub mod from_forecast;
pub mod from_project;
pub mod from_zoning;
pub mod hexbin;
pub mod inset;
pub mod label_key;
pub mod labels;
mod layout;
pub mod legend;
pub mod nearest_zones;
pub mod north_arrow;
pub mod palette;
pub mod raster;
pub mod scale_bar;
pub mod scene;
pub mod svg;
pub mod symbols;
pub mod ticks;
mod types;
pub mod view;

pub use chart::chart_scene;
pub use compose::{map_scene, map_view, MapOptions, DEFAULT_MIN_HEX_STUDENTS};
pub use scene::Scene;
pub use types::{
    AreaShape, ForecastChart, ForecastSeries, Format, Frame, Lang, MapKind, MapLayers, NewSiteMark,
    SchoolMark, ZoneShape,
};

/// Smallest and largest canvas side in pixels.
pub const MIN_SIDE_PX: u32 = 200;
pub const MAX_SIDE_PX: u32 = 12_000;

/// Why a map or chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    #[error(
        "image size {width_px}x{height_px} px is outside {MIN_SIDE_PX}..={MAX_SIDE_PX} px per side"
    )]
    BadSize { width_px: u32, height_px: u32 },
    #[error("nothing to draw: the map needs {what}")]
    Empty { what: &'static str },
    #[error("forecast series `{name}` ({years} years): {message}")]
    BadSeries {
        name: &'static str,
        years: usize,
        message: String,
    },
    #[error(transparent)]
    Raster(#[from] raster::RasterError),
}

fn check_size(frame: &Frame) -> Result<(), MapError> {
    let ok = |v: u32| (MIN_SIDE_PX..=MAX_SIDE_PX).contains(&v);
    if ok(frame.width_px) && ok(frame.height_px) {
        Ok(())
    } else {
        Err(MapError::BadSize {
            width_px: frame.width_px,
            height_px: frame.height_px,
        })
    }
}

/// Encode a scene as PNG or SVG bytes.
pub fn encode(scene: &Scene, format: Format) -> Result<Vec<u8>, MapError> {
    Ok(match format {
        Format::Png => raster::render_png(scene)?,
        Format::Svg => svg::render_svg(scene).into_bytes(),
    })
}

/// Draw a thematic map and encode it.
pub fn render_map(
    kind: MapKind,
    layers: &MapLayers,
    frame: &Frame,
    opts: &MapOptions,
    format: Format,
) -> Result<Vec<u8>, MapError> {
    encode(&map_scene(kind, layers, frame, opts)?, format)
}

/// Draw a forecast chart and encode it.
pub fn render_forecast(
    chart: &ForecastChart,
    frame: &Frame,
    format: Format,
) -> Result<Vec<u8>, MapError> {
    encode(&chart_scene(chart, frame)?, format)
}
