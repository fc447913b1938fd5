//! Progress of a long siting run, reported to whoever runs it.
//!
//! Why: on a county of 200,000 pupils a siting run takes tens of seconds, and a planner at a
//! terminal must see that it is working. The engine never prints; it tells a [`Progress`] which
//! step it is on and how far along, and the binary draws the bar (or nothing, off a terminal).

/// Receives the steps of a run and their progress.
pub trait Progress: Sync {
    /// A step starts: its label and how many units of work it has.
    fn step(&self, label: &str, total: u64);
    /// `n` more units of the current step are done.
    fn advance(&self, n: u64);
}

/// Reports nothing (library callers, tests, benches).
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn step(&self, _label: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
}
