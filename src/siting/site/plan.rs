//! Solving a siting problem: the status quo, the search, and the plan's numbers.

use super::access::{access_sites, needed_from, AccessInput, AccessSite};
use super::aggregate::{pooled, SEARCH_CELL_M};
use super::choice::{building_costs, choose, ChoiceInput};
use super::needs::{drop_short_lived, interim};
use super::percentile::weighted_p95;
use super::problem::SiteProblem;
use super::progress::{Progress, Silent};
use super::remedies::{climb, LadderInput};
use super::search::{seats_of, Pick, Search, YearRun};
use super::solution::*;
use super::tradeoff::{tradeoff, TradeoffInput};
use super::travel::travel;
use crate::model::{Grade, GradeCounts};
use std::collections::BTreeMap;

/// Search new schools for a built problem: status quo, greedy plan, and the plan's numbers.
///
/// Builds are searched on the years from base year + lead time only; earlier shortages are
/// interim. A school whose need ends within its lead time plus `need_lasts_years` is dropped and
/// its shortage reported as interim too.
pub fn solve(problem: &SiteProblem) -> SitePlan {
    solve_with(problem, &Silent)
}

/// [`solve`], telling `progress` of each step.
pub fn solve_with(problem: &SiteProblem, progress: &dyn Progress) -> SitePlan {
    let first_build = problem.base_year + problem.build.lead_time_new_years as i32;
    let k0 = problem
        .years
        .iter()
        .position(|y| *y >= first_build)
        .unwrap_or(problem.years.len());
    // The cheaper remedies first: the search continues on the rooms of the plan they choose.
    progress.step("remedies ladder: no-build plans zoned in every year", 1);
    let ladder = climb(&LadderInput::of(problem), k0);
    let years = &ladder.years;
    let cands = &problem.candidates;
    let search = Search {
        years,
        cands,
        opts: &problem.zone_options,
        size_cap: problem.size_cap,
        level: problem.level,
        progress,
    };
    // The ladder zoned the chosen rooms on every pupil.
    let before_runs: &[YearRun] = &ladder.runs;
    let max_new = problem.max_new.map_or(cands.len(), |m| m as usize);
    let late = Search {
        years: &years[k0..],
        ..search
    };
    progress.step(
        "travel limits: sites for pupils beyond them",
        cands.len() as u64,
    );
    let access = if k0 < years.len() {
        access_sites(&AccessInput {
            years: &years[k0..],
            limits: &problem.travel_limits[k0..],
            cands,
            min_pupils: problem.access.min_pupils,
            max_new,
        })
    } else {
        Vec::new()
    };
    let fixed: Vec<Pick> = access.iter().map(|a| a.pick).collect();
    let pooled_years: Vec<crate::zones::Problem> =
        years.iter().map(|p| pooled(p, SEARCH_CELL_M)).collect();
    let pooled_all = Search {
        years: &pooled_years,
        ..search
    };
    let pooled_late = Search {
        years: &pooled_years[k0..],
        ..search
    };
    // Schools for access are needed for travel whatever the rooms; schools for places only when
    // the cheaper remedies are not enough.
    // The runs of the years served by building that a step has already zoned on every pupil,
    // with the plan they were zoned for (reused when the plan does not change).
    let (mut picks, site_choice, checked) = if k0 < years.len() && ladder.set.new_schools {
        let costs = building_costs(problem, &search);
        let (picks, runs, choice) = choose(&ChoiceInput {
            full: &late,
            pooled: &pooled_late,
            years: &problem.years[k0..],
            fixed: &fixed,
            max_new,
            cost_yuan: &costs,
            travel_yuan_per_pupil_m: problem.build.travel_yuan_per_pupil_m,
            cell_m: SEARCH_CELL_M,
            known: fixed.is_empty().then(|| &before_runs[k0..]),
        });
        let checked = Some((picks.clone(), runs));
        (picks, choice, checked)
    } else if k0 < years.len() {
        let checked = fixed
            .is_empty()
            .then(|| (Vec::new(), before_runs[k0..].to_vec()));
        (fixed.clone(), None, checked)
    } else {
        (Vec::new(), None, None)
    };
    progress.step("short-lived needs", 1);
    let short_lived = drop_short_lived(problem, &pooled_late, &mut picks, k0, fixed.len());
    progress.step(
        "the plan zoned on every pupil in every year",
        years.len() as u64,
    );
    let late_runs = match checked {
        Some((plan, runs)) if plan == picks => runs,
        _ => late.runs(&picks),
    };
    let after_runs: Vec<YearRun> = before_runs[..k0].iter().cloned().chain(late_runs).collect();
    let interim = interim(problem, &after_runs, k0, &short_lived);
    let feasible = after_runs
        .iter()
        .zip(&problem.years)
        .all(|(r, y)| r.overflow == 0 || interim.iter().any(|i| i.year == *y));
    let radius = problem.service_radius_m;
    let seats_per_school = seats_of(&search, cands.iter().flat_map(|c| c.sizes.iter()).max());
    // Over the years the plan must serve by building (not those left to interim measures).
    let worst = before_runs
        .iter()
        .enumerate()
        .filter(|(y, _)| *y >= k0 && !short_lived.contains(y))
        .map(|(_, r)| r.overflow)
        .max()
        .unwrap_or(0);
    let lower_bound_new = worst.div_ceil(seats_per_school.max(1) as u64) as u32;
    let load = |runs: &[YearRun], plan: &[Pick]| -> Vec<YearLoad> {
        runs.iter()
            .enumerate()
            .map(|(y, r)| year_load(&search, y, plan, r, problem.years[y], radius))
            .collect()
    };
    let today = Search {
        years: &ladder.today,
        ..search
    };
    let before: Vec<YearLoad> = (ladder.today_runs.iter().enumerate())
        .map(|(y, r)| year_load(&today, y, &[], r, problem.years[y], radius))
        .collect();
    let after = load(&after_runs, &picks);
    progress.step("describing the new schools", picks.len() as u64);
    let new_schools = (0..picks.len())
        .map(|i| {
            let need = access.get(i).map(|a| (a, k0));
            new_school(
                &search,
                &pooled_all,
                &picks,
                i,
                &after_runs,
                problem,
                first_build,
                need,
            )
        })
        .collect::<Vec<_>>();
    progress.step("trade-off table", 1);
    let served: Vec<usize> = (k0..years.len())
        .filter(|y| !short_lived.contains(y))
        .collect();
    let tradeoff = tradeoff(&TradeoffInput {
        search: &search,
        pooled: &pooled_all,
        picks: &picks,
        schools: &new_schools,
        years: &problem.years,
        served: &served,
        before: before_runs,
        after: &after_runs,
        radius_m: radius,
        n_access: access.len(),
    });
    progress.step("travel limits before and after", 1);
    let travel = travel(problem, &search, &picks, k0, access.len());
    let expansions = if ladder.set.extensions {
        expansions(problem, &search, &after)
    } else {
        Vec::new()
    };
    progress.step("remedies: the binding constraint and the runners-up", 1);
    let new_costs: Vec<f64> = new_schools.iter().map(|n| n.cost_yuan).collect();
    let mut remedies = ladder.finish(&LadderInput::of(problem), &after_runs, k0, &new_costs);
    let input = LadderInput::of(problem);
    if let Some(r) = super::build_only::build_instead(&input, max_new, ladder.set, &fixed, k0) {
        remedies.add_build_instead(r);
    }
    let total_cost_yuan = new_schools.iter().map(|n| n.cost_yuan).sum::<f64>()
        + expansions.iter().map(|e| e.cost_yuan).sum::<f64>()
        + remedies
            .rungs
            .iter()
            .find(|r| r.chosen)
            .map_or(0.0, |r| r.conversion_cost_yuan);
    let last = years.len() - 1;
    let mut notes = problem.notes.clone();
    notes.push("forecast demand is placed where today's pupils of the same school and grade live (scaled to the forecast, largest remainder)".into());
    if let Some(cell_m) = remedies.pooled_cell_m {
        notes.push(format!("more than {} pupil groups a year: the remedies not chosen (and building instead of converting) were judged on demand pooled by {cell_m:.0} m cell and grade; the chosen plan was zoned on every pupil", super::remedies::POOL_LADDER_ABOVE_GROUPS));
    }
    SitePlan {
        project: problem.project.clone(),
        stage: problem.stage,
        scenario: problem.scenario,
        years: problem.years.clone(),
        candidates: cands.len(),
        candidate_source: problem.candidate_source.clone(),
        new_schools,
        expansions,
        kg_rooms: problem.kg_rooms.clone(),
        split_off: problem.split_off,
        feasible,
        lower_bound_new,
        before,
        after,
        service_radius_m: radius,
        method: super::choice::method(&site_choice),
        site_choice,
        notes,
        base_year: problem.base_year,
        build: problem.build.clone(),
        first_build_year: first_build,
        interim,
        total_cost_yuan,
        tradeoff,
        travel,
        remedies,
        final_problem: Some((
            search.problem(last, &picks),
            after_runs[last].allocs.clone(),
        )),
    }
}

fn year_load(
    search: &Search,
    y: usize,
    plan: &[Pick],
    run: &YearRun,
    year: i32,
    radius: f64,
) -> YearLoad {
    let p = search.problem(y, plan);
    let n_old = search.years[y].seats.len();
    // Each group's nearest school names the area of pupils left short; only needed when some are.
    let short = run.allocs.iter().any(|a| a.seat.is_none());
    let near = short.then(|| crate::zones::nearest::candidates(&search.years[y], 1));
    let mut loads: Vec<[u32; 12]> = vec![[0; 12]; p.seats.len()];
    let (mut seated, mut within, mut dist) = (0u64, 0u64, 0.0);
    let mut short_by_area: BTreeMap<String, u64> = BTreeMap::new();
    for a in &run.allocs {
        let g = &p.groups[a.group as usize];
        match a.seat {
            Some(s) => {
                loads[s as usize][g.grade.index()] += a.count;
                let d = p.distance_m(a.group as usize, s as usize);
                seated += a.count as u64;
                dist += d * a.count as f64;
                if d <= radius {
                    within += a.count as u64;
                }
            }
            None => {
                let Some(near) = &near else { continue };
                let id = &p.seats[near[a.group as usize][0] as usize].id;
                *short_by_area.entry(id.clone()).or_default() += a.count as u64;
            }
        }
    }
    let schools = p
        .seats
        .iter()
        .enumerate()
        .map(|(s, seat)| SchoolLoad {
            school_id: seat.id.clone(),
            new: s >= n_old,
            rooms: seat.room_budget,
            fixed_students: seat.fixed_students,
            size_cap: seat.size_budget + seat.fixed_students,
            students_by_grade: loads[s],
        })
        .collect();
    YearLoad {
        year,
        students: p.groups.iter().map(|g| g.count as u64).sum(),
        seats_short: run.overflow,
        short_by_area,
        mean_distance_m: if seated > 0 {
            dist / seated as f64
        } else {
            0.0
        },
        within_radius_share: if seated > 0 {
            within as f64 / seated as f64
        } else {
            0.0
        },
        schools,
    }
}

#[allow(clippy::too_many_arguments)]
fn new_school(
    search: &Search,
    pooled: &Search,
    picks: &[Pick],
    i: usize,
    after: &[YearRun],
    problem: &SiteProblem,
    first_build: i32,
    access: Option<(&AccessSite, usize)>,
) -> NewSchool {
    let radius = problem.service_radius_m;
    let pick = picks[i];
    let cand = &search.cands[pick.cand];
    let mut others = picks.to_vec();
    others.remove(i);
    let short_without: Vec<(i32, u64)> = problem
        .years
        .iter()
        .copied()
        .zip(pooled.overflows(&others))
        .collect();
    let needed_for_seats = short_without.iter().find(|x| x.1 > 0).map(|x| x.0);
    let needed_for_access = access.and_then(|(a, k0)| {
        needed_from(&a.pupils_by_year, problem.access.min_pupils).map(|y| problem.years[k0 + y])
    });
    let needed_from = match (needed_for_seats, needed_for_access) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let open_year = needed_from.map(|y| y.max(first_build));
    let seat = search.years[0].seats.len() + i;
    let mut served = Vec::new();
    for (y, run) in after.iter().enumerate() {
        let p = &search.years[y];
        let mut by: BTreeMap<String, u32> = BTreeMap::new();
        for a in run.allocs.iter().filter(|a| a.seat == Some(seat as u32)) {
            *by.entry(p.groups[a.group as usize].grade.code().into())
                .or_default() += a.count;
        }
        served.push((problem.years[y], by));
    }
    let last = search.years.len() - 1;
    let p = search.problem(last, picks);
    let near = crate::zones::nearest::candidates(&search.years[last], 1);
    let (mut n, mut d0, mut d1, mut w0, mut w1) = (0u64, 0.0, 0.0, 0u64, 0u64);
    let mut taken: BTreeMap<String, f64> = BTreeMap::new();
    let (mut dist_before, mut dist_after) = (Vec::new(), Vec::new());
    for a in after[last]
        .allocs
        .iter()
        .filter(|a| a.seat == Some(seat as u32))
    {
        let g = a.group as usize;
        let before = p.distance_m(g, near[g][0] as usize);
        let now = p.distance_m(g, seat);
        n += a.count as u64;
        d0 += before * a.count as f64;
        d1 += now * a.count as f64;
        w0 += (before <= radius) as u64 * a.count as u64;
        w1 += (now <= radius) as u64 * a.count as u64;
        dist_before.push((before, a.count));
        dist_after.push((now, a.count));
        let mix = problem.shares.mix.get(g).cloned().unwrap_or_default();
        let tot: u32 = mix.iter().map(|m| m.1).sum();
        for (id, k) in mix {
            *taken.entry(id).or_default() += a.count as f64 * k as f64 / tot as f64;
        }
    }
    let relieves = taken
        .into_iter()
        .filter(|(_, k)| k.round() >= 1.0)
        .map(|(id, k)| relief(problem, id, k.round() as u32))
        .collect();
    let per = |x: f64| if n > 0 { x / n as f64 } else { 0.0 };
    let seats = seats_of(search, Some(&pick.classes));
    let b = &problem.build;
    let floor_area_m2 = seats as f64 * b.floor_m2_per_place;
    let (cost_yuan, cost_source) = if cand.fixed_cost > 0.0 {
        (cand.fixed_cost, "sites table".to_string())
    } else {
        (
            floor_area_m2 * b.build_cost_yuan_per_m2,
            format!(
                "floor area × {:.0} yuan/m² (standards)",
                b.build_cost_yuan_per_m2
            ),
        )
    };
    let (lonlat, place) = problem.places[pick.cand].clone();
    NewSchool {
        site_id: cand.id.clone(),
        xy_m: cand.xy_m,
        lonlat,
        place,
        classes: pick.classes,
        seats,
        land_area_m2: seats as f64 * b.land_m2_per_place,
        floor_area_m2,
        fixed_cost: cand.fixed_cost,
        cost_yuan,
        cost_source,
        needed_from,
        open_year,
        short_without,
        served,
        mean_distance_before_m: per(d0),
        mean_distance_after_m: per(d1),
        p95_distance_before_m: weighted_p95(dist_before),
        p95_distance_after_m: weighted_p95(dist_after),
        within_radius_before: per(w0 as f64),
        within_radius_after: per(w1 as f64),
        relieves,
        access_pupils: access
            .and_then(|(a, _)| a.pupils_by_year.last().copied())
            .unwrap_or(0),
    }
}

fn relief(problem: &SiteProblem, id: String, taken: u32) -> Relief {
    let sq = problem.status_quo.get(&id).copied().unwrap_or_default();
    Relief {
        school_id: id,
        students_taken: taken,
        classrooms_short_max: sq.classrooms_short_max,
        years_over_size_cap: sq.years_over_size_cap,
    }
}

/// Existing schools whose classes need more rooms than they have today: expand in that year.
fn expansions(problem: &SiteProblem, search: &Search, after: &[YearLoad]) -> Vec<Expansion> {
    let years = &problem.years;
    let mut out = Vec::new();
    // The last year's rooms include the expandable ones (it is past the extension lead time).
    let p = &search.years[search.years.len() - 1];
    for (s, seat) in p.seats.iter().enumerate() {
        // Converted rooms (seats after the existing ones) have nothing to extend.
        let extra = problem.expandable.get(s).copied().unwrap_or(0);
        if extra == 0 {
            continue;
        }
        let today = seat.room_budget - extra.min(seat.room_budget);
        let need = |l: &[u32; 12]| -> u32 {
            (0..12)
                .map(|g| crate::capacity::classes_needed(l[g], p.caps[g]))
                .sum()
        };
        let first = after
            .iter()
            .zip(years)
            .find(|(l, _)| need(&l.schools[s].students_by_grade) > today);
        if let Some((_, y)) = first {
            let most = after
                .iter()
                .map(|l| need(&l.schools[s].students_by_grade))
                .max()
                .unwrap_or(0);
            out.push(Expansion {
                school_id: seat.id.clone(),
                year: *y,
                rooms_added: most - today,
                cost_yuan: (most - today) as f64 * problem.build.extension_cost_yuan_per_classroom,
            });
        }
    }
    out
}

/// Students by grade of a load, as counts.
pub fn load_counts(l: &SchoolLoad) -> GradeCounts {
    let mut c = GradeCounts::default();
    for g in Grade::ALL {
        c.add(g, l.students_by_grade[g.index()]);
    }
    c
}
