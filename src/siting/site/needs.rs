//! Needs that do not last and years no build can serve (issue 12 §2).
//!
//! Why apart from the plan: a new school is proposed only when its need lasts beyond its lead
//! time plus a few years; a shortage before the first build can open, or one that ends soon, is
//! reported as interim years with the seats short, never hidden inside a build date.

use super::problem::SiteProblem;
use super::search::{Pick, Search, YearRun};
use super::solution::Interim;
use rayon::prelude::*;

/// Drop, one at a time, a new school whose need (years short without it, from year index `k0`)
/// ends before the final forecast year and within its open-by year + `need_lasts_years`. Returns
/// the year indices (into the whole horizon) of the needs so dropped.
pub fn drop_short_lived(
    problem: &SiteProblem,
    late: &Search,
    picks: &mut Vec<Pick>,
    k0: usize,
    n_access: usize,
) -> Vec<usize> {
    let n_late = late.years.len();
    let first_build = problem.base_year + problem.build.lead_time_new_years as i32;
    let mut dropped = Vec::new();
    'again: loop {
        let with = late.overflows(picks);
        // Schools for access are needed for their pupils' travel, which lasts (checked when
        // they were chosen), not for seats. Every school's need is zoned in parallel, then read
        // in plan order (the first short-lived one is dropped, as a sequential scan would).
        let needs: Vec<Vec<usize>> = (n_access..picks.len())
            .into_par_iter()
            .map(|i| {
                let mut others = picks.clone();
                others.remove(i);
                let without = late.overflows(&others);
                (0..n_late).filter(|y| without[*y] > with[*y]).collect()
            })
            .collect();
        let short_lived: Vec<(usize, Vec<usize>)> = (n_access..picks.len())
            .zip(needs)
            .filter(|(_, need)| !need.is_empty() && !lasts(problem, need, k0, n_late, first_build))
            .collect();
        let Some((i, need)) = short_lived.first().cloned() else {
            break;
        };
        // A large county drops short-lived schools of the round together when their joint need
        // (the years short without them all) is short-lived too: all of them, else the first
        // half, and so on (each round zones every school's need).
        let mut n = short_lived.len();
        while late.is_large() && n > 1 {
            let trial: Vec<Pick> = (0..picks.len())
                .filter(|j| short_lived[..n].iter().all(|x| x.0 != *j))
                .map(|j| picks[j])
                .collect();
            let over = late.overflows(&trial);
            let need: Vec<usize> = (0..n_late).filter(|y| over[*y] > with[*y]).collect();
            if !lasts(problem, &need, k0, n_late, first_build) {
                *picks = trial;
                dropped.extend(need.iter().map(|y| k0 + y));
                continue 'again;
            }
            n /= 2;
        }
        picks.remove(i);
        dropped.extend(need.iter().map(|y| k0 + y));
    }
    dropped.sort_unstable();
    dropped.dedup();
    dropped
}

/// Whether a need (year indices from `k0`, ascending) lasts: it runs to the final forecast year,
/// or ends no earlier than its open-by year + `need_lasts_years`. No need lasts vacuously.
fn lasts(
    problem: &SiteProblem,
    need: &[usize],
    k0: usize,
    n_late: usize,
    first_build: i32,
) -> bool {
    let (Some(first), Some(last)) = (need.first(), need.last()) else {
        return true;
    };
    let open_by = problem.years[k0 + first].max(first_build);
    let ends = problem.years[k0 + last];
    last + 1 == n_late || ends >= open_by + problem.build.need_lasts_years as i32
}

/// The years short after the plan that no build serves: before `k0` (lead time) or short-lived.
pub fn interim(
    problem: &SiteProblem,
    after: &[YearRun],
    k0: usize,
    short_lived: &[usize],
) -> Vec<Interim> {
    after
        .iter()
        .enumerate()
        .filter(|(y, r)| r.overflow > 0 && (*y < k0 || short_lived.contains(y)))
        .map(|(y, r)| Interim {
            year: problem.years[y],
            seats_short: r.overflow,
            why: if y < k0 {
                "before_lead_time"
            } else {
                "short_lived"
            }
            .into(),
        })
        .collect()
}
