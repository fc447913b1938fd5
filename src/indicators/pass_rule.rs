//! The per-school pass rule (校际达标): a school (stage) passes when it meets at least
//! `min_indicators_met` (6) of the 7 indicators and every other one reaches at least
//! `remainder_floor_ratio` (85 %) of its threshold. A threshold met exactly counts as met
//! (within [`super::indicator::REL_TOL`]).

use super::indicator::{at_least, Indicator};
use crate::standards::Standards;
use serde::Serialize;

/// The outcome of the pass rule for one school and stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassOutcome {
    /// Indicators meeting their threshold.
    pub met: u32,
    /// Indicators below their threshold, in table order.
    pub unmet: Vec<Indicator>,
    /// Of those, the ones below the floor (85 % of the threshold).
    pub below_floor: Vec<Indicator>,
    pub pass: bool,
}

/// Apply the pass rule to the 7 `values` against their `thresholds` (both in [`Indicator::ALL`]
/// order).
pub fn pass_rule(values: &[f64; 7], thresholds: &[f64; 7], standards: &Standards) -> PassOutcome {
    let mut unmet = Vec::new();
    let mut below_floor = Vec::new();
    for (i, ind) in Indicator::ALL.iter().enumerate() {
        if at_least(values[i], thresholds[i]) {
            continue;
        }
        unmet.push(*ind);
        if !at_least(values[i], standards.remainder_floor_ratio * thresholds[i]) {
            below_floor.push(*ind);
        }
    }
    let met = (7 - unmet.len()) as u32;
    PassOutcome {
        pass: met >= standards.min_indicators_met && below_floor.is_empty(),
        met,
        unmet,
        below_floor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: [f64; 7] = [4.2, 1.0, 0.9, 4.5, 7.5, 2000.0, 2.3];

    fn with(i: usize, ratio: f64) -> [f64; 7] {
        let mut v = T;
        v[i] = T[i] * ratio;
        v
    }

    #[test]
    fn six_of_seven_with_the_seventh_at_85_percent_passes() {
        let s = Standards::default();
        assert!(pass_rule(&T, &T, &s).pass);
        for i in 0..7 {
            let o = pass_rule(&with(i, 0.85), &T, &s);
            assert!(o.pass, "indicator {i} at 85 %: {o:?}");
            assert_eq!(o.met, 6);
            let o = pass_rule(&with(i, 0.849), &T, &s);
            assert!(!o.pass, "indicator {i} at 84.9 %");
            assert_eq!(o.below_floor, vec![Indicator::ALL[i]]);
        }
    }

    #[test]
    fn five_of_seven_fails_even_above_the_floor() {
        let s = Standards::default();
        let mut v = with(0, 0.99);
        v[3] = T[3] * 0.99;
        let o = pass_rule(&v, &T, &s);
        assert_eq!(o.met, 5);
        assert!(o.below_floor.is_empty());
        assert!(!o.pass);
    }
}
