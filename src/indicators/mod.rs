//! The quality-balanced development indicators (优质均衡) counties are assessed on, by the
//! Ministry of Education's 2017 rules (县域义务教育优质均衡发展督导评估办法, 教督〔2017〕6号).
//!
//! Counties do this in spreadsheets today, and the public tools compute the coefficient of variation
//! unweighted, which is wrong. This module computes, from the schools, their resources and an
//! enrollment (today's, or a forecast year's):
//! - the 7 resource indicators per school and stage ([`values`]), nine- and twelve-year schools
//!   split by the official enrollment weights ([`split`]);
//! - the per-school pass rule, 6 of 7 and the 7th at 85 % ([`pass_rule`]);
//! - the county's enrollment-weighted coefficients of variation ([`cv`]), with the schools driving
//!   each;
//! - the government-guarantee items the data can show ([`guarantee`]);
//! - the least each failing school needs to pass ([`remedies`]).
//!
//! [`assess`] runs all of it and returns an [`IndicatorReport`] (serializable, for the planning
//! report); [`tables`] turns it into the CSV files.

pub mod cv;
pub mod enrollment;
pub mod error;
pub mod forecast_year;
pub mod guarantee;
pub mod indicator;
pub mod pass_rule;
pub mod remedies;
pub mod split;
pub mod tables;
pub mod validate;
pub mod values;

pub use crate::forecast::year::NotForecastYear;
pub use cv::{county_cvs, weighted_cv, CountyCv, CvDriver, CvStats};
pub use enrollment::Enrollment;
pub use error::{IndicatorError, InputErrors};
pub use forecast_year::forecast_year_enrollment;
pub use guarantee::{guarantee, Guarantee, RoomCheck};
pub use indicator::Indicator;
pub use pass_rule::{pass_rule, PassOutcome};
pub use remedies::{school_remedy, GuaranteeRemedy, ResourceAddition, SchoolRemedy, Target};
pub use split::stage_shares;
pub use validate::validate;
pub use values::{stage_values, StageValues};

use crate::model::{Level, Resources, School, SourceRef, Stage};
use crate::standards::Standards;
use serde::Serialize;
use std::collections::BTreeMap;

/// One school and stage: its indicator values and the pass rule's verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageResult {
    #[serde(flatten)]
    pub values: StageValues,
    pub outcome: PassOutcome,
}

/// A school the indicators could not assess, and why (nothing is dropped silently).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotAssessed {
    pub school_id: String,
    pub school_name: String,
    pub reason: String,
    pub source: SourceRef,
}

/// Counts for one stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StageSummary {
    pub stage: Option<Stage>,
    pub schools: usize,
    pub pass: usize,
    pub fail: usize,
    /// Schools left out of the CVs as teaching points.
    pub excluded_from_cv: usize,
    pub cvs_failing: usize,
    pub cvs_undefined: usize,
}

/// The headline numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub schools_assessed: usize,
    pub primary: StageSummary,
    pub junior: StageSummary,
    pub guarantee_schools: usize,
    pub guarantee_failing: usize,
    pub over_size_cap: usize,
    pub classes_over_cap: u32,
    pub large_classes: u32,
    pub very_large_classes: u32,
    pub music_art_short: usize,
    pub not_assessed: usize,
}

/// Everything the indicators produce, in deterministic order (school id, then stage).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorReport {
    pub stages: Vec<StageResult>,
    pub cvs: Vec<CountyCv>,
    pub guarantee: Vec<Guarantee>,
    pub remedies: Vec<SchoolRemedy>,
    pub guarantee_remedies: Vec<GuaranteeRemedy>,
    pub not_assessed: Vec<NotAssessed>,
    pub summary: Summary,
}

/// Compute the indicators, CVs, guarantee items and remedies for `schools` with `resources` at
/// `enrollment`. Fails with every input problem found, each with its place.
pub fn assess(
    schools: &[School],
    resources: &[Resources],
    enrollment: &Enrollment,
    standards: &Standards,
) -> Result<IndicatorReport, InputErrors> {
    let errors = validate(schools, resources, enrollment, standards);
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    Ok(assess_valid(schools, resources, enrollment, standards))
}

/// Like [`assess`], but a problem confined to one school ([`IndicatorError::only_school`]: no
/// pupils in grades 1–9, no enrollment) does not stop the others: that school's resources row is
/// set aside and the school is listed in `not_assessed` with the problem. Returns the report and
/// the problems set aside; fails only on problems of the tables or the standards.
pub fn assess_skipping_schools(
    schools: &[School],
    resources: &[Resources],
    enrollment: &Enrollment,
    standards: &Standards,
) -> Result<(IndicatorReport, Vec<IndicatorError>), InputErrors> {
    let (per_school, blocking): (Vec<IndicatorError>, Vec<IndicatorError>) =
        validate(schools, resources, enrollment, standards)
            .into_iter()
            .partition(|e| e.only_school().is_some());
    if !blocking.is_empty() {
        return Err(InputErrors(blocking));
    }
    let skipped: BTreeMap<&str, &IndicatorError> = per_school
        .iter()
        .filter_map(|e| Some((e.only_school()?, e)))
        .collect();
    let kept: Vec<Resources> = resources
        .iter()
        .filter(|r| !skipped.contains_key(r.school_id.as_str()))
        .cloned()
        .collect();
    let mut report = assess_valid(schools, &kept, enrollment, standards);
    for n in report.not_assessed.iter_mut() {
        if let Some(e) = skipped.get(n.school_id.as_str()) {
            n.reason = format!("not assessed: {e}");
        }
    }
    Ok((report, per_school))
}

/// [`assess`] on inputs [`validate`] found nothing wrong with.
fn assess_valid(
    schools: &[School],
    resources: &[Resources],
    enrollment: &Enrollment,
    standards: &Standards,
) -> IndicatorReport {
    let res_by_id: BTreeMap<&str, &Resources> = resources
        .iter()
        .map(|r| (r.school_id.as_str(), r))
        .collect();
    let mut sorted: Vec<&School> = schools.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));

    let mut stages = Vec::new();
    let mut remedies = Vec::new();
    let mut guarantees = Vec::new();
    let mut not_assessed = Vec::new();
    for school in sorted {
        let res = res_by_id.get(school.id.as_str()).copied();
        if let Some(reason) = not_assessed_reason(school, res, enrollment) {
            not_assessed.push(NotAssessed {
                school_id: school.id.clone(),
                school_name: school.name.clone(),
                reason,
                source: school.source.clone(),
            });
        }
        guarantees.extend(guarantee(school, res, enrollment, standards));
        let Some(res) = res else { continue };
        let rows = stage_values(school, res, enrollment, standards);
        let refs: Vec<&StageValues> = rows.iter().collect();
        remedies.extend(school_remedy(&refs, res, standards));
        stages.extend(rows.into_iter().map(|values| StageResult {
            outcome: pass_rule(&values.values, &values.thresholds, standards),
            values,
        }));
    }
    let plain: Vec<StageValues> = stages.iter().map(|s| s.values.clone()).collect();
    let mut cvs = county_cvs(&plain, Stage::Primary, standards);
    cvs.extend(county_cvs(&plain, Stage::Junior, standards));
    let guarantee_remedies = guarantees
        .iter()
        .flat_map(remedies::guarantee_remedies)
        .collect();
    let summary = summarize(&stages, &cvs, &guarantees, &not_assessed);
    IndicatorReport {
        stages,
        cvs,
        guarantee: guarantees,
        remedies,
        guarantee_remedies,
        not_assessed,
        summary,
    }
}

fn not_assessed_reason(
    school: &School,
    res: Option<&Resources>,
    enrollment: &Enrollment,
) -> Option<String> {
    match (school.level, res) {
        (Level::Kindergarten, Some(_)) => Some(
            "kindergarten: the resource indicators cover primary and junior schools; its resources row is ignored"
                .into(),
        ),
        (Level::Kindergarten, None) => None,
        (_, None) if enrollment.grades.contains_key(&school.id) => Some(
            "no resources row: resource indicators not computed (guarantee items checked)".into(),
        ),
        (_, None) => Some("no resources row and no enrollment: nothing could be computed".into()),
        (_, Some(r)) => indicator::complete(r).err().map(|missing| not_computed(r, &missing)),
    }
}

/// "not computed: resources.csv has no column for teaching_aux_area_m2 (教学及辅助用房面积)", or
/// "... has no value for ..." when the column exists and the cell is empty.
fn not_computed(r: &Resources, missing: &[Indicator]) -> String {
    let file = std::path::Path::new(&*r.source.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| r.source.file.to_string());
    let parts: Vec<String> = missing
        .iter()
        .map(|ind| {
            let (column, zh) = ind.column();
            if r.absent_columns.iter().any(|c| c == column) {
                format!("{file} has no column for {column} ({zh})")
            } else {
                format!(
                    "{file} line {} has no value for {column} ({zh})",
                    r.source.line
                )
            }
        })
        .collect();
    format!("not computed: {}", parts.join("; "))
}

fn summarize(
    stages: &[StageResult],
    cvs: &[CountyCv],
    guarantees: &[Guarantee],
    not_assessed: &[NotAssessed],
) -> Summary {
    let stage_summary = |stage: Stage| {
        let rows: Vec<&StageResult> = stages.iter().filter(|s| s.values.stage == stage).collect();
        let stage_cvs: Vec<&CountyCv> = cvs.iter().filter(|c| c.stage == stage).collect();
        StageSummary {
            stage: Some(stage),
            schools: rows.len(),
            pass: rows.iter().filter(|r| r.outcome.pass).count(),
            fail: rows.iter().filter(|r| !r.outcome.pass).count(),
            excluded_from_cv: rows.iter().filter(|r| !r.values.in_cv).count(),
            cvs_failing: stage_cvs.iter().filter(|c| c.pass == Some(false)).count(),
            cvs_undefined: stage_cvs.iter().filter(|c| c.pass.is_none()).count(),
        }
    };
    let mut ids: Vec<&str> = stages.iter().map(|s| s.values.school_id.as_str()).collect();
    ids.dedup();
    let room_short = |g: &&Guarantee| {
        g.music.as_ref().is_some_and(|r| !r.ok) || g.art.as_ref().is_some_and(|r| !r.ok)
    };
    Summary {
        schools_assessed: ids.len(),
        primary: stage_summary(Stage::Primary),
        junior: stage_summary(Stage::Junior),
        guarantee_schools: guarantees.len(),
        guarantee_failing: guarantees.iter().filter(|g| !g.all_ok()).count(),
        over_size_cap: guarantees.iter().filter(|g| !g.size_ok).count(),
        classes_over_cap: guarantees.iter().map(|g| g.classes_over_cap).sum(),
        large_classes: guarantees.iter().map(|g| g.large_classes).sum(),
        very_large_classes: guarantees.iter().map(|g| g.very_large_classes).sum(),
        music_art_short: guarantees.iter().filter(room_short).count(),
        not_assessed: not_assessed.len(),
    }
}
