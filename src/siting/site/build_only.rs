//! The ladder's "build instead" runner-up: re-zoning plus new schools, converting nothing.
//!
//! Why: where the chosen plan converts freed primary rooms, a reader asks what building instead
//! would take. This file answers it on the same terms as every rung (issue 12 §1): the same
//! yearly problems without the converted seats, the same site choice ([`super::choice::choose`]:
//! facility location on pooled demand, checked on every pupil) after the same schools for the
//! day travel limits, costed at the same standards, and the same rung arithmetic
//! ([`super::remedies::rung`]). Its sentence says by how much it loses (or wins) against the
//! chosen plan, in total cost, schools for access included on both sides.

use super::aggregate::{pooled, SEARCH_CELL_M};
use super::choice::{choose, ChoiceInput};
use super::ladder::{thousands, LadderInput, RemedySet, Rung};
use super::progress::Silent;
use super::remedies::{pools, rung, year_problems};
use super::search::{seats_of, Pick, Search, YearRun};

/// The rung of re-zoning + new schools (+ the chosen extensions), no conversion; None when the
/// chosen plan converts nothing or no year is served by building.
pub fn build_instead(
    input: &LadderInput,
    max_new: usize,
    chosen: RemedySet,
    fixed: &[Pick],
    k0: usize,
) -> Option<Rung> {
    if !chosen.conversion || k0 >= input.years.len() {
        return None;
    }
    let set = RemedySet {
        conversion: false,
        extensions: chosen.extensions,
        new_schools: true,
    };
    let years = year_problems(input, set);
    let search = Search {
        years: &years,
        cands: input.candidates,
        opts: input.zone_options,
        size_cap: input.size_cap,
        level: input.level,
        progress: &Silent,
    };
    let late = Search {
        years: &years[k0..],
        ..search
    };
    let pooled_years: Vec<_> = years[k0..]
        .iter()
        .map(|p| pooled(p, SEARCH_CELL_M))
        .collect();
    let pooled_late = Search {
        years: &pooled_years,
        ..search
    };
    let b = input.build;
    let cost_at = |cand: usize, classes: Option<&u32>| {
        let c = &input.candidates[cand];
        if c.fixed_cost > 0.0 {
            c.fixed_cost
        } else {
            seats_of(&search, classes) as f64 * b.floor_m2_per_place * b.build_cost_yuan_per_m2
        }
    };
    // Each candidate at its largest size, as the site choice weighs them.
    let costs: Vec<f64> = (0..input.candidates.len())
        .map(|c| cost_at(c, input.candidates[c].sizes.last()))
        .collect();
    // A large county's runner-up is judged on pooled demand only, as the ladder judges the plans
    // it does not choose ([`super::remedies::pools`]).
    let pool = pools(&years);
    let checked_on = if pool { &pooled_late } else { &late };
    let (picks, _, _) = choose(&ChoiceInput {
        full: checked_on,
        pooled: &pooled_late,
        years: &input.years[k0..],
        fixed,
        max_new,
        cost_yuan: &costs,
        travel_yuan_per_pupil_m: b.travel_yuan_per_pupil_m,
        cell_m: SEARCH_CELL_M,
        known: None,
    });
    let pooled_all: Vec<_> = match pool {
        true => years.iter().map(|p| pooled(p, SEARCH_CELL_M)).collect(),
        false => Vec::new(),
    };
    let judged_years = if pool { &pooled_all } else { &years };
    let judged = Search {
        years: judged_years,
        ..search
    };
    let runs: Vec<YearRun> = (0..years.len())
        .map(|y| judged.run_year(y, &picks))
        .collect();
    let new_cost_yuan: Vec<f64> = picks
        .iter()
        .map(|p| cost_at(p.cand, Some(&p.classes)))
        .collect();
    Some(rung(input, set, judged_years, &runs, k0, &new_cost_yuan).0)
}

/// Why the build-instead rung loses (or wins) against `winner`, in total cost.
pub fn why_build_instead(r: &Rung, winner: &Rung) -> String {
    let label = format!("{} (no conversion)", r.label);
    if let (false, Some((year, short))) = (r.meets_caps, r.worst) {
        return format!(
            "{label}: {} seats short in {year} even with {} new school(s)",
            thousands(short as f64),
            r.new_schools
        );
    }
    let more = r.total_cost_yuan - winner.total_cost_yuan;
    let cost = thousands(r.total_cost_yuan);
    if more >= 0.5 {
        format!(
            "{label}: meets every cap with {} new school(s) but costs {cost} yuan, {} yuan more than the chosen plan",
            r.new_schools,
            thousands(more)
        )
    } else {
        format!(
            "{label}: meets every cap with {} new school(s) at {cost} yuan, {} yuan less than the chosen plan; the ladder keeps the cheaper measures first",
            r.new_schools,
            thousands(-more)
        )
    }
}
