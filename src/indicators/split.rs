//! Splitting the resources of a nine-year or twelve-year school between its stages.
//!
//! The Ministry weighs students of the later stages more heavily: primary : junior = 1 : 1.1 in a
//! nine-year school (九年一贯制), primary : junior : senior = 1 : 1.1 : 1.32 in a twelve-year school
//! (十二年一贯制) (`Standards::split_nine_year`, `split_twelve_year`).
//!
//! How the weights are applied here, exactly: each stage `s` of the school, with `P_s` students and
//! weight `w_s`, receives the share
//!
//! ```text
//! share_s = w_s · P_s / Σ_t (w_t · P_t)
//! ```
//!
//! of every resource (teachers, m², equipment value, rooms), i.e. the school's resources are divided
//! in proportion to weighted students, so one junior student is allotted 1.1 times what one primary
//! student is. The stage's indicator is then the stage's share over the stage's own students:
//! `x_s = share_s · X / P_s`. For a nine-year school with `X` m² this gives
//! `x_primary = X / (P_p + 1.1 P_j)` and `x_junior = 1.1 X / (P_p + 1.1 P_j)`.
//! Senior students (twelve-year schools) take their share but are not assessed. Stages without
//! students take no share. Single-stage schools give their stage everything.

use crate::model::{Level, Stage};
use crate::standards::Standards;

/// The share of the school's resources each assessed stage receives, for a school of `level` with
/// `primary`, `junior` and `senior` students. Stages with no students are omitted; the shares of the
/// stages returned plus the senior share (not returned) sum to 1.
pub fn stage_shares(
    level: Level,
    primary: u32,
    junior: u32,
    senior: u32,
    standards: &Standards,
) -> Vec<(Stage, f64)> {
    let weighted: Vec<(Option<Stage>, f64)> = match level {
        Level::Kindergarten => vec![],
        Level::Primary => vec![(Some(Stage::Primary), primary as f64)],
        Level::Junior => vec![(Some(Stage::Junior), junior as f64)],
        Level::NineYear => {
            let [wp, wj] = standards.split_nine_year;
            vec![
                (Some(Stage::Primary), wp * primary as f64),
                (Some(Stage::Junior), wj * junior as f64),
            ]
        }
        Level::TwelveYear => {
            let [wp, wj, ws] = standards.split_twelve_year;
            vec![
                (Some(Stage::Primary), wp * primary as f64),
                (Some(Stage::Junior), wj * junior as f64),
                (None, ws * senior as f64),
            ]
        }
    };
    let total: f64 = weighted.iter().map(|(_, w)| w).sum();
    if total <= 0.0 {
        return vec![];
    }
    weighted
        .into_iter()
        .filter(|(_, w)| *w > 0.0)
        .filter_map(|(s, w)| s.map(|s| (s, w / total)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nine_year_split_weights_junior_by_1_1() {
        let s = Standards::default();
        let shares = stage_shares(Level::NineYear, 600, 300, 0, &s);
        // 600 : 330 of 930.
        assert_eq!(shares.len(), 2);
        assert!((shares[0].1 - 600.0 / 930.0).abs() < 1e-12);
        assert!((shares[1].1 - 330.0 / 930.0).abs() < 1e-12);
        // Per student, a junior student gets 1.1 times a primary student.
        let per_p = shares[0].1 / 600.0;
        let per_j = shares[1].1 / 300.0;
        assert!((per_j / per_p - 1.1).abs() < 1e-12);
    }

    #[test]
    fn twelve_year_senior_takes_its_share() {
        let s = Standards::default();
        let shares = stage_shares(Level::TwelveYear, 100, 100, 100, &s);
        let total = 1.0 + 1.1 + 1.32;
        assert!((shares[0].1 - 1.0 / total).abs() < 1e-12);
        assert!((shares[1].1 - 1.1 / total).abs() < 1e-12);
        assert_eq!(shares.len(), 2);
    }

    #[test]
    fn single_stage_and_empty_stages() {
        let s = Standards::default();
        assert_eq!(
            stage_shares(Level::Primary, 10, 0, 0, &s),
            vec![(Stage::Primary, 1.0)]
        );
        assert_eq!(
            stage_shares(Level::NineYear, 0, 80, 0, &s),
            vec![(Stage::Junior, 1.0)]
        );
        assert!(stage_shares(Level::Primary, 0, 0, 0, &s).is_empty());
        assert!(stage_shares(Level::Kindergarten, 10, 0, 0, &s).is_empty());
    }
}
