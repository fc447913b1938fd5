//! Pupils beyond the day travel limit, before and after a plan: the access half of the plan's
//! numbers, kept apart from the capacity half in [`super::plan`].

use super::access::{beyond_existing, pupils_beyond};
use super::problem::SiteProblem;
use super::search::{Pick, Search};
use super::solution::Travel;

/// Pupils beyond the day travel limit by year, before and after the plan (its schools count from
/// year index `k0`, when builds can open).
pub(super) fn travel(
    problem: &SiteProblem,
    search: &Search,
    picks: &[Pick],
    k0: usize,
    n_access: usize,
) -> Travel {
    let lim = &problem.travel_limits;
    let before = pupils_beyond(search.years, &beyond_existing(search.years, lim));
    let with: Vec<_> = (0..search.years.len())
        .map(|y| search.problem(y, if y < k0 { &[] } else { picks }))
        .collect();
    let after = pupils_beyond(&with, &beyond_existing(&with, lim));
    let by_year = |v: Vec<u64>| problem.years.iter().copied().zip(v).collect();
    Travel {
        standards: problem.access.clone(),
        schools_for_access: n_access as u32,
        beyond_before: by_year(before),
        beyond_after: by_year(after),
    }
}
