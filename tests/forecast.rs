//! Specs for the enrollment forecast: toy histories computed by hand, history problems, a synthetic
//! cohort history with a known truth, and (once the sample lands) the Linxi acceptance checks.

use catchment::forecast::{self, backtest, output, ForecastInput, ForecastOptions, Scenario};
use catchment::model::{BirthRow, Grade, HistoryRow, HousingProject, Level, School, SourceRef};
use catchment::standards::Standards;

fn school(id: &str, level: Level, xy: [f64; 2]) -> School {
    School {
        name: format!("{id} school"),
        lonlat: [118.0, 43.6],
        xy_m: xy,
        classrooms: 100,
        ..crate::support::school(id, level)
    }
}

fn rows(id: &str, grade: Grade, first_year: i32, counts: &[u32]) -> Vec<HistoryRow> {
    counts
        .iter()
        .enumerate()
        .map(|(i, n)| HistoryRow {
            school_id: id.into(),
            year: first_year + i as i32,
            grade,
            enrolled: *n,
            source: SourceRef::new("history.csv", 2 + i as u64),
        })
        .collect()
}

fn births(first_year: i32, counts: &[u32]) -> Vec<BirthRow> {
    counts
        .iter()
        .enumerate()
        .map(|(i, n)| BirthRow {
            year: first_year + i as i32,
            births: *n,
            unit_id: None,
            source: SourceRef::new("births.csv", 2 + i as u64),
        })
        .collect()
}

/// Standards with the cut-off on 12-31, so grade 1 in year y comes from births of y − 6 only.
fn year_end_cutoff() -> Standards {
    Standards {
        entry_cutoff: "12-31".into(),
        ..Standards::default()
    }
}

fn input<'a>(
    schools: &'a [School],
    history: &'a [HistoryRow],
    births: &'a [BirthRow],
    housing: &'a [HousingProject],
    standards: &'a Standards,
) -> ForecastInput<'a> {
    ForecastInput {
        schools,
        history,
        births,
        housing,
        units: &[],
        standards,
        options: ForecastOptions::default(),
        feeders: None,
        housing_schools: None,
        unit_schools: None,
    }
}

fn mid(f: &forecast::Forecast, id: &str, year: i32, g: Grade) -> u32 {
    let s = f.schools.iter().find(|s| s.school_id == id).unwrap();
    let p = s
        .paths
        .iter()
        .find(|p| p.scenario == Scenario::Mid)
        .unwrap();
    p.years
        .iter()
        .find(|y| y.year == year)
        .unwrap()
        .students
        .get(g)
}

#[test]
fn toy_entry_and_progression_by_hand() {
    let schools = [school("p1", Level::Primary, [0.0, 0.0])];
    let mut h = rows("p1", Grade::G1, 2020, &[50, 60, 55]);
    h.extend(rows("p1", Grade::G2, 2020, &[48, 45, 54]));
    // Births 2014–2018: entry ratio = (50+60+55)/(100+120+110) = 0.5.
    let b = births(2014, &[100, 120, 110, 80, 90]);
    let st = year_end_cutoff();
    let mut inp = input(&schools, &h, &b, &[], &st);
    inp.options.horizon = 3;
    let f = forecast::forecast(&inp).unwrap();
    assert_eq!(f.base_year, 2022);
    assert_eq!(f.years, vec![2023, 2024, 2025]);
    // Grade 1: 0.5 × 80, 0.5 × 90, then births held at 90.
    assert_eq!(mid(&f, "p1", 2023, Grade::G1), 40);
    assert_eq!(mid(&f, "p1", 2024, Grade::G1), 45);
    assert_eq!(mid(&f, "p1", 2025, Grade::G1), 45);
    // Grade 1 → 2 ratio (45+54)/(50+60) = 0.9: 0.9 × 55 = 49.5 → 50; 0.9 × 40 = 36.
    assert_eq!(mid(&f, "p1", 2023, Grade::G2), 50);
    assert_eq!(mid(&f, "p1", 2024, Grade::G2), 36);
    // Grade 3 was never taught (0 every year): stays 0.
    assert_eq!(mid(&f, "p1", 2024, Grade::G3), 0);
    // Every yearly ratio was the same, so the scenarios coincide.
    let s = &f.schools[0];
    assert_eq!(s.paths[0].years, s.paths[2].years.clone());
    // The CSV has one row per school, year, taught grade and scenario, plus the header.
    assert_eq!(output::forecast_rows(&f).len(), 1 + 3 * 6 * 3);
    assert_eq!(output::timeline_rows(&f).len(), 1 + 3 * 3);
}

#[test]
fn small_schools_are_shrunk_toward_the_county() {
    let schools = [
        school("big", Level::Primary, [0.0, 0.0]),
        school("small", Level::Primary, [9000.0, 0.0]),
    ];
    let mut h = rows("big", Grade::G1, 2020, &[1000, 1000]);
    h.extend(rows("big", Grade::G2, 2020, &[1000, 1000]));
    h.extend(rows("small", Grade::G1, 2020, &[20, 20]));
    h.extend(rows("small", Grade::G2, 2020, &[10, 10]));
    let st = Standards::default();
    let mut inp = input(&schools, &h, &[], &[], &st);
    inp.options.horizon = 1;
    let f = forecast::forecast(&inp).unwrap();
    // County ratio (1000 + 10) / (1000 + 20); small school's own 0.5 on 20 pupils, k = 20:
    // (20·0.5 + 20·county) / 40, times its 20 pupils of grade 1 in 2021.
    let county = 1010.0 / 1020.0;
    let r = (20.0 * 0.5 + 20.0 * county) / 40.0;
    assert_eq!(
        mid(&f, "small", 2022, Grade::G2),
        (r * 20.0_f64).round() as u32
    );
    // Without births, grade 1 follows its own recent counts.
    assert_eq!(mid(&f, "small", 2022, Grade::G1), 20);
    assert!(f.notes.iter().any(|n| n.contains("no births")));
}

#[test]
fn grade_seven_comes_from_the_feeders_grade_six() {
    let schools = [
        school("p1", Level::Primary, [0.0, 0.0]),
        school("p2", Level::Primary, [1000.0, 0.0]),
        school("j1", Level::Junior, [100.0, 0.0]),
        school("j2", Level::Junior, [50_000.0, 0.0]),
    ];
    let mut h = rows("p1", Grade::G6, 2020, &[100, 110, 120]);
    h.extend(rows("p2", Grade::G6, 2020, &[50, 40, 60]));
    h.extend(rows("j1", Grade::G7, 2020, &[150, 147, 150]));
    h.extend(rows("j2", Grade::G7, 2020, &[30, 30, 30]));
    let st = Standards::default();
    let mut inp = input(&schools, &h, &[], &[], &st);
    inp.options.horizon = 1;
    inp.options.feeder = forecast::FeederMethod::Nearest;
    let f = forecast::forecast(&inp).unwrap();
    // Both primaries feed j1: ratio (147 + 150) / (150 + 150) = 0.99; next year 0.99 × (120 + 60).
    assert_eq!(
        mid(&f, "j1", 2023, Grade::G7),
        (0.99_f64 * 180.0).round() as u32
    );
    // j2 has no feeder: its grade 7 has nothing to come from.
    assert_eq!(mid(&f, "j2", 2023, Grade::G7), 0);
    assert_eq!(f.feeders.len(), 2);
    // An explicit pattern from the zones: p1 wholly to j1, p2 wholly to j2.
    let pattern = [
        ("j1".to_string(), vec![("p1".to_string(), 1.0)]),
        ("j2".to_string(), vec![("p2".to_string(), 1.0)]),
    ]
    .into_iter()
    .collect();
    inp.feeders = Some(&pattern);
    let f = forecast::forecast(&inp).unwrap();
    // j1's own ratio (147 + 150) / (100 + 110) on n = 210 pupils, shrunk (k = 20) toward the
    // county ratio (297 + 60) / (210 + 90), times p1's 120.
    let (own, county) = (297.0 / 210.0, 357.0 / 300.0);
    let r: f64 = (210.0 * own + 20.0 * county) / 230.0;
    assert_eq!(mid(&f, "j1", 2023, Grade::G7), (r * 120.0).round() as u32);
}

#[test]
fn housing_adds_pupils_from_its_completion_year() {
    let schools = [school("p1", Level::Primary, [0.0, 0.0])];
    let mut h = Vec::new();
    for g in Level::Primary.grades() {
        h.extend(rows("p1", *g, 2020, &[40, 40]));
    }
    let homes = [HousingProject {
        id: "h1".into(),
        lonlat: [118.0, 43.6],
        xy_m: [10.0, 10.0],
        homes: 400,
        year: 2023,
        source: SourceRef::new("housing.csv", 2),
    }];
    let st = Standards::default();
    let mut inp = input(&schools, &h, &[], &homes, &st);
    inp.options.horizon = 2;
    let f = forecast::forecast(&inp).unwrap();
    // 400 homes × 15 / 100 = 60 primary pupils, 10 per grade, from 2023.
    assert_eq!(mid(&f, "p1", 2022, Grade::G3), 40);
    assert_eq!(mid(&f, "p1", 2023, Grade::G3), 50);
    let a = f
        .housing
        .iter()
        .find(|a| a.stage == catchment::model::Stage::Primary)
        .unwrap();
    assert_eq!(a.school_id.as_deref(), Some("p1"));
    // No junior school: those pupils are reported, not lost.
    assert!(f
        .notes
        .iter()
        .any(|n| n.contains("h1") && n.contains("junior")));
}

#[test]
fn history_problems_do_not_panic_or_make_nan() {
    let schools = [
        school("gap", Level::Primary, [0.0, 0.0]),
        school("closed", Level::Primary, [10.0, 0.0]),
        school("new", Level::Primary, [20.0, 0.0]),
        school("zero", Level::Primary, [30.0, 0.0]),
        school("nine", Level::NineYear, [40.0, 0.0]),
    ];
    let mut h = Vec::new();
    // Missing 2021 and 2023.
    for y in [2018, 2019, 2020, 2022, 2024] {
        h.extend(rows("gap", Grade::G1, y, &[30]));
        h.extend(rows("gap", Grade::G2, y, &[28]));
    }
    h.extend(rows("closed", Grade::G1, 2018, &[10, 9, 8]));
    h.extend(rows("zero", Grade::G1, 2018, &[0, 0, 0, 0, 0, 0, 0]));
    // The nine-year school adds grades 7–9 in 2022.
    h.extend(rows("nine", Grade::G6, 2018, &[40, 40, 40, 40, 40, 40, 40]));
    h.extend(rows("nine", Grade::G7, 2022, &[38, 39, 37]));
    h.extend(rows("nine", Grade::G8, 2023, &[37, 38]));
    let b = births(2010, &[100; 12]);
    let st = Standards::default();
    let mut inp = input(&schools, &h, &b, &[], &st);
    inp.options.horizon = 12;
    let f = forecast::forecast(&inp).unwrap();
    let status = |id: &str| f.schools.iter().find(|s| s.school_id == id).unwrap().status;
    assert_eq!(status("closed"), forecast::SchoolStatus::Closed);
    assert_eq!(status("new"), forecast::SchoolStatus::New);
    assert_eq!(status("gap"), forecast::SchoolStatus::Observed);
    assert_eq!(mid(&f, "closed", 2030, Grade::G1), 0);
    assert_eq!(mid(&f, "zero", 2030, Grade::G1), 0);
    assert_eq!(mid(&f, "gap", 2025, Grade::G1), 30);
    assert!(mid(&f, "nine", 2025, Grade::G7) > 30);
    for s in &f.schools {
        for (_, r) in &s.ratios {
            assert!(r.is_finite(), "{} ratio {r}", s.school_id);
        }
    }
    let bt = backtest::backtest(&inp).unwrap();
    for r in &bt.rows {
        assert!(r.model_mape_pct.is_finite() && r.persistence_mape_pct.is_finite());
    }
}

#[test]
fn impossible_rows_name_file_and_line() {
    let schools = [school("p1", Level::Primary, [0.0, 0.0])];
    let st = Standards::default();
    let h = rows("p2", Grade::G1, 2020, &[5]);
    let e = forecast::forecast(&input(&schools, &h, &[], &[], &st)).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("history.csv:2: field 'school_id' value 'p2'"),
        "{e}"
    );
    let h = rows("p1", Grade::G8, 2020, &[5, 5]);
    let e = forecast::forecast(&input(&schools, &h, &[], &[], &st)).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("history.csv:2: field 'grade' value 'g8'"),
        "{e}"
    );
    let h = rows("p1", Grade::G1, 2020, &[5]);
    let b = births(1066, &[5]);
    let e = forecast::forecast(&input(&schools, &h, &b, &[], &st)).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("births.csv:2: field 'year' value '1066'"),
        "{e}"
    );
    let mut inp = input(&schools, &h, &[], &[], &st);
    inp.options.base_year = Some(2030);
    assert!(forecast::forecast(&inp).is_err());
}

/// A county whose truth is known: 40 primary schools and 8 junior schools, births falling 3 % a
/// year, each school with its own entry share and survival ratios, plus noise.
fn synthetic_county() -> (Vec<School>, Vec<HistoryRow>, Vec<BirthRow>) {
    let mut seed: u64 = 7;
    let mut rand = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as f64) / (1u64 << 31) as f64
    };
    let years = 2012..=2023;
    let b: Vec<BirthRow> = births(
        2000,
        &(0..24)
            .map(|i| (4000.0 * 0.97f64.powi(i)) as u32)
            .collect::<Vec<_>>(),
    );
    let birth = |y: i32| 4000.0 * 0.97f64.powi(y - 2000);
    let mut schools = Vec::new();
    let mut history = Vec::new();
    let mut g6_by_primary: Vec<Vec<f64>> = Vec::new();
    for p in 0..40 {
        let id = format!("p{p:02}");
        schools.push(school(&id, Level::Primary, [p as f64 * 1000.0, 0.0]));
        let share = 0.01 + 0.04 * rand();
        let surv = 0.96 + 0.05 * rand();
        let mut counts: Vec<[f64; 6]> = Vec::new();
        for (k, y) in years.clone().enumerate() {
            let mut c = [0.0; 6];
            c[0] = share * birth(y - 6) * (1.0 + 0.04 * (rand() - 0.5));
            for g in 1..6 {
                let prev = if k == 0 {
                    share * birth(y - 6 - g as i32) * surv.powi(g as i32)
                } else {
                    counts[k - 1][g - 1]
                };
                c[g] = prev * surv * (1.0 + 0.03 * (rand() - 0.5));
            }
            counts.push(c);
        }
        for (c, y) in counts.iter().zip(years.clone()) {
            for (g, n) in c.iter().enumerate() {
                history.extend(rows(&id, Grade::ALL[3 + g], y, &[n.round() as u32]));
            }
        }
        g6_by_primary.push(counts.iter().map(|c| c[5].round()).collect());
    }
    for j in 0..8 {
        let id = format!("j{j}");
        schools.push(school(
            &id,
            Level::Junior,
            [(j * 5) as f64 * 1000.0 + 2000.0, 0.0],
        ));
        let mut c7: Vec<f64> = Vec::new();
        for (k, y) in years.clone().enumerate() {
            let g6_prev: f64 = (j * 5..j * 5 + 5)
                .map(|p| {
                    if k == 0 {
                        g6_by_primary[p][0]
                    } else {
                        g6_by_primary[p][k - 1]
                    }
                })
                .sum();
            let g7 = 0.98 * g6_prev * (1.0 + 0.02 * (rand() - 0.5));
            let g8 = if k == 0 { g7 } else { c7[k - 1] * 0.99 };
            history.extend(rows(&id, Grade::G7, y, &[g7.round() as u32]));
            history.extend(rows(&id, Grade::G8, y, &[g8.round() as u32]));
            c7.push(g7);
        }
    }
    (schools, history, b)
}

#[test]
fn synthetic_county_backtest_is_accurate_and_beats_persistence() {
    let (schools, history, b) = synthetic_county();
    let st = Standards::default();
    let inp = input(&schools, &history, &b, &[], &st);
    let bt = backtest::backtest(&inp).unwrap();
    println!("{}", backtest::backtest_text(&bt));
    assert_eq!(bt.base_years.first(), Some(&2014));
    let c1 = bt.row("county", 1).unwrap();
    assert!(
        c1.model_mape_pct < 2.0,
        "county 1-year MAPE {:.2} %",
        c1.model_mape_pct
    );
    for h in 2..=5 {
        let r = bt.row("school", h).unwrap();
        assert!(
            r.model_mape_pct < r.persistence_mape_pct,
            "h={h}: model {:.2} % vs persistence {:.2} %",
            r.model_mape_pct,
            r.persistence_mape_pct
        );
    }
    // The forecast itself: scenarios are ordered and the output is deterministic.
    let f1 = forecast::forecast(&inp).unwrap();
    let f2 = forecast::forecast(&inp).unwrap();
    assert_eq!(output::forecast_rows(&f1), output::forecast_rows(&f2));
    for c in &f1.county {
        assert!(
            c.students[0] <= c.students[1] && c.students[1] <= c.students[2],
            "{c:?}"
        );
    }
    let series = forecast::chart_series(&f1, &st);
    assert_eq!(series.len(), schools.len() + 1);
    assert_eq!(series[0].id, "county");
    assert_eq!(series[0].students[1].len(), 6);
}

#[test]
fn forecast_help_documents_the_method() {
    let out = crate::cli::catchment()
        .args(["forecast", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "progression ratio",
        "n/(n+k)",
        "births six years",
        "persistence",
        "--backtest",
    ] {
        assert!(text.contains(needle), "--help lacks {needle}");
    }
}

#[test]
fn births_by_unit_go_to_the_schools_serving_the_units() {
    let schools = [
        school("a", Level::Primary, [0.0, 0.0]),
        school("b", Level::Primary, [10_000.0, 0.0]),
    ];
    let mut h = rows("a", Grade::G1, 2020, &[50, 50]);
    h.extend(rows("b", Grade::G1, 2020, &[10, 10]));
    let mut b = Vec::new();
    for (unit, n) in [("u1", 100), ("u2", 20)] {
        for mut r in births(2012, &[n; 8]) {
            r.unit_id = Some(unit.into());
            b.push(r);
        }
    }
    let mapping: forecast::ServingSchools = [
        ("u1".to_string(), vec!["a".to_string()]),
        ("u2".to_string(), vec!["b".to_string()]),
    ]
    .into_iter()
    .collect();
    let st = year_end_cutoff();
    let mut inp = input(&schools, &h, &b, &[], &st);
    inp.unit_schools = Some(&mapping);
    inp.options.horizon = 1;
    let f = forecast::forecast(&inp).unwrap();
    assert_eq!(f.birth_mode, forecast::BirthMode::Unit);
    // a: 50 of 100 births (ratio 0.5 on n = 100 pupils... births), b: 10 of 20; county 60/120 = 0.5.
    assert_eq!(mid(&f, "a", 2022, Grade::G1), 50);
    assert_eq!(mid(&f, "b", 2022, Grade::G1), 10);
    // A birth row for a unit nobody knows is an error at its line.
    b[0].unit_id = Some("u9".into());
    let mut inp = input(&schools, &h, &b, &[], &st);
    inp.unit_schools = Some(&mapping);
    let e = forecast::forecast(&inp).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("births.csv:2: field 'unit_id' value 'u9'"),
        "{e}"
    );
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[test]
fn command_writes_deterministic_csv_and_backtest() {
    let out = tempfile::tempdir().unwrap();
    let run = || {
        crate::cli::catchment()
            .arg("forecast")
            .arg(fixture("forecast/toy"))
            .args(["--backtest", "--horizon", "4", "--out"])
            .arg(out.path())
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let text = String::from_utf8(first.stdout).unwrap();
    assert!(text.contains("backtest of model "), "{text}");
    assert!(
        text.contains("model: ") && text.contains("textbook_csr3"),
        "{text}"
    );
    assert!(text.contains("% band covered"), "{text}");
    let read = |f: &str| std::fs::read(out.path().join(f)).unwrap();
    let (fc, tl) = (read("forecast.csv"), read("capacity_timeline.csv"));
    let header = String::from_utf8_lossy(&fc);
    assert!(header.starts_with("\u{feff}school_id,year,grade,scenario,students,classes_needed"));
    assert!(String::from_utf8_lossy(&read("backtest.csv")).contains("county,1,"));
    assert!(run().status.success());
    assert_eq!(read("forecast.csv"), fc);
    assert_eq!(read("capacity_timeline.csv"), tl);
    let json = crate::cli::catchment()
        .arg("forecast")
        .arg(fixture("forecast/toy"))
        .args(["--json", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["forecast"]["horizon"], 6);
}

/// Issue 4's acceptance on the Linxi sample.
#[test]
fn linxi_backtest_meets_the_targets() {
    let p = catchment::io::load_project(&catchment::sample::builtin()).unwrap();
    assert!(!p.report.has_errors());
    let inp = ForecastInput::from_project(&p, crate::support::forecast_options(&p));
    let bt = backtest::backtest(&inp).unwrap();
    println!("{}", backtest::backtest_text(&bt));
    let c1 = bt.row("county", 1).unwrap();
    assert!(
        c1.model_mape_pct < 2.0,
        "county 1-year MAPE {:.2} %",
        c1.model_mape_pct
    );
    for h in 2..=5 {
        if let Some(r) = bt.row("school", h) {
            assert!(
                r.model_mape_pct < r.persistence_mape_pct,
                "h={h}: model {:.2} % vs persistence {:.2} %",
                r.model_mape_pct,
                r.persistence_mape_pct
            );
        }
    }
    assert!(
        bt.row("school", 2).is_some(),
        "history too short for a 2-year backtest"
    );
}

#[test]
fn command_stops_on_a_grade_the_school_does_not_teach() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["schools.csv", "history.csv", "births.csv", "housing.csv"] {
        std::fs::copy(fixture("forecast/toy").join(f), dir.path().join(f)).unwrap();
    }
    let hist = dir.path().join("history.csv");
    let mut text = std::fs::read_to_string(&hist).unwrap();
    let line = text.lines().count() + 1;
    text.push_str("p1,2024,7,30\n");
    std::fs::write(&hist, text).unwrap();
    let out = crate::cli::catchment()
        .arg("forecast")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("history.csv:{line}: field 'grade' value 'g7'")),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert!(
        !dir.path().join("out").exists(),
        "nothing is written on error"
    );
}

/// Issue 14's targets on the real NYC elementary histories (`../shared/data/nyc_dev`): the
/// chosen model against the two baselines of `reference.json`, school-level, school × grade and
/// citywide, and the band's coverage. Accuracy here is what planners act on, so CI fails when it
/// regresses.
mod nyc {
    use catchment::forecast::{self, ForecastInput};
    use catchment::model::{Grade, HistoryRow, Project, School};
    use std::collections::{HashMap, HashSet};

    /// Grades scored (1–5), as indices.
    const SCORED: std::ops::RangeInclusive<usize> = 3..=7;

    fn dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/nyc_dev")
    }

    fn load() -> Project {
        let p = catchment::io::load_project(&catchment::io::ProjectSource::Dir(dir())).unwrap();
        assert!(!p.report.has_errors(), "{:?}", p.report);
        p
    }

    fn reference() -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir().join("reference.json")).unwrap())
            .unwrap()
    }

    /// Errors of one method on one subset at one horizon, in %.
    #[derive(Debug, Default, Clone, Copy)]
    pub struct Scores {
        pub schools: usize,
        pub school_mape: f64,
        pub school_grade_mape: f64,
        pub citywide_ape: f64,
        pub citywide_signed: f64,
        /// Share of schools whose actual grade 1–5 total lies inside [low, high].
        pub coverage: f64,
    }

    type Actual = HashMap<(String, i32), [f64; 12]>;

    fn actuals(history: &[HistoryRow]) -> Actual {
        let mut a: Actual = HashMap::new();
        for r in history {
            a.entry((r.school_id.clone(), r.year)).or_insert([0.0; 12])[r.grade.index()] +=
                r.enrolled as f64;
        }
        a
    }

    /// The subsets of `reference.json`: open at the base year, and teaching every grade K3–5 then.
    fn subset(a: &Actual, schools: &[School], base: i32, all_grades: bool) -> HashSet<String> {
        schools
            .iter()
            .filter(|s| match a.get(&(s.id.clone(), base)) {
                None => false,
                Some(c) => !all_grades || (2..=7).all(|g| c[g] > 0.0),
            })
            .map(|s| s.id.clone())
            .collect()
    }

    /// Forecast from `base` with `model` (None = chosen) and score horizons 1..=h on `keep`.
    pub fn score(
        p: &Project,
        schools: &[School],
        history: &[HistoryRow],
        base: i32,
        h: u32,
        model: Option<&str>,
        keep: &HashSet<String>,
    ) -> (String, Vec<Scores>) {
        let mut input = ForecastInput::from_project(p, crate::support::forecast_options(p));
        input.schools = schools;
        input.history = history;
        input.options.base_year = Some(base);
        input.options.horizon = h;
        input.options.model = model.map(String::from);
        let f = forecast::forecast(&input).unwrap();
        let a = actuals(history);
        let sum =
            |c: &catchment::model::GradeCounts| -> f64 { SCORED.map(|g| c.0[g] as f64).sum() };
        let out = (0..h as usize)
            .map(|t| {
                let y = base + 1 + t as i32;
                let mut sc = Scores::default();
                let (mut cells, mut cf, mut ca, mut inside) = (0usize, 0.0, 0.0, 0usize);
                for s in f.schools.iter().filter(|s| keep.contains(&s.school_id)) {
                    let Some(act) = a.get(&(s.school_id.clone(), y)) else {
                        continue;
                    };
                    let at: f64 = SCORED.map(|g| act[g]).sum();
                    if at <= 0.0 {
                        continue;
                    }
                    let mid = &s.paths[1].years[t].students;
                    let ft = sum(mid);
                    sc.schools += 1;
                    sc.school_mape += ((ft - at) / at).abs();
                    let (lo, hi) = (
                        sum(&s.paths[0].years[t].students),
                        sum(&s.paths[2].years[t].students),
                    );
                    inside += usize::from(lo <= at && at <= hi);
                    for g in SCORED.filter(|&g| act[g] > 0.0) {
                        cells += 1;
                        sc.school_grade_mape += ((mid.0[g] as f64 - act[g]) / act[g]).abs();
                    }
                    cf += ft;
                    ca += at;
                }
                let n = sc.schools.max(1) as f64;
                sc.school_mape *= 100.0 / n;
                sc.coverage = 100.0 * inside as f64 / n;
                sc.school_grade_mape *= 100.0 / cells.max(1) as f64;
                sc.citywide_ape = 100.0 * ((cf - ca) / ca.max(1.0)).abs();
                sc.citywide_signed = 100.0 * (cf - ca) / ca.max(1.0);
                sc
            })
            .collect();
        (f.selection.model.clone(), out)
    }

    /// The full table of issue 14: every base year, subset and horizon, model beside the reference
    /// baselines, with coverage. Run with `cargo test --test forecast nyc_full -- --ignored
    /// --nocapture`.
    #[test]
    #[ignore = "full nyc_dev table (about a minute in debug); the regular test below holds a slice"]
    fn nyc_full_table_meets_the_targets() {
        let p = load();
        let r = reference();
        let a = actuals(&p.history);
        let mut failures = Vec::new();
        println!("base subset           h  schools | model school MAPE  csr   persist. | model sxg  csr    persist. | citywide model signed csr | coverage | model");
        for (base, h) in [(2009, 2u32), (2014, 3u32)] {
            for (sub, all) in [("open_at_base", false), ("all_grades_at_base", true)] {
                let keep = subset(&a, &p.schools, base, all);
                let (model, sc) = score(&p, &p.schools, &p.history, base, h, None, &keep);
                for (t, s) in sc.iter().enumerate() {
                    let case = &r["cases"][format!("base{base}")][sub];
                    let hk = (t + 1).to_string();
                    let get = |m: &str, k: &str| case[m][&hk][k].as_f64().unwrap();
                    let (csr, per) = (get("csr", "school_mape"), get("persistence", "school_mape"));
                    let (csr_g, per_g) = (
                        get("csr", "school_grade_mape"),
                        get("persistence", "school_grade_mape"),
                    );
                    println!(
                        "{base} {sub:<18} {} {:>7}  | {:>16.2} {:>6.2} {:>6.2}  | {:>9.2} {:>6.2} {:>6.2}  | {:>14.2} {:>+6.2} {:>5.2} | {:>7.1}% | {model}",
                        t + 1, s.schools, s.school_mape, csr, per, s.school_grade_mape, csr_g, per_g,
                        s.citywide_ape, s.citywide_signed, get("csr", "citywide_ape"), s.coverage
                    );
                    if s.school_mape >= csr.min(per) {
                        failures.push(format!("{base} {sub} h{}: school MAPE", t + 1));
                    }
                    if t == 0 && s.school_grade_mape >= csr_g.min(per_g) {
                        failures.push(format!("{base} {sub} h1: school x grade MAPE"));
                    }
                    if t == 0 && !all && s.citywide_ape >= 1.0 {
                        failures.push(format!("{base} {sub} h1: citywide {:.2} %", s.citywide_ape));
                    }
                    if !(70.0..=90.0).contains(&s.coverage) {
                        failures.push(format!(
                            "{base} {sub} h{}: coverage {:.1} %",
                            t + 1,
                            s.coverage
                        ));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "targets missed: {failures:#?}");
    }

    /// The regular, smaller check: base 2014, horizons 1–2, on the non-charter schools (ids not
    /// starting with 84). The chosen model must beat both baselines (computed here with the same
    /// data, forced by name) and its 80 % band must cover 65–95 % of the schools.
    #[test]
    fn nyc_slice_beats_both_baselines_and_the_band_covers() {
        let p = load();
        let schools: Vec<School> = p
            .schools
            .iter()
            .filter(|s| !s.id.starts_with("84"))
            .cloned()
            .collect();
        let ids: HashSet<String> = schools.iter().map(|s| s.id.clone()).collect();
        let history: Vec<HistoryRow> = p
            .history
            .iter()
            .filter(|r| ids.contains(&r.school_id))
            .cloned()
            .collect();
        let a = actuals(&history);
        let keep = subset(&a, &schools, 2014, false);
        assert!(keep.len() > 150, "{} schools", keep.len());
        let run = |m: Option<&str>| score(&p, &schools, &history, 2014, 2, m, &keep);
        let (model, chosen) = run(None);
        let (_, csr) = run(Some("textbook_csr3"));
        let (_, per) = run(Some("persistence"));
        for t in 0..2 {
            println!(
                "h{}: {model} {:.2} % (coverage {:.1} %), textbook {:.2} %, persistence {:.2} %",
                t + 1,
                chosen[t].school_mape,
                chosen[t].coverage,
                csr[t].school_mape,
                per[t].school_mape
            );
            assert!(chosen[t].school_mape < csr[t].school_mape);
            assert!(chosen[t].school_mape < per[t].school_mape);
            assert!((65.0..=95.0).contains(&chosen[t].coverage));
        }
        assert!(chosen[0].school_grade_mape < csr[0].school_grade_mape);
        assert!(chosen[0].citywide_ape < 2.0, "{:?}", chosen[0]);
        let _ = Grade::K3;
    }
}

/// Issue 11 §4: kindergarten rows (K3, NYC's kindergarten) in the history of a primary school do
/// not stop the forecast; those grades are forecast for that school, and without births grade 1
/// follows the school's own K3 cohort.
#[test]
fn kindergarten_rows_at_a_primary_school_are_forecast() {
    let schools = [school("p1", Level::Primary, [0.0, 0.0])];
    let mut h = rows("p1", Grade::K3, 2018, &[60, 62, 64, 66, 68]);
    h.extend(rows("p1", Grade::G1, 2018, &[57, 57, 59, 61, 63]));
    for g in [Grade::G2, Grade::G3, Grade::G4, Grade::G5] {
        h.extend(rows("p1", g, 2018, &[55, 55, 55, 55, 55]));
    }
    let st = Standards::default();
    let mut inp = input(&schools, &h, &[], &[], &st);
    inp.options.horizon = 3;
    let f = forecast::forecast(&inp).unwrap();
    let s = &f.schools[0];
    assert!(s.grades.contains(&Grade::K3), "{:?}", s.grades);
    assert!(!s.grades.contains(&Grade::K1));
    assert!(mid(&f, "p1", 2023, Grade::K3) > 0);
    // Grade 1 in 2023 follows 2022's K3 of 68 (a ratio of about 0.93), not a mean of grade 1.
    let g1 = mid(&f, "p1", 2023, Grade::G1);
    assert!((60..=66).contains(&g1), "grade 1 {g1}");
    // Grade 6 was never taught and the school is not growing: no pupils are invented there.
    assert_eq!(mid(&f, "p1", 2024, Grade::G6), 0);
    // The same school at level junior has no kindergarten: its K3 row is still an error.
    let junior = [school("p1", Level::Junior, [0.0, 0.0])];
    let e = forecast::forecast(&input(&junior, &h, &[], &[], &st)).unwrap_err();
    assert!(e.to_string().contains("field 'grade' value 'k3'"), "{e}");
}

/// Issue 14 §1–2: the model is chosen by backtest and named, its backtested error stands beside the
/// two baselines, `model` forces one, and the band comes from the backtest's own errors.
#[test]
fn the_model_is_chosen_named_forceable_and_its_band_is_backtested() {
    let (schools, history, births) = synthetic_county();
    let st = Standards::default();
    let mut inp = input(&schools, &history, &births, &[], &st);
    inp.options.horizon = 4;
    let f = forecast::forecast(&inp).unwrap();
    let sel = &f.selection;
    assert!(!sel.forced);
    assert!(!sel.model.is_empty());
    let chosen = sel.chosen().expect("the chosen model has a score");
    for base in ["textbook_csr3", "persistence"] {
        let b = sel.score(base).expect("baseline scored");
        assert!(
            chosen.score <= b.score,
            "{} vs {base} {}",
            chosen.score,
            b.score
        );
    }
    assert!(!sel.band.is_empty());
    for s in &f.schools {
        for (lo, (mid, hi)) in s.paths[0]
            .years
            .iter()
            .zip(s.paths[1].years.iter().zip(&s.paths[2].years))
        {
            assert!(
                lo.total <= mid.total && mid.total <= hi.total,
                "{}",
                s.school_id
            );
        }
    }
    // Forcing persistence: every year ahead repeats the base year.
    inp.options.model = Some("persistence".into());
    let p = forecast::forecast(&inp).unwrap();
    assert!(p.selection.forced);
    assert_eq!(p.selection.model, "persistence");
    let id = &schools[1].id;
    let g = schools[1].level.grades()[1];
    let base = history
        .iter()
        .find(|r| &r.school_id == id && r.year == p.base_year && r.grade == g)
        .unwrap()
        .enrolled;
    assert_eq!(mid(&p, id, p.base_year + 3, g), base);
    // An unknown name is an error that lists the models.
    inp.options.model = Some("cohort_sum4".into());
    let e = forecast::forecast(&inp).unwrap_err().to_string();
    assert!(
        e.contains("cohort_sum4") && e.contains("cohort_sum3") && e.contains("blend"),
        "{e}"
    );
}

/// Issue 16 §4: one horizon check; the library error names no command-line flag, the commands add it.
#[test]
fn one_horizon_check_for_every_command() {
    for bad in [0, 13] {
        let e = forecast::check_horizon(bad).unwrap_err().to_string();
        assert!(!e.contains("--"), "{e}");
        assert!(e.contains(&bad.to_string()) && e.contains("1-12"), "{e}");
    }
    assert_eq!(forecast::check_horizon(12).unwrap(), 12);
    for cmd in [
        &["forecast"][..],
        &["plan"],
        &["site", "--level", "primary"],
    ] {
        let out = crate::cli::catchment()
            .args(cmd)
            .args(["--horizon", "13"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("error: --horizon: horizon 13 years"),
            "{cmd:?}: {err}"
        );
        assert!(err.contains("hint:"), "{cmd:?}: {err}");
    }
}
