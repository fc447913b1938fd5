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
//! The band: at each horizon, the P10 and P90 (`forecast.quantile_low`/`_high`) of actual ÷
//! forecast over every backtested school-year of the chosen model give the school factors; the same
//! over the county totals give the county factors. Low = mid × low factor, high = mid × high factor.
//! Beyond the longest backtested horizon the factors' logarithms grow with √t. The coverage reported
//! is out of sample: each base year's school-years are judged against a band built only from base
//! years whose targets it had already seen.

use super::history::HistoryTable;
use super::models::{self, Model, ModelSpec, BLEND, PERSISTENCE, TEXTBOOK};
use super::scenarios::quantile;
use super::{prepare, ForecastError, ForecastInput};
use serde::Serialize;
use std::collections::BTreeMap;

/// Most base years the selection backtests (the latest ones).
pub const SELECTION_BASES: usize = 6;
/// Longest horizon backtested.
pub const SELECTION_HORIZON: usize = 5;
/// Horizons the score averages.
pub const SCORE_HORIZON: usize = 3;
/// Candidates in the blend.
pub const BLEND_SIZE: usize = 3;
/// Fewest school-years a band factor or a coverage figure rests on.
pub const MIN_BAND_OBS: usize = 10;

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

/// The band factors and their out-of-sample coverage at one horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandRow {
    pub horizon: u32,
    /// actual ÷ forecast quantiles at school level: low, high.
    pub school: [f64; 2],
    /// The same for the county total.
    pub county: [f64; 2],
    /// Share of backtested school-years inside their band, in % (None: too few to say).
    pub coverage_pct: Option<f64>,
    /// School-years the coverage rests on.
    pub coverage_n: usize,
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
    /// The blend's parts and weights (empty when the model is a single one).
    pub blend: Vec<(String, f64)>,
    /// Band factors by horizon; empty when the history is too short to backtest.
    pub band: Vec<BandRow>,
    /// Nominal coverage of the band in %.
    pub band_nominal_pct: f64,
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

    /// Band factors `[low, high]` at `t` years ahead (1-based) for school (false) or county
    /// (true) totals; None when there is no band.
    pub fn factors(&self, t: usize, county: bool) -> Option<[f64; 2]> {
        let last = self.band.last()?;
        let row = self.band.get(t.checked_sub(1)?).unwrap_or(last);
        let f = if county { row.county } else { row.school };
        let grow = (t as f64 / row.horizon as f64).sqrt().max(1.0);
        Some(f.map(|x| x.max(1e-9).powf(grow)))
    }
}

/// One school-year of one model: (base index, forecast total, actual total).
type Rec = (usize, f64, f64);

/// Backtest records of every candidate: `[candidate][horizon]`, school and county.
struct Records {
    school: Vec<Vec<Vec<Rec>>>,
    county: Vec<Vec<Vec<Rec>>>,
}

fn school_actual(hist: &HistoryTable, s: usize, y: i32) -> Option<f64> {
    let a: f64 = hist.get(s, y)?.iter().sum();
    (a > 0.0).then_some(a)
}

/// Run every candidate from every selection base year before `base`.
fn record(
    input: &ForecastInput,
    hist: &HistoryTable,
    cands: &[ModelSpec],
    bases: &[i32],
    base: i32,
) -> Result<Records, ForecastError> {
    let hmax = SELECTION_HORIZON.min(input.options.horizon.max(1) as usize);
    let mut rec = Records {
        school: vec![vec![Vec::new(); hmax]; cands.len()],
        county: vec![vec![Vec::new(); hmax]; cands.len()],
    };
    for (bi, &b) in bases.iter().enumerate() {
        let hb = hmax.min((base - b) as usize);
        let prep = prepare(input, hist, b, hb, b)?;
        let ctx = prep.context(input, hist);
        let mut fits: BTreeMap<(usize, bool, u64), super::estimate::Fitted> = BTreeMap::new();
        for (c, spec) in cands.iter().enumerate() {
            let fitted = fits
                .entry(spec.fit_key())
                .or_insert_with(|| super::estimate::fit(&ctx, b, &input.options, spec));
            let proj = prep.project(&ctx, &input.options, fitted, spec, &[1]);
            for t in 0..hb {
                let y = b + 1 + t as i32;
                let (mut cf, mut ca) = (0.0, 0.0);
                for s in 0..input.schools.len() {
                    if hist.get(s, b).is_none() {
                        continue;
                    }
                    let Some(a) = school_actual(hist, s, y) else {
                        continue;
                    };
                    let f: f64 = proj.at(1, s, t).iter().sum();
                    rec.school[c][t].push((bi, f, a));
                    cf += f;
                    ca += a;
                }
                if ca > 0.0 {
                    rec.county[c][t].push((bi, cf, ca));
                }
            }
        }
    }
    Ok(rec)
}

fn score_of(name: &str, recs: &[Vec<Rec>]) -> ModelScore {
    let mut mape = Vec::new();
    let mut n = Vec::new();
    for r in recs.iter().take_while(|r| !r.is_empty()) {
        let sum: f64 = r.iter().map(|(_, f, a)| ((f - a) / a).abs()).sum();
        mape.push(100.0 * sum / r.len() as f64);
        n.push(r.len());
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

/// The weighted sum of several candidates' records.
fn blend_records(parts: &[(usize, f64)], recs: &[Vec<Vec<Rec>>]) -> Vec<Vec<Rec>> {
    let first = &recs[parts[0].0];
    first
        .iter()
        .enumerate()
        .map(|(t, r)| {
            r.iter()
                .enumerate()
                .map(|(i, &(bi, _, a))| {
                    let f = parts.iter().map(|&(c, w)| w * recs[c][t][i].1).sum();
                    (bi, f, a)
                })
                .collect()
        })
        .collect()
}

/// Quantiles `[low, high]` of actual ÷ forecast over records passing `keep`.
fn ratio_quantiles(recs: &[Rec], q: [f64; 2], keep: impl Fn(&Rec) -> bool) -> Option<[f64; 2]> {
    let r: Vec<f64> = recs
        .iter()
        .filter(|r| keep(r) && r.1 > 0.0)
        .map(|r| r.2 / r.1)
        .collect();
    if r.len() < MIN_BAND_OBS.min(recs.len().max(1)) {
        return None;
    }
    // The band always holds the forecast itself: low ≤ mid ≤ high.
    Some([quantile(&r, q[0])?.min(1.0), quantile(&r, q[1])?.max(1.0)])
}

/// Band rows with out-of-sample coverage from the chosen model's records.
fn band(school: &[Vec<Rec>], county: &[Vec<Rec>], bases: &[i32], q: [f64; 2]) -> Vec<BandRow> {
    let mut out = Vec::new();
    for (t, recs) in school.iter().enumerate().take_while(|(_, r)| !r.is_empty()) {
        let Some(s) = ratio_quantiles(recs, q, |_| true) else {
            break;
        };
        let c = ratio_quantiles(&county[t], q, |_| true).unwrap_or(s);
        let (mut inside, mut n) = (0usize, 0usize);
        for (bi, &b) in bases.iter().enumerate() {
            // Only base years whose target year t+1 ahead is ≤ b.
            let seen = |r: &Rec| bases[r.0] + t as i32 + 1 <= b;
            let Some([lo, hi]) = ratio_quantiles(recs, q, seen) else {
                continue;
            };
            for r in recs.iter().filter(|r| r.0 == bi) {
                n += 1;
                inside += usize::from(r.2 >= lo * r.1 && r.2 <= hi * r.1);
            }
        }
        out.push(BandRow {
            horizon: t as u32 + 1,
            school: s,
            county: c,
            coverage_pct: (n >= MIN_BAND_OBS).then(|| 100.0 * inside as f64 / n as f64),
            coverage_n: n,
        });
    }
    out
}

/// Choose (or take `forced`) the model for a forecast from `base`, and its band.
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
    let rec = record(input, hist, &cands, &bases, base)?;
    let mut scores: Vec<ModelScore> = cands
        .iter()
        .enumerate()
        .map(|(c, spec)| score_of(&spec.name, &rec.school[c]))
        .collect();
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by(|&a, &b| scores[a].score.total_cmp(&scores[b].score));
    let top: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&c| scores[c].score.is_finite())
        .take(BLEND_SIZE)
        .collect();
    let inv: f64 = top.iter().map(|&c| 1.0 / scores[c].score.max(1e-9)).sum();
    let parts: Vec<(usize, f64)> = top
        .iter()
        .map(|&c| (c, 1.0 / scores[c].score.max(1e-9) / inv))
        .collect();
    let blend = (parts.len() > 1).then(|| {
        (
            blend_records(&parts, &rec.school),
            blend_records(&parts, &rec.county),
        )
    });
    if let Some((s, _)) = &blend {
        scores.push(score_of(BLEND, s));
    }
    let best_single = order.first().map_or(TEXTBOOK, |&c| cands[c].name.as_str());
    let name = match forced {
        Some(n) => n.to_string(),
        None if blend.is_some()
            && scores.last().map(|s| s.score) < order.first().map(|&c| scores[c].score) =>
        {
            BLEND.to_string()
        }
        None => best_single.to_string(),
    };
    let use_blend = name == BLEND && blend.is_some();
    let (model, srecs, crecs) = if use_blend {
        let (s, c) = blend.expect("checked above");
        let model = Model {
            name: BLEND.into(),
            parts: parts.iter().map(|&(c, w)| (cands[c].clone(), w)).collect(),
        };
        (model, s, c)
    } else {
        let spec = if name == BLEND {
            models::by_name(best_single)?
        } else {
            models::by_name(&name)?
        };
        let c = cands.iter().position(|x| x.name == spec.name).unwrap_or(0);
        (
            Model::single(spec),
            rec.school[c].clone(),
            rec.county[c].clone(),
        )
    };
    let q = [input.options.quantile_low, input.options.quantile_high];
    let band = band(&srecs, &crecs, &bases, q);
    scores.sort_by(|a, b| a.score.total_cmp(&b.score));
    let selection = Selection {
        model: model.name.clone(),
        forced: forced.is_some(),
        base_years: bases,
        blend: if use_blend {
            model
                .parts
                .iter()
                .map(|(s, w)| (s.name.clone(), *w))
                .collect()
        } else {
            Vec::new()
        },
        scores,
        band,
        band_nominal_pct: 100.0 * (q[1] - q[0]),
    };
    Ok((model, selection))
}

/// The two baselines' names, for tables.
pub const BASELINES: [&str; 2] = [TEXTBOOK, PERSISTENCE];
