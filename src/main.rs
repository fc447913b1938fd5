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

/// How a command uses memory, which sets the allocator's and the system's policy for it.
enum MemoryUse {
    /// `plan`: large stages one after another. Freed memory goes back at once (purge delay 0):
    /// a plan frees a stage's working set of hundreds of MB and starts the next stage in the same
    /// millisecond, so with mimalloc's one-second delay the two overlap (a 1M-pupil plan without
    /// siting: 871 MB peak with the delay, 750 MB without).
    Stages,
    /// `check`, `zones`, `forecast`, `indicators`, `map`: one step that ends in seconds. Freed
    /// memory is never given back mid-run (purge delay -1): given back, it is faulted in and zeroed
    /// again by the kernel when the next phase allocates (`zones --method nearest` at 1M: 0.45-1.45 s
    /// of system time with the delay, 0.09-0.22 s without, for about 20 MB more peak); the system
    /// takes it all back at exit. And small pages only ([`small_pages_only`]).
    OneStep,
    /// `site`, `locate`, `serve`, `sample`: mimalloc's defaults; `site` at 1M runs close to the
    /// memory budget and `serve` lives for hours.
    Default,
}

fn memory_use(command: &cli::Command) -> MemoryUse {
    use cli::Command as C;
    match command {
        C::Plan(_) => MemoryUse::Stages,
        C::Check(_) | C::Zones(_) | C::Forecast(_) | C::Indicators(_) | C::Map(_) => {
            MemoryUse::OneStep
        }
        C::Site(_) | C::Locate(_) | C::Serve(_) | C::Sample(_) => MemoryUse::Default,
    }
}

/// Sets mimalloc's purge delay unless the environment (`MIMALLOC_PURGE_DELAY`, which always wins)
/// or an earlier call already chose one.
fn set_purge_delay(delay_ms: std::ffi::c_long) {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: plain option calls on the global allocator, made before the command starts any
    // other thread.
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == MI_DEFAULT_PURGE_DELAY_MS {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, delay_ms);
        }
    }
}

/// Small pages for the one-step commands ([`MemoryUse::OneStep`]): their
/// time is a second or two, a third of it the system zeroing fresh memory, and on the 2-core
/// machine this was measured on, huge pages made that cost swing from 0.02 to 1.0 s of system
/// time from run to run (small pages: 0.18-0.49 s; `check` at 1M, 5 runs each, in turn: median
/// wall 1.13 s with huge pages, 0.91 s without). Long commands keep huge pages.
fn small_pages_only() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and changes only this process's page policy.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match memory_use(&args.command) {
        MemoryUse::Stages => set_purge_delay(0),
        MemoryUse::OneStep => {
            set_purge_delay(-1);
            small_pages_only();
        }
        MemoryUse::Default => {}
    }
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            cli::print_error(&e);
            ExitCode::from(1)
        }
    }
}
