//! The remedies ladder (issue 12 §1): cheapest measures first, a new school only when they are
//! not enough.
//!
//! Why: a construction request must show that cheaper measures fail. Before the search for new
//! schools runs, this module checks, with the capacitated zones engine in every forecast year
//! ([`Search::run_year`], the same black box that checks every plan), the plans that build
//! nothing, in the order of preference:
//! 1. re-zoning into idle rooms (today's rooms, nothing added);
//! 2. re-zoning plus converting rooms freed by falling enrollment to kindergarten classes in the
//!    same building ([`super::conversion`]; kindergarten plans only);
//! 3. re-zoning plus extending existing schools (`expandable_classrooms`);
//! 4. re-zoning plus both.
//!
//! Each is costed from what the zones engine actually uses (converted rooms × the standards'
//! conversion cost, added classrooms × the extension cost). The plan that meets every cap in
//! every year served by building at the least cost wins; when none does, new schools are searched
//! on top of every remedy. No remedy breaks a standard: converted rooms hold one class each at
//! the kindergarten caps within the kindergarten size standard, extensions only add the rooms the
//! schools table allows, and the size caps stay as they are. [`binding`] names the constraint
//! that makes the cheaper plans fail, with its numbers.

use super::aggregate::{pooled, SEARCH_CELL_M};
pub use super::binding::{binding, Binding};
use super::conversion::Convertible;
pub use super::ladder::{classes, loads, thousands, Converted, LadderInput, RemedySet, Rung};
use super::progress::Silent;
use super::search::{Search, YearRun};
use crate::model::Stage;
use crate::zones::Problem;
use serde::Serialize;

/// The ladder, the binding constraint and the runner-up plans.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Remedies {
    pub rungs: Vec<Rung>,
    /// Buildings with both stages and their freed rooms per year (kindergarten plans).
    pub convertible: Vec<Convertible>,
    /// The chosen plan's converted rooms per building.
    pub converted: Vec<Converted>,
    pub binding: Option<Binding>,
    /// The losing plans, each with why it loses.
    pub runners_up: Vec<String>,
    /// Remedies that do not apply here, and why.
    pub not_applicable: Vec<String>,
    pub conversion_cost_yuan_per_room: f64,
    pub extension_cost_yuan_per_classroom: f64,
    /// On a large county: the side (m) of the cells whose pooled demand the plans not chosen were
    /// judged on (the chosen plan is always zoned on every pupil).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pooled_cell_m: Option<f64>,
}

/// The no-build plans checked, the one chosen, and the yearly problems the search continues on.
pub struct Ladder {
    pub remedies: Remedies,
    pub set: RemedySet,
    /// Per forecast year: the existing schools with the chosen remedies' rooms (converted rooms
    /// appended as seats after the existing ones).
    pub years: Vec<Problem>,
    /// Runs of [`Ladder::years`] on every pupil with no new school.
    pub runs: Vec<YearRun>,
    /// Per forecast year: today's rooms, nothing added (re-zoning only), and its runs on every
    /// pupil: the status quo the plan is compared with.
    pub today: Vec<Problem>,
    pub today_runs: Vec<YearRun>,
    /// The plan with every remedy and no new school, as the ladder judged it (its years, pooled
    /// when the county is large, and their runs), for the binding constraint.
    all: (Vec<Problem>, Vec<YearRun>),
}

/// Above this many pupil groups in a year, the ladder judges its plans on demand pooled by
/// search cell ([`super::aggregate`]) and checks only the plan it chooses on every pupil: a plan
/// zoned on a million home points takes seconds per year, and four plans over six years would
/// take minutes.
pub const POOL_LADDER_ABOVE_GROUPS: usize = 100_000;

/// Whether the ladder pools the demand of these yearly problems.
pub fn pools(years: &[Problem]) -> bool {
    years
        .iter()
        .any(|p| p.groups.len() > POOL_LADDER_ABOVE_GROUPS)
}

/// Year problems of `set`: expandable rooms only when extending, converted rooms appended as
/// seats when converting (both from base year + the extension lead time).
pub fn year_problems(problem: &LadderInput, set: RemedySet) -> Vec<Problem> {
    let from = problem.base_year + problem.build.lead_time_extension_years as i32;
    let mut out = problem.year_problems.to_vec();
    for (y, p) in out.iter_mut().enumerate() {
        if problem.years[y] < from {
            continue;
        }
        if !set.extensions {
            for (seat, extra) in p.seats.iter_mut().zip(problem.expandable) {
                seat.room_budget -= (*extra).min(seat.room_budget);
            }
        }
        if set.conversion {
            p.seats
                .extend(problem.convertible.iter().filter_map(|c| c.seat(y)));
        }
    }
    out
}

fn search<'a>(problem: &LadderInput<'a>, years: &'a [Problem]) -> Search<'a> {
    Search {
        years,
        cands: problem.candidates,
        opts: problem.zone_options,
        size_cap: problem.size_cap,
        level: problem.level,
        progress: &Silent,
    }
}

/// Check the no-build plans from index `k0` (base year + lead time of a new school) and choose.
///
/// On a large county ([`pools`]) each plan is judged on pooled demand; the cheapest that meets
/// every cap there is then zoned on every pupil, and if pupils are left short it is marked with
/// its real figures and the next cheapest is tried. The chosen plan's figures are always those of
/// every pupil.
pub fn climb(problem: &LadderInput, k0: usize) -> Ladder {
    let (sets, not_applicable) = remedy_sets(problem);
    let all = *sets.last().expect("re-zoning is always a rung");
    let pool = pools(problem.year_problems);
    let mut rungs = Vec::new();
    // Per set: the years it was judged on and their runs (every pupil unless pooled).
    let mut judged: Vec<(Vec<Problem>, Vec<YearRun>)> = Vec::new();
    for set in &sets {
        let mut years = year_problems(problem, *set);
        if pool {
            years = years.iter().map(|p| pooled(p, SEARCH_CELL_M)).collect();
        }
        let runs = search(problem, &years).runs(&[]);
        rungs.push(rung(problem, *set, &years, &runs, k0, &[]).0);
        judged.push((years, runs));
    }
    let mut order: Vec<usize> = (0..sets.len()).filter(|i| rungs[*i].meets_caps).collect();
    order.sort_by(|a, b| {
        rungs[*a]
            .total_cost_yuan
            .total_cmp(&rungs[*b].total_cost_yuan)
    });
    // Runs on every pupil of the sets zoned so far on every pupil.
    let mut full: Vec<Option<Vec<YearRun>>> = vec![None; sets.len()];
    if !pool {
        for (i, j) in judged.iter().enumerate() {
            full[i] = Some(j.1.clone());
        }
    }
    let mut chosen = None;
    for i in order {
        let runs = full_runs(problem, sets[i], &mut full[i]);
        let years = year_problems(problem, sets[i]);
        let checked = rung(problem, sets[i], &years, runs, k0, &[]).0;
        let meets = checked.meets_caps;
        rungs[i] = checked;
        if meets {
            chosen = Some(i);
            break;
        }
    }
    let set = match chosen {
        Some(i) => sets[i],
        None => RemedySet {
            new_schools: true,
            ..all
        },
    };
    let at = chosen.unwrap_or(sets.len() - 1);
    let runs = full_runs(problem, sets[at], &mut full[at]).clone();
    let today_runs = full_runs(problem, sets[0], &mut full[0]).clone();
    let all_judged = judged.pop().expect("re-zoning is always a rung");
    Ladder {
        remedies: Remedies {
            rungs,
            convertible: problem.convertible.to_vec(),
            not_applicable,
            conversion_cost_yuan_per_room: problem.build.conversion_cost_yuan_per_room,
            extension_cost_yuan_per_classroom: problem.build.extension_cost_yuan_per_classroom,
            pooled_cell_m: pool.then_some(SEARCH_CELL_M),
            ..Default::default()
        },
        set,
        years: year_problems(problem, set),
        runs,
        today: year_problems(problem, sets[0]),
        today_runs,
        all: all_judged,
    }
}

/// The runs of `set` on every pupil, zoned once and kept in `slot`.
fn full_runs<'s>(
    problem: &LadderInput,
    set: RemedySet,
    slot: &'s mut Option<Vec<YearRun>>,
) -> &'s Vec<YearRun> {
    slot.get_or_insert_with(|| {
        let years = year_problems(problem, set);
        search(problem, &years).runs(&[])
    })
}

/// The remedy sets that apply, cheapest measures first (re-zoning first, every remedy last), and
/// the remedies that do not apply with why.
fn remedy_sets(problem: &LadderInput) -> (Vec<RemedySet>, Vec<String>) {
    let can_convert = !problem.convertible.is_empty();
    let can_extend = problem.expandable.iter().any(|e| *e > 0);
    let mut not_applicable = Vec::new();
    if !can_convert {
        not_applicable.push(if problem.stage == Stage::Kindergarten && !problem.split_off {
            "converting freed primary rooms: the attached kindergarten classes are kept (kindergarten_split_off = false), so no room is returned to convert".to_string()
        } else if problem.stage == Stage::Kindergarten {
            "converting freed primary rooms: no school has both a primary stage and attached kindergarten classes".to_string()
        } else {
            "converting freed primary rooms: applies to kindergarten plans only".to_string()
        });
    }
    if !can_extend {
        not_applicable
            .push("extending existing schools: no school has expandable classrooms".to_string());
    }
    let mut sets = Vec::new();
    for (conversion, extensions) in [(false, false), (true, false), (false, true), (true, true)] {
        if (conversion && !can_convert) || (extensions && !can_extend) {
            continue;
        }
        sets.push(RemedySet {
            conversion,
            extensions,
            new_schools: false,
        });
    }
    (sets, not_applicable)
}

impl Ladder {
    /// Close the ladder on the plan the search made (`after`, on [`Ladder::years`] with the new
    /// schools `new_cost_yuan`): add its rung when it builds, mark the winner, name the binding
    /// constraint and the runners-up.
    pub fn finish(
        &self,
        problem: &LadderInput,
        after: &[YearRun],
        k0: usize,
        new_cost_yuan: &[f64],
    ) -> Remedies {
        let (mut final_rung, converted) =
            rung(problem, self.set, &self.years, after, k0, new_cost_yuan);
        if !self.set.new_schools && !new_cost_yuan.is_empty() {
            let n = new_cost_yuan.len();
            final_rung.key.push_str("_access");
            final_rung.label.push_str(&format!(
                " + {n} new school(s) for the day travel limits only"
            ));
        }
        let mut out = self.remedies.clone();
        out.converted = converted;
        final_rung.chosen = true;
        let mut rungs = std::mem::take(&mut out.rungs);
        match rungs.iter().position(|r| r.set == self.set) {
            Some(i) => rungs[i] = final_rung,
            None => rungs.push(final_rung),
        }
        let winner = rungs.iter().find(|r| r.chosen).cloned();
        for r in rungs.iter_mut() {
            r.why = why(r, winner.as_ref());
        }
        out.runners_up = rungs
            .iter()
            .filter(|r| !r.chosen)
            .map(|r| r.why.clone())
            .collect();
        if !self.set.new_schools {
            out.runners_up.push(format!(
                "new schools for places: not needed, {} meets every cap in every year served by building",
                self.set.label()
            ));
        }
        let all = rungs.iter().rev().find(|r| !r.set.new_schools);
        let zoning_only = rungs.first();
        out.binding = match (all, zoning_only) {
            (Some(all), _) if !all.meets_caps => binding(problem, &self.all.0, &self.all.1, all),
            (_, Some(z)) if !z.meets_caps => binding(problem, &self.today, &self.today_runs, z),
            _ => None,
        };
        out.rungs = rungs;
        out
    }
}

impl Remedies {
    /// Add the build-instead rung (re-zoning + new schools, no conversion) as a runner-up, with
    /// why it loses or wins against the chosen plan.
    pub fn add_build_instead(&mut self, mut r: Rung) {
        let Some(winner) = self.rungs.iter().find(|x| x.chosen) else {
            return;
        };
        r.key.push_str("_no_conversion");
        r.why = super::build_only::why_build_instead(&r, winner);
        self.runners_up.push(r.why.clone());
        self.rungs.push(r);
    }
}

/// Cost of the remedies for places: new schools for the day travel limits only are needed
/// whatever the rooms, so they are left out when plans are compared.
pub fn places_cost(r: &Rung) -> f64 {
    if r.set.new_schools {
        r.total_cost_yuan
    } else {
        r.conversion_cost_yuan + r.extension_cost_yuan
    }
}

fn why(r: &Rung, winner: Option<&Rung>) -> String {
    let cost = thousands(r.total_cost_yuan);
    if r.chosen {
        return format!(
            "{}: chosen, meets every cap in every year served by building at the least cost ({cost} yuan)",
            r.label
        );
    }
    match (r.worst, winner) {
        (Some((year, short)), _) if !r.meets_caps => format!(
            "{}: {} seats short in {year}",
            r.label,
            thousands(short as f64)
        ),
        (_, Some(w)) => {
            let more = places_cost(r) - places_cost(w);
            if more.abs() < 0.5 {
                format!(
                    "{}: meets every cap at the same cost ({cost} yuan); the plan with fewer measures is preferred",
                    r.label
                )
            } else {
                format!(
                    "{}: meets every cap but costs {cost} yuan, {} yuan more than the chosen plan",
                    r.label,
                    thousands(more)
                )
            }
        }
        _ => format!("{}: {cost} yuan", r.label),
    }
}

/// The rung of `set` from its runs; the converted rooms per building.
pub(super) fn rung(
    problem: &LadderInput,
    set: RemedySet,
    years: &[Problem],
    runs: &[YearRun],
    k0: usize,
    new_cost_yuan: &[f64],
) -> (Rung, Vec<Converted>) {
    let n_old = problem.expandable.len();
    let ext_from = problem.base_year + problem.build.lead_time_extension_years as i32;
    let mut ext = vec![0u32; n_old];
    let mut converted: Vec<Converted> = Vec::new();
    for (y, (p, run)) in years.iter().zip(runs).enumerate() {
        let l = loads(p, run);
        for s in 0..p.seats.len() {
            let need = classes(p, &l[s]);
            if s < n_old {
                // Today's rooms: the year's rooms less the expandable ones (counted from ext_from).
                let budget = problem.year_problems[y].seats[s].room_budget;
                let extra = if problem.years[y] >= ext_from {
                    problem.expandable[s].min(budget)
                } else {
                    0
                };
                let grown = need.saturating_sub(budget - extra);
                ext[s] = ext[s].max(grown.min(problem.expandable[s]));
            } else if need > 0 {
                let id = &p.seats[s].id;
                match converted.iter_mut().find(|c| &c.school_id == id) {
                    Some(c) => c.rooms_converted = c.rooms_converted.max(need),
                    None => converted.push(Converted {
                        school_id: id.clone(),
                        rooms_converted: need,
                        first_year: problem.years[y],
                    }),
                }
            }
        }
    }
    let b = &problem.build;
    let rooms_converted: u32 = converted.iter().map(|c| c.rooms_converted).sum();
    let extension_classrooms: u32 = ext.iter().sum();
    let conversion_cost_yuan = rooms_converted as f64 * b.conversion_cost_yuan_per_room;
    let extension_cost_yuan = extension_classrooms as f64 * b.extension_cost_yuan_per_classroom;
    let new_school_cost_yuan: f64 = new_cost_yuan.iter().sum();
    let short_by_year: Vec<(i32, u64)> = runs
        .iter()
        .zip(problem.years)
        .map(|(r, y)| (*y, r.overflow))
        .collect();
    let worst = short_by_year[k0.min(short_by_year.len())..]
        .iter()
        .filter(|x| x.1 > 0)
        .max_by_key(|x| (x.1, std::cmp::Reverse(x.0)))
        .copied();
    let r = Rung {
        key: set.key(),
        label: set.label(),
        set,
        short_by_year,
        worst,
        rooms_converted,
        conversion_cost_yuan,
        extension_classrooms,
        extension_cost_yuan,
        new_schools: new_cost_yuan.len() as u32,
        new_school_cost_yuan,
        total_cost_yuan: conversion_cost_yuan + extension_cost_yuan + new_school_cost_yuan,
        meets_caps: worst.is_none(),
        chosen: false,
        why: String::new(),
    };
    (r, converted)
}

#[cfg(test)]
#[path = "remedies_tests.rs"]
mod tests;
