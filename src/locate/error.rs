//! Errors of the location engine, carrying the numbers that explain them.

/// Why a location problem cannot be built or solved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LocateError {
    #[error("no demand points")]
    NoDemand,
    #[error("no candidate sites")]
    NoSites,
    #[error("p = {p} but there are {sites} candidate sites; p must be between 1 and {sites}")]
    BadP { p: usize, sites: usize },
    #[error("{must_open} sites must stay open but p = {p}")]
    TooManyMustOpen { must_open: usize, p: usize },
    #[error("cost matrix has {got} entries, expected {demand} demand points × {sites} sites = {expected}")]
    CostShape {
        got: usize,
        demand: usize,
        sites: usize,
        expected: usize,
    },
    #[error(
        "cost from demand point {demand} to site {site} is {value}; costs must be finite and ≥ 0"
    )]
    BadCost {
        demand: String,
        site: String,
        value: f64,
    },
    #[error("demand of point {demand} is {value}; demand must be finite and ≥ 0")]
    BadDemand { demand: String, value: f64 },
    #[error("capacity of site {site} is {value}; capacity must be finite and ≥ 0")]
    BadCapacity { site: String, value: f64 },
    #[error("fixed cost of site {site} is {value}; fixed costs must be finite and ≥ 0")]
    BadFixedCost { site: String, value: f64 },
    #[error("{what} has {got} entries, expected {expected}")]
    Length {
        what: &'static str,
        got: usize,
        expected: usize,
    },
    #[error(
        "infeasible: total demand {total_demand} exceeds the total capacity {capacity} of the {p} largest sites"
    )]
    PCapacityShort {
        total_demand: f64,
        capacity: f64,
        p: usize,
    },
    #[error("infeasible: total demand {total_demand} exceeds the total capacity {capacity} of all {sites} sites")]
    CapacityShort {
        total_demand: f64,
        capacity: f64,
        sites: usize,
    },
    #[error("infeasible: demand point {demand} needs {demand_amount} but the largest site capacity is {largest}")]
    PointTooLarge {
        demand: String,
        demand_amount: f64,
        largest: f64,
    },
    #[error("the heuristic found no feasible single-source assignment after {tries} tries (capacity use {load_share:.1} %); the instance may be infeasible")]
    NoFeasibleAssignment { tries: usize, load_share: f64 },
    #[error(
        "the exact solver is limited to {limit} assignment variables; this instance has {vars}"
    )]
    TooLargeForExact { vars: usize, limit: usize },
    #[error("the exact solver failed: {0}")]
    ExactSolver(good_lp::ResolutionError),
    #[error("the {solver}'s answer breaks a rule: {violation}")]
    BrokenAnswer {
        /// Which solver gave it: "exact solver" or "heuristic" (the latter is a bug).
        solver: &'static str,
        violation: super::Violation,
    },
}
