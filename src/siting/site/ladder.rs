//! The ladder's vocabulary: what it reads of a siting problem ([`LadderInput`]), the remedy sets,
//! the rungs and the helpers that count pupils and classes in a run.
//!
//! Why its own file: the ladder ([`super::remedies`]) and the binding constraint
//! ([`super::binding`]) both speak in these terms; kept here, neither depends on the other's
//! internals and the ladder stays one algorithm per file.

use super::conversion::Convertible;
use super::problem::{BuildStandards, SiteProblem};
use super::search::Candidate;
use super::search::YearRun;
use crate::capacity::classes_needed;
use crate::model::{Level, Stage};
use crate::zones::Problem;
use crate::zones::ZoneOptions;
use serde::Serialize;

/// What the ladder reads of a siting problem, borrowed (tests build it by hand).
pub struct LadderInput<'a> {
    pub stage: Stage,
    pub level: Level,
    /// The forecast years, in order, and the base year the lead times count from.
    pub years: &'a [i32],
    pub base_year: i32,
    /// One zones problem per year: the existing schools, their expandable rooms counted from
    /// base year + the extension lead time.
    pub year_problems: &'a [Problem],
    /// Per existing seat: its expandable classrooms.
    pub expandable: &'a [u32],
    pub convertible: &'a [Convertible],
    pub build: &'a BuildStandards,
    pub zone_options: &'a ZoneOptions,
    pub candidates: &'a [Candidate],
    /// Size cap of a new school.
    pub size_cap: u32,
    /// Whether the attached kindergarten classes are split off (`kindergarten_split_off`).
    pub split_off: bool,
}

impl<'a> LadderInput<'a> {
    /// The ladder's view of a built siting problem.
    pub fn of(p: &'a SiteProblem) -> LadderInput<'a> {
        LadderInput {
            stage: p.stage,
            level: p.level,
            years: &p.years,
            base_year: p.base_year,
            year_problems: &p.year_problems,
            expandable: &p.expandable,
            convertible: &p.convertible,
            build: &p.build,
            zone_options: &p.zone_options,
            candidates: &p.candidates,
            size_cap: p.size_cap,
            split_off: p.split_off,
        }
    }
}

/// Which remedies a plan uses besides re-zoning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RemedySet {
    pub conversion: bool,
    pub extensions: bool,
    pub new_schools: bool,
}

impl RemedySet {
    /// The rung's key: `rezoning`, `conversion`, `extensions`, `conversion_extensions`, or one of
    /// these with `_new_schools`.
    pub fn key(&self) -> String {
        let mut parts = Vec::new();
        if self.conversion {
            parts.push("conversion");
        }
        if self.extensions {
            parts.push("extensions");
        }
        if self.new_schools {
            parts.push("new_schools");
        }
        if parts.is_empty() {
            "rezoning".into()
        } else {
            parts.join("_")
        }
    }

    /// In words: "re-zoning + conversion + extensions".
    pub fn label(&self) -> String {
        let mut s = String::from("re-zoning into idle rooms");
        if self.conversion {
            s.push_str(" + converting freed primary rooms");
        }
        if self.extensions {
            s.push_str(" + extending existing schools");
        }
        if self.new_schools {
            s.push_str(" + new schools");
        }
        s
    }
}

/// A converted building's rooms in the plan: most kindergarten classes its freed rooms hold.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Converted {
    pub school_id: String,
    pub rooms_converted: u32,
    /// First year a converted room is used.
    pub first_year: i32,
}

/// One plan of the ladder and what it achieves.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rung {
    pub key: String,
    pub label: String,
    pub set: RemedySet,
    /// Seats short (pupils with no place within the caps) in each forecast year.
    pub short_by_year: Vec<(i32, u64)>,
    /// Most seats short in a year served by building (from base year + lead time), and that year.
    pub worst: Option<(i32, u64)>,
    pub rooms_converted: u32,
    pub conversion_cost_yuan: f64,
    pub extension_classrooms: u32,
    pub extension_cost_yuan: f64,
    pub new_schools: u32,
    pub new_school_cost_yuan: f64,
    pub total_cost_yuan: f64,
    /// Every cap holds in every year served by building.
    pub meets_caps: bool,
    pub chosen: bool,
    /// One sentence: why it is chosen, or why it loses.
    pub why: String,
}

/// 1234567.0 → "1,234,567".
pub fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if x < -0.5 {
        out.insert(0, '-');
    }
    out
}

/// Pupils by seat and grade index in one year's run (seats past `p`'s, such as new schools the
/// run added, included).
pub fn loads(p: &Problem, run: &YearRun) -> Vec<[u32; 12]> {
    let n = run
        .allocs
        .iter()
        .filter_map(|a| a.seat)
        .max()
        .map_or(0, |s| s as usize + 1);
    let mut out = vec![[0u32; 12]; p.seats.len().max(n)];
    for a in &run.allocs {
        if let Some(s) = a.seat {
            out[s as usize][p.groups[a.group as usize].grade.index()] += a.count;
        }
    }
    out
}

/// Classes a load needs at the caps.
pub fn classes(p: &Problem, load: &[u32; 12]) -> u32 {
    (0..12).map(|g| classes_needed(load[g], p.caps[g])).sum()
}
