//! `catchment locate`.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Demand table: id, x, y, demand (or lon, lat).
    #[arg(long)]
    pub demand: PathBuf,
    /// Site table: id, x, y, optional capacity and fixed_cost.
    #[arg(long)]
    pub sites: PathBuf,
    /// Long-form cost matrix: demand_id, site_id, cost.
    #[arg(long)]
    pub costs: Option<PathBuf>,
    /// Number of sites to open; without it, facility location (fixed + assignment cost).
    #[arg(long)]
    pub p: Option<usize>,
    /// Capacity of every site (overrides the sites table).
    #[arg(long)]
    pub capacity: Option<f64>,
    /// euclidean, euclidean-floor or haversine.
    #[arg(long, default_value = "euclidean")]
    pub metric: String,
    /// Output folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print a machine-readable summary to stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Err(super::common::hinted(
        "`catchment locate` is not built yet",
        "see the open issues; `catchment check` works",
    ))
}
