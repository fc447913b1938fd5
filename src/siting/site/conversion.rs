//! Remedy 2 of the siting ladder: rooms freed by falling enrollment, converted to kindergarten
//! classes in the same building.
//!
//! Why its own file: when the kindergarten classes attached to primary schools are split off
//! (`kindergarten_split_off`, the project's one assumption), their rooms go back to the primary
//! school. In a building that has both stages, the rooms its grades 1–9 no longer need in a
//! forecast year (its classrooms, returned kindergarten rooms included, less the classes its
//! pupils of grades 1–9 need at the caps) can be refitted as a kindergarten section. Which pupils
//! of grades 1–9 a building holds comes from the primary plan's re-zoning: the primary pupils of
//! each forecast year zoned by the capacitated engine into today's rooms (the same problems the
//! primary siting checks), so a school whose pupils move to a neighbour's idle rooms frees more,
//! and one that takes them frees less. Only a building the primary zoning does not cover falls
//! back to its own forecast, and the conversion table says which source each building used. This
//! file counts those rooms per school and year and turns them into kindergarten seats that keep
//! every standard: each converted room holds one class at the kindergarten caps, the section stays
//! within the kindergarten size standard, and the whole building within its school size cap.
//! Attached classes that are kept convert nothing: their rooms are still in use.

use super::ladder::{classes, loads};
use super::problem::StageYears;
use super::search::YearRun;
use crate::forecast::{Forecast, Scenario};
use crate::model::{rooms_all, Level, Project, School, Stage};
use crate::standards::Standards;
use crate::zones::{capacitated, Problem, Seat, ZoneOptions};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where a building's classes of grades 1–9 per year come from.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RoomsFrom {
    /// The primary plan's re-zoning under the capacitated engine (and the other stage's classes
    /// of a nine-year school, as today).
    PrimaryRezoning,
    /// The school's own forecast (the primary zoning does not cover it).
    OwnForecast,
}

impl RoomsFrom {
    pub fn as_str(self) -> &'static str {
        match self {
            RoomsFrom::PrimaryRezoning => "primary_rezoning",
            RoomsFrom::OwnForecast => "own_forecast",
        }
    }
}

/// Per school index: per forecast year, (classes of grades 1–9 it holds, their pupils).
pub type Held = BTreeMap<usize, Vec<(u32, u32)>>;

/// Per forecast year: (year, (classes of grades 1–9, their pupils)).
type YearHeld = Vec<(i32, (u32, u32))>;

/// One forecast year of a building with both stages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ConvertYear {
    pub year: i32,
    /// Classes its pupils of grades 1–9 need at the caps ([`Convertible::rooms_from`]).
    pub classes_needed: u32,
    /// Its pupils of grades 1–9 ([`Convertible::rooms_from`]).
    pub pupils: u32,
    /// Rooms they do not need: classrooms − classes needed (0 when short).
    pub rooms_free: u32,
    /// Kindergarten children the converted section may take: the kindergarten size standard, and
    /// the school size cap less its pupils of grades 1–9, whichever is smaller.
    pub size_budget: u32,
}

/// A building with both stages whose freed rooms may become kindergarten classes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Convertible {
    pub school_id: String,
    /// Index into the project's schools.
    #[serde(skip)]
    pub school: usize,
    #[serde(skip)]
    pub xy_m: [f64; 2],
    #[serde(skip)]
    pub level: Level,
    /// Classrooms of the building, kindergarten rooms included.
    pub classrooms: u32,
    /// Rooms of its attached kindergarten classes, returned by the split-off.
    pub kg_rooms_returned: u32,
    /// Where its classes of grades 1–9 per year come from.
    pub rooms_from: RoomsFrom,
    pub years: Vec<ConvertYear>,
}

impl Convertible {
    /// Year index `y`'s kindergarten seat of the converted rooms (None: no room or no place free).
    pub fn seat(&self, y: usize) -> Option<Seat> {
        let cy = self.years.get(y)?;
        (cy.rooms_free > 0 && cy.size_budget > 0).then(|| Seat {
            school: self.school,
            id: self.school_id.clone(),
            xy_m: self.xy_m,
            level: self.level,
            room_budget: cy.rooms_free,
            size_budget: cy.size_budget,
            fixed_classes: 0,
            fixed_students: 0,
            rooms: cy.rooms_free,
        })
    }
}

/// The convertible buildings of a kindergarten plan: none when the attached classes are kept;
/// else [`convertible`] on the primary plan's re-zoning ([`primary_rezoning`]).
pub fn convertible_rooms(
    project: &Project,
    forecast: &Forecast,
    scenario: Scenario,
) -> (Vec<Convertible>, Vec<String>) {
    let st = &project.settings.standards;
    if !st.kindergarten_split_off {
        return (
            Vec::new(),
            vec!["attached kindergarten classes kept (kindergarten_split_off = false): they keep their rooms and seat kindergarten children; no freed primary room is converted".to_string()],
        );
    }
    let held = StageYears::without_years(project, Stage::Primary)
        .map(|p| {
            let year = |y: i32| p.year_problem(forecast, y, scenario);
            // A year's groups are today's plus at most one per school: today's count decides.
            let big = p.base.groups.len() > super::search::ONE_YEAR_AT_A_TIME_ABOVE_GROUPS;
            primary_rezoning(&forecast.years, &year, big, &p.expandable, &p.zone_options)
        })
        .unwrap_or_default();
    convertible(&project.schools, forecast, scenario, st, &held)
}

/// Per school, per forecast year: the classes of grades 1–9 it holds and their pupils when that
/// year's primary pupils (`year(y)` for each of `years`) are zoned by the capacitated engine into
/// today's rooms (expandable rooms not built), plus the classes and pupils of its other stage the
/// zones problem keeps fixed. Each year's problem is built when it is zoned and dropped as soon as
/// its loads are counted; one year at a time when `big` (a large county, peak memory).
pub fn primary_rezoning(
    years: &[i32],
    year: &(dyn Fn(i32) -> Problem + Sync),
    big: bool,
    expandable: &[u32],
    opts: &ZoneOptions,
) -> Held {
    use rayon::prelude::*;
    // Per seat: (school, classes held, pupils).
    let held_of = |y: &i32| -> Vec<(usize, u32, u32)> {
        let mut p = year(*y);
        for (seat, extra) in p.seats.iter_mut().zip(expandable) {
            let today = seat.rooms.saturating_sub(*extra);
            seat.room_budget = seat
                .room_budget
                .min(today.saturating_sub(seat.fixed_classes));
        }
        let solved = capacitated::solve_fast(&p, opts);
        let run = YearRun {
            allocs: solved.allocs,
            overflow: 0,
            distance_m: 0.0,
        };
        let l = loads(&p, &run);
        (p.seats.iter().enumerate())
            .map(|(s, seat)| {
                let pupils: u32 = l[s].iter().sum();
                (
                    seat.school,
                    classes(&p, &l[s]) + seat.fixed_classes,
                    pupils + seat.fixed_students,
                )
            })
            .collect()
    };
    let held: Vec<Vec<(usize, u32, u32)>> = match big {
        true => years.iter().map(held_of).collect(),
        false => years.par_iter().map(held_of).collect(),
    };
    let mut out = Held::new();
    for year in held {
        for (school, classes, pupils) in year {
            out.entry(school).or_default().push((classes, pupils));
        }
    }
    out
}

/// The buildings with both stages (a school of grades 1–9 with attached kindergarten classes) and
/// their freed rooms in each forecast year of `scenario`: from `held` (the primary re-zoning)
/// where it covers the school in every year, else from the school's own forecast. A school
/// neither covers is left out and named in the returned notes.
pub fn convertible(
    schools: &[School],
    forecast: &Forecast,
    scenario: Scenario,
    st: &Standards,
    held: &Held,
) -> (Vec<Convertible>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for (i, school) in schools.iter().enumerate() {
        if school.level == Level::Kindergarten || school.kg_classes == 0 {
            continue;
        }
        let rezoned = held
            .get(&i)
            .filter(|h| h.len() == forecast.years.len())
            .map(|h| {
                forecast
                    .years
                    .iter()
                    .copied()
                    .zip(h.iter().copied())
                    .collect()
            });
        let (rooms_from, by_year): (RoomsFrom, YearHeld) = match rezoned {
            Some(y) => (RoomsFrom::PrimaryRezoning, y),
            None => match own_forecast(school, forecast, scenario) {
                Some(y) => (RoomsFrom::OwnForecast, y),
                None => {
                    notes.push(format!(
                        "school '{}' has attached kindergarten classes but no forecast: its freed rooms are not counted for conversion",
                        school.id
                    ));
                    continue;
                }
            },
        };
        let classrooms = rooms_all(school);
        let cap = st.school_size_cap(school.level);
        let cap = school.max_students.map_or(cap, |m| m.min(cap));
        let years = by_year
            .into_iter()
            .map(|(year, (classes_needed, pupils))| ConvertYear {
                year,
                classes_needed,
                pupils,
                rooms_free: classrooms.saturating_sub(classes_needed),
                size_budget: st.kindergarten_size_max.min(cap.saturating_sub(pupils)),
            })
            .collect();
        out.push(Convertible {
            school_id: school.id.clone(),
            school: i,
            xy_m: school.xy_m,
            level: school.level,
            classrooms,
            kg_rooms_returned: crate::model::rooms_for(school, Stage::Kindergarten),
            rooms_from,
            years,
        });
    }
    (out, notes)
}

/// Per forecast year of `scenario`: the classes the school's own pupils of grades 1–9 need at the
/// caps and their number (None: the forecast does not cover the school).
fn own_forecast(school: &School, forecast: &Forecast, scenario: Scenario) -> Option<YearHeld> {
    let path = forecast
        .schools
        .iter()
        .find(|f| f.school_id == school.id)
        .and_then(|f| f.paths.iter().find(|p| p.scenario == scenario))?;
    let own = |g: &&crate::model::Grade| g.stage() != Stage::Kindergarten;
    Some(
        path.years
            .iter()
            .map(|fy| {
                let grades = crate::model::Grade::ALL.iter().filter(own);
                let classes: u32 = grades.clone().map(|g| fy.classes.get(*g)).sum();
                let pupils: u32 = grades.map(|g| fy.students.get(*g)).sum();
                (fy.year, (classes, pupils))
            })
            .collect(),
    )
}
