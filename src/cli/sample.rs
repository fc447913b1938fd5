//! `catchment sample`: write the built-in Linxi sample, or a scaled-up synthetic county, to a folder.

use anyhow::Context;
use catchment::sample::{generate, write_dir, SampleSpec};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Without --students/--schools this writes the standard sample (the same bytes as
/// `fixtures/linxi/`); with them, a synthetic county of that size on Linxi's real boundary and names.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to write the sample into: new, empty or an earlier sample output.
    pub out: PathBuf,
    /// Number of students (the built-in sample has 20,000).
    #[arg(long)]
    pub students: Option<usize>,
    /// Number of schools (generic schools instead of the sample's 27 named ones).
    #[arg(long)]
    pub schools: Option<usize>,
    /// Also replace an earlier output of another catchment command in OUT.
    #[arg(long)]
    pub force: bool,
    /// Random seed.
    #[arg(long, default_value_t = 2022)]
    pub seed: u64,
    /// With --schools: tight rooms (0.9–1.1 rooms per class needed instead of 0.85–1.2), as in
    /// the zoning reference counties.
    #[arg(long, requires = "schools")]
    pub tight_rooms: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.schools == Some(0) {
        return Err(super::common::hinted(
            "--schools 0: a county needs at least one school",
            "give --schools 5 or more (one of each level is placed first)",
        ));
    }
    let started = Instant::now();
    let spec = SampleSpec {
        students: args.students,
        schools: args.schools,
        seed: args.seed,
        tight_rooms: args.tight_rooms,
    };
    let staging = super::common::out_dir(&args.out, "sample", None, args.force)?;
    let files = generate(&spec);
    write_dir(&files, staging.staging())
        .with_context(|| format!("writing the sample to {}", args.out.display()))?;
    super::common::commit_out(staging)?;
    let bytes: usize = files.files.iter().map(|f| f.1.len()).sum();
    super::common::print_line(format_args!(
        "wrote {} files ({:.1} MB) to {} in {:.2} s{}",
        files.files.len(),
        bytes as f64 / 1e6,
        args.out.display(),
        started.elapsed().as_secs_f64(),
        if spec.is_standard() {
            " (the standard Linxi sample; synthetic except the boundary and place names)"
        } else {
            " (synthetic county on Linxi's real boundary and place names)"
        }
    ))?;
    Ok(ExitCode::SUCCESS)
}
