//! The project's default thresholds, each with its source. See `../shared/standards.toml`.

use crate::grade::{Grade, Level, Stage};
use serde::{Deserialize, Serialize};

/// Service radii in metres (GB 50180-2018 附录B).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceRadii {
    pub kindergarten: f64,
    pub primary: f64,
    pub junior: f64,
}

impl Default for ServiceRadii {
    fn default() -> Self {
        ServiceRadii {
            kindergarten: 300.0,
            primary: 500.0,
            junior: 1000.0,
        }
    }
}

/// Years from the decision to build to the first pupils, by project type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LeadTimes {
    /// A new school or kindergarten: site, design, construction.
    pub new_school_years: u32,
    /// Extra classrooms on an existing site.
    pub extension_years: u32,
}

impl Default for LeadTimes {
    fn default() -> Self {
        LeadTimes {
            new_school_years: 2,
            extension_years: 1,
        }
    }
}

/// One number per stage, given for all three stages when a table is overridden: a day pupil's
/// travel limit ([`TravelLimits`], straight line, metres) or an area per place of a new school
/// ([`AreaPerPlace`], square metres).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerStage {
    pub kindergarten: f64,
    pub primary: f64,
    pub junior: f64,
}

impl PerStage {
    /// The value of `stage`.
    pub fn of(&self, stage: Stage) -> f64 {
        match stage {
            Stage::Kindergarten => self.kindergarten,
            Stage::Primary => self.primary,
            Stage::Junior => self.junior,
        }
    }
}

/// How far from a school a day pupil may live, metres (straight line), by stage.
pub type TravelLimits = PerStage;

/// An area per place (pupil) of a new school, square metres, by stage.
pub type AreaPerPlace = PerStage;

/// The 7 resource-indicator thresholds for one stage (教督〔2017〕6号).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceThresholds {
    pub qualified_teachers_per100: f64,
    pub backbone_teachers_per100: f64,
    pub pe_arts_teachers_per100: f64,
    pub teaching_area_m2_per_student: f64,
    pub sports_area_m2_per_student: f64,
    pub equipment_yuan_per_student: f64,
    pub multimedia_rooms_per100: f64,
}

impl ResourceThresholds {
    fn primary() -> Self {
        ResourceThresholds {
            qualified_teachers_per100: 4.2,
            backbone_teachers_per100: 1.0,
            pe_arts_teachers_per100: 0.9,
            teaching_area_m2_per_student: 4.5,
            sports_area_m2_per_student: 7.5,
            equipment_yuan_per_student: 2000.0,
            multimedia_rooms_per100: 2.3,
        }
    }

    fn junior() -> Self {
        ResourceThresholds {
            qualified_teachers_per100: 5.3,
            backbone_teachers_per100: 1.0,
            pe_arts_teachers_per100: 0.9,
            teaching_area_m2_per_student: 5.8,
            sports_area_m2_per_student: 10.2,
            equipment_yuan_per_student: 2500.0,
            multimedia_rooms_per100: 2.4,
        }
    }
}

/// The default [`Standards::travel_yuan_per_pupil_m`]: 2 trips a day × 180 school days × 20 years
/// of a school's life × 0.5 yuan per pupil-km (a county's bus fare or the family's time), per
/// metre: 2 × 180 × 20 × 0.5 / 1000 = 3.6 yuan.
pub const TRAVEL_YUAN_PER_PUPIL_M: f64 = 2.0 * 180.0 * 20.0 * 0.5 / 1000.0;

/// All thresholds the engines use. Sources are listed by [`provenance`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Standards {
    /// Students per class, primary grades 1–6.
    pub class_cap_primary: u32,
    /// Students per class, junior grades 7–9.
    pub class_cap_junior: u32,
    /// Children per class in 小班, 中班, 大班 (K1, K2, K3).
    pub class_cap_kindergarten: [u32; 3],
    /// Students per school, primary or junior.
    pub school_size_max: u32,
    /// Students per school, nine-year and twelve-year.
    pub school_size_max_combined: u32,
    /// Children per kindergarten.
    pub kindergarten_size_max: u32,
    /// A class of this many or more is a large class (大班额).
    pub large_class_min: u32,
    /// A class of this many or more is a very large class (超大班额).
    pub very_large_class_min: u32,
    pub service_radius_m: ServiceRadii,
    /// Standard sizes, in classes, for a new primary or junior school.
    pub standard_classes_school: Vec<u32>,
    /// Standard sizes, in classes, for a new kindergarten.
    pub standard_classes_kindergarten: Vec<u32>,
    pub resources_primary: ResourceThresholds,
    pub resources_junior: ResourceThresholds,
    /// Indicators of 7 a school must meet.
    pub min_indicators_met: u32,
    /// The others must reach this share of their threshold.
    pub remainder_floor_ratio: f64,
    /// Teaching points below this many students are left out of the coefficients of variation.
    pub exclude_teaching_points_below: u32,
    pub cv_max_primary: f64,
    pub cv_max_junior: f64,
    /// Enrollment weights splitting a nine-year school: primary : junior.
    pub split_nine_year: [f64; 2],
    /// Enrollment weights splitting a twelve-year school: primary : junior : senior.
    pub split_twelve_year: [f64; 3],
    /// One music and one art room per this many classes.
    pub classes_per_music_art_room: u32,
    pub music_room_min_m2: f64,
    pub art_room_min_m2: f64,
    /// Students per 100 new homes, by stage (kindergarten, primary, junior).
    pub students_per_100_homes: [f64; 3],
    /// Age on the cut-off date at which children enter grade 1.
    pub primary_entry_age: u32,
    /// The entry cut-off date, `MM-DD`.
    pub entry_cutoff: String,
    /// New schools keep at least this far from an existing school of their level.
    pub min_site_spacing_m: f64,
    /// Construction lead times: no build is due before the base year plus its lead time.
    pub lead_time: LeadTimes,
    /// A new school is proposed only if it is still needed this many years after it opens (or to
    /// the end of the forecast); a shorter need is met by interim measures or an extension.
    pub need_lasts_years: u32,
    /// Land (site) area per place of a new school, m².
    pub land_m2_per_place: AreaPerPlace,
    /// Building floor area per place of a new school, m².
    pub floor_m2_per_place: AreaPerPlace,
    /// Construction cost per m² of floor area, yuan (when the sites table gives no fixed cost).
    pub build_cost_yuan_per_m2: f64,
    /// Cost of one added classroom on an existing school, yuan.
    pub extension_cost_yuan_per_classroom: f64,
    /// Cost of converting one primary classroom freed by falling enrollment into a kindergarten
    /// activity room in the same building (refit to the kindergarten standard), yuan.
    pub conversion_cost_yuan_per_room: f64,
    /// Whether the kindergarten classes attached to primary schools (`kg_classes`) are split off
    /// into kindergartens: their children are kindergarten demand for the kindergartens, and their
    /// rooms go back to the compulsory grades. One assumption for every section (zones, forecast,
    /// siting, indicators); `false` keeps the attached classes in their rooms.
    pub kindergarten_split_off: bool,
    /// Yuan one pupil-metre of daily travel costs over the life of a new school, weighed against
    /// its building cost when the site choice trades travel for building (2 trips × school days ×
    /// years × yuan per pupil-km ÷ 1,000).
    pub travel_yuan_per_pupil_m: f64,
    /// Day-school travel limit where pupils live in an urban subdistrict (街道).
    pub travel_limit_urban_m: TravelLimits,
    /// Day-school travel limit where pupils live in a rural township (镇/乡).
    pub travel_limit_rural_m: TravelLimits,
    /// Pupils from this grade on (primary grade 4 and up, and junior) may board at a school
    /// marked `boarding`: no day travel limit applies to them.
    pub boarding_from_grade: u32,
    /// A new school is proposed for access only if it brings at least this share of the places of
    /// the smallest standard size within the travel limit, counting pupils who otherwise live
    /// beyond it, in every year it serves.
    pub access_min_fill: f64,
}

impl Default for Standards {
    fn default() -> Self {
        Standards {
            class_cap_primary: 45,
            class_cap_junior: 50,
            class_cap_kindergarten: [25, 30, 35],
            school_size_max: 2000,
            school_size_max_combined: 2500,
            kindergarten_size_max: 360,
            large_class_min: 56,
            very_large_class_min: 66,
            service_radius_m: ServiceRadii::default(),
            standard_classes_school: vec![12, 18, 24, 30],
            standard_classes_kindergarten: vec![3, 6, 9, 12],
            resources_primary: ResourceThresholds::primary(),
            resources_junior: ResourceThresholds::junior(),
            min_indicators_met: 6,
            remainder_floor_ratio: 0.85,
            exclude_teaching_points_below: 50,
            cv_max_primary: 0.50,
            cv_max_junior: 0.45,
            split_nine_year: [1.0, 1.1],
            split_twelve_year: [1.0, 1.1, 1.32],
            classes_per_music_art_room: 12,
            music_room_min_m2: 96.0,
            art_room_min_m2: 90.0,
            students_per_100_homes: [8.0, 15.0, 7.0],
            primary_entry_age: 6,
            entry_cutoff: "08-31".to_string(),
            min_site_spacing_m: 200.0,
            lead_time: LeadTimes::default(),
            need_lasts_years: 3,
            land_m2_per_place: AreaPerPlace {
                kindergarten: 15.0,
                primary: 18.0,
                junior: 23.0,
            },
            floor_m2_per_place: AreaPerPlace {
                kindergarten: 9.5,
                primary: 7.0,
                junior: 8.5,
            },
            build_cost_yuan_per_m2: 3500.0,
            extension_cost_yuan_per_classroom: 600_000.0,
            conversion_cost_yuan_per_room: 150_000.0,
            kindergarten_split_off: true,
            travel_yuan_per_pupil_m: TRAVEL_YUAN_PER_PUPIL_M,
            travel_limit_urban_m: TravelLimits {
                kindergarten: 500.0,
                primary: 1000.0,
                junior: 2000.0,
            },
            travel_limit_rural_m: TravelLimits {
                kindergarten: 2000.0,
                primary: 3000.0,
                junior: 5000.0,
            },
            boarding_from_grade: 4,
            access_min_fill: 0.5,
        }
    }
}

impl Standards {
    /// The class cap for a grade.
    pub fn class_cap(&self, grade: Grade) -> u32 {
        match grade.stage() {
            Stage::Kindergarten => self.class_cap_kindergarten[grade.index()],
            Stage::Primary => self.class_cap_primary,
            Stage::Junior => self.class_cap_junior,
        }
    }

    /// The size cap (students) for a school of `level`.
    pub fn school_size_cap(&self, level: Level) -> u32 {
        match level {
            Level::Kindergarten => self.kindergarten_size_max,
            Level::Primary | Level::Junior => self.school_size_max,
            Level::NineYear | Level::TwelveYear => self.school_size_max_combined,
        }
    }

    /// The service radius in metres for a stage.
    pub fn service_radius_m(&self, stage: Stage) -> f64 {
        match stage {
            Stage::Kindergarten => self.service_radius_m.kindergarten,
            Stage::Primary => self.service_radius_m.primary,
            Stage::Junior => self.service_radius_m.junior,
        }
    }

    /// Resource thresholds for a compulsory stage (None for kindergarten).
    pub fn resources(&self, stage: Stage) -> Option<&ResourceThresholds> {
        match stage {
            Stage::Kindergarten => None,
            Stage::Primary => Some(&self.resources_primary),
            Stage::Junior => Some(&self.resources_junior),
        }
    }
}

/// Where a default comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// The `Standards` field (as written in `catchment.toml`).
    pub key: &'static str,
    /// The document it comes from.
    pub source: &'static str,
    /// H, M or L, as in `shared/standards.toml`.
    pub confidence: &'static str,
}

/// The source of every default in [`Standards`], for the report's method section.
pub fn provenance() -> Vec<Provenance> {
    const QB: &str = "县域义务教育优质均衡发展督导评估办法 (教督〔2017〕6号)";
    let p = |key, source, confidence| Provenance {
        key,
        source,
        confidence,
    };
    vec![
        p("class_cap_primary", QB, "H"),
        p("class_cap_junior", QB, "H"),
        p("class_cap_kindergarten", "幼儿园工作规程 第十一条", "H"),
        p("school_size_max", QB, "H"),
        p("school_size_max_combined", QB, "H"),
        p("kindergarten_size_max", "幼儿园工作规程", "M"),
        p("large_class_min", "教育部 大班额 definition (56+)", "H"),
        p(
            "very_large_class_min",
            "教育部 超大班额 definition (66+)",
            "H",
        ),
        p(
            "service_radius_m",
            "GB 50180-2018 城市居住区规划设计标准 附录B",
            "M",
        ),
        p(
            "standard_classes_school",
            "城市普通中小学校校舍建设标准 (建标102-2002)",
            "H",
        ),
        p(
            "standard_classes_kindergarten",
            "幼儿园建设标准 (建标175-2016)",
            "L",
        ),
        p("resources_primary", QB, "H"),
        p("resources_junior", QB, "H"),
        p("min_indicators_met", QB, "H"),
        p("remainder_floor_ratio", QB, "M"),
        p(
            "exclude_teaching_points_below",
            "provincial implementation rules (Hebei)",
            "M",
        ),
        p("cv_max_primary", QB, "H"),
        p("cv_max_junior", QB, "H"),
        p("split_nine_year", QB, "H"),
        p("split_twelve_year", QB, "H"),
        p("classes_per_music_art_room", QB, "M"),
        p("music_room_min_m2", QB, "H"),
        p("art_room_min_m2", QB, "H"),
        p(
            "students_per_100_homes",
            "planning assumption (3.2 persons per home); set locally",
            "L",
        ),
        p("primary_entry_age", "义务教育法 第十一条", "H"),
        p(
            "entry_cutoff",
            "provincial rule; Inner Mongolia unconfirmed",
            "L",
        ),
        p("min_site_spacing_m", "catchment default", "L"),
        p(
            "lead_time",
            "catchment default (site, design and construction of a county school: 2 years; a classroom block: 1 year); set locally",
            "L",
        ),
        p("need_lasts_years", "catchment default; set locally", "L"),
        p(
            "land_m2_per_place",
            "城市普通中小学校校舍建设标准 (建标102-2002) and 农村普通中小学校建设标准 (建标109-2008) site area per pupil, mid-size schools; 幼儿园建设标准 (建标175-2016) for kindergartens; unconfirmed, check the provincial rule",
            "L",
        ),
        p(
            "floor_m2_per_place",
            "建标102-2002 / 建标109-2008 校舍建筑面积 per pupil (规划指标), mid-size schools; 建标175-2016 for kindergartens; unconfirmed",
            "L",
        ),
        p(
            "build_cost_yuan_per_m2",
            "catchment default (county construction cost incl. fit-out); set locally",
            "L",
        ),
        p(
            "extension_cost_yuan_per_classroom",
            "catchment default (about 90 m² of floor incl. circulation at 3,500 yuan/m², plus equipment); set locally",
            "L",
        ),
        p(
            "conversion_cost_yuan_per_room",
            "catchment default (refit of a freed classroom of about 60-90 m² to a kindergarten activity room under 幼儿园建设标准 (建标175-2016): floor, child-height fittings and furniture, a toilet nearby, about 1,700-2,500 yuan/m²); set locally",
            "L",
        ),
        p(
            "kindergarten_split_off",
            "林西县 2022 学前教育规划: 3 kindergartens are to be split off primary schools (小学附设幼儿班 剥离独立建园), as 学前教育法 (2024) and 幼儿园工作规程 expect of kindergartens; set false where a county keeps its attached classes",
            "M",
        ),
        p(
            "travel_yuan_per_pupil_m",
            "catchment default: 2 trips a day × 180 school days (义务教育课程方案 school year) × 20 years of a school's life × 0.5 yuan per pupil-km (county bus fare or a parent's time), ÷ 1,000 = 3.6 yuan per pupil-metre; set locally",
            "L",
        ),
        p(
            "travel_limit_urban_m",
            "GB 50180-2018 城市居住区规划设计标准 (幼儿园 300 m, 小学 500 m, 初中 1000 m service radius) widened to a day-trip limit of about 10 / 15 / 30 minutes' walk; set locally",
            "L",
        ),
        p(
            "travel_limit_rural_m",
            "农村普通中小学校建设标准 (建标109-2008) and provincial 农村义务教育学校布局 rules (走读 primary about 2.5-3 km, junior about 5 km; rural kindergartens 乡镇中心园 about 2 km); unconfirmed, check the provincial rule",
            "L",
        ),
        p(
            "boarding_from_grade",
            "国务院办公厅关于规范农村义务教育学校布局调整的意见 (国办发〔2012〕48号): 小学低年级原则上不寄宿 (grades 1-3 day pupils)",
            "M",
        ),
        p(
            "access_min_fill",
            "catchment default (a school for access must be at least half full of pupils it brings within the limit); set locally",
            "L",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_a_source() {
        let json = serde_json::to_value(Standards::default()).unwrap();
        let keys: Vec<&str> = provenance().iter().map(|p| p.key).collect();
        for k in json.as_object().unwrap().keys() {
            assert!(keys.contains(&k.as_str()), "no provenance for {k}");
        }
    }

    #[test]
    fn the_conversion_cost_has_a_default_and_can_be_overridden() {
        assert_eq!(
            Standards::default().conversion_cost_yuan_per_room,
            150_000.0
        );
        let s: Standards = toml::from_str("conversion_cost_yuan_per_room = 90000.0\n").unwrap();
        assert_eq!(s.conversion_cost_yuan_per_room, 90_000.0);
        assert!(
            provenance()
                .iter()
                .any(|p| p.key == "conversion_cost_yuan_per_room"
                    && p.source.contains("建标175-2016"))
        );
    }

    #[test]
    fn the_travel_rate_and_the_split_off_have_defaults_sources_and_overrides() {
        let d = Standards::default();
        assert_eq!(d.travel_yuan_per_pupil_m, 2.0 * 180.0 * 20.0 * 0.5 / 1000.0);
        assert!(d.kindergarten_split_off);
        let s: Standards =
            toml::from_str("travel_yuan_per_pupil_m = 7.2\nkindergarten_split_off = false\n")
                .unwrap();
        assert_eq!(s.travel_yuan_per_pupil_m, 7.2);
        assert!(!s.kindergarten_split_off);
        let p = provenance();
        let source = |k: &str| p.iter().find(|p| p.key == k).map(|p| p.source);
        assert!(source("travel_yuan_per_pupil_m").is_some_and(|s| s.contains("180 school days")));
        assert!(source("kindergarten_split_off").is_some_and(|s| s.contains("林西县 2022")));
    }

    #[test]
    fn caps_follow_stage() {
        let s = Standards::default();
        assert_eq!(s.class_cap(Grade::G6), 45);
        assert_eq!(s.class_cap(Grade::G7), 50);
        assert_eq!(s.class_cap(Grade::K1), 25);
        assert_eq!(s.school_size_cap(Level::NineYear), 2500);
    }

    #[test]
    fn lead_times_and_areas_can_be_overridden() {
        let s: Standards = toml::from_str(
            "need_lasts_years = 4\n[lead_time]\nnew_school_years = 3\n[floor_m2_per_place]\nkindergarten = 10.0\nprimary = 8.0\njunior = 9.0\n",
        )
        .unwrap();
        assert_eq!(s.lead_time.new_school_years, 3);
        assert_eq!(
            s.lead_time.extension_years, 1,
            "the other lead time keeps its default"
        );
        assert_eq!(s.need_lasts_years, 4);
        assert_eq!(s.floor_m2_per_place.of(Stage::Primary), 8.0);
        assert_eq!(s.land_m2_per_place.of(Stage::Junior), 23.0);
    }
}
