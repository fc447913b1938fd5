//! The draft being edited: which school each planning unit is zoned to, which units the planner
//! has pinned, and the undo and redo history.
//!
//! Why: the page and any script drive the same state through the API, so every rule of an edit
//! (what a move may do, what undo restores, how a start point or a re-optimisation is made) lives
//! here, away from HTTP. Every edit is one step of history; undo restores the previous assignment
//! and pins exactly, so the state (and its JSON) is byte-identical to what it was.

use super::input::EditorInput;
use super::stats::{self, Stats};
pub use super::units::Units;
use super::ServeError;
use crate::model::Stage;
use crate::zones::{self, fixed, Method, Problem, ZoneOptions};
use std::collections::{BTreeMap, HashMap};

/// Where a draft starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Each unit at the school most of its pupils attend today (units without pupils at a school:
    /// the nearest school).
    Current,
    /// A zones method, each unit given whole to the school holding most of its pupils.
    Method(Method),
}

impl Start {
    /// Parse `current`, `nearest`, `capacitated` or `contiguous`.
    pub fn parse(s: &str) -> Option<Start> {
        match s.trim().to_lowercase().as_str() {
            "current" => Some(Start::Current),
            other => Method::parse(other).map(Start::Method),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Start::Current => "current",
            Start::Method(m) => m.as_str(),
        }
    }
}

/// One point of history.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    seat_of: Vec<Option<u32>>,
    pinned: Vec<bool>,
    label: String,
}

/// The draft and its history.
#[derive(Debug)]
pub struct Editor {
    pub input: EditorInput,
    pub opts: ZoneOptions,
    pub problem: Problem,
    pub units: Units,
    now: Snapshot,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The start point of the draft (for the page and the saved summary).
    pub start: Start,
}

impl Editor {
    /// A draft of `opts.stage` on `input`, starting from `start`.
    pub fn from_input(
        input: EditorInput,
        opts: ZoneOptions,
        start: Start,
    ) -> Result<Editor, ServeError> {
        let problem = fixed::unit_problem(&input.zone_input(), &opts)?;
        let units = Units::build(&input.zone_input(), &problem);
        let n = input.units.len();
        let mut editor = Editor {
            input,
            opts,
            problem,
            units,
            now: Snapshot {
                seat_of: vec![None; n],
                pinned: vec![false; n],
                label: String::new(),
            },
            undo: Vec::new(),
            redo: Vec::new(),
            start,
        };
        editor.now.seat_of = editor.start_point(start)?;
        editor.now.label = format!("start: {}", start.as_str());
        Ok(editor)
    }

    pub fn stage(&self) -> Stage {
        self.opts.stage
    }

    /// Seat index per unit.
    pub fn seat_of(&self) -> &[Option<u32>] {
        &self.now.seat_of
    }

    pub fn pinned(&self) -> &[bool] {
        &self.now.pinned
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What the last edit was.
    pub fn last_edit(&self) -> &str {
        &self.now.label
    }

    /// The statistics of the draft as it stands.
    pub fn stats(&self) -> Stats {
        stats::compute(
            &self.input.zone_input(),
            &self.problem,
            &self.units,
            &self.now.seat_of,
        )
    }

    /// The assignment a start point gives.
    fn start_point(&self, start: Start) -> Result<Vec<Option<u32>>, ServeError> {
        let n = self.input.units.len();
        match start {
            Start::Current => Ok((0..n)
                .map(|u| self.units.current_seat(u).or_else(|| self.nearest_seat(u)))
                .collect()),
            Start::Method(method) => {
                let opts = ZoneOptions {
                    method,
                    ..self.opts.clone()
                };
                let zoning = zones::zone_input(&self.input.zone_input(), &opts)?;
                Ok(self.whole_units(&zoning))
            }
        }
    }

    fn nearest_seat(&self, u: usize) -> Option<u32> {
        (0..self.problem.seats.len())
            .min_by(|a, b| {
                let d = |s: usize| self.units.distance_m(&self.problem, u, s);
                d(*a).total_cmp(&d(*b)).then(a.cmp(b))
            })
            .map(|s| s as u32)
    }

    /// A zoning of any demand (students or units) as whole units: each unit to the school of most
    /// of its pupils in that zoning (units without pupils: the nearest school).
    fn whole_units(&self, zoning: &zones::Zoning) -> Vec<Option<u32>> {
        let seat_of_id: HashMap<&str, u32> = self
            .problem
            .seats
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i as u32))
            .collect();
        let mut by_row: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
        for r in &zoning.assignment {
            if let Some(s) = r.school_id.as_deref().and_then(|id| seat_of_id.get(id)) {
                by_row
                    .entry(r.id.as_str())
                    .or_default()
                    .push((*s, r.students));
            }
        }
        let n = self.input.units.len();
        let mut votes: Vec<BTreeMap<u32, u64>> = vec![BTreeMap::new(); n];
        for (g, group) in self.problem.groups.iter().enumerate() {
            let Some(u) = group.unit else { continue };
            let ids: Vec<&str> = if group.members.is_empty() {
                vec![self.input.units[u].id.as_str()]
            } else {
                let members = self.problem.group_members(g);
                members
                    .iter()
                    .map(|m| self.input.students[*m as usize].id.as_str())
                    .collect()
            };
            for id in ids {
                for (s, k) in by_row.get(id).into_iter().flatten() {
                    *votes[u].entry(*s).or_default() += *k as u64;
                }
            }
        }
        votes
            .iter()
            .enumerate()
            .map(|(u, v)| {
                v.iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(s, _)| *s)
                    .or_else(|| self.nearest_seat(u))
            })
            .collect()
    }

    /// Record a new state as one step of history.
    fn push(&mut self, next: Snapshot) {
        let prev = std::mem::replace(&mut self.now, next);
        self.undo.push(prev);
        self.redo.clear();
    }

    /// Move units (indices) to seat `to`. Pinned units cannot be moved.
    pub fn move_units(&mut self, units: &[usize], to: u32) -> Result<(), ServeError> {
        if units.is_empty() {
            return Err(ServeError::NothingToMove);
        }
        for &u in units {
            if self.now.pinned[u] {
                return Err(ServeError::Pinned {
                    unit_id: self.input.units[u].id.clone(),
                });
            }
        }
        let mut next = self.now.clone();
        for &u in units {
            next.seat_of[u] = Some(to);
        }
        next.label = format!(
            "moved {} unit(s) to {}",
            units.len(),
            self.problem.seats[to as usize].id
        );
        self.push(next);
        Ok(())
    }

    /// Pin or unpin units.
    pub fn pin_units(&mut self, units: &[usize], pinned: bool) -> Result<(), ServeError> {
        if units.is_empty() {
            return Err(ServeError::NothingToMove);
        }
        let mut next = self.now.clone();
        for &u in units {
            next.pinned[u] = pinned;
        }
        let verb = if pinned { "pinned" } else { "unpinned" };
        next.label = format!("{verb} {} unit(s)", units.len());
        self.push(next);
        Ok(())
    }

    /// Replace the draft with a start point (pins are kept, and pinned units keep their school).
    pub fn restart(&mut self, start: Start) -> Result<(), ServeError> {
        let mut seat_of = self.start_point(start)?;
        for (u, p) in self.now.pinned.iter().enumerate() {
            if *p {
                seat_of[u] = self.now.seat_of[u];
            }
        }
        let next = Snapshot {
            seat_of,
            pinned: self.now.pinned.clone(),
            label: format!("start: {}", start.as_str()),
        };
        self.start = start;
        self.push(next);
        Ok(())
    }

    /// Re-zone the units that are not pinned with the capacitated engine.
    pub fn optimise(&mut self) {
        let pins: Vec<Option<u32>> = self
            .now
            .seat_of
            .iter()
            .zip(&self.now.pinned)
            .map(|(s, p)| if *p { *s } else { None })
            .collect();
        let opts = ZoneOptions {
            method: Method::Capacitated,
            ..self.opts.clone()
        };
        let mut seat_of = fixed::capacitated_with_pins(&self.problem, &opts, &pins);
        for (u, s) in seat_of.iter_mut().enumerate() {
            if s.is_none() {
                *s = self.nearest_seat(u);
            }
        }
        let pinned = self.now.pinned.iter().filter(|p| **p).count();
        let next = Snapshot {
            seat_of,
            pinned: self.now.pinned.clone(),
            label: format!("re-optimised the rest ({pinned} unit(s) pinned)"),
        };
        self.push(next);
    }

    /// Replace the draft with a loaded one (seat index per unit, pins).
    pub fn load(&mut self, seat_of: Vec<Option<u32>>, pinned: Vec<bool>, name: &str) {
        let next = Snapshot {
            seat_of,
            pinned,
            label: format!("loaded '{name}'"),
        };
        self.push(next);
    }

    /// Undo the last edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(prev) => {
                let now = std::mem::replace(&mut self.now, prev);
                self.redo.push(now);
                true
            }
            None => false,
        }
    }

    /// Redo the last undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some(next) => {
                let now = std::mem::replace(&mut self.now, next);
                self.undo.push(now);
                true
            }
            None => false,
        }
    }

    /// The draft as ids (for saving and for `plan --zones`).
    pub fn unit_zones(&self) -> fixed::UnitZones {
        fixed::UnitZones {
            stage: self.stage(),
            cells: self.input.grid(),
            schools: self
                .input
                .units
                .iter()
                .zip(&self.now.seat_of)
                .map(|(u, s)| {
                    let id = s.map(|s| self.problem.seats[s as usize].id.clone());
                    (u.id.clone(), id)
                })
                .collect(),
        }
    }

    /// The batch zoning of the draft (what `plan --zones` and the saved files show).
    pub fn zoning(&self) -> zones::Zoning {
        let opts = ZoneOptions {
            method: Method::Capacitated,
            ..self.opts.clone()
        };
        fixed::evaluate_units(
            &self.input.zone_input(),
            &self.problem,
            &opts,
            &self.now.seat_of,
        )
    }
}
