//! Projecting every school forward, year by year, for each scenario.
//!
//! Each school starts from its last observed year (at most `forecast.max_gap_years` before the base
//! year; years inside the gap are projected with the mid ratios). In every later year:
//! - an entry grade = entry ratio × cohort births;
//! - grade 7 = grade-7 ratio × Σ share × grade 6 of its feeders the year before;
//! - any other grade = progression ratio × the grade below the year before;
//! - then the housing yield for that year is added (it does not age: it is a stock of pupils).
//!
//! After the base year the ratios are multiplied by the scenario's multipliers, and progression
//! ratios are damped toward 1 or the county ratio as the model says (`target + (r − target)·φ^t`
//! at `t` years ahead). Under persistence every grade keeps its last observed count. Grades a school
//! will not have ([`super::structure`]) stay at 0.

use super::estimate::{Context, Fitted};
use super::housing::HousingYield;
use super::models::{Damping, ModelSpec};
use super::structure::Kind;
use super::SchoolStatus;

/// Projected pupils: `students[scenario][school * horizon + t]` for year `base + 1 + t`, by grade.
/// Scenarios not asked for are left empty.
#[derive(Debug, Clone)]
pub struct Projected {
    pub horizon: usize,
    pub students: [Vec<[f64; 12]>; 3],
}

impl Projected {
    /// Every school's counts multiplied by its weight `w(school)`.
    pub fn weighted(mut self, w: impl Fn(usize) -> f64) -> Self {
        let h = self.horizon.max(1);
        for sc in self.students.iter_mut() {
            for (i, x) in sc.iter_mut().enumerate() {
                let k = w(i / h);
                x.iter_mut().for_each(|v| *v *= k);
            }
        }
        self
    }

    /// Add `w(school)` × `other` (same horizon and scenarios).
    pub fn add_weighted(&mut self, other: &Projected, w: impl Fn(usize) -> f64) {
        let h = self.horizon.max(1);
        for (a, b) in self.students.iter_mut().zip(&other.students) {
            for (i, (x, y)) in a.iter_mut().zip(b).enumerate() {
                let k = w(i / h);
                for g in 0..12 {
                    x[g] += k * y[g];
                }
            }
        }
    }

    /// Multiply the mid scenario of school `s`, `t` years after the base (0-based), by `f(s, t)`.
    pub fn scale_mid(&mut self, f: impl Fn(usize, usize) -> f64) {
        let h = self.horizon.max(1);
        for (i, x) in self.students[1].iter_mut().enumerate() {
            let k = f(i / h, i % h);
            x.iter_mut().for_each(|v| *v *= k);
        }
    }

    /// Low and high as mid × the band factors `[low, high]` of school `s` at `t` years ahead
    /// (0-based).
    pub fn apply_band(&mut self, factors: impl Fn(usize, usize) -> [f64; 2]) {
        let mid = std::mem::take(&mut self.students[1]);
        let n = mid.len() / self.horizon.max(1);
        for (k, sc) in [0usize, 2].into_iter().enumerate() {
            let mut v = mid.clone();
            for s in 0..n {
                for t in 0..self.horizon {
                    let f = factors(s, t)[k];
                    for x in v[s * self.horizon + t].iter_mut() {
                        *x *= f;
                    }
                }
            }
            self.students[sc] = v;
        }
        self.students[1] = mid;
    }

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
    pub spec: &'a ModelSpec,
}

/// The ratio used `t` years after the base (t ≥ 1) under the model's damping.
fn damped(r: f64, county: Option<f64>, damping: Damping, t: i32) -> f64 {
    match damping {
        Damping::None => r,
        Damping::ToOne(phi) => 1.0 + (r - 1.0) * phi.powi(t),
        Damping::ToCounty(phi) => {
            let c = county.unwrap_or(1.0);
            c + (r - c) * phi.powi(t)
        }
    }
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
            let shape = &ctx.shapes[s];
            if run.spec.persistence {
                for g in (0..12).filter(|&g| shape.active[g]) {
                    cell[g] = state[s][g];
                }
                continue;
            }
            let t = y - run.base;
            for g in (0..12).filter(|&g| shape.active[g]) {
                let den = ctx.denom(s, g, y, |p| Some(&state[p])).unwrap_or(0.0);
                let mut r = fitted.ratios[s][g];
                if future && shape.kinds[g] == Kind::Progression {
                    r = damped(r, fitted.county[g], run.spec.damping, t);
                }
                cell[g] = r * mult[g] * den;
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
