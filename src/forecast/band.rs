//! The band and the calibration of the chosen model, both from its own backtest errors.
//!
//! A band that is right as often as it says cannot come from the spread of ratios: it has to come
//! from how wrong the model has been. At each horizon the P10 and P90 (`forecast.quantile_low` /
//! `_high`) of actual ÷ forecast over the backtested school-years give the school factors (for
//! stable and changing schools apart), the same over the county totals the county factors. The
//! coverage is judged out of sample: each base year's school-years against a band built only from
//! base years whose target year it had already seen. The calibration (Σ actual ÷ Σ forecast per
//! horizon and segment) is kept only where it lowered the error out of sample in the same way.

use super::scenarios::quantile;
use serde::Serialize;
use std::collections::BTreeMap;

/// Fewest school-years a band factor or a coverage figure rests on.
pub const MIN_BAND_OBS: usize = 10;

/// The band factors and their out-of-sample coverage at one horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandRow {
    pub horizon: u32,
    /// actual ÷ forecast quantiles at school level: low, high.
    pub school: [f64; 2],
    /// The same for stable and for changing schools (what is applied).
    pub segments: [[f64; 2]; 2],
    /// The same for the county total.
    pub county: [f64; 2],
    /// Share of backtested school-years inside their band, in % (None: too few to say).
    pub coverage_pct: Option<f64>,
    /// School-years the coverage rests on.
    pub coverage_n: usize,
}

/// One school-year of one model: base index, segment, forecast total, actual total.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rec {
    pub base: usize,
    pub seg: usize,
    pub f: f64,
    pub a: f64,
}

/// County records (base, forecast, actual summed over schools) at each horizon.
pub(super) fn county_of(recs: &[Vec<Rec>]) -> Vec<Vec<Rec>> {
    recs.iter()
        .map(|r| {
            let mut by: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
            for x in r {
                let e = by.entry(x.base).or_default();
                e.0 += x.f;
                e.1 += x.a;
            }
            by.into_iter()
                .map(|(base, (f, a))| Rec { base, seg: 0, f, a })
                .collect()
        })
        .collect()
}

/// Quantiles `[low, high]` of actual ÷ forecast over records passing `keep`, from at least
/// `min` of them.
fn ratio_quantiles(
    recs: &[Rec],
    q: [f64; 2],
    min: usize,
    keep: impl Fn(&Rec) -> bool,
) -> Option<[f64; 2]> {
    let r: Vec<f64> = recs
        .iter()
        .filter(|r| keep(r) && r.f > 0.0)
        .map(|r| r.a / r.f)
        .collect();
    if r.len() < min.max(1) {
        return None;
    }
    // The band always holds the forecast itself: low ≤ mid ≤ high.
    Some([quantile(&r, q[0])?.min(1.0), quantile(&r, q[1])?.max(1.0)])
}

fn distinct_bases(recs: &[Rec]) -> usize {
    let mut b: Vec<usize> = recs.iter().map(|r| r.base).collect();
    b.dedup();
    b.len()
}

/// Band rows with out-of-sample coverage from the chosen model's records. A horizon needs
/// records from at least two base years; later horizons extrapolate ([`Selection::factors`]).
pub(super) fn band(
    school: &[Vec<Rec>],
    county: &[Vec<Rec>],
    bases: &[i32],
    q: [f64; 2],
) -> Vec<BandRow> {
    let mut out: Vec<BandRow> = Vec::new();
    for (t, recs) in school.iter().enumerate() {
        if distinct_bases(recs) < 2 {
            break;
        }
        let min = MIN_BAND_OBS.min(recs.len());
        let Some(s) = ratio_quantiles(recs, q, min, |_| true) else {
            break;
        };
        let c = match (ratio_quantiles(&county[t], q, 3, |_| true), out.last()) {
            (Some(c), _) => c,
            (None, Some(prev)) => prev.county.map(|x| x.powf((t + 1) as f64 / t as f64)),
            (None, None) => s,
        };
        let seg_q = |k: usize| {
            ratio_quantiles(recs, q, MIN_BAND_OBS.min(recs.len()), |r| r.seg == k).unwrap_or(s)
        };
        let (mut inside, mut n) = (0usize, 0usize);
        for (bi, &b) in bases.iter().enumerate() {
            // Judged against a band from base years whose target year t+1 ahead is ≤ b.
            let seen = |r: &Rec| bases[r.base] + (t as i32) < b;
            let Some(all) = ratio_quantiles(recs, q, MIN_BAND_OBS, seen) else {
                continue;
            };
            let by_seg: [[f64; 2]; 2] = std::array::from_fn(|k| {
                ratio_quantiles(recs, q, MIN_BAND_OBS, |r| seen(r) && r.seg == k).unwrap_or(all)
            });
            for r in recs.iter().filter(|r| r.base == bi) {
                let [lo, hi] = by_seg[r.seg];
                n += 1;
                inside += usize::from(r.a >= lo * r.f && r.a <= hi * r.f);
            }
        }
        out.push(BandRow {
            horizon: t as u32 + 1,
            school: s,
            segments: [seg_q(0), seg_q(1)],
            county: c,
            coverage_pct: (n >= MIN_BAND_OBS).then(|| 100.0 * inside as f64 / n as f64),
            coverage_n: n,
        });
    }
    out
}

/// Σ actual ÷ Σ forecast of the records of segment `seg` passing `keep`.
fn ratio_of_totals(recs: &[Rec], seg: usize, keep: impl Fn(&Rec) -> bool) -> Option<f64> {
    let (f, a) = recs
        .iter()
        .filter(|r| r.seg == seg && keep(r))
        .fold((0.0, 0.0), |(f, a), r| (f + r.f, a + r.a));
    (f > 0.0 && a > 0.0).then_some(a / f)
}

/// Per horizon and segment, the calibration factor Σ actual ÷ Σ forecast, kept only where applying
/// it (from earlier base years only) lowered the school-level error; the records are scaled by it.
pub(super) fn calibrate(recs: &mut [Vec<Rec>], bases: &[i32]) -> Vec<[f64; 2]> {
    let mut out = Vec::new();
    for (t, r) in recs.iter_mut().enumerate() {
        if distinct_bases(r) < 2 {
            break;
        }
        let mut factors = [1.0; 2];
        for (seg, factor) in factors.iter_mut().enumerate() {
            let (mut plain, mut scaled) = (0.0, 0.0);
            for (bi, &b) in bases.iter().enumerate() {
                let seen = |x: &Rec| bases[x.base] + (t as i32) < b;
                let Some(c) = ratio_of_totals(r, seg, seen) else {
                    continue;
                };
                for x in r.iter().filter(|x| x.base == bi && x.seg == seg) {
                    plain += ((x.f - x.a) / x.a).abs();
                    scaled += ((c * x.f - x.a) / x.a).abs();
                }
            }
            if scaled < plain {
                *factor = ratio_of_totals(r, seg, |_| true).unwrap_or(1.0);
            }
        }
        for x in r.iter_mut() {
            x.f *= factors[x.seg];
        }
        out.push(factors);
    }
    out
}
