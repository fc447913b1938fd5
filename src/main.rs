//! The `catchment` binary: parse arguments, call the library, print, set the exit code.

use clap::Parser;
use std::process::ExitCode;

mod cli;

/// mimalloc instead of the system allocator: loading a million pupils makes millions of small
/// strings, and the zones engine allocates per solve; glibc's malloc spent a tenth of `zones` there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (libmimalloc-sys names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// mimalloc 3's default purge delay, ms (`MIMALLOC_VERBOSE=1` lists it): how the option is
/// recognised before it is changed.
const MI_DEFAULT_PURGE_DELAY_MS: std::ffi::c_long = 1000;

/// Give freed memory back to the system at once rather than after mimalloc's one-second delay:
/// a plan frees a stage's working set of hundreds of MB and starts the next stage in the same
/// millisecond, so with the delay the two overlap (a 1M-pupil plan without siting: 871 MB peak
/// with the delay, 750 MB without). Only for `plan`, the one command that runs large stages one
/// after another; the one-step commands keep mimalloc's default. `MIMALLOC_PURGE_DELAY` in the
/// environment still wins.
fn purge_freed_memory_at_once() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: plain option calls on the global allocator, made before the command starts any
    // other thread.
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == MI_DEFAULT_PURGE_DELAY_MS {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        }
    }
}

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    if matches!(args.command, cli::Command::Plan(_)) {
        purge_freed_memory_at_once();
    }
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            cli::print_error(&e);
            ExitCode::from(1)
        }
    }
}
