//! The audit of defaults (issue 11): for every table, a column a computation needs is never read as
//! 0 when it is absent or empty. A required column that is absent is an error naming it; an optional
//! one is `None` (not given), or takes the one documented default of its meaning (README, "Missing
//! values"). One test per table.

use super::*;
use crate::model::Severity;

const SCHOOLS: &str = "id,name,level,lon,lat,classrooms\nS1,一小,primary,118.05,43.61,30\n";
const BOUNDARY: &str = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"县"},"geometry":{"type":"Polygon","coordinates":[[[117.9,43.5],[118.2,43.5],[118.2,43.7],[117.9,43.7],[117.9,43.5]]]}}]}"#;

fn load(files: &[(&str, &str)]) -> Project {
    let files = files
        .iter()
        .map(|(n, b)| (n.to_string(), b.as_bytes().to_vec()))
        .collect();
    load_project_on(
        &ProjectSource::Embedded {
            name: "t".into(),
            files,
        },
        2025,
    )
    .unwrap()
}

/// The error messages of the project, one per line.
fn errors(p: &Project) -> String {
    p.report
        .errors()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn warnings(p: &Project) -> String {
    p.report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn schools_without_classrooms_are_rejected_and_optional_columns_take_their_documented_meaning() {
    let p = load(&[(
        "schools.csv",
        "id,name,level,lon,lat\nS1,一小,primary,118.05,43.61\n",
    )]);
    assert!(p.schools.is_empty());
    assert!(
        errors(&p).contains("missing required column 'classrooms'"),
        "{}",
        errors(&p)
    );
    let p = load(&[("schools.csv", SCHOOLS)]);
    let s = &p.schools[0];
    // Documented: no kg_classes column and no kindergarten pupils = no attached classes; no
    // expandable_classrooms = none can be added; no boarding = day school; no enrollment columns =
    // enrollment not given (None, not zeros); no max_students = no bureau cap.
    assert_eq!(
        (s.kg_classes, s.expandable_classrooms, s.boarding),
        (0, 0, false)
    );
    assert_eq!(s.enrollment, None);
    assert_eq!(s.max_students, None);
    assert!(!p.report.has_errors());
}

#[test]
fn students_without_a_grade_are_rejected_and_optional_columns_are_not_given() {
    let p = load(&[
        ("schools.csv", SCHOOLS),
        ("students.csv", "id,lon,lat\nP1,118.051,43.611\n"),
    ]);
    assert!(p.students.is_empty());
    assert!(
        errors(&p).contains("missing required column 'grade'"),
        "{}",
        errors(&p)
    );
    let p = load(&[
        ("schools.csv", SCHOOLS),
        (
            "students.csv",
            "id,grade,lon,lat,school_id,birth_date\nP1,g1,118.051,43.611,,\n",
        ),
    ]);
    let s = &p.students[0];
    assert_eq!((s.school_id.as_deref(), s.unit_id.as_deref()), (None, None));
    assert_eq!(s.birth_date, None);
    assert!(
        !s.migrant,
        "no migrant column: documented as not a migrant child"
    );
}

#[test]
fn units_without_an_id_are_rejected_and_without_counts_have_none() {
    let p = load(&[
        ("schools.csv", SCHOOLS),
        ("units.csv", "name,lon,lat\n村,118.05,43.6\n"),
    ]);
    assert!(p.units.is_empty());
    assert!(
        errors(&p).contains("missing required column 'id'"),
        "{}",
        errors(&p)
    );
    let p = load(&[
        ("schools.csv", SCHOOLS),
        ("units.csv", "id,lon,lat\nU1,118.05,43.6\n"),
    ]);
    assert_eq!(
        p.units[0].counts, None,
        "no grade columns: counts not given, not zeros"
    );
    assert_eq!(
        p.units[0].name, "U1",
        "documented: a unit without a name shows its id"
    );
}

#[test]
fn a_boundary_without_a_polygon_is_an_error_not_an_empty_county() {
    let p = load(&[
        ("schools.csv", SCHOOLS),
        (
            "boundary.geojson",
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[118.0,43.6]}}]}"#,
        ),
    ]);
    assert!(p.boundary.is_none());
    assert!(p.report.has_errors(), "{:?}", p.report.diagnostics);
    let p = load(&[("schools.csv", SCHOOLS), ("boundary.geojson", BOUNDARY)]);
    assert!(p.boundary.is_some() && !p.report.has_errors());
}

#[test]
fn history_without_enrolled_is_rejected_and_an_empty_wide_cell_is_no_row() {
    let p = load(&[
        ("schools.csv", SCHOOLS),
        ("history.csv", "school_id,year,grade\nS1,2024,g1\n"),
    ]);
    assert!(p.history.is_empty());
    assert!(
        errors(&p).contains("missing required column 'enrolled'"),
        "{}",
        errors(&p)
    );
    // Wide form: an empty grade cell is no observation (no row), never a row of 0 pupils.
    let p = load(&[
        ("schools.csv", SCHOOLS),
        (
            "history.csv",
            "school_id,year,g1,g2\nS1,2024,40,\nS1,2023,0,38\n",
        ),
    ]);
    let mut got: Vec<(i32, String, u32)> = p
        .history
        .iter()
        .map(|h| (h.year, h.grade.code().to_string(), h.enrolled))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (2023, "g1".into(), 0),
            (2023, "g2".into(), 38),
            (2024, "g1".into(), 40)
        ]
    );
}

#[test]
fn births_without_a_count_are_errors_and_without_a_unit_are_county_wide() {
    let p = load(&[
        ("schools.csv", SCHOOLS),
        ("births.csv", "year,births\n2019,2300\n2020,\n"),
    ]);
    assert_eq!(p.births.len(), 1);
    assert!(errors(&p).contains("births.csv:3"), "{}", errors(&p));
    assert_eq!(p.births[0].unit_id, None);
    let p = load(&[("schools.csv", SCHOOLS), ("births.csv", "year\n2019\n")]);
    assert!(p.births.is_empty());
    assert!(errors(&p).contains("missing required column 'births'"));
}

#[test]
fn housing_without_homes_or_year_is_rejected() {
    for (csv, missing) in [
        ("id,lon,lat,year\nH1,118.06,43.61,2026\n", "homes"),
        ("id,lon,lat,homes\nH1,118.06,43.61,120\n", "year"),
    ] {
        let p = load(&[("schools.csv", SCHOOLS), ("housing.csv", csv)]);
        assert!(p.housing.is_empty(), "{missing}");
        assert!(
            errors(&p).contains(&format!("missing required column '{missing}'")),
            "{}",
            errors(&p)
        );
    }
}

#[test]
fn sites_without_size_or_cost_have_none() {
    let p = load(&[
        ("schools.csv", SCHOOLS),
        ("sites.csv", "id,lon,lat\nC1,118.06,43.61\n"),
    ]);
    assert_eq!(
        (p.sites[0].max_classes, p.sites[0].fixed_cost),
        (None, None)
    );
    let p = load(&[
        ("schools.csv", SCHOOLS),
        (
            "sites.csv",
            "id,lon,lat,max_classes,fixed_cost\nC1,118.06,43.61,,\nC2,118.07,43.62,0,0\n",
        ),
    ]);
    assert_eq!(
        (p.sites[0].max_classes, p.sites[0].fixed_cost),
        (None, None)
    );
    assert_eq!(
        (p.sites[1].max_classes, p.sites[1].fixed_cost),
        (Some(0), Some(0.0)),
        "only a value written as 0 is 0"
    );
}

#[test]
fn resources_absent_or_empty_are_not_given_and_warned() {
    let p = load(&[
        ("schools.csv", SCHOOLS),
        (
            "resources.csv",
            "school_id,qualified_teachers,sports_area_m2\nS1,,0\n",
        ),
    ]);
    let r = &p.resources[0];
    assert_eq!(r.qualified_teachers, None, "empty cell");
    assert_eq!(r.building_m2, None, "absent column");
    assert_eq!(r.sports_m2, Some(0.0), "written as 0");
    let w = warnings(&p);
    assert!(w.contains("teaching_aux_area_m2"), "{w}");
    assert!(w.contains("qualified_teachers"), "{w}");
}

#[test]
fn gazetteer_without_coordinates_is_rejected_and_without_parent_has_none() {
    let p = load(&[
        ("schools.csv", SCHOOLS),
        ("gazetteer.csv", "name,lon\n林西镇,118.05\n"),
    ]);
    assert!(p.gazetteer.is_empty());
    assert!(
        errors(&p).contains("missing required column 'lat'"),
        "{}",
        errors(&p)
    );
    let p = load(&[
        ("schools.csv", SCHOOLS),
        ("gazetteer.csv", "name,lon,lat\n林西镇,118.05,43.61\n"),
    ]);
    assert_eq!(p.gazetteer[0].parent, None);
}
