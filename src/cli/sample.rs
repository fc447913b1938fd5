//! `catchment sample`.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to write the sample into.
    pub out: PathBuf,
    /// Number of students (the built-in sample has about 20,000).
    #[arg(long)]
    pub students: Option<usize>,
    /// Number of schools.
    #[arg(long)]
    pub schools: Option<usize>,
    /// Random seed.
    #[arg(long, default_value_t = 2022)]
    pub seed: u64,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Err(super::common::hinted(
        "`catchment sample` is not built yet",
        "see the open issues; `catchment check` works",
    ))
}
