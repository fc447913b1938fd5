//! Choosing the model by rolling-origin backtest on the project's own history, and the band from
//! how wrong the chosen model has been.
//!
//! For each base year `b` with enough history before the forecast's base year `B` (at most the last
//! [`SELECTION_BASES`]), every candidate ([`super::models`]) is fitted on years ≤ `b` only and
//! projected to `b+1 … min(b+H, B)`; each school's total is compared with what was recorded. No
//! year after `B` is read, so choosing never uses the future. The score of a model is its
//! school-level MAPE averaged over horizons 1–3; the best scores wins, unless the weighted blend of
//! the best [`BLEND_SIZE`] (weights ∝ 1 / score) does better.
//!
//! The band and the calibration come from the chosen model's own backtest errors
//! ([`super::band`]). Beyond the longest backtested horizon the band factors' logarithms grow in
//! proportion to the horizon ([`Selection::factors`]).

use super::band::{band, calibrate, county_of, Rec};
pub use super::band::{BandRow, MIN_BAND_OBS};
use super::estimate::{fit_observed, observe, Fitted};
use super::history::HistoryTable;
use super::models::{self, Model, ModelSpec, BLEND, PERSISTENCE, TEXTBOOK};
use super::{prepare, ForecastError, ForecastInput};
use crate::model::{HistoryRow, School};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// Most schools the candidates are backtested on; larger projects are sampled ([`sample`]).
pub const MAX_SELECTION_SCHOOLS: usize = 1000;
/// Most base years the selection backtests (the latest ones).
pub const SELECTION_BASES: usize = 6;
/// Longest horizon backtested.
pub const SELECTION_HORIZON: usize = 5;
/// Horizons the score averages.
pub const SCORE_HORIZON: usize = 3;
/// Candidates in the blend.
pub const BLEND_SIZE: usize = 3;

/// One model's backtested school-level error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelScore {
    pub name: String,
    /// School-level MAPE in % by horizon 1.. (NaN-free: horizons without comparisons are absent).
    pub school_mape_pct: Vec<f64>,
    /// School-years compared by horizon.
    pub n: Vec<usize>,
    /// Mean of the MAPE over horizons 1–3: what the choice is made on.
    pub score: f64,
}

/// One part of a segment's blend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlendPart {
    pub model: String,
    /// The segment ([`models::SEGMENTS`]) whose blend this part is in.
    pub segment: String,
    pub weight: f64,
}

/// Which model was used and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Selection {
    /// The model used.
    pub model: String,
    /// Forced by the user (`--model`) rather than chosen.
    pub forced: bool,
    /// Base years backtested.
    pub base_years: Vec<i32>,
    /// Every candidate's score, best first (the blend included when it was built).
    pub scores: Vec<ModelScore>,
    /// The model of each segment ([`models::SEGMENTS`]: stable, changing); `model` names both
    /// when they differ.
    pub segment_models: [String; 2],
    /// The blends' parts and weights, by segment (empty when every segment uses a single model).
    pub blend: Vec<BlendPart>,
    /// Band factors by horizon; empty when the history is too short to backtest.
    pub band: Vec<BandRow>,
    /// Nominal coverage of the band in %.
    pub band_nominal_pct: f64,
    /// Per horizon, [stable, changing]: Σ actual ÷ Σ forecast of the backtest, applied where it
    /// lowered the error out of sample (else 1).
    pub calibration: Vec<[f64; 2]>,
}

impl Selection {
    /// The score of a model by name.
    pub fn score(&self, name: &str) -> Option<&ModelScore> {
        self.scores.iter().find(|s| s.name == name)
    }

    /// The chosen model's score.
    pub fn chosen(&self) -> Option<&ModelScore> {
        self.score(&self.model)
    }

    /// Band factors `[low, high]` at `t` years ahead (1-based) for the schools of segment `seg`,
    /// or for the county total (`seg` None); None when there is no band.
    pub fn factors(&self, t: usize, seg: Option<usize>) -> Option<[f64; 2]> {
        let last = self.band.last()?;
        let row = self.band.get(t.checked_sub(1)?).unwrap_or(last);
        let f = match seg {
            Some(k) => row.segments[k.min(1)],
            None => row.county,
        };
        let grow = (t as f64 / row.horizon as f64).max(1.0);
        Some(f.map(|x| x.max(1e-9).powf(grow)))
    }

    /// The calibration factor of segment `seg` at `t` years ahead (1-based): 1 when none.
    pub fn calibration(&self, t: usize, seg: usize) -> f64 {
        let Some(last) = self.calibration.last() else {
            return 1.0;
        };
        self.calibration.get(t.saturating_sub(1)).unwrap_or(last)[seg.min(1)]
    }
}

/// Backtest records of every candidate, `[candidate][horizon]`, in the same school order.
type Records = Vec<Vec<Vec<Rec>>>;

fn school_actual(hist: &HistoryTable, s: usize, y: i32) -> Option<f64> {
    let a: f64 = hist.get(s, y)?.iter().sum();
    (a > 0.0).then_some(a)
}

/// Run every candidate from every selection base year before `base` (base years in parallel).
fn record(
    input: &ForecastInput,
    hist: &HistoryTable,
    cands: &[ModelSpec],
    bases: &[i32],
    base: i32,
) -> Result<Records, ForecastError> {
    let hmax = SELECTION_HORIZON.min(input.options.horizon.max(1) as usize);
    let per_base: Vec<Records> = bases
        .par_iter()
        .enumerate()
        .map(|(bi, &b)| record_base(input, hist, cands, (bi, b), hmax.min((base - b) as usize)))
        .collect::<Result<_, _>>()?;
    let mut rec: Records = vec![vec![Vec::new(); hmax]; cands.len()];
    for by_cand in per_base {
        for (c, by_t) in by_cand.into_iter().enumerate() {
            for (t, v) in by_t.into_iter().enumerate() {
                rec[c][t].extend(v);
            }
        }
    }
    Ok(rec)
}

/// Every candidate from one base year `b` (index `bi`), `hb` years ahead. Candidates that differ
/// only in damping share one fit.
fn record_base(
    input: &ForecastInput,
    hist: &HistoryTable,
    cands: &[ModelSpec],
    (bi, b): (usize, i32),
    hb: usize,
) -> Result<Records, ForecastError> {
    let prep = prepare(input, hist, b, hb, b)?;
    let ctx = prep.context(input, hist);
    let mut first = BTreeMap::new();
    for (c, spec) in cands.iter().enumerate() {
        first.entry(spec.fit_key()).or_insert(c);
    }
    let obs = observe(&ctx, b);
    let fits: BTreeMap<_, Fitted> = first
        .par_iter()
        .map(|(k, &c)| (*k, fit_observed(&ctx, &obs, &input.options, &cands[c])))
        .collect();
    let observed: Vec<usize> = (0..input.schools.len())
        .filter(|&s| hist.get(s, b).is_some())
        .collect();
    let out = cands
        .par_iter()
        .map(|spec| {
            let proj = prep.project(&ctx, &input.options, &fits[&spec.fit_key()], spec, &[1]);
            (0..hb)
                .map(|t| {
                    let y = b + 1 + t as i32;
                    observed
                        .iter()
                        .filter_map(|&s| {
                            let a = school_actual(hist, s, y)?;
                            Some(Rec {
                                base: bi,
                                seg: prep.shapes[s].segment(),
                                f: proj.at(1, s, t).iter().sum(),
                                a,
                            })
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    Ok(out)
}

fn score_of(name: &str, recs: &[Vec<Rec>], keep: impl Fn(&Rec) -> bool) -> ModelScore {
    let mut mape = Vec::new();
    let mut n = Vec::new();
    for r in recs {
        let (sum, k) = r
            .iter()
            .filter(|x| keep(x))
            .fold((0.0, 0usize), |(s, k), x| {
                (s + ((x.f - x.a) / x.a).abs(), k + 1)
            });
        if k == 0 {
            break;
        }
        mape.push(100.0 * sum / k as f64);
        n.push(k);
    }
    let k = mape.len().min(SCORE_HORIZON);
    let score = if k == 0 {
        f64::INFINITY
    } else {
        mape[..k].iter().sum::<f64>() / k as f64
    };
    ModelScore {
        name: name.into(),
        school_mape_pct: mape,
        n,
        score,
    }
}

/// Per-segment weights of each candidate: `weights[c][seg]`; the records of the combination.
fn combine(weights: &[[f64; 2]], recs: &Records) -> Vec<Vec<Rec>> {
    recs[0]
        .iter()
        .enumerate()
        .map(|(t, r)| {
            r.iter()
                .enumerate()
                .map(|(i, x)| {
                    let f = weights
                        .iter()
                        .enumerate()
                        .filter(|(_, w)| w[x.seg] != 0.0)
                        .map(|(c, w)| w[x.seg] * recs[c][t][i].f)
                        .sum();
                    Rec { f, ..*x }
                })
                .collect()
        })
        .collect()
}

/// The weights of the best single candidate, or of the blend of the best few when it scores
/// better, on the records passing `keep`; with `forced`, that model.
fn pick(
    cands: &[ModelSpec],
    rec: &Records,
    keep: impl Fn(&Rec) -> bool + Copy,
    forced: Option<&str>,
) -> Option<(String, Vec<(usize, f64)>)> {
    let scores: Vec<f64> = (0..cands.len())
        .map(|c| score_of("", &rec[c], keep).score)
        .collect();
    let mut order: Vec<usize> = (0..cands.len())
        .filter(|&c| scores[c].is_finite())
        .collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let top: Vec<usize> = order.iter().copied().take(BLEND_SIZE).collect();
    let inv: f64 = top.iter().map(|&c| 1.0 / scores[c].max(1e-9)).sum();
    let blend: Vec<(usize, f64)> = top
        .iter()
        .map(|&c| (c, 1.0 / scores[c].max(1e-9) / inv))
        .collect();
    let single = |c: usize| (cands[c].name.clone(), vec![(c, 1.0)]);
    let textbook = cands.iter().position(|c| c.name == TEXTBOOK).unwrap_or(0);
    if let Some(name) = forced.filter(|n| *n != BLEND) {
        let c = cands
            .iter()
            .position(|c| c.name == name)
            .unwrap_or(textbook);
        return Some(single(c));
    }
    let best = *order.first()?;
    let blend_score = || {
        let mut w = vec![[0.0; 2]; cands.len()];
        for &(c, x) in &blend {
            w[c] = [x; 2];
        }
        score_of("", &combine(&w, rec), keep).score
    };
    let want_blend = forced == Some(BLEND) || (blend.len() > 1 && blend_score() < scores[best]);
    Some(if want_blend && blend.len() > 1 {
        (BLEND.to_string(), blend)
    } else {
        single(best)
    })
}

/// For a project of more than [`MAX_SELECTION_SCHOOLS`] schools, every k-th school (in table
/// order) with its history: a smaller county of the same kind that the candidates are backtested
/// on, so choosing stays fast. Its feeder pattern is learned among the sampled schools.
#[allow(clippy::type_complexity)]
fn sample(
    input: &ForecastInput,
    base: i32,
) -> Result<Option<(Vec<School>, Vec<HistoryRow>, HistoryTable)>, ForecastError> {
    let stride = input.schools.len().div_ceil(MAX_SELECTION_SCHOOLS);
    if stride <= 1 {
        return Ok(None);
    }
    let schools: Vec<School> = input.schools.iter().step_by(stride).cloned().collect();
    let ids: HashSet<&str> = schools.iter().map(|s| s.id.as_str()).collect();
    let history: Vec<HistoryRow> = input
        .history
        .iter()
        .filter(|r| ids.contains(r.school_id.as_str()))
        .cloned()
        .collect();
    let mut hist = HistoryTable::build(&history, &schools)?;
    hist.add_current_enrollment(&schools, base);
    Ok(Some((schools, history, hist)))
}

/// Choose (or take `forced`) the model for a forecast from `base`, per segment, and its band.
pub fn choose(
    input: &ForecastInput,
    hist: &HistoryTable,
    base: i32,
    forced: Option<&str>,
) -> Result<(Model, Selection), ForecastError> {
    if let Some(name) = forced {
        models::check_name(name)?;
    }
    let cands = models::candidates();
    let first = hist.first_year + input.options.backtest_min_years as i32;
    let all: Vec<i32> = (first..base).collect();
    let bases = all[all.len().saturating_sub(SELECTION_BASES)..].to_vec();
    let rec = match sample(input, base)? {
        Some((schools, history, sub_hist)) => {
            let sub = ForecastInput {
                schools: &schools,
                history: &history,
                feeders: None,
                ..input.clone()
            };
            record(&sub, &sub_hist, &cands, &bases, base)?
        }
        None => record(input, hist, &cands, &bases, base)?,
    };
    if forced.is_none() && rec.iter().all(|by_t| by_t.iter().all(Vec::is_empty)) {
        // Too short to backtest: the configured cohort model (window `forecast.window`).
        let spec = models::configured(input.options.window);
        let selection = Selection {
            model: spec.name.clone(),
            segment_models: [spec.name.clone(), spec.name.clone()],
            base_years: bases,
            band_nominal_pct: 100.0 * (input.options.quantile_high - input.options.quantile_low),
            ..Selection::default()
        };
        return Ok((Model::single(spec), selection));
    }
    let mut weights = vec![[0.0; 2]; cands.len()];
    let mut names = [String::new(), String::new()];
    let mut blend = Vec::new();
    let picks: [_; 2] = std::array::from_fn(|seg| pick(&cands, &rec, |r| r.seg == seg, forced));
    // A segment without backtested schools takes the other's model; with none at all, the first
    // candidate (cohort_sum3).
    let fallback = || (cands[0].name.clone(), vec![(0, 1.0)]);
    let picks = match picks {
        [None, None] => [fallback(), fallback()],
        [Some(a), None] => [a.clone(), a],
        [None, Some(b)] => [b.clone(), b],
        [Some(a), Some(b)] => [a, b],
    };
    for (seg, (name, parts)) in picks.into_iter().enumerate() {
        for &(c, w) in &parts {
            weights[c][seg] = w;
        }
        if parts.len() > 1 {
            for &(c, w) in &parts {
                blend.push(BlendPart {
                    model: cands[c].name.clone(),
                    segment: models::SEGMENTS[seg].into(),
                    weight: w,
                });
            }
        }
        names[seg] = name;
    }
    let name = if names[0] == names[1] && blend.is_empty() {
        names[0].clone()
    } else {
        format!(
            "{}: {}; {}: {}",
            models::SEGMENTS[0],
            names[0],
            models::SEGMENTS[1],
            names[1]
        )
    };
    let mut chosen = combine(&weights, &rec);
    // A forced model is used as it is; a chosen one is calibrated where that helped.
    let calibration = if forced.is_some() {
        Vec::new()
    } else {
        calibrate(&mut chosen, &bases)
    };
    let mut scores: Vec<ModelScore> = cands
        .iter()
        .enumerate()
        .map(|(c, spec)| score_of(&spec.name, &rec[c], |_| true))
        .collect();
    scores.push(score_of(&name, &chosen, |_| true));
    scores.sort_by(|a, b| a.score.total_cmp(&b.score));
    let q = [input.options.quantile_low, input.options.quantile_high];
    let band = band(&chosen, &county_of(&chosen), &bases, q);
    let model = Model {
        name: name.clone(),
        parts: cands
            .iter()
            .zip(&weights)
            .filter(|(_, w)| w[0] + w[1] > 0.0)
            .map(|(c, w)| (c.clone(), *w))
            .collect(),
    };
    let selection = Selection {
        model: name,
        segment_models: names,
        forced: forced.is_some(),
        base_years: bases,
        scores,
        blend,
        band,
        band_nominal_pct: 100.0 * (q[1] - q[0]),
        calibration,
    };
    Ok((model, selection))
}

/// The two baselines' names, for tables.
pub const BASELINES: [&str; 2] = [TEXTBOOK, PERSISTENCE];
