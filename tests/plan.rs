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

/// `../shared/data/<sub>` from the project root (or the nearest ancestor's `shared/data`).
fn shared_data(sub: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    root.ancestors()
        .skip(1)
        .map(|a| a.join("shared/data").join(sub))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| panic!("../shared/data/{sub} is missing: this test needs it"))
}

/// Copy the CSV `src` to `dst`, keeping the header and the rows `keep` accepts (as header → value).
fn filter_csv(
    src: &Path,
    dst: &Path,
    mut keep: impl FnMut(&BTreeMap<String, String>) -> bool,
) -> usize {
    let text = std::fs::read_to_string(src).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let names: Vec<&str> = header.split(',').collect();
    let mut out = vec![header.to_string()];
    for line in lines {
        let row: BTreeMap<String, String> = names
            .iter()
            .zip(line.split(','))
            .map(|(h, v)| (h.to_string(), v.to_string()))
            .collect();
        if keep(&row) {
            out.push(line.to_string());
        }
    }
    std::fs::write(dst, out.join("\n") + "\n").unwrap();
    out.len() - 1
}

/// The Linxi sample with its primary schools only: their pupils, history and resources; births,
/// housing, sites, units and boundary kept.
fn primary_only_sample(into: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/linxi");
    let dst = into.join("primary-only");
    std::fs::create_dir_all(&dst).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
    }
    let mut primary = std::collections::BTreeSet::new();
    filter_csv(&src.join("schools.csv"), &dst.join("schools.csv"), |r| {
        let keep = r["level"] == "primary";
        if keep {
            primary.insert(r["id"].clone());
        }
        keep
    });
    let grades = ["g1", "g2", "g3", "g4", "g5", "g6"];
    let n = filter_csv(&src.join("students.csv"), &dst.join("students.csv"), |r| {
        grades.contains(&r["grade"].as_str()) && primary.contains(&r["school_id"])
    });
    assert!(n > 1000, "{n} primary students");
    for t in ["history.csv", "resources.csv"] {
        filter_csv(&src.join(t), &dst.join(t), |r| {
            primary.contains(&r["school_id"])
        });
    }
    dst
}

fn plan_on(project: &Path, out: &Path, extra: &[&str]) -> (String, String) {
    let o = catchment()
        .arg("plan")
        .arg(project)
        .args(extra)
        .arg("--out")
        .arg(out)
        .env("SOURCE_DATE_EPOCH", STAMP)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "plan failed: {err}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    (err, html)
}

/// Issue 11 §5: a county folder with primary schools only runs every step that has its inputs and
/// says, in the terminal and in the report, what was skipped and what it needs.
#[test]
fn plan_runs_on_a_primary_only_copy_of_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let project = primary_only_sample(dir.path());
    let out = dir.path().join("report");
    let (err, html) = plan_on(&project, &out, &["--lang", "en", "--horizon", "3"]);
    for line in [
        "zones junior: not run: no school of this stage; needs junior schools in schools.csv",
        "zones kindergarten: not run",
        "siting junior: not run: no school of this stage",
    ] {
        assert!(err.contains(line), "stderr lacks '{line}': {err}");
        assert!(html.contains(line), "report lacks '{line}'");
    }
    assert!(!err.contains("zones primary: not run"), "{err}");
    for f in [
        "zones_primary.csv",
        "forecast.csv",
        "indicators.csv",
        "situation.csv",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    assert!(!out.join("zones_junior.csv").exists());
}

/// A folder with only schools and students: no forecast, no siting, no indicators, each with the
/// input it needs; zones still run.
#[test]
fn plan_without_history_or_resources_says_what_each_skipped_step_needs() {
    let dir = tempfile::tempdir().unwrap();
    let full = primary_only_sample(dir.path());
    let project = dir.path().join("minimal");
    std::fs::create_dir(&project).unwrap();
    for f in ["schools.csv", "students.csv", "catchment.toml"] {
        std::fs::copy(full.join(f), project.join(f)).unwrap();
    }
    let out = dir.path().join("report");
    let (err, html) = plan_on(&project, &out, &["--lang", "en"]);
    for line in [
        "forecast: not run: no enrollment history; needs history.csv",
        "siting: not run: needs the forecast, which did not run; needs history.csv",
        "indicators: not run: no resources table; needs resources.csv",
    ] {
        assert!(err.contains(line), "stderr lacks '{line}': {err}");
        assert!(html.contains(line), "report lacks '{line}'");
    }
    assert!(out.join("zones_primary.csv").is_file());
    assert!(!out.join("forecast.csv").exists());
}

/// The real NYC development histories (no students, no births, no junior schools, K rows at
/// primary schools): a slice of 40 schools runs the plan, forecasts and backtests, and the report
/// says what was skipped.
#[test]
fn plan_runs_on_a_slice_of_nyc_dev() {
    let src = shared_data("nyc_dev");
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("nyc");
    std::fs::create_dir(&project).unwrap();
    let mut ids = std::collections::BTreeSet::new();
    filter_csv(
        &src.join("schools.csv"),
        &project.join("schools.csv"),
        |r| {
            let keep = ids.len() < 40;
            if keep {
                ids.insert(r["id"].clone());
            }
            keep
        },
    );
    let rows = filter_csv(
        &src.join("history.csv"),
        &project.join("history.csv"),
        |r| ids.contains(&r["school_id"]),
    );
    assert!(rows > 1000, "{rows} history rows");
    let out = dir.path().join("report");
    let (err, html) = plan_on(&project, &out, &["--lang", "en"]);
    assert!(err.contains("warning(s), listed in problems.csv"), "{err}");
    let problems = std::fs::read_to_string(out.join("problems.csv")).unwrap();
    assert!(
        problems.contains("attached kindergarten classes inferred"),
        "{problems}"
    );
    for line in [
        "zones primary: not run: no pupils of this stage to place",
        "zones junior: not run: no school of this stage",
        "indicators: not run: no resources table",
    ] {
        assert!(err.contains(line), "stderr lacks '{line}': {err}");
        assert!(html.contains(line), "report lacks '{line}'");
    }
    let forecast = read_csv(&out.join("forecast.csv"));
    assert!(
        forecast.iter().any(|r| r["grade"] == "k3"),
        "no K rows forecast"
    );
    assert!(out.join("backtest.csv").is_file());
    // Issue 14: the forecast section names the model, its backtested error beside both
    // baselines, and the band's coverage.
    for part in [
        "Forecast model (chosen by backtest on the county",
        "School-level mean absolute error by years ahead",
        "(textbook 3-year cohort survival ",
        "persistence baseline ",
        "inside the 80 % band: year 1 ",
    ] {
        assert!(html.contains(part), "report lacks '{part}'");
    }
}

/// The whole of nyc_dev (362 schools): check, forecast --backtest and plan without an error.
#[test]
#[ignore = "slow: the whole nyc_dev history; the slice test above runs by default"]
fn check_forecast_and_plan_run_on_all_of_nyc_dev() {
    let src = shared_data("nyc_dev");
    let dir = tempfile::tempdir().unwrap();
    crate::cli::succeeds(catchment().arg("check").arg(&src));
    crate::cli::succeeds(
        catchment()
            .arg("forecast")
            .arg(&src)
            .arg("--backtest")
            .arg("--out")
            .arg(dir.path().join("fc")),
    );
    let (_, html) = plan_on(&src, &dir.path().join("report"), &["--lang", "en"]);
    assert!(html.contains("zones primary: not run"));
}

/// Issue 11 §4 / issue 16 §3: one definition of the rooms a school has, used by every engine.
/// `classrooms` counts every room, including those of attached kindergarten classes
/// (`rooms_for(school, stage)`, README's schools table).
#[test]
fn every_engine_uses_the_one_definition_of_rooms() {
    use catchment::model::{rooms_all, rooms_for, Stage};
    use catchment::zones::{Method, Problem, ZoneOptions};
    let p = catchment::io::load_project(&catchment::sample::builtin()).unwrap();
    let with_kg: Vec<_> = p.schools.iter().filter(|s| s.kg_classes > 0).collect();
    assert!(
        with_kg.len() >= 3,
        "the sample has primary schools with attached classes"
    );
    let primary =
        Problem::build(&p, &ZoneOptions::new(Stage::Primary, Method::Capacitated)).unwrap();
    let kg = Problem::build(
        &p,
        &ZoneOptions::new(Stage::Kindergarten, Method::Capacitated),
    )
    .unwrap();
    let enrollment =
        catchment::indicators::Enrollment::from_schools_and_students(&p.schools, &p.students);
    for s in with_kg {
        assert_eq!(rooms_all(s), s.classrooms, "{}", s.id);
        assert_eq!(
            rooms_for(s, Stage::Primary) + rooms_for(s, Stage::Kindergarten),
            s.classrooms
        );
        assert_eq!(
            catchment::forecast::classes::rooms(s),
            s.classrooms,
            "forecast"
        );
        let seat = primary.seats.iter().find(|x| x.id == s.id).unwrap();
        assert_eq!(
            seat.rooms, s.classrooms,
            "zones primary seat holds all rooms"
        );
        // The sample splits the attached classes off (the default): no kindergarten child is
        // seated in them, their rooms serve grades 1–6 in zones and indicators alike.
        assert!(p.settings.standards.kindergarten_split_off);
        assert_eq!(seat.fixed_classes, 0, "zones: the rooms go back to primary");
        assert!(kg.seats.iter().all(|x| x.id != s.id), "zones kindergarten");
        let g =
            catchment::indicators::guarantee(s, None, &enrollment, &p.settings.standards).unwrap();
        assert_eq!(g.classrooms, s.classrooms, "indicators");
        // Kept: the classes keep their rooms in every engine.
        let mut kept = p.settings.standards.clone();
        kept.kindergarten_split_off = false;
        let g = catchment::indicators::guarantee(s, None, &enrollment, &kept).unwrap();
        assert_eq!(
            g.classrooms,
            rooms_for(s, Stage::Primary),
            "indicators, kept"
        );
    }
    let mut p = p;
    p.settings.standards.kindergarten_split_off = false;
    let primary =
        Problem::build(&p, &ZoneOptions::new(Stage::Primary, Method::Capacitated)).unwrap();
    let kg = Problem::build(
        &p,
        &ZoneOptions::new(Stage::Kindergarten, Method::Capacitated),
    )
    .unwrap();
    for s in p.schools.iter().filter(|s| s.kg_classes > 0) {
        let seat = primary.seats.iter().find(|x| x.id == s.id).unwrap();
        assert!(
            seat.fixed_classes >= s.kg_classes,
            "zones: the kept kindergarten classes keep their rooms"
        );
        let kseat = kg.seats.iter().find(|x| x.id == s.id).unwrap();
        assert_eq!(
            kseat.rooms,
            rooms_for(s, Stage::Kindergarten),
            "zones kindergarten, kept"
        );
    }
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains("`classrooms` counts every general classroom, including those its attached kindergarten classes use"),
        "README's schools table does not state the definition"
    );
}

/// Rewrite the row of `id` in the CSV `path` (first column) with `edit` (header → value).
fn edit_row(path: &Path, id: &str, edit: impl Fn(&mut BTreeMap<String, String>)) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let names: Vec<String> = lines[0].split(',').map(str::to_string).collect();
    let row = lines
        .iter_mut()
        .find(|l| l.split(',').next() == Some(id))
        .unwrap_or_else(|| panic!("no row {id} in {}", path.display()));
    let mut values: BTreeMap<String, String> = names
        .iter()
        .cloned()
        .zip(row.split(',').map(str::to_string))
        .collect();
    edit(&mut values);
    *row = names
        .iter()
        .map(|n| values[n].clone())
        .collect::<Vec<_>>()
        .join(",");
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// The primary-only sample with school `id` emptied: 0 pupils in every grade of the schools table
/// and no student naming it, but its resources row kept (the 100,000-pupil sample's SCH0040).
fn with_an_empty_school(into: &Path, id: &str) -> PathBuf {
    let project = primary_only_sample(into);
    edit_row(&project.join("schools.csv"), id, |r| {
        for g in ["g1", "g2", "g3", "g4", "g5", "g6"] {
            r.insert(g.into(), "0".into());
        }
    });
    let students = project.join("students.csv");
    let kept = into.join("students.kept.csv");
    filter_csv(&students, &kept, |r| r["school_id"] != id);
    std::fs::rename(kept, students).unwrap();
    project
}

/// Issue 18 §3: a school with resources and no pupils in grades 1–9 no longer stops the plan in
/// the indicators step. `check` warns that the indicators leave it out; `plan` exits 0, assesses
/// the other schools and names the school as skipped, on stderr (a warning) and in the report.
#[test]
fn a_school_without_pupils_is_left_out_of_the_indicators_not_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let project = with_an_empty_school(dir.path(), "SCH0002");
    let check = catchment().arg("check").arg(&project).output().unwrap();
    let text = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{text}");
    assert!(
        text.contains("warning: ")
            && text.contains(
                "the indicators leave school 'SCH0002' out (the other schools are assessed)"
            ),
        "{text}"
    );
    let out = dir.path().join("report");
    let (err, html) = plan_on(&project, &out, &["--lang", "en", "--horizon", "3"]);
    let line = "indicators: not run: school SCH0002 has no pupils in grades 1-9";
    assert!(err.contains(&format!("warning: {line}")), "{err}");
    assert!(html.contains(line), "report lacks '{line}'");
    let rows = read_csv(&out.join("indicators.csv"));
    let ids: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["school_id"].as_str()).collect();
    assert!(!ids.contains("SCH0002"), "{ids:?}");
    assert!(
        ids.contains("SCH0001"),
        "the other schools are assessed: {ids:?}"
    );
}

/// Issue 18 §3, a corpus of broken counties, one per way an engine of the plan can stop: each is
/// either a finding of `check` (a load error, or a preflight error that the engine itself, run
/// directly, confirms it would stop on) or confined to one school (the plan leaves it out).
/// Kinds no project can reach in `plan` are listed at the end with why.
#[test]
fn every_engine_error_of_the_plan_is_a_check_finding_or_a_per_school_skip() {
    use catchment::forecast::{self, ForecastInput};
    use catchment::indicators::{self, Enrollment};
    use catchment::io::{load_project, ProjectSource};
    use catchment::options::Options;
    use catchment::pipeline::preflight::preflight;
    type Edit = fn(&Path);
    let cases: [(&str, Edit); 7] = [
        ("forecast: births year out of range", |d| {
            let p = d.join("births.csv");
            let t = std::fs::read_to_string(&p).unwrap() + "1850,2000\n";
            std::fs::write(p, t).unwrap();
        }),
        ("forecast: base year outside the history", |d| {
            let p = d.join("catchment.toml");
            let t = std::fs::read_to_string(&p).unwrap() + "\n[forecast]\nbase_year = 1990\n";
            std::fs::write(p, t).unwrap();
        }),
        ("forecast: unknown model", |d| {
            let p = d.join("catchment.toml");
            let t = std::fs::read_to_string(&p).unwrap() + "\n[forecast]\nmodel = \"nope\"\n";
            std::fs::write(p, t).unwrap();
        }),
        ("forecast: bad entry cut-off", |d| {
            let p = d.join("catchment.toml");
            let t =
                std::fs::read_to_string(&p).unwrap() + "\n[standards]\nentry_cutoff = \"02-30\"\n";
            std::fs::write(p, t).unwrap();
        }),
        ("forecast: history of an unknown school", |d| {
            let p = d.join("history.csv");
            let t = std::fs::read_to_string(&p).unwrap() + "X99,2020,g1,30\n";
            std::fs::write(p, t).unwrap();
        }),
        ("indicators: negative resource", |d| {
            edit_row(&d.join("resources.csv"), "SCH0001", |r| {
                r.insert("sports_m2".into(), "-5".into());
            });
        }),
        ("zones: pupils and 0 classrooms", |d| {
            edit_row(&d.join("schools.csv"), "SCH0001", |r| {
                r.insert("classrooms".into(), "0".into());
            });
        }),
    ];
    let mut by_preflight = Vec::new();
    for (name, edit) in cases {
        let dir = tempfile::tempdir().unwrap();
        let project = primary_only_sample(dir.path());
        edit(&project);
        let p = load_project(&ProjectSource::Dir(project.clone())).unwrap();
        if p.report.has_errors() {
            continue; // a load error: `check` lists it and every command stops on it
        }
        let options = Options::from_settings(&p.settings);
        let Ok(options) = options else {
            continue; // an option error: `check` lists it (`Options::from_settings`)
        };
        let found = preflight(&p, &options);
        assert!(
            found.stops(),
            "{name}: neither the load nor the preflight finds it"
        );
        if let Some(e) = &found.forecast {
            let input = ForecastInput::from_project(&p, options.forecast.clone());
            let engine = forecast::forecast(&input).expect_err(name);
            assert_eq!(engine.to_string(), e.to_string(), "{name}");
        }
        if !found.indicators.is_empty() {
            let enrollment = Enrollment::from_schools_and_students(&p.schools, &p.students);
            let s = &p.settings.standards;
            assert!(indicators::assess(&p.schools, &p.resources, &enrollment, s).is_err());
        }
        by_preflight.push(name);
    }
    // The load catches the rest; these the engines' own checks, before any engine runs.
    assert_eq!(
        by_preflight,
        [
            "forecast: base year outside the history",
            "forecast: bad entry cut-off"
        ]
    );
    // Confined to one school: the engine stops on it, the plan's variant leaves the school out.
    let dir = tempfile::tempdir().unwrap();
    let project = with_an_empty_school(dir.path(), "SCH0002");
    let p = load_project(&ProjectSource::Dir(project)).unwrap();
    assert!(!p.report.has_errors());
    let found = preflight(&p, &Options::from_settings(&p.settings).unwrap());
    assert!(!found.stops());
    assert_eq!(found.schools_left_out.len(), 1);
    let enrollment = Enrollment::from_schools_and_students(&p.schools, &p.students);
    let s = &p.settings.standards;
    assert!(indicators::assess(&p.schools, &p.resources, &enrollment, s).is_err());
    let (report, left_out) =
        indicators::assess_skipping_schools(&p.schools, &p.resources, &enrollment, s).unwrap();
    assert_eq!(left_out.len(), 1);
    assert!(report
        .stages
        .iter()
        .all(|r| r.values.school_id != "SCH0002"));
    assert!(report.not_assessed.iter().any(|n| n.school_id == "SCH0002"));
    // Not reachable from `plan`: ZoneError::Isolated and NoUnits (contiguous zoning only; the plan
    // zones capacitated); ZoneError::NoSchools / NoDemand and SiteError::NoSchools / NoCandidates
    // (skipped per stage, `plan_runs_on_a_primary_only_copy_of_the_sample`); FixedError (a draft
    // given with `--zones`, checked when it is read); MapError (a figure that fails is listed as
    // skipped, the others are drawn: `report::plan::skipped` tests).
}

/// Issue 18 §3 through the binary: what the forecast would stop on (here a base year outside the
/// history) is an error of `check` (exit 1), and `plan` stops on it at its check step, writing
/// nothing, instead of after the zones.
#[test]
fn check_and_plan_stop_at_once_on_what_the_forecast_would_stop_on() {
    let dir = tempfile::tempdir().unwrap();
    let project = primary_only_sample(dir.path());
    let toml = project.join("catchment.toml");
    let text = std::fs::read_to_string(&toml).unwrap() + "\n[forecast]\nbase_year = 1990\n";
    std::fs::write(&toml, text).unwrap();
    let check = catchment().arg("check").arg(&project).output().unwrap();
    let text = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error: ")
            && text.contains("`forecast` would stop on this: field 'base_year' value '1990'"),
        "{text}"
    );
    let out = dir.path().join("report");
    let o = catchment()
        .arg("plan")
        .arg(&project)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("the plan stopped at the check step"), "{err}");
    assert!(err.contains("field 'base_year' value '1990'"), "{err}");
    assert!(!err.contains("[2/8]"), "no engine ran: {err}");
    assert!(!out.exists());
}

/// `plan --skip siting` (for large counties while siting is slow): every other step runs and the
/// report says siting was left out on request; no other step can be left out.
#[test]
fn plan_can_leave_out_siting_on_request_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let project = primary_only_sample(dir.path());
    let out = dir.path().join("report");
    let extra = ["--lang", "en", "--horizon", "3", "--skip", "siting"];
    let (err, html) = plan_on(&project, &out, &extra);
    let line = "siting: not run: left out on request";
    assert!(err.contains(line), "{err}");
    assert!(html.contains(line), "report lacks '{line}'");
    assert!(out.join("zones_primary.csv").is_file());
    let o = catchment()
        .arg("plan")
        .arg(&project)
        .args(["--skip", "zones", "--out"])
        .arg(dir.path().join("other"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("--skip 'zones': this step cannot be left out"),
        "{err}"
    );
}

/// Issue 12 §1 in the report: the remedies ladder of each stage in `building_remedies.csv` and the
/// report, with the binding constraint; nothing is built for places where idle or converted rooms
/// suffice (every kindergarten site is one for the travel limits).
#[test]
fn the_report_shows_the_remedies_ladder_and_builds_nothing_where_rooms_suffice() {
    let dir = report();
    let ladder = read_csv(&dir.join("building_remedies.csv"));
    for stage in ["kindergarten", "primary", "junior"] {
        let rows: Vec<_> = ladder.iter().filter(|r| r["stage"] == stage).collect();
        assert_eq!(rows[0]["remedy_plan"], "rezoning", "{stage}");
        let chosen: Vec<_> = rows.iter().filter(|r| r["chosen"] == "true").collect();
        assert_eq!(chosen.len(), 1, "{stage}");
        assert!(
            !chosen[0]["remedy_plan"].contains("new_schools"),
            "{stage}: {:?}",
            chosen[0]
        );
        assert_eq!(chosen[0]["meets_caps"], "true");
    }
    let kg = ladder
        .iter()
        .find(|r| r["stage"] == "kindergarten" && r["chosen"] == "true")
        .unwrap();
    assert!(kg["remedy_plan"].starts_with("conversion"), "{kg:?}");
    let sites = read_csv(&dir.join("sites.csv"));
    let kg_sites = sites
        .iter()
        .filter(|r| r["stage"] == "kindergarten")
        .count();
    assert_eq!(kg["new_school_count"], kg_sites.to_string());
    // Each building's rooms: converted rooms never exceed the rooms it frees that year (the
    // recomputation from the CSVs and the forecast is `site_remedies`).
    let conv = read_csv(&dir.join("conversions.csv"));
    assert!(!conv.is_empty());
    let mut converted = 0.0;
    for c in &conv {
        let free: u32 = c["rooms_free"].parse().unwrap();
        let classes: u32 = c["classrooms"].parse().unwrap();
        let need: u32 = c["classes_needed_g1_9"].parse().unwrap();
        assert_eq!(free, classes.saturating_sub(need), "{c:?}");
        if c["year"] == conv[0]["year"] {
            converted += c["rooms_converted"].parse::<f64>().unwrap();
        }
    }
    assert_eq!(kg["rooms_converted"].parse::<f64>().unwrap(), converted);
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        html.contains("规模标准"),
        "the binding size standard is named"
    );
    assert!(
        html.contains("落选方案及原因"),
        "the runner-up plans are listed"
    );
}

/// A copy of the sample whose `catchment.toml` sets `kindergarten_split_off`.
fn sample_with_split_off(into: &Path, split_off: bool) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/linxi");
    let dst = into.join(format!("split-{split_off}"));
    std::fs::create_dir_all(&dst).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
    }
    let toml = std::fs::read_to_string(src.join("catchment.toml")).unwrap();
    let toml = format!("standards.kindergarten_split_off = {split_off}\n{toml}");
    std::fs::write(dst.join("catchment.toml"), toml).unwrap();
    dst
}

/// Issue 12 §1: one split-off assumption. `plan` on the sample with the attached kindergarten
/// classes split off and kept: from the output CSVs, the zones and the siting agree (no child is
/// seated in an attached class the siting closed; the rooms go back to primary in both), and the
/// report says it at the top and in each section.
#[test]
fn zones_and_siting_agree_on_the_split_off_and_every_section_says_it() {
    let dir = tempfile::tempdir().unwrap();
    let schools = crate::site::fixture_csv("schools.csv");
    let attached: Vec<_> = schools
        .iter()
        .filter(|r| r["level"] != "kindergarten" && r["kg_classes"].parse::<u32>().unwrap() > 0)
        .collect();
    assert!(attached.len() >= 5);
    let int = |r: &BTreeMap<String, String>, c: &str| r[c].parse::<u32>().unwrap();
    for split_off in [true, false] {
        let project = sample_with_split_off(dir.path(), split_off);
        let out = dir.path().join(format!("out-{split_off}"));
        let (_, html) = plan_on(&project, &out, &["--lang", "en"]);
        let kg_zones = read_csv(&out.join("zones_kindergarten.csv"));
        let primary_zones = read_csv(&out.join("zones_primary.csv"));
        let conv = read_csv(&out.join("conversions.csv"));
        let ladder = read_csv(&out.join("building_remedies.csv"));
        for a in &attached {
            let id = &a["id"];
            let kg_row = kg_zones.iter().find(|r| &r["school_id"] == id);
            let p_row = primary_zones
                .iter()
                .find(|r| &r["school_id"] == id)
                .unwrap();
            let rooms = int(a, "classrooms");
            let kg_rooms = int(a, "kg_classes").min(rooms);
            let in_conv: Vec<_> = conv.iter().filter(|r| &r["school_id"] == id).collect();
            if split_off {
                assert!(
                    kg_row.is_none_or(|r| r["students"] == "0"),
                    "{id}: a child seated in an attached class the siting closed"
                );
                assert_eq!(
                    int(p_row, "rooms_for_stage"),
                    rooms,
                    "{id}: zones return the rooms"
                );
                assert!(
                    !in_conv.is_empty(),
                    "{id}: siting counts the returned rooms"
                );
                for r in &in_conv {
                    assert_eq!(
                        int(r, "classrooms"),
                        rooms,
                        "{id}: siting returns the rooms"
                    );
                    assert_eq!(r["rooms_from"], "primary_rezoning", "{id}");
                    assert_eq!(
                        int(r, "rooms_free"),
                        rooms.saturating_sub(int(r, "classes_needed_g1_9")),
                        "{id}"
                    );
                }
            } else {
                assert!(
                    kg_row.is_some(),
                    "{id}: the kept classes are a kindergarten seat"
                );
                assert_eq!(
                    int(p_row, "rooms_for_stage"),
                    rooms - kg_rooms,
                    "{id}: zones leave the rooms to the kept classes"
                );
                assert!(
                    in_conv.is_empty(),
                    "{id}: nothing converted from kept rooms"
                );
            }
        }
        let converts = ladder
            .iter()
            .any(|r| r["stage"] == "kindergarten" && r["remedy_plan"].contains("conversion"));
        assert_eq!(
            converts, split_off,
            "the ladder converts only split-off rooms"
        );
        let word = if split_off { "split off" } else { "kept" };
        assert!(
            html.contains(&format!("the kindergarten classes attached to primary schools are {word} (kindergarten_split_off = {split_off})")),
            "the assumption is stated at the top"
        );
        let top = html.find("kindergarten_split_off = ").unwrap();
        let lead = if split_off {
            "Split-off: "
        } else {
            "Attached classes kept: "
        };
        for section in [
            "the kindergarten zones",
            "kindergarten children forecast at primary schools",
            if split_off {
                "the kindergarten plan closes"
            } else {
                "they stay open"
            },
            if split_off {
                "count as classrooms of the compulsory grades"
            } else {
                "are not counted as classrooms"
            },
        ] {
            let at = html
                .find(&format!("{lead}{section}"))
                .or_else(|| html.find(section))
                .unwrap_or_else(|| panic!("split_off = {split_off}: no line '{section}'"));
            assert!(at > top, "'{section}' comes after the statement at the top");
        }
    }
}
