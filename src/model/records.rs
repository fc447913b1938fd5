//! The records a project is made of: schools, students, planning units and the tables around them.

use super::{Grade, GradeCounts, Level, SourceRef};
use geo::MultiPolygon;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A school (学校), as registered with the bureau.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct School {
    pub id: String,
    pub name: String,
    pub level: Level,
    /// WGS84 longitude, latitude in degrees.
    pub lonlat: [f64; 2],
    /// Planar position in metres, in the project CRS.
    pub xy_m: [f64; 2],
    /// Classrooms usable as general classrooms (普通教室): every one of the school's, including
    /// those its attached kindergarten classes use (see [`crate::model::rooms_for`]).
    pub classrooms: u32,
    /// Current enrollment by grade, where the schools table gives it.
    pub enrollment: Option<GradeCounts>,
    /// Kindergarten classes attached to a primary school (附设幼儿班); their rooms are part of
    /// `classrooms`.
    pub kg_classes: u32,
    /// A hard cap on students set by the bureau, beyond the national size cap.
    pub max_students: Option<u32>,
    pub boarding: bool,
    /// Classrooms that could be added on the current site.
    pub expandable_classrooms: u32,
    pub source: SourceRef,
}

impl School {
    /// A school of `level` at the origin with no classrooms, no enrollment, nothing attached and
    /// nothing expandable, named by its id: the start for building a school in code (tests,
    /// benches, the planned new schools of a siting report), changing what matters.
    pub fn new(id: &str, level: Level, source: SourceRef) -> School {
        School {
            id: id.into(),
            name: id.into(),
            level,
            lonlat: [0.0, 0.0],
            xy_m: [0.0, 0.0],
            classrooms: 0,
            enrollment: None,
            kg_classes: 0,
            max_students: None,
            boarding: false,
            expandable_classrooms: 0,
            source,
        }
    }
}

/// How a student's home position was obtained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Placement {
    /// Given as coordinates in the file.
    Coordinates,
    /// Placed from the gazetteer by matching the address; `matched` is the gazetteer name, `quality`
    /// says how much of the address matched (`village`, `township`).
    Address {
        matched: Arc<str>,
        quality: Arc<str>,
    },
    /// Could not be placed; the student is kept and listed as a reject with this reason.
    Unplaced { reason: String },
}

/// A student (学生). Personal data: never published individually.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Student {
    pub id: String,
    pub grade: Grade,
    /// WGS84 home position in degrees, when known.
    pub lonlat: Option<[f64; 2]>,
    /// Planar home position in metres, when known.
    pub xy_m: Option<[f64; 2]>,
    pub address: Option<String>,
    /// Current school. This and the unit and birth date repeat across pupils, so a loaded table
    /// shares one copy of each value ([`crate::io::intern`]).
    pub school_id: Option<Arc<str>>,
    pub unit_id: Option<Arc<str>>,
    pub birth_date: Option<Arc<str>>,
    pub migrant: bool,
    pub placement: Placement,
    pub source: SourceRef,
}

/// The shape of a planning unit.
#[derive(Debug, Clone, PartialEq)]
pub enum UnitShape {
    /// Polygons, in planar metres (`xy_m`) and WGS84 degrees (`lonlat`).
    Polygon {
        lonlat: MultiPolygon<f64>,
        xy_m: MultiPolygon<f64>,
    },
    /// A representative point only.
    Point { lonlat: [f64; 2], xy_m: [f64; 2] },
}

/// A planning unit (规划单元): a village or residential community.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub shape: UnitShape,
    /// A representative point in planar metres (the centroid, or the point itself).
    pub centroid_xy_m: [f64; 2],
    /// Children by grade living in the unit, where given.
    pub counts: Option<GradeCounts>,
    pub source: SourceRef,
}

/// One row of enrollment history: students of `grade` at `school_id` in school year `year`
/// (the year the school year starts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub school_id: String,
    pub year: i32,
    pub grade: Grade,
    pub enrolled: u32,
    pub source: SourceRef,
}

/// Births in a calendar year, for the county or one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BirthRow {
    pub year: i32,
    pub births: u32,
    pub unit_id: Option<String>,
    pub source: SourceRef,
}

/// A housing project (新建住宅): `homes` completed in `year`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HousingProject {
    pub id: String,
    pub lonlat: [f64; 2],
    pub xy_m: [f64; 2],
    pub homes: u32,
    pub year: i32,
    pub source: SourceRef,
}

/// A candidate site for a new school (备选校址).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Site {
    pub id: String,
    pub lonlat: [f64; 2],
    pub xy_m: [f64; 2],
    pub max_classes: Option<u32>,
    /// Building cost in yuan (tie-break only).
    pub fixed_cost: Option<f64>,
    pub source: SourceRef,
}

/// Per-school inputs to the quality-balance indicators (优质均衡 resource indicators).
///
/// Every value is `None` when the resources table has no column for it or the cell is empty: a
/// missing input is never read as 0, so an indicator that lacks its input is "not computed", not
/// "not met". Only a value written as 0 is 0. Column names (and their Chinese names) are in the
/// README's table of fields.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Resources {
    pub school_id: String,
    /// Teachers with the qualification the stage requires (高于规定学历教师数: 专科+ primary,
    /// 本科+ junior). Column `qualified_teachers`.
    pub qualified_teachers: Option<f64>,
    /// County-level or higher backbone teachers (县级及以上骨干教师数). Column `backbone_teachers`.
    pub backbone_teachers: Option<f64>,
    /// PE and arts teachers (体育、艺术专任教师数). Column `pe_arts_teachers`.
    pub pe_arts_teachers: Option<f64>,
    /// Teaching and auxiliary rooms area in m² (教学及辅助用房面积). Column `teaching_aux_area_m2`.
    pub building_m2: Option<f64>,
    /// Total school building area in m² (校舍建筑面积): a larger quantity than `building_m2`, kept
    /// only to say that it is not the indicator's input. Column `total_building_area_m2`.
    pub total_building_m2: Option<f64>,
    /// Sports ground and hall area in m² (体育运动场馆面积). Column `sports_area_m2`.
    pub sports_m2: Option<f64>,
    /// Teaching instrument and equipment value in yuan (教学仪器设备值). Column
    /// `equipment_value_yuan`.
    pub equipment_yuan: Option<f64>,
    /// Networked multimedia classrooms (网络多媒体教室数). Column `multimedia_classrooms`.
    pub multimedia_rooms: Option<f64>,
    /// Music rooms (音乐专用教室数).
    pub music_rooms: Option<u32>,
    /// Area of the smallest music room, m².
    pub music_room_m2: Option<f64>,
    /// Art rooms (美术专用教室数).
    pub art_rooms: Option<u32>,
    /// Area of the smallest art room, m².
    pub art_room_m2: Option<f64>,
    /// Canonical names of the indicator-input columns the resources table lacks.
    pub absent_columns: Vec<String>,
    pub source: SourceRef,
}

/// A named place used to locate addresses (地名): a township or village with its position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GazetteerEntry {
    pub name: String,
    pub lonlat: [f64; 2],
    /// The township a village belongs to, where given.
    pub parent: Option<String>,
    pub source: SourceRef,
}
