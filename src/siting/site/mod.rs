//! `catchment site`: where to build new schools or kindergartens, how big, and by when, so that in
//! every forecast year every class stays within its cap and every school within its size cap.
//!
//! Why: a construction request has to say "N new schools of S classes at these sites by year Y,
//! because …". This module ties the forecast it is given ([`crate::forecast`]) to the zones engine
//! ([`crate::zones`]): [`problem`] builds the run once from the project and the forecast (demand
//! per forecast year located where children live, [`demand`]; candidate sites, [`candidates`]);
//! [`plan::solve`] zones each candidate plan under the class caps in every year and adds new
//! schools greedily, prunes and shrinks them ([`search`]); [`tradeoff`] tabulates 0, 1, 2, … of
//! its new schools against access and cost. The engine writes no file and prints
//! nothing; [`crate::report::site`] turns a plan into its files. What is exact and what is not:
//! - exact: the lower bound on the number of new schools, and (on small instances) each year's
//!   zoning, which the zones engine solves exactly by enumeration + min-cost flow;
//! - heuristic: the choice of sites and sizes (greedy + prune + shrink), and the zoning of large
//!   years (Lagrangian heuristic of the zones engine).
//!
//! Existing schools stay, and may use their `expandable_classrooms`; the plan says in which year
//! each must. The kindergarten classes attached to primary schools (`kg_classes`) follow the one
//! split-off assumption of the project (`kindergarten_split_off` in the standards, applied by the
//! zones problem, so zoning and siting agree): split off (the default), their children need
//! standalone kindergartens and primary mode gives their rooms back to the primary schools; kept,
//! they seat kindergarten children in their own rooms and no room is converted.

pub mod access;
pub mod aggregate;
pub mod batch;
pub mod binding;
pub mod build_only;
pub mod candidates;
pub mod choice;
pub mod conversion;
pub mod demand;
pub mod facility;
pub mod input;
pub mod ladder;
pub mod needs;
pub mod percentile;
pub mod place;
pub mod plan;
pub mod problem;
pub mod progress;
pub mod remedies;
pub mod search;
pub mod solution;
pub mod tradeoff;
pub mod travel;

pub use plan::{solve, solve_with};
pub use problem::SiteOptions;
pub use problem::{BuildStandards, SiteProblem, StatusQuo};
pub use progress::{Progress, Silent};
pub use solution::{SchoolLoad, SitePlan, YearLoad};

use crate::zones::ZoneError;

/// Why a siting run cannot start.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("no {stage} schools of their own in the project (attached kindergarten classes are split off): nothing to plan from; add schools of level {stage} to the schools table")]
    NoSchools { stage: String },
    #[error("no candidate sites: the sites table is empty and no planning unit or grid point inside the boundary is at least {spacing_m} m from the existing {stage} schools")]
    NoCandidates { stage: String, spacing_m: f64 },
    #[error("zoning: {0}")]
    Zones(#[from] ZoneError),
}
