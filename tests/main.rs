//! Integration tests: one binary, one module per area. `cli` drives the real `catchment` binary.

mod check;
mod cli;
mod crs;
mod forecast;
mod indicators;
mod locate;
mod map;
mod plan;
mod real_data;
mod report;
mod sample;
mod serve;
mod serve_cells;
mod serve_select;
mod site;
mod site_remedies;
mod support;
mod zones;
mod zones_nearest;
mod zones_year;
