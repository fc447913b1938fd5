//! Live statistics of a draft: per school the pupils by grade, the classes they need at the caps,
//! rooms, utilisation and the over-cap flags; for the county the schools over a cap, pupils moved,
//! mean and 95th-percentile distance and contiguity.
//!
//! Why a module of its own: the editor recomputes these after every move, so they must be cheap
//! (one pass over the units, never over the pupils), yet they must be the batch figures. The class
//! counts, room split and size caps come from [`crate::capacity`] (over-cap classes from the outcome code itself), the seats and utilisation follow
//! [`crate::zones::outcome`]; the API tests check them against [`crate::zones::outcome::evaluate`].

use super::units::Units;
use crate::capacity::{grade_classes, LoadCheck};
use crate::model::GradeCounts;
use crate::zones::outcome::classes_over_cap;
use crate::zones::{Problem, ZoneInput};
use serde::Serialize;
use std::collections::BTreeMap;

/// One school's row of the table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SchoolStats {
    pub school_id: String,
    pub name: String,
    pub level: String,
    pub pupils: u32,
    /// Pupils by grade code, the zoned stage's grades only.
    pub pupils_by_grade: BTreeMap<String, u32>,
    /// Classes needed at the caps, by grade code.
    pub classes_by_grade: BTreeMap<String, u32>,
    pub classes: u32,
    /// Rooms for the zoned stage (classrooms less the other stage's classes).
    pub rooms: u32,
    /// Seats: min(size headroom, rooms × class cap), as in `schools.csv`.
    pub seats: u32,
    pub utilisation: f64,
    /// Classes over their cap (45/50 pupils) once the rooms are shared out.
    pub classes_over_cap: u32,
    /// More classes needed than rooms.
    pub rooms_short: u32,
    /// The whole school is over its size cap (2000; 2500 for nine- and twelve-year schools).
    pub over_size_cap: bool,
    pub mean_distance_m: f64,
    /// The school's zone is connected on the unit adjacency graph (true when empty).
    pub contiguous: bool,
    pub units: u32,
}

impl SchoolStats {
    /// Any cap broken.
    pub fn over_cap(&self) -> bool {
        self.classes_over_cap > 0 || self.rooms_short > 0 || self.over_size_cap
    }
}

/// The county figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CountyStats {
    pub pupils: u64,
    pub seated: u64,
    /// Pupils of units given no school.
    pub unassigned: u64,
    pub schools_over_cap: u32,
    /// Pupils whose current school is not the one of their unit.
    pub pupils_moved: u64,
    pub mean_distance_m: f64,
    pub p95_distance_m: f64,
    pub all_contiguous: bool,
    /// Schools whose zone is in more than one piece.
    pub not_contiguous: Vec<String>,
}

/// Everything the page shows after a move.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    pub schools: Vec<SchoolStats>,
    pub county: CountyStats,
}

/// Compute the statistics of `seat_of` (seat index per unit).
pub fn compute(input: &ZoneInput, p: &Problem, units: &Units, seat_of: &[Option<u32>]) -> Stats {
    let n = p.seats.len();
    let mut counts = vec![GradeCounts::default(); n];
    let mut dist = vec![0.0f64; n];
    let mut n_units = vec![0u32; n];
    let (mut moved, mut unassigned) = (0u64, 0u64);
    let mut weighted: Vec<(f64, u32)> = Vec::with_capacity(seat_of.len());
    for (u, seat) in seat_of.iter().enumerate() {
        let pupils = units.counts[u].total();
        let Some(s) = seat.map(|s| s as usize) else {
            unassigned += pupils as u64;
            continue;
        };
        for g in p.grades() {
            counts[s].add(*g, units.counts[u].get(*g));
        }
        let d = units.distance_m(p, u, s);
        dist[s] += d * pupils as f64;
        n_units[s] += 1;
        moved += units.moved(u, s) as u64;
        weighted.push((d, pupils));
    }
    let contiguous = zone_contiguity(&units.adjacency, seat_of, n);
    let schools: Vec<SchoolStats> = (0..n)
        .map(|s| school_row(input, p, s, &counts[s], dist[s], n_units[s], contiguous[s]))
        .collect();
    let seated: u64 = schools.iter().map(|s| s.pupils as u64).sum();
    let county = CountyStats {
        pupils: seated + unassigned,
        seated,
        unassigned,
        schools_over_cap: schools.iter().filter(|s| s.over_cap()).count() as u32,
        pupils_moved: moved,
        mean_distance_m: if seated > 0 {
            dist.iter().sum::<f64>() / seated as f64
        } else {
            0.0
        },
        p95_distance_m: percentile(&mut weighted, 0.95),
        all_contiguous: contiguous.iter().all(|c| *c),
        not_contiguous: schools
            .iter()
            .filter(|s| !s.contiguous)
            .map(|s| s.school_id.clone())
            .collect(),
    };
    Stats { schools, county }
}

fn school_row(
    input: &ZoneInput,
    p: &Problem,
    s: usize,
    c: &GradeCounts,
    dist_m: f64,
    units: u32,
    contiguous: bool,
) -> SchoolStats {
    let standards = input.standards;
    let seat = &p.seats[s];
    let need = grade_classes(c, standards);
    let check = LoadCheck::new(seat.level, c, seat.room_budget, standards);
    let stage_cap =
        p.grades().iter().map(|g| p.caps[g.index()]).sum::<u32>() / p.grades().len() as u32;
    let seats = seat.size_budget.min(seat.room_budget * stage_cap);
    let pupils = c.total();
    let by_grade = |counts: &GradeCounts| {
        p.grades()
            .iter()
            .map(|g| (g.code().to_string(), counts.get(*g)))
            .collect()
    };
    SchoolStats {
        school_id: seat.id.clone(),
        name: input.schools[seat.school].name.clone(),
        level: seat.level.to_string(),
        pupils,
        pupils_by_grade: by_grade(c),
        classes_by_grade: by_grade(&need),
        classes: need.total(),
        rooms: seat.room_budget,
        seats,
        utilisation: if seats > 0 {
            pupils as f64 / seats as f64
        } else {
            0.0
        },
        classes_over_cap: classes_over_cap(c, &need, seat.room_budget, standards),
        rooms_short: check.classrooms_short,
        over_size_cap: pupils + seat.fixed_students > standards.school_size_cap(seat.level),
        mean_distance_m: if pupils > 0 {
            dist_m / pupils as f64
        } else {
            0.0
        },
        contiguous,
        units,
    }
}

/// Whether each seat's units form one connected piece of the adjacency graph.
pub fn zone_contiguity(
    adjacency: &[Vec<usize>],
    seat_of: &[Option<u32>],
    seats: usize,
) -> Vec<bool> {
    let mut seen = vec![false; seat_of.len()];
    let mut pieces = vec![0u32; seats];
    for start in 0..seat_of.len() {
        let Some(s) = seat_of[start] else { continue };
        if seen[start] {
            continue;
        }
        pieces[s as usize] += 1;
        seen[start] = true;
        let mut stack = vec![start];
        while let Some(u) = stack.pop() {
            for &v in &adjacency[u] {
                if !seen[v] && seat_of[v] == Some(s) {
                    seen[v] = true;
                    stack.push(v);
                }
            }
        }
    }
    pieces.iter().map(|k| *k <= 1).collect()
}

/// The weighted `q` quantile of (value, weight) pairs: the smallest value with at least q of the
/// weight at or below it (0 when there is no weight).
pub fn percentile(values: &mut [(f64, u32)], q: f64) -> f64 {
    let total: u64 = values.iter().map(|v| v.1 as u64).sum();
    if total == 0 {
        return 0.0;
    }
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let need = (q * total as f64).ceil().max(1.0) as u64;
    let mut acc = 0u64;
    for (v, w) in values.iter() {
        acc += *w as u64;
        if acc >= need {
            return *v;
        }
    }
    values.last().map_or(0.0, |v| v.0)
}
