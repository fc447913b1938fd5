//! The forecaster's options and their defaults (in one place). `catchment::options` resolves them
//! from `catchment.toml` and the command line; the engine only checks their ranges.

use super::ForecastError;
use serde::Serialize;

/// The longest horizon the forecaster will project, in years.
pub const MAX_HORIZON: u32 = 12;
/// The one horizon check of the crate: `years` must be 1..=[`MAX_HORIZON`].
pub fn check_horizon(years: u32) -> Result<u32, ForecastError> {
    if (1..=MAX_HORIZON).contains(&years) {
        Ok(years)
    } else {
        Err(ForecastError::Horizon {
            value: years,
            min: 1,
            max: MAX_HORIZON,
        })
    }
}

/// History or birth years outside this range are treated as typing mistakes.
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1950..=2100;

/// How the junior-middle feeder pattern (grade 6 → grade 7) is obtained when none is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeederMethod {
    /// Non-negative least squares on the history, pulled toward the nearest-school pattern.
    Learn,
    /// Every grade-6 school feeds its nearest grade-7 school.
    Nearest,
}

/// Options of the forecast engine. `Default` holds every default; `catchment::options::resolve`
/// applies the overrides of `catchment.toml` (keys `forecast.window`, ...) and the command line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastOptions {
    /// Years of ratios averaged (`forecast.window`, default 3).
    pub window: usize,
    /// Exponential smoothing weight α in [0, 1) given to the newest year inside the window; 0 means a
    /// plain (student-weighted) window mean (`forecast.smoothing`, default 0).
    pub smoothing: f64,
    /// Shrinkage strength k in students: a school ratio resting on n students gets weight
    /// n / (n + k) against the county ratio (`forecast.shrinkage`, default 20).
    pub shrinkage_k: f64,
    /// Years projected beyond the base year, 1–12 (`forecast.horizon`, default 6).
    pub horizon: u32,
    /// Base year; None = the last year in the history (`forecast.base_year`).
    pub base_year: Option<i32>,
    /// A school with history but none in the last `max_gap_years + 1` years up to the base year is
    /// treated as closed (`forecast.max_gap_years`, default 1).
    pub max_gap_years: i32,
    /// Years over which a housing project's pupils arrive, from its completion year
    /// (`forecast.housing_ramp_years`, default 1: all in the completion year).
    pub housing_ramp_years: u32,
    /// Percentiles of the historical county ratios used for the low and high scenarios
    /// (`forecast.quantile_low` 0.1, `forecast.quantile_high` 0.9); mid is the median.
    pub quantile_low: f64,
    pub quantile_high: f64,
    /// How the feeder pattern is obtained when none is given (`forecast.feeder` = "learn" | "nearest").
    pub feeder: FeederMethod,
    /// Weight of the nearest-school prior in the feeder fit, in years of observations
    /// (`forecast.feeder_prior`, default 1).
    pub feeder_prior: f64,
    /// Years of history (ratio years) a backtest base year needs (`forecast.backtest_min_years`, 2).
    pub backtest_min_years: usize,
    /// The model to use (`forecast.model`, or `--model`); None = chosen by backtest.
    pub model: Option<String>,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        ForecastOptions {
            window: 3,
            smoothing: 0.0,
            shrinkage_k: 20.0,
            horizon: 6,
            base_year: None,
            max_gap_years: 1,
            housing_ramp_years: 1,
            quantile_low: 0.1,
            quantile_high: 0.9,
            feeder: FeederMethod::Learn,
            feeder_prior: 1.0,
            backtest_min_years: 2,
            model: None,
        }
    }
}

impl ForecastOptions {
    /// Check every value is in range.
    pub fn validate(&self) -> Result<(), ForecastError> {
        let checks: [(&str, String, bool, &str); 7] = [
            (
                "forecast.window",
                self.window.to_string(),
                (1..=20).contains(&self.window),
                "use 1-20 years",
            ),
            (
                "forecast.smoothing",
                self.smoothing.to_string(),
                (0.0..1.0).contains(&self.smoothing),
                "use 0 (off) to 0.99",
            ),
            (
                "forecast.shrinkage",
                self.shrinkage_k.to_string(),
                self.shrinkage_k >= 0.0 && self.shrinkage_k.is_finite(),
                "use 0 or more students",
            ),
            (
                "forecast.max_gap_years",
                self.max_gap_years.to_string(),
                (0..=5).contains(&self.max_gap_years),
                "use 0-5 years",
            ),
            (
                "forecast.housing_ramp_years",
                self.housing_ramp_years.to_string(),
                (1..=10).contains(&self.housing_ramp_years),
                "use 1-10 years",
            ),
            (
                "forecast.quantile_low",
                format!("{}/{}", self.quantile_low, self.quantile_high),
                0.0 <= self.quantile_low
                    && self.quantile_low <= 0.5
                    && 0.5 <= self.quantile_high
                    && self.quantile_high <= 1.0,
                "use 0 ≤ low ≤ 0.5 ≤ high ≤ 1",
            ),
            (
                "forecast.feeder_prior",
                self.feeder_prior.to_string(),
                self.feeder_prior >= 0.0 && self.feeder_prior.is_finite(),
                "use 0 or more",
            ),
        ];
        check_horizon(self.horizon)?;
        if let Some(m) = &self.model {
            super::models::check_name(m)?;
        }
        for (key, value, ok, hint) in checks {
            if !ok {
                return Err(bad(key, &value, hint));
            }
        }
        Ok(())
    }
}

/// A bad value of option `key`, with what to use instead.
fn bad(key: &str, value: &str, hint: impl Into<String>) -> ForecastError {
    ForecastError::BadOption {
        key: key.to_string(),
        value: value.to_string(),
        hint: hint.into(),
    }
}
