//! A planning unit split between zones by contiguous zoning, as the summary lists it.
//!
//! Why apart: the contiguous engine makes splits and the outcome reports them; both read this
//! file, so neither depends on the other.

use super::Problem;
use serde::Serialize;

/// A split as the summary lists it: pupils per piece, unseated, adjacency.
pub(crate) struct SplitView {
    pub pieces: Vec<(usize, u32)>,
    pub unseated: u32,
    pub adjacent: bool,
}

/// A planning unit split between zones (contiguous zoning): no adjacent zone could take it whole.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitSplit {
    pub unit_id: String,
    pub pieces: Vec<SplitPiece>,
    /// Pupils no school had room for (0 when the county has the rooms).
    pub unseated: u32,
    /// Every piece went to a zone next to the unit.
    pub adjacent: bool,
}

/// One piece of a split unit. Pieces of fewer than 5 pupils show no count (`students` None), so
/// no published figure points at one child.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SplitPiece {
    pub school_id: String,
    pub students: Option<u32>,
}

impl UnitSplit {
    pub(crate) fn new(unit_id: &str, p: &Problem, sp: &SplitView) -> Self {
        UnitSplit {
            unit_id: unit_id.to_string(),
            pieces: sp
                .pieces
                .iter()
                .map(|(s, n)| SplitPiece {
                    school_id: p.seats[*s].id.clone(),
                    students: (*n >= 5).then_some(*n),
                })
                .collect(),
            unseated: sp.unseated,
            adjacent: sp.adjacent,
        }
    }
}
