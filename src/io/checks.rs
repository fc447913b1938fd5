//! Checks across tables: references to unknown schools and units, and students, schools and other
//! points lying outside the county boundary.

use super::fast_hash::FxHashSet as HashSet;
use super::inside::InsideIndex;
use crate::model::{Diagnostic, LoadReport, Project, Reject, SourceRef, UnitShape};
use rayon::prelude::*;

/// Students, history and resources must name schools that exist; students' units must exist when a
/// units table is given (a warning).
pub fn references(p: &Project, report: &mut LoadReport) {
    // Schools rejected for another reason are already reported; referring to them is not a new error.
    let schools: HashSet<&str> = p
        .schools
        .iter()
        .map(|s| s.id.as_str())
        .chain(
            report
                .rejects
                .iter()
                .filter(|r| r.table == "schools")
                .map(|r| r.id.as_str()),
        )
        .collect();
    let unknown_school = |at: &SourceRef, id: &str| {
        Diagnostic::error(
            at,
            "unknown school id: no school in the schools table has it",
            "correct the id or add the school to the schools table",
        )
        .field("school_id", id)
    };
    let mut errs: Vec<(String, String, Diagnostic)> = Vec::new();
    if !p.schools.is_empty() || !report.rejects.is_empty() {
        // Pupils of one school share one copy of its id and come in runs: the answer for the
        // copy met last is kept.
        let bad: Vec<_> = p
            .students
            .par_iter()
            .map_init(
                || (std::ptr::null::<u8>(), false),
                |last, s| {
                    let id = s.school_id.as_deref()?;
                    if last.0 != id.as_ptr() {
                        *last = (id.as_ptr(), schools.contains(id));
                    }
                    Some((s, id, last.1))
                },
            )
            .flatten()
            .filter_map(|(s, id, known)| {
                (!known).then(|| {
                    (
                        "students".to_string(),
                        s.id.clone(),
                        unknown_school(&s.source, id),
                    )
                })
            })
            .collect();
        errs.extend(bad);
        for h in p
            .history
            .iter()
            .filter(|h| !schools.contains(h.school_id.as_str()))
        {
            errs.push((
                "history".into(),
                h.school_id.clone(),
                unknown_school(&h.source, &h.school_id),
            ));
        }
        for r in p
            .resources
            .iter()
            .filter(|r| !schools.contains(r.school_id.as_str()))
        {
            errs.push((
                "resources".into(),
                r.school_id.clone(),
                unknown_school(&r.source, &r.school_id),
            ));
        }
    }
    drop(schools);
    for (table, id, d) in errs {
        report.rejects.push(Reject {
            table,
            id,
            source: d_source(&d),
            reason: d.to_string(),
        });
        report.diagnostics.push(d);
    }
    if !p.units.is_empty() {
        let units: HashSet<&str> = p.units.iter().map(|u| u.id.as_str()).collect();
        let warns: Vec<Diagnostic> = p
            .students
            .par_iter()
            .filter_map(|s| {
                let id = s.unit_id.as_deref()?;
                (!units.contains(id)).then(|| {
                    Diagnostic::warning(
                        &s.source,
                        "unknown unit id: no unit in the units table has it",
                        "correct the id or add the unit",
                    )
                    .field("unit_id", id)
                })
            })
            .collect();
        report.diagnostics.extend(warns);
    }
}

fn d_source(d: &Diagnostic) -> SourceRef {
    SourceRef::new(&d.file, d.line.unwrap_or(0))
}

/// Warn about every located record outside the boundary, with its distance in km; count students
/// outside in `tallies["students_outside_boundary"]`. Returns how many students and schools lie
/// outside (the count the GCJ-02 datum check starts from).
pub fn outside_boundary(p: &Project, report: &mut LoadReport) -> usize {
    let Some((_, boundary_xy)) = &p.boundary else {
        return 0;
    };
    let idx = InsideIndex::new(boundary_xy);
    let warn = |what: &str, at: &SourceRef, xy: [f64; 2]| -> Option<Diagnostic> {
        if idx.contains(xy) || !xy[0].is_finite() {
            return None;
        }
        let km = idx.distance_to_edge(xy) / 1000.0;
        Some(Diagnostic::warning(
            at,
            format!("{what} lies {km:.2} km outside the county boundary"),
            "check its coordinates (and [crs] input), or the boundary",
        ))
    };
    let mut out: Vec<Diagnostic> = Vec::new();
    out.extend(
        p.schools
            .iter()
            .filter_map(|s| warn("the school", &s.source, s.xy_m)),
    );
    let schools = out.len();
    out.extend(
        p.sites
            .iter()
            .filter_map(|s| warn("the site", &s.source, s.xy_m)),
    );
    out.extend(
        p.housing
            .iter()
            .filter_map(|h| warn("the housing project", &h.source, h.xy_m)),
    );
    out.extend(
        p.units
            .iter()
            .filter(|u| matches!(u.shape, UnitShape::Point { .. }))
            .filter_map(|u| warn("the unit", &u.source, u.centroid_xy_m)),
    );
    let students: Vec<Diagnostic> = p
        .students
        .par_iter()
        .filter_map(|s| warn("the student's home", &s.source, s.xy_m?))
        .collect();
    let points = schools + students.len();
    if !students.is_empty() {
        report
            .tallies
            .insert("students_outside_boundary".into(), students.len() as u64);
    }
    out.extend(students);
    report.diagnostics.extend(out);
    points
}
