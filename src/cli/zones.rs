//! `catchment zones`.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// School level to zone: primary, junior or kindergarten.
    #[arg(long)]
    pub level: String,
    /// nearest, capacitated or contiguous.
    #[arg(long, default_value = "capacitated")]
    pub method: String,
    /// With contiguous: minimise students moved instead of distance.
    #[arg(long)]
    pub stability: bool,
    /// Zone a forecast year instead of the current students.
    #[arg(long)]
    pub year: Option<i32>,
    /// Output folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print a machine-readable summary to stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Err(super::common::hinted(
        "`catchment zones` is not built yet",
        "see the open issues; `catchment check` works",
    ))
}
