//! The `catchment` binary: parse arguments, call the library, print, set the exit code.

use clap::Parser;
use std::process::ExitCode;

mod cli;

/// mimalloc instead of the system allocator: loading a million pupils makes millions of small
/// strings, and the zones engine allocates per solve; glibc's malloc spent a tenth of `zones` there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            cli::print_error(&e);
            ExitCode::from(1)
        }
    }
}
