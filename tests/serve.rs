//! `catchment serve`: the JSON API against the real server on a free local port, checked against
//! the batch zoning code and against figures recomputed here; bad requests; the page in headless
//! Chromium.

use crate::cli::catchment;
use catchment::model::{GradeCounts, Project, Unit};
use catchment::zones::cells::CellGrid;
use catchment::zones::fixed::{zone_by_units, UnitZones};
use catchment::zones::{Method, ZoneInput, ZoneOptions, Zoning};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

/// A running `catchment serve` (killed on drop), and its address.
pub struct Server {
    child: Child,
    pub addr: String,
    pub token: Option<String>,
    pub drafts: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/linxi")
}

/// Start the server on the Linxi fixture with `extra` arguments; waits for its `open URL` line.
pub fn start(extra: &[&str]) -> Server {
    start_on(&fixture(), extra)
}

/// Start the server on the project in `dir` with `extra` arguments.
pub fn start_on(dir: &Path, extra: &[&str]) -> Server {
    let tmp = tempfile::tempdir().unwrap();
    let drafts = tmp.path().join("drafts");
    let mut child = catchment()
        .arg("serve")
        .arg(dir)
        .args(["--port", "0", "--drafts"])
        .arg(&drafts)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut addr, mut token) = (None, None);
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(t) = line.strip_prefix("token: ") {
            token = t.split_whitespace().next().map(String::from);
        }
        if let Some(url) = line.strip_prefix("open http://") {
            addr = url.split('/').next().map(String::from);
            break;
        }
    }
    std::thread::spawn(move || lines.for_each(drop));
    Server {
        child,
        addr: addr.expect("the server printed no URL"),
        token,
        drafts,
        _tmp: tmp,
    }
}

impl Server {
    /// One request; (status, body).
    pub fn call(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        self.call_with(method, path, body, self.token.as_deref())
    }

    fn call_with(
        &self,
        method: &str,
        path: &str,
        body: &str,
        token: Option<&str>,
    ) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
        let auth = token.map_or(String::new(), |t| format!("X-Catchment-Token: {t}\r\n"));
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        );
        s.write_all(req.as_bytes()).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8(raw[..split].to_vec()).unwrap();
        let mut body = raw[split + 4..].to_vec();
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            body = dechunk(&body);
        }
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, String::from_utf8(body).unwrap())
    }

    pub fn json(&self, method: &str, path: &str, body: Value) -> Value {
        let text = if body.is_null() {
            String::new()
        } else {
            body.to_string()
        };
        let (status, reply) = self.call(method, path, &text);
        assert_eq!(status, 200, "{method} {path} {body}: {reply}");
        serde_json::from_str(&reply).unwrap()
    }

    pub fn state(&self) -> Value {
        self.json("GET", "/api/state", Value::Null)
    }
}

/// The body of a chunked HTTP reply (`size CRLF data CRLF` ... `0 CRLF CRLF`).
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&raw[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = &raw[eol + 2 + size + 2..];
    }
}

/// The draft of a state, as ids (`cells`: the grid, when the units are demand cells).
pub fn draft_of(state: &Value, cells: Option<CellGrid>) -> UnitZones {
    UnitZones {
        stage: catchment::model::Stage::Primary,
        cells,
        schools: state["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                let id = u["id"].as_str().unwrap().to_string();
                (id, u["school_id"].as_str().map(String::from))
            })
            .collect(),
    }
}

fn batch(project: &Project, cells: Option<CellGrid>, state: &Value) -> Zoning {
    let opts = ZoneOptions::new(catchment::model::Stage::Primary, Method::Capacitated);
    zone_by_units(
        ZoneInput::from_project(project),
        &project.planar,
        &opts,
        &draft_of(state, cells),
    )
    .unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(1.0)
}

/// Every school row and county figure of `state` equals the batch evaluation of its draft, and the
/// figures recomputed here from the pupils (classes at 45, P95 over pupils' distances).
fn assert_matches_batch(project: &Project, state: &Value) {
    assert_matches_batch_on(project, &project.units, None, state)
}

/// [`assert_matches_batch`] on `units` (the project's, or its demand cells of `cells`).
pub fn assert_matches_batch_on(
    project: &Project,
    units: &[Unit],
    cells: Option<CellGrid>,
    state: &Value,
) {
    let z = batch(project, cells, state);
    let rows = state["schools"].as_array().unwrap();
    assert_eq!(rows.len(), z.schools.len());
    for (row, s) in rows.iter().zip(&z.schools) {
        assert_eq!(row["school_id"], json!(s.school_id));
        assert_eq!(row["pupils"], json!(s.students), "{}", s.school_id);
        for g in catchment::model::Stage::Primary.grades() {
            let n = s.students_by_grade.get(*g);
            assert_eq!(row["pupils_by_grade"][g.code()], json!(n));
            assert_eq!(row["classes_by_grade"][g.code()], json!(n.div_ceil(45)));
            assert_eq!(
                row["classes_by_grade"][g.code()],
                json!(s.classes_by_grade.get(*g))
            );
        }
        assert_eq!(row["classes"], json!(s.classes));
        assert_eq!(row["rooms"], json!(s.rooms_for_stage));
        assert_eq!(row["seats"], json!(s.seats));
        assert!(close(row["utilisation"].as_f64().unwrap(), s.utilisation));
        assert_eq!(
            row["classes_over_cap"],
            json!(s.classes_over_cap),
            "{}",
            s.school_id
        );
        assert_eq!(row["over_size_cap"], json!(s.over_size_cap));
        let short = s.classes.saturating_sub(s.rooms_for_stage);
        assert_eq!(row["rooms_short"], json!(short));
        assert!(close(
            row["mean_distance_m"].as_f64().unwrap(),
            s.mean_distance_m
        ));
    }
    let c = &state["county"];
    assert_eq!(c["pupils_moved"], json!(z.summary.students_moved));
    assert_eq!(c["seated"], json!(z.summary.assigned));
    assert!(close(
        c["mean_distance_m"].as_f64().unwrap(),
        z.summary.mean_distance_m
    ));
    let mut d: Vec<f64> = z.assignment.iter().filter_map(|r| r.distance_m).collect();
    d.sort_by(f64::total_cmp);
    let p95 = d[((0.95 * d.len() as f64).ceil() as usize).max(1) - 1];
    assert!(
        close(c["p95_distance_m"].as_f64().unwrap(), p95),
        "{c} vs {p95}"
    );
    let over = rows
        .iter()
        .filter(|r| {
            r["classes_over_cap"].as_u64() > Some(0)
                || r["rooms_short"].as_u64() > Some(0)
                || r["over_size_cap"] == json!(true)
        })
        .count();
    assert_eq!(c["schools_over_cap"], json!(over));
    let split = split_zones_here(units, state);
    assert_eq!(c["all_contiguous"], json!(split.is_empty()));
    let mut listed: Vec<String> = c["not_contiguous"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    listed.sort();
    assert_eq!(listed, split);
    for row in rows {
        let id = row["school_id"].as_str().unwrap().to_string();
        assert_eq!(row["contiguous"], json!(!split.contains(&id)), "{id}");
    }
}

/// The schools whose zone is in more than one piece, recomputed here by a search over the
/// engine's unit adjacency (shared boundaries; Delaunay neighbours for point units).
fn split_zones_here(units: &[Unit], state: &Value) -> Vec<String> {
    let adj = catchment::zones::adjacency::unit_adjacency(units);
    let n = units.len();
    let school: Vec<Option<String>> = state["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["school_id"].as_str().map(String::from))
        .collect();
    let mut pieces: BTreeMap<String, u32> = BTreeMap::new();
    let mut seen = vec![false; n];
    for s in 0..n {
        let Some(id) = &school[s] else { continue };
        if seen[s] {
            continue;
        }
        *pieces.entry(id.clone()).or_default() += 1;
        seen[s] = true;
        let mut stack = vec![s];
        while let Some(u) = stack.pop() {
            for &v in &adj[u] {
                if !seen[v] && school[v] == school[u] {
                    seen[v] = true;
                    stack.push(v);
                }
            }
        }
    }
    pieces
        .into_iter()
        .filter(|(_, k)| *k > 1)
        .map(|(s, _)| s)
        .collect()
}

/// The school with the fewest pupils in a state (a target that has room).
pub fn smallest_school(state: &Value) -> String {
    let rows = state["schools"].as_array().unwrap();
    let row = rows.iter().min_by_key(|r| r["pupils"].as_u64()).unwrap();
    row["school_id"].as_str().unwrap().to_string()
}

/// Field `key` of every element of the array `list` (school or unit ids).
pub fn ids_of(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r[key].as_str().unwrap().to_string())
        .collect()
}

/// The row of `school` in a state.
pub fn row_of<'a>(state: &'a Value, school: &str) -> &'a Value {
    state["schools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["school_id"] == json!(school))
        .unwrap()
}

pub fn grades_of(row: &Value) -> GradeCounts {
    let mut c = GradeCounts::default();
    for g in catchment::model::Stage::Primary.grades() {
        c.set(
            *g,
            row["pupils_by_grade"][g.code()].as_u64().unwrap() as u32,
        );
    }
    c
}

/// (unit id, school id) of every assigned unit of a state.
pub fn assigned_units(state: &Value) -> Vec<(String, String)> {
    state["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| {
            let unit = u["id"].as_str()?.to_string();
            Some((unit, u["school_id"].as_str()?.to_string()))
        })
        .collect()
}

#[test]
fn each_move_changes_exactly_the_stats_it_should() {
    let project = crate::support::linxi();
    let server = start(&["--start", "current"]);
    let mut state = server.state();
    assert_matches_batch(&project, &state);
    let units = assigned_units(&state);
    let schools = ids_of(&state["schools"], "school_id");
    let mut moved = 0;
    for (unit, from) in units.iter().step_by(17) {
        let to = schools.iter().find(|s| *s != from).unwrap();
        let next = server.json(
            "POST",
            "/api/move",
            json!({"units": [unit], "school_id": to}),
        );
        // Only the two schools' rows change; the unit's pupils leave one and join the other.
        let (a0, a1) = (
            grades_of(row_of(&state, from)),
            grades_of(row_of(&next, from)),
        );
        let (b0, b1) = (grades_of(row_of(&state, to)), grades_of(row_of(&next, to)));
        for g in catchment::model::Stage::Primary.grades() {
            assert_eq!(
                a0.get(*g) - a1.get(*g),
                b1.get(*g) - b0.get(*g),
                "{unit} {g:?}"
            );
        }
        for s in &schools {
            if s != from && s != to {
                let (r0, r1) = (row_of(&state, s), row_of(&next, s));
                assert_eq!(r0, r1, "school {s} changed by moving {unit}");
            }
        }
        let unit_row = next["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == json!(unit))
            .unwrap();
        assert_eq!(unit_row["school_id"], json!(to));
        assert_matches_batch(&project, &next);
        state = next;
        moved += 1;
    }
    assert!(moved >= 3, "moved {moved} units");
}

#[test]
fn undo_restores_byte_identical_state_and_redo_replays() {
    let server = start(&["--start", "current"]);
    let (_, before) = server.call("GET", "/api/state", "");
    let state: Value = serde_json::from_str(&before).unwrap();
    let u = &state["units"][3];
    let unit = u["id"].as_str().unwrap();
    let from = u["school_id"].as_str().unwrap();
    let to = state["schools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["school_id"].as_str().unwrap())
        .find(|s| *s != from)
        .unwrap();
    server.json(
        "POST",
        "/api/move",
        json!({"units": [unit], "school_id": to}),
    );
    server.json("POST", "/api/pin", json!({"units": [unit], "pinned": true}));
    server.json("POST", "/api/optimise", Value::Null);
    let (_, after) = server.call("GET", "/api/state", "");
    let after_state: Value = serde_json::from_str(&after).unwrap();
    let kept = after_state["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == json!(unit))
        .unwrap();
    assert_eq!(
        kept["school_id"],
        json!(to),
        "re-optimising moved a pinned unit"
    );
    assert_eq!(kept["pinned"], json!(true));
    for _ in 0..3 {
        server.json("POST", "/api/undo", Value::Null);
    }
    let (_, undone) = server.call("GET", "/api/state", "");
    assert_eq!(
        undone,
        before.replace("\"can_redo\":false", "\"can_redo\":true")
    );
    for _ in 0..3 {
        server.json("POST", "/api/redo", Value::Null);
    }
    let (_, redone) = server.call("GET", "/api/state", "");
    assert_eq!(redone, after);
}

#[test]
fn bad_requests_get_a_4xx_json_error_naming_the_field() {
    let server = start(&["--start", "current"]);
    let state = server.state();
    let unit = state["units"][0]["id"].as_str().unwrap().to_string();
    let school = state["schools"][0]["school_id"]
        .as_str()
        .unwrap()
        .to_string();
    let cases: Vec<(&str, &str, String, u16, Option<&str>)> = vec![
        (
            "POST",
            "/api/move",
            json!({"units": ["no-such-unit"], "school_id": school}).to_string(),
            400,
            Some("units[0]"),
        ),
        (
            "POST",
            "/api/move",
            json!({"units": [unit], "school_id": "NOPE"}).to_string(),
            400,
            Some("school_id"),
        ),
        (
            "POST",
            "/api/move",
            "{\"units\": [".into(),
            400,
            Some("body"),
        ),
        (
            "POST",
            "/api/move",
            json!({"units": [unit]}).to_string(),
            400,
            Some("school_id"),
        ),
        (
            "POST",
            "/api/move",
            json!({"units": [], "school_id": school}).to_string(),
            422,
            Some("units"),
        ),
        (
            "POST",
            "/api/start",
            json!({"start": "random"}).to_string(),
            400,
            Some("start"),
        ),
        (
            "POST",
            "/api/save",
            json!({"name": "../outside"}).to_string(),
            400,
            Some("name"),
        ),
        (
            "POST",
            "/api/save",
            json!({"name": "a/b"}).to_string(),
            400,
            Some("name"),
        ),
        (
            "POST",
            "/api/save",
            json!({"name": "/tmp/abs"}).to_string(),
            400,
            Some("name"),
        ),
        (
            "POST",
            "/api/save",
            json!({"name": ""}).to_string(),
            400,
            Some("name"),
        ),
        (
            "POST",
            "/api/load",
            json!({"name": "never-saved"}).to_string(),
            409,
            Some("name"),
        ),
        ("GET", "/api/move", String::new(), 405, None),
        ("GET", "/api/nothing", String::new(), 404, None),
        ("POST", "/api/undo", String::new(), 409, None),
    ];
    for (method, path, body, status, field) in cases {
        let (got, reply) = server.call(method, path, &body);
        assert_eq!(got, status, "{method} {path} {body}: {reply}");
        let v: Value = serde_json::from_str(&reply).unwrap_or_else(|_| panic!("not JSON: {reply}"));
        assert!(
            v["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{reply}"
        );
        if let Some(f) = field {
            assert_eq!(v["field"], json!(f), "{method} {path} {body}: {reply}");
        }
    }
    // A pinned unit cannot be moved: 409 naming `units`.
    server.json("POST", "/api/pin", json!({"units": [unit], "pinned": true}));
    let (got, reply) = server.call(
        "POST",
        "/api/move",
        &json!({"units": [unit], "school_id": school}).to_string(),
    );
    assert_eq!(got, 409, "{reply}");
    assert!(reply.contains("\"field\":\"units\""), "{reply}");
    // Saving over a folder of someone else's files is refused and the file is kept.
    let foreign = server.drafts.join("mine");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "keep me").unwrap();
    let (got, reply) = server.call("POST", "/api/save", &json!({"name": "mine"}).to_string());
    assert_eq!(got, 409, "{reply}");
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "keep me"
    );
    // Nothing was written anywhere but the drafts folder, and the server still answers.
    let parent = server.drafts.parent().unwrap();
    let names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["drafts".to_string()]);
    assert!(!Path::new("/tmp/abs").exists());
    server.state();
}

#[test]
fn with_host_every_request_needs_the_printed_token() {
    let server = start(&["--start", "current", "--host", "127.0.0.1"]);
    let token = server.token.clone().expect("no token printed");
    assert!(token.len() >= 32);
    let (status, reply) = server.call_with("GET", "/api/state", "", None);
    assert_eq!(status, 401, "{reply}");
    assert!(reply.contains("\"field\":\"token\""));
    let (status, _) = server.call_with("GET", "/", "", Some("wrong"));
    assert_eq!(status, 401);
    let (status, _) = server.call_with("GET", &format!("/?token={token}"), "", None);
    assert_eq!(status, 200);
    let (status, _) = server.call("GET", "/api/state", "");
    assert_eq!(status, 200);
}

/// Read a CSV (BOM stripped) as rows.
pub fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect()
}

pub fn find_file(dir: &Path, name: &str) -> Option<PathBuf> {
    for e in std::fs::read_dir(dir).ok()?.flatten() {
        let p = e.path();
        if p.is_dir() {
            if let Some(f) = find_file(&p, name) {
                return Some(f);
            }
        } else if p.file_name().is_some_and(|n| n == name) {
            return Some(p);
        }
    }
    None
}

/// `plan --zones DRAFT` reports the saved draft: its per-school table equals the draft's.
pub fn assert_plan_reports_draft(draft: &Path) {
    assert_plan_reports_draft_on(&fixture(), draft)
}

/// [`assert_plan_reports_draft`] on the project in `dir`.
pub fn assert_plan_reports_draft_on(dir: &Path, draft: &Path) {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report");
    let run = catchment()
        .arg("plan")
        .arg(dir)
        .arg("--out")
        .arg(&report)
        .arg("--zones")
        .arg(draft)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let planned =
        find_file(&report, "zones_primary.csv").expect("the report has no zones_primary.csv");
    assert_eq!(csv_rows(&planned), csv_rows(&draft.join("schools.csv")));
}

#[test]
fn save_load_and_plan_zones_round_trip() {
    let server = start(&["--start", "current"]);
    let state = server.state();
    let units = state["units"].as_array().unwrap();
    let to = state["schools"][1]["school_id"].as_str().unwrap();
    let ids: Vec<&str> = units
        .iter()
        .take(3)
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    server.json("POST", "/api/move", json!({"units": ids, "school_id": to}));
    server.json("POST", "/api/pin", json!({"units": ids, "pinned": true}));
    let (_, saved_state) = server.call("GET", "/api/state", "");
    let saved = server.json("POST", "/api/save", json!({"name": "draft-1"}));
    let folder = PathBuf::from(saved["folder"].as_str().unwrap());
    assert_eq!(folder, server.drafts.join("draft-1"));
    for f in [
        "schools.csv",
        "zones.geojson",
        "summary.json",
        "units.csv",
        "draft.json",
        "private/assignment.csv",
        "zones.png",
    ] {
        assert!(folder.join(f).is_file(), "{f} not saved");
    }
    assert_zones_map(
        &folder.join("zones.png"),
        state["schools"].as_array().unwrap().len(),
    );
    let units_csv = csv_rows(&folder.join("units.csv"));
    assert_eq!(units_csv.len(), units.len() + 1);
    for row in &units_csv[1..] {
        assert!(
            row[4].is_empty() || row[4].parse::<u32>().unwrap() >= 5,
            "{row:?}"
        );
    }
    // Saving again replaces the earlier draft, byte for byte the same.
    let first = std::fs::read(folder.join("schools.csv")).unwrap();
    server.json("POST", "/api/save", json!({"name": "draft-1"}));
    assert_eq!(std::fs::read(folder.join("schools.csv")).unwrap(), first);
    // Start over, then load: the state is the saved one (pins included).
    server.json("POST", "/api/start", json!({"start": "nearest"}));
    server.json("POST", "/api/load", json!({"name": "draft-1"}));
    let (_, loaded) = server.call("GET", "/api/state", "");
    let strip = |s: &str| {
        let mut v: Value = serde_json::from_str(s).unwrap();
        for k in ["last_edit", "start", "can_undo", "can_redo"] {
            v.as_object_mut().unwrap().remove(k);
        }
        v
    };
    assert_eq!(strip(&loaded), strip(&saved_state));
    assert_plan_reports_draft(&folder);
}

pub fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| {
            std::env::var_os("PATH")
                .into_iter()
                .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
                .map(move |d| d.join(name))
        })
        .find(|p| p.is_file())
}

/// A point (CSS pixels) inside the unit's shape on the map, found by hit-testing the page.
pub const POINT_IN_UNIT: &str = r#"(id => {
  const path = document.querySelector(`path[data-unit="${id}"]`);
  if (!path) return 'null';
  const r = path.getBoundingClientRect();
  for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
    const x = r.left + r.width * i / 12, y = r.top + r.height * j / 12;
    if (document.elementFromPoint(x, y) === path) return JSON.stringify([x, y]);
  }
  return 'null';
})"#;

/// Evaluate `js` and parse its string result as JSON.
pub fn eval(tab: &headless_chrome::Tab, js: &str) -> Value {
    let v = tab
        .evaluate(js, false)
        .unwrap()
        .value
        .unwrap_or(Value::Null);
    match v.as_str() {
        Some(s) => serde_json::from_str(s).unwrap_or(Value::String(s.to_string())),
        None => v,
    }
}

/// Wait until `js` (returning a boolean) is true.
pub fn wait_for(tab: &headless_chrome::Tab, js: &str, what: &str) {
    for _ in 0..600 {
        if tab.evaluate(js, false).unwrap().value == Some(json!(true)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}");
}

pub fn pupils_cell(tab: &headless_chrome::Tab, school: &str) -> u64 {
    let js = format!(
        "document.querySelector('#schools tr[data-school=\"{school}\"] td.pupils').textContent"
    );
    eval(tab, &js).as_u64().unwrap()
}

#[test]
fn planner_drafts_zones_in_headless_chromium() {
    use headless_chrome::browser::tab::point::Point;
    // The planner starts from the capacitated zones.
    let server = start(&["--start", "capacitated"]);
    let state = server.state();
    assert_eq!(state["start"], json!("capacitated"));
    let Some(page) = open_page(&server, "planner_drafts_zones_in_headless_chromium") else {
        return;
    };
    let tab = &page.tab;
    // Three villages, each moved by clicking it and then its new school.
    let target = smallest_school(&state);
    let candidates: Vec<String> = state["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["school_id"] != json!(target))
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect();
    let mut moved: Vec<String> = Vec::new();
    for unit in &candidates {
        if moved.len() == 3 {
            break;
        }
        let Some(xy) = eval(tab, &format!("{POINT_IN_UNIT}('{unit}')"))
            .as_array()
            .cloned()
        else {
            continue;
        };
        let point = Point {
            x: xy[0].as_f64().unwrap(),
            y: xy[1].as_f64().unwrap(),
        };
        let before = pupils_cell(tab, &target);
        tab.click_point(point).unwrap();
        wait_for(
            tab,
            "!!document.getElementById('moveBtn')",
            "the unit to be selected",
        );
        let school = if moved.is_empty() {
            tab.find_element(&format!("path[data-school=\"{target}\"]"))
                .unwrap()
        } else {
            tab.find_element(&format!("#schools tr[data-school=\"{target}\"] td"))
                .unwrap()
        };
        school.click().unwrap();
        wait_for(
            tab,
            &format!("document.querySelector('#schools tr[data-school=\"{target}\"] td.pupils').textContent !== '{before}'"),
            "the school table to update",
        );
        let after = pupils_cell(tab, &target);
        let now = server.state();
        let u = now["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == json!(unit))
            .unwrap();
        assert_eq!(
            u["school_id"],
            json!(target),
            "clicking did not move {unit}"
        );
        assert_eq!(after, row_of(&now, &target)["pupils"].as_u64().unwrap());
        assert!(after > before, "{unit}: {before} -> {after}");
        // Pin it: click the unit again, then Pin.
        tab.click_point(point).unwrap();
        wait_for(
            tab,
            "!!document.getElementById('moveBtn')",
            "the unit to be selected",
        );
        tab.find_element("#pin").unwrap().click().unwrap();
        wait_for(
            tab,
            "!document.getElementById('moveBtn')",
            "the pin to be applied",
        );
        moved.push(unit.clone());
    }
    assert_eq!(moved.len(), 3, "could not click three units");
    tab.find_element("#optimise").unwrap().click().unwrap();
    wait_for(
        tab,
        "(document.getElementById('status').dataset.edit || '').startsWith('re-optimised')",
        "re-optimising",
    );
    let now = server.state();
    for unit in &moved {
        let u = now["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == json!(unit))
            .unwrap();
        assert_eq!(
            u["school_id"],
            json!(target),
            "re-optimising moved pinned {unit}"
        );
        assert_eq!(u["pinned"], json!(true));
    }
    tab.find_element("#name").unwrap().click().unwrap();
    tab.type_str("browser-draft").unwrap();
    tab.find_element("#save").unwrap().click().unwrap();
    wait_for(
        tab,
        "document.getElementById('status').textContent.includes('browser-draft')",
        "saving",
    );
    page.finish("serve.png");
    assert_plan_reports_draft(&server.drafts.join("browser-draft"));
}

/// `path` is a PNG of the zones map: 1600 px wide, and drawn (many colours, at least one per
/// school's zone, and most of it not background).
pub fn assert_zones_map(path: &Path, schools: usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().expect("zones.png is not a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.width, 1600, "{}", path.display());
    let px = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(px).collect();
    let colours: std::collections::BTreeSet<&[u8]> = pixels.iter().copied().collect();
    assert!(colours.len() > schools, "{} colours", colours.len());
    let background = pixels[0];
    let drawn = pixels.iter().filter(|p| **p != background).count();
    assert!(
        drawn * 5 > pixels.len(),
        "{drawn} of {} pixels drawn",
        pixels.len()
    );
}

/// The page open in headless Chromium, with the console errors it logged.
pub struct Page {
    pub tab: std::sync::Arc<headless_chrome::Tab>,
    pub origin: String,
    errors: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    _browser: headless_chrome::Browser,
}

/// Open the server's page in headless Chromium and wait until it is ready; None (the test is
/// skipped, and says so) when there is no Chromium outside CI.
pub fn open_page(server: &Server, test: &str) -> Option<Page> {
    use headless_chrome::protocol::cdp::types::Event;
    use headless_chrome::{Browser, LaunchOptions};
    use std::sync::{Arc, Mutex};
    let Some(browser_path) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but no Chromium was found (apt-get install chromium)"
        );
        eprintln!("SKIPPED {test}: no Chromium found");
        return None;
    };
    let opts = LaunchOptions::default_builder()
        .path(Some(browser_path))
        .window_size(Some((1500, 950)))
        .sandbox(false)
        .idle_browser_timeout(Duration::from_secs(600))
        .build()
        .unwrap();
    let browser = Browser::new(opts).expect("start headless Chromium");
    let tab = browser.new_tab().unwrap();
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = errors.clone();
    tab.enable_log().unwrap();
    tab.enable_runtime().unwrap();
    tab.add_event_listener(Arc::new(move |e: &Event| {
        let msg = match e {
            Event::LogEntryAdded(l) => {
                format!("{:?}: {}", l.params.entry.level, l.params.entry.text)
            }
            Event::RuntimeExceptionThrown(x) => {
                format!("exception: {:?}", x.params.exception_details.text)
            }
            Event::RuntimeConsoleAPICalled(c) => format!("console {:?}", c.params.Type),
            _ => return,
        };
        if !msg.starts_with("Verbose") && !msg.starts_with("Info") && !msg.contains("Log") {
            sink.lock().unwrap().push(msg);
        }
    }))
    .unwrap();
    let origin = format!("http://{}", server.addr);
    tab.navigate_to(&format!("{origin}/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(
        &tab,
        "document.body.getAttribute('data-ready') === '1'",
        "the page to load",
    );
    Some(Page {
        tab,
        origin,
        errors,
        _browser: browser,
    })
}

impl Page {
    /// No request left 127.0.0.1 and the console logged no error; write a screenshot to a
    /// temporary folder as `name` and print its path.
    pub fn finish(&self, name: &str) -> PathBuf {
        use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
        let entries = eval(
            &self.tab,
            "JSON.stringify([location.href, ...performance.getEntriesByType('resource').map(e => e.name)])",
        );
        for url in entries.as_array().unwrap() {
            let url = url.as_str().unwrap();
            assert!(
                url.starts_with(&format!("{}/", self.origin)),
                "a request left 127.0.0.1: {url}"
            );
        }
        let errors = self.errors.lock().unwrap();
        assert!(errors.is_empty(), "console: {errors:?}");
        let shots = tempfile::tempdir().unwrap().keep();
        let png = self
            .tab
            .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
            .unwrap();
        let path = shots.join(name);
        std::fs::write(&path, png).unwrap();
        println!("screenshot: {}", path.display());
        path
    }
}
