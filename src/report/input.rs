//! What the report reads of the project, built once by [`ReportInput::from_project`]: the report's
//! input builder, and the only function of `report` that sees a [`Project`].
//!
//! Why: beside the engines' results the report describes the inputs themselves: the data
//! section's counts, the data problems, the standards used, the project's name and data year,
//! today's home-to-school distances, and the schools, units and pupils drawn under the results.
//! Those live only in the project. Gathering them here into typed fields, once, means every other
//! report function takes this input and the engines' results, and none can reach into the project
//! for something an engine should have computed.

use super::privacy::{homes, Homes};
use crate::crs::PlanarCrs;
use crate::map::MapLayers;
use crate::model::{Grade, LoadReport, Project, School, Stage};
use crate::standards::Standards;

/// Everything the report shows of the project, borrowed where it is a table and computed where
/// it is a summary.
#[derive(Debug)]
pub struct ReportInput<'a> {
    /// The project's name: the report's subject and the maps' source note.
    pub name: &'a str,
    pub standards: &'a Standards,
    /// The project's planar CRS: metres back to lon/lat for the GIS layers and the sites table.
    pub planar: &'a PlanarCrs,
    /// Today's schools, in the order of the situation table.
    pub schools: &'a [School],
    /// The last year of the enrollment history, when there is one.
    pub last_history_year: Option<i32>,
    /// Pupils in the students table.
    pub pupils: usize,
    /// Pupils in the students table by grade ([`Grade::index`]).
    pub pupils_by_grade: [usize; 12],
    /// What loading found: diagnostics, rejected rows, the files' encodings.
    pub load: &'a LoadReport,
    /// Per stage, in the order of [`Stage::ALL`].
    pub stages: Vec<StageInput>,
}

/// What the report shows of one stage's pupils and schools today.
#[derive(Debug)]
pub struct StageInput {
    pub stage: Stage,
    /// The pupils' homes, by how they were placed (the privacy filter counts them).
    pub homes: Homes,
    /// Today's distances from home to the school the pupils attend.
    pub today: TodayDistances,
    /// The map layers of today's schools serving the stage, the units and the stage's pupils.
    pub layers: MapLayers,
}

/// Today's situation of a stage: pupils at a known current school with a home position, their mean
/// home-to-school distance, and the share within the stage's service radius.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TodayDistances {
    pub pupils: usize,
    pub mean_distance_m: f64,
    pub within_radius_share: f64,
    pub radius_m: f64,
}

impl<'a> ReportInput<'a> {
    /// The report's input from the loaded project.
    pub fn from_project(project: &'a Project) -> ReportInput<'a> {
        let mut pupils_by_grade = [0usize; 12];
        for s in &project.students {
            pupils_by_grade[s.grade.index()] += 1;
        }
        let stages = Stage::ALL
            .iter()
            .map(|&stage| StageInput {
                stage,
                homes: homes(&project.students, stage),
                today: today_distances(project, stage),
                layers: MapLayers::from_project(project, Some(stage)),
            })
            .collect();
        ReportInput {
            name: &project.name,
            standards: &project.settings.standards,
            planar: &project.planar,
            schools: &project.schools,
            last_history_year: project.history.iter().map(|h| h.year).max(),
            pupils: project.students.len(),
            pupils_by_grade,
            load: &project.report,
            stages,
        }
    }

    /// The input of `stage`.
    pub fn stage(&self, stage: Stage) -> &StageInput {
        let i = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
        &self.stages[i]
    }

    /// Pupils of grade `g` in the students table.
    pub fn pupils_of_grade(&self, g: Grade) -> usize {
        self.pupils_by_grade[g.index()]
    }
}

fn today_distances(p: &Project, stage: Stage) -> TodayDistances {
    let radius_m = p.settings.standards.service_radius_m(stage);
    let (mut n, mut total_m, mut within) = (0usize, 0.0, 0usize);
    for st in p.students.iter().filter(|s| s.grade.stage() == stage) {
        let (Some(home), Some(id)) = (st.xy_m, st.school_id.as_deref()) else {
            continue;
        };
        let Some(school) = p.school(id) else { continue };
        let d = ((home[0] - school.xy_m[0]).powi(2) + (home[1] - school.xy_m[1]).powi(2)).sqrt();
        n += 1;
        total_m += d;
        within += usize::from(d <= radius_m);
    }
    let mean = if n > 0 { total_m / n as f64 } else { 0.0 };
    let share = if n > 0 { within as f64 / n as f64 } else { 0.0 };
    TodayDistances {
        pupils: n,
        mean_distance_m: mean,
        within_radius_share: share,
        radius_m,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crs::PlanarCrs;
    use crate::model::{Level, Placement, SourceRef, Student};
    use crate::standards::Settings;

    fn pupil(id: &str, grade: Grade, school: Option<&str>, xy_m: Option<[f64; 2]>) -> Student {
        Student {
            id: id.into(),
            grade,
            lonlat: None,
            xy_m,
            address: None,
            school_id: school.map(Into::into),
            unit_id: None,
            birth_date: None,
            migrant: false,
            placement: Placement::Coordinates,
            source: SourceRef::new("students.csv", 2),
        }
    }

    /// Two primary schools 10 km apart and one kindergarten; pupils at 300 m, 4 km and 5 km from
    /// their school, one without a home and one at an unknown school.
    fn county() -> Project {
        let mut a = School::new("A", Level::Primary, SourceRef::new("schools.csv", 2));
        let mut b = School::new("B", Level::Primary, SourceRef::new("schools.csv", 3));
        let k = School::new("K", Level::Kindergarten, SourceRef::new("schools.csv", 4));
        a.xy_m = [0.0, 0.0];
        b.xy_m = [10_000.0, 0.0];
        let students = vec![
            pupil("1", Grade::G1, Some("A"), Some([300.0, 0.0])),
            pupil("2", Grade::G2, Some("A"), Some([0.0, 4_000.0])),
            pupil("3", Grade::G6, Some("B"), Some([10_000.0, 5_000.0])),
            pupil("4", Grade::G3, Some("B"), None),
            pupil("5", Grade::G3, Some("Z"), Some([1.0, 1.0])),
            pupil("6", Grade::K2, Some("K"), Some([2.0, 2.0])),
        ];
        let mut p = Project::new(
            "county",
            Settings::default(),
            PlanarCrs::from_epsg(4548).unwrap(),
        );
        p.schools = vec![a, b, k];
        p.students = students;
        p
    }

    #[test]
    fn today_distances_count_pupils_with_a_home_at_a_known_school() {
        let p = county();
        let input = ReportInput::from_project(&p);
        let t = input.stage(Stage::Primary).today;
        let radius_m = p.settings.standards.service_radius_m(Stage::Primary);
        assert_eq!(t.radius_m, radius_m);
        assert_eq!(
            t.pupils, 3,
            "no home (4) and unknown school (5) are left out"
        );
        assert!((t.mean_distance_m - 9_300.0 / 3.0).abs() < 1e-9);
        let within = [300.0, 4_000.0, 5_000.0]
            .iter()
            .filter(|d| **d <= radius_m)
            .count();
        assert!((t.within_radius_share - within as f64 / 3.0).abs() < 1e-12);
        let junior = input.stage(Stage::Junior).today;
        assert_eq!((junior.pupils, junior.mean_distance_m), (0, 0.0));
    }

    #[test]
    fn counts_and_layers_are_per_stage() {
        let p = county();
        let input = ReportInput::from_project(&p);
        assert_eq!(input.pupils, 6);
        assert_eq!(input.pupils_of_grade(Grade::G3), 2);
        assert_eq!(input.pupils_by_grade.iter().sum::<usize>(), 6);
        assert_eq!(input.last_history_year, None);
        for st in Stage::ALL {
            assert_eq!(input.stage(st).stage, st);
        }
        let primary = &input.stage(Stage::Primary);
        let ids: Vec<&str> = primary
            .layers
            .schools
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(ids, ["A", "B"]);
        assert_eq!(primary.layers.density_points_m.len(), 4);
        assert_eq!(primary.homes.own.size(), 4);
        let kg = &input.stage(Stage::Kindergarten);
        assert_eq!(kg.layers.schools.len(), 1);
        assert_eq!(kg.homes.own.size(), 1);
    }
}
