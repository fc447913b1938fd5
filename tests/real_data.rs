//! Issue 11 end to end: every pupil ends in the output of their stage or in a reject list with the
//! reason, and a project that `check` finds usable does not make a later command stop on its data.

use crate::cli::catchment;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the binary: (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = catchment().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A copy of the Linxi sample (fixtures/linxi) with its students' data lines passed through `edit`.
fn sample_copy(dir: &Path, edit: impl Fn(usize, &str) -> String) -> PathBuf {
    let p = dir.join("project");
    std::fs::create_dir_all(&p).unwrap();
    for e in std::fs::read_dir(root().join("fixtures/linxi")).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if name == catchment::io::MANIFEST {
            continue;
        }
        std::fs::copy(e.path(), p.join(&name)).unwrap();
    }
    let csv = std::fs::read_to_string(p.join("students.csv")).unwrap();
    let mut lines = csv.lines();
    let mut text = format!("{}\n", lines.next().unwrap());
    for (i, l) in lines.enumerate() {
        text.push_str(&edit(i, l));
        text.push('\n');
    }
    std::fs::write(p.join("students.csv"), text).unwrap();
    p
}

fn data_rows(project: &Path) -> usize {
    let csv = std::fs::read_to_string(project.join("students.csv")).unwrap();
    csv.lines().skip(1).filter(|l| !l.trim().is_empty()).count()
}

fn check_json(project: &Path) -> (i32, serde_json::Value) {
    let (code, stdout, stderr) = run(&["check", project.to_str().unwrap(), "--json"]);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (code, serde_json::from_str(&stdout).unwrap())
}

/// Loaded students plus rejected rows that were not loaded = the rows of students.csv; every
/// reject has its reason with the line.
fn assert_rows_accounted(project: &Path, v: &serde_json::Value) {
    let loaded = v["counts"]["students"].as_u64().unwrap() as usize;
    let rejected = v["rejected"].as_array().unwrap();
    let dropped: Vec<_> = rejected
        .iter()
        .filter(|r| r["table"] == "students" && r["loaded"] == false)
        .collect();
    assert_eq!(v["rows_not_loaded"].as_u64().unwrap() as usize, {
        rejected.iter().filter(|r| r["loaded"] == false).count()
    });
    assert_eq!(loaded + dropped.len(), data_rows(project), "{v:#}");
    for r in rejected {
        let line = r["line"].as_u64().unwrap();
        assert!(
            r["reason"]
                .as_str()
                .unwrap()
                .contains(&format!("students.csv:{line}:")),
            "{r}"
        );
    }
}

const STAGES: &[(&str, &[&str])] = &[
    ("kindergarten", &["k1", "k2", "k3"]),
    ("primary", &["g1", "g2", "g3", "g4", "g5", "g6"]),
    ("junior", &["g7", "g8", "g9"]),
];

/// Each stage's zones output lists exactly the loaded pupils of that stage; those without a school
/// are listed with the reason. Returns the unseated pupils of all stages.
fn assert_every_stage_lists_its_pupils(project: &Path, out: &Path, v: &serde_json::Value) -> u64 {
    let mut unseated = 0;
    for (level, grades) in STAGES {
        let loaded: u64 = grades
            .iter()
            .map(|g| v["students_by_grade"][g].as_u64().unwrap())
            .sum();
        let dir = out.join(format!("zones-{level}"));
        let (code, stdout, stderr) = run(&[
            "zones",
            project.to_str().unwrap(),
            "--level",
            level,
            "--method",
            "nearest",
            "--out",
            dir.to_str().unwrap(),
            "--json",
        ]);
        assert_eq!(code, 0, "{level}: {stderr}");
        let s: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(s["students_total"].as_u64().unwrap(), loaded, "{level}");
        let sum = ["assigned", "overflow", "unplaced"]
            .iter()
            .map(|k| s[k].as_u64().unwrap())
            .sum::<u64>();
        assert_eq!(sum, loaded, "{level}: {s:#}");
        let csv = std::fs::read_to_string(dir.join("assignment.csv")).unwrap();
        let csv = csv.trim_start_matches('\u{feff}');
        let mut rdr = csv::Reader::from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len() as u64, loaded, "{level}: assignment.csv rows");
        let no_school: Vec<_> = rows.iter().filter(|r| r[2].is_empty()).collect();
        assert!(
            no_school.iter().all(|r| !r[4].is_empty()),
            "{level}: an unseated pupil without a reason"
        );
        assert_eq!(
            no_school.len() as u64,
            s["unplaced"].as_u64().unwrap() + s["overflow"].as_u64().unwrap(),
            "{level}"
        );
        unseated += no_school.len() as u64;
    }
    unseated
}

/// On the sample and on a copy where 40 pupils lost their coordinates to an address nobody can
/// place, every pupil is in their stage's zones output, and the unseated ones are exactly the
/// unplaced pupils `check` lists with a reason.
#[test]
fn every_pupil_of_every_stage_is_in_its_output_or_listed_with_a_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = sample_copy(&tmp.path().join("sample"), |_, l| l.to_string());
    let unplaced = sample_copy(&tmp.path().join("unplaced"), |i, l| {
        if i % 500 != 7 {
            return l.to_string();
        }
        let mut f: Vec<&str> = l.split(',').collect();
        (f[2], f[3], f[4]) = ("", "", "火星村999号");
        f.join(",")
    });
    for (name, project) in [("sample", &sample), ("unplaced", &unplaced)] {
        let (code, v) = check_json(project);
        assert_eq!(code, 0, "{name}: {v:#}");
        assert_rows_accounted(project, &v);
        assert_eq!(v["rows_not_loaded"], 0, "{name}");
        let listed = v["unmatched_addresses"].as_array().unwrap();
        assert!(listed
            .iter()
            .all(|u| !u["reason"].as_str().unwrap().is_empty()));
        let out = tmp.path().join(format!("out-{name}"));
        let unseated = assert_every_stage_lists_its_pupils(project, &out, &v);
        assert_eq!(unseated, listed.len() as u64, "{name}");
    }
    let (_, v) = check_json(&unplaced);
    let (_, base) = check_json(&sample);
    assert_eq!(
        v["students_unplaced"].as_u64().unwrap(),
        base["students_unplaced"].as_u64().unwrap() + 40
    );
}

/// Rows `check` cannot load (an unknown grade, a coordinate that is not a number, an id twice) are
/// listed with the reason and their line, loaded + not loaded = the rows of the file, and the
/// commands refuse the project instead of computing without them.
#[test]
fn rows_that_cannot_be_loaded_are_listed_and_the_commands_refuse() {
    let tmp = tempfile::tempdir().unwrap();
    let broken = sample_copy(tmp.path(), |i, l| {
        let mut f: Vec<String> = l.split(',').map(str::to_string).collect();
        match i {
            10 => f[1] = "十年级".into(),
            20 => f[2] = "abc".into(),
            30 => f[0] = "STU0000001".into(),
            _ => {}
        }
        f.join(",")
    });
    let (code, v) = check_json(&broken);
    assert_eq!(code, 1);
    assert_eq!(v["usable"], false);
    assert_rows_accounted(&broken, &v);
    let dropped: Vec<u64> = v["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["loaded"] == false)
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(dropped, [12, 22, 32], "{v:#}");
    let out = tmp.path().join("zones");
    let (code, _, stderr) = run(&[
        "zones",
        broken.to_str().unwrap(),
        "--level",
        "primary",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("students.csv:12:"), "{stderr}");
    assert!(stderr.contains("nothing was computed"), "{stderr}");
    assert!(!out.exists());
}

/// Every command on a project: exit code and stderr. `out` is a fresh folder per command.
fn run_all(project: &Path, out: &Path, with_plan: bool) -> Vec<(String, i32, String)> {
    let mut cmds: Vec<Vec<String>> = vec![vec!["forecast".into(), "--horizon".into(), "3".into()]];
    for level in ["primary", "junior", "kindergarten"] {
        cmds.push(vec!["zones".into(), "--level".into(), level.into()]);
        cmds.push(vec![
            "site".into(),
            "--level".into(),
            level.into(),
            "--horizon".into(),
            "3".into(),
        ]);
    }
    cmds.push(vec!["indicators".into()]);
    if with_plan {
        cmds.push(vec!["plan".into(), "--horizon".into(), "3".into()]);
    }
    cmds.into_iter()
        .enumerate()
        .map(|(i, c)| {
            let dir = out.join(format!("{i}-{}", c[0]));
            let mut args: Vec<&str> = vec![c[0].as_str(), project.to_str().unwrap()];
            args.extend(c[1..].iter().map(String::as_str));
            args.extend(["--out", dir.to_str().unwrap()]);
            let (code, _, stderr) = run(&args);
            (c.join(" "), code, stderr)
        })
        .collect()
}

/// Every command `check` says can run exits 0; one it says needs an input stops naming that
/// input, never on a data error.
fn assert_all_ran(name: &str, v: &serde_json::Value, results: &[(String, i32, String)]) {
    for (cmd, code, stderr) in results {
        assert!(!stderr.contains("panicked"), "{name}: {cmd}: {stderr}");
        let command = cmd.split(' ').next().unwrap();
        let said = v["commands"][command].as_str().unwrap();
        if said == "runs" {
            assert_eq!(
                *code, 0,
                "{name}: `{cmd}` stopped on a usable project:\n{stderr}"
            );
            continue;
        }
        assert_eq!(*code, 1, "{name}: `{cmd}`: check said {said:?}");
        let missing = if said.contains("history.csv") {
            "no enrollment history"
        } else {
            "no resources table"
        };
        assert!(stderr.contains(missing), "{name}: `{cmd}`: {stderr}");
        assert!(
            !stderr.contains(".csv:"),
            "{name}: `{cmd}` named a data line: {stderr}"
        );
    }
}

/// "usable" means every command can run: on each valid variant of the corpus (fixtures/good),
/// which `check` passes with 0 errors, forecast, zones, site, indicators and plan exit 0, except a
/// command `check` lists as needing an input the variant lacks (history, resources), which stops
/// saying so.
#[test]
fn a_project_check_finds_usable_runs_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/good"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "{cases:?}");
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let (code, v) = check_json(case);
        assert_eq!(code, 0, "{name}: {v:#}");
        assert_eq!(v["errors"], 0, "{name}");
        let results = run_all(case, &tmp.path().join(&name), true);
        assert_all_ran(&name, &v, &results);
    }
}

/// The same on the real development histories of ../shared/data/nyc_dev (362 schools, 2005–2017):
/// `check` finds them usable and forecast, zones, site and indicators run (plan on nyc_dev is
/// tested in tests/plan.rs).
#[test]
fn nyc_dev_passes_check_and_every_command_runs() {
    let nyc = root().join("../shared/data/nyc_dev");
    if !nyc.join("schools.csv").exists() {
        eprintln!("skipped: {} is not there", nyc.display());
        return;
    }
    let (code, v) = check_json(&nyc);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["errors"], 0);
    assert_eq!(v["counts"]["schools"], 362);
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(v["commands"]["forecast"], "runs");
    assert_all_ran("nyc_dev", &v, &run_all(&nyc, tmp.path(), false));
}
