//! The typed answer of the siting engine ([`super::plan::solve`]): the plan, its new schools,
//! extensions, interim years, loads by year and the trade-off table.
//!
//! Why apart from the search: the report, the maps and the tests read these types; the search
//! and the trade-off computation produce them. Keeping them here lets both sides depend on one
//! file without depending on each other.

use super::place::Place;
use super::problem::{AccessStandards, BuildStandards, KgSplit};
use crate::forecast::Scenario;
use crate::model::Stage;
use crate::zones::Problem;
use serde::Serialize;
use std::collections::BTreeMap;

/// One school's load in one year, for the report and for independent checking.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SchoolLoad {
    pub school_id: String,
    pub new: bool,
    /// Rooms for the stage (existing: classrooms + expandable + returned kindergarten rooms, minus
    /// rooms of the other stage).
    pub rooms: u32,
    /// Students of the other stage counted in the size cap.
    pub fixed_students: u32,
    /// Size cap of the whole school.
    pub size_cap: u32,
    /// Students of the planned stage by grade index (K1..G9).
    pub students_by_grade: [u32; 12],
}

/// One forecast year, before or after the plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct YearLoad {
    pub year: i32,
    pub students: u64,
    /// Students with no seat within the caps anywhere (seats short).
    pub seats_short: u64,
    /// Seats short by area: the nearest existing school of the students left without a seat.
    pub short_by_area: BTreeMap<String, u64>,
    pub mean_distance_m: f64,
    pub within_radius_share: f64,
    pub schools: Vec<SchoolLoad>,
}

/// An existing school whose students a new school takes (final year).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Relief {
    pub school_id: String,
    pub students_taken: u32,
    /// Status quo (no rezoning, no new school): most classrooms short in any forecast year.
    pub classrooms_short_max: u32,
    /// Status quo: forecast years over the size cap.
    pub years_over_size_cap: u32,
}

/// A new school of the plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NewSchool {
    pub site_id: String,
    pub xy_m: [f64; 2],
    /// WGS84 degrees.
    pub lonlat: [f64; 2],
    /// The township and village it is in.
    pub place: Place,
    /// Standard size: classrooms (one class each).
    pub classes: u32,
    /// Places at the class caps (and within the size cap).
    pub seats: u32,
    /// Land area, m²: places × the standard's land per place.
    pub land_area_m2: f64,
    /// Building floor area, m²: places × the standard's floor area per place.
    pub floor_area_m2: f64,
    /// The sites table's fixed cost (0 when not given).
    pub fixed_cost: f64,
    /// The cost used: the sites table's, else floor area × cost per m².
    pub cost_yuan: f64,
    pub cost_source: String,
    /// The first year with a breach when this school is left out of the plan.
    pub needed_from: Option<i32>,
    /// Open-by year: the year it is needed, but never before base year + lead time.
    pub open_year: Option<i32>,
    /// Seats short in each year when this school is left out.
    pub short_without: Vec<(i32, u64)>,
    /// Students served by grade code, per year.
    pub served: Vec<(i32, BTreeMap<String, u32>)>,
    /// Final year: mean distance of its students to the nearest existing school, and to it.
    pub mean_distance_before_m: f64,
    pub mean_distance_after_m: f64,
    /// 95th percentile of the same distances.
    pub p95_distance_before_m: f64,
    pub p95_distance_after_m: f64,
    pub within_radius_before: f64,
    pub within_radius_after: f64,
    pub relieves: Vec<Relief>,
    /// A school for access: pupils it brings within the day travel limit in the final year, who
    /// otherwise live beyond it from every school (0: a school for seats only).
    pub access_pupils: u64,
}

/// An existing school that must use its expandable classrooms.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Expansion {
    pub school_id: String,
    pub year: i32,
    pub rooms_added: u32,
    /// rooms added × the standard cost per classroom.
    pub cost_yuan: f64,
}

/// Seats short in a year that no build can serve: interim measures are needed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Interim {
    pub year: i32,
    pub seats_short: u64,
    /// `before_lead_time` (sooner than any build can open) or `short_lived` (a need that ends
    /// within the lead time plus `need_lasts_years`, not worth a new school).
    pub why: String,
}

/// The siting plan.
#[derive(Debug, Clone, Serialize)]
pub struct SitePlan {
    pub project: String,
    pub stage: Stage,
    pub scenario: Scenario,
    pub years: Vec<i32>,
    pub candidates: usize,
    pub candidate_source: String,
    pub new_schools: Vec<NewSchool>,
    pub expansions: Vec<Expansion>,
    /// Kindergarten mode: attached classes split off; primary mode: rooms returned.
    pub kg_rooms: Vec<KgSplit>,
    /// The project's split-off assumption (`kindergarten_split_off`) the plan used.
    pub split_off: bool,
    pub feasible: bool,
    /// Valid lower bound on the number of new schools needed in the years served by building (from
    /// base year + lead time, less the short-lived needs left to interim measures).
    pub lower_bound_new: u32,
    pub before: Vec<YearLoad>,
    pub after: Vec<YearLoad>,
    pub service_radius_m: f64,
    pub method: String,
    pub notes: Vec<String>,
    pub base_year: i32,
    /// Lead times, areas and costs the plan used.
    pub build: BuildStandards,
    /// The first year a new school can open: base year + its lead time.
    pub first_build_year: i32,
    /// Shortages served by interim measures, by year (none: every year is served by the plan).
    pub interim: Vec<Interim>,
    /// New schools and extensions.
    pub total_cost_yuan: f64,
    /// 0, 1, 2, … of the plan's new schools against access and cost; the recommended row marked.
    pub tradeoff: Tradeoff,
    /// The day travel limits and the pupils beyond them, before and after the plan.
    pub travel: Travel,
    /// How the location engine chose the sites: its demand year, objective, bound and gap (None:
    /// no year served by building was short after the schools for access).
    pub site_choice: Option<super::choice::SiteChoice>,
    /// The remedies ladder: what re-zoning, conversion, extensions and new schools each achieve
    /// and cost, the plan chosen, the binding constraint and the runner-up plans.
    pub remedies: super::remedies::Remedies,
    /// The final year's problem and allocations, for the zone files.
    #[serde(skip)]
    pub final_problem: Option<(Problem, Vec<crate::zones::Alloc>)>,
}

/// One row: the plan's first `new_schools` schools.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TradeoffRow {
    pub new_schools: u32,
    pub site_ids: Vec<String>,
    /// Most seats short in a year served by building, and that year (none when every year holds).
    pub seats_short_max: u64,
    pub worst_year: Option<i32>,
    /// Final year: share of all pupils seated within the service radius.
    pub within_radius_share: f64,
    /// Final year, seated pupils.
    pub mean_distance_m: f64,
    pub p95_distance_m: f64,
    /// Building cost of these new schools, yuan.
    pub cost_yuan: f64,
    pub recommended: bool,
}

/// The table and the one-sentence reason for the recommended row.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Tradeoff {
    pub rows: Vec<TradeoffRow>,
    pub reason: String,
}

/// The day travel limits (issue 12 §3) and how many pupils live beyond them from every school of
/// their stage, by year. Pupils beyond whom no site brings within the limit in numbers are left
/// beyond: their distance is a cost in the trade-off table, not a constraint.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Travel {
    pub standards: AccessStandards,
    /// The plan's first schools, chosen for access.
    pub schools_for_access: u32,
    pub beyond_before: Vec<(i32, u64)>,
    pub beyond_after: Vec<(i32, u64)>,
}
