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
//! [`tables`] reads the `catchment locate` input files; [`sizing`] picks a new school's standard size.
//!
//! ```
//! use catchment::siting::{solve, Metric, Options, Problem, Weighting};
//! let pts = [[0.0, 0.0], [1.0, 0.0], [10.0, 0.0], [11.0, 0.0]];
//! let ids: Vec<String> = (0..4).map(|k| format!("p{k}")).collect();
//! let problem = Problem::new(
//!     ids.clone(),
//!     ids,
//!     vec![1.0; 4],
//!     Metric::Euclidean.matrix(&pts, &pts),
//!     Weighting::DemandWeighted,
//!     Some(2),
//! );
//! let out = solve(&problem, &Options::default()).unwrap();
//! assert_eq!(out.solution.objective, 2.0);
//! assert!(out.lower_bound <= 2.0 && out.gap < 1e-9);
//! ```

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
pub mod site;
pub mod sizing;
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
