//! Backtesting: how wrong the forecaster has been on this county's own history.
//!
//! For every base year `b` with at least `forecast.backtest_min_years` earlier years, the model is
//! fitted on history and births up to `b` only, projected up to 5 years (mid scenario), and compared
//! with what was recorded. Errors are percentages of the actual count: the mean absolute percentage
//! error (MAPE) and the mean signed error (bias; positive = forecast too high), by horizon 1–5 and
//! at three levels: the county total, each school's total, and each school × grade. Beside them is
//! the persistence baseline (every count stays what it was in `b`). Only schools observed both in
//! `b` and in the target year are compared, and counts of 0 are skipped (no percentage exists).

use super::history::HistoryTable;
use super::{run_core, ForecastError, ForecastInput};
use serde::Serialize;
use std::fmt::Write;

/// Longest backtest horizon in years.
pub const MAX_BACKTEST_HORIZON: usize = 5;
/// The three levels, in output order.
pub const LEVELS: [&str; 3] = ["county", "school", "school_grade"];

/// Errors at one level and horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestRow {
    pub level: String,
    pub horizon: u32,
    /// Comparisons made (base years × schools × grades, as the level goes).
    pub n: usize,
    pub model_mape_pct: f64,
    pub model_mean_signed_pct: f64,
    pub persistence_mape_pct: f64,
    pub persistence_mean_signed_pct: f64,
}

/// The backtest: base years used and the error table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    pub base_years: Vec<i32>,
    pub rows: Vec<BacktestRow>,
}

impl Backtest {
    /// The row for a level and horizon.
    pub fn row(&self, level: &str, horizon: u32) -> Option<&BacktestRow> {
        self.rows
            .iter()
            .find(|r| r.level == level && r.horizon == horizon)
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    n: usize,
    ape: f64,
    se: f64,
    p_ape: f64,
    p_se: f64,
}

impl Acc {
    fn add(&mut self, actual: f64, model: f64, persistence: f64) {
        if actual <= 0.0 {
            return;
        }
        self.n += 1;
        self.ape += ((model - actual) / actual).abs();
        self.se += (model - actual) / actual;
        self.p_ape += ((persistence - actual) / actual).abs();
        self.p_se += (persistence - actual) / actual;
    }
}

/// Run the backtest over every usable base year.
pub fn backtest(input: &ForecastInput) -> Result<Backtest, ForecastError> {
    input.options.validate()?;
    let hist = HistoryTable::build(input.history, input.schools)?;
    let first_base = hist.first_year + input.options.backtest_min_years as i32;
    let bases: Vec<i32> = (first_base..hist.last_year).collect();
    let mut acc = [[Acc::default(); MAX_BACKTEST_HORIZON]; 3];
    for &b in &bases {
        let hb = MAX_BACKTEST_HORIZON.min((hist.last_year - b) as usize);
        let core = run_core(input, &hist, b, hb, b, &[1])?;
        #[allow(clippy::needless_range_loop)] // t indexes both the horizon and the accumulators
        for t in 0..hb {
            let y = b + 1 + t as i32;
            let mut county = [0.0; 3];
            for s in 0..input.schools.len() {
                let (Some(then), Some(now)) = (hist.get(s, b), hist.get(s, y)) else {
                    continue;
                };
                let f = core.projected.at(1, s, t);
                let mut school = [0.0; 3];
                for g in (0..12).filter(|&g| core.taught[s][g]) {
                    acc[2][t].add(now[g], f[g], then[g]);
                    for (k, v) in [now[g], f[g], then[g]].into_iter().enumerate() {
                        school[k] += v;
                    }
                }
                acc[1][t].add(school[0], school[1], school[2]);
                for k in 0..3 {
                    county[k] += school[k];
                }
            }
            acc[0][t].add(county[0], county[1], county[2]);
        }
    }
    let mut rows = Vec::new();
    for (l, level) in LEVELS.iter().enumerate() {
        for (t, a) in acc[l].iter().enumerate().filter(|(_, a)| a.n > 0) {
            let pct = |x: f64| 100.0 * x / a.n as f64;
            rows.push(BacktestRow {
                level: level.to_string(),
                horizon: t as u32 + 1,
                n: a.n,
                model_mape_pct: pct(a.ape),
                model_mean_signed_pct: pct(a.se),
                persistence_mape_pct: pct(a.p_ape),
                persistence_mean_signed_pct: pct(a.p_se),
            });
        }
    }
    Ok(Backtest {
        base_years: bases,
        rows,
    })
}

/// `backtest.csv` rows.
pub fn backtest_rows(b: &Backtest) -> Vec<Vec<String>> {
    let mut rows = vec![[
        "level",
        "horizon",
        "n",
        "model_mape_pct",
        "model_mean_signed_pct",
        "persistence_mape_pct",
        "persistence_mean_signed_pct",
    ]
    .map(String::from)
    .to_vec()];
    for r in &b.rows {
        rows.push(vec![
            r.level.clone(),
            r.horizon.to_string(),
            r.n.to_string(),
            format!("{:.3}", r.model_mape_pct),
            format!("{:.3}", r.model_mean_signed_pct),
            format!("{:.3}", r.persistence_mape_pct),
            format!("{:.3}", r.persistence_mean_signed_pct),
        ]);
    }
    rows
}

/// The backtest as a table for the terminal.
pub fn backtest_text(b: &Backtest) -> String {
    let mut t = String::new();
    let years = match (b.base_years.first(), b.base_years.last()) {
        (Some(a), Some(z)) => format!("{a}-{z}"),
        _ => "none (history too short)".into(),
    };
    let _ = writeln!(
        t,
        "backtest: base years {years}; errors in % of actual (signed: + = too high)"
    );
    let _ = writeln!(
        t,
        "  level         h      n   model MAPE  model bias   persist. MAPE  persist. bias"
    );
    for r in &b.rows {
        let _ = writeln!(
            t,
            "  {:<12} {:>2} {:>6}   {:>10.2}  {:>10.2}   {:>13.2}  {:>13.2}",
            r.level,
            r.horizon,
            r.n,
            r.model_mape_pct,
            r.model_mean_signed_pct,
            r.persistence_mape_pct,
            r.persistence_mean_signed_pct
        );
    }
    t
}
