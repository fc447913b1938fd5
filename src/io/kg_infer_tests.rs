use super::*;
use crate::model::Placement;

fn school(id: &str, level: Level, enrollment: Option<GradeCounts>) -> School {
    School {
        classrooms: 30,
        enrollment,
        ..School::new(id, level, SourceRef::new("schools.csv", 2))
    }
}

fn history(id: &str, year: i32, grade: Grade, n: u32) -> HistoryRow {
    HistoryRow {
        school_id: id.into(),
        year,
        grade,
        enrolled: n,
        source: SourceRef::new("history.csv", 2),
    }
}

fn student(id: &str, school: &str, grade: Grade) -> Student {
    Student {
        id: id.into(),
        grade,
        lonlat: None,
        xy_m: None,
        address: None,
        school_id: Some(school.into()),
        unit_id: None,
        birth_date: None,
        migrant: false,
        placement: Placement::Coordinates,
        source: SourceRef::new("students.csv", 2),
    }
}

#[test]
fn infers_rooms_at_the_kindergarten_class_sizes_and_warns_once() {
    let std = Standards::default();
    let mut e = GradeCounts::default();
    e.set(Grade::K1, 26); // 2 classes of at most 25
    e.set(Grade::K2, 30); // 1 of 30
    e.set(Grade::K3, 36); // 2 of 35
    e.set(Grade::G1, 90);
    let mut schools = vec![
        school("p", Level::Primary, Some(e)),
        school("k", Level::Kindergarten, Some(e)),
    ];
    let mut report = LoadReport::default();
    let got = infer(&mut schools, &HashSet::new(), &[], &[], &std, &mut report);
    assert_eq!(schools[0].kg_classes, 5);
    assert_eq!(
        schools[1].kg_classes, 0,
        "a kindergarten has no attached classes"
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].from, KgSource::Enrollment);
    assert_eq!(report.diagnostics.len(), 1);
    let w = report.diagnostics[0].to_string();
    assert!(w.contains("school 'p'") && w.contains("5 attached"), "{w}");
    assert!(w.contains("schools.csv:2"), "{w}");
}

#[test]
fn a_given_kg_classes_is_never_changed() {
    let std = Standards::default();
    let mut schools = vec![school("p", Level::NineYear, None)];
    let hist = [history("p", 2024, Grade::K3, 200)];
    let given: HashSet<String> = ["p".to_string()].into();
    let mut report = LoadReport::default();
    assert!(infer(&mut schools, &given, &[], &hist, &std, &mut report).is_empty());
    assert_eq!(schools[0].kg_classes, 0);
    assert!(report.diagnostics.is_empty());
}

#[test]
fn students_then_the_last_history_year_are_used() {
    let std = Standards::default();
    let mut schools = vec![
        school("a", Level::Primary, None),
        school("b", Level::TwelveYear, None),
        school("c", Level::Primary, None),
    ];
    let studs: Vec<Student> = (0..31)
        .map(|i| student(&format!("s{i}"), "a", Grade::K2))
        .collect();
    let hist = [
        history("b", 2020, Grade::K3, 500),
        history("b", 2024, Grade::K3, 70),
        history("b", 2024, Grade::G1, 80),
        history("b", 2025, Grade::G1, 80),
        history("c", 2024, Grade::G1, 80),
    ];
    let mut report = LoadReport::default();
    let got = infer(
        &mut schools,
        &HashSet::new(),
        &studs,
        &hist,
        &std,
        &mut report,
    );
    assert_eq!(schools[0].kg_classes, 2, "31 K2 pupils at 30 a class");
    assert_eq!(got[0].from, KgSource::Students);
    assert_eq!(
        schools[1].kg_classes, 2,
        "70 K3 pupils in 2024 at 35 a class"
    );
    assert_eq!(got[1].from, KgSource::History(2024));
    assert_eq!(
        schools[2].kg_classes, 0,
        "no kindergarten pupils, nothing inferred"
    );
    assert_eq!(report.diagnostics.len(), 2);
}
