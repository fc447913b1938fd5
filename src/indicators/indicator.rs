//! The 7 resource indicators (资源配置 7 项指标) of 教督〔2017〕6号: what each measures, its unit, its
//! threshold per stage, and which `Resources` field feeds it.

use crate::model::{Resources, Stage};
use crate::standards::ResourceThresholds;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One of the 7 resource indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// 每百名学生拥有高于规定学历教师数 (per 100 students).
    QualifiedTeachers,
    /// 每百名学生拥有县级及以上骨干教师数 (per 100 students).
    BackboneTeachers,
    /// 每百名学生拥有体育、艺术（美术、音乐）专任教师数 (per 100 students).
    PeArtsTeachers,
    /// 生均教学及辅助用房面积 (m² per student).
    TeachingArea,
    /// 生均体育运动场馆面积 (m² per student).
    SportsArea,
    /// 生均教学仪器设备值 (yuan per student).
    Equipment,
    /// 每百名学生拥有网络多媒体教室数 (per 100 students).
    MultimediaRooms,
}

impl Indicator {
    /// All 7, in the order of the Ministry's table.
    pub const ALL: [Indicator; 7] = [
        Indicator::QualifiedTeachers,
        Indicator::BackboneTeachers,
        Indicator::PeArtsTeachers,
        Indicator::TeachingArea,
        Indicator::SportsArea,
        Indicator::Equipment,
        Indicator::MultimediaRooms,
    ];

    /// Machine name, as in `indicators.csv` and the `Standards` field it takes its threshold from.
    pub fn as_str(self) -> &'static str {
        match self {
            Indicator::QualifiedTeachers => "qualified_teachers_per100",
            Indicator::BackboneTeachers => "backbone_teachers_per100",
            Indicator::PeArtsTeachers => "pe_arts_teachers_per100",
            Indicator::TeachingArea => "teaching_area_m2_per_student",
            Indicator::SportsArea => "sports_area_m2_per_student",
            Indicator::Equipment => "equipment_yuan_per_student",
            Indicator::MultimediaRooms => "multimedia_rooms_per100",
        }
    }

    /// The Chinese name used in the Ministry's table.
    pub fn zh(self) -> &'static str {
        match self {
            Indicator::QualifiedTeachers => "每百名学生拥有高于规定学历教师数",
            Indicator::BackboneTeachers => "每百名学生拥有县级及以上骨干教师数",
            Indicator::PeArtsTeachers => "每百名学生拥有体育、艺术专任教师数",
            Indicator::TeachingArea => "生均教学及辅助用房面积",
            Indicator::SportsArea => "生均体育运动场馆面积",
            Indicator::Equipment => "生均教学仪器设备值",
            Indicator::MultimediaRooms => "每百名学生拥有网络多媒体教室数",
        }
    }

    /// The `Resources` field (and resources-table column) that feeds this indicator.
    pub fn resource_field(self) -> &'static str {
        match self {
            Indicator::QualifiedTeachers => "qualified_teachers",
            Indicator::BackboneTeachers => "backbone_teachers",
            Indicator::PeArtsTeachers => "pe_arts_teachers",
            Indicator::TeachingArea => "building_m2",
            Indicator::SportsArea => "sports_m2",
            Indicator::Equipment => "equipment_yuan",
            Indicator::MultimediaRooms => "multimedia_rooms",
        }
    }

    /// The unit of the resource that a remedy adds.
    pub fn resource_unit(self) -> &'static str {
        match self {
            Indicator::QualifiedTeachers
            | Indicator::BackboneTeachers
            | Indicator::PeArtsTeachers => "teachers",
            Indicator::TeachingArea | Indicator::SportsArea => "m2",
            Indicator::Equipment => "yuan",
            Indicator::MultimediaRooms => "rooms",
        }
    }

    /// Students the value is expressed per: 100 for the "per 100 students" indicators, else 1.
    pub fn per_students(self) -> f64 {
        match self {
            Indicator::QualifiedTeachers
            | Indicator::BackboneTeachers
            | Indicator::PeArtsTeachers
            | Indicator::MultimediaRooms => 100.0,
            _ => 1.0,
        }
    }

    /// Whether the resource comes in whole units (teachers, rooms): remedies add whole units.
    pub fn whole_units(self) -> bool {
        matches!(self.resource_unit(), "teachers" | "rooms")
    }

    /// The indicator value for `resource` (in the resource's unit) shared by `students`:
    /// `resource / students × per_students`.
    pub fn value(self, resource: f64, students: f64) -> f64 {
        resource / students * self.per_students()
    }

    /// The resource that gives exactly `value` for `students`: the inverse of [`Indicator::value`].
    pub fn resource_for(self, value: f64, students: f64) -> f64 {
        value * students / self.per_students()
    }

    /// The threshold for this indicator in `t`.
    pub fn threshold(self, t: &ResourceThresholds) -> f64 {
        match self {
            Indicator::QualifiedTeachers => t.qualified_teachers_per100,
            Indicator::BackboneTeachers => t.backbone_teachers_per100,
            Indicator::PeArtsTeachers => t.pe_arts_teachers_per100,
            Indicator::TeachingArea => t.teaching_area_m2_per_student,
            Indicator::SportsArea => t.sports_area_m2_per_student,
            Indicator::Equipment => t.equipment_yuan_per_student,
            Indicator::MultimediaRooms => t.multimedia_rooms_per100,
        }
    }

    /// The `Standards` field holding this threshold for `stage` (for error messages).
    pub fn standards_key(self, stage: Stage) -> String {
        format!("resources_{}.{}", stage.as_str(), self.as_str())
    }

    /// The resources-table column (canonical name) and its Chinese name, for "not computed"
    /// messages.
    pub fn column(self) -> (&'static str, &'static str) {
        match self {
            Indicator::QualifiedTeachers => ("qualified_teachers", "高于规定学历教师数"),
            Indicator::BackboneTeachers => ("backbone_teachers", "县级及以上骨干教师数"),
            Indicator::PeArtsTeachers => ("pe_arts_teachers", "体育艺术专任教师数"),
            Indicator::TeachingArea => ("teaching_aux_area_m2", "教学及辅助用房面积"),
            Indicator::SportsArea => ("sports_area_m2", "体育运动场馆面积"),
            Indicator::Equipment => ("equipment_value_yuan", "教学仪器设备值"),
            Indicator::MultimediaRooms => ("multimedia_classrooms", "网络多媒体教室数"),
        }
    }

    /// The school-wide resource this indicator is computed from; None when the resources table
    /// does not give it (never read as 0).
    pub fn resource(self, r: &Resources) -> Option<f64> {
        match self {
            Indicator::QualifiedTeachers => r.qualified_teachers,
            Indicator::BackboneTeachers => r.backbone_teachers,
            Indicator::PeArtsTeachers => r.pe_arts_teachers,
            Indicator::TeachingArea => r.building_m2,
            Indicator::SportsArea => r.sports_m2,
            Indicator::Equipment => r.equipment_yuan,
            Indicator::MultimediaRooms => r.multimedia_rooms,
        }
    }

    /// A mutable reference to the resource, to apply a remedy.
    pub fn resource_mut(self, r: &mut Resources) -> &mut Option<f64> {
        match self {
            Indicator::QualifiedTeachers => &mut r.qualified_teachers,
            Indicator::BackboneTeachers => &mut r.backbone_teachers,
            Indicator::PeArtsTeachers => &mut r.pe_arts_teachers,
            Indicator::TeachingArea => &mut r.building_m2,
            Indicator::SportsArea => &mut r.sports_m2,
            Indicator::Equipment => &mut r.equipment_yuan,
            Indicator::MultimediaRooms => &mut r.multimedia_rooms,
        }
    }
}

/// All 7 resources of a row, in [`Indicator::ALL`] order, or the indicators whose input is missing.
pub fn complete(r: &Resources) -> Result<[f64; 7], Vec<Indicator>> {
    let mut out = [0.0; 7];
    let mut missing = Vec::new();
    for (k, ind) in Indicator::ALL.iter().enumerate() {
        match ind.resource(r) {
            Some(v) => out[k] = v,
            None => missing.push(*ind),
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(missing)
    }
}

impl fmt::Display for Indicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Relative tolerance for "meets the threshold": a value within 1e-9 of it (relatively) counts as
/// meeting it, so that a threshold met exactly is not lost to floating-point rounding
/// (4.2 teachers for 100 students is 4.2 per 100, even if the division gives 4.199999…).
pub const REL_TOL: f64 = 1e-9;

/// Whether `value ≥ target`, allowing [`REL_TOL`].
pub fn at_least(value: f64, target: f64) -> bool {
    value >= target - REL_TOL * target.abs().max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_and_inverse_agree() {
        for ind in Indicator::ALL {
            let v = ind.value(7.0, 350.0);
            assert!((ind.resource_for(v, 350.0) - 7.0).abs() < 1e-12);
        }
        assert_eq!(Indicator::QualifiedTeachers.value(21.0, 500.0), 4.2);
        assert_eq!(Indicator::TeachingArea.value(2250.0, 500.0), 4.5);
    }

    #[test]
    fn exact_threshold_counts_as_met() {
        // A value a rounding error below the threshold meets it; a real shortfall does not.
        assert!(at_least(4.2 * (1.0 - 1e-12), 4.2));
        assert!(!at_least(4.19, 4.2));
    }
}
