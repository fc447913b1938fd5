//! The county's enrollment-weighted coefficient of variation (差异系数), one per indicator and stage,
//! and the schools that drive it.
//!
//! With `X_i` the resource of school i (its stage share), `P_i` its students and `P = Σ P_i`:
//!
//! ```text
//! x_i = X_i / P_i      x̄ = Σ X_i / Σ P_i      S = √( Σ (P_i / P) (x_i − x̄)² )      CV = S / x̄
//! ```
//!
//! Weighting by enrollment is the Ministry's method; the unweighted standard deviation of the `x_i`
//! (what many spreadsheets compute) gives a different, wrong answer. The per-100 scaling of some
//! indicators cancels in CV; means and deviations are reported in the indicator's unit.
//!
//! ```
//! use catchment::indicators::weighted_cv;
//! let p = [45.0, 37.0, 89.0, 76.0, 55.0];
//! let x = [279.0, 137.0, 935.0, 160.0, 402.0];
//! let cv = weighted_cv(&p, &x).cv.unwrap();
//! assert_eq!(format!("{cv:.4}"), "0.5153");
//! ```

use super::indicator::Indicator;
use super::values::StageValues;
use crate::model::Stage;
use crate::standards::Standards;
use serde::Serialize;

/// Weighted mean, standard deviation and coefficient of variation of per-student values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CvStats {
    /// x̄ = ΣX / ΣP (per student).
    pub mean: f64,
    /// S (per student).
    pub sd: f64,
    /// S / x̄; None when there are no students or x̄ is 0.
    pub cv: Option<f64>,
}

/// The enrollment-weighted CV of `resources[i] / students[i]`. Schools with no students are
/// ignored.
pub fn weighted_cv(students: &[f64], resources: &[f64]) -> CvStats {
    let pairs: Vec<(f64, f64)> = students
        .iter()
        .zip(resources)
        .filter(|(p, _)| **p > 0.0)
        .map(|(p, x)| (*p, *x))
        .collect();
    let total_p: f64 = pairs.iter().map(|(p, _)| p).sum();
    if total_p <= 0.0 {
        return CvStats {
            mean: 0.0,
            sd: 0.0,
            cv: None,
        };
    }
    let mean = pairs.iter().map(|(_, x)| x).sum::<f64>() / total_p;
    let var: f64 = pairs
        .iter()
        .map(|(p, x)| p / total_p * (x / p - mean).powi(2))
        .sum();
    let sd = var.sqrt();
    CvStats {
        mean,
        sd,
        cv: (mean > 0.0).then(|| sd / mean),
    }
}

/// How much one school drives a coefficient of variation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CvDriver {
    pub school_id: String,
    pub school_name: String,
    pub students: u32,
    /// The school's indicator value.
    pub value: f64,
    /// Its term of S², (P_i/P)(x_i − x̄)², in the indicator's unit squared.
    pub s2_contribution: f64,
    /// That term as a share of S² (0–1).
    pub s2_share: f64,
    /// The CV if this school alone were brought to the county mean x̄ (its resource set to x̄·P_i).
    pub cv_if_at_mean: f64,
    /// The CV if this school and every driver listed before it were brought to the mean.
    pub cv_cumulative: f64,
    /// The resource it would take to bring the school up to the mean (0 if already above), in the
    /// resource's unit.
    pub to_mean: f64,
}

/// The county CV for one indicator and stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountyCv {
    pub stage: Stage,
    pub indicator: Indicator,
    /// Schools counted (teaching points excluded).
    pub schools: usize,
    /// Schools left out as teaching points.
    pub excluded: usize,
    pub students: u32,
    /// x̄ in the indicator's unit.
    pub mean: f64,
    /// S in the indicator's unit.
    pub sd: f64,
    pub cv: Option<f64>,
    /// The limit for the stage (0.50 primary, 0.45 junior).
    pub max: f64,
    /// cv ≤ max; None when the CV is undefined.
    pub pass: Option<bool>,
    /// Every counted school, largest contribution to S² first (ties by school id).
    pub drivers: Vec<CvDriver>,
}

/// The CV of every indicator for `stage`, over the stage rows of `rows` that count (`in_cv`).
pub fn county_cvs(rows: &[StageValues], stage: Stage, standards: &Standards) -> Vec<CountyCv> {
    let mut counted: Vec<&StageValues> = rows
        .iter()
        .filter(|r| r.stage == stage && r.in_cv)
        .collect();
    counted.sort_by(|a, b| a.school_id.cmp(&b.school_id));
    let excluded = rows.iter().filter(|r| r.stage == stage && !r.in_cv).count();
    let max = match stage {
        Stage::Junior => standards.cv_max_junior,
        _ => standards.cv_max_primary,
    };
    Indicator::ALL
        .iter()
        .enumerate()
        .map(|(k, ind)| {
            let p: Vec<f64> = counted.iter().map(|r| r.students as f64).collect();
            let x: Vec<f64> = counted.iter().map(|r| r.resources[k]).collect();
            let stats = weighted_cv(&p, &x);
            let scale = ind.per_students();
            CountyCv {
                stage,
                indicator: *ind,
                schools: counted.len(),
                excluded,
                students: counted.iter().map(|r| r.students).sum(),
                mean: stats.mean * scale,
                sd: stats.sd * scale,
                cv: stats.cv,
                max,
                pass: stats.cv.map(|cv| cv <= max + super::indicator::REL_TOL),
                drivers: drivers(&counted, &p, &x, stats, *ind),
            }
        })
        .collect()
}

/// Running sums for what-if CVs in O(1) per change: with A = Σ X_i and B = Σ X_i² / P_i,
/// x̄ = A/P and S² = B/P − x̄² (the weighted variance expanded).
#[derive(Debug, Clone, Copy)]
struct Moments {
    p: f64,
    a: f64,
    b: f64,
}

impl Moments {
    fn new(p: &[f64], x: &[f64]) -> Self {
        let mut m = Moments {
            p: p.iter().sum(),
            a: 0.0,
            b: 0.0,
        };
        for (pi, xi) in p.iter().zip(x) {
            m.a += xi;
            m.b += xi * xi / pi;
        }
        m
    }

    /// The same sums with school i's resource changed from `old` to `new`.
    fn replaced(self, pi: f64, old: f64, new: f64) -> Self {
        Moments {
            p: self.p,
            a: self.a - old + new,
            b: self.b - old * old / pi + new * new / pi,
        }
    }

    fn cv(self) -> f64 {
        let mean = self.a / self.p;
        if mean <= 0.0 {
            return 0.0;
        }
        (self.b / self.p - mean * mean).max(0.0).sqrt() / mean
    }
}

fn drivers(
    rows: &[&StageValues],
    p: &[f64],
    x: &[f64],
    stats: CvStats,
    ind: Indicator,
) -> Vec<CvDriver> {
    let total_p: f64 = p.iter().sum();
    let s2 = stats.sd * stats.sd;
    let scale = ind.per_students();
    let moments = Moments::new(p, x);
    let mut out: Vec<(usize, CvDriver)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let xi = x[i] / p[i];
            let term = p[i] / total_p * (xi - stats.mean).powi(2);
            let at_mean = stats.mean * p[i];
            let driver = CvDriver {
                school_id: r.school_id.clone(),
                school_name: r.school_name.clone(),
                students: r.students,
                value: xi * scale,
                s2_contribution: term * scale * scale,
                s2_share: if s2 > 0.0 { term / s2 } else { 0.0 },
                cv_if_at_mean: moments.replaced(p[i], x[i], at_mean).cv(),
                cv_cumulative: 0.0,
                to_mean: (at_mean - x[i]).max(0.0),
            };
            (i, driver)
        })
        .collect();
    out.sort_by(|(_, a), (_, b)| {
        b.s2_contribution
            .total_cmp(&a.s2_contribution)
            .then_with(|| a.school_id.cmp(&b.school_id))
    });
    let mut cumulative = moments;
    for (i, d) in out.iter_mut() {
        cumulative = cumulative.replaced(p[*i], x[*i], stats.mean * p[*i]);
        d.cv_cumulative = cumulative.cv();
    }
    out.into_iter().map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_example() {
        let p = [45.0, 37.0, 89.0, 76.0, 55.0];
        let x = [279.0, 137.0, 935.0, 160.0, 402.0];
        let s = weighted_cv(&p, &x);
        assert!((s.cv.unwrap() - 0.5153).abs() < 5e-5, "{s:?}");
        assert!((s.mean - 1913.0 / 302.0).abs() < 1e-12);
    }

    #[test]
    fn what_if_sums_agree_with_a_full_recompute() {
        let p = [45.0, 37.0, 89.0, 76.0, 55.0];
        let x = [279.0, 137.0, 935.0, 160.0, 402.0];
        let m = Moments::new(&p, &x);
        assert!((m.cv() - weighted_cv(&p, &x).cv.unwrap()).abs() < 1e-12);
        let mean = weighted_cv(&p, &x).mean;
        for i in 0..5 {
            let mut moved = x;
            moved[i] = mean * p[i];
            let full = weighted_cv(&p, &moved).cv.unwrap();
            assert!((m.replaced(p[i], x[i], moved[i]).cv() - full).abs() < 1e-12);
        }
    }

    #[test]
    fn equal_values_give_zero_and_zero_mean_gives_none() {
        let s = weighted_cv(&[10.0, 20.0], &[5.0, 10.0]);
        assert_eq!(s.cv, Some(0.0));
        assert_eq!(weighted_cv(&[10.0, 20.0], &[0.0, 0.0]).cv, None);
        assert_eq!(weighted_cv(&[], &[]).cv, None);
        // Schools without students are ignored.
        assert_eq!(weighted_cv(&[10.0, 0.0], &[5.0, 99.0]).cv, Some(0.0));
    }
}
