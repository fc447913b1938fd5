//! `catchment serve`: latency of one move (POST /api/move, answered with the whole state and its
//! statistics as JSON, without the socket) on the built-in sample and on a 200,000-pupil county
//! (`catchment sample --students 200000 --schools 200`); each also without its units, drafted on
//! 1 km demand cells.

use catchment::io::{load_project, ProjectSource};
use catchment::model::{Project, Stage};
use catchment::serve::{api::App, Editor, EditorInput, Start};
use catchment::zones::cells::DEFAULT_CELL_M;
use catchment::zones::{Method, ZoneOptions};
use criterion::{criterion_group, criterion_main, Criterion};
use std::time::{Duration, Instant};

fn app(project: Project) -> App {
    let opts = ZoneOptions::new(Stage::Primary, Method::Capacitated);
    let input = EditorInput::from_project(project, opts.stage, DEFAULT_CELL_M).unwrap();
    let editor = Editor::from_input(input, opts, Start::Current).unwrap();
    App::new(
        editor,
        std::env::temp_dir().join("catchment-bench-drafts"),
        None,
    )
}

/// Time moves of units (cycling over them) to another school; each move is undone untimed, so
/// the history stays short and every move starts from the same draft.
fn bench_moves(c: &mut Criterion, name: &str, mut app: App) {
    let state: serde_json::Value = serde_json::from_str(&app.state_json().unwrap()).unwrap();
    let units: Vec<(String, String)> = state["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let id = u["id"].as_str().unwrap().to_string();
            (id, u["school_id"].as_str().unwrap_or("").to_string())
        })
        .collect();
    let schools: Vec<String> = state["schools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["school_id"].as_str().unwrap().to_string())
        .collect();
    eprintln!(
        "{name}: {} pupils, {} units, {} schools",
        state["county"]["pupils"],
        units.len(),
        schools.len()
    );
    let bodies: Vec<Vec<u8>> = units
        .iter()
        .map(|(u, from)| {
            let to = schools.iter().find(|s| *s != from).unwrap();
            serde_json::json!({"units": [u], "school_id": to})
                .to_string()
                .into_bytes()
        })
        .collect();
    let mut g = c.benchmark_group("serve_move");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for i in 0..iters as usize {
                let body = &bodies[i % bodies.len()];
                let t = Instant::now();
                let r = app.handle("POST", "/api/move", body);
                total += t.elapsed();
                assert_eq!(r.status, 200, "{}", r.body);
                app.handle("POST", "/api/undo", b"");
            }
            total
        })
    });
    g.finish();
}

fn sample(c: &mut Criterion) {
    let mut project = load_project(&catchment::sample::builtin()).unwrap();
    bench_moves(c, "linxi_sample", app(project.clone()));
    project.units.clear();
    bench_moves(c, "linxi_sample_cells", app(project));
}

fn county_200k(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let spec = catchment::sample::SampleSpec {
        students: Some(200_000),
        schools: Some(200),
        ..Default::default()
    };
    catchment::io::write_files(dir.path(), &catchment::sample::generate(&spec).files).unwrap();
    let mut project = load_project(&ProjectSource::Dir(dir.path().to_path_buf())).unwrap();
    bench_moves(c, "county_200k", app(project.clone()));
    project.units.clear();
    bench_moves(c, "county_200k_cells", app(project));
}

criterion_group!(benches, sample, county_200k);
criterion_main!(benches);
