//! The enrollment the indicators are computed for, per school and grade.
//!
//! It is an explicit input rather than read from `School` inside the engine, so the same engine
//! assesses today's enrollment (from the schools table, [`Enrollment::from_schools`], or the
//! students list) or a future year's ([`Enrollment::from_forecast`], or any counts per school such
//! as those of new zones).

use crate::model::{GradeCounts, School, Stage, Student};
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

    /// Today's enrollment: the schools table where it gives enrollment, else the students listed
    /// with that `school_id` counted by grade (schools with neither are left out).
    pub fn from_schools_and_students(schools: &[School], students: &[Student]) -> Enrollment {
        let mut e = Enrollment::from_schools(schools);
        let missing: BTreeMap<&str, ()> = schools
            .iter()
            .filter(|s| s.enrollment.is_none())
            .map(|s| (s.id.as_str(), ()))
            .collect();
        for st in students {
            let Some(id) = st.school_id.as_deref() else {
                continue;
            };
            if missing.contains_key(id) {
                e.grades.entry(id.to_string()).or_default().add(st.grade, 1);
            }
        }
        e
    }

    /// A forecast year's enrollment under `scenario`, from [`crate::forecast`]'s results; schools
    /// without that year are left out.
    pub fn from_forecast(
        forecast: &[crate::forecast::SchoolForecast],
        scenario: crate::forecast::Scenario,
        year: i32,
    ) -> Enrollment {
        Enrollment {
            grades: crate::forecast::year::schools_in(forecast, scenario, year),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Grade, Level, Placement, SourceRef};

    #[test]
    fn students_fill_in_for_schools_without_enrollment() {
        let school = |id: &str, enrollment| School {
            classrooms: 6,
            enrollment,
            ..School::new(id, Level::Primary, SourceRef::default())
        };
        let mut given = GradeCounts::default();
        given.set(Grade::G1, 30);
        let schools = [school("A", Some(given)), school("B", None)];
        let student = |school: &str, grade| Student {
            id: "x".into(),
            grade,
            lonlat: None,
            xy_m: None,
            address: None,
            school_id: Some(school.into()),
            unit_id: None,
            birth_date: None,
            migrant: false,
            placement: Placement::Coordinates,
            source: SourceRef::default(),
        };
        let students = [
            student("A", Grade::G2),
            student("B", Grade::G3),
            student("B", Grade::G3),
        ];
        let e = Enrollment::from_schools_and_students(&schools, &students);
        assert_eq!(e.grades["A"], given, "the schools table wins");
        assert_eq!(e.grades["B"].get(Grade::G3), 2);
        assert_eq!(e.stage("B", Stage::Primary), 2);
    }

    #[test]
    fn forecast_year_and_scenario_are_picked() {
        use crate::forecast::{Scenario, ScenarioPath, SchoolForecast, SchoolStatus, SchoolYear};
        let year = |year: i32, g1: u32| {
            let mut students = GradeCounts::default();
            students.set(Grade::G1, g1);
            SchoolYear {
                year,
                students,
                classes: GradeCounts::default(),
                total: g1,
                classes_needed: 0,
                classrooms: 0,
                classrooms_short: 0,
                over_size_cap: false,
                large_classes: 0,
                very_large_classes: 0,
                max_class_size: 0,
            }
        };
        let path = |scenario, n: u32| ScenarioPath {
            scenario,
            years: vec![year(2025, n), year(2026, n + 10)],
            first_short_year: None,
            first_over_cap_year: None,
        };
        let f = SchoolForecast {
            school_id: "A".into(),
            name: "A".into(),
            level: Level::Primary,
            status: SchoolStatus::Observed,
            classrooms: 6,
            size_cap: 2000,
            grades: Level::Primary.grades().to_vec(),
            history: vec![],
            ratios: vec![],
            paths: vec![path(Scenario::Low, 40), path(Scenario::Mid, 50)],
        };
        let e = Enrollment::from_forecast(std::slice::from_ref(&f), Scenario::Mid, 2026);
        assert_eq!(e.stage("A", Stage::Primary), 60);
        let e = Enrollment::from_forecast(&[f], Scenario::High, 2026);
        assert!(e.grades.is_empty());
    }
}
