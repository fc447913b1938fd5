//! Zones drawn by a planner: every planning unit (or demand cell, [`super::cells`]) given whole
//! to one school, evaluated with the same caps, class counts and outputs as a computed zoning;
//! and capacitated zoning of the units the planner has not pinned.
//!
//! Why: a planner drafting zones by hand (`catchment serve`) moves whole villages and residential
//! communities, and `plan --zones DRAFT` must report on exactly that draft. The demand is the
//! contiguous method's (one group per unit and grade, pupils at the unit's centroid), so the draft,
//! its live statistics and the report all count the same pupils at the same distances.

use super::cells::{demand_cells, CellError, CellGrid};
use super::{
    capacitated, outcome, Alloc, Method, Problem, Solved, ZoneError, ZoneInput, ZoneOptions, Zoning,
};
use crate::crs::PlanarCrs;
use crate::model::Stage;
use std::collections::BTreeMap;

/// The algorithm named in the summary of a planner's draft.
pub const DRAFT_ALGORITHM: &str = "planner's draft: whole units assigned by hand";

/// A draft as ids: the school of each planning unit, for one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitZones {
    pub stage: Stage,
    /// unit id → school id; `None` = the unit is left unassigned (its pupils are not seated).
    pub schools: BTreeMap<String, Option<String>>,
    /// The units are the demand cells of this grid (the project has no planning units).
    pub cells: Option<CellGrid>,
}

/// Why a draft does not fit the project.
#[derive(Debug, thiserror::Error)]
pub enum FixedError {
    #[error("unit '{unit_id}' of the draft is not a planning unit of the project")]
    UnknownUnit { unit_id: String },
    #[error("unit '{unit_id}' is assigned to school '{school_id}', which does not take {stage} pupils in the project")]
    UnknownSchool {
        unit_id: String,
        school_id: String,
        stage: String,
    },
    #[error(
        "planning unit '{unit_id}' of the project is missing from the draft ({units} units given)"
    )]
    MissingUnit { unit_id: String, units: usize },
    #[error("the draft zones demand cells: {0}")]
    Cells(#[from] CellError),
    #[error(transparent)]
    Zone(#[from] ZoneError),
}

/// The problem a draft is evaluated on: one group per unit and grade (the contiguous method's
/// demand), whatever the method of `opts`.
pub fn unit_problem(input: &ZoneInput, opts: &ZoneOptions) -> Result<Problem, ZoneError> {
    let unit_opts = ZoneOptions {
        method: Method::Contiguous,
        ..opts.clone()
    };
    Problem::from_input(input, &unit_opts)
}

/// Group indices of each unit of the project.
pub fn groups_by_unit(problem: &Problem, units: usize) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); units];
    for (g, group) in problem.groups.iter().enumerate() {
        if let Some(u) = group.unit {
            out[u].push(g as u32);
        }
    }
    out
}

/// Allocations putting every group of unit u at `seat_of_unit[u]` (None = overflow).
pub fn unit_allocs(problem: &Problem, seat_of_unit: &[Option<u32>]) -> Solved {
    let allocs = problem
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| Alloc {
            group: g as u32,
            seat: group
                .unit
                .and_then(|u| seat_of_unit.get(u).copied().flatten()),
            count: group.count,
        })
        .collect();
    Solved {
        allocs,
        algorithm: DRAFT_ALGORITHM.into(),
        ..Solved::default()
    }
}

/// Evaluate `seat_of_unit` (seat index per project unit) with the batch outcome code.
pub fn evaluate_units(
    input: &ZoneInput,
    problem: &Problem,
    opts: &ZoneOptions,
    seat_of_unit: &[Option<u32>],
) -> Zoning {
    outcome::evaluate(input, problem, opts, unit_allocs(problem, seat_of_unit))
}

/// Resolve a draft's ids to seat indices of `problem`, one per unit of `units`.
pub fn resolve(
    units: &[crate::model::Unit],
    problem: &Problem,
    draft: &UnitZones,
) -> Result<Vec<Option<u32>>, FixedError> {
    let unit_index: BTreeMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    let seat_index: BTreeMap<&str, u32> = problem
        .seats
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i as u32))
        .collect();
    let mut out = vec![None; units.len()];
    let mut given = vec![false; units.len()];
    for (unit_id, school) in &draft.schools {
        let u = *unit_index
            .get(unit_id.as_str())
            .ok_or_else(|| FixedError::UnknownUnit {
                unit_id: unit_id.clone(),
            })?;
        given[u] = true;
        out[u] = match school {
            None => None,
            Some(id) => {
                Some(
                    *seat_index
                        .get(id.as_str())
                        .ok_or_else(|| FixedError::UnknownSchool {
                            unit_id: unit_id.clone(),
                            school_id: id.clone(),
                            stage: draft.stage.to_string(),
                        })?,
                )
            }
        };
    }
    if let Some(u) = given.iter().position(|g| !g) {
        return Err(FixedError::MissingUnit {
            unit_id: units[u].id.clone(),
            units: draft.schools.len(),
        });
    }
    Ok(out)
}

/// Zone `input` as the draft says (the `plan --zones DRAFT` hook). A draft of demand cells is
/// evaluated on the same cells, rebuilt from the input's pupils (`planar`: the project's CRS).
pub fn zone_by_units(
    input: ZoneInput<'_>,
    planar: &PlanarCrs,
    opts: &ZoneOptions,
    draft: &UnitZones,
) -> Result<Zoning, FixedError> {
    let started = std::time::Instant::now();
    let cells = match draft.cells {
        Some(grid) => Some(demand_cells(input.students, opts.stage, planar, grid)?),
        None => None,
    };
    let input = match &cells {
        Some(c) => ZoneInput {
            units: &c.units,
            students: &c.students,
            ..input
        },
        None => input,
    };
    let problem = unit_problem(&input, opts)?;
    let seats = resolve(input.units, &problem, draft)?;
    let mut zoning = evaluate_units(&input, &problem, opts, &seats);
    zoning.summary.runtime_s = started.elapsed().as_secs_f64();
    Ok(zoning)
}

/// The whole-unit result of a zoning's allocations: each unit goes to the seat holding most of its
/// pupils (ties: the lower seat index; a unit with no seated pupil: None).
pub fn majority_by_unit(problem: &Problem, solved: &Solved, units: usize) -> Vec<Option<u32>> {
    let mut votes: Vec<BTreeMap<u32, u64>> = vec![BTreeMap::new(); units];
    for a in &solved.allocs {
        if let (Some(s), Some(u)) = (a.seat, problem.groups[a.group as usize].unit) {
            *votes[u].entry(s).or_default() += a.count.max(1) as u64;
        }
    }
    votes
        .iter()
        .map(|v| {
            v.iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| *s)
        })
        .collect()
}

/// Capacitated zoning of the units that are not pinned: `pins[u]` keeps unit u at that seat; the
/// others are zoned by [`capacitated::solve`] (pinned pupils cost [`super::problem::PIN_COST_M`]
/// extra anywhere else, so they count against their school's caps) and then given whole to the
/// school holding most of their pupils. Pinned units keep their seat whatever the caps say.
pub fn capacitated_with_pins(
    problem: &Problem,
    opts: &ZoneOptions,
    pins: &[Option<u32>],
) -> Vec<Option<u32>> {
    let mut pinned = problem.clone();
    pinned.pins = problem
        .groups
        .iter()
        .map(|g| g.unit.and_then(|u| pins.get(u).copied().flatten()))
        .collect();
    let solved = capacitated::solve(&pinned, opts);
    let mut out = majority_by_unit(problem, &solved, pins.len());
    for (u, pin) in pins.iter().enumerate() {
        if pin.is_some() {
            out[u] = *pin;
        }
    }
    out
}
