//! Command-line definitions (clap) and dispatch. One file per command.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod check;
mod common;
mod forecast;
mod indicators;
mod locate;
mod map;
mod plan;
mod progress;
mod sample;
mod serve;
mod site;
mod zones;

pub use common::print_error;

/// School planning for county education bureaus: zones, forecasts, new schools, indicators, maps.
///
/// Every command takes an optional project folder DIR. Without it, the command runs on the built-in
/// Linxi sample and says so.
#[derive(Debug, Parser)]
#[command(name = "catchment", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate a project folder; print a summary and every problem found.
    Check(check::Args),
    /// Draw attendance zones for one level.
    Zones(zones::Args),
    /// Forecast enrollment by school, grade and year.
    Forecast(forecast::Args),
    /// Propose new schools or kindergartens so every class and school stays under its cap.
    Site(site::Args),
    /// The generic p-median / facility-location engine on plain demand and site tables.
    Locate(locate::Args),
    /// Draw a map or chart.
    Map(map::Args),
    /// Compute the quality-balanced development indicators (优质均衡).
    Indicators(indicators::Args),
    /// Run the whole pipeline and write the planning report.
    Plan(plan::Args),
    /// Write the built-in sample, or a scaled-up synthetic county, to a folder.
    Sample(sample::Args),
    /// Draft zones in the browser: move units between schools, with live class counts and caps.
    Serve(serve::Args),
}

/// Run one command.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Zones(a) => zones::run(a),
        Command::Forecast(a) => forecast::run(a),
        Command::Site(a) => site::run(a),
        Command::Locate(a) => locate::run(a),
        Command::Map(a) => map::run(a),
        Command::Indicators(a) => indicators::run(a),
        Command::Plan(a) => plan::run(a),
        Command::Sample(a) => sample::run(a),
        Command::Serve(a) => serve::run(a),
    }
}
