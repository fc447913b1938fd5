//! Specs for the command line, run against the real binary.

use std::process::Command;

/// Run a command and return its output, failing the test with its stderr when it does not succeed.
pub fn succeeds(mut cmd: impl std::borrow::BorrowMut<Command>) -> std::process::Output {
    let out = cmd.borrow_mut().output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn catchment() -> Command {
    Command::new(env!("CARGO_BIN_EXE_catchment"))
}

#[test]
fn help_lists_every_command() {
    let out = catchment().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for cmd in [
        "check",
        "zones",
        "forecast",
        "site",
        "locate",
        "map",
        "indicators",
        "plan",
    ] {
        assert!(text.contains(cmd), "--help does not list {cmd}");
    }
}

/// Width and height of a PNG, from its IHDR chunk.
fn png_size(path: &std::path::Path) -> (u32, u32) {
    let b = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        b.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{} is not a PNG",
        path.display()
    );
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (be(16), be(20))
}

#[test]
fn forecast_charts_all_writes_a_chart_for_the_county_and_each_school() {
    let dir = tempfile::tempdir().unwrap();
    succeeds(
        catchment()
            .args(["forecast", "--charts", "all", "--out"])
            .arg(dir.path()),
    );
    assert_eq!(png_size(&dir.path().join("charts/county.png")), (1200, 700));
    let forecast = std::fs::read_to_string(dir.path().join("forecast.csv")).unwrap();
    let schools: std::collections::BTreeSet<&str> = forecast
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    for s in &schools {
        assert!(
            dir.path().join(format!("charts/{s}.png")).is_file(),
            "no chart for {s}"
        );
    }
}

/// The schools whose mid path in capacity_timeline.csv is short of classrooms or over the size cap
/// in some year.
fn at_risk_in_timeline(dir: &std::path::Path) -> std::collections::BTreeSet<String> {
    let text = std::fs::read_to_string(dir.join("capacity_timeline.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let head = rows.headers().unwrap().clone();
    let col = |name: &str| {
        head.iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let (school, scenario, short, over) = (
        col("school_id"),
        col("scenario"),
        col("classrooms_short"),
        col("over_size_cap"),
    );
    rows.records()
        .map(|r| r.unwrap())
        .filter(|r| &r[scenario] == "mid" && (&r[short] != "0" || &r[over] == "true"))
        .map(|r| r[school].to_string())
        .collect()
}

#[test]
fn forecast_by_default_charts_the_county_and_only_the_schools_at_risk() {
    let dir = tempfile::tempdir().unwrap();
    succeeds(catchment().args(["forecast", "--out"]).arg(dir.path()));
    assert_eq!(png_size(&dir.path().join("charts/county.png")), (1200, 700));
    let charted: std::collections::BTreeSet<String> = std::fs::read_dir(dir.path().join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f != "county.png")
        .map(|f| f.trim_end_matches(".png").to_string())
        .collect();
    let at_risk = at_risk_in_timeline(dir.path());
    assert!(!at_risk.is_empty(), "the sample has schools at risk");
    assert_eq!(charted, at_risk);
    let none = tempfile::tempdir().unwrap();
    succeeds(
        catchment()
            .args(["forecast", "--charts", "none", "--out"])
            .arg(none.path()),
    );
    let files: Vec<_> = std::fs::read_dir(none.path().join("charts"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 1, "only the county chart");
}

#[test]
fn zones_and_site_draw_their_maps() {
    let dir = tempfile::tempdir().unwrap();
    let z = dir.path().join("z");
    succeeds(
        catchment()
            .args(["zones", "--level", "primary", "--out"])
            .arg(&z),
    );
    assert_eq!(png_size(&z.join("zones.png")), (1600, 1600));
    let s = dir.path().join("s");
    succeeds(
        catchment()
            .args(["site", "--level", "kindergarten", "--out"])
            .arg(&s),
    );
    assert_eq!(png_size(&s.join("sites.png")), (1600, 1600));
}

/// A copy of a fixture project in a temporary folder, to run commands against.
fn copy_project(fixture: &str, into: &std::path::Path) -> std::path::PathBuf {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(fixture);
    let dst = into.join("project");
    std::fs::create_dir_all(&dst).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
    }
    dst
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn refused(cmd: &mut Command, needle: &str) -> String {
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error:") && err.contains("hint:"), "{err}");
    assert!(err.contains(needle), "{err}");
    err
}

#[test]
fn out_never_replaces_the_project_or_a_folder_inside_or_around_it() {
    let tmp = tempfile::tempdir().unwrap();
    let project = copy_project("forecast/toy", tmp.path());
    let before = snapshot(tmp.path());
    for (cmd, extra) in [
        ("forecast", vec![]),
        ("zones", vec!["--level", "primary"]),
        ("site", vec!["--level", "primary"]),
        ("indicators", vec![]),
        ("plan", vec![]),
    ] {
        let run = |out: &std::path::Path, force: bool| {
            let mut c = catchment();
            c.arg(cmd).arg(&project).args(&extra).arg("--out").arg(out);
            if force {
                c.arg("--force");
            }
            c
        };
        refused(&mut run(&project, false), "is the project folder");
        refused(&mut run(&project, true), "is the project folder");
        refused(&mut run(tmp.path(), true), "holds the project folder");
        refused(
            &mut run(&project.join("report"), false),
            "inside the project",
        );
    }
    assert_eq!(snapshot(tmp.path()), before, "a file was changed or added");
}

#[test]
fn out_refuses_a_users_folder_a_file_and_the_current_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("my notes.txt"), "mine").unwrap();
    let file = tmp.path().join("report.txt");
    std::fs::write(&file, "mine").unwrap();
    let before = snapshot(tmp.path());
    for force in [false, true] {
        let with = |c: &mut Command| {
            if force {
                c.arg("--force");
            }
        };
        let mut c = catchment();
        c.args(["plan", "--out"]).arg(&notes);
        with(&mut c);
        refused(&mut c, "my notes.txt");
        let mut c = catchment();
        c.args(["forecast", "--out"]).arg(&file);
        with(&mut c);
        refused(&mut c, "is a file");
        let mut c = catchment();
        c.args(["zones", "--level", "primary", "--out", "."])
            .current_dir(tmp.path());
        with(&mut c);
        refused(&mut c, "current folder");
        let mut c = catchment();
        c.args(["sample", "."]).current_dir(&notes);
        with(&mut c);
        refused(&mut c, "current folder");
        let mut c = catchment();
        c.args(["map", "--kind", "density", "--out"]).arg(&file);
        with(&mut c);
        refused(&mut c, "report.txt");
    }
    assert_eq!(snapshot(tmp.path()), before, "a user's file was touched");
}

#[test]
fn out_replaces_an_earlier_output_of_the_same_command_and_cleans_stale_staging() {
    let tmp = tempfile::tempdir().unwrap();
    let project = copy_project("forecast/toy", tmp.path());
    let out = tmp.path().join("fc");
    succeeds(
        catchment()
            .arg("forecast")
            .arg(&project)
            .arg("--out")
            .arg(&out),
    );
    let manifest = std::fs::read_to_string(out.join("catchment-output.json")).unwrap();
    assert!(manifest.contains("\"command\": \"forecast\""), "{manifest}");
    assert!(manifest.contains("forecast.csv"), "{manifest}");
    // An interrupted run's staging folder (its process is gone) is removed by the next run.
    let stale = tmp.path().join(".fc.partial-4294967295");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join(".catchment-partial"), "forecast").unwrap();
    succeeds(
        catchment()
            .arg("forecast")
            .arg(&project)
            .arg("--out")
            .arg(&out),
    );
    assert!(!stale.exists(), "stale staging folder left");
    // Another command's output is replaced only with --force.
    refused(
        catchment()
            .args(["zones", "--level", "primary"])
            .arg(&project)
            .arg("--out")
            .arg(&out),
        "not of `catchment zones`",
    );
    assert!(out.join("forecast.csv").is_file());
    // A user's file dropped into an earlier output keeps it from being replaced.
    std::fs::write(out.join("comments.txt"), "mine").unwrap();
    refused(
        catchment()
            .arg("forecast")
            .arg(&project)
            .arg("--out")
            .arg(&out),
        "comments.txt",
    );
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "left behind: {names:?}");
}

/// Issue 11 §5: `zones` and `site` on a stage with no schools, or no pupils, say so, exit 0 and
/// write nothing.
#[test]
fn zones_and_site_on_an_empty_stage_exit_0_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("p");
    std::fs::create_dir(&project).unwrap();
    std::fs::write(
        project.join("schools.csv"),
        "id,name,level,lon,lat,classrooms\np1,一小,小学,118.05,43.61,12\np2,二小,小学,118.07,43.62,6\n",
    )
    .unwrap();
    std::fs::write(
        project.join("students.csv"),
        "id,grade,lon,lat,school_id\ns1,g1,118.051,43.611,p1\ns2,g2,118.069,43.621,p2\n",
    )
    .unwrap();
    let before = snapshot(tmp.path());
    for (cmd, level, needle) in [
        ("zones", "junior", "no junior schools"),
        ("zones", "kindergarten", "no kindergarten"),
        ("site", "junior", "no junior schools"),
    ] {
        let out = tmp.path().join(format!("{cmd}-{level}"));
        let o = catchment()
            .arg(cmd)
            .arg(&project)
            .args(["--level", level, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{cmd} {level}: {err}");
        assert!(err.contains(needle), "{cmd} {level}: {err}");
        assert!(
            err.contains(&format!("nothing written for {level}")),
            "{err}"
        );
    }
    assert_eq!(snapshot(tmp.path()), before, "something was written");
}
