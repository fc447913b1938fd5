//! `catchment check` on good, bad and warning-only inputs (fixtures/good, fixtures/bad,
//! fixtures/warn), and the loaders fed arbitrary bytes.

use crate::cli::catchment;
use catchment::io::{load_project, ProjectSource};
use proptest::prelude::*;
use std::path::Path;

fn fixture(case: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(case)
        .display()
        .to_string()
}

/// Run `check` on a fixture: (exit code, stdout, stderr).
fn check(case: &str, extra: &[&str]) -> (i32, String, String) {
    let out = catchment()
        .arg("check")
        .arg(fixture(case))
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every bad case: exit 1 and the exact file, line, field and value reported.
#[test]
fn bad_inputs_exit_1_naming_file_line_and_field() {
    let cases: &[(&str, &str)] = &[
        ("empty_file", "schools.csv: the file is empty"),
        (
            "missing_column",
            "schools.csv:1: field 'lat': missing required column 'lat'",
        ),
        (
            "non_numeric_coordinate",
            "students.csv:3: field 'lon' value 'abc': is not a number",
        ),
        (
            "nan_coordinate",
            "schools.csv:2: field 'lat' value 'NaN': is not a finite number",
        ),
        (
            "swapped_lat_lon",
            "students.csv:4: field 'lat' value '118.071': lon and lat look swapped: lon 43.621 is a latitude in China and lat 118.071 a longitude",
        ),
        (
            "duplicate_ids",
            "students.csv:8: field 'id' value 'P002': duplicate id (first at line 3)",
        ),
        (
            "unknown_level",
            "schools.csv:3: field 'level' value '高中': unknown level",
        ),
        (
            "unknown_grade",
            "students.csv:2: field 'grade' value '十年级': unknown grade",
        ),
        (
            "self_intersecting_boundary",
            "boundary.geojson:1: field 'geometry' value 'MultiPolygon': invalid polygon: polygon at index 0 is invalid: exterior ring has a self-intersection",
        ),
        (
            "negative_count",
            "schools.csv:5: field 'classrooms' value '-3': is a negative count",
        ),
        (
            "unknown_school",
            "students.csv:5: field 'school_id' value 'S9': unknown school id",
        ),
    ];
    let listed: Vec<String> = std::fs::read_dir(fixture("bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(listed.len(), cases.len(), "every bad case has an assertion");
    for (case, expected) in cases {
        let (code, stdout, stderr) = check(&format!("bad/{case}"), &[]);
        assert_eq!(code, 1, "{case}: exit code\n{stdout}\n{stderr}");
        let line = stdout
            .lines()
            .find(|l| l.contains(expected))
            .unwrap_or_else(|| panic!("{case}: no line containing {expected:?}\n{stdout}"));
        assert!(line.starts_with("error: "), "{case}: {line}");
        assert!(
            line.contains(&fixture(&format!("bad/{case}"))),
            "{case}: {line}"
        );
        assert!(stdout.contains("result: NOT usable"), "{case}");
        assert!(!stderr.contains("panicked"), "{case}: {stderr}");
    }
}

/// Cascades are not reported: a school rejected for its own error is not also "unknown".
#[test]
fn rejected_school_is_not_reported_again_as_unknown() {
    let (_, stdout, _) = check("bad/nan_coordinate", &[]);
    assert!(!stdout.contains("unknown school id"), "{stdout}");
}

#[test]
fn good_inputs_load_with_their_encodings() {
    let cases: &[(&str, &[&str])] = &[
        (
            "basic",
            &["students.csv (UTF-8)", "schools: 4 ", "students: 6 "],
        ),
        (
            "gbk",
            &["schools.csv (GBK)", "students.csv (GBK)", "students: 4 "],
        ),
        ("bom", &["schools.csv (UTF-8 (BOM))", "schools: 4 "]),
        ("xlsx_title", &["schools.xlsx (xlsx)", "schools: 4 "]),
        (
            "chinese",
            &[
                "schools: 4 (kindergarten 1, primary 1, junior 1, nine_year 1, twelve_year 0)",
                "k3 1",
                "g1 1",
                "g7 1",
                "g9 1",
            ],
        ),
        ("gcj02_input", &["input GCJ-02", "planar EPSG:4548"]),
    ];
    for (case, expected) in cases {
        let (code, stdout, stderr) = check(&format!("good/{case}"), &[]);
        assert_eq!(code, 0, "{case}\n{stdout}\n{stderr}");
        assert!(
            stdout.contains("problems: 0 errors, 0 warnings"),
            "{case}\n{stdout}"
        );
        for e in *expected {
            assert!(stdout.contains(e), "{case}: missing {e:?}\n{stdout}");
        }
    }
}

/// GCJ-02 input is converted to WGS84: the fixture's points and boundary were made from a WGS84
/// box 117.9–118.2 E, 43.5–43.7 N, so the WGS84 bounding box comes back to it (within 1 m).
#[test]
fn gcj02_input_is_converted_back_to_wgs84() {
    let (code, stdout, _) = check("good/gcj02_input", &["--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let b: Vec<f64> = v["bbox"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    for (got, want) in b.iter().zip([117.9, 43.5, 118.2, 43.7]) {
        assert!((got - want).abs() < 1e-5, "{b:?}");
    }
}

#[test]
fn json_summary_is_machine_readable() {
    let (code, stdout, _) = check("bad/duplicate_ids", &["--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["usable"], false);
    assert_eq!(v["duplicate_ids"], 1);
    assert_eq!(v["counts"]["students"], 6);
    assert_eq!(v["rejects"], 1);
    assert_eq!(v["students_by_grade"]["g1"], 1);
    assert!(v["problems"][0]
        .as_str()
        .unwrap()
        .contains("students.csv:8"));
}

#[test]
fn gcj02_boundary_with_wgs84_points_is_warned_with_the_numbers() {
    let (code, stdout, _) = check("warn/gcj02_boundary", &[]);
    assert_eq!(code, 0, "{stdout}");
    let w = stdout
        .lines()
        .find(|l| l.contains("looks like GCJ-02"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(w.starts_with("warning: "), "{w}");
    assert!(w.contains("boundary.geojson: 20 of 30 points lie outside the boundary as given, but only 0 once the boundary is converted from GCJ-02 to WGS84"), "{w}");
    let shift: f64 = w
        .split("a shift of ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((500.0..=700.0).contains(&shift), "{w}");
    assert!(
        stdout.contains("students outside the boundary: 20"),
        "{stdout}"
    );
}

#[test]
fn far_outside_point_is_warned_with_its_distance() {
    let (code, stdout, _) = check("warn/far_outside", &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains(
            "students.csv:8: the student's home lies 32.30 km outside the county boundary"
        ),
        "{stdout}"
    );
}

#[test]
fn missing_folder_is_an_error_with_a_hint() {
    let out = catchment()
        .args(["check", "/no/such/folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error: ") && err.contains("/no/such/folder: no such project folder"),
        "{err}"
    );
    assert!(err.contains("hint: "), "{err}");
}

/// Every input row ends as a record or a reject.
#[test]
fn nothing_is_dropped() {
    for case in [
        "bad/duplicate_ids",
        "bad/swapped_lat_lon",
        "bad/unknown_grade",
        "good/basic",
    ] {
        let p = load_project(&ProjectSource::Dir(fixture(case).into())).unwrap();
        let csv = std::fs::read_to_string(Path::new(&fixture(case)).join("students.csv")).unwrap();
        let rows = csv.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
        let rejected = p
            .report
            .rejects
            .iter()
            .filter(|r| r.table == "students")
            .count();
        assert_eq!(p.students.len() + rejected, rows, "{case}");
    }
}

fn embedded(files: Vec<(&str, Vec<u8>)>) -> ProjectSource {
    ProjectSource::Embedded {
        name: "fuzz".into(),
        files: files.into_iter().map(|(n, b)| (n.to_string(), b)).collect(),
    }
}

/// CSV-ish text: cells drawn from values that trip parsers (quotes, NaN, Chinese, huge numbers).
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let cell = prop_oneof![
        Just("id".to_string()),
        Just("lon".to_string()),
        Just("lat".to_string()),
        Just("经度".to_string()),
        Just("grade".to_string()),
        Just("level".to_string()),
        Just("NaN".to_string()),
        Just("1e308".to_string()),
        Just("-0".to_string()),
        Just("\"a,\"\"b".to_string()),
        Just("小学".to_string()),
        "[0-9.,-]{0,8}",
        ".{0,6}",
    ];
    proptest::collection::vec(proptest::collection::vec(cell, 0..8), 0..12).prop_map(|rows| {
        rows.iter()
            .map(|r| r.join(","))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes()
    })
}

fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let n = base.len();
    proptest::collection::vec((0..n.max(1), any::<u8>()), 0..16).prop_map(move |edits| {
        let mut b = base.clone();
        for (i, v) in edits {
            if i < b.len() {
                b[i] = v;
            }
        }
        b
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for name in ["schools.csv", "students.csv", "schools.xlsx", "boundary.geojson", "units.geojson", "sites.geojson", "catchment.toml"] {
            let _ = load_project(&embedded(vec![(name, bytes.clone())]));
        }
    }

    #[test]
    fn csv_like_text_never_panics(a in csvish(), b in csvish()) {
        let _ = load_project(&embedded(vec![("schools.csv", a.clone()), ("students.csv", b.clone()), ("history.csv", a), ("gazetteer.csv", b)]));
    }

    #[test]
    fn mutated_xlsx_never_panics(bytes in mutated(std::fs::read(fixture("good/xlsx_title/schools.xlsx")).unwrap())) {
        let _ = load_project(&embedded(vec![("schools.xlsx", bytes)]));
    }

    #[test]
    fn mutated_geojson_never_panics(bytes in mutated(std::fs::read(fixture("good/basic/boundary.geojson")).unwrap())) {
        let _ = load_project(&embedded(vec![("schools.csv", std::fs::read(fixture("good/basic/schools.csv")).unwrap()), ("boundary.geojson", bytes.clone()), ("units.geojson", bytes)]));
    }
}

/// Without DIR, `check` loads the built-in Linxi sample, says so on stderr, and finds it usable.
#[test]
fn check_without_dir_uses_the_builtin_sample() {
    let out = catchment().args(["check", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("using the built-in Linxi sample"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["usable"], true);
    let schools = v["counts"]["schools"].as_u64().unwrap();
    assert!((20..=30).contains(&schools), "{schools} schools");
    assert!(v["counts"]["students"].as_u64().unwrap() >= 10_000);
    for level in ["kindergarten", "primary", "junior", "nine_year"] {
        assert!(
            v["schools_by_level"][level].as_u64().unwrap() > 0,
            "{level}"
        );
    }
    assert_eq!(v["planar_epsg"], 4548);
    assert_eq!(v["errors"], 0);
    // Every unplaced student is listed with its reason.
    let unmatched = v["unmatched_addresses"].as_array().unwrap();
    assert_eq!(
        unmatched.len() as u64,
        v["students_unplaced"].as_u64().unwrap()
    );
    assert!(unmatched
        .iter()
        .all(|u| !u["reason"].as_str().unwrap().is_empty()));
}
