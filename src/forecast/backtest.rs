//! Backtesting: how wrong the forecaster has been on this county's own history.
//!
//! For every base year `b` with at least `forecast.backtest_min_years` earlier years, the model is
//! fitted on history and births up to `b` only, projected up to 5 years (mid scenario), and compared
//! with what was recorded. Errors are percentages of the actual count: the mean absolute percentage
//! error (MAPE) and the mean signed error (bias; positive = forecast too high), by horizon 1–5 and
//! at three levels: the county total, each school's total, and each school × grade. Beside them are
//! the two baselines a planner could compute by hand: persistence (every count stays what it was in
//! `b`) and textbook 3-year cohort survival. Only schools observed both in `b` and in the target
//! year are compared, and counts of 0 are skipped (no percentage exists).
//!
//! The model is the one [`super::selection`] chooses on the whole history (or the one forced); the
//! band's factors and out-of-sample coverage come from the same selection.

use super::history::HistoryTable;
use super::models::{self, Model};
use super::selection::{self, Selection};
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
    pub textbook_mape_pct: f64,
    pub textbook_mean_signed_pct: f64,
}

/// The backtest: base years used, the model, the error table and the band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    pub base_years: Vec<i32>,
    pub model: String,
    pub rows: Vec<BacktestRow>,
    /// How the model was chosen, and the band's factors and coverage.
    pub selection: Selection,
}

impl Backtest {
    /// The row for a level and horizon.
    pub fn row(&self, level: &str, horizon: u32) -> Option<&BacktestRow> {
        self.rows
            .iter()
            .find(|r| r.level == level && r.horizon == horizon)
    }
}

/// Summed absolute and signed relative errors of model, persistence and textbook.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    n: usize,
    ape: [f64; 3],
    se: [f64; 3],
}

impl Acc {
    /// `v` = [actual, model, persistence, textbook].
    fn add(&mut self, v: [f64; 4]) {
        let actual = v[0];
        if actual <= 0.0 {
            return;
        }
        self.n += 1;
        for k in 0..3 {
            let e = (v[k + 1] - actual) / actual;
            self.ape[k] += e.abs();
            self.se[k] += e;
        }
    }
}

/// Run the backtest over every usable base year.
pub fn backtest(input: &ForecastInput) -> Result<Backtest, ForecastError> {
    input.options.validate()?;
    let hist = HistoryTable::build(input.history, input.schools)?;
    let forced = input.options.model.as_deref();
    let (model, chosen) = selection::choose(input, &hist, hist.last_year, forced)?;
    let textbook = Model::single(models::textbook());
    let first_base = hist.first_year + input.options.backtest_min_years as i32;
    let bases: Vec<i32> = (first_base..hist.last_year).collect();
    let mut acc = [[Acc::default(); MAX_BACKTEST_HORIZON]; 3];
    for &b in &bases {
        let hb = MAX_BACKTEST_HORIZON.min((hist.last_year - b) as usize);
        let mut core = run_core(input, &hist, (b, hb, b), &[1], &model)?;
        let births = core.mode != super::BirthMode::Persistence;
        let seg: Vec<usize> = super::structure::shapes(&hist, input.schools, b, births)
            .iter()
            .map(super::structure::Shape::segment)
            .collect();
        core.projected
            .scale_mid(|s, t| chosen.calibration(t + 1, seg[s]));
        let text = run_core(input, &hist, (b, hb, b), &[1], &textbook)?;
        #[allow(clippy::needless_range_loop)] // t indexes both the horizon and the accumulators
        for t in 0..hb {
            let y = b + 1 + t as i32;
            let mut county = [0.0; 4];
            for s in 0..input.schools.len() {
                let (Some(then), Some(now)) = (hist.get(s, b), hist.get(s, y)) else {
                    continue;
                };
                let (f, tb) = (core.projected.at(1, s, t), text.projected.at(1, s, t));
                let mut school = [0.0; 4];
                for g in (0..12).filter(|&g| core.taught[s][g]) {
                    let v = [now[g], f[g], then[g], tb[g]];
                    acc[2][t].add(v);
                    for k in 0..4 {
                        school[k] += v[k];
                    }
                }
                acc[1][t].add(school);
                for k in 0..4 {
                    county[k] += school[k];
                }
            }
            acc[0][t].add(county);
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
                model_mape_pct: pct(a.ape[0]),
                model_mean_signed_pct: pct(a.se[0]),
                persistence_mape_pct: pct(a.ape[1]),
                persistence_mean_signed_pct: pct(a.se[1]),
                textbook_mape_pct: pct(a.ape[2]),
                textbook_mean_signed_pct: pct(a.se[2]),
            });
        }
    }
    Ok(Backtest {
        base_years: bases,
        model: model.name,
        rows,
        selection: chosen,
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
        "textbook_mape_pct",
        "textbook_mean_signed_pct",
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
            format!("{:.3}", r.textbook_mape_pct),
            format!("{:.3}", r.textbook_mean_signed_pct),
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
        "backtest of model {}: base years {years}; errors in % of actual (signed: + = too high)",
        b.model
    );
    let _ = writeln!(
        t,
        "  level         h      n   model MAPE  model bias   textbook MAPE  persist. MAPE  persist. bias"
    );
    for r in &b.rows {
        let _ = writeln!(
            t,
            "  {:<12} {:>2} {:>6}   {:>10.2}  {:>10.2}   {:>13.2}  {:>13.2}  {:>13.2}",
            r.level,
            r.horizon,
            r.n,
            r.model_mape_pct,
            r.model_mean_signed_pct,
            r.textbook_mape_pct,
            r.persistence_mape_pct,
            r.persistence_mean_signed_pct
        );
    }
    t.push_str(&selection_text(&b.selection));
    t
}

/// The chosen model, its backtested school-level MAPE by horizon beside the two baselines, and
/// the band with its coverage.
pub fn selection_text(s: &Selection) -> String {
    let mut t = String::new();
    let how = if s.forced {
        "forced"
    } else {
        "chosen by backtest"
    };
    let years = match (s.base_years.first(), s.base_years.last()) {
        (Some(a), Some(z)) => format!("base years {a}-{z}"),
        _ => "no base year (history too short)".into(),
    };
    let _ = writeln!(t, "model: {} ({how}; {years})", s.model);
    if !s.blend.is_empty() {
        let parts: Vec<String> = s
            .blend
            .iter()
            .map(|p| format!("{} ({}) x {:.2}", p.model, p.segment, p.weight))
            .collect();
        let _ = writeln!(t, "  blend of {}", parts.join(", "));
    }
    let mut names = vec![s.model.as_str()];
    names.extend(selection::BASELINES.iter().filter(|b| **b != s.model));
    let width = names.iter().map(|n| n.len()).max().unwrap_or(0);
    let rows: Vec<_> = names.iter().filter_map(|n| s.score(n)).collect();
    let horizons = rows
        .iter()
        .map(|r| r.school_mape_pct.len())
        .max()
        .unwrap_or(0);
    let head: String = (1..=horizons)
        .map(|h| format!("{:>7}", format!("h{h}")))
        .collect();
    let _ = writeln!(t, "  school-level MAPE % by horizon:");
    let _ = writeln!(t, "    {:<width$}{head}", "");
    for sc in rows {
        let v: String = sc
            .school_mape_pct
            .iter()
            .map(|x| format!("{x:>7.2}"))
            .collect();
        let _ = writeln!(t, "    {:<width$}{v}", sc.name);
    }
    for r in &s.band {
        let cov = r
            .coverage_pct
            .map_or("-".to_string(), |c| format!("{c:.1}% of {}", r.coverage_n));
        let _ = writeln!(
            t,
            "  band h{}: school x{:.3}-x{:.3}, county x{:.3}-x{:.3}; {:.0}% band covered {}",
            r.horizon, r.school[0], r.school[1], r.county[0], r.county[1], s.band_nominal_pct, cov
        );
    }
    t
}

/// One line for reports: the model, its backtested school-level MAPE by horizon, the two baselines
/// and the band's coverage.
pub fn model_line(s: &Selection) -> String {
    let mape = |name: &str| {
        s.score(name).map_or("-".to_string(), |sc| {
            let v: Vec<String> = sc
                .school_mape_pct
                .iter()
                .map(|x| format!("{x:.1}"))
                .collect();
            v.join(" / ")
        })
    };
    let cover: Vec<String> = s
        .band
        .iter()
        .filter_map(|r| r.coverage_pct.map(|c| format!("h{} {c:.0}%", r.horizon)))
        .collect();
    format!(
        "{}; school-level MAPE % by horizon {} (textbook cohort survival {}, persistence {}); {:.0}% band coverage {}",
        s.model,
        mape(&s.model),
        mape(models::TEXTBOOK),
        mape(models::PERSISTENCE),
        s.band_nominal_pct,
        if cover.is_empty() { "-".to_string() } else { cover.join(", ") }
    )
}
