//! The siting problem, built once from the project and the forecast it is given.
//!
//! Why: the search ([`super::plan::solve`]) is a pure function of this problem. Everything it
//! needs from the project (today's pupils, rooms, attached kindergarten classes, expandable rooms,
//! candidates, the standards) and from the forecast (each year's demand, the status quo of each
//! school) is taken here, so the engine neither re-runs the forecast nor reads the project.

use super::access::TravelLimit;
use super::candidates::candidates;
use super::conversion::convertible_rooms;
use super::demand::{forecast_counts, housing_demand, take_housing, year_groups, Shares};
pub use super::input::SiteInput;
use super::place::{place_of, Place};
use super::search::Candidate;
use super::SiteError;
use crate::forecast::{Forecast, Scenario};
use crate::model::{rooms_for, Level, Project, Stage};
use crate::zones::{Method, Problem, ZoneError, ZoneOptions};
use serde::Serialize;
use std::collections::BTreeMap;

/// What to plan. The forecast years are those of the forecast the plan is given.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    pub stage: Stage,
    pub scenario: Scenario,
    /// At most this many new schools (None: as many candidates as there are).
    pub max_new: Option<u32>,
}

/// A primary school's attached kindergarten classes, split off.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KgSplit {
    pub school_id: String,
    pub rooms: u32,
}

/// Status quo of an existing school under the plan's scenario (no rezoning, no new school).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusQuo {
    /// Most classrooms short in any forecast year.
    pub classrooms_short_max: u32,
    /// Forecast years over the size cap.
    pub years_over_size_cap: u32,
}

/// Everything one siting run works on.
#[derive(Debug, Clone)]
pub struct SiteProblem {
    pub project: String,
    pub stage: Stage,
    pub scenario: Scenario,
    pub max_new: Option<u32>,
    /// Options of the capacitated zones engine that checks every plan.
    pub zone_options: ZoneOptions,
    /// The forecast years, in order.
    pub years: Vec<i32>,
    /// One zones problem per forecast year (existing schools only).
    pub year_problems: Vec<Problem>,
    pub candidates: Vec<Candidate>,
    pub candidate_source: String,
    pub kg_rooms: Vec<KgSplit>,
    /// The project's split-off assumption (`kindergarten_split_off`), as every section uses it.
    pub split_off: bool,
    /// Who lives where today (which existing schools a new school relieves).
    pub shares: Shares,
    /// Per existing seat (in the problems' order): its expandable classrooms.
    pub expandable: Vec<u32>,
    /// Kindergarten plans: buildings with both stages and the rooms their grades 1–9 free per
    /// forecast year (empty for other stages).
    pub convertible: Vec<super::conversion::Convertible>,
    /// Per existing school id: its status quo.
    pub status_quo: BTreeMap<String, StatusQuo>,
    pub level: Level,
    /// Size cap of a new school, students.
    pub size_cap: u32,
    pub service_radius_m: f64,
    /// Notes of the zones problem the years are built on.
    pub notes: Vec<String>,
    /// The forecast's base year: builds count their lead time from it.
    pub base_year: i32,
    /// The standards a plan is built, sized, costed and timed by.
    pub build: BuildStandards,
    /// Per candidate: where it is (lon/lat and named place).
    pub places: Vec<([f64; 2], Place)>,
    /// Per year, per group of that year's problem: its day travel limit (None: may board).
    pub travel_limits: Vec<Vec<TravelLimit>>,
    /// The travel limits the plan used, and the fewest pupils a school for access must bring in.
    pub access: AccessStandards,
}

/// The day travel limits of the stage and the access rule, from the standards.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AccessStandards {
    pub urban_limit_m: f64,
    pub rural_limit_m: f64,
    /// Grades from this one on may board (when a school of the stage is marked boarding); None:
    /// no pupil of the stage boards.
    pub boarding_from_grade: Option<u32>,
    pub min_pupils: u64,
    /// How pupils were told urban from rural.
    pub urban_rule: String,
}

/// What a build takes, from the standards: lead times, areas and costs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BuildStandards {
    pub lead_time_new_years: u32,
    pub lead_time_extension_years: u32,
    pub need_lasts_years: u32,
    pub land_m2_per_place: f64,
    pub floor_m2_per_place: f64,
    pub build_cost_yuan_per_m2: f64,
    pub extension_cost_yuan_per_classroom: f64,
    pub conversion_cost_yuan_per_room: f64,
    /// What one pupil-metre of daily travel over a school's life is worth against building cost
    /// in the site choice, yuan.
    pub travel_yuan_per_pupil_m: f64,
}

impl BuildStandards {
    fn of(st: &crate::standards::Standards, stage: Stage) -> BuildStandards {
        BuildStandards {
            lead_time_new_years: st.lead_time.new_school_years,
            lead_time_extension_years: st.lead_time.extension_years,
            need_lasts_years: st.need_lasts_years,
            land_m2_per_place: st.land_m2_per_place.of(stage),
            floor_m2_per_place: st.floor_m2_per_place.of(stage),
            build_cost_yuan_per_m2: st.build_cost_yuan_per_m2,
            extension_cost_yuan_per_classroom: st.extension_cost_yuan_per_classroom,
            conversion_cost_yuan_per_room: st.conversion_cost_yuan_per_room,
            travel_yuan_per_pupil_m: st.travel_yuan_per_pupil_m,
        }
    }
}

impl SiteProblem {
    /// Whether the project has schools of `stage` of their own and demand to plan for, checked
    /// before a forecast is made (an empty stage is an answer: nothing to plan).
    pub fn check_stage(project: &Project, stage: Stage) -> Result<(), SiteError> {
        let mut zone_options = ZoneOptions::new(stage, Method::Capacitated);
        zone_options.count_expandable = true;
        let base = Problem::build(project, &zone_options).map_err(|e| match e {
            ZoneError::NoSchools { stage } => SiteError::NoSchools { stage },
            e => e.into(),
        })?;
        split_kindergarten(project, &base, stage);
        if base.seats.is_empty() {
            return Err(SiteError::NoSchools {
                stage: stage.to_string(),
            });
        }
        Ok(())
    }

    /// Build the problem for `opts.stage` from the project and its forecast.
    pub fn build(
        project: &Project,
        forecast: &Forecast,
        opts: &SiteOptions,
    ) -> Result<SiteProblem, SiteError> {
        let st = &project.settings.standards;
        let StageYears {
            project: _,
            zone_options,
            base,
            kg_rooms,
            input,
            shares,
            expandable,
            year_problems,
        } = StageYears::build(project, forecast, opts.stage, opts.scenario)?;
        let (candidates, candidate_source) = candidates(&input, &base, opts.stage)?;
        let places = candidates
            .iter()
            .map(|c| {
                let ll = project
                    .planar
                    .unproject(c.xy_m)
                    .unwrap_or([f64::NAN, f64::NAN]);
                (ll, place_of(&input, c.xy_m))
            })
            .collect();
        let level = opts.stage.level();
        let (travel_limits, access) = travel_limits(project, &base, &year_problems, opts.stage);
        let mut notes = base.notes.clone();
        let convertible = if opts.stage == Stage::Kindergarten {
            let (c, n) = convertible_rooms(project, forecast, opts.scenario);
            notes.extend(n);
            c
        } else {
            Vec::new()
        };
        Ok(SiteProblem {
            project: project.name.clone(),
            stage: opts.stage,
            scenario: opts.scenario,
            max_new: opts.max_new,
            zone_options,
            years: forecast.years.clone(),
            year_problems,
            candidates,
            candidate_source,
            kg_rooms,
            split_off: st.kindergarten_split_off,
            shares,
            expandable,
            convertible,
            status_quo: status_quo(forecast, opts.scenario),
            level,
            size_cap: st.school_size_cap(level),
            service_radius_m: st.service_radius_m(opts.stage),
            notes,
            base_year: forecast.base_year,
            build: BuildStandards::of(st, opts.stage),
            places,
            travel_limits,
            access,
        })
    }
}

/// One stage's zones problems per forecast year, before candidates and access: what the siting
/// of the stage, and the conversion of a kindergarten plan (the primary plan's re-zoning), zone.
pub struct StageYears<'a> {
    pub project: &'a Project,
    pub zone_options: ZoneOptions,
    /// Today's problem (existing schools, today's pupils), the split-off applied.
    pub base: Problem,
    pub kg_rooms: Vec<KgSplit>,
    pub input: SiteInput<'a>,
    pub shares: Shares,
    /// Per seat of `base`: its expandable classrooms.
    pub expandable: Vec<u32>,
    /// One problem per forecast year; expandable rooms counted from base year + the extension
    /// lead time.
    pub year_problems: Vec<Problem>,
}

impl<'a> StageYears<'a> {
    /// The yearly problems of `stage` under `scenario`.
    pub fn build(
        project: &'a Project,
        forecast: &Forecast,
        stage: Stage,
        scenario: Scenario,
    ) -> Result<StageYears<'a>, SiteError> {
        let mut out = Self::without_years(project, stage)?;
        out.year_problems = (forecast.years.iter())
            .map(|y| out.year_problem(forecast, *y, scenario))
            .collect();
        Ok(out)
    }

    /// Everything but the yearly problems (`year_problems` empty): for a caller that zones one
    /// year at a time and builds each with [`StageYears::year_problem`].
    pub fn without_years(project: &'a Project, stage: Stage) -> Result<StageYears<'a>, SiteError> {
        let mut zone_options = ZoneOptions::new(stage, Method::Capacitated);
        zone_options.count_expandable = true;
        let base = Problem::build(project, &zone_options).map_err(|e| match e {
            ZoneError::NoSchools { stage } => SiteError::NoSchools { stage },
            e => e.into(),
        })?;
        let kg_rooms = split_kindergarten(project, &base, stage);
        if base.seats.is_empty() {
            return Err(SiteError::NoSchools {
                stage: stage.to_string(),
            });
        }
        let input = SiteInput::of(project);
        let shares = Shares::build(&input, &base);
        let expandable: Vec<u32> = base
            .seats
            .iter()
            .map(|s| project.schools[s.school].expandable_classrooms)
            .collect();
        Ok(StageYears {
            project,
            zone_options,
            base,
            kg_rooms,
            input,
            shares,
            expandable,
            year_problems: Vec::new(),
        })
    }

    /// Forecast year `year`'s problem under `scenario`: today's seats (expandable rooms only from
    /// the base year + the extension lead time) and the year's pupils shared out over today's
    /// homes, new housing at its homes.
    pub fn year_problem(&self, forecast: &Forecast, year: i32, scenario: Scenario) -> Problem {
        let project = self.project;
        let st = &project.settings.standards;
        let xy = |id: &str| project.school(id).map(|s| s.xy_m);
        let base = &self.base;
        let mut target = forecast_counts(forecast, year, scenario);
        let homes = housing_demand(&self.input, forecast, base.grades(), year);
        let at_homes = take_housing(&mut target, &homes);
        let mut p = base.clone();
        let mut groups = year_groups(base, &self.shares, &target, &xy);
        groups.extend(at_homes);
        // Pushed past the base groups' length, the vector may hold twice its capacity.
        groups.shrink_to_fit();
        p.groups = groups.into();
        // A forecast year's groups have no members (see `year_groups`).
        p.members = Vec::new();
        let first_extension = forecast.base_year + st.lead_time.extension_years as i32;
        if year < first_extension {
            // Expandable rooms cannot be built yet.
            for (seat, extra) in p.seats.iter_mut().zip(&self.expandable) {
                seat.room_budget -= (*extra).min(seat.room_budget);
            }
        }
        p
    }
}

/// The attached kindergarten classes the split-off (`kindergarten_split_off`, applied by the zones
/// problem itself, so zones and siting agree) takes out of this stage: for kindergarten the
/// classes that seat no child, for grades 1–9 the rooms given back. Empty when they are kept.
fn split_kindergarten(project: &Project, base: &Problem, stage: Stage) -> Vec<KgSplit> {
    if !project.settings.standards.kindergarten_split_off {
        return Vec::new();
    }
    let attached = |s: &crate::model::School| s.level != Level::Kindergarten && s.kg_classes > 0;
    let split = |s: &crate::model::School| KgSplit {
        school_id: s.id.clone(),
        rooms: rooms_for(s, Stage::Kindergarten),
    };
    match stage {
        Stage::Kindergarten => project
            .schools
            .iter()
            .filter(|s| attached(s))
            .map(split)
            .collect(),
        _ => base
            .seats
            .iter()
            .map(|seat| &project.schools[seat.school])
            .filter(|s| attached(s))
            .map(split)
            .collect(),
    }
}

/// Each forecast school's status quo under `scenario` (its first path of that scenario; none: 0).
fn status_quo(fc: &Forecast, scenario: Scenario) -> BTreeMap<String, StatusQuo> {
    let mut out = BTreeMap::new();
    for s in &fc.schools {
        let path = s.paths.iter().find(|p| p.scenario == scenario);
        let sq = path.map_or(StatusQuo::default(), |path| StatusQuo {
            classrooms_short_max: path
                .years
                .iter()
                .map(|y| y.classrooms_short)
                .max()
                .unwrap_or(0),
            years_over_size_cap: path.years.iter().filter(|y| y.over_size_cap).count() as u32,
        });
        out.entry(s.school_id.clone()).or_insert(sq);
    }
    out
}

/// Each group's day travel limit per year, and the access rule. A group is urban when the
/// gazetteer village nearest to it belongs to a subdistrict (街道), rural otherwise (no gazetteer
/// villages: rural). Pupils from `boarding_from_grade` on have no day limit when a school of the
/// stage is marked boarding.
fn travel_limits(
    project: &Project,
    base: &Problem,
    years: &[Problem],
    stage: Stage,
) -> (Vec<Vec<TravelLimit>>, AccessStandards) {
    let st = &project.settings.standards;
    let villages: Vec<([f64; 2], bool)> = project
        .gazetteer
        .iter()
        .filter_map(|g| {
            let parent = g.parent.as_ref()?;
            let xy = project.planar.project(g.lonlat).ok()?;
            Some((xy, parent.ends_with("街道")))
        })
        .collect();
    let urban = |xy: [f64; 2]| {
        villages
            .iter()
            .map(|(v, u)| ((v[0] - xy[0]).hypot(v[1] - xy[1]), *u))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .is_some_and(|x| x.1)
    };
    let boards = base
        .seats
        .iter()
        .any(|s| project.schools.get(s.school).is_some_and(|x| x.boarding));
    let from = st.boarding_from_grade;
    let (urban_m, rural_m) = (
        st.travel_limit_urban_m.of(stage),
        st.travel_limit_rural_m.of(stage),
    );
    let mut memo: BTreeMap<(u64, u64), bool> = BTreeMap::new();
    let limits = years
        .iter()
        .map(|p| {
            p.groups
                .iter()
                .map(|g| {
                    let may_board = boards && g.grade.number().is_some_and(|n| n as u32 >= from);
                    if may_board {
                        return None;
                    }
                    let key = (g.xy_m[0].to_bits(), g.xy_m[1].to_bits());
                    let is_urban = *memo.entry(key).or_insert_with(|| urban(g.xy_m));
                    Some(if is_urban { urban_m } else { rural_m })
                })
                .collect()
        })
        .collect();
    let sizes = if stage == Stage::Kindergarten {
        &st.standard_classes_kindergarten
    } else {
        &st.standard_classes_school
    };
    let smallest = sizes.iter().copied().min().unwrap_or(0);
    let cap = stage
        .grades()
        .iter()
        .map(|g| st.class_cap(*g))
        .min()
        .unwrap_or(0);
    let access = AccessStandards {
        urban_limit_m: urban_m,
        rural_limit_m: rural_m,
        boarding_from_grade: (boards && stage != Stage::Kindergarten).then_some(from),
        min_pupils: (st.access_min_fill * (smallest * cap) as f64).ceil() as u64,
        urban_rule: if villages.is_empty() {
            "no gazetteer villages: every pupil counted as rural".into()
        } else {
            "urban where the nearest gazetteer village belongs to a 街道".into()
        },
    };
    (limits, access)
}
