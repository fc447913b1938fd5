//! The constraint that binds: why the cheaper remedies of the ladder ([`super::remedies`]) leave
//! pupils without a place, said as a sentence with its numbers.
//!
//! Why its own file: "the plan needs 3 new kindergartens" is questioned at once when the county's
//! kindergartens have idle rooms. In the worst year of the best plan that builds nothing, every
//! school of the stage is either full of classes (no idle room), at its size standard (idle rooms
//! it may not use: one more class would take it over its places), or has room and places to spare
//! (which the pupils left short cannot use within the caps elsewhere). The size standard binds
//! when idle rooms stand behind it; the rooms bind otherwise.

use super::ladder::{classes, loads, thousands, LadderInput, Rung};
use super::search::YearRun;
use crate::zones::Problem;
use serde::Serialize;

/// Which standard binds, with its numbers, in the worst year of a plan that builds nothing.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Binding {
    /// The plan it explains (its rung key) and in words.
    pub plan: String,
    pub plan_label: String,
    pub year: i32,
    pub seats_short: u64,
    /// `size_standard` (idle rooms behind a size cap) or `rooms` (every room holds a class).
    pub constraint: String,
    /// Schools at their size standard that still have idle rooms.
    pub size_bound: Vec<String>,
    pub idle_rooms_size_bound: u32,
    /// Their size caps (places), distinct, ascending.
    pub size_caps: Vec<u32>,
    /// Schools whose every room holds a class.
    pub room_bound: Vec<String>,
    /// Schools with rooms and places to spare.
    pub spare: Vec<String>,
    pub sentence: String,
}

/// The binding constraint of `rung` (a plan that builds nothing and fails), from its `runs` on
/// `years`. None when it meets every cap.
pub fn binding(
    problem: &LadderInput,
    years: &[Problem],
    runs: &[YearRun],
    rung: &Rung,
) -> Option<Binding> {
    let (year, seats_short) = rung.worst?;
    let y = problem.years.iter().position(|x| *x == year)?;
    let p = &years[y];
    let l = loads(p, &runs[y]);
    let min_cap = p
        .grades()
        .iter()
        .map(|g| p.caps[g.index()])
        .min()
        .unwrap_or(1);
    let (mut size_bound, mut room_bound, mut spare) = (Vec::new(), Vec::new(), Vec::new());
    let (mut idle_size, mut caps) = (0u32, Vec::new());
    for (s, seat) in p.seats.iter().enumerate() {
        let used = classes(p, &l[s]);
        let pupils: u32 = l[s].iter().sum();
        let idle = seat.room_budget.saturating_sub(used);
        let places_left = seat.size_budget.saturating_sub(pupils);
        if idle == 0 {
            room_bound.push(seat.id.clone());
        } else if places_left < min_cap {
            size_bound.push(seat.id.clone());
            idle_size += idle;
            caps.push(seat.size_budget + seat.fixed_students);
        } else {
            spare.push(seat.id.clone());
        }
    }
    caps.sort_unstable();
    caps.dedup();
    let constraint = if idle_size > 0 {
        "size_standard"
    } else {
        "rooms"
    };
    let b = Binding {
        plan: rung.key.clone(),
        plan_label: rung.label.clone(),
        year,
        seats_short,
        constraint: constraint.into(),
        sentence: String::new(),
        size_bound,
        idle_rooms_size_bound: idle_size,
        size_caps: caps,
        room_bound,
        spare,
    };
    Some(Binding {
        sentence: sentence(&b, problem.stage),
        ..b
    })
}

/// "In 2028, 1130 kindergarten places are short with re-zoning …: the 6 schools SCH0011, … have
/// 26 idle rooms but are at the 360-place size standard; 4 schools have every room in use."
pub fn sentence(b: &Binding, stage: crate::model::Stage) -> String {
    let ids = |v: &[String]| {
        let mut s = v.iter().take(6).cloned().collect::<Vec<_>>().join(", ");
        if v.len() > 6 {
            s.push_str(&format!(" and {} more", v.len() - 6));
        }
        s
    };
    let caps = match b.size_caps.as_slice() {
        [one] => format!("the {one}-place size standard"),
        many => format!(
            "their size standards ({} places)",
            many.iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut s = format!(
        "In {}, {} {stage} places are short with {}: ",
        b.year,
        thousands(b.seats_short as f64),
        b.plan_label
    );
    if b.constraint == "size_standard" {
        s.push_str(&format!(
            "the size standard binds: {} school(s) ({}) have {} idle rooms but are at {caps}",
            b.size_bound.len(),
            ids(&b.size_bound),
            b.idle_rooms_size_bound
        ));
        if !b.room_bound.is_empty() {
            s.push_str(&format!(
                "; {} school(s) have every room in use",
                b.room_bound.len()
            ));
        }
    } else {
        s.push_str(&format!(
            "the rooms bind: {} school(s) ({}) have every room in use",
            b.room_bound.len(),
            ids(&b.room_bound)
        ));
    }
    if !b.spare.is_empty() {
        s.push_str(&format!(
            "; {} school(s) with rooms and places to spare cannot take the pupils left short within the caps",
            b.spare.len()
        ));
    }
    s
}
