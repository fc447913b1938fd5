//! Builders shared by the integration tests: one school, one student, one project, the Linxi
//! fixture. A test changes what matters to it with struct-update syntax
//! (`School { classrooms: 30, ..support::school("p1", Level::Primary) }`).

use catchment::crs::PlanarCrs;
use catchment::io::{load_project, ProjectSource};
use catchment::model::{Grade, Level, Placement, Project, School, SourceRef, Student, Unit};
use catchment::standards::Settings;
use std::path::PathBuf;

/// A school at the origin with no classrooms, no enrollment and nothing attached, from line 2 of
/// `schools.csv`.
pub fn school(id: &str, level: Level) -> School {
    School {
        name: format!("学校{id}"),
        ..School::new(id, level, SourceRef::new("schools.csv", 2))
    }
}

/// A student placed by coordinates at `xy` (planar metres), with no school, from line 2 of
/// `students.csv`.
pub fn student(id: String, grade: Grade, xy: [f64; 2]) -> Student {
    Student {
        id,
        grade,
        lonlat: None,
        xy_m: Some(xy),
        address: None,
        school_id: None,
        unit_id: None,
        birth_date: None,
        migrant: false,
        placement: Placement::Coordinates,
        source: SourceRef::new("students.csv", 2),
    }
}

/// A project of these records with default settings, in EPSG:4548, without boundary or history.
pub fn project(schools: Vec<School>, students: Vec<Student>, units: Vec<Unit>) -> Project {
    Project {
        schools,
        students,
        units,
        ..Project::new(
            "test",
            Settings::default(),
            PlanarCrs::from_epsg(4548).unwrap(),
        )
    }
}

/// The Linxi fixture (`fixtures/linxi`), loaded as a project folder.
#[allow(dead_code)]
pub fn linxi() -> Project {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/linxi");
    load_project(&ProjectSource::Dir(dir)).unwrap()
}

/// The forecast options `p`'s `catchment.toml` resolves to, with no command-line flags.
#[allow(dead_code)]
pub fn forecast_options(p: &Project) -> catchment::forecast::ForecastOptions {
    catchment::options::Options::from_settings(&p.settings)
        .expect("the project's options resolve")
        .forecast
}

/// An irregular county boundary (a pentagon, planar metres) around the 20 km × 20 km test counties.
pub fn pentagon_boundary() -> geo::MultiPolygon<f64> {
    let ring = vec![
        (-1000.0, -1000.0),
        (21_000.0, -2000.0),
        (23_000.0, 12_000.0),
        (10_000.0, 22_000.0),
        (-2000.0, 15_000.0),
        (-1000.0, -1000.0),
    ];
    geo::MultiPolygon(vec![geo::Polygon::new(ring.into(), vec![])])
}
