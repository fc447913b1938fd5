//! The choice of new sites: the location engine on pooled demand, repaired on pooled demand, then
//! checked (and if need be repaired) on every real pupil.
//!
//! Why: re-solving the whole county's capacitated zoning for every candidate in every year and
//! round is what made siting slow (minutes at 200,000 pupils), and a greedy that counts seats
//! first chose sites far from the pupils short of them. Here:
//! 1. the worst year served by building (most pupils short on the status quo) is solved as
//!    capacitated facility location on pooled demand ([`super::facility`]): pupil distance plus
//!    building cost, existing schools open, with the engine's lower bound and gap;
//! 2. on pooled demand ([`super::aggregate`]), every year served by building is zoned under the
//!    class caps; schools are added greedily while a year is short, then the schools not needed
//!    for seats are dropped (the one whose loss adds least distance first) and each is shrunk to
//!    the smallest standard size that keeps every year seated;
//! 3. the plan is zoned on every real pupil in every year ([`Search::run_year`] on the full
//!    problems); if a year is still short, the school nearest the pupils left short is enlarged,
//!    or the candidate nearest them added, and the check runs again.
//!
//! So candidate evaluation never zones the whole county, and the final answer is always checked
//! on real pupils.

use super::facility::{locate_year, Located};
use super::search::{pull_m, short_pupils, Pick, Search, YearRun};
use serde::Serialize;

/// What the site choice did, for the plan and its report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SiteChoice {
    /// The year whose pooled demand the location engine solved.
    pub demand_year: i32,
    /// Demand points given to the engine, and the side of their cells (m).
    pub demand_points: usize,
    pub cell_m: f64,
    /// Candidate sites the engine opened (before pooled repair, pruning and shrinking).
    pub opened: Vec<String>,
    /// The engine's objective (pupil-metres plus building cost in pupil-metres), its lower bound
    /// and the relative gap between them.
    pub objective_pupil_m: f64,
    pub lower_bound_pupil_m: f64,
    pub gap: f64,
    pub method: String,
    /// The yuan one pupil-metre is worth against building cost.
    pub travel_yuan_per_pupil_m: f64,
    /// Zonings of the whole plan on every real pupil (each over every year served by building).
    pub full_checks: u32,
    /// Schools added or enlarged after a full check found pupils short.
    pub repairs: u32,
    /// On a large county: the engine located schools for the pupils the existing schools leave
    /// short in that year only.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub short_only: bool,
}

/// What the choice works on. `full` and `pooled` cover the same years (those served by building)
/// with the same candidates; `years` labels them.
pub struct ChoiceInput<'a> {
    pub full: &'a Search<'a>,
    pub pooled: &'a Search<'a>,
    pub years: &'a [i32],
    /// Schools already chosen (for access): kept as they are.
    pub fixed: &'a [Pick],
    pub max_new: usize,
    /// Per candidate: its building cost at its largest size, yuan.
    pub cost_yuan: &'a [f64],
    /// What one pupil-metre of travel is worth against building cost (the standard).
    pub travel_yuan_per_pupil_m: f64,
    pub cell_m: f64,
    /// The runs of `fixed` on `full`, when the caller has zoned them already.
    pub known: Option<&'a [YearRun]>,
}

/// The plan (fixed schools first), its full runs per year, and what the engine reported (None
/// when no year is short with the fixed schools, or the engine could not run).
pub fn choose(c: &ChoiceInput) -> (Vec<Pick>, Vec<YearRun>, Option<SiteChoice>) {
    let runs = match c.known {
        Some(known) => known.to_vec(),
        None => full_runs(c.full, c.fixed),
    };
    if runs.iter().all(|r| r.overflow == 0) || c.fixed.len() >= c.max_new {
        return (c.fixed.to_vec(), runs, None);
    }
    let worst = (0..runs.len())
        .max_by_key(|y| (runs[*y].overflow, std::cmp::Reverse(*y)))
        .unwrap_or(0);
    c.pooled
        .progress
        .step("locating new sites on pooled demand", 1);
    let short = (c.full.is_large()).then(|| short_pupils(&c.full.years[worst], &runs[worst]));
    let located = locate_year(
        c.pooled,
        worst,
        c.fixed,
        c.cost_yuan,
        c.travel_yuan_per_pupil_m,
        c.cell_m,
        short.as_deref(),
    );
    c.pooled.progress.advance(1);
    let mut plan = match &located {
        Some(l) => l.picks.clone(),
        None => c.fixed.to_vec(),
    };
    plan.truncate(c.max_new.max(c.fixed.len()));
    c.pooled
        .progress
        .step("the located plan zoned on pooled demand", 1);
    let over = c.pooled.add_until_feasible(&mut plan, c.max_new);
    if over == 0 {
        prune_least_needed(c.pooled, &mut plan, c.fixed.len());
        c.pooled.shrink(&mut plan, c.fixed.len());
    }
    let (runs, checks, repairs) = check_and_repair(c, &mut plan);
    let summary = located.map(|l| summary(c, worst, &l, checks, repairs));
    (plan, runs, summary)
}

fn summary(c: &ChoiceInput, worst: usize, l: &Located, checks: u32, repairs: u32) -> SiteChoice {
    SiteChoice {
        demand_year: c.years[worst],
        demand_points: l.points,
        cell_m: l.cell_m,
        opened: l.picks[c.fixed.len()..]
            .iter()
            .map(|p| c.pooled.cands[p.cand].id.clone())
            .collect(),
        objective_pupil_m: l.objective,
        lower_bound_pupil_m: l.lower_bound,
        gap: l.gap,
        method: l.method.clone(),
        travel_yuan_per_pupil_m: c.travel_yuan_per_pupil_m,
        full_checks: checks,
        repairs,
        short_only: l.short_only,
    }
}

fn full_runs(full: &Search, plan: &[Pick]) -> Vec<YearRun> {
    full.runs(plan)
}

/// Drop schools after the first `keep` that the others make redundant on every year of
/// `search`, one at a time: of those whose loss keeps every year seated, the one whose loss adds
/// least distance first.
///
/// A school whose loss leaves a year short stays needed once others are dropped (fewer seats
/// seat no more pupils), so each round only scores the schools the round before found
/// removable: about n scorings per school dropped instead of n per round.
pub fn prune_least_needed(search: &Search, plan: &mut Vec<Pick>, keep: usize) {
    use rayon::prelude::*;
    search.progress.step(
        "dropping redundant schools",
        plan.len().saturating_sub(keep) as u64,
    );
    // On a large county only the least loaded schools are tried: each try zones every year.
    let mut open: Vec<Pick> = match search.is_large() {
        true => super::batch::least_loaded(search, plan, keep, super::search::SHORTLIST),
        false => plan[keep..].to_vec(),
    };
    loop {
        // Each open school's loss is scored in parallel; the best is then taken in plan order,
        // so the choice is the same as a sequential scan.
        let at: Vec<usize> = (keep..plan.len())
            .filter(|i| open.contains(&plan[*i]))
            .collect();
        let scores: Vec<(u64, f64)> = at
            .par_iter()
            .map(|i| {
                let mut trial = plan.clone();
                trial.remove(*i);
                search.score(&trial)
            })
            .collect();
        let mut best: Option<(f64, usize)> = None;
        open.clear();
        for (i, (over, dist)) in at.into_iter().zip(scores) {
            if over == 0 {
                open.push(plan[i]);
                if best.is_none_or(|b| dist < b.0) {
                    best = Some((dist, i));
                }
            }
        }
        let Some((_, i)) = best else { break };
        let gone = plan.remove(i);
        open.retain(|p| *p != gone);
        search.progress.advance(1);
    }
}

/// Zone the plan on every real pupil; while a year is short, enlarge the plan's school nearest
/// the pupils short (if it can grow) or add the candidate nearest them, and zone again. Returns
/// the final runs, the number of full checks and of repairs.
fn check_and_repair(c: &ChoiceInput, plan: &mut Vec<Pick>) -> (Vec<YearRun>, u32, u32) {
    let (mut checks, mut repairs) = (0u32, 0u32);
    loop {
        c.full.progress.step(
            "checking the plan on every pupil",
            c.full.years.len() as u64,
        );
        let runs = full_runs(c.full, plan);
        checks += 1;
        let Some(y) = (0..runs.len())
            .filter(|y| runs[*y].overflow > 0)
            .max_by_key(|y| (runs[*y].overflow, std::cmp::Reverse(*y)))
        else {
            return (runs, checks, repairs);
        };
        if !repair(c, plan, &runs[y], y) {
            return (runs, checks, repairs);
        }
        repairs += 1;
    }
}

/// One repair for the pupils short in year `y`; false when nothing can grow or be added.
fn repair(c: &ChoiceInput, plan: &mut Vec<Pick>, run: &YearRun, y: usize) -> bool {
    let p = &c.full.years[y];
    let short = short_pupils(p, run);
    let pull = |xy: [f64; 2]| pull_m(&short, xy);
    let cands = c.full.cands;
    // Schools of the plan that can grow, and candidates not in it, by their pull.
    let mut options: Vec<(f64, usize, Option<usize>)> = Vec::new();
    for (i, pick) in plan.iter().enumerate().skip(c.fixed.len()) {
        if cands[pick.cand].sizes.iter().any(|s| *s > pick.classes) {
            options.push((pull(cands[pick.cand].xy_m), pick.cand, Some(i)));
        }
    }
    if plan.len() < c.max_new {
        for (ci, cand) in cands.iter().enumerate() {
            if !cand.sizes.is_empty() && plan.iter().all(|p| p.cand != ci) {
                options.push((pull(cand.xy_m), ci, None));
            }
        }
    }
    let Some((_, ci, at)) = options
        .into_iter()
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
    else {
        return false;
    };
    let sizes = &cands[ci].sizes;
    match at {
        Some(i) => {
            let next = sizes.iter().copied().find(|s| *s > plan[i].classes);
            plan[i].classes = next.unwrap_or(plan[i].classes);
        }
        None => {
            // The smallest size holding the pupils short, else the largest.
            let need = short.iter().map(|x| x.1).sum::<f64>();
            let cap = super::facility::mean_cap(p);
            let size = sizes
                .iter()
                .copied()
                .find(|s| *s as f64 * cap >= need)
                .or(sizes.last().copied())
                .unwrap_or(0);
            plan.push(Pick {
                cand: ci,
                classes: size,
            });
        }
    }
    true
}

/// Per candidate: its building cost at its largest size, yuan (the sites table's fixed cost,
/// else its floor area × the standard cost per m², as the plan prices a new school).
pub fn building_costs(problem: &super::SiteProblem, search: &Search) -> Vec<f64> {
    let b = &problem.build;
    search
        .cands
        .iter()
        .map(|c| {
            if c.fixed_cost > 0.0 {
                return c.fixed_cost;
            }
            let seats = super::search::seats_of(search, c.sizes.last());
            seats as f64 * b.floor_m2_per_place * b.build_cost_yuan_per_m2
        })
        .collect()
}

/// The plan's method line.
pub fn method(choice: &Option<SiteChoice>) -> String {
    let common = "on the years from base year + lead time, after the schools for pupils beyond the day travel limit; candidate plans zoned by the capacitated zones engine on demand pooled by 1 km cell and grade, schools added while a year is short, then dropped when not needed for seats (least added distance first) and shrunk to the smallest standard size; schools whose need does not last dropped; the plan checked, and repaired if short, on every pupil in every forecast year";
    match choice {
        Some(c) => format!(
            "site choice: capacitated facility location on the {} demand{} ({} points; pupil distance + building cost at {:.1} yuan per pupil-metre; {}; gap {:.2} %), {common}",
            c.demand_year,
            if c.short_only { " of the pupils the existing schools leave short" } else { "" },
            c.demand_points,
            c.travel_yuan_per_pupil_m,
            c.method,
            100.0 * c.gap
        ),
        None => format!("no location needed: the existing schools and those for access seat every year {common}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Grade, Level, Stage};
    use crate::siting::site::aggregate::{pooled, SEARCH_CELL_M};
    use crate::siting::site::search::Candidate;
    use crate::siting::site::Silent;
    use crate::zones::{DemandKind, Group, Method, Problem, Seat, ZoneOptions};

    /// A small county: two schools 10 km apart, pupils in 3 grades scattered around each town and
    /// more than their rooms hold around the east one.
    fn county() -> Problem {
        let mut groups = Vec::new();
        for k in 0..60u32 {
            let (cx, n) = if k % 2 == 0 { (0.0, 9) } else { (10_000.0, 17) };
            let dx = ((k * 37) % 23) as f64 * 130.0 - 1500.0;
            let dy = ((k * 53) % 19) as f64 * 140.0 - 1300.0;
            for grade in [Grade::G1, Grade::G2, Grade::G3] {
                groups.push(Group {
                    xy_m: [cx + dx, dy],
                    grade,
                    count: n,
                    unit: None,
                    members: 0..0,
                });
            }
        }
        let seat = |id: &str, x: f64, rooms: u32| Seat {
            school: 0,
            id: id.into(),
            xy_m: [x, 0.0],
            level: Level::Primary,
            room_budget: rooms,
            size_budget: 5000,
            fixed_classes: 0,
            fixed_students: 0,
            rooms,
        };
        Problem {
            stage: Stage::Primary,
            kind: DemandKind::Students,
            groups: groups.into(),
            members: Vec::new(),
            seats: vec![seat("WEST", 0.0, 20), seat("EAST", 10_000.0, 24)],
            caps: [45; 12],
            unplaced: Vec::new(),
            notes: Vec::new(),
            pins: Vec::new(),
        }
    }

    fn cands() -> Vec<Candidate> {
        [("C-W", -4_000.0), ("C-E", 11_000.0), ("C-FAR", 30_000.0)]
            .iter()
            .map(|(id, x)| Candidate {
                id: (*id).into(),
                xy_m: [*x, 500.0],
                sizes: vec![6, 12, 18],
                fixed_cost: 0.0,
            })
            .collect()
    }

    /// The test county's full and pooled searches over `cands()`, handed to `f`.
    fn with_searches(f: impl FnOnce(&Search, &Search, &[Candidate])) {
        let full_years = vec![county()];
        let pooled_years: Vec<Problem> = full_years
            .iter()
            .map(|p| pooled(p, SEARCH_CELL_M))
            .collect();
        let cands = cands();
        let opts = ZoneOptions::new(Stage::Primary, Method::Capacitated);
        let full = Search {
            years: &full_years,
            cands: &cands,
            opts: &opts,
            size_cap: 2000,
            level: Level::Primary,
            progress: &Silent,
        };
        let pool = Search {
            years: &pooled_years,
            ..full
        };
        f(&full, &pool, &cands);
    }

    #[test]
    fn pooled_evaluation_agrees_with_the_full_check_on_a_small_county() {
        with_searches(|full, pool, _| {
            let full_years = full.years;
            let pooled_years = pool.years;
            assert!(pooled_years[0].groups.len() < full_years[0].groups.len());
            for plan in [
                vec![],
                vec![Pick {
                    cand: 1,
                    classes: 6,
                }],
                vec![Pick {
                    cand: 1,
                    classes: 12,
                }],
                vec![Pick {
                    cand: 2,
                    classes: 18,
                }],
            ] {
                let (f, p) = (full.run_year(0, &plan), pool.run_year(0, &plan));
                assert_eq!(f.overflow, p.overflow, "plan {plan:?}");
                // Pooling moves a pupil at most a cell's diagonal.
                let pupils: f64 = full_years[0].groups.iter().map(|g| g.count as f64).sum();
                let slack = pupils * SEARCH_CELL_M * std::f64::consts::SQRT_2;
                assert!(
                    (f.distance_m - p.distance_m).abs() <= slack,
                    "plan {plan:?}"
                );
            }
        });
    }

    #[test]
    fn the_choice_is_checked_on_every_pupil_near_the_short_and_deterministic() {
        with_searches(|full, pool, cands| {
            let input = ChoiceInput {
                full,
                pooled: pool,
                years: &[2028],
                fixed: &[],
                max_new: 3,
                cost_yuan: &[2.0e7; 3],
                travel_yuan_per_pupil_m: 3.6,
                cell_m: SEARCH_CELL_M,
                known: None,
            };
            assert!(full.run_year(0, &[]).overflow > 0, "the east is short");
            let (plan, runs, choice) = choose(&input);
            assert!(runs.iter().all(|r| r.overflow == 0), "{plan:?}");
            assert_eq!(full.run_year(0, &plan).overflow, 0);
            let ids: Vec<&str> = plan.iter().map(|p| cands[p.cand].id.as_str()).collect();
            assert_eq!(ids, vec!["C-E"], "the site next to the pupils short");
            let choice = choice.expect("the engine ran");
            assert!(choice.lower_bound_pupil_m <= choice.objective_pupil_m + 1e-6);
            assert!(choice.full_checks >= 1);
            let (again, _, choice2) = choose(&input);
            assert_eq!(plan, again);
            assert_eq!(Some(choice), choice2);
        });
    }
}
