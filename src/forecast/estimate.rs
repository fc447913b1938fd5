//! Fitting every school's ratios from the history up to the base year: progression ratios, entry
//! ratios (against cohort births) and the grade-7 ratio (against the feeder base), each with its
//! county counterpart, and the scenario multipliers from the county's yearly ratios.

use super::entry::{BirthMode, EntryDenoms};
use super::feeder::Feeders;
use super::history::HistoryTable;
use super::progression::{shrink, window_ratio, Obs};
use super::scenarios::multipliers;
use super::ForecastOptions;
use crate::model::School;

/// What a grade's pupils are projected from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Cohort births; 0 = K1, 1 = grade 1.
    Entry(usize),
    /// The grade below, the year before, at the same school.
    Progression,
    /// Grade 6 of the feeding schools, the year before.
    Feeder,
}

/// The kind of grade index `g` (K1 and grade 1 are entry grades, grade 7 is fed).
pub fn kind(g: usize) -> Kind {
    match g {
        0 => Kind::Entry(0),
        3 => Kind::Entry(1),
        9 => Kind::Feeder,
        _ => Kind::Progression,
    }
}

/// Everything the ratios are computed against.
pub struct Context<'a> {
    pub schools: &'a [School],
    pub taught: Vec<[bool; 12]>,
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
        match kind(g) {
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

/// Fit all ratios from observed years up to `base`.
pub fn fit(ctx: &Context, base: i32, opts: &ForecastOptions) -> Fitted {
    let hist = ctx.hist;
    let y0 = hist.first_year;
    let ny = (base - y0 + 1).max(0) as usize;
    let mut cnum = vec![[0.0f64; 12]; ny];
    let mut cden = vec![[0.0f64; 12]; ny];
    let unit_mode = ctx.entry.mode == BirthMode::Unit;
    let mut school_obs: Vec<[Vec<Obs>; 12]> = Vec::with_capacity(ctx.schools.len());
    for s in 0..ctx.schools.len() {
        let mut obs: [Vec<Obs>; 12] = Default::default();
        for y in y0..=base {
            let Some(now) = hist.get(s, y) else { continue };
            let yi = (y - y0) as usize;
            for g in (0..12).filter(|&g| ctx.taught[s][g]) {
                let Some(den) = ctx.denom(s, g, y, |p| hist.get(p, y - 1)) else {
                    continue;
                };
                if den <= 0.0 {
                    continue;
                }
                obs[g].push((y, now[g], den));
                cnum[yi][g] += now[g];
                match kind(g) {
                    Kind::Entry(e) if !unit_mode => {
                        cden[yi][g] = ctx.entry.county(e, y).unwrap_or(0.0)
                    }
                    _ => cden[yi][g] += den,
                }
            }
        }
        school_obs.push(obs);
    }
    let mut county = [None; 12];
    let mut mult = [[1.0; 12]; 3];
    for g in 0..12 {
        let cobs: Vec<Obs> = (0..ny)
            .filter(|&i| cden[i][g] > 0.0)
            .map(|i| (y0 + i as i32, cnum[i][g], cden[i][g]))
            .collect();
        county[g] = window_ratio(&cobs, opts.window, opts.smoothing).map(|r| r.0);
        let yearly: Vec<f64> = cobs.iter().map(|o| o.1 / o.2).collect();
        let m = multipliers(&yearly, opts.quantile_low, opts.quantile_high);
        for (sc, v) in m.iter().enumerate() {
            mult[sc][g] = *v;
        }
    }
    let ratios = school_obs
        .iter()
        .enumerate()
        .map(|(s, obs)| {
            let mut r = [0.0; 12];
            for g in (0..12).filter(|&g| ctx.taught[s][g]) {
                let own = window_ratio(&obs[g], opts.window, opts.smoothing);
                r[g] = match kind(g) {
                    Kind::Entry(_) if unit_mode => {
                        shrink(own, county[g].unwrap_or(0.0), opts.shrinkage_k)
                    }
                    Kind::Entry(_) => own.map_or(0.0, |o| o.0),
                    _ => shrink(own, county[g].unwrap_or(1.0), opts.shrinkage_k),
                };
            }
            r
        })
        .collect();
    Fitted {
        ratios,
        county,
        multipliers: mult,
    }
}
