//! Records that cannot be right together, though each row reads: pupils of a stage with no school
//! for them, a school with pupils and no classrooms, a kindergarten with grade 1–9 pupils, far more
//! pupils than the rooms can hold, the same school listed twice.
//!
//! Each of these once passed `check` as "usable" and then made a later command drop pupils or divide
//! by zero classrooms. They are found here, at load, so `check` reports them with the lines to fix.

use super::fast_hash::FxHashMap as HashMap;
use crate::model::{
    Diagnostic, Grade, GradeCounts, Level, LoadReport, Project, School, SourceRef, Stage,
};

/// More pupils per classroom than this many times the class cap is a contradiction.
const MAX_ROOM_LOAD: u32 = 2;

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Pupils per school by grade, from every table that names a school: the schools' own enrollment
/// columns, the students table, and the history's latest year.
struct Pupils<'a> {
    /// (school id) → counts from the enrollment columns, students and base-year history, each kept
    /// apart so a message can say where the pupils come from.
    by_school: HashMap<&'a str, [GradeCounts; 3]>,
    base_year: Option<i32>,
}

const SOURCES: [&str; 3] = ["enrollment columns", "students table", "history"];

impl<'a> Pupils<'a> {
    fn of(p: &'a Project) -> Self {
        let mut by_school: HashMap<&str, [GradeCounts; 3]> = HashMap::default();
        for s in &p.schools {
            if let Some(e) = &s.enrollment {
                by_school.entry(&s.id).or_default()[0] = *e;
            }
        }
        for st in &p.students {
            if let Some(id) = st.school_id.as_deref() {
                by_school.entry(id).or_default()[1].add(st.grade, 1);
            }
        }
        let base_year = p.history.iter().map(|h| h.year).max();
        for h in p.history.iter().filter(|h| Some(h.year) == base_year) {
            by_school.entry(&h.school_id).or_default()[2].add(h.grade, h.enrolled);
        }
        Pupils {
            by_school,
            base_year,
        }
    }

    /// The largest count of any source for a school and where it comes from.
    fn at(&self, school: &str, grades: &[Grade]) -> (u32, &'static str) {
        let Some(c) = self.by_school.get(school) else {
            return (0, "");
        };
        let n = |k: usize| grades.iter().map(|g| c[k].get(*g)).sum::<u32>();
        (0..3)
            .map(|k| (n(k), SOURCES[k]))
            .max_by_key(|(n, _)| *n)
            .unwrap_or((0, ""))
    }
}

/// Run every cross-record check.
pub fn check(p: &Project, report: &mut LoadReport) {
    let pupils = Pupils::of(p);
    stages_without_school(p, report);
    for s in &p.schools {
        report.diagnostics.extend(no_classrooms(s, &pupils));
        report
            .diagnostics
            .extend(kindergarten_with_school_grades(s, &pupils));
        report
            .diagnostics
            .extend(crowded(s, &pupils, &p.settings.standards));
    }
    duplicate_schools(&p.schools, report);
}

/// Whether any school can take pupils of `stage`. Kindergarten pupils may be in classes attached to
/// a primary, nine-year or twelve-year school.
fn served(schools: &[School], stage: Stage) -> bool {
    schools.iter().any(|s| match stage {
        Stage::Kindergarten => s.level != Level::Junior,
        _ => s.level.grades().iter().any(|g| g.stage() == stage),
    })
}

/// Pupils of a stage (in the students, history or units table) and no school of that stage.
fn stages_without_school(p: &Project, report: &mut LoadReport) {
    let Some(file) = p.schools.first().map(|s| s.source.file.clone()) else {
        return;
    };
    let base_year = p.history.iter().map(|h| h.year).max();
    for stage in [Stage::Kindergarten, Stage::Primary, Stage::Junior] {
        if served(&p.schools, stage) {
            continue;
        }
        let in_stage = |g: Grade| g.stage() == stage;
        let students = p.students.iter().filter(|s| in_stage(s.grade)).count() as u64;
        let history: u64 = p
            .history
            .iter()
            .filter(|h| Some(h.year) == base_year && in_stage(h.grade))
            .map(|h| h.enrolled as u64)
            .sum();
        let units: u64 = p
            .units
            .iter()
            .filter_map(|u| u.counts.as_ref())
            .map(|c| c.stage_total(stage) as u64)
            .sum();
        let Some((n, from)) = [
            (students, "students table"),
            (history, "history"),
            (units, "units table"),
        ]
        .into_iter()
        .find(|(n, _)| *n > 0) else {
            continue;
        };
        let stage_name = stage.as_str();
        report.diagnostics.push(
            Diagnostic::error(
                &SourceRef::new(&file, 0),
                format!(
                    "{} {stage_name} pupils ({from}) and no {stage_name} school: they would be left out of every output",
                    thousands(n)
                ),
                format!("add the {stage_name} schools to the schools table (or remove those pupils)"),
            )
            .field("level", stage_name),
        );
    }
}

/// A school with pupils and 0 classrooms.
fn no_classrooms(s: &School, pupils: &Pupils) -> Option<Diagnostic> {
    if s.classrooms > 0 {
        return None;
    }
    let (n, from) = pupils.at(&s.id, &Grade::ALL);
    (n > 0).then(|| {
        Diagnostic::error(
            &s.source,
            format!(
                "school '{}' has {} pupils ({from}{}) and 0 classrooms",
                s.id,
                thousands(n as u64),
                history_year(from, pupils.base_year)
            ),
            "give the number of general classrooms (普通教室数) the school has",
        )
        .field("classrooms", "0")
    })
}

fn history_year(from: &str, year: Option<i32>) -> String {
    match (from, year) {
        ("history", Some(y)) => format!(" {y}"),
        _ => String::new(),
    }
}

/// A kindergarten with pupils in grades 1–9.
fn kindergarten_with_school_grades(s: &School, pupils: &Pupils) -> Option<Diagnostic> {
    if s.level != Level::Kindergarten {
        return None;
    }
    let (n, from) = pupils.at(&s.id, &Grade::ALL[3..]);
    (n > 0).then(|| {
        Diagnostic::error(
            &s.source,
            format!(
                "kindergarten '{}' has {} pupils in grades 1-9 ({from})",
                s.id,
                thousands(n as u64)
            ),
            "correct the school's level (小学, 九年一贯制, ...) or the pupils' grades",
        )
        .field("level", s.level.as_str())
    })
}

/// More pupils than `MAX_ROOM_LOAD` × the class cap per classroom.
fn crowded(
    s: &School,
    pupils: &Pupils,
    standards: &crate::standards::Standards,
) -> Option<Diagnostic> {
    if s.classrooms == 0 {
        return None;
    }
    let grades = s.level.grades();
    let (n, from) = pupils.at(&s.id, grades);
    let cap = grades.iter().map(|g| standards.class_cap(*g)).max()?;
    let limit = MAX_ROOM_LOAD * cap * s.classrooms;
    (n > limit).then(|| {
        Diagnostic::warning(
            &s.source,
            format!(
                "school '{}' has {} pupils ({from}) in {} classrooms: {:.0} per room, more than {MAX_ROOM_LOAD} × the class cap of {cap}",
                s.id,
                thousands(n as u64),
                s.classrooms,
                n as f64 / s.classrooms as f64
            ),
            "check the classrooms and the enrollment; a count of classes is not a count of rooms",
        )
        .field("classrooms", s.classrooms.to_string())
    })
}

/// Two schools with the same name at the same coordinates (the same school entered twice).
fn duplicate_schools(schools: &[School], report: &mut LoadReport) {
    let mut seen: HashMap<(String, u64, u64), &School> = HashMap::default();
    for s in schools {
        let key = (
            s.name.trim().to_string(),
            s.lonlat[0].to_bits(),
            s.lonlat[1].to_bits(),
        );
        if let Some(first) = seen.get(&key) {
            report.diagnostics.push(
                Diagnostic::warning(
                    &s.source,
                    format!(
                        "school '{}' has the name and coordinates of school '{}' (line {}): the same school twice?",
                        s.id, first.id, first.source.line
                    ),
                    "delete the repeated row, or correct the name or position",
                )
                .field("name", s.name.clone()),
            );
        } else {
            seen.insert(key, s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(6281), "6,281");
        assert_eq!(thousands(15194), "15,194");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
