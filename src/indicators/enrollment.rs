//! The enrollment the indicators are computed for, per school and grade.
//!
//! It is an explicit input rather than read from `School` inside the engine, so the same engine
//! assesses today's enrollment (from the schools table, [`Enrollment::from_schools`]) or a future
//! year's (from the zones or the forecast).

use crate::model::{GradeCounts, School, Stage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Students per school: grades K1–9 by school id, plus senior-high students of twelve-year schools
/// (which `GradeCounts` does not hold, but which take a share of the school's resources).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Enrollment {
    /// Students by grade, by school id.
    pub grades: BTreeMap<String, GradeCounts>,
    /// Senior-high students of twelve-year schools, by school id; absent means 0 (the school's
    /// resources are then taken to serve grades 1–9 only).
    pub senior: BTreeMap<String, u32>,
}

impl Enrollment {
    /// Today's enrollment as the schools table gives it; schools without enrollment are left out.
    pub fn from_schools(schools: &[School]) -> Enrollment {
        let grades = schools
            .iter()
            .filter_map(|s| s.enrollment.map(|e| (s.id.clone(), e)))
            .collect();
        Enrollment {
            grades,
            senior: BTreeMap::new(),
        }
    }

    /// Students of `stage` at school `id` (0 when unknown).
    pub fn stage(&self, id: &str, stage: Stage) -> u32 {
        self.grades.get(id).map_or(0, |g| g.stage_total(stage))
    }

    /// Senior-high students at school `id` (0 when not given).
    pub fn senior(&self, id: &str) -> u32 {
        self.senior.get(id).copied().unwrap_or(0)
    }
}
