//! Siting speed (issue 12 §6): `site` per stage on the built-in Linxi sample (target < 1 s per
//! stage) and on a generated county of 200,000 students and 200 schools (target < 60 s for every
//! stage; `SITE_BENCH_LARGE=1` to run it, it is long). Each iteration builds the problem from the
//! project and its forecast and solves it, as `catchment site` does.

use catchment::forecast::{forecast, ForecastInput, Scenario};
use catchment::io::{load_project, ProjectSource};
use catchment::model::{Project, Stage};
use catchment::options::Options;
use catchment::sample::{generate, SampleSpec};
use catchment::siting::site::{solve, SiteOptions, SiteProblem};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn plan_once(p: &Project, stage: Stage) -> usize {
    let opts = Options::from_settings(&p.settings).expect("options");
    let fc = forecast(&ForecastInput::from_project(p, opts.forecast)).expect("forecast");
    let site = SiteOptions {
        stage,
        scenario: Scenario::Mid,
        max_new: None,
    };
    let problem = SiteProblem::build(p, &fc, &site).expect("problem");
    solve(&problem).new_schools.len()
}

fn generated(students: usize, schools: usize) -> Project {
    let files = generate(&SampleSpec {
        students: Some(students),
        schools: Some(schools),
        ..SampleSpec::default()
    });
    load_project(&ProjectSource::Embedded {
        name: format!("sample {students} students {schools} schools"),
        files: files.files,
    })
    .expect("the generated sample loads")
}

fn bench(c: &mut Criterion) {
    let linxi = load_project(&catchment::sample::builtin()).expect("built-in sample");
    let mut g = c.benchmark_group("site");
    g.sample_size(10);
    for stage in Stage::ALL {
        g.bench_function(format!("linxi_{}", stage.as_str()), |b| {
            b.iter(|| black_box(plan_once(black_box(&linxi), stage)))
        });
    }
    if std::env::var_os("SITE_BENCH_LARGE").is_some() {
        let big = generated(200_000, 200);
        for stage in Stage::ALL {
            g.bench_function(
                format!("200k_students_200_schools_{}", stage.as_str()),
                |b| b.iter(|| black_box(plan_once(black_box(&big), stage))),
            );
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
