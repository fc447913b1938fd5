//! The candidate forecast models, by name: variants of cohort survival (how the ratios are averaged,
//! over how many years, and how they are damped with the horizon), persistence, the textbook 3-year
//! cohort survival, and a weighted blend of the best few.
//!
//! The model is not fixed in advance: [`super::selection`] scores every candidate by rolling-origin
//! backtest on the project's own history and picks the best. Keeping the variants as small, named
//! specs lets the backtest, `--model NAME` and the report all speak of the same thing.

use super::ForecastError;
use serde::Serialize;

/// How a school's yearly ratios inside the window are averaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Averaging {
    /// Σ next / Σ previous (ratio of sums; big years weigh more).
    RatioOfSums,
    /// The plain mean of the yearly ratios.
    MeanOfRatios,
}

/// How a progression ratio is pulled back as the horizon grows: at `t` years ahead the ratio used is
/// `target + (r − target)·φ^t`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Damping {
    None,
    /// Toward 1 (the cohort keeps its size).
    ToOne(f64),
    /// Toward the county ratio.
    ToCounty(f64),
}

/// One single model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelSpec {
    pub name: String,
    /// Next year = this year, for every grade.
    pub persistence: bool,
    pub averaging: Averaging,
    /// Years of ratios averaged.
    pub window: usize,
    /// Years averaged for entry grades; None = `window` (1 = the last year's intake).
    pub entry_window: Option<usize>,
    /// Shrinkage toward the county ratio, in pupils; None = the project's `forecast.shrinkage`.
    pub shrinkage_k: Option<f64>,
    pub damping: Damping,
}

impl ModelSpec {
    /// The key of the ratio fit (window, averaging, shrinkage): specs differing only in damping
    /// share one fit.
    pub fn fit_key(&self) -> (usize, usize, bool, u64) {
        (
            self.window,
            self.entry_window.unwrap_or(self.window),
            self.averaging == Averaging::MeanOfRatios,
            self.shrinkage_k.map_or(u64::MAX, f64::to_bits),
        )
    }
}

/// The two groups of schools a model may be chosen for separately ([`super::structure::Shape`]).
pub const SEGMENTS: [&str; 2] = ["stable", "changing"];

/// A model: one spec, or a weighted blend of several, with weights per segment (each segment's
/// weights sum to 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    pub name: String,
    pub parts: Vec<(ModelSpec, [f64; 2])>,
}

impl Model {
    /// A single spec as a model.
    pub fn single(spec: ModelSpec) -> Self {
        Model {
            name: spec.name.clone(),
            parts: vec![(spec, [1.0; 2])],
        }
    }
}

/// Damping factor φ per year of horizon.
pub const DAMPING_PHI: f64 = 0.8;
/// Name of the blend of the best candidates.
pub const BLEND: &str = "blend";
/// Name of the persistence baseline.
pub const PERSISTENCE: &str = "persistence";
/// Name of the textbook baseline.
pub const TEXTBOOK: &str = "textbook_csr3";

/// The textbook 3-year cohort survival: mean of the last 3 yearly ratios, no shrinkage, no damping.
pub fn textbook() -> ModelSpec {
    ModelSpec {
        name: TEXTBOOK.into(),
        persistence: false,
        averaging: Averaging::MeanOfRatios,
        window: 3,
        entry_window: None,
        shrinkage_k: Some(0.0),
        damping: Damping::None,
    }
}

/// Next year = this year.
pub fn persistence() -> ModelSpec {
    ModelSpec {
        name: PERSISTENCE.into(),
        persistence: true,
        ..textbook()
    }
}

/// Every candidate single model, in a fixed order (ties in the backtest go to the earlier one). The
/// first, `cohort_sum3`, is the forecaster's original model, used when the history is too short
/// to backtest.
pub fn candidates() -> Vec<ModelSpec> {
    let mut out = Vec::new();
    for (averaging, tag) in [
        (Averaging::RatioOfSums, "sum"),
        (Averaging::MeanOfRatios, "mean"),
    ] {
        for window in [3, 2, 5] {
            for (damping, suffix) in [
                (Damping::None, ""),
                (Damping::ToOne(DAMPING_PHI), "_damp1"),
                (Damping::ToCounty(DAMPING_PHI), "_dampc"),
            ] {
                out.push(ModelSpec {
                    name: format!("cohort_{tag}{window}{suffix}"),
                    persistence: false,
                    averaging,
                    window,
                    entry_window: None,
                    shrinkage_k: None,
                    damping,
                });
                if averaging == Averaging::RatioOfSums && window < 5 {
                    // The same, with entry grades from last year's intake (schools whose intake
                    // is trending, as a new school's is).
                    out.push(ModelSpec {
                        name: format!("cohort_{tag}{window}{suffix}_entry1"),
                        persistence: false,
                        averaging,
                        window,
                        entry_window: Some(1),
                        shrinkage_k: None,
                        damping,
                    });
                }
            }
        }
    }
    out.push(textbook());
    out.push(persistence());
    out
}

/// The cohort model with the project's own window (`forecast.window`), undamped: what is used when
/// the history is too short to backtest.
pub fn configured(window: usize) -> ModelSpec {
    ModelSpec {
        name: format!("cohort_sum{window}"),
        persistence: false,
        averaging: Averaging::RatioOfSums,
        window,
        entry_window: None,
        shrinkage_k: None,
        damping: Damping::None,
    }
}

/// The names `--model` accepts: every candidate, and `blend`.
pub fn known_names() -> Vec<String> {
    let mut v: Vec<String> = candidates().into_iter().map(|c| c.name).collect();
    v.push(BLEND.into());
    v
}

/// The candidate named `name` (not `blend`, which the backtest builds).
pub fn by_name(name: &str) -> Result<ModelSpec, ForecastError> {
    candidates()
        .into_iter()
        .find(|c| c.name == name)
        .ok_or_else(|| unknown(name))
}

/// Check a model name (`blend` included).
pub fn check_name(name: &str) -> Result<(), ForecastError> {
    if name == BLEND {
        return Ok(());
    }
    by_name(name).map(|_| ())
}

fn unknown(name: &str) -> ForecastError {
    ForecastError::UnknownModel {
        value: name.into(),
        known: known_names().join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_parse_back() {
        let names = known_names();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        assert_eq!(by_name("cohort_sum3").unwrap().window, 3);
        assert!(by_name(BLEND).is_err());
        assert!(check_name(BLEND).is_ok());
        let e = check_name("cohort_sum4").unwrap_err().to_string();
        assert!(
            e.contains("cohort_sum4") && e.contains("persistence"),
            "{e}"
        );
    }
}
