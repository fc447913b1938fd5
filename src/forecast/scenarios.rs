//! Low, mid and high scenarios from the spread of the historical ratios.
//!
//! For each ratio (K1 entry, each progression, grade-1 entry, grade 6 → 7) the county's yearly
//! values over the whole history give its 10th, 50th and 90th percentiles (`forecast.quantile_low`,
//! `forecast.quantile_high`). Each school's fitted ratio is multiplied by `P10/P50` in the low
//! scenario and by `P90/P50` in the high one; mid is the fitted ratio itself. The spread therefore
//! compounds along a cohort, as it would if a whole county's conditions shifted.

use serde::{Deserialize, Serialize};

/// A forecast scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scenario {
    Low,
    Mid,
    High,
}

impl Scenario {
    pub const ALL: [Scenario; 3] = [Scenario::Low, Scenario::Mid, Scenario::High];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Low => "low",
            Scenario::Mid => "mid",
            Scenario::High => "high",
        }
    }
}

/// The `q`-quantile (0–1) of `values` by linear interpolation; None when empty.
pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let pos = q.clamp(0.0, 1.0) * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    Some(v[lo] + (v[hi] - v[lo]) * (pos - lo as f64))
}

/// Multipliers `[low, mid, high]` for one ratio from its county yearly values.
pub fn multipliers(yearly: &[f64], q_low: f64, q_high: f64) -> [f64; 3] {
    let (Some(lo), Some(mid), Some(hi)) = (
        quantile(yearly, q_low),
        quantile(yearly, 0.5),
        quantile(yearly, q_high),
    ) else {
        return [1.0; 3];
    };
    if mid <= 0.0 {
        return [1.0; 3];
    }
    [lo / mid, 1.0, hi / mid]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let v = [0.9, 1.0, 0.95, 1.05, 0.97];
        assert_eq!(quantile(&v, 0.5), Some(0.97));
        // Sorted 0.9 0.95 0.97 1.0 1.05; 10 % is 0.4 of the way from 0.9 to 0.95.
        assert!((quantile(&v, 0.1).unwrap() - 0.92).abs() < 1e-12);
        let m = multipliers(&v, 0.1, 0.9);
        assert!((m[0] - 0.92 / 0.97).abs() < 1e-12);
        assert_eq!(m[1], 1.0);
        assert!((m[2] - 1.03 / 0.97).abs() < 1e-12);
        assert_eq!(multipliers(&[], 0.1, 0.9), [1.0; 3]);
        assert_eq!(multipliers(&[0.0, 0.0], 0.1, 0.9), [1.0; 3]);
    }
}
