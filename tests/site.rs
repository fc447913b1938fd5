//! `catchment site` on the Linxi sample: the plan is checked by plain arithmetic that shares no
//! code with the solver (classes = ceil(students / cap) per grade, summed, against the rooms; the
//! school total against the size cap), in every forecast year.

use catchment::forecast::{forecast, Forecast, ForecastInput, Scenario};
use catchment::model::{Level, Project, Stage};
use catchment::siting::site::{solve, SiteError, SiteOptions, SitePlan, SiteProblem};
use std::process::Command;

use crate::support::linxi;

fn opts(stage: Stage, max_new: Option<u32>) -> SiteOptions {
    SiteOptions {
        stage,
        scenario: Scenario::Mid,
        max_new,
    }
}

/// The project's forecast over `horizon` years, the one a plan is made on.
fn forecast_years(
    p: &Project,
    horizon: u32,
) -> Result<Forecast, catchment::forecast::ForecastError> {
    let mut input = ForecastInput::from_project(p, crate::support::forecast_options(p));
    input.options.horizon = horizon;
    forecast(&input)
}

fn plan(p: &Project, o: &SiteOptions) -> Result<SitePlan, SiteError> {
    plan_on(p, &forecast_years(p, 6).unwrap(), o)
}

fn plan_on(p: &Project, fc: &Forecast, o: &SiteOptions) -> Result<SitePlan, SiteError> {
    Ok(solve(&SiteProblem::build(p, fc, o)?))
}

/// Independent check: returns a list of breaches (empty = every cap holds every year).
fn breaches(plan: &SitePlan, caps: [u32; 12], size_max: u32) -> Vec<String> {
    let mut out = Vec::new();
    for year in &plan.after {
        let mut seated = 0u64;
        for s in &year.schools {
            let mut classes = 0;
            for (g, n) in s.students_by_grade.iter().enumerate() {
                if *n > 0 {
                    classes += n.div_ceil(caps[g]);
                }
            }
            let total: u32 = s.students_by_grade.iter().sum();
            seated += total as u64;
            if classes > s.rooms {
                out.push(format!(
                    "{} {}: {classes} classes > {} rooms",
                    year.year, s.school_id, s.rooms
                ));
            }
            if total + s.fixed_students > size_max.min(s.size_cap) {
                out.push(format!(
                    "{} {}: {} students over the size cap",
                    year.year,
                    s.school_id,
                    total + s.fixed_students
                ));
            }
        }
        if seated != year.students {
            out.push(format!(
                "{}: {} of {} students seated",
                year.year, seated, year.students
            ));
        }
    }
    out
}

fn caps(p: &Project) -> [u32; 12] {
    let st = &p.settings.standards;
    let k = st.class_cap_kindergarten;
    [
        k[0],
        k[1],
        k[2],
        st.class_cap_primary,
        st.class_cap_primary,
        st.class_cap_primary,
        st.class_cap_primary,
        st.class_cap_primary,
        st.class_cap_primary,
        st.class_cap_junior,
        st.class_cap_junior,
        st.class_cap_junior,
    ]
}

#[test]
fn linxi_kindergarten_plan_meets_every_cap_every_year() {
    let p = linxi();
    let plan = plan(&p, &opts(Stage::Kindergarten, None)).unwrap();
    assert!(plan.feasible);
    assert!(!plan.kg_rooms.is_empty(), "attached classes are split off");
    assert!(
        plan.before.iter().any(|y| y.seats_short > 0),
        "the status quo is short"
    );
    assert!(plan.new_schools.len() as u32 >= plan.lower_bound_new);
    assert!(!plan.new_schools.is_empty());
    let sizes = &p.settings.standards.standard_classes_kindergarten;
    for n in &plan.new_schools {
        assert!(
            sizes.contains(&n.classes),
            "{} classes is a standard size",
            n.classes
        );
        assert!(
            n.open_year.is_some(),
            "each new school is needed in some year"
        );
    }
    let b = breaches(&plan, caps(&p), p.settings.standards.kindergarten_size_max);
    assert!(b.is_empty(), "{b:?}");
}

#[test]
fn linxi_primary_plan_meets_every_cap_every_year() {
    let p = linxi();
    let plan = plan(&p, &opts(Stage::Primary, None)).unwrap();
    assert!(plan.feasible);
    let b = breaches(
        &plan,
        caps(&p),
        p.settings.standards.school_size_cap(Level::Primary),
    );
    assert!(b.is_empty(), "{b:?}");
}

#[test]
fn too_few_new_schools_says_why_with_numbers() {
    let p = linxi();
    let plan = plan(&p, &opts(Stage::Kindergarten, Some(1))).unwrap();
    assert!(!plan.feasible);
    assert!(plan.new_schools.len() <= 1);
    let short: u64 = plan.after.iter().map(|y| y.seats_short).sum();
    assert!(short > 0);
    let by_area: u64 = plan
        .after
        .iter()
        .flat_map(|y| y.short_by_area.values())
        .sum();
    assert_eq!(short, by_area, "seats short are all located by area");
    let md = catchment::report::site::justification(&plan);
    assert!(md.contains("Still short after the plan"));
}

#[test]
fn no_schools_of_the_level_is_an_error() {
    // The forecast is the project's (its history names the kindergartens); the plan is then asked
    // for on a project without them.
    let mut p = linxi();
    let fc = forecast_years(&p, 6).unwrap();
    p.schools.retain(|s| s.level != Level::Kindergarten);
    let e = plan_on(&p, &fc, &opts(Stage::Kindergarten, None)).unwrap_err();
    assert!(e.to_string().contains("no kindergarten schools"), "{e}");
}

#[test]
fn horizon_over_12_is_an_error() {
    // A plan is made on the forecast it is given; a 13-year forecast cannot be made.
    let p = linxi();
    assert!(forecast_years(&p, 13).is_err());
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_catchment"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cli_bad_input_exits_1_with_hint() {
    for args in [
        vec!["site", "--level", "senior"],
        vec!["site", "--level", "primary", "--horizon", "13"],
    ] {
        let o = cli(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("error:") && err.contains("hint:"), "{err}");
    }
}

/// "No new school is needed" is an answer: exit 0, said in the outputs, the sites map drawn.
#[test]
fn cli_no_new_school_is_an_answer_with_a_map() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("primary");
    let o = cli(&["site", "--level", "primary", "--out", out.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("no new primary school is needed"));
    let md = std::fs::read_to_string(out.join("justification.md")).unwrap();
    assert!(md.contains("No new primary school is needed"), "{md}");
    let geo: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("sites.geojson")).unwrap()).unwrap();
    assert_eq!(geo["result"], "no new primary school is needed");
    assert_eq!(geo["features"].as_array().unwrap().len(), 0);
    let png = std::fs::read(out.join("sites.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
}

/// A plan that cannot meet the caps with every remedy allowed says by how much, by year, and exits 1.
#[test]
fn cli_infeasible_plan_exits_1_with_the_shortage_by_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kg");
    let o = cli(&[
        "site",
        "--level",
        "kindergarten",
        "--max-new",
        "0",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error:") && err.contains("hint:"), "{err}");
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("plan.json")).unwrap()).unwrap();
    for y in plan["after"].as_array().unwrap() {
        let short = y["seats_short"].as_u64().unwrap();
        let year = y["year"].as_i64().unwrap();
        if short > 0 {
            assert!(err.contains(&format!("{year}: {short}")), "{year}: {err}");
        }
    }
    assert!(err.contains("seats short by year"), "{err}");
}

#[test]
fn cli_writes_outputs_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        let o = cli(&[
            "site",
            "--level",
            "kindergarten",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    for f in [
        "sites.geojson",
        "justification.md",
        "plan.json",
        "assignment.csv",
        "schools.csv",
        "zones.geojson",
    ] {
        let x = std::fs::read(a.join(f)).unwrap();
        assert!(!x.is_empty(), "{f}");
        assert_eq!(
            x,
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs between runs"
        );
    }
}
