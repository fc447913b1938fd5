//! Projecting every school forward, year by year, for each scenario.
//!
//! Each school starts from its last observed year (at most `forecast.max_gap_years` before the base
//! year; years inside the gap are projected with the mid ratios). In every later year:
//! - an entry grade = entry ratio × cohort births;
//! - grade 7 = grade-7 ratio × Σ share × grade 6 of its feeders the year before;
//! - any other grade = progression ratio × the grade below the year before;
//! - then the housing yield for that year is added (it does not age: it is a stock of pupils).
//!
//! After the base year the ratios are multiplied by the scenario's multipliers.

use super::estimate::{Context, Fitted};
use super::housing::HousingYield;
use super::SchoolStatus;

/// Projected pupils: `students[scenario][school * horizon + t]` for year `base + 1 + t`, by grade.
/// Scenarios not asked for are left empty.
#[derive(Debug, Clone)]
pub struct Projected {
    pub horizon: usize,
    pub students: [Vec<[f64; 12]>; 3],
}

impl Projected {
    /// Pupils by grade at school `s`, scenario `sc`, `t` years after the base (0-based).
    pub fn at(&self, sc: usize, s: usize, t: usize) -> &[f64; 12] {
        &self.students[sc][s * self.horizon + t]
    }
}

/// Settings of one projection run.
pub struct Run<'a> {
    pub base: i32,
    pub horizon: usize,
    pub max_gap_years: i32,
    pub status: &'a [SchoolStatus],
    pub housing: &'a HousingYield,
    /// Scenario indices to compute (0 low, 1 mid, 2 high).
    pub scenarios: &'a [usize],
}

/// Project all schools for the scenarios asked for.
pub fn project(ctx: &Context, fitted: &Fitted, run: &Run) -> Projected {
    let mut out = Projected {
        horizon: run.horizon,
        students: Default::default(),
    };
    for &sc in run.scenarios {
        out.students[sc] = project_one(ctx, fitted, run, sc);
    }
    out
}

fn project_one(ctx: &Context, fitted: &Fitted, run: &Run, sc: usize) -> Vec<[f64; 12]> {
    let n = ctx.schools.len();
    let h = run.horizon;
    let start = run.base - run.max_gap_years;
    let mut state: Vec<[f64; 12]> = (0..n)
        .map(|s| {
            ctx.hist
                .get_upto(s, start, run.base)
                .copied()
                .unwrap_or([0.0; 12])
        })
        .collect();
    let mut out = vec![[0.0; 12]; n * h];
    for y in start + 1..=run.base + h as i32 {
        let future = y > run.base;
        let mult = &fitted.multipliers[if future { sc } else { 1 }];
        let mut next = vec![[0.0; 12]; n];
        for (s, cell) in next.iter_mut().enumerate() {
            if run.status[s] == SchoolStatus::Closed {
                continue;
            }
            if !future {
                if let Some(obs) = ctx.hist.get(s, y) {
                    *cell = *obs;
                    continue;
                }
            }
            for g in (0..12).filter(|&g| ctx.taught[s][g]) {
                let den = ctx.denom(s, g, y, |p| Some(&state[p])).unwrap_or(0.0);
                cell[g] = fitted.ratios[s][g] * mult[g] * den;
            }
        }
        if future {
            let t = (y - run.base - 1) as usize;
            for s in 0..n {
                let mut total = next[s];
                if let Some(extra) = run.housing.extra.get(&s) {
                    for g in 0..12 {
                        total[g] += extra[t][g];
                    }
                }
                out[s * h + t] = total;
            }
        }
        state = next;
    }
    out
}
