//! `catchment site`.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// primary, junior or kindergarten.
    #[arg(long)]
    pub level: String,
    #[arg(long, default_value_t = 6)]
    pub horizon: u32,
    /// mid or high.
    #[arg(long, default_value = "mid")]
    pub scenario: String,
    /// At most this many new schools.
    #[arg(long)]
    pub max_new: Option<u32>,
    /// Output folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print a machine-readable summary to stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Err(super::common::hinted(
        "`catchment site` is not built yet",
        "see the open issues; `catchment check` works",
    ))
}
