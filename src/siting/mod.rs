//! Where to build new schools and kindergartens, how big, and by when.
//!
//! The core is a generic location engine ([`solve`]) for three problems on plain demand points and
//! candidate sites:
//! - the p-median (open p sites, every point to its nearest);
//! - the capacitated p-median with single-source assignment (every point goes whole to one site);
//! - without p, single-source capacitated facility location (fixed plus assignment cost).
//!
//! Each answer comes with a valid lower bound (Lagrangian relaxation) and the gap, so a planner can
//! see how far from optimal it can be at most. [`solve_exact`] is the exact MIP for small cases.
//! [`tables`] reads the `catchment locate` input files.

mod capacitated_search;
mod error;
mod exact;
mod interchange;
mod lagrangian;
mod metric;
pub mod orlib;
mod problem;
mod rng;
mod single_source;
mod solution;
mod solve;
pub mod tables;

pub use capacitated_search::SearchOptions;
pub use error::LocateError;
pub use exact::{solve_exact, ExactResult, EXACT_VAR_LIMIT};
pub use lagrangian::{lagrangian_bound, Bound};
pub use metric::{haversine_m, project_local_m, Metric, EARTH_RADIUS_M};
pub use problem::{Kind, Problem, Weighting};
pub use solution::{evaluate, relative_gap, Outcome, Solution, Violation};
pub use solve::{solve, Options};
