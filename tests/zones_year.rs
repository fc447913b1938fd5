//! Specs for `catchment zones --year`: zoning a forecast year of the built-in sample. The demand must
//! carry exactly the forecast (mid scenario) by school and grade, every student must end in
//! assignment.csv, runs are byte-identical, and a year outside the forecast is refused with exit 1.

use catchment::forecast::{self, ForecastInput, Scenario};
use catchment::model::Stage;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_catchment"))
        .args(args)
        .output()
        .expect("run catchment")
}

/// Base year and the mid forecast of the sample: (school id, grade code) → pupils in `year`, primary.
fn forecast_primary(year_offset: i32) -> (i32, BTreeMap<(String, String), u32>) {
    let project = catchment::io::load_project(&catchment::sample::builtin()).unwrap();
    let input = ForecastInput::from_project(&project, crate::support::forecast_options(&project));
    let fc = forecast::forecast(&input).unwrap();
    let year = fc.base_year + year_offset;
    let mut out = BTreeMap::new();
    for s in &fc.schools {
        let path = s
            .paths
            .iter()
            .find(|p| p.scenario == Scenario::Mid)
            .unwrap();
        let y = path.years.iter().find(|y| y.year == year).unwrap();
        for g in Stage::Primary.grades() {
            if y.students.get(*g) > 0 {
                out.insert(
                    (s.school_id.clone(), g.code().to_string()),
                    y.students.get(*g),
                );
            }
        }
    }
    (fc.base_year, out)
}

fn zone_year(year: i32, out: &Path) -> Output {
    let o = run(&[
        "zones",
        "--level",
        "primary",
        "--year",
        &year.to_string(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        o.status.success(),
        "zones --year failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn forecast_year_assignment_carries_the_mid_forecast_and_is_deterministic() {
    let (base, want) = forecast_primary(3);
    let year = base + 3;
    let want_total: u32 = want.values().sum();
    assert!(want_total > 0);
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let out = zone_year(year, &a);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("forecast year {year}")), "{text}");

    let csv = read(&a.join("assignment.csv"));
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next().unwrap(),
        "student_id,grade,school_id,distance_m,reason"
    );
    let mut ids = BTreeSet::new();
    let mut got: BTreeMap<(String, String), u32> = BTreeMap::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        assert!(ids.insert(f[0].to_string()), "duplicate id {}", f[0]);
        // Y<year>:<forecast school>:<grade>:<n>
        let parts: Vec<&str> = f[0].split(':').collect();
        assert_eq!(parts.len(), 4, "{}", f[0]);
        assert_eq!(parts[0], format!("Y{year}"));
        assert_eq!(parts[2], f[1], "grade in the id matches the grade column");
        assert!(
            !f[2].is_empty() || !f[4].is_empty(),
            "a row without school gives a reason: {line}"
        );
        *got.entry((parts[1].to_string(), f[1].to_string()))
            .or_default() += 1;
    }
    assert_eq!(
        ids.len() as u32,
        want_total,
        "assignment total = forecast mid total"
    );
    assert_eq!(
        got, want,
        "per school and grade, the demand is the forecast"
    );

    // Same input, byte-identical outputs.
    zone_year(year, &b);
    for f in ["assignment.csv", "schools.csv", "zones.geojson"] {
        assert_eq!(
            read(&a.join(f)),
            read(&b.join(f)),
            "{f} differs between runs"
        );
    }
}

#[test]
fn years_outside_the_forecast_exit_1_with_the_valid_range() {
    let project = catchment::io::load_project(&catchment::sample::builtin()).unwrap();
    let base = project.history.iter().map(|h| h.year).max().unwrap();
    for year in [base, base + 13] {
        let o = run(&["zones", "--level", "primary", "--year", &year.to_string()]);
        assert_eq!(o.status.code(), Some(1), "year {year}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("--year {year}"))
                && err.contains(&format!("{}-{}", base + 1, base + 12)),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let o = run(&[
        "zones",
        "--level",
        "primary",
        "--year",
        "2030",
        "--scenario",
        "median",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("use low, mid or high"));
}
