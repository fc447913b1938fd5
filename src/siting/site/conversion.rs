//! Remedy 2 of the siting ladder: rooms freed by falling enrollment, converted to kindergarten
//! classes in the same building.
//!
//! Why its own file: the kindergarten plan splits off the classes attached to primary schools
//! (their rooms go back to the primary school). In a building that has both stages, the rooms the
//! school's own grades 1–9 no longer need in a forecast year (its classrooms, returned
//! kindergarten rooms included, less the classes its forecast pupils need at the caps) can be
//! refitted as a kindergarten section. This file counts those rooms per school and year and turns
//! them into kindergarten seats that keep every standard: each converted room holds one class at
//! the kindergarten caps, the section stays within the kindergarten size standard, and the whole
//! building within its school size cap.

use crate::forecast::{Forecast, Scenario};
use crate::model::{rooms_all, Level, School, Stage};
use crate::standards::Standards;
use crate::zones::Seat;
use serde::Serialize;

/// One forecast year of a building with both stages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ConvertYear {
    pub year: i32,
    /// Classes its own pupils of grades 1–9 need at the caps (the school's forecast).
    pub classes_needed: u32,
    /// Its pupils of grades 1–9 (the school's forecast).
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

/// The buildings with both stages (a school of grades 1–9 with attached kindergarten classes) and
/// their freed rooms in each forecast year of `scenario`. A school the forecast does not cover is
/// left out and named in the returned notes.
pub fn convertible(
    schools: &[School],
    forecast: &Forecast,
    scenario: Scenario,
    st: &Standards,
) -> (Vec<Convertible>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for (i, school) in schools.iter().enumerate() {
        if school.level == Level::Kindergarten || school.kg_classes == 0 {
            continue;
        }
        let path = forecast
            .schools
            .iter()
            .find(|f| f.school_id == school.id)
            .and_then(|f| f.paths.iter().find(|p| p.scenario == scenario));
        let Some(path) = path else {
            notes.push(format!(
                "school '{}' has attached kindergarten classes but no forecast: its freed rooms are not counted for conversion",
                school.id
            ));
            continue;
        };
        let classrooms = rooms_all(school);
        let cap = st.school_size_cap(school.level);
        let cap = school.max_students.map_or(cap, |m| m.min(cap));
        let years = path
            .years
            .iter()
            .map(|fy| {
                let own = |g: &&crate::model::Grade| g.stage() != Stage::Kindergarten;
                let grades = crate::model::Grade::ALL.iter().filter(own);
                let classes_needed: u32 = grades.clone().map(|g| fy.classes.get(*g)).sum();
                let pupils: u32 = grades.map(|g| fy.students.get(*g)).sum();
                ConvertYear {
                    year: fy.year,
                    classes_needed,
                    pupils,
                    rooms_free: classrooms.saturating_sub(classes_needed),
                    size_budget: st.kindergarten_size_max.min(cap.saturating_sub(pupils)),
                }
            })
            .collect();
        out.push(Convertible {
            school_id: school.id.clone(),
            school: i,
            xy_m: school.xy_m,
            level: school.level,
            classrooms,
            kg_rooms_returned: crate::model::rooms_for(school, Stage::Kindergarten),
            years,
        });
    }
    (out, notes)
}
