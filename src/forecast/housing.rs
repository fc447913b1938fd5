//! Pupils from new housing: homes × students per 100 homes by stage (`students_per_100_homes` in
//! the standards, overridable per project), phased in from the completion year.
//!
//! Each project is attached, per stage, to the school whose zone contains it (a housing id → school
//! ids mapping), else to the nearest school of the stage. Only projects completed after the base
//! year are added: earlier ones are already in the history. The yield is a stock: from the
//! completion year on (reaching it over `forecast.housing_ramp_years`), the school has that many
//! more pupils, spread evenly over the stage's grades it teaches. Closed schools take none.

use super::attach::{Locator, ServingSchools};
use super::history::taught;
use crate::model::{HousingProject, School, Stage};
use crate::standards::Standards;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where one project's pupils of one stage go.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HousingAttachment {
    pub housing_id: String,
    pub stage: Stage,
    pub year: i32,
    /// None when no school serves the stage (the pupils are reported, not placed).
    pub school_id: Option<String>,
    /// Pupils at full occupation.
    pub students: f64,
}

/// Extra pupils per school: school → per forecast year (base+1..) → per grade.
#[derive(Debug, Clone, Default)]
pub struct HousingYield {
    pub extra: BTreeMap<usize, Vec<[f64; 12]>>,
    pub attachments: Vec<HousingAttachment>,
}

/// Inputs for [`yields`].
pub struct HousingInputs<'a> {
    pub housing: &'a [HousingProject],
    pub schools: &'a [School],
    pub mapping: Option<&'a ServingSchools>,
    pub standards: &'a Standards,
    pub base: i32,
    pub horizon: usize,
    pub ramp_years: u32,
    /// Schools closed at the base year: they take no housing pupils.
    pub closed: &'a [bool],
}

/// The housing yield of every project completed after the base year.
pub fn yields(inp: &HousingInputs) -> HousingYield {
    let locator = Locator::new(inp.schools, inp.closed);
    let mut out = HousingYield::default();
    let mut projects: Vec<&HousingProject> =
        inp.housing.iter().filter(|h| h.year > inp.base).collect();
    projects.sort_by(|a, b| a.id.cmp(&b.id));
    for h in projects {
        for (k, stage) in Stage::ALL.iter().enumerate() {
            let students = h.homes as f64 * inp.standards.students_per_100_homes[k] / 100.0;
            let s = locator.serving(&h.id, h.xy_m, *stage, inp.mapping);
            out.attachments.push(HousingAttachment {
                housing_id: h.id.clone(),
                stage: *stage,
                year: h.year,
                school_id: s.map(|s| inp.schools[s].id.clone()),
                students,
            });
            let Some(s) = s else { continue };
            let t = taught(&inp.schools[s]);
            let grades: Vec<usize> = stage
                .grades()
                .iter()
                .map(|g| g.index())
                .filter(|&g| t[g])
                .collect();
            if grades.is_empty() || students <= 0.0 {
                continue;
            }
            let per_grade = students / grades.len() as f64;
            let years = out
                .extra
                .entry(s)
                .or_insert_with(|| vec![[0.0; 12]; inp.horizon]);
            for (i, cell) in years.iter_mut().enumerate() {
                let y = inp.base + 1 + i as i32;
                if y < h.year {
                    continue;
                }
                let share = ((y - h.year + 1) as f64 / inp.ramp_years.max(1) as f64).min(1.0);
                for &g in &grades {
                    cell[g] += per_grade * share;
                }
            }
        }
    }
    out
}
