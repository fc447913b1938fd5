//! Fitting every school's ratios from the history up to the base year: progression ratios, entry
//! ratios (against cohort births) and the grade-7 ratio (against the feeder base), each with its
//! county counterpart, and the scenario multipliers from the county's yearly ratios.

use super::entry::{BirthMode, EntryDenoms};
use super::feeder::Feeders;
use super::history::HistoryTable;
use super::models::{Averaging, ModelSpec};
use super::progression::{shrink, window_mean_ratio, window_ratio, Obs};
use super::scenarios::multipliers;
use super::structure::{Kind, Shape};
use super::ForecastOptions;
use crate::model::School;

/// Everything the ratios are computed against.
pub struct Context<'a> {
    pub schools: &'a [School],
    /// Each school's grades and their kinds at the base year ([`super::structure`]).
    pub shapes: &'a [Shape],
    pub hist: &'a HistoryTable,
    pub entry: &'a EntryDenoms,
    pub feeders: &'a Feeders,
}

impl Context<'_> {
    /// The denominator of grade `g` at school `s` in `year`, given last year's counts `prev`.
    pub fn denom<'b>(
        &self,
        s: usize,
        g: usize,
        year: i32,
        prev: impl Fn(usize) -> Option<&'b [f64; 12]>,
    ) -> Option<f64> {
        match self.shapes[s].kinds[g] {
            Kind::Entry(e) => self.entry.get(s, e, year),
            Kind::Progression => prev(s).map(|c| c[g - 1]),
            Kind::Feeder => self.feeders.base(s, prev),
        }
    }
}

/// Fitted ratios.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// Mid-scenario ratio per school and grade (0 for grades not taught).
    pub ratios: Vec<[f64; 12]>,
    /// County ratio per grade, where the history allows one.
    pub county: [Option<f64>; 12],
    /// Scenario multipliers `[low, mid, high][grade]`.
    pub multipliers: [[f64; 12]; 3],
}

/// The window ratio of one school's (or the county's) observations under a model spec.
fn ratio_of(obs: &[Obs], spec: &ModelSpec, window: usize, smoothing: f64) -> Option<(f64, f64)> {
    match spec.averaging {
        Averaging::RatioOfSums => window_ratio(obs, window, smoothing),
        Averaging::MeanOfRatios => window_mean_ratio(obs, window),
    }
}

/// Fit all ratios of `spec` from observed years up to `base`. A grade counts in a year only where
/// the history has a row for it (a grade a school did not teach that year is no ratio of 0).
pub fn fit(ctx: &Context, base: i32, opts: &ForecastOptions, spec: &ModelSpec) -> Fitted {
    fit_observed(ctx, &observe(ctx, base), opts, spec)
}

/// The yearly ratio observations up to a base year, per school and grade and for the county
/// (`county[0]` progression and feeder, `county[1]` entry): what every model spec fits from.
pub struct Observations {
    school: Vec<[Vec<Obs>; 12]>,
    county: [[Vec<Obs>; 12]; 2],
}

/// Collect the observations up to `base` (once per base year; the specs only average them).
pub fn observe(ctx: &Context, base: i32) -> Observations {
    let hist = ctx.hist;
    let y0 = hist.first_year;
    let ny = (base - y0 + 1).max(0) as usize;
    // County sums per year and grade: [progression or feeder, entry] (a grade can be an entry
    // grade at one school and follow the grade below at another).
    let mut cnum = vec![[[0.0f64; 12]; 2]; ny];
    let mut cden = vec![[[0.0f64; 12]; 2]; ny];
    let unit_mode = ctx.entry.mode == BirthMode::Unit;
    let mut school_obs: Vec<[Vec<Obs>; 12]> = Vec::with_capacity(ctx.schools.len());
    for s in 0..ctx.schools.len() {
        let mut obs: [Vec<Obs>; 12] = Default::default();
        let shape = &ctx.shapes[s];
        for y in y0..=base {
            let Some(now) = hist.get(s, y) else { continue };
            let yi = (y - y0) as usize;
            let mask = hist.mask(s, y);
            for g in (0..12).filter(|&g| shape.active[g] && mask & (1 << g) != 0) {
                let Some(den) = ctx.denom(s, g, y, |p| hist.get(p, y - 1)) else {
                    continue;
                };
                if den <= 0.0 {
                    continue;
                }
                obs[g].push((y, now[g], den));
                match shape.kinds[g] {
                    Kind::Entry(e) if !unit_mode => {
                        cnum[yi][1][g] += now[g];
                        cden[yi][1][g] = ctx.entry.county(e, y).unwrap_or(0.0)
                    }
                    Kind::Entry(_) => {
                        cnum[yi][1][g] += now[g];
                        cden[yi][1][g] += den;
                    }
                    _ => {
                        cnum[yi][0][g] += now[g];
                        cden[yi][0][g] += den;
                    }
                }
            }
        }
        school_obs.push(obs);
    }
    let county = std::array::from_fn(|k| {
        std::array::from_fn(|g| {
            (0..ny)
                .filter(|&i| cden[i][k][g] > 0.0)
                .map(|i| (y0 + i as i32, cnum[i][k][g], cden[i][k][g]))
                .collect()
        })
    });
    Observations {
        school: school_obs,
        county,
    }
}

/// Fit the ratios of `spec` from collected observations.
pub fn fit_observed(
    ctx: &Context,
    all: &Observations,
    opts: &ForecastOptions,
    spec: &ModelSpec,
) -> Fitted {
    let unit_mode = ctx.entry.mode == BirthMode::Unit;
    let mut county = [[None; 12]; 2];
    let mut mult = [[1.0; 12]; 3];
    for g in 0..12 {
        for k in 0..2 {
            let cobs = &all.county[k][g];
            county[k][g] = ratio_of(cobs, spec, spec.window, opts.smoothing).map(|r| r.0);
            if k == 0 || county[0][g].is_none() {
                let yearly: Vec<f64> = cobs.iter().map(|o| o.1 / o.2).collect();
                let m = multipliers(&yearly, opts.quantile_low, opts.quantile_high);
                for (sc, v) in m.iter().enumerate() {
                    mult[sc][g] = *v;
                }
            }
        }
    }
    let k = spec.shrinkage_k.unwrap_or(opts.shrinkage_k);
    let ratios = all
        .school
        .iter()
        .enumerate()
        .map(|(s, obs)| {
            let mut r = [0.0; 12];
            let shape = &ctx.shapes[s];
            for g in (0..12).filter(|&g| shape.active[g]) {
                let window = match shape.kinds[g] {
                    Kind::Entry(_) => spec.entry_window.unwrap_or(spec.window),
                    _ => spec.window,
                };
                let own = ratio_of(&obs[g], spec, window, opts.smoothing);
                r[g] = match shape.kinds[g] {
                    Kind::Entry(_) if unit_mode => shrink(own, county[1][g].unwrap_or(0.0), k),
                    Kind::Entry(_) => own.map_or(0.0, |o| o.0),
                    _ => shrink(own, county[0][g].unwrap_or(1.0), k),
                };
            }
            r
        })
        .collect();
    let county = std::array::from_fn(|g| county[0][g].or(county[1][g]));
    Fitted {
        ratios,
        county,
        multipliers: mult,
    }
}
