//! Demand of a forecast year: turn the forecast's pupils by school × grade into located students, so
//! `catchment zones --year YYYY` runs the normal zoning engine on a future year.
//!
//! Why: the forecast says how many pupils each school will have in each grade, but zoning needs
//! homes. We keep today's spatial pattern: the pupils a school will have in a grade are assumed to
//! live where that school's pupils of that grade live today.
//!
//! # Method
//! For the forecast year Y and scenario (mid by default), for each school s and each grade g of the
//! zoned stage with forecast count F(s,Y,g) > 0:
//! 1. **Sources**: the students currently at s (`school_id` = s) in grade g; if there are none, its
//!    students of the nearest grade of the stage that has any (ties: the lower grade); if the school
//!    has none in the stage at all, the school's own position.
//! 2. Sources are grouped by home (identical `xy_m`; students without a position form one
//!    "no position" source). A home with w of the n source students gets F·w/n pupils, rounded by
//!    **largest remainder** in exact integer arithmetic (ties broken by home order: x, y, then the
//!    no-position source last), so the per-(s,g) totals equal F exactly.
//! 3. Each pupil becomes a [`Student`] with id `Y<year>:<school_id>:<grade>:<n>` (n = 1, 2, … within
//!    the school and grade), `school_id` = s (so "students moved" means moved from the school the
//!    forecast put them in), the home's position and unit, and placement `Coordinates`.
//!    Pupils falling on the "no position" source have no position: the zoning engine lists them as
//!    unplaced (never dropped), and [`ForecastDemand::unplaced`] counts them with the reason.
//!
//! [`zone_input`] gives the zoning engine this demand as its students and, through
//! [`schools_in_year`], schools whose `enrollment` is the forecast of year Y (all grades), so the
//! fixed classes of the other stage at nine- and twelve-year schools are those of year Y too. Every
//! cap and output of the engine then works unchanged, and no copy of the project is made.
//!
//! Valid years: base + 1 ..= base + [`MAX_HORIZON`], base being the forecast's base year (the
//! last history year unless `forecast.base_year` is set).
//!
//! This file is a builder of the zones engine's input (like [`ZoneInput::from_project`] and
//! [`super::Problem::build`]): [`forecast_demand`], [`spread`] and [`zone_input`] read the project;
//! the engine then sees only the [`ZoneInput`] they build.

pub use super::apportion::largest_remainder;
use super::ZoneInput;
use crate::forecast::year::NotForecastYear;
use crate::forecast::{self, ForecastError, ForecastInput, ForecastOptions, Scenario, MAX_HORIZON};
use crate::model::{Grade, GradeCounts, Placement, Project, School, Stage, Student};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Why the demand of a forecast year cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum ForecastDemandError {
    #[error("{year}: outside the forecast range {first}-{last} (the forecast starts from base year {base} and reaches 1-{max} years beyond it)")]
    YearOutOfRange {
        year: i32,
        base: i32,
        first: i32,
        last: i32,
        max: u32,
    },
    #[error("{year}: a forecast year needs the enrollment history (history.csv) to forecast from; none was loaded")]
    NoHistory { year: i32 },
    #[error("forecast: {0}")]
    Forecast(#[from] ForecastError),
}

/// Forecast pupils that could not be given a home position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnplacedShare {
    pub school_id: String,
    pub grade: Grade,
    pub students: u32,
    pub reason: String,
}

/// The demand of one forecast year.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastDemand {
    pub year: i32,
    pub base_year: i32,
    pub scenario: Scenario,
    pub stage: Stage,
    /// The generated students (all of the zoned stage), by school id, grade, then n.
    pub students: Vec<Student>,
    /// Forecast pupils by school id and grade (the stage's grades only): the totals the demand keeps.
    pub totals: BTreeMap<String, GradeCounts>,
    /// Forecast pupils by school id, all grades, for the schools' `enrollment` in year Y.
    pub enrollment: BTreeMap<String, GradeCounts>,
    /// (school, grade) whose homes were borrowed from another grade, or the school's position.
    pub fallbacks: Vec<String>,
    /// Pupils without a home position, with why.
    pub unplaced: Vec<UnplacedShare>,
}

impl ForecastDemand {
    /// Total forecast pupils of the stage.
    pub fn total(&self) -> u64 {
        self.totals.values().map(|c| c.total() as u64).sum()
    }

    /// Forecast pupils without a home position.
    pub fn unplaced_total(&self) -> u64 {
        self.unplaced.iter().map(|u| u.students as u64).sum()
    }

    /// Lines for the summary: what was zoned and what could not be placed.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = vec![format!(
            "forecast year {} ({} scenario, base year {}): {} {} pupils, spread over the homes of today's pupils of the same school and grade",
            self.year,
            self.scenario.as_str(),
            self.base_year,
            self.total(),
            self.stage
        )];
        notes.extend(self.fallbacks.iter().cloned());
        if !self.unplaced.is_empty() {
            notes.push(format!(
                "{} forecast pupils could not be placed: their share falls on today's pupils with no home position (address not matched, no coordinates); they are listed in assignment.csv with no school",
                self.unplaced_total()
            ));
            for u in &self.unplaced {
                notes.push(format!(
                    "  school '{}' grade {}: {} unplaced ({})",
                    u.school_id,
                    u.grade.code(),
                    u.students,
                    u.reason
                ));
            }
        }
        notes
    }
}

/// Forecast the project with `options` (its horizon lengthened to reach `year` if needed, as
/// [`crate::forecast::year::reaching`] does for every forecast year) and build the demand of `year`
/// for `stage` under `scenario`.
pub fn forecast_demand(
    project: &Project,
    options: &ForecastOptions,
    stage: Stage,
    year: i32,
    scenario: Scenario,
) -> Result<ForecastDemand, ForecastDemandError> {
    if options.base_year.is_none() && project.history.is_empty() {
        return Err(ForecastDemandError::NoHistory { year });
    }
    let out_of_range = |e: NotForecastYear| ForecastDemandError::YearOutOfRange {
        year,
        base: e.base_year,
        first: e.first,
        last: e.last,
        max: MAX_HORIZON,
    };
    let opts = forecast::year::reaching(options, &project.history, year).map_err(out_of_range)?;
    let fc = forecast::forecast(&ForecastInput::from_project(project, opts))?;
    let found = forecast::year::students_in(&fc, scenario, year).map_err(out_of_range)?;
    let enrollment = fc
        .schools
        .iter()
        .map(|sf| {
            let counts = found.get(&sf.school_id).copied().unwrap_or_default();
            (sf.school_id.clone(), counts)
        })
        .collect();
    Ok(spread(
        project,
        stage,
        year,
        fc.base_year,
        scenario,
        enrollment,
    ))
}

/// Spread the forecast counts `enrollment` (school id → pupils by grade in `year`) over today's homes.
pub fn spread(
    project: &Project,
    stage: Stage,
    year: i32,
    base_year: i32,
    scenario: Scenario,
    enrollment: BTreeMap<String, GradeCounts>,
) -> ForecastDemand {
    let mut today: BTreeMap<&str, Vec<Vec<&Student>>> = BTreeMap::new();
    for st in &project.students {
        if let Some(id) = st.school_id.as_deref() {
            today.entry(id).or_insert_with(|| vec![Vec::new(); 12])[st.grade.index()].push(st);
        }
    }
    let mut demand = ForecastDemand {
        year,
        base_year,
        scenario,
        stage,
        students: Vec::new(),
        totals: BTreeMap::new(),
        enrollment: BTreeMap::new(),
        fallbacks: Vec::new(),
        unplaced: Vec::new(),
    };
    let empty = vec![Vec::new(); 12];
    for (id, counts) in &enrollment {
        let Some(school) = project.school(id) else {
            continue;
        };
        let by_grade = today.get(id.as_str()).unwrap_or(&empty);
        let mut totals = GradeCounts::default();
        let shared_id: Arc<str> = Arc::from(id.as_str());
        for &g in stage.grades() {
            let f = counts.get(g);
            if f == 0 {
                continue;
            }
            totals.set(g, f);
            let homes = match source_grade(by_grade, stage, g) {
                Some(src) => {
                    if src != g {
                        demand.fallbacks.push(format!(
                            "school '{id}' grade {}: no pupils today, {f} forecast pupils placed at the homes of its grade {} pupils",
                            g.code(),
                            src.code()
                        ));
                    }
                    homes_of(&by_grade[src.index()])
                }
                None => {
                    demand.fallbacks.push(format!(
                        "school '{id}' grade {}: no {stage} pupils today, {f} forecast pupils placed at the school",
                        g.code()
                    ));
                    vec![Home {
                        xy_m: Some(school.xy_m),
                        lonlat: Some(school.lonlat),
                        unit_id: None,
                        weight: 1,
                        source: school.source.clone(),
                    }]
                }
            };
            let shares = largest_remainder(f, &homes.iter().map(|h| h.weight).collect::<Vec<_>>());
            let mut n = 0u32;
            for (home, share) in homes.iter().zip(shares) {
                if share > 0 && home.xy_m.is_none() {
                    demand.unplaced.push(UnplacedShare {
                        school_id: id.clone(),
                        grade: g,
                        students: share,
                        reason: format!(
                            "{} of today's grade {} pupils at this school have no home position",
                            home.weight,
                            g.code()
                        ),
                    });
                }
                for _ in 0..share {
                    n += 1;
                    demand.students.push(home.student(year, &shared_id, g, n));
                }
            }
        }
        demand.totals.insert(id.clone(), totals);
    }
    demand.enrollment = enrollment;
    demand
}

/// `schools` with the forecast enrollment of year Y (all grades) where the forecast has one, so
/// the fixed classes of the other stage at nine- and twelve-year schools are year Y's too.
pub fn schools_in_year(schools: &[School], demand: &ForecastDemand) -> Vec<School> {
    let mut out = schools.to_vec();
    for s in &mut out {
        if let Some(c) = demand.enrollment.get(&s.id) {
            s.enrollment = Some(*c);
        }
    }
    out
}

/// What the zoning engine reads for year Y: the project's records with `demand`'s pupils as the
/// students and `schools` (from [`schools_in_year`]) as the schools.
pub fn zone_input<'a>(
    project: &'a Project,
    demand: &'a ForecastDemand,
    schools: &'a [School],
) -> ZoneInput<'a> {
    ZoneInput {
        students: &demand.students,
        schools,
        ..ZoneInput::from_project(project)
    }
}

/// The grade whose homes stand in for `g`: `g` itself if it has pupils today, else the nearest grade
/// of the stage that has some (ties: the lower grade), else None.
fn source_grade(by_grade: &[Vec<&Student>], stage: Stage, g: Grade) -> Option<Grade> {
    stage
        .grades()
        .iter()
        .copied()
        .filter(|h| !by_grade[h.index()].is_empty())
        .min_by_key(|h| (h.index().abs_diff(g.index()), h.index()))
}

/// One home of today's pupils: where `weight` of them live.
#[derive(Debug, Clone)]
struct Home {
    xy_m: Option<[f64; 2]>,
    lonlat: Option<[f64; 2]>,
    unit_id: Option<Arc<str>>,
    weight: u32,
    source: crate::model::SourceRef,
}

impl Home {
    fn student(&self, year: i32, school_id: &Arc<str>, g: Grade, n: u32) -> Student {
        let placement = if self.xy_m.is_some() {
            Placement::Coordinates
        } else {
            Placement::Unplaced {
                reason: "forecast share of today's pupils with no home position".into(),
            }
        };
        Student {
            id: format!("Y{year}:{school_id}:{}:{n}", g.code()),
            grade: g,
            lonlat: self.xy_m.and(self.lonlat),
            xy_m: self.xy_m,
            address: None,
            school_id: Some(Arc::clone(school_id)),
            unit_id: self.unit_id.clone(),
            birth_date: None,
            migrant: false,
            placement,
            source: self.source.clone(),
        }
    }
}

/// Today's pupils grouped by home (identical finite `xy_m` and unit), sorted by x, y, unit; pupils
/// without a position form one last home with no position.
fn homes_of(students: &[&Student]) -> Vec<Home> {
    let mut located: BTreeMap<(u64, u64, Option<&str>), Home> = BTreeMap::new();
    let mut lost: Option<Home> = None;
    for st in students {
        match st.xy_m {
            Some(xy) if xy[0].is_finite() && xy[1].is_finite() => {
                let key = (
                    ordered_bits(xy[0]),
                    ordered_bits(xy[1]),
                    st.unit_id.as_deref(),
                );
                located
                    .entry(key)
                    .and_modify(|h| h.weight += 1)
                    .or_insert_with(|| Home {
                        xy_m: Some(xy),
                        lonlat: st.lonlat,
                        unit_id: st.unit_id.clone(),
                        weight: 1,
                        source: st.source.clone(),
                    });
            }
            _ => match &mut lost {
                Some(h) => h.weight += 1,
                None => {
                    lost = Some(Home {
                        xy_m: None,
                        lonlat: None,
                        unit_id: st.unit_id.clone(),
                        weight: 1,
                        source: st.source.clone(),
                    })
                }
            },
        }
    }
    let mut homes: Vec<Home> = located.into_values().collect();
    homes.extend(lost);
    homes
}

/// Bits of an f64 that sort like the number (total order).
fn ordered_bits(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Project {
        crate::io::load_project(&crate::sample::builtin()).expect("sample loads")
    }

    #[test]
    fn demand_totals_equal_the_forecast_per_school_and_grade() {
        let p = sample();
        let base = p.history.iter().map(|h| h.year).max().unwrap();
        let d = forecast_demand(
            &p,
            &ForecastOptions::default(),
            Stage::Primary,
            base + 3,
            Scenario::Mid,
        )
        .unwrap();
        let mut got: BTreeMap<(String, Grade), u32> = BTreeMap::new();
        for s in &d.students {
            *got.entry((s.school_id.as_deref().unwrap().to_string(), s.grade))
                .or_default() += 1;
            assert_eq!(s.grade.stage(), Stage::Primary);
        }
        let mut want_total = 0;
        for (id, counts) in &d.enrollment {
            for &g in Stage::Primary.grades() {
                let want = counts.get(g);
                want_total += want as u64;
                assert_eq!(
                    got.get(&(id.clone(), g)).copied().unwrap_or(0),
                    want,
                    "{id} {g:?}"
                );
            }
        }
        assert!(want_total > 0);
        assert_eq!(d.students.len() as u64, want_total);
        assert_eq!(d.total(), want_total);
        let ids: std::collections::BTreeSet<&str> =
            d.students.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), d.students.len(), "ids are unique");
    }

    #[test]
    fn years_outside_the_horizon_are_refused() {
        let p = sample();
        let base = p.history.iter().map(|h| h.year).max().unwrap();
        for y in [base, base - 5, base + 13] {
            let e = forecast_demand(
                &p,
                &ForecastOptions::default(),
                Stage::Primary,
                y,
                Scenario::Mid,
            )
            .unwrap_err();
            assert!(
                matches!(e, ForecastDemandError::YearOutOfRange { .. }),
                "{e}"
            );
            assert!(e
                .to_string()
                .contains(&format!("{}-{}", base + 1, base + 12)));
        }
    }

    #[test]
    fn homes_without_position_become_unplaced_and_missing_grades_borrow() {
        let mut p = sample();
        let id = p
            .students
            .iter()
            .find(|s| s.grade == Grade::G3 && s.school_id.is_some())
            .and_then(|s| s.school_id.as_deref().map(str::to_string))
            .unwrap();
        // Half of the school's grade 3 pupils lose their position; its grade 1 pupils vanish.
        let mut flip = false;
        for s in p.students.iter_mut() {
            if s.school_id.as_deref() == Some(id.as_str()) && s.grade == Grade::G3 {
                if flip {
                    s.xy_m = None;
                }
                flip = !flip;
            }
        }
        p.students
            .retain(|s| !(s.school_id.as_deref() == Some(id.as_str()) && s.grade == Grade::G1));
        let mut enr = BTreeMap::new();
        let mut c = GradeCounts::default();
        c.set(Grade::G1, 9);
        c.set(Grade::G3, 40);
        enr.insert(id.clone(), c);
        let d = spread(&p, Stage::Primary, 2030, 2025, Scenario::Mid, enr);
        assert_eq!(d.students.len(), 49);
        let lost = d.students.iter().filter(|s| s.xy_m.is_none()).count() as u64;
        assert!(lost > 0 && lost < 40);
        assert_eq!(d.unplaced_total(), lost);
        assert!(d.fallbacks.iter().any(|f| f.contains("grade g1")));
        assert!(d
            .students
            .iter()
            .filter(|s| s.grade == Grade::G1)
            .all(|s| s.xy_m.is_some()));
    }
}
