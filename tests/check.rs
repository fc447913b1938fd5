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

/// Every bad case of the corpus (fixtures/bad, listed in fixtures/bad/README.md): exit 1, no
/// panic, and the exact file, line, field and value reported. Problems in the data are listed on
/// stdout by `check`; a `catchment.toml` that cannot be read stops loading, on stderr.
#[test]
fn bad_inputs_exit_1_naming_file_line_and_field() {
    let data: &[(&str, &str)] = &[
        ("empty_file", "schools.csv: the file is empty"),
        ("missing_column", "schools.csv:1: field 'lat': missing required column 'lat'"),
        ("non_numeric_coordinate", "students.csv:3: field 'lon' value 'abc': is not a number"),
        ("nan_coordinate", "schools.csv:2: field 'lat' value 'NaN': is not a finite number"),
        (
            "swapped_lat_lon",
            "students.csv:4: field 'lat' value '118.071': lon and lat look swapped: lon 43.621 is a latitude in China and lat 118.071 a longitude",
        ),
        ("duplicate_ids", "students.csv:8: field 'id' value 'P002': duplicate id (first at line 3)"),
        ("unknown_level", "schools.csv:3: field 'level' value '高中': unknown level"),
        ("unknown_grade", "students.csv:2: field 'grade' value '十年级': unknown grade"),
        (
            "self_intersecting_boundary",
            "boundary.geojson:1: field 'geometry' value 'MultiPolygon': invalid polygon: polygon at index 0 is invalid: exterior ring has a self-intersection",
        ),
        ("negative_count", "schools.csv:5: field 'classrooms' value '-3': is a negative count"),
        ("unknown_school", "students.csv:5: field 'school_id' value 'S9': unknown school id"),
        (
            "extra_field_unquoted_comma",
            "schools.csv:3: field 'field 7' value '24': the row has 7 fields but the header has 6; a comma inside an unquoted value",
        ),
        (
            "missing_field",
            "schools.csv:3: field 'classrooms' value '': the row has 5 fields but the header has 6",
        ),
        (
            "unterminated_quote",
            "schools.csv:4: a quoted field opens on line 4 and is never closed: \"新城子镇九年一贯制学校,nine_year,117.95,43.56,18 S4",
        ),
        (
            "mixed_encoding",
            "schools.csv:4: line 4 is not UTF-8 text, but line 2 is: the file mixes encodings",
        ),
        (
            "decimal_comma",
            "resources.csv:3: field 'sports_area_m2' value '126,5': has a comma that is not a thousands separator (a decimal comma?); write it as 126.5",
        ),
        (
            "unknown_unit_in_header",
            "resources.csv:1: field '教学仪器设备值（美元）' value '美元': unit '美元' is not a unit of money",
        ),
        (
            "negative_resource",
            "resources.csv:3: field 'teaching_aux_area_m2' value '-4300': is negative",
        ),
        (
            "resources_unknown_school",
            "resources.csv:5: field 'school_id' value 'S7': unknown school id",
        ),
        ("empty_classrooms", "schools.csv:3: field 'classrooms' value '': is empty"),
        (
            "projected_metres_as_lonlat",
            "schools.csv:2: field 'lat' value '4830123.4': is outside -90..90 degrees",
        ),
        ("bad_boolean", "schools.csv:3: field 'boarding' value 'maybe': is not yes/no"),
        (
            "duplicate_school_ids",
            "schools.csv:6: field 'id' value 'S1': duplicate id (first at line 2)",
        ),
        (
            "pupils_no_classrooms",
            "schools.csv:2: field 'classrooms' value '0': school 'S1' has 2 pupils (students table) and 0 classrooms",
        ),
        (
            "junior_pupils_no_junior_school",
            "schools.csv: field 'level' value 'junior': 2 junior pupils (students table) and no junior school",
        ),
        (
            "kindergarten_with_grade_3",
            "schools.csv:5: field 'level' value 'kindergarten': kindergarten 'S4' has 1 pupils in grades 1-9 (students table)",
        ),
        (
            "history_year_after_current",
            "history.csv:38: field 'year' value '2031': history year 2031 (1 rows) is after the current school year",
        ),
        (
            "history_year_far_from_rest",
            "history.csv:38: field 'year' value '2008': history year 2008 (1 rows) is 11 years from the nearest other year of the history (2008-2024)",
        ),
        (
            "history_excel_date_serial",
            "history.csv:38: field 'year' value '45292': is not a year: it looks like an Excel date serial (45292 is 2024-01-01 in Excel's 1900 date system)",
        ),
        (
            "birth_date_excel_serial",
            "students.csv:3: field 'birth_date' value '42440': is an Excel date serial, not a date (42440 is 2016-03-11 in Excel's 1900 date system)",
        ),
        (
            "birth_date_not_a_date",
            "students.csv:5: field 'birth_date' value '2010-02-30': is not a date",
        ),
        (
            "units_overlap",
            "units.geojson:1: field 'geometry' value 'U1': units 'U1' and 'U3' (line 3) overlap by 44861031 m² (50.0 % of the smaller): pupils living there would belong to both units",
        ),
        ("history_empty_enrolled", "history.csv:38: field 'enrolled' value '': is empty"),
        (
            "history_unknown_school",
            "history.csv:38: field 'school_id' value 'S8': unknown school id",
        ),
        ("history_unknown_grade", "history.csv:38: field 'grade' value '十年级': unknown grade"),
        (
            "history_grade_not_taught",
            "history.csv:38: field 'grade' value 'g8': school 'S1' is primary and does not teach this grade",
        ),
        (
            "history_duplicate_row",
            "history.csv:38: school 'S1' year 2020 grade g1 appears twice",
        ),
        ("births_year_not_a_year", "births.csv:3: field 'year' value '二〇二〇': is not a year"),
        ("housing_empty_homes", "housing.csv:2: field 'homes' value '': is empty"),
        ("housing_negative_homes", "housing.csv:2: field 'homes' value '-120': is a negative count"),
        (
            "toml_option_out_of_range",
            "catchment.toml: option 'forecast.window' value '0': use 1-20 years",
        ),
        (
            "toml_missing_renamed_file",
            "catchment.toml: field 'files.students' value '学生名单.xlsx': names the students file",
        ),
        ("no_schools_table", "schools.csv: no schools table"),
        ("boundary_not_geojson", "boundary.geojson: not valid GeoJSON"),
    ];
    let settings: &[(&str, &str)] = &[
        (
            "toml_typo_key",
            "catchment.toml: unknown key 'forcast.window'; did you mean 'forecast.window'?",
        ),
        (
            "toml_class_cap_zero",
            "catchment.toml: field 'standards.class_cap_primary' value '0': out of range; use a class cap of 1-100 pupils",
        ),
        (
            "toml_negative_radius",
            "catchment.toml: field 'standards.service_radius_m.primary' value '-500': out of range",
        ),
        (
            "toml_unknown_crs",
            "catchment.toml: field 'crs.input' value 'beijing54': unknown CRS",
        ),
    ];
    let mut listed: Vec<String> = std::fs::read_dir(fixture("bad"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    listed.sort();
    let mut asserted: Vec<String> = data
        .iter()
        .chain(settings)
        .map(|(c, _)| c.to_string())
        .collect();
    asserted.sort();
    assert_eq!(listed, asserted, "every bad case has an assertion");
    assert!(listed.len() >= 40, "{} cases", listed.len());
    let readme = std::fs::read_to_string(fixture("bad/README.md")).unwrap();
    for (case, expected) in data.iter().chain(settings) {
        assert!(
            readme.contains(&format!("`{case}`")),
            "{case} is not in fixtures/bad/README.md"
        );
        let (code, stdout, stderr) = check(&format!("bad/{case}"), &[]);
        assert_eq!(code, 1, "{case}: exit code\n{stdout}\n{stderr}");
        assert!(!stderr.contains("panicked"), "{case}: {stderr}");
        let in_data = data.iter().any(|(c, _)| c == case);
        let text = if in_data { &stdout } else { &stderr };
        let line = text
            .lines()
            .find(|l| l.contains(expected))
            .unwrap_or_else(|| {
                panic!("{case}: no line containing {expected:?}\n{stdout}\n{stderr}")
            });
        assert!(line.starts_with("error: "), "{case}: {line}");
        assert!(
            line.contains(&fixture(&format!("bad/{case}"))),
            "{case}: {line}"
        );
        if in_data {
            assert!(stdout.contains("result: NOT usable"), "{case}");
        }
    }
}

/// Valid variants of real exports (other encodings, delimiters, Excel's trailing fields, full-width
/// digits, units, official Chinese names): usable, with the counts loaded.
#[test]
fn valid_variants_load_with_their_counts() {
    let cases: &[(&str, &str, &str, usize)] = &[
        (
            "utf16_tab",
            "schools.csv (UTF-16LE, tab-separated)",
            "schools",
            4,
        ),
        (
            "semicolon",
            "schools.csv (UTF-8, semicolon-separated)",
            "schools",
            4,
        ),
        ("tab", "schools.csv (UTF-8, tab-separated)", "schools", 4),
        ("excel_trailing_fields", "schools.csv (UTF-8)", "schools", 4),
        ("fullwidth_and_units", "schools.csv (UTF-8)", "schools", 4),
        (
            "header_spaces_and_brackets",
            "schools.csv (UTF-8)",
            "schools",
            4,
        ),
        (
            "resources_official_names",
            "resources.csv (UTF-8)",
            "resources",
            3,
        ),
        ("history", "history.csv (UTF-8)", "history_rows", 36),
        ("birth_dates", "students.csv (UTF-8)", "students", 6),
        ("xlsx_dates", "students.xlsx (xlsx)", "students", 6),
        ("units_tiling", "units.geojson (GeoJSON)", "units", 2),
    ];
    for (case, file, table, n) in cases {
        let (code, stdout, stderr) = check(&format!("good/{case}"), &[]);
        assert_eq!(code, 0, "{case}\n{stdout}\n{stderr}");
        assert!(
            stdout.contains("problems: 0 errors, 0 warnings"),
            "{case}\n{stdout}"
        );
        assert!(stdout.contains(file), "{case}: missing {file:?}\n{stdout}");
        let (_, json, _) = check(&format!("good/{case}"), &["--json"]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["counts"][table], *n as u64, "{case}");
    }
    // Full-width digits and a unit in the cell: S1 at 118.05, 43.61 with 30 classrooms.
    let p = load_project(&ProjectSource::Dir(
        fixture("good/fullwidth_and_units").into(),
    ))
    .unwrap();
    let s1 = p.schools.iter().find(|s| s.id == "S1").unwrap();
    assert_eq!((s1.lonlat, s1.classrooms), ([118.05, 43.61], 30));
}

/// Birth dates as registers write them are kept as ISO dates; typed date cells of an .xlsx are
/// read as their dates, not their serial numbers.
#[test]
fn birth_dates_are_read_as_iso_dates_from_csv_and_xlsx() {
    let dates = |case: &str| -> Vec<Option<String>> {
        load_project(&ProjectSource::Dir(fixture(case).into()))
            .unwrap()
            .students
            .into_iter()
            .map(|s| s.birth_date.as_deref().map(str::to_string))
            .collect()
    };
    let iso = |v: &[&str]| v.iter().map(|d| Some(d.to_string())).collect::<Vec<_>>();
    assert_eq!(
        dates("good/birth_dates"),
        iso(&[
            "2017-05-02",
            "2016-03-11",
            "2011-09-30",
            "2010-01-15",
            "2019-04-20",
            "2015-06"
        ])
    );
    assert_eq!(
        dates("good/xlsx_dates"),
        iso(&[
            "2017-05-02",
            "2016-03-11",
            "2011-09-30",
            "2010-01-15",
            "2019-04-20",
            "2015-06-01"
        ])
    );
}

/// The resources table under the official statistical names: the header's 万元 is applied, a quoted
/// thousands separator read, and every indicator input loaded.
#[test]
fn official_resource_names_and_header_units_are_applied() {
    let p = load_project(&ProjectSource::Dir(
        fixture("good/resources_official_names").into(),
    ))
    .unwrap();
    let r = &p.resources[0];
    assert_eq!(r.school_id, "S1");
    assert_eq!(r.equipment_yuan, Some(2_400_000.0), "240 万元");
    assert_eq!(r.building_m2, Some(5400.0), "\"5,400\" 平方米");
    assert_eq!(r.qualified_teachers, Some(40.0));
    assert_eq!(r.multimedia_rooms, Some(20.0));
    assert!(r.absent_columns.is_empty());
}

/// Warning-only inputs: usable, and each says what it could not use.
#[test]
fn warnings_say_what_could_not_be_used() {
    let cases: &[(&str, &str)] = &[
        (
            "unknown_header_typo",
            "resources.csv:1: field 'qualifed_teachers' value 'qualifed_teachers': column 'qualifed_teachers' is not a known field; did you mean 'qualified_teachers' (高于规定学历教师数)?",
        ),
        (
            "unknown_header_typo",
            "resources.csv:1: field 'qualified_teachers' value '': no column for 'qualified_teachers' (高于规定学历教师数): the indicator 每百名学生拥有高于规定学历教师数 is not computed",
        ),
        (
            "total_building_area_only",
            "has the total building area (校舍建筑面积) but no column for 'teaching_aux_area_m2' (教学及辅助用房面积): the indicator 生均教学及辅助用房面积 needs the teaching and auxiliary rooms area",
        ),
        (
            "duplicate_headers",
            "schools.csv:1: field '普通教室数' value '普通教室数': column '普通教室数' means the same as column 'classrooms'",
        ),
        (
            "history_tenfold_jump",
            "history.csv:38: field 'enrolled' value '1700': school 'S1' has 83 pupils in 2024 and 1,700 in 2025: more than a 10-fold change",
        ),
        (
            "same_school_twice",
            "schools.csv:6: field 'name' value '林西县第一小学': school 'S5' has the name and coordinates of school 'S1' (line 2)",
        ),
        (
            "units_sliver",
            "units.geojson:1: field 'geometry' value 'U1': units 'U1' and 'U2' (line 2) overlap by 179450 m² (0.1 % of the smaller): a sliver along their shared border",
        ),
        (
            "gcj02_points_as_wgs84",
            "boundary.geojson: 20 of 30 points lie outside the boundary as given, but only 0 once the boundary is shifted from WGS84 to GCJ-02 (a shift of 584 m): the points look like GCJ-02 (picked on a Chinese web map) while the boundary is WGS84; set [crs] input = \"gcj02\"",
        ),
        (
            "crowded_school",
            "schools.csv:2: field 'classrooms' value '30': school 'S1' has 3,000 pupils (enrollment columns) in 30 classrooms: 100 per room, more than 2 × the class cap of 45",
        ),
    ];
    for (case, expected) in cases {
        let (code, stdout, stderr) = check(&format!("warn/{case}"), &[]);
        assert_eq!(code, 0, "{case}\n{stdout}\n{stderr}");
        let line = stdout
            .lines()
            .find(|l| l.contains(expected))
            .unwrap_or_else(|| panic!("{case}: no line containing {expected:?}\n{stdout}"));
        assert!(line.starts_with("warning: "), "{case}: {line}");
        assert!(stdout.contains("result: usable"), "{case}");
    }
    // The total building area is kept, but never used as the teaching area.
    let p = load_project(&ProjectSource::Dir(
        fixture("warn/total_building_area_only").into(),
    ))
    .unwrap();
    assert_eq!(p.resources[0].building_m2, None);
    assert_eq!(p.resources[0].total_building_m2, Some(5400.0));
    assert_eq!(p.resources[0].absent_columns, ["teaching_aux_area_m2"]);
}

/// The README's table of accepted headers is the alias table itself.
#[test]
fn readme_lists_every_accepted_header() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&catchment::io::header_table()),
        "README.md: paste the output of catchment::io::header_table() under 'Accepted headers'"
    );
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
