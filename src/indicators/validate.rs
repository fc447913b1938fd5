//! Checking the inputs before anything is computed: every problem, with its place and value.

use super::enrollment::Enrollment;
use super::error::IndicatorError;
use super::indicator::Indicator;
use crate::model::{Level, Resources, School, SourceRef, Stage};
use crate::standards::Standards;
use std::collections::BTreeMap;

/// Every problem in the inputs, in resources-table order (standards first).
pub fn validate(
    schools: &[School],
    resources: &[Resources],
    enrollment: &Enrollment,
    standards: &Standards,
) -> Vec<IndicatorError> {
    let mut errors = validate_standards(standards);
    let by_id: BTreeMap<&str, &School> = schools.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut seen: BTreeMap<&str, &SourceRef> = BTreeMap::new();
    for r in resources {
        errors.extend(negative_fields(r));
        if let Some(first) = seen.insert(r.school_id.as_str(), &r.source) {
            errors.push(IndicatorError::DuplicateSchool {
                at: r.source.clone(),
                first: first.clone(),
                school_id: r.school_id.clone(),
            });
            seen.insert(r.school_id.as_str(), first);
            continue;
        }
        let Some(school) = by_id.get(r.school_id.as_str()) else {
            errors.push(IndicatorError::UnknownSchool {
                at: r.source.clone(),
                school_id: r.school_id.clone(),
            });
            continue;
        };
        errors.extend(enrollment_problem(school, enrollment));
    }
    errors
}

/// Negative or non-numeric resource values.
fn negative_fields(r: &Resources) -> Vec<IndicatorError> {
    let mut fields: Vec<(&'static str, Option<f64>)> = Indicator::ALL
        .iter()
        .map(|i| (i.resource_field(), i.resource(r)))
        .collect();
    fields.push(("music_room_m2", r.music_room_m2));
    fields.push(("art_room_m2", r.art_room_m2));
    fields
        .into_iter()
        .filter_map(|(field, v)| Some((field, v?)))
        .filter(|(_, v)| !(v.is_finite() && *v >= 0.0))
        .map(|(field, value)| IndicatorError::Negative {
            at: r.source.clone(),
            field,
            value,
        })
        .collect()
}

/// A compulsory school with resources needs students in its grades.
fn enrollment_problem(school: &School, enrollment: &Enrollment) -> Option<IndicatorError> {
    if school.level == Level::Kindergarten {
        return None;
    }
    let Some(counts) = enrollment.grades.get(&school.id) else {
        return Some(IndicatorError::NoEnrollment {
            at: school.source.clone(),
            school_id: school.id.clone(),
        });
    };
    let students: u32 = [Stage::Primary, Stage::Junior]
        .iter()
        .filter(|s| school.level.serves(**s))
        .map(|s| counts.stage_total(*s))
        .sum();
    (students == 0).then(|| IndicatorError::NoStudents {
        at: school.source.clone(),
        school_id: school.id.clone(),
        students,
    })
}

/// Thresholds and weights the computation divides by or compares with.
fn validate_standards(s: &Standards) -> Vec<IndicatorError> {
    let mut errors = Vec::new();
    let mut bad = |key: String, value: String, problem| {
        errors.push(IndicatorError::BadStandard {
            key,
            value,
            problem,
        })
    };
    for stage in [Stage::Primary, Stage::Junior] {
        let t = s.resources(stage).expect("compulsory stage");
        for ind in Indicator::ALL {
            let v = ind.threshold(t);
            if !(v.is_finite() && v > 0.0) {
                bad(ind.standards_key(stage), v.to_string(), "must be above 0");
            }
        }
    }
    if !(s.remainder_floor_ratio > 0.0 && s.remainder_floor_ratio <= 1.0) {
        let v = s.remainder_floor_ratio.to_string();
        bad(
            "remainder_floor_ratio".into(),
            v,
            "must be above 0 and at most 1",
        );
    }
    if s.min_indicators_met > 7 {
        let v = s.min_indicators_met.to_string();
        bad("min_indicators_met".into(), v, "must be at most 7");
    }
    let weights = s.split_nine_year.iter().chain(&s.split_twelve_year);
    if weights.clone().any(|w| !(w.is_finite() && *w > 0.0)) {
        let v = format!("{:?} / {:?}", s.split_nine_year, s.split_twelve_year);
        bad(
            "split_nine_year / split_twelve_year".into(),
            v,
            "weights must be above 0",
        );
    }
    errors
}
