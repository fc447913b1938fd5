//! `catchment plan`.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// Report folder (default ./catchment-report).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[arg(long, default_value_t = 6)]
    pub horizon: u32,
    /// zh or en.
    #[arg(long, default_value = "zh")]
    pub lang: String,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Err(super::common::hinted(
        "`catchment plan` is not built yet",
        "see the open issues; `catchment check` works",
    ))
}
