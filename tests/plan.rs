//! Specs for `catchment plan`: one command, a complete and reproducible report folder.

use crate::cli::catchment;
use calamine::{open_workbook, DataType, Reader, Xlsx};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const STAMP: &str = "1700000000";

fn run_plan(out: &Path, extra: &[&str]) -> std::process::Output {
    catchment()
        .arg("plan")
        .args(extra)
        .arg("--out")
        .arg(out)
        .env("SOURCE_DATE_EPOCH", STAMP)
        .output()
        .unwrap()
}

/// A report folder made once for the tests that only read it.
fn report() -> &'static PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep().join("report");
        let out = run_plan(&dir, &[]);
        assert!(
            out.status.success(),
            "plan failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "{} has no BOM",
        path.display()
    );
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The sum of a column; `true` counts as 1.
fn sum(rows: &[BTreeMap<String, String>], col: &str) -> f64 {
    rows.iter()
        .map(|r| match r[col].as_str() {
            "true" => 1.0,
            v => v.parse::<f64>().unwrap_or(0.0),
        })
        .sum()
}

#[test]
fn plan_writes_every_output() {
    let dir = report();
    for f in [
        "report.html",
        "report.xlsx",
        "zones.geojson",
        "schools.geojson",
        "shp/zones.shp",
        "shp/zones.cpg",
        "shp/schools.dbf",
        "sites.geojson",
        "sites.csv",
        "shp/sites.shp",
        "situation.csv",
        "forecast.csv",
        "capacity_timeline.csv",
        "backtest.csv",
        "indicators.csv",
        "standards.csv",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("shp/zones.cpg")).unwrap(),
        "UTF-8"
    );
}

#[test]
fn workbook_sheets_and_totals_match_the_csvs() {
    let dir = report();
    let mut wb: Xlsx<_> = open_workbook(dir.join("report.xlsx")).unwrap();
    let sheets = wb.sheet_names().to_vec();
    let sheet_of = |t: &str| catchment::report::i18n::sheet_name(t, catchment::report::Lang::Zh);
    for name in ["situation", "forecast", "indicators", "standards"] {
        assert!(
            sheets.contains(&sheet_of(name)),
            "sheet {name} missing: {sheets:?}"
        );
    }
    let stems: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(stems.len(), sheets.len(), "one sheet per published CSV");
    for stem in &stems {
        let sheet = &sheet_of(stem);
        let csv_rows = read_csv(&dir.join(format!("{stem}.csv")));
        let range = wb.worksheet_range(sheet).unwrap();
        assert_eq!(range.height() - 1, csv_rows.len(), "row count of {sheet}");
        // Numeric columns sum to the same totals (headers are localised, so go by position).
        let header: Vec<String> =
            csv::Reader::from_reader(&std::fs::read(dir.join(format!("{stem}.csv"))).unwrap()[3..])
                .headers()
                .unwrap()
                .iter()
                .map(String::from)
                .collect();
        for (c, h) in header.iter().enumerate() {
            let xl: f64 = range.rows().skip(1).filter_map(|r| r[c].get_float()).sum();
            let numeric = csv_rows
                .iter()
                .all(|r| r[h].is_empty() || r[h].parse::<f64>().is_ok());
            if numeric && !csv_rows.is_empty() {
                let total = sum(&csv_rows, h);
                assert!(
                    (xl - total).abs() < 1e-6 * total.abs().max(1.0),
                    "{sheet}.{h}: xlsx {xl} vs csv {total}"
                );
            }
        }
    }
}

#[test]
fn headline_figures_match_the_csvs() {
    let dir = report();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let kpis: BTreeMap<String, f64> = html
        .split("data-kpi=\"")
        .skip(1)
        .map(|s| {
            let (key, rest) = s.split_once("\">").unwrap();
            let value = rest.split('<').next().unwrap().replace(',', "");
            (key.to_string(), value.parse::<f64>().unwrap())
        })
        .collect();
    assert!(kpis.len() >= 6, "{kpis:?}");
    let situation = read_csv(&dir.join("situation.csv"));
    let forecast = read_csv(&dir.join("forecast.csv"));
    let indicators = read_csv(&dir.join("indicators.csv"));
    let guarantee = read_csv(&dir.join("guarantee.csv"));
    let sites = read_csv(&dir.join("sites.csv"));
    for (key, value) in &kpis {
        let expected = match key.as_str() {
            "schools" => situation.len() as f64,
            "students" | "classrooms_short" | "over_size_cap" => sum(&situation, key),
            // Large classes as `catchment indicators` counts them.
            "classes_over_cap" | "large_classes" => sum(&guarantee, key),
            k if k.starts_with("forecast_") => {
                let year = k.trim_start_matches("forecast_").trim_end_matches("_mid");
                forecast
                    .iter()
                    .filter(|r| r["year"] == year && r["scenario"] == "mid")
                    .map(|r| r["students"].parse::<f64>().unwrap())
                    .sum()
            }
            k if k.starts_with("zoned_") => sum(
                &read_csv(&dir.join(format!("zones_{}.csv", &k[6..]))),
                "students",
            ),
            k if k.starts_with("new_") => {
                sites.iter().filter(|r| r["stage"] == k[4..]).count() as f64
            }
            "indicator_rows_failing" => {
                indicators.iter().filter(|r| r["pass"] == "false").count() as f64
            }
            other => panic!("headline figure {other} has no check against the CSVs"),
        };
        assert_eq!(*value, expected.round(), "headline figure {key}");
    }
}

#[test]
fn html_is_self_contained() {
    let html = std::fs::read_to_string(report().join("report.html")).unwrap();
    for needle in [
        "http://",
        "https://",
        "<link",
        "<script src",
        "url(",
        "src=\"/",
        "src=\".",
    ] {
        assert!(
            !html.contains(needle),
            "report.html has an external reference: {needle}"
        );
    }
    assert!(html.contains("<section id=\"method\">"));
}

#[test]
fn two_runs_give_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(run_plan(&a, &["--lang", "en"]).status.success());
    assert!(run_plan(&b, &["--lang", "en"]).status.success());
    let files = |d: &Path| {
        let mut v: Vec<PathBuf> = walk(d)
            .into_iter()
            .map(|p| p.strip_prefix(d).unwrap().to_path_buf())
            .collect();
        v.sort();
        v
    };
    assert_eq!(files(&a), files(&b));
    for f in files(&a) {
        assert_eq!(
            std::fs::read(a.join(&f)).unwrap(),
            std::fs::read(b.join(&f)).unwrap(),
            "{} differs",
            f.display()
        );
    }
}

fn walk(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_bad_project_stops_at_check_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("bad");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(
        project.join("schools.csv"),
        "id,name,level,lon,lat,classrooms\nS1,一小,小学,abc,43.6,10\n",
    )
    .unwrap();
    let out_dir = dir.path().join("report");
    let out = catchment()
        .arg("plan")
        .arg(&project)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("schools.csv:2"), "{err}");
    assert!(err.contains("lon"), "{err}");
    assert!(
        !out_dir.exists(),
        "a report folder was written for bad data"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "staging left behind: {leftovers:?}");
}
