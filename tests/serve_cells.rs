//! `catchment serve` on a project without planning units: the pupils are drafted in demand cells.
//! The cells are recomputed here from the pupils' homes (1 km squares, the report's threshold of
//! 5, small squares merged into the nearest cell), and every move is checked against the batch
//! evaluation of the draft and against the cells' own pupils.

use crate::serve::{
    assert_matches_batch_on, assert_plan_reports_draft_on, assert_zones_map, assigned_units,
    csv_rows, grades_of, ids_of, row_of, start_on,
};
use catchment::io::{load_project, ProjectSource};
use catchment::model::{Project, Stage};
use catchment::report::privacy::MIN_PUPILS;
use catchment::zones::cells::{demand_cells, CellGrid};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A copy of the Linxi fixture without its units file.
pub fn without_units() -> tempfile::TempDir {
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/linxi");
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(&from).unwrap().flatten() {
        let name = e.file_name();
        if name != "units.geojson" && e.path().is_file() {
            std::fs::copy(e.path(), tmp.path().join(&name)).unwrap();
        }
    }
    tmp
}

fn load(dir: &Path) -> Project {
    load_project(&ProjectSource::Dir(dir.to_path_buf())).unwrap()
}

/// Pupils per cell id, recomputed from the homes: 1 km squares; a square with fewer than
/// `MIN_PUPILS` goes to the nearest square that has at least that many (ties: lowest column,
/// then row), by brute force.
fn cells_here(project: &Project) -> BTreeMap<String, u32> {
    let mut squares: BTreeMap<(i64, i64), u32> = BTreeMap::new();
    for s in &project.students {
        if let (Stage::Primary, Some([x, y])) = (s.grade.stage(), s.xy_m) {
            let ix = ((x / 1000.0).floor() as i64, (y / 1000.0).floor() as i64);
            *squares.entry(ix).or_default() += 1;
        }
    }
    let big: Vec<(i64, i64)> = squares
        .iter()
        .filter(|(_, n)| **n >= MIN_PUPILS)
        .map(|(k, _)| *k)
        .collect();
    assert!(!big.is_empty());
    let mut out: BTreeMap<String, u32> = BTreeMap::new();
    for (sq, n) in &squares {
        let to = big
            .iter()
            .min_by_key(|b| ((b.0 - sq.0).pow(2) + (b.1 - sq.1).pow(2), b.0, b.1))
            .unwrap();
        *out.entry(format!("cell_{}_{}", to.0, to.1)).or_default() += n;
    }
    out
}

/// Pupils of each unit as the page's GeoJSON shows them.
fn shown_pupils(geo: &Value) -> BTreeMap<String, u64> {
    geo["units"]["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            let n = p["pupils"]
                .as_u64()
                .unwrap_or_else(|| panic!("no count: {p}"));
            (p["id"].as_str().unwrap().to_string(), n)
        })
        .collect()
}

#[test]
fn a_project_without_units_is_drafted_on_demand_cells() {
    let dir = without_units();
    let project = load(dir.path());
    assert!(project.units.is_empty());
    let located = project
        .students
        .iter()
        .filter(|s| s.grade.stage() == Stage::Primary && s.xy_m.is_some())
        .count() as u64;
    let server = start_on(dir.path(), &["--start", "current"]);
    let mut state = server.state();
    let geo = server.json("GET", "/api/geo", Value::Null);
    // The state lists the cells and nothing else; each holds at least the threshold.
    let expected = cells_here(&project);
    let shown = shown_pupils(&geo);
    let listed = ids_of(&state["units"], "id");
    assert_eq!(listed, expected.keys().cloned().collect::<Vec<_>>());
    for (id, n) in &expected {
        assert_eq!(shown[id], *n as u64, "{id}");
        assert!(*n >= MIN_PUPILS, "{id}: {n}");
    }
    assert_eq!(shown.values().sum::<u64>(), located);
    assert_eq!(state["county"]["pupils"], json!(located));
    assert_eq!(geo["cells"]["size_m"], json!(1000.0));
    // The batch code sees the same cells.
    let grid = CellGrid {
        size_m: 1000.0,
        min_pupils: MIN_PUPILS,
    };
    let cells = demand_cells(&project.students, Stage::Primary, &project.planar, grid).unwrap();
    let ids: Vec<&str> = cells.units.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, listed);
    assert_matches_batch_on(&project, &cells.units, Some(grid), &state);
    // Each move takes exactly the cell's pupils from one school to the other.
    let schools = ids_of(&state["schools"], "school_id");
    let units = assigned_units(&state);
    for (unit, from) in units.iter().step_by(37).take(4) {
        let to = schools.iter().find(|s| *s != from).unwrap();
        let next = server.json(
            "POST",
            "/api/move",
            json!({"units": [unit], "school_id": to}),
        );
        let left = grades_of(row_of(&state, from)).total() - grades_of(row_of(&next, from)).total();
        let came = grades_of(row_of(&next, to)).total() - grades_of(row_of(&state, to)).total();
        assert_eq!(
            (left as u64, came as u64),
            (shown[unit], shown[unit]),
            "{unit}"
        );
        for s in schools.iter().filter(|s| *s != from && *s != to) {
            assert_eq!(row_of(&state, s), row_of(&next, s), "{s} changed");
        }
        assert_matches_batch_on(&project, &cells.units, Some(grid), &next);
        state = next;
    }
    // Pin, re-optimise, save, and report on the saved draft.
    let pinned: Vec<&str> = units.iter().take(2).map(|u| u.0.as_str()).collect();
    server.json("POST", "/api/pin", json!({"units": pinned, "pinned": true}));
    let after = server.json("POST", "/api/optimise", Value::Null);
    assert_matches_batch_on(&project, &cells.units, Some(grid), &after);
    let saved = server.json("POST", "/api/save", json!({"name": "cells"}));
    let folder = PathBuf::from(saved["folder"].as_str().unwrap());
    let draft: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("draft.json")).unwrap()).unwrap();
    assert_eq!(draft["cells"], json!({"size_m": 1000.0, "min_pupils": 5}));
    let rows = csv_rows(&folder.join("units.csv"));
    assert_eq!(rows.len(), expected.len() + 1);
    for row in &rows[1..] {
        assert_eq!(row[4], expected[&row[0]].to_string(), "{row:?}");
    }
    assert_zones_map(&folder.join("zones.png"), schools.len());
    server.json("POST", "/api/start", json!({"start": "nearest"}));
    server.json("POST", "/api/load", json!({"name": "cells"}));
    assert_eq!(server.state()["units"], after["units"]);
    assert_plan_reports_draft_on(dir.path(), &folder);
}

#[test]
fn too_few_pupils_for_one_cell_is_an_error_with_a_hint() {
    let dir = without_units();
    let path = dir.path().join("students.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text.lines().take(4).collect();
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    let out = crate::cli::catchment()
        .arg("serve")
        .arg(dir.path())
        .args(["--port", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error:") && err.contains("fewer than 5"),
        "{err}"
    );
    assert!(err.contains("hint:") && err.contains("--cell-m"), "{err}");
}
