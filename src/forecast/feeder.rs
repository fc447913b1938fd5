//! The feeder pattern: which schools' grade 6 becomes each school's grade 7.
//!
//! Given explicitly (from the zones: junior school → primary schools with shares), or learned from
//! the history. Learning: every grade-6 school is a candidate feeder of its two nearest grade-7
//! schools (a nine-year school is its own nearest). For each grade-7 school `j` the shares `w ≥ 0`
//! minimise
//!
//! `Σ_y (G7_j(y) − Σ_p w_p·G6_p(y−1))² + λ Σ_p m_p (w_p − w0_p)²`
//!
//! (non-negative least squares with a ridge toward the nearest-school pattern `w0` = 1 for the
//! nearest grade-7 school, 0 otherwise; `m_p` = mean of `G6_p²`, λ = `forecast.feeder_prior`), solved
//! by cyclic coordinate descent. With no usable years the nearest-school pattern stands.

use super::history::{taught, HistoryTable};
use super::ForecastError;
use crate::model::{Grade, School};
use std::collections::{BTreeMap, HashMap};

/// An explicit feeder pattern: grade-7 school id → (grade-6 school id, share of its grade 6).
pub type FeederPattern = BTreeMap<String, Vec<(String, f64)>>;

/// Feeder weights by receiving school: `sources[j]` = (feeding school, share); empty for schools
/// without grade 7.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feeders {
    pub sources: Vec<Vec<(usize, f64)>>,
}

impl Feeders {
    /// The feeder base of school `j` in a year: Σ share × grade 6 of the previous year, or None if a
    /// feeding school's previous year is unknown.
    pub fn base<'a>(&self, j: usize, prev: impl Fn(usize) -> Option<&'a [f64; 12]>) -> Option<f64> {
        let mut sum = 0.0;
        for &(p, w) in &self.sources[j] {
            sum += w * prev(p)?[Grade::G6.index()];
        }
        Some(sum)
    }

    /// Check and index an explicit pattern.
    pub fn explicit(pattern: &FeederPattern, schools: &[School]) -> Result<Self, ForecastError> {
        let index = super::attach::school_index(schools);
        let mut sources = vec![Vec::new(); schools.len()];
        for (junior, list) in pattern {
            let j = lookup(&index, junior, "junior school")?;
            if !taught(&schools[j])[Grade::G7.index()] {
                return Err(bad(junior, "school does not teach grade 7"));
            }
            for (primary, share) in list {
                let p = lookup(&index, primary, "feeder school")?;
                if !taught(&schools[p])[Grade::G6.index()] {
                    return Err(bad(primary, "school does not teach grade 6"));
                }
                if !(share.is_finite() && *share >= 0.0) {
                    return Err(bad(&share.to_string(), "share must be 0 or more"));
                }
                sources[j].push((p, *share));
            }
        }
        Ok(Feeders { sources })
    }
}

fn lookup(index: &HashMap<&str, usize>, id: &str, what: &str) -> Result<usize, ForecastError> {
    index
        .get(id)
        .copied()
        .ok_or_else(|| bad(id, &format!("no such {what}")))
}

fn bad(value: &str, message: &str) -> ForecastError {
    ForecastError::BadFeeder {
        field: "school_id".into(),
        value: value.into(),
        message: message.into(),
    }
}

/// For each grade-6 school, its nearest and second-nearest grade-7 schools (itself first when it
/// teaches grade 7). Ties go to the lower index, so the result is deterministic.
fn nearest_two(schools: &[School]) -> Vec<(usize, Vec<usize>)> {
    use rstar::primitives::GeomWithData;
    let teaches: Vec<[bool; 12]> = schools.iter().map(taught).collect();
    let g7: Vec<GeomWithData<[f64; 2], usize>> = (0..schools.len())
        .filter(|&i| teaches[i][Grade::G7.index()])
        .map(|i| GeomWithData::new(schools[i].xy_m, i))
        .collect();
    let tree = rstar::RTree::bulk_load(g7);
    let mut out = Vec::new();
    for (p, s) in schools.iter().enumerate() {
        if !teaches[p][Grade::G6.index()] {
            continue;
        }
        let mut near: Vec<(f64, usize)> = Vec::with_capacity(4);
        if teaches[p][Grade::G7.index()] {
            near.push((-1.0, p));
        }
        // Take a few more than two so equal distances resolve by index, not by tree order.
        for n in tree.nearest_neighbor_iter_with_distance_2(&s.xy_m).take(4) {
            if n.0.data != p {
                near.push((n.1, n.0.data));
            }
        }
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let near: Vec<usize> = near.iter().take(2).map(|n| n.1).collect();
        if !near.is_empty() {
            out.push((p, near));
        }
    }
    out
}

/// Every grade-6 school feeds its nearest grade-7 school with share 1.
pub fn nearest(schools: &[School]) -> Feeders {
    let mut sources = vec![Vec::new(); schools.len()];
    for (p, near) in nearest_two(schools) {
        sources[near[0]].push((p, 1.0));
    }
    Feeders { sources }
}

/// Learn the shares from the history up to `up_to` (see the module docs).
pub fn learn(schools: &[School], hist: &HistoryTable, up_to: i32, prior: f64) -> Feeders {
    let mut cands: Vec<Vec<(usize, f64)>> = vec![Vec::new(); schools.len()];
    for (p, near) in nearest_two(schools) {
        for (k, &j) in near.iter().enumerate() {
            cands[j].push((p, if k == 0 { 1.0 } else { 0.0 }));
        }
    }
    let g6 = Grade::G6.index();
    let g7 = Grade::G7.index();
    let mut sources = vec![Vec::new(); schools.len()];
    for (j, cand) in cands.into_iter().enumerate() {
        if cand.is_empty() {
            continue;
        }
        let mut rows: Vec<Vec<f64>> = Vec::new();
        let mut b = Vec::new();
        for y in hist.first_year + 1..=up_to.min(hist.last_year) {
            let Some(now) = hist.get(j, y) else { continue };
            let prev: Option<Vec<f64>> = cand
                .iter()
                .map(|&(p, _)| hist.get(p, y - 1).map(|c| c[g6]))
                .collect();
            if let Some(prev) = prev {
                rows.push(prev);
                b.push(now[g7]);
            }
        }
        let w0: Vec<f64> = cand.iter().map(|c| c.1).collect();
        let w = ridge_nnls(&rows, &b, &w0, prior);
        sources[j] = cand
            .iter()
            .zip(w)
            .filter(|(_, w)| *w > 0.0)
            .map(|(c, w)| (c.0, w))
            .collect();
    }
    Feeders { sources }
}

/// min ‖Aw − b‖² + λ Σ m_p (w_p − w0_p)², w ≥ 0, by cyclic coordinate descent (`a` is row-major,
/// one row per year). Columns that are all zero keep their prior.
pub fn ridge_nnls(a: &[Vec<f64>], b: &[f64], w0: &[f64], lambda: f64) -> Vec<f64> {
    let n = w0.len();
    let t = a.len();
    if t == 0 {
        return w0.to_vec();
    }
    let col_sq: Vec<f64> = (0..n)
        .map(|p| a.iter().map(|r| r[p] * r[p]).sum())
        .collect();
    let pen: Vec<f64> = col_sq.iter().map(|s| lambda * s / t as f64).collect();
    let mut w = w0.to_vec();
    let mut resid: Vec<f64> = (0..t)
        .map(|i| b[i] - (0..n).map(|p| a[i][p] * w[p]).sum::<f64>())
        .collect();
    for _ in 0..100 {
        let mut change = 0.0f64;
        for p in 0..n {
            let denom = col_sq[p] + pen[p];
            if denom <= 0.0 {
                continue;
            }
            let dot: f64 = (0..t).map(|i| a[i][p] * (resid[i] + a[i][p] * w[p])).sum();
            let new = ((dot + pen[p] * w0[p]) / denom).max(0.0);
            let delta = new - w[p];
            if delta != 0.0 {
                for (i, r) in resid.iter_mut().enumerate() {
                    *r -= a[i][p] * delta;
                }
                change = change.max(delta.abs());
                w[p] = new;
            }
        }
        if change < 1e-8 {
            break;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nnls_recovers_exact_shares() {
        // Two feeders: 2019..2024 grade 6 counts; grade 7 = 0.7·a + 0.2·b.
        let a: Vec<Vec<f64>> = vec![
            vec![100.0, 50.0],
            vec![120.0, 40.0],
            vec![90.0, 70.0],
            vec![110.0, 30.0],
            vec![80.0, 60.0],
        ];
        let b: Vec<f64> = a.iter().map(|r| 0.7 * r[0] + 0.2 * r[1]).collect();
        let w = ridge_nnls(&a, &b, &[1.0, 0.0], 0.0);
        assert!(
            (w[0] - 0.7).abs() < 1e-6 && (w[1] - 0.2).abs() < 1e-6,
            "{w:?}"
        );
        // Non-negativity: a fit that wants a negative share gets 0.
        let b: Vec<f64> = a.iter().map(|r| 1.0 * r[0] - 0.3 * r[1]).collect();
        let w = ridge_nnls(&a, &b, &[1.0, 0.0], 0.0);
        assert_eq!(w[1], 0.0);
        // No data: the prior.
        assert_eq!(ridge_nnls(&[], &[], &[1.0, 0.0], 1.0), vec![1.0, 0.0]);
    }
}
