//! Step progress for long commands. On a terminal it is an indicatif bar; otherwise (a log, a CI
//! job, a pipe) it is one plain line per step on stderr, `[5/8] siting … 12.3 s`, so a log shows
//! which step a run is in and how long each step took.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::time::Instant;

/// Progress over a fixed number of named steps.
pub struct Steps {
    total: usize,
    done: usize,
    bar: Option<ProgressBar>,
    /// The step running now and when it started (plain lines only).
    open: Option<Instant>,
}

/// An indicatif bar of `len` steps when stderr is a terminal; `None` when it is a log or a pipe
/// (the callers then print plain lines).
pub fn terminal_bar(len: u64) -> Option<ProgressBar> {
    std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(len);
        let style = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar
    })
}

impl Steps {
    /// A bar when stderr is a terminal, plain lines otherwise.
    pub fn new(total: usize) -> Steps {
        let bar = terminal_bar(total as u64);
        Steps {
            total,
            done: 0,
            bar,
            open: None,
        }
    }

    /// The step `label` starts; the one before it (if any) has finished.
    pub fn start(&mut self, label: &str) {
        self.close();
        self.done += 1;
        match &self.bar {
            Some(bar) => {
                bar.set_position(self.done.saturating_sub(1) as u64);
                bar.set_message(label.to_string());
            }
            None => {
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "[{}/{}] {label} …", self.done, self.total);
                let _ = err.flush();
                self.open = Some(Instant::now());
            }
        }
    }

    /// The bar, on a terminal (a step's own progress may write its message).
    pub fn bar(&self) -> Option<ProgressBar> {
        self.bar.clone()
    }

    /// The open step is about to print lines of its own: end its line now (its time is then the
    /// sum of those lines).
    pub fn interrupt(&mut self) {
        if self.open.take().is_some() {
            eprintln!();
        }
    }

    /// Every step has finished (or the run stopped): end the open line, clear the bar.
    pub fn finish(&mut self) {
        self.close();
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn close(&mut self) {
        if let Some(t0) = self.open.take() {
            eprintln!(" {:.1} s", t0.elapsed().as_secs_f64());
        }
    }
}

impl Drop for Steps {
    fn drop(&mut self) {
        self.close();
    }
}
