//! Turning a projection into results, CSV rows and the text summary. Everything is ordered by
//! school id, year, grade and scenario, so the same input gives byte-identical files.

use super::classes::{path, school_year};
use super::result::*;
use super::scenarios::Scenario;
use super::selection::Selection;
use super::{grades_of, Core, ForecastInput};
use crate::forecast::history::HistoryTable;
use crate::model::Grade;
use rayon::prelude::*;
use serde::Serialize;
use std::fmt::Write;

/// Build the [`Forecast`] from a fitted and projected core.
pub(crate) fn assemble(
    input: &ForecastInput,
    hist: &HistoryTable,
    base: i32,
    core: &Core,
) -> Forecast {
    let schools = input.schools;
    let h = core.projected.horizon;
    let years: Vec<i32> = (1..=h).map(|t| base + t as i32).collect();
    let mut order: Vec<usize> = (0..schools.len()).collect();
    order.sort_by(|&a, &b| schools[a].id.cmp(&schools[b].id));
    let total = |c: &[f64; 12]| c.iter().sum::<f64>().round() as u32;
    // Each school's class arithmetic is independent: in parallel, collected in id order.
    let out: Vec<SchoolForecast> = order
        .par_iter()
        .map(|&s| {
            let school = &schools[s];
            let paths = Scenario::ALL
                .iter()
                .enumerate()
                .map(|(sc, scenario)| {
                    let ys = years
                        .iter()
                        .enumerate()
                        .map(|(t, y)| {
                            school_year(school, *y, core.projected.at(sc, s, t), input.standards)
                        })
                        .collect();
                    path(*scenario, ys)
                })
                .collect();
            SchoolForecast {
                school_id: school.id.clone(),
                name: school.name.clone(),
                level: school.level,
                status: core.status[s],
                classrooms: super::classes::rooms(school),
                size_cap: input.standards.school_size_cap(school.level),
                grades: grades_of(&core.taught[s]),
                history: (hist.first_year..=base)
                    .filter_map(|y| hist.get(s, y).map(|c| (y, total(c))))
                    .collect(),
                ratios: grades_of(&core.taught[s])
                    .into_iter()
                    .map(|g| (g, core.fitted.ratios[s][g.index()]))
                    .collect(),
                paths,
            }
        })
        .collect();
    let county = county_years(&out, &years);
    let county_history = (hist.first_year..=base)
        .filter_map(|y| {
            let obs: Vec<u32> = (0..schools.len())
                .filter_map(|s| hist.get(s, y).map(total))
                .collect();
            (!obs.is_empty()).then(|| (y, obs.iter().sum()))
        })
        .collect();
    let mut feeders: Vec<FeederLink> = Vec::new();
    for (j, list) in core.feeders.sources.iter().enumerate() {
        for &(p, share) in list {
            feeders.push(FeederLink {
                school_id: schools[j].id.clone(),
                feeder_id: schools[p].id.clone(),
                share,
            });
        }
    }
    feeders.sort_by(|a, b| (&a.school_id, &a.feeder_id).cmp(&(&b.school_id, &b.feeder_id)));
    Forecast {
        base_year: base,
        horizon: h as u32,
        years,
        birth_mode: core.mode,
        options: input.options.clone(),
        notes: notes(&out, core),
        schools: out,
        county,
        county_history,
        county_ratios: Grade::ALL
            .iter()
            .map(|g| (*g, core.fitted.county[g.index()]))
            .collect(),
        multipliers: Grade::ALL
            .iter()
            .map(|g| {
                let m = &core.fitted.multipliers;
                (*g, [m[0][g.index()], m[1][g.index()], m[2][g.index()]])
            })
            .collect(),
        housing: core.housing.attachments.clone(),
        feeders,
        selection: Selection::default(),
    }
}

fn county_years(schools: &[SchoolForecast], years: &[i32]) -> Vec<CountyYear> {
    years
        .iter()
        .enumerate()
        .map(|(t, y)| {
            let mut c = CountyYear {
                year: *y,
                students: [0; 3],
                classes_needed: [0; 3],
                schools_short: [0; 3],
            };
            for s in schools {
                for sc in 0..3 {
                    let sy = &s.paths[sc].years[t];
                    c.students[sc] += sy.total;
                    c.classes_needed[sc] += sy.classes_needed;
                    c.schools_short[sc] += u32::from(sy.classrooms_short > 0);
                }
            }
            c
        })
        .collect()
}

fn notes(schools: &[SchoolForecast], core: &Core) -> Vec<String> {
    let mut notes = Vec::new();
    for s in schools {
        match s.status {
            SchoolStatus::New => notes.push(format!(
                "school '{}' has no history: it starts from its current enrollment (if given) with county ratios",
                s.school_id
            )),
            SchoolStatus::Closed => notes.push(format!(
                "school '{}': history ends {}; treated as closed (forecast 0)",
                s.school_id,
                s.history.last().map_or("before the base year".to_string(), |h| h.0.to_string())
            )),
            SchoolStatus::Observed => {}
        }
    }
    for a in &core.housing.attachments {
        if a.school_id.is_none() && a.students > 0.0 {
            notes.push(format!(
                "housing '{}': {:.0} {} pupils have no school of that stage to go to",
                a.housing_id, a.students, a.stage
            ));
        }
    }
    if core.mode == super::BirthMode::Persistence {
        notes.push("no births table: entry grades follow their recent counts".into());
    }
    notes
}

/// `forecast.csv`: school_id, year, grade, scenario, students, classes_needed.
pub fn forecast_rows(f: &Forecast) -> Vec<Vec<String>> {
    let mut rows = vec![[
        "school_id",
        "year",
        "grade",
        "scenario",
        "students",
        "classes_needed",
    ]
    .map(String::from)
    .to_vec()];
    for s in &f.schools {
        for (t, y) in f.years.iter().enumerate() {
            for g in &s.grades {
                for p in &s.paths {
                    let sy = &p.years[t];
                    rows.push(vec![
                        s.school_id.clone(),
                        y.to_string(),
                        g.code().to_string(),
                        p.scenario.as_str().to_string(),
                        sy.students.get(*g).to_string(),
                        sy.classes.get(*g).to_string(),
                    ]);
                }
            }
        }
    }
    rows
}

/// `capacity_timeline.csv`: one row per school, year and scenario.
pub fn timeline_rows(f: &Forecast) -> Vec<Vec<String>> {
    let header = [
        "school_id",
        "year",
        "scenario",
        "students",
        "classes_needed",
        "classrooms",
        "classrooms_short",
        "over_size_cap",
        "large_classes",
        "very_large_classes",
    ];
    let mut rows = vec![header.map(String::from).to_vec()];
    for s in &f.schools {
        for (t, y) in f.years.iter().enumerate() {
            for p in &s.paths {
                let sy = &p.years[t];
                rows.push(vec![
                    s.school_id.clone(),
                    y.to_string(),
                    p.scenario.as_str().to_string(),
                    sy.total.to_string(),
                    sy.classes_needed.to_string(),
                    sy.classrooms.to_string(),
                    sy.classrooms_short.to_string(),
                    sy.over_size_cap.to_string(),
                    sy.large_classes.to_string(),
                    sy.very_large_classes.to_string(),
                ]);
            }
        }
    }
    rows
}

/// A school that runs short of rooms or over its cap in the mid scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolAlert {
    pub school_id: String,
    pub name: String,
    pub first_short_year: Option<i32>,
    pub first_over_cap_year: Option<i32>,
    /// The most rooms short, and the most large / very large classes, over the horizon (mid).
    pub max_classrooms_short: u32,
    pub max_large_classes: u32,
    pub max_very_large_classes: u32,
}

/// The machine-readable summary (`--json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastSummary {
    pub base_year: i32,
    pub horizon: u32,
    pub years: Vec<i32>,
    pub schools: usize,
    pub birth_mode: super::BirthMode,
    pub county: Vec<CountyYear>,
    pub alerts: Vec<SchoolAlert>,
    pub notes: Vec<String>,
}

/// Summarise a forecast.
pub fn summary(f: &Forecast) -> ForecastSummary {
    let alerts = f
        .schools
        .iter()
        .filter_map(|s| {
            let mid = &s.paths[1];
            let max = |k: fn(&SchoolYear) -> u32| mid.years.iter().map(k).max().unwrap_or(0);
            let a = SchoolAlert {
                school_id: s.school_id.clone(),
                name: s.name.clone(),
                first_short_year: mid.first_short_year,
                first_over_cap_year: mid.first_over_cap_year,
                max_classrooms_short: max(|y| y.classrooms_short),
                max_large_classes: max(|y| y.large_classes),
                max_very_large_classes: max(|y| y.very_large_classes),
            };
            (a.first_short_year.is_some() || a.first_over_cap_year.is_some()).then_some(a)
        })
        .collect();
    ForecastSummary {
        base_year: f.base_year,
        horizon: f.horizon,
        years: f.years.clone(),
        schools: f.schools.len(),
        birth_mode: f.birth_mode,
        county: f.county.clone(),
        alerts,
        notes: f.notes.clone(),
    }
}

/// The summary as text for the terminal.
pub fn summary_text(s: &ForecastSummary) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "forecast: base year {}, {} years ({}-{}), {} schools, births: {}",
        s.base_year,
        s.horizon,
        s.years.first().copied().unwrap_or(s.base_year),
        s.years.last().copied().unwrap_or(s.base_year),
        s.schools,
        s.birth_mode.as_str()
    );
    let _ = writeln!(
        t,
        "county pupils        low      mid     high   classes(mid)  schools short(mid)"
    );
    for c in &s.county {
        let _ = writeln!(
            t,
            "  {}        {:>8} {:>8} {:>8}   {:>12}  {:>18}",
            c.year,
            c.students[0],
            c.students[1],
            c.students[2],
            c.classes_needed[1],
            c.schools_short[1]
        );
    }
    if s.alerts.is_empty() {
        let _ = writeln!(
            t,
            "no school runs short of classrooms or over its size cap (mid scenario)"
        );
    } else {
        let _ = writeln!(
            t,
            "schools short of classrooms or over the size cap (mid scenario):"
        );
        for a in &s.alerts {
            let yr = |y: Option<i32>| y.map_or("-".to_string(), |y| y.to_string());
            let _ = writeln!(
                t,
                "  {} {}: short of classrooms from {} (at most {} short), over the size cap from {}, at most {} large / {} very large classes if no room is added",
                a.school_id,
                a.name,
                yr(a.first_short_year),
                a.max_classrooms_short,
                yr(a.first_over_cap_year),
                a.max_large_classes,
                a.max_very_large_classes
            );
        }
    }
    for n in &s.notes {
        let _ = writeln!(t, "note: {n}");
    }
    t
}
