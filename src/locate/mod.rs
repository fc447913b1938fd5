//! The generic location engine behind `catchment locate`: p-median and facility location on plain
//! demand points and candidate sites.
//!
//! Why a folder of its own: it knows nothing of schools, grades or forecasts (that is
//! [`crate::siting`]); it solves three problems on plain demand points and candidate sites:
//! - the p-median (open p sites, every point to its nearest);
//! - the capacitated p-median with single-source assignment (every point goes whole to one site);
//! - without p, single-source capacitated facility location (fixed plus assignment cost).
//!
//! Each answer comes with a valid lower bound (Lagrangian relaxation) and the gap, so a planner can
//! see how far from optimal it can be at most. [`solve_exact`] is the exact MIP for small cases.
//! Its input tables are read by [`crate::io::locate_tables`].
//!
//! ```
//! use catchment::locate::{solve, Metric, Options, Problem, Weighting};
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

pub mod build;
mod capacitated_search;
mod error;
mod exact;
mod interchange;
mod lagrangian;
mod metric;
pub mod orlib;
mod problem;
pub mod results;
mod single_source;
mod solution;
mod solve;

pub use capacitated_search::SearchOptions;
pub use error::LocateError;
pub use exact::{solve_exact, ExactResult, EXACT_VAR_LIMIT};
pub use lagrangian::{lagrangian_bound, Bound};
pub use metric::{haversine_m, project_local_m, Metric, UnknownMetric, EARTH_RADIUS_M};
pub use problem::{Kind, Problem, Weighting};
pub use solution::{evaluate, relative_gap, Outcome, Solution, Violation};
pub use solve::{solve, Options};
