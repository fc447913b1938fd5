//! The 7 indicator values for each school and stage it teaches, from the school's resources, its
//! enrollment and the stage split (see [`super::split`]).

use super::enrollment::Enrollment;
use super::indicator::{complete, Indicator};
use super::split::stage_shares;
use crate::model::{Level, Resources, School, SourceRef, Stage};
use crate::standards::Standards;
use serde::Serialize;

/// One school's indicators for one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageValues {
    pub school_id: String,
    pub school_name: String,
    pub level: Level,
    pub stage: Stage,
    /// Students of this stage (P).
    pub students: u32,
    /// Students of the whole school (all its stages, grades 1–9, plus senior students if given).
    pub school_students: u32,
    /// The share of the school's resources this stage receives (1 for single-stage schools).
    pub share: f64,
    /// The stage's share of each resource (X), in [`Indicator::ALL`] order and the resource's unit.
    pub resources: [f64; 7],
    /// Indicator values x = X / P (× 100 for the per-100 indicators).
    pub values: [f64; 7],
    /// The stage's thresholds.
    pub thresholds: [f64; 7],
    /// Whether this school counts in the coefficients of variation (teaching points under
    /// `exclude_teaching_points_below` students do not).
    pub in_cv: bool,
    /// The resources row.
    pub source: SourceRef,
}

/// The indicator values for every stage `school` teaches that has students; none when the
/// resources row lacks an input (the school is then listed as not assessed, see [`super::assess`]).
pub fn stage_values(
    school: &School,
    res: &Resources,
    enrollment: &Enrollment,
    standards: &Standards,
) -> Vec<StageValues> {
    let primary = enrollment.stage(&school.id, Stage::Primary);
    let junior = enrollment.stage(&school.id, Stage::Junior);
    let senior = enrollment.senior(&school.id);
    let (primary, junior) = match school.level {
        Level::Primary => (primary, 0),
        Level::Junior => (0, junior),
        Level::Kindergarten => (0, 0),
        Level::NineYear | Level::TwelveYear => (primary, junior),
    };
    let school_students = primary + junior + senior;
    let in_cv = school_students >= standards.exclude_teaching_points_below;
    let Ok(have) = complete(res) else {
        return Vec::new();
    };
    stage_shares(school.level, primary, junior, senior, standards)
        .into_iter()
        .filter_map(|(stage, share)| {
            let thresholds = standards.resources(stage)?;
            let students = if stage == Stage::Primary {
                primary
            } else {
                junior
            };
            let resources = have.map(|x| share * x);
            let mut values = [0.0; 7];
            let mut ts = [0.0; 7];
            for (k, ind) in Indicator::ALL.iter().enumerate() {
                values[k] = ind.value(resources[k], students as f64);
                ts[k] = ind.threshold(thresholds);
            }
            Some(StageValues {
                school_id: school.id.clone(),
                school_name: school.name.clone(),
                level: school.level,
                stage,
                students,
                school_students,
                share,
                resources,
                values,
                thresholds: ts,
                in_cv,
                source: res.source.clone(),
            })
        })
        .collect()
}
