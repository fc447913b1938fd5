//! One year's site choice as capacitated facility location ([`crate::locate`]) on pooled demand.
//!
//! Why: the choice of sites must weigh how far pupils travel against what a school costs, so a
//! site near the pupils who are short of seats beats a far one with the same seats. The pooled
//! year ([`super::aggregate`]) becomes a facility-location problem:
//! - demand points: the pupils of each square cell (all grades), cut into equal parts of at most
//!   `chunk` pupils so that single-source assignment can share a dense cell between schools;
//! - fixed open sites: the existing schools (and the schools already chosen for access), with
//!   their seats in pupils; an overflow site, open, of unlimited seats at [`OVERFLOW_M`] per pupil,
//!   so that a county short of seats even with every candidate still has an answer;
//! - candidates: at their largest standard size, with their building cost as fixed cost;
//! - objective: pupil-metres + building cost / the yuan a pupil-metre is worth (the standard
//!   `travel_yuan_per_pupil_m`, [`crate::standards::Standards`], taken from the site problem).
//!
//! Seats in pupils are rooms × the year's mean class cap (harmonic, weighted by its pupils per
//! grade), within the size cap: whole classes per grade are not modelled here, and the zones
//! engine's check of the chosen plan corrects for them. The engine returns a lower bound on this
//! objective, so the choice comes with its gap.

use super::aggregate::square_of;
use super::search::{Pick, Search};
use crate::locate::{self, Metric, Options, SearchOptions, Weighting};
use crate::zones::Problem;
use std::collections::BTreeMap;

/// Cost of a pupil left without a seat, in pupil-metres (10,000 km): above any building cost, so
/// the choice seats every pupil it can.
pub const OVERFLOW_M: f64 = 1.0e7;

/// Most demand points the engine is given: cells are widened until the year fits.
pub const MAX_POINTS: usize = 300;

/// What the engine chose on one year and how good it provably is.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// The fixed schools first, then the opened candidates at their largest size.
    pub picks: Vec<Pick>,
    pub objective: f64,
    pub lower_bound: f64,
    pub gap: f64,
    pub method: String,
    pub points: usize,
    pub cell_m: f64,
    /// Pupils the engine left on the overflow site.
    pub overflow_pupils: f64,
    /// Whether the demand was the pupils left short only (large counties).
    pub short_only: bool,
}

/// Seats in pupils of `rooms` rooms within `size_budget` at `mean_cap` pupils a class.
fn seats(rooms: u32, size_budget: u32, mean_cap: f64) -> f64 {
    (rooms as f64 * mean_cap).min(size_budget as f64).max(0.0)
}

/// The year's mean class cap: pupils / classes they need at the caps (fractional classes).
pub fn mean_cap(p: &Problem) -> f64 {
    let mut by_grade = [0u64; 12];
    for g in p.groups.iter() {
        by_grade[g.grade.index()] += g.count as u64;
    }
    let total: u64 = by_grade.iter().sum();
    let classes: f64 = (0..12)
        .filter(|g| p.caps[*g] > 0)
        .map(|g| by_grade[g] as f64 / p.caps[g] as f64)
        .sum();
    if total == 0 || classes <= 0.0 {
        let grades = p.grades();
        return grades.iter().map(|g| p.caps[g.index()] as f64).sum::<f64>()
            / grades.len().max(1) as f64;
    }
    total as f64 / classes
}

/// Demand points of a pooled year: per cell of side `cell_m` (all grades, mean position), in
/// parts of at most `chunk` pupils. Cells are widened (doubled) until at most [`MAX_POINTS`].
pub fn demand_points(p: &Problem, cell_m: f64, chunk: f64) -> (Vec<[f64; 2]>, Vec<f64>, f64) {
    let pupils: Vec<([f64; 2], f64)> = (p.groups.iter())
        .filter(|g| g.count > 0)
        .map(|g| (g.xy_m, g.count as f64))
        .collect();
    demand_points_of(&pupils, cell_m, chunk)
}

/// [`demand_points`] of pupils given as (position, count).
pub fn demand_points_of(
    pupils: &[([f64; 2], f64)],
    cell_m: f64,
    chunk: f64,
) -> (Vec<[f64; 2]>, Vec<f64>, f64) {
    let mut side = cell_m;
    loop {
        let mut cells: BTreeMap<[i64; 2], (f64, f64, f64)> = BTreeMap::new();
        for (xy, n) in pupils.iter().filter(|x| x.1 > 0.0) {
            let c = cells.entry(square_of(*xy, side)).or_default();
            c.0 += n * xy[0];
            c.1 += n * xy[1];
            c.2 += n;
        }
        let (mut points, mut demand) = (Vec::new(), Vec::new());
        for (x, y, n) in cells.into_values() {
            let parts = (n / chunk).ceil().max(1.0);
            for _ in 0..parts as usize {
                points.push([x / n, y / n]);
                demand.push(n / parts);
            }
        }
        if points.len() <= MAX_POINTS || side > 1.0e6 {
            return (points, demand, side);
        }
        side *= 2.0;
    }
}

/// Open candidates besides the existing seats and `fixed` on year `y` of `search` (pooled
/// demand), at most `max_new` schools in all. `cost_yuan[c]`: candidate c's building cost at its
/// largest size; `yuan_per_pupil_m`: what one pupil-metre of travel is worth against it. None
/// when the engine cannot run (no free candidate, or it reports an error).
///
/// `short`: on a large county, the pupils the fixed plan leaves short in that year (position,
/// count). The engine then locates schools for them alone, the existing schools left out (their
/// seats are taken where those pupils live): a million pupils in at most [`MAX_POINTS`] points
/// would make each point larger than a school, which single-source assignment cannot split.
pub fn locate_year(
    search: &Search,
    y: usize,
    fixed: &[Pick],
    cost_yuan: &[f64],
    yuan_per_pupil_m: f64,
    cell_m: f64,
    short: Option<&[([f64; 2], f64)]>,
) -> Option<Located> {
    let mut p = search.problem(y, fixed);
    if short.is_some() {
        p.seats.clear();
    }
    let free: Vec<usize> = (0..search.cands.len())
        .filter(|c| !search.cands[*c].sizes.is_empty() && fixed.iter().all(|f| f.cand != *c))
        .collect();
    if free.is_empty() || p.groups.is_empty() {
        return None;
    }
    let free = match short {
        Some(s) => nearest_to_short(search, free, s),
        None => free,
    };
    let cap = mean_cap(&p);
    let n_fixed = p.seats.len();
    let mut sites: Vec<[f64; 2]> = p.seats.iter().map(|s| s.xy_m).collect();
    let mut capacity: Vec<f64> = p
        .seats
        .iter()
        .map(|s| seats(s.room_budget, s.size_budget, cap))
        .collect();
    let mut fixed_cost = vec![0.0; n_fixed];
    for c in &free {
        let cand = &search.cands[*c];
        sites.push(cand.xy_m);
        let largest = cand.sizes.last().copied().unwrap_or(0);
        capacity.push(seats(largest, search.size_cap, cap));
        fixed_cost.push(cost_yuan[*c] / yuan_per_pupil_m.max(f64::MIN_POSITIVE));
    }
    let smallest_new = capacity[n_fixed..]
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    // Parts of a quarter school at most, but never more than half the point limit in all: the
    // engine's effort grows with the square of the points, and a million pupils in quarter-school
    // parts would be thousands of points whatever the cell size.
    let pupils: f64 = match short {
        Some(s) => s.iter().map(|x| x.1).sum(),
        None => p.groups.iter().map(|g| g.count as f64).sum(),
    };
    let chunk = (smallest_new / 4.0)
        .max(pupils / (MAX_POINTS / 2) as f64)
        .max(1.0);
    let (points, demand, side) = match short {
        Some(s) => demand_points_of(s, cell_m, chunk),
        None => demand_points(&p, cell_m, chunk),
    };
    if points.is_empty() {
        return None;
    }
    let total: f64 = demand.iter().sum();
    let mut cost = Metric::Euclidean.matrix(&points, &sites);
    // The overflow site: one more column, OVERFLOW_M from every point.
    let m = sites.len();
    let mut with_over = Vec::with_capacity(points.len() * (m + 1));
    for row in cost.chunks(m) {
        with_over.extend_from_slice(row);
        with_over.push(OVERFLOW_M);
    }
    cost = with_over;
    capacity.push(total.max(1.0));
    fixed_cost.push(0.0);
    let mut lp = locate::Problem::new(
        (0..points.len())
            .map(|i| format!("cell part {i}"))
            .collect(),
        (0..=m).map(|j| format!("site {j}")).collect(),
        demand,
        cost,
        Weighting::DemandWeighted,
        None,
    );
    lp.capacity = Some(capacity);
    lp.fixed_cost = fixed_cost;
    lp.must_open = (0..=m).map(|j| j < n_fixed || j == m).collect();
    let out = locate::solve(&lp, &engine_options()).ok()?;
    let over_pupils: f64 = (0..points.len())
        .filter(|i| out.solution.assignment[*i] == m)
        .map(|i| lp.demand[i])
        .sum();
    let mut picks = fixed.to_vec();
    for j in out
        .solution
        .open
        .iter()
        .filter(|j| **j >= n_fixed && **j < m)
    {
        let c = free[*j - n_fixed];
        let largest = search.cands[c].sizes.last().copied().unwrap_or(0);
        picks.push(Pick {
            cand: c,
            classes: largest,
        });
    }
    Some(Located {
        picks,
        objective: out.solution.objective,
        lower_bound: out.lower_bound,
        gap: out.gap,
        method: format!("{}; bound: {}", out.method, out.bound_method),
        points: points.len(),
        cell_m: side,
        overflow_pupils: over_pupils,
        short_only: short.is_some(),
    })
}

/// Most candidate sites the engine weighs for the pupils short on a large county.
pub const MAX_SHORT_SITES: usize = 64;

/// The [`MAX_SHORT_SITES`] candidates of `free` whose seats' worth of the nearest `short` pupils
/// are nearest to them on average (ties to the lower index), in candidate order: the engine's
/// local search grows with the sites, and far ones would not be opened for these pupils.
fn nearest_to_short(search: &Search, free: Vec<usize>, short: &[([f64; 2], f64)]) -> Vec<usize> {
    use rayon::prelude::*;
    if free.len() <= MAX_SHORT_SITES {
        return free;
    }
    let mut ranked: Vec<(f64, usize)> = (free.par_iter())
        .map(|c| (super::batch::fill_m(search, *c, short).0, *c))
        .collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut keep: Vec<usize> = ranked[..MAX_SHORT_SITES].iter().map(|x| x.1).collect();
    keep.sort_unstable();
    keep
}

/// The engine's effort: a short iterated search and bound (its single-source assignment grows
/// with the square of the points, so a county's demand is pooled to at most [`MAX_POINTS`]).
fn engine_options() -> Options {
    Options {
        restarts: 1,
        search: SearchOptions {
            iterations: 4,
            candidates: 6,
            seed: 1,
        },
        bound_iterations: 80,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Grade, Level, Stage};
    use crate::siting::site::search::Candidate;
    use crate::siting::site::Silent;
    use crate::zones::{DemandKind, Group, Method, Seat, ZoneOptions};

    fn year(groups: &[([f64; 2], u32)], rooms: u32) -> Problem {
        let mut caps = [30; 12];
        caps[3..9].fill(45);
        Problem {
            stage: Stage::Primary,
            kind: DemandKind::Students,
            groups: groups
                .iter()
                .map(|(xy, n)| Group {
                    xy_m: *xy,
                    grade: Grade::G1,
                    count: *n,
                    unit: None,
                    members: 0..0,
                })
                .collect::<Vec<_>>()
                .into(),
            members: Vec::new(),
            seats: vec![Seat {
                school: 0,
                id: "OLD".into(),
                xy_m: [0.0, 0.0],
                level: Level::Primary,
                room_budget: rooms,
                size_budget: 5000,
                fixed_classes: 0,
                fixed_students: 0,
                rooms,
            }],
            caps,
            unplaced: Vec::new(),
            notes: Vec::new(),
            pins: Vec::new(),
        }
    }

    fn cand(id: &str, xy: [f64; 2]) -> Candidate {
        Candidate {
            id: id.into(),
            xy_m: xy,
            sizes: vec![12, 18],
            fixed_cost: 0.0,
        }
    }

    #[test]
    fn a_site_near_the_pupils_short_beats_a_far_one_with_the_same_seats() {
        // 450 pupils at the old school (10 rooms = 450 seats) and 500 more 8 km east.
        let y = year(&[([100.0, 0.0], 450), ([8_000.0, 0.0], 500)], 10);
        let cands = [
            cand("FAR", [-9_000.0, 0.0]),
            cand("NEAR", [7_800.0, 0.0]),
            cand("MID", [3_000.0, 3_000.0]),
        ];
        let opts = ZoneOptions::new(Stage::Primary, Method::Capacitated);
        let years = [y];
        let search = Search {
            years: &years,
            cands: &cands,
            opts: &opts,
            size_cap: 2000,
            level: Level::Primary,
            progress: &Silent,
        };
        // Every pupil, then (as on a large county) only the 500 short: the engine then leaves the
        // full old school out and still opens NEAR.
        let short = [([8_000.0, 0.0], 500.0)];
        for given in [None, Some(&short[..])] {
            let got =
                locate_year(&search, 0, &[], &[1.0e7; 3], 3.6, 1000.0, given).expect("located");
            let ids: Vec<&str> = got
                .picks
                .iter()
                .map(|p| cands[p.cand].id.as_str())
                .collect();
            assert_eq!(ids, vec!["NEAR"], "{got:?}");
            assert_eq!(got.short_only, given.is_some());
            assert_eq!(got.overflow_pupils, 0.0);
            assert!(got.lower_bound <= got.objective + 1e-6);
            assert!((0.0..=1.0).contains(&got.gap));
        }
    }

    #[test]
    fn the_travel_rate_decides_between_a_far_cheap_site_and_a_near_dear_one() {
        // 450 pupils fill the old school; 500 more live 8 km east. NEAR (200 m from them) costs
        // 20 M yuan, FAR (5 km from them) 10 M. The 2.4 M pupil-metres between them are worth
        // 8.64 M yuan at the default 3.6 yuan, less than the 10 M saved: FAR wins. At 36 yuan a
        // pupil-metre they are worth 86.4 M: NEAR wins.
        let y = year(&[([100.0, 0.0], 450), ([8_000.0, 0.0], 500)], 10);
        let cands = [cand("NEAR", [7_800.0, 0.0]), cand("FAR", [3_000.0, 0.0])];
        let opts = ZoneOptions::new(Stage::Primary, Method::Capacitated);
        let years = [y];
        let search = Search {
            years: &years,
            cands: &cands,
            opts: &opts,
            size_cap: 2000,
            level: Level::Primary,
            progress: &Silent,
        };
        let chosen = |rate: f64| {
            let got =
                locate_year(&search, 0, &[], &[2.0e7, 1.0e7], rate, 1000.0, None).expect("located");
            got.picks
                .iter()
                .map(|p| cands[p.cand].id.clone())
                .collect::<Vec<_>>()
        };
        let default = crate::standards::Standards::default().travel_yuan_per_pupil_m;
        assert_eq!(default, 3.6);
        assert_eq!(chosen(default), vec!["FAR"]);
        assert_eq!(chosen(36.0), vec!["NEAR"]);
    }

    #[test]
    fn a_dense_cell_is_cut_into_parts_and_cells_widen_to_the_point_limit() {
        let y = year(&[([10.0, 10.0], 100), ([20.0, 20.0], 30)], 10);
        let (pts, demand, side) = demand_points(&y, 1000.0, 50.0);
        assert_eq!(side, 1000.0);
        assert_eq!(pts.len(), 3, "130 pupils in parts of at most 50");
        assert!(demand.iter().all(|d| (*d - 130.0 / 3.0).abs() < 1e-9));
        let many: Vec<([f64; 2], u32)> = (0..2000)
            .map(|k| ([k as f64 * 1000.0 + 1.0, 0.0], 1))
            .collect();
        let y = year(&many, 10);
        let (pts, demand, side) = demand_points(&y, 1000.0, 50.0);
        assert!(pts.len() <= MAX_POINTS && side > 1000.0);
        assert_eq!(demand.iter().sum::<f64>().round(), 2000.0);
    }
}
