//! The trade-off table of a siting plan: 0, 1, 2, … new schools against access and cost.
//!
//! Why: a county meeting asks "and with one school fewer?". Each row is the plan's first k schools
//! (in the order of the plan), zoned under the caps in every year the plan serves by building
//! (the rows between none and all of them on demand pooled by cell and grade, as the search
//! evaluates plans; the first and last rows on every pupil); it shows the seats still short, the share of pupils within the service radius, the
//! mean and 95th-percentile distance in the final year, and the new-school cost. The recommended
//! row is the fewest schools that meet every cap and include the schools chosen for pupils beyond
//! the day travel limit (the plan's first ones), and the table says why in one sentence.

use super::percentile::weighted_p95;
use super::search::{Pick, Search, YearRun};
use super::solution::{NewSchool, Tradeoff, TradeoffRow};

/// What the table is made from: the search, the plan's picks and schools, the years served by
/// building (indices), the known runs of no new school and of the whole plan, and the radius.
pub struct TradeoffInput<'a> {
    pub search: &'a Search<'a>,
    /// The same years on demand pooled by cell and grade: the rows between none and all of the
    /// plan's schools are zoned on it.
    pub pooled: &'a Search<'a>,
    pub picks: &'a [Pick],
    pub schools: &'a [NewSchool],
    pub years: &'a [i32],
    pub served: &'a [usize],
    pub before: &'a [YearRun],
    pub after: &'a [YearRun],
    pub radius_m: f64,
    /// The plan's first schools, chosen for pupils beyond the travel limit: always recommended.
    pub n_access: usize,
}

/// Rows for 0..=n new schools; the rows between 0 and n are zoned here.
pub fn tradeoff(t: &TradeoffInput) -> Tradeoff {
    let n = t.picks.len();
    let mut rows: Vec<TradeoffRow> = (0..=n)
        .map(|k| match k {
            0 => row(t, t.search, k, t.before),
            k if k == n => row(t, t.search, k, t.after),
            k => {
                let runs: Vec<YearRun> = t.pooled.runs(&t.picks[..k]);
                row(t, t.pooled, k, &runs)
            }
        })
        .collect();
    let pick = (t.n_access..rows.len()).find(|k| rows[*k].seats_short_max == 0);
    let reason = match pick {
        Some(k) => {
            rows[k].recommended = true;
            reason_for(&rows, k, t.n_access)
        }
        None => {
            rows[n].recommended = true;
            let r = &rows[n];
            format!(
                "{n} new school(s): no row meets every cap; the most schools allowed leave the fewest seats short ({} in {}).",
                r.seats_short_max,
                r.worst_year.map_or("-".into(), |y| y.to_string())
            )
        }
    };
    Tradeoff { rows, reason }
}

fn reason_for(rows: &[TradeoffRow], k: usize, n_access: usize) -> String {
    if k == n_access && n_access > 0 {
        return format!(
            "{k} new school(s), all for pupils beyond the day travel limit (the existing rooms would seat them, too far away); with these every cap holds in every year served by building."
        );
    }
    if k == 0 {
        return "No new school: the existing schools meet every cap in every year served by building."
            .into();
    }
    let fewer = &rows[k - 1];
    format!(
        "{k} new school(s): the fewest that meet every cap in every year served by building; with {} the plan is {} seats short in {}.",
        k - 1,
        fewer.seats_short_max,
        fewer.worst_year.map_or("-".into(), |y| y.to_string())
    )
}

fn row(t: &TradeoffInput, search: &Search, k: usize, runs: &[YearRun]) -> TradeoffRow {
    let worst = t
        .served
        .iter()
        .map(|y| (runs[*y].overflow, t.years[*y]))
        .filter(|x| x.0 > 0)
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let last = t.years.len() - 1;
    let p = search.problem(last, &t.picks[..k]);
    let (mut total, mut within, mut sum_m) = (0u64, 0u64, 0.0);
    let mut dist = Vec::new();
    for a in &runs[last].allocs {
        total += a.count as u64;
        if let Some(s) = a.seat {
            let d = p.distance_m(a.group as usize, s as usize);
            within += (d <= t.radius_m) as u64 * a.count as u64;
            sum_m += d * a.count as f64;
            dist.push((d, a.count));
        }
    }
    let seated: u64 = dist.iter().map(|x| x.1 as u64).sum();
    TradeoffRow {
        new_schools: k as u32,
        site_ids: t.schools[..k].iter().map(|s| s.site_id.clone()).collect(),
        seats_short_max: worst.map_or(0, |w| w.0),
        worst_year: worst.map(|w| w.1),
        within_radius_share: if total > 0 {
            within as f64 / total as f64
        } else {
            0.0
        },
        mean_distance_m: if seated > 0 {
            sum_m / seated as f64
        } else {
            0.0
        },
        p95_distance_m: weighted_p95(dist),
        cost_yuan: t.schools[..k].iter().map(|s| s.cost_yuan).sum(),
        recommended: false,
    }
}
