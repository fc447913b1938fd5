//! # catchment
//!
//! School planning for Chinese county education bureaus (县级教育局): from student addresses and
//! school locations to attendance zones (学区), enrollment forecasts, new-school siting under class and
//! school-size caps, and the quality-balanced development indicators (优质均衡), with maps and a report.
//!
//! ## Modules
//! - [`grade`]: school levels, grades and stages (the bottom layer: standards and model use it).
//! - [`model`]: the records a project is made of, and the loaded project.
//! - [`standards`]: national thresholds with their sources, and per-project `catchment.toml` settings.
//! - [`io`]: reading project folders (CSV UTF-8/GBK, XLSX, GeoJSON, Shapefile) and atomic output.
//! - [`crs`]: WGS84/CGCS2000, GCJ-02 and projected coordinates; planar work in metres.
//! - [`address`]: placing students from village/township addresses via the gazetteer.
//! - [`sample`]: the built-in, seeded Linxi sample and its scaled-up generator.
//! - [`capacity`]: classes needed per grade and when schools run out of classrooms.
//! - [`zones`]: nearest, capacitated and contiguous attendance zones, and zone polygons.
//! - [`forecast`]: cohort-survival enrollment forecasts with scenarios and backtests.
//! - [`siting`]: new schools and kindergartens: where, how big and by when.
//! - [`locate`]: the generic p-median / facility-location engine of `catchment locate`.
//! - [`indicators`]: the 7 resource indicators, weighted coefficients of variation and remedies.
//! - [`map`]: publication maps and charts with an embedded CJK font.
//! - [`report`]: the planning report (HTML, XLSX, GIS layers), built from the engines' results and
//!   its own input ([`report::ReportInput`]).
//! - [`pipeline`]: `catchment plan`, the application layer: builds each engine's problem from the
//!   project, runs the engines and writes the report. With `io`, `model` and the engines' builders
//!   it is the only library code that sees the whole project.
//! - [`options`]: `catchment.toml` and the command line's flags resolved once into each engine's
//!   typed options.
//! - [`rng`]: the one seeded random generator (SplitMix64) of the sample and the searches.
//! - [`calendar`]: civil dates as day counts, both ways (one copy for loading, sample and report).
//!
//! The library never prints or exits; the `catchment` binary does.

pub mod address;
pub mod calendar;
pub mod capacity;
pub mod crs;
pub mod forecast;
pub mod grade;
pub mod indicators;
pub mod io;
pub mod locate;
pub mod map;
pub mod model;
pub mod options;
pub mod pipeline;
pub mod report;
pub mod rng;
pub mod sample;
pub mod serve;
pub mod siting;
pub mod standards;
pub mod zones;
