//! Attached kindergarten classes (附设幼儿班, 学前班) inferred where the schools table does not say.
//!
//! County data often have kindergarten pupils (K1–K3, 小班/中班/大班, `K`, 学前班) at primary,
//! nine-year and twelve-year schools — in the enrollment columns, the students table or the
//! history — without a `kg_classes` column. Those pupils are attached kindergarten classes, which
//! the county plan sets out to split off, so they are kept: `kg_classes` is inferred as the rooms
//! they fill at the kindergarten class sizes in the standards (⌈pupils / cap⌉ per grade), and a
//! warning per school says how many were inferred and from what. A `kg_classes` value the user
//! wrote is never changed.

use crate::model::{Diagnostic, Grade, GradeCounts, HistoryRow, Level, LoadReport, School, Stage};
use crate::model::{SourceRef, Student};
use crate::standards::Standards;
use std::collections::{HashMap, HashSet};

/// Where the kindergarten pupils of a school were counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KgSource {
    /// The school's k1..k3 enrollment columns.
    Enrollment,
    /// Students whose `school_id` names the school.
    Students,
    /// The school's latest history year with kindergarten pupils.
    History(i32),
}

impl KgSource {
    fn describe(self) -> String {
        match self {
            KgSource::Enrollment => "its k1..k3 enrollment columns".to_string(),
            KgSource::Students => "the students table".to_string(),
            KgSource::History(y) => format!("the history of {y}"),
        }
    }
}

/// One school's inference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KgInferred {
    pub school_id: String,
    pub kg_classes: u32,
    /// Pupils in K1, K2, K3.
    pub pupils: [u32; 3],
    pub from: KgSource,
}

/// Infer `kg_classes` for every non-kindergarten school that has kindergarten pupils and whose
/// `kg_classes` was not given (`given`: ids of schools whose row has a value), and warn once per
/// school.
pub fn infer(
    schools: &mut [School],
    given: &HashSet<String>,
    students: &[Student],
    history: &[HistoryRow],
    standards: &Standards,
    report: &mut LoadReport,
) -> Vec<KgInferred> {
    let by_students = student_counts(students);
    let by_history = last_history_counts(history);
    let mut out = Vec::new();
    for school in schools.iter_mut() {
        if school.level == Level::Kindergarten || given.contains(&school.id) {
            continue;
        }
        let Some((pupils, from)) = kg_pupils(school, &by_students, &by_history) else {
            continue;
        };
        let kg_classes = classes_for(pupils, standards);
        if kg_classes == 0 {
            continue;
        }
        school.kg_classes = kg_classes;
        report.diagnostics.push(warning(
            &school.source,
            &school.id,
            kg_classes,
            pupils,
            from,
            standards,
        ));
        out.push(KgInferred {
            school_id: school.id.clone(),
            kg_classes,
            pupils,
            from,
        });
    }
    out
}

/// Rooms the pupils fill at the kindergarten class caps.
fn classes_for(pupils: [u32; 3], standards: &Standards) -> u32 {
    Stage::Kindergarten
        .grades()
        .iter()
        .zip(pupils)
        .map(|(g, n)| n.div_ceil(standards.class_cap(*g).max(1)))
        .sum()
}

fn warning(
    at: &SourceRef,
    id: &str,
    kg_classes: u32,
    pupils: [u32; 3],
    from: KgSource,
    standards: &Standards,
) -> Diagnostic {
    let caps = standards.class_cap_kindergarten;
    Diagnostic::warning(
        at,
        format!(
            "school '{id}' has {} kindergarten pupils (K1 {}, K2 {}, K3 {}) in {} and no \
             kg_classes: {kg_classes} attached kindergarten classes inferred (rooms at the class \
             sizes {}/{}/{})",
            pupils.iter().sum::<u32>(),
            pupils[0],
            pupils[1],
            pupils[2],
            from.describe(),
            caps[0],
            caps[1],
            caps[2],
        ),
        "give the school's kg_classes in the schools table to use the real number",
    )
    .field("kg_classes", "")
}

/// The school's K1..K3 pupils, from the first source that has any.
fn kg_pupils(
    school: &School,
    by_students: &HashMap<&str, [u32; 3]>,
    by_history: &HashMap<&str, (i32, [u32; 3])>,
) -> Option<([u32; 3], KgSource)> {
    let any = |p: &[u32; 3]| p.iter().any(|&n| n > 0);
    if let Some(e) = &school.enrollment {
        let p = k_counts(e);
        if any(&p) {
            return Some((p, KgSource::Enrollment));
        }
    }
    if let Some(p) = by_students.get(school.id.as_str()).filter(|p| any(p)) {
        return Some((*p, KgSource::Students));
    }
    by_history
        .get(school.id.as_str())
        .filter(|(_, p)| any(p))
        .map(|&(y, p)| (p, KgSource::History(y)))
}

fn k_counts(e: &GradeCounts) -> [u32; 3] {
    [e.get(Grade::K1), e.get(Grade::K2), e.get(Grade::K3)]
}

fn student_counts(students: &[Student]) -> HashMap<&str, [u32; 3]> {
    let mut out: HashMap<&str, [u32; 3]> = HashMap::new();
    for s in students {
        if let (Some(id), Stage::Kindergarten) = (s.school_id.as_deref(), s.grade.stage()) {
            out.entry(id).or_default()[s.grade.index()] += 1;
        }
    }
    out
}

/// K1..K3 pupils in each school's latest history year that has any (a school whose history has
/// kindergarten rows teaches those grades, even if its last year has none).
fn last_history_counts(history: &[HistoryRow]) -> HashMap<&str, (i32, [u32; 3])> {
    let mut last: HashMap<&str, i32> = HashMap::new();
    for h in history {
        if h.grade.stage() == Stage::Kindergarten && h.enrolled > 0 {
            let y = last.entry(h.school_id.as_str()).or_insert(h.year);
            *y = (*y).max(h.year);
        }
    }
    let mut out: HashMap<&str, (i32, [u32; 3])> = HashMap::new();
    for h in history {
        let Some(&year) = last.get(h.school_id.as_str()) else {
            continue;
        };
        if h.year == year && h.grade.stage() == Stage::Kindergarten {
            out.entry(h.school_id.as_str()).or_insert((year, [0; 3])).1[h.grade.index()] +=
                h.enrolled;
        }
    }
    out
}

#[cfg(test)]
#[path = "kg_infer_tests.rs"]
mod tests;
