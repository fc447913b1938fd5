//! `catchment forecast`.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// Years to forecast (1-12).
    #[arg(long, default_value_t = 6)]
    pub horizon: u32,
    /// Base year; defaults to the last year in the history.
    #[arg(long)]
    pub base_year: Option<i32>,
    /// Also backtest the model on the history.
    #[arg(long)]
    pub backtest: bool,
    /// Output folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print a machine-readable summary to stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Err(super::common::hinted(
        "`catchment forecast` is not built yet",
        "see the open issues; `catchment check` works",
    ))
}
