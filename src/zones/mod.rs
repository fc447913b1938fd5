//! Attendance zones (学区划分): assigning students or planning units to schools under class caps.
//!
//! Why: planners today assign each child to the nearest school with room, or drag villages between
//! schools by hand; neither respects per-grade class caps. Every plan drawn here is feasible under
//! the caps in [`crate::standards::Standards`] (or lists, with numbers, the students it could not
//! seat) and as close to home as the method allows.
//!
//! ## The model ([`problem`])
//! - **Demand**: students of the zoned stage, grouped by identical home `xy_m` and grade (they are
//!   interchangeable), or planning units with counts by grade at their centroid.
//! - **Supply** ([`Seats`](problem::Seats)): schools serving the stage. Nine- and twelve-year schools
//!   share their classrooms between stages: zoning one stage takes the other stage's *current*
//!   classes (⌈enrolled/cap⌉ per grade) and students as fixed, and zones only the remaining rooms and
//!   size-cap headroom. Attached kindergarten classes (`kg_classes`) occupy rooms of a primary
//!   school; when zoning kindergarten they are that school's kindergarten rooms.
//! - **Caps** at school s: each grade needs ⌈students/cap_g⌉ classes; the classes must fit the rooms
//!   (`classrooms`, plus `expandable_classrooms` only with [`ZoneOptions::count_expandable`]), and the
//!   school total must stay within its size cap and `max_students`.
//!
//! ## Methods (one file each)
//! - [`nearest`]: straight-line nearest school (grid search), caps ignored, violations reported.
//! - [`capacitated`]: min total distance under the caps; exact ([`exact`]: enumeration of class
//!   counts + min-cost flow) on small instances, Lagrangian prices + repair ([`lagrange`],
//!   [`repair`]) with a proven lower bound on large ones. Students who cannot be seated anywhere go
//!   to an explicit overflow (school_id empty) at [`OVERFLOW_COST_M`] each.
//! - [`contiguous`]: whole units, connected zones on the unit adjacency graph ([`adjacency`]).
//!
//! Zone polygons are built in [`polygons`]; per-school outcomes and the summary in [`outcome`];
//! files in [`write`]. A planner's draft of whole units is evaluated in [`fixed`]; without
//! planning units, [`cells`] aggregates the pupils into grid cells that stand in for them.

pub mod adjacency;
pub mod apportion;
pub mod bound;
pub mod capacitated;
mod cell_candidates;
pub mod cells;
pub mod classes;
pub mod contiguous;
pub mod exact;
pub mod fixed;
pub mod forecast_demand;
pub mod input;
pub mod lagrange;
pub mod nearest;
pub mod outcome;
pub mod polygons;
pub mod pool_flow;
pub mod problem;
pub mod relax_round;
pub mod repair;
pub mod site_grid;
pub mod transport;
pub mod unit_split;
pub mod warm_flow;
pub mod write;

use crate::model::Stage;
use serde::{Deserialize, Serialize};

pub use input::ZoneInput;
pub use outcome::{Infeasibility, SchoolOutcome, ZoneSummary, Zoning};
pub use problem::{Alloc, DemandKind, Group, Problem, Seat};

/// Cost in metres charged per student who cannot be seated at any school (overflow). Larger than any
/// home-to-school distance in a county, so the solvers seat everyone they can first.
pub const OVERFLOW_COST_M: i64 = 1_000_000;

/// The zoning method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Nearest,
    Capacitated,
    Contiguous,
}

impl Method {
    /// Parse `nearest`, `capacitated` or `contiguous`.
    pub fn parse(s: &str) -> Option<Method> {
        match s.trim().to_lowercase().as_str() {
            "nearest" => Some(Method::Nearest),
            "capacitated" | "capacity" => Some(Method::Capacitated),
            "contiguous" => Some(Method::Contiguous),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Nearest => "nearest",
            Method::Capacitated => "capacitated",
            Method::Contiguous => "contiguous",
        }
    }
}

/// Options for one zoning run.
#[derive(Debug, Clone)]
pub struct ZoneOptions {
    /// The stage to zone (`--level`).
    pub stage: Stage,
    pub method: Method,
    /// Contiguous only: minimise students moved from their current school instead of distance.
    pub stability: bool,
    /// Count `expandable_classrooms` as available rooms. Default false: zones are drawn on the
    /// rooms that exist today; the siting engine decides on building more.
    pub count_expandable: bool,
    /// Exact solve when the number of class-count combinations is at most this.
    pub exact_combinations: usize,
    /// Exact solve only when groups × schools is at most this.
    pub exact_edges: usize,
    /// Exact solve only when combinations × groups × schools is at most this (min-cost flows to run).
    pub exact_work: usize,
    /// Candidate schools per demand group in the large-instance heuristic (nearest first).
    pub candidates: usize,
    /// Subgradient iterations of the large-instance heuristic.
    pub iterations: usize,
    /// How many exact flows the class-count search may solve (`--effort`).
    pub effort: classes::Effort,
    /// Every seat is a candidate of every group (exact flows, no candidate lists) up to this many
    /// seats; above it, the `candidates` nearest.
    pub all_seats_up_to: usize,
    /// The class-count search runs up to this many demand groups; above it (a million pupils),
    /// the price-and-repair heuristic.
    pub search_groups_up_to: usize,
}

impl ZoneOptions {
    /// Defaults for a stage and method.
    pub fn new(stage: Stage, method: Method) -> Self {
        ZoneOptions {
            stage,
            method,
            stability: false,
            count_expandable: false,
            exact_combinations: 4096,
            exact_edges: 4000,
            exact_work: 200_000,
            candidates: 12,
            iterations: 40,
            effort: classes::Effort::Default,
            all_seats_up_to: 64,
            search_groups_up_to: 200_000,
        }
    }
}

/// Why zoning cannot run. Each names the record and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ZoneError {
    #[error("no {stage} schools in the project: nothing to zone; add schools of level {stage} (or nine_year/twelve_year) to the schools table")]
    NoSchools { stage: String },
    #[error("{source_ref}: school '{id}' has 0 classrooms but {students} {stage} students are enrolled there; give its classrooms, or move those students first")]
    NoClassrooms {
        id: String,
        source_ref: String,
        students: u32,
        stage: String,
    },
    #[error("{source_ref}: planning unit '{id}' has no neighbours, so no contiguous zone can hold it with others; fix its geometry (it must share a boundary with another unit) or use --method capacitated")]
    Isolated { id: String, source_ref: String },
    #[error(
        "no {stage} demand: no located students of that stage and no planning units with counts"
    )]
    NoDemand { stage: String },
    #[error("contiguous zoning needs planning units (the units table); none were loaded")]
    NoUnits,
}

/// Zone the students (or units) of `records` for `opts.stage` with `opts.method`: builder and
/// solve in one call. `records` is a [`ZoneInput`], or a project, whose own records the builder
/// [`ZoneInput::from_project`] takes (`zone(&project, &opts)`, the everyday case).
pub fn zone<'a>(
    records: impl Into<ZoneInput<'a>>,
    opts: &ZoneOptions,
) -> Result<Zoning, ZoneError> {
    zone_input(&records.into(), opts)
}

/// Zone the students (or units) of `input` for `opts.stage` with `opts.method`.
pub fn zone_input(input: &ZoneInput, opts: &ZoneOptions) -> Result<Zoning, ZoneError> {
    let started = std::time::Instant::now();
    let problem = Problem::from_input(input, opts)?;
    let solved = match opts.method {
        Method::Nearest => nearest::solve(&problem),
        Method::Capacitated => capacitated::solve(&problem, opts),
        Method::Contiguous => contiguous::solve(&problem, input, opts)?,
    };
    let mut zoning = outcome::evaluate(input, &problem, opts, solved);
    zoning.summary.runtime_s = started.elapsed().as_secs_f64();
    Ok(zoning)
}

/// What a solver returns: allocations, and the bound it proved (same units as the objective).
#[derive(Debug, Clone, Default)]
pub struct Solved {
    pub allocs: Vec<Alloc>,
    /// A lower bound on the objective, when the method proves one.
    pub lower_bound: Option<f64>,
    /// Whether the solver proved its solution optimal.
    pub exact: bool,
    /// How the solution was found (`exact enumeration + min-cost flow`, ...).
    pub algorithm: String,
    /// The objective when it is not total distance (`--stability`: students moved), with its name.
    pub objective: Option<(f64, String)>,
    /// Contiguous: units split between zones because no adjacent zone could take them whole.
    pub splits: Vec<outcome::UnitSplit>,
    /// Notes for the summary (what contiguity costs, ...).
    pub notes: Vec<String>,
}
