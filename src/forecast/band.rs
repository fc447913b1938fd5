//! The band from how wrong the chosen model has been: per horizon, quantiles of actual ÷ forecast
//! over the backtested school-years (and county totals), and their out-of-sample coverage.
//!
//! Why apart from [`super::selection`]: choosing a model and measuring its error are two steps;
//! this one reads only the chosen model's backtest records ([`Rec`]).

use super::scenarios::quantile;
use serde::Serialize;

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

/// How many base years the records come from.
pub(super) fn distinct_bases(recs: &[Rec]) -> usize {
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
