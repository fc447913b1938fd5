//! `catchment map`.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// zones, utilisation, forecast, sites or density.
    #[arg(long)]
    pub kind: String,
    #[arg(long)]
    pub level: Option<String>,
    #[arg(long)]
    pub year: Option<i32>,
    /// png or svg.
    #[arg(long, default_value = "png")]
    pub format: String,
    /// zh or en.
    #[arg(long, default_value = "zh")]
    pub lang: String,
    /// Image size, WxH in pixels.
    #[arg(long, default_value = "2000x2000")]
    pub size: String,
    /// Output file.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Err(super::common::hinted(
        "`catchment map` is not built yet",
        "see the open issues; `catchment check` works",
    ))
}
