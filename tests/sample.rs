//! The built-in Linxi sample: determinism, the committed fixture, and the properties other engines
//! rely on (caps exceeded in the seat, falling births, address-only students, consistent counts).

use catchment::io::ProjectSource;
use catchment::sample::{builtin, generate, SampleFiles, SampleSpec};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

const GRADES: [&str; 12] = [
    "k1", "k2", "k3", "g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8", "g9",
];

fn standard() -> &'static SampleFiles {
    static S: OnceLock<SampleFiles> = OnceLock::new();
    S.get_or_init(|| generate(&SampleSpec::default()))
}

/// Rows of a CSV file as header → value maps.
fn table(files: &SampleFiles, name: &str) -> Vec<BTreeMap<String, String>> {
    let bytes = files.get(name).unwrap_or_else(|| panic!("no {name}"));
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn num(row: &BTreeMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key}={}", row[key]))
}

#[test]
fn committed_fixture_is_exactly_what_the_generator_writes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/linxi");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The manifest `catchment sample` writes, so `sample fixtures/linxi` may replace the folder.
        .filter(|n| n != catchment::io::MANIFEST)
        .collect();
    let generated: BTreeSet<String> = standard().files.iter().map(|f| f.0.clone()).collect();
    assert_eq!(
        on_disk, generated,
        "fixtures/linxi has other files than the generator writes"
    );
    for (name, bytes) in &standard().files {
        let committed = std::fs::read(dir.join(name)).unwrap();
        assert!(
            &committed == bytes,
            "fixtures/linxi/{name} differs from the generator's output; \
             run `cargo run -- sample fixtures/linxi` and commit"
        );
    }
}

#[test]
fn builtin_embeds_the_committed_files() {
    let ProjectSource::Embedded { name, files } = builtin() else {
        panic!("builtin() is not embedded");
    };
    assert_eq!(name, "linxi (built-in sample)");
    assert_eq!(files, standard().files);
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let spec = SampleSpec {
        students: Some(3_000),
        schools: Some(12),
        seed: 7,
        tight_rooms: false,
    };
    let a = generate(&spec);
    assert_eq!(a, generate(&spec));
    let b = generate(&SampleSpec { seed: 8, ..spec });
    assert_ne!(a.get("students.csv"), b.get("students.csv"));
}

#[test]
fn cli_writes_the_standard_sample() {
    let dir = tempfile::tempdir().unwrap();
    crate::cli::succeeds(
        std::process::Command::new(env!("CARGO_BIN_EXE_catchment"))
            .arg("sample")
            .arg(dir.path()),
    );
    for (name, bytes) in &standard().files {
        assert_eq!(
            &std::fs::read(dir.path().join(name)).unwrap(),
            bytes,
            "{name}"
        );
    }
}

#[test]
fn cli_scales_up() {
    let dir = tempfile::tempdir().unwrap();
    crate::cli::succeeds(
        std::process::Command::new(env!("CARGO_BIN_EXE_catchment"))
            .args([
                "sample",
                "--students",
                "5000",
                "--schools",
                "40",
                "--seed",
                "3",
            ])
            .arg(dir.path()),
    );
    let files = SampleFiles {
        files: std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect(),
    };
    assert_eq!(table(&files, "students.csv").len(), 5_000);
    assert_eq!(table(&files, "schools.csv").len(), 40);
    check_enrollment_matches_students(&files);
}

fn check_enrollment_matches_students(files: &SampleFiles) {
    let mut counted: BTreeMap<(String, String), u32> = BTreeMap::new();
    for s in table(files, "students.csv") {
        *counted
            .entry((s["school_id"].clone(), s["grade"].clone()))
            .or_default() += 1;
    }
    let history = table(files, "history.csv");
    let last_year = history.iter().map(|h| num(h, "year") as i32).max().unwrap();
    for school in table(files, "schools.csv") {
        for g in GRADES {
            let n = counted
                .get(&(school["id"].clone(), g.to_string()))
                .copied()
                .unwrap_or(0);
            assert_eq!(num(&school, g) as u32, n, "{} {g}", school["id"]);
            let h = history
                .iter()
                .find(|h| {
                    h["school_id"] == school["id"]
                        && h["grade"] == g
                        && num(h, "year") as i32 == last_year
                })
                .map(|h| num(h, "enrolled") as u32)
                .unwrap_or(0);
            assert_eq!(h, n, "history {last_year} {} {g}", school["id"]);
        }
    }
}

#[test]
fn enrollment_columns_and_last_history_year_match_students() {
    check_enrollment_matches_students(standard());
}

#[test]
fn about_twenty_thousand_students_in_every_grade_and_level() {
    let students = table(standard(), "students.csv");
    assert_eq!(students.len(), 20_000);
    for g in GRADES {
        assert!(
            students.iter().filter(|s| s["grade"] == g).count() > 500,
            "{g}"
        );
    }
    let schools = table(standard(), "schools.csv");
    assert!((20..=30).contains(&schools.len()));
    for level in [
        "kindergarten",
        "primary",
        "junior",
        "nine_year",
        "twelve_year",
    ] {
        assert!(schools.iter().any(|s| s["level"] == level), "no {level}");
    }
    assert_eq!(
        schools
            .iter()
            .filter(|s| s["level"] == "twelve_year")
            .count(),
        1
    );
    let attached = schools
        .iter()
        .filter(|s| s["level"] == "primary" && num(s, "kg_classes") > 0.0)
        .count();
    assert!(
        attached >= 3,
        "{attached} primary schools with kindergarten classes"
    );
    assert!(schools
        .iter()
        .any(|s| num(s, "expandable_classrooms") > 0.0));
}

#[test]
fn county_seat_primary_schools_are_over_the_caps() {
    let std = catchment::standards::Standards::default();
    let schools = table(standard(), "schools.csv");
    let primary_total =
        |s: &BTreeMap<String, String>| -> f64 { GRADES[3..9].iter().map(|g| num(s, g)).sum() };
    let over_rooms = schools
        .iter()
        .filter(|s| s["level"] == "primary")
        .filter(|s| primary_total(s) > num(s, "classrooms") * std.class_cap_primary as f64)
        .count();
    assert!(
        over_rooms >= 2,
        "{over_rooms} primary schools beyond classrooms × cap"
    );
    assert!(schools
        .iter()
        .any(|s| s["level"] == "primary" && primary_total(s) > std.school_size_max as f64));
    let small = schools
        .iter()
        .filter(|s| s["level"] != "kindergarten")
        .filter(|s| GRADES.iter().map(|g| num(s, g)).sum::<f64>() < 300.0)
        .count();
    assert!(small >= 3, "only {small} small schools");
}

#[test]
fn births_fall_and_cover_the_history_entries() {
    let births = table(standard(), "births.csv");
    let b: Vec<(i32, f64)> = births
        .iter()
        .map(|r| (num(r, "year") as i32, num(r, "births")))
        .collect();
    assert!(b
        .windows(2)
        .all(|w| w[1].0 == w[0].0 + 1 && w[1].1 < w[0].1));
    let history = table(standard(), "history.csv");
    let years: BTreeSet<i32> = history.iter().map(|h| num(h, "year") as i32).collect();
    assert_eq!(years.len(), 8);
    // Grade 1 in the first history year was born six years earlier; those births are present.
    assert!(b[0].0 <= years.first().unwrap() - 6);
    assert_eq!(b.last().unwrap().0, *years.last().unwrap());
}

#[test]
fn address_only_students_are_about_five_percent_with_a_few_unmatched() {
    use catchment::address::Gazetteer;
    use catchment::model::{GazetteerEntry, SourceRef};
    let students = table(standard(), "students.csv");
    let gazetteer = table(standard(), "gazetteer.csv");
    let g = Gazetteer::new(
        gazetteer
            .iter()
            .enumerate()
            .map(|(i, r)| GazetteerEntry {
                name: r["name"].clone(),
                lonlat: [num(r, "lon"), num(r, "lat")],
                parent: Some(r["parent"].clone()).filter(|p| !p.is_empty()),
                source: SourceRef::new("gazetteer.csv", i as u64 + 2),
            })
            .collect(),
    );
    let unit_name: BTreeMap<String, String> = units(standard())
        .into_iter()
        .map(|(id, name, _)| (id, name))
        .collect();
    let address_only: Vec<_> = students.iter().filter(|s| s["lon"].is_empty()).collect();
    let share = address_only.len() as f64 / students.len() as f64;
    assert!((0.04..0.06).contains(&share), "address-only share {share}");
    let mut failed = 0;
    for s in &address_only {
        match g.locate(&s["address"]) {
            Ok(m) if !s["unit_id"].is_empty() => {
                assert_eq!(m.quality, "village", "{}", s["address"]);
                assert_eq!(m.matched, unit_name[&s["unit_id"]], "{}", s["address"]);
            }
            Ok(m) => assert_eq!(m.quality, "township", "{}", s["address"]),
            Err(_) => {
                assert!(s["unit_id"].is_empty(), "{}", s["address"]);
                failed += 1;
            }
        }
    }
    assert!((3..=40).contains(&failed), "{failed} unmatched addresses");
}

/// (id, name, township) of every unit.
fn units(files: &SampleFiles) -> Vec<(String, String, String)> {
    let text = std::str::from_utf8(files.get("units.geojson").unwrap()).unwrap();
    let gj: geojson::GeoJson = text.parse().unwrap();
    let fc = geojson::FeatureCollection::try_from(gj).unwrap();
    fc.features
        .iter()
        .map(|f| {
            let p = f.properties.as_ref().unwrap();
            let s = |k: &str| p[k].as_str().unwrap().to_string();
            (s("id"), s("name"), s("township"))
        })
        .collect()
}

#[test]
fn birth_dates_fit_grades_under_the_08_31_cutoff() {
    let base = catchment::sample::BASE_YEAR;
    for s in table(standard(), "students.csv") {
        let g = GRADES.iter().position(|g| *g == s["grade"]).unwrap() as i32;
        let entry = base - (g - 3); // the year this child enters grade 1
        let d = &s["birth_date"];
        let (lo, hi) = (
            format!("{}-09-01", entry - 7),
            format!("{}-08-31", entry - 6),
        );
        assert!(
            d.as_str() >= lo.as_str() && d.as_str() <= hi.as_str(),
            "{} {} {d}",
            s["id"],
            s["grade"]
        );
    }
}

#[test]
fn every_place_lies_inside_the_real_boundary() {
    use geo::{Contains, Point};
    let gj: geojson::GeoJson = std::str::from_utf8(standard().get("boundary.geojson").unwrap())
        .unwrap()
        .parse()
        .unwrap();
    let fc = geojson::FeatureCollection::try_from(gj).unwrap();
    let poly: geo::Polygon<f64> = fc.features[0]
        .geometry
        .clone()
        .unwrap()
        .value
        .try_into()
        .unwrap();
    let inside = |lon: f64, lat: f64| poly.contains(&Point::new(lon, lat));
    for g in table(standard(), "gazetteer.csv") {
        assert!(inside(num(&g, "lon"), num(&g, "lat")), "{}", g["name"]);
    }
    for f in ["schools.csv", "sites.csv", "housing.csv"] {
        for r in table(standard(), f) {
            assert!(inside(num(&r, "lon"), num(&r, "lat")), "{f} {}", r["id"]);
        }
    }
    for s in table(standard(), "students.csv") {
        if !s["lon"].is_empty() {
            assert!(inside(num(&s, "lon"), num(&s, "lat")), "{}", s["id"]);
        }
    }
}

#[test]
fn units_and_gazetteer_agree() {
    let text = std::str::from_utf8(standard().get("units.geojson").unwrap()).unwrap();
    let gj: geojson::GeoJson = text.parse().unwrap();
    let fc = geojson::FeatureCollection::try_from(gj).unwrap();
    let gazetteer = table(standard(), "gazetteer.csv");
    let villages: Vec<_> = gazetteer
        .iter()
        .filter(|g| !g["parent"].is_empty())
        .collect();
    assert_eq!(fc.features.len(), villages.len());
    assert_eq!(gazetteer.len() - villages.len(), 11);
    for (f, g) in fc.features.iter().zip(&villages) {
        let p = f.properties.as_ref().unwrap();
        assert_eq!(p["name"].as_str().unwrap(), g["name"]);
        assert_eq!(p["township"].as_str().unwrap(), g["parent"]);
    }
    // Every student's unit exists.
    let ids: BTreeSet<String> = fc
        .features
        .iter()
        .map(|f| {
            f.properties.as_ref().unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    for s in table(standard(), "students.csv") {
        assert!(s["unit_id"].is_empty() || ids.contains(&s["unit_id"]));
    }
}

#[test]
fn resources_cover_compulsory_schools_and_some_fall_short() {
    let std = catchment::standards::Standards::default();
    let schools = table(standard(), "schools.csv");
    let res = table(standard(), "resources.csv");
    let compulsory = schools
        .iter()
        .filter(|s| s["level"] != "kindergarten")
        .count();
    assert_eq!(res.len(), compulsory);
    // Primary-only schools: count indicators below their threshold.
    let t = &std.resources_primary;
    let mut short_schools = 0;
    for r in &res {
        let s = schools.iter().find(|s| s["id"] == r["school_id"]).unwrap();
        if s["level"] != "primary" {
            continue;
        }
        let p: f64 = GRADES[3..9].iter().map(|g| num(s, g)).sum();
        let ratios = [
            num(r, "qualified_teachers") / p * 100.0 / t.qualified_teachers_per100,
            num(r, "backbone_teachers") / p * 100.0 / t.backbone_teachers_per100,
            num(r, "pe_arts_teachers") / p * 100.0 / t.pe_arts_teachers_per100,
            num(r, "building_m2") / p / t.teaching_area_m2_per_student,
            num(r, "sports_m2") / p / t.sports_area_m2_per_student,
            num(r, "equipment_yuan") / p / t.equipment_yuan_per_student,
            num(r, "multimedia_rooms") / p * 100.0 / t.multimedia_rooms_per100,
        ];
        if ratios.iter().any(|x| *x < 1.0) {
            short_schools += 1;
        }
    }
    assert!(short_schools >= 2, "{short_schools} primary schools short");
    let passing = res.len() - short_schools;
    assert!(passing * 2 > res.len());
}

#[test]
fn settings_file_parses_with_longer_radii() {
    let text = std::str::from_utf8(standard().get("catchment.toml").unwrap()).unwrap();
    let s = catchment::standards::Settings::from_toml(text, "catchment.toml").unwrap();
    assert_eq!(s.standards.service_radius_m.primary, 2000.0);
    assert_eq!(s.standards.class_cap_primary, 45);
}
