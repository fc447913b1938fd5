//! Greedy rounds in batches on a large county: several new schools a round, placed where the
//! pupils left short live, and the plan's schools sorted by how much of them a plan uses.
//!
//! Why: on a county of a million pupils a kindergarten plan may need a hundred new schools, and a
//! greedy round that scores candidates by zoning every year adds one school per round: a hundred
//! rounds of many zonings each. Here a round adds about half the schools the worst year's
//! shortage needs at once: each goes to the free candidate whose nearest short pupils (as many as
//! its seats hold) are nearest to it, and those pupils are then counted as seated. The caller
//! zones the batch once and keeps it only when it seats more pupils; the single-school rounds and
//! the full check finish the plan. The same loads (pupils a school holds in its fullest year)
//! shortlist the schools that pruning and shrinking try, so they zone a few plans, not one per
//! school.

use super::search::{seats_of, short_pupils, Pick, Search, YearRun};
use rayon::prelude::*;

/// Share of the worst year's shortage (in whole largest schools) a batch round covers: half, so
/// that the seats the new schools free at their neighbours do not make the batch overshoot.
pub const BATCH_SHARE: f64 = 0.5;

/// New schools to add to `plan` in one round, given its `runs` (one per year of `search`); empty
/// when the worst year is short of fewer than two largest schools' seats (single rounds then).
pub fn batch_add(search: &Search, plan: &[Pick], runs: &[YearRun]) -> Vec<Pick> {
    let Some(worst) = (0..runs.len()).max_by_key(|y| (runs[*y].overflow, std::cmp::Reverse(*y)))
    else {
        return Vec::new();
    };
    let largest = search.cands.iter().flat_map(|c| c.sizes.iter()).max();
    let seats = seats_of(search, largest).max(1) as f64;
    let k = (runs[worst].overflow as f64 / seats * BATCH_SHARE).floor() as usize;
    if k < 2 {
        return Vec::new();
    }
    let mut short = short_pupils(&search.years[worst], &runs[worst]);
    let mut free: Vec<usize> = (0..search.cands.len())
        .filter(|c| !search.cands[*c].sizes.is_empty() && plan.iter().all(|p| p.cand != *c))
        .collect();
    let mut out = Vec::new();
    while out.len() < k && !free.is_empty() && short.iter().any(|s| s.1 > 0.0) {
        let fill: Vec<(f64, usize)> = free
            .par_iter()
            .map(|c| (fill_m(search, *c, &short).0, *c))
            .collect();
        let Some(&(_, c)) = fill
            .iter()
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
        else {
            break;
        };
        for (i, n) in fill_m(search, c, &short).1 {
            short[i].1 -= n;
        }
        free.retain(|x| *x != c);
        let classes = search.cands[c].sizes.last().copied().unwrap_or(0);
        out.push(Pick { cand: c, classes });
    }
    out
}

/// Mean distance (m) from candidate `c` to the short pupils its seats would hold, nearest first,
/// and those pupils (index into `short`, count).
pub fn fill_m(search: &Search, c: usize, short: &[([f64; 2], f64)]) -> (f64, Vec<(usize, f64)>) {
    let cand = &search.cands[c];
    let mut room = seats_of(search, cand.sizes.last()) as f64;
    let mut by: Vec<(f64, usize)> = (short.iter().enumerate())
        .filter(|(_, s)| s.1 > 0.0)
        .map(|(i, s)| ((s.0[0] - cand.xy_m[0]).hypot(s.0[1] - cand.xy_m[1]), i))
        .collect();
    by.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut taken, mut metres, mut pupils) = (Vec::new(), 0.0, 0.0);
    for (d, i) in by {
        if room <= 0.0 {
            break;
        }
        let n = short[i].1.min(room);
        room -= n;
        metres += n * d;
        pupils += n;
        taken.push((i, n));
    }
    let mean = if pupils > 0.0 {
        metres / pupils
    } else {
        f64::INFINITY
    };
    (mean, taken)
}

/// Per school of `plan` (in plan order): the pupils it holds in its fullest year of `runs`.
pub fn loads(search: &Search, plan: &[Pick], runs: &[YearRun]) -> Vec<u64> {
    let mut most = vec![0u64; plan.len()];
    for (y, run) in runs.iter().enumerate() {
        let first = search.years[y].seats.len();
        let mut load = vec![0u64; plan.len()];
        for a in &run.allocs {
            if let Some(s) = a.seat.map(|s| s as usize).filter(|s| *s >= first) {
                load[s - first] += a.count as u64;
            }
        }
        for (m, l) in most.iter_mut().zip(load) {
            *m = (*m).max(l);
        }
    }
    most
}

/// The `n` schools of `plan` after the first `keep` that hold fewest pupils in their fullest year
/// (ties: earlier in the plan): those a plan can most likely do without.
pub fn least_loaded(search: &Search, plan: &[Pick], keep: usize, n: usize) -> Vec<Pick> {
    let runs = search.runs(plan);
    let load = loads(search, plan, &runs);
    let mut order: Vec<usize> = (keep..plan.len()).collect();
    order.sort_by_key(|i| (load[*i], *i));
    order.into_iter().take(n).map(|i| plan[i]).collect()
}

/// On a large county: each school of `plan` after the first `keep` to the smallest standard size
/// whose seats hold its fullest year, tried on all of them at once and, where that leaves a year
/// short, on each half in turn (down to single schools). Each try zones every year once.
pub fn shrink_large(search: &Search, plan: &mut [Pick], keep: usize) {
    let runs = search.runs(plan);
    let load = loads(search, plan, &runs);
    let targets: Vec<(usize, u32)> = (keep..plan.len())
        .filter_map(|i| {
            let sizes = &search.cands[plan[i].cand].sizes;
            let fits = |s: &&u32| seats_of(search, Some(s)) as u64 >= load[i];
            let s = sizes.iter().find(fits).copied()?;
            (s < plan[i].classes).then_some((i, s))
        })
        .collect();
    try_shrink(search, plan, &targets);
}

/// Apply `targets` (school index, smaller size) to `plan` if every year stays seated; else try
/// each half.
fn try_shrink(search: &Search, plan: &mut [Pick], targets: &[(usize, u32)]) {
    if targets.is_empty() {
        return;
    }
    search.progress.step(
        &format!("shrinking {} school(s) to standard sizes", targets.len()),
        1,
    );
    let mut trial = plan.to_vec();
    for (i, s) in targets {
        trial[*i].classes = *s;
    }
    let feasible = search.score(&trial).0 == 0;
    search.progress.advance(1);
    if feasible {
        plan.copy_from_slice(&trial);
    } else if targets.len() > 1 {
        let (a, b) = targets.split_at(targets.len() / 2);
        try_shrink(search, plan, a);
        try_shrink(search, plan, b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Grade, Level, Stage};
    use crate::siting::site::search::Candidate;
    use crate::siting::site::Silent;
    use crate::zones::{DemandKind, Group, Method, Problem, Seat, ZoneOptions};

    /// A large county in few groups: 50,000 pupils in town (0, 0) and 51,000 in two villages
    /// 20 km west and 20 km east, one town school of 1,200 rooms (54,000 seats at 45).
    fn county() -> Problem {
        let group = |x: f64, count: u32| Group {
            xy_m: [x, 0.0],
            grade: Grade::G1,
            count,
            unit: None,
            members: 0..0,
        };
        Problem {
            stage: Stage::Primary,
            kind: DemandKind::Students,
            groups: vec![
                group(0.0, 50_000),
                group(-20_000.0, 25_500),
                group(20_000.0, 25_500),
            ]
            .into(),
            members: Vec::new(),
            seats: vec![Seat {
                school: 0,
                id: "TOWN".into(),
                xy_m: [0.0, 0.0],
                level: Level::Primary,
                room_budget: 1200,
                size_budget: 1_000_000,
                fixed_classes: 0,
                fixed_students: 0,
                rooms: 1200,
            }],
            caps: [45; 12],
            unplaced: Vec::new(),
            notes: Vec::new(),
            pins: Vec::new(),
        }
    }

    fn search<'a>(
        years: &'a [Problem],
        cands: &'a [Candidate],
        opts: &'a ZoneOptions,
    ) -> Search<'a> {
        Search {
            years,
            cands,
            opts,
            size_cap: 2000,
            level: Level::Primary,
            progress: &Silent,
        }
    }

    fn cand(id: &str, x: f64) -> Candidate {
        Candidate {
            id: id.into(),
            xy_m: [x, 500.0],
            sizes: vec![24, 48],
            fixed_cost: 0.0,
        }
    }

    #[test]
    fn a_batch_covers_half_the_shortage_at_the_sites_nearest_the_pupils_short() {
        let years = vec![county()];
        let mut cands = vec![cand("FAR", 60_000.0), cand("NORTH", 0.0)];
        for k in 0..8 {
            cands.push(cand(&format!("W{k}"), -20_000.0 - 300.0 * k as f64));
            cands.push(cand(&format!("E{k}"), 20_000.0 + 300.0 * k as f64));
        }
        let opts = ZoneOptions::new(Stage::Primary, Method::Capacitated);
        let search = search(&years, &cands, &opts);
        assert!(search.is_large());
        let runs = search.runs(&[]);
        // 101,000 pupils, 54,000 seats: 47,000 short; a largest school holds 2,000 (48 × 45
        // within the size cap), so half the shortage is 11 whole schools.
        assert_eq!(runs[0].overflow, 47_000);
        let batch = batch_add(&search, &[], &runs);
        assert_eq!(batch.len(), 11, "{batch:?}");
        let ids: Vec<&str> = batch.iter().map(|p| cands[p.cand].id.as_str()).collect();
        assert!(
            ids.iter()
                .all(|id| id.starts_with('W') || id.starts_with('E')),
            "{ids:?}"
        );
        assert!(batch.iter().all(|p| p.classes == 48));
        // The batch seats pupils: zoned with it, fewer are short.
        let with = search.runs(&batch);
        assert!(with[0].overflow < runs[0].overflow);
        // Loads: each school of the batch is full in its only year.
        let load = loads(&search, &batch, &with);
        assert_eq!(load.len(), batch.len());
        assert!(load.iter().all(|l| *l > 0 && *l <= 2000), "{load:?}");
        // Few schools short: no batch (single rounds finish the plan).
        let mut small = county();
        small.seats[0].room_budget = 2200;
        let years = vec![small];
        let search = Search {
            years: &years,
            ..search
        };
        assert!(batch_add(&search, &[], &search.runs(&[])).is_empty());
    }

    #[test]
    fn greedy_on_a_large_county_seats_everyone_and_shrinks_what_it_can() {
        let years = vec![county()];
        let mut cands = Vec::new();
        for k in 0..14 {
            cands.push(cand(&format!("W{k}"), -20_000.0 - 300.0 * k as f64));
            cands.push(cand(&format!("E{k}"), 20_000.0 + 300.0 * k as f64));
        }
        let opts = ZoneOptions::new(Stage::Primary, Method::Capacitated);
        let search = search(&years, &cands, &opts);
        let mut plan = Vec::new();
        assert_eq!(search.add_until_feasible(&mut plan, cands.len()), 0);
        // 47,000 short / 2,000 a school: at least 24 schools.
        assert!(plan.len() >= 24, "{}", plan.len());
        search.shrink(&mut plan, 0);
        assert_eq!(
            search.score(&plan).0,
            0,
            "shrinking keeps every pupil seated"
        );
        let seats: u32 = plan
            .iter()
            .map(|p| seats_of(&search, Some(&p.classes)))
            .sum();
        assert!(seats >= 47_000);
    }
}
