//! School placement: the standard sample's 27 named schools (a plausible, synthetic set modelled on
//! a county like Linxi), or M generic schools for scaled-up benchmark counties.
//!
//! Each school carries the parameters of the cohort process that fills its history (entry shares of
//! the county's births, a grade progression ratio, the junior school its grade 6 goes on to) and of
//! its buildings (classrooms relative to the classes it needs).

use super::region::{dist_m, Region, TownshipKind};
use super::rng::{cumulative, Rng};
use super::villages::Village;
use crate::model::{Grade, Level};
use crate::standards::Standards;

/// A synthetic school and the parameters that drive its enrollment.
#[derive(Debug, Clone)]
pub struct SchoolPlan {
    pub id: String,
    pub name: String,
    pub level: Level,
    /// Position, local metres.
    pub xy_m: [f64; 2],
    /// Teaches K1–K3 (a kindergarten, or a primary school with attached kindergarten classes).
    pub has_kg: bool,
    /// Share of the county's births three years earlier entering K1 here.
    pub k_share: f64,
    /// Share of the county's births six years earlier entering grade 1 here.
    pub g1_share: f64,
    /// Grade progression ratio within the school (below 1 where families leave for the seat).
    pub ratio: f64,
    /// Grade 6 → grade 7 ratio for schools with junior grades (applied to own or feeders' grade 6).
    pub g7_ratio: f64,
    /// For primary schools: the school (index) their grade-6 pupils move on to.
    pub feeds: Option<usize>,
    /// Share of its students living outside its catchment (nearest-school area).
    pub cross_share: f64,
    /// Classrooms relative to the classes its current enrollment needs.
    pub room_factor: f64,
    pub expandable_classrooms: u32,
    pub boarding: bool,
    pub max_students: Option<u32>,
    /// In the county seat (within 5 km of it).
    pub in_seat: bool,
}

/// Where a template school stands.
#[derive(Clone, Copy)]
enum Pos {
    /// Metres east, north of the county seat.
    Seat(f64, f64),
    /// Metres east, north of a township's anchor (by statistical code).
    Town(&'static str, f64, f64),
    /// At a named village, 300 m east.
    Village(&'static str),
}

/// One template row: name, level, position, K1 share, grade-1 share, ratio, g7 ratio,
/// feeds (template index), cross share, room factor, expandable, boarding, max students.
type Row = (
    &'static str,
    Level,
    Pos,
    f64,
    f64,
    f64,
    f64,
    Option<usize>,
    f64,
    f64,
    u32,
    bool,
    Option<u32>,
);

use Level::{Junior as J, Kindergarten as K, NineYear as N, Primary as P, TwelveYear as T};

#[rustfmt::skip]
const TEMPLATE: [Row; 27] = [
    ("林西县第一小学", P, Pos::Seat(0.0, 300.0), 0.0, 0.19, 1.02, 0.0, Some(7), 0.10, 0.88, 0, false, None),
    ("林西县第二小学", P, Pos::Seat(-1200.0, -400.0), 0.0, 0.15, 1.02, 0.0, Some(9), 0.10, 0.93, 6, false, None),
    ("林西县第三小学", P, Pos::Seat(1300.0, 900.0), 0.0, 0.12, 1.015, 0.0, Some(8), 0.08, 0.98, 0, false, None),
    ("林西县第四小学", P, Pos::Seat(900.0, -1300.0), 0.04, 0.09, 1.01, 0.0, Some(8), 0.08, 1.05, 4, false, None),
    ("林西镇中心小学", P, Pos::Seat(-2600.0, 1800.0), 0.04, 0.05, 1.0, 0.0, Some(9), 0.05, 1.1, 6, false, None),
    ("林西县民族学校(十二年一贯制)", T, Pos::Seat(-400.0, 1500.0), 0.0, 0.035, 1.0, 1.0, None, 0.5, 1.15, 0, true, Some(1200)),
    ("新城子镇中心学校(九年一贯制)", N, Pos::Town("150424101", 300.0, 0.0), 0.0, 0.06, 0.975, 0.97, None, 0.03, 1.1, 4, true, None),
    ("林西县第二中学", J, Pos::Seat(-300.0, -1000.0), 0.0, 0.0, 1.0, 1.03, None, 0.08, 0.97, 0, true, None),
    ("林西县第三中学", J, Pos::Seat(1500.0, -200.0), 0.0, 0.0, 1.0, 1.03, None, 0.08, 1.05, 0, false, None),
    ("林西县实验中学", J, Pos::Seat(-1500.0, 1000.0), 0.0, 0.0, 1.0, 1.02, None, 0.08, 1.05, 6, false, None),
    ("林西县第一幼儿园", K, Pos::Seat(200.0, -100.0), 0.18, 0.0, 1.0, 0.0, None, 0.05, 0.95, 0, false, None),
    ("林西县第二幼儿园", K, Pos::Seat(-1000.0, 700.0), 0.15, 0.0, 1.0, 0.0, None, 0.05, 1.0, 0, false, None),
    ("林西县第三幼儿园", K, Pos::Seat(1100.0, -700.0), 0.12, 0.0, 1.0, 0.0, None, 0.05, 1.05, 3, false, None),
    ("林西县实验幼儿园", K, Pos::Seat(-600.0, -1700.0), 0.10, 0.0, 1.0, 0.0, None, 0.05, 1.1, 0, false, None),
    ("大井镇中心幼儿园", K, Pos::Town("150424105", -400.0, 300.0), 0.05, 0.0, 0.99, 0.0, None, 0.02, 1.1, 0, false, None),
    ("五十家子镇中心幼儿园", K, Pos::Town("150424103", -300.0, 400.0), 0.04, 0.0, 0.99, 0.0, None, 0.02, 1.1, 0, false, None),
    ("大井镇中心小学", P, Pos::Town("150424105", 300.0, 0.0), 0.03, 0.055, 0.975, 0.0, Some(23), 0.03, 1.1, 0, true, None),
    ("官地镇中心小学", P, Pos::Town("150424104", 300.0, 0.0), 0.03, 0.04, 0.97, 0.0, Some(25), 0.03, 1.15, 0, true, None),
    ("统部镇中心小学", P, Pos::Town("150424106", 300.0, 0.0), 0.03, 0.035, 0.97, 0.0, Some(7), 0.03, 1.15, 0, true, None),
    ("五十家子镇中心小学", P, Pos::Town("150424103", 300.0, 0.0), 0.0, 0.045, 0.975, 0.0, Some(24), 0.03, 1.1, 0, true, None),
    ("新林镇中心小学", P, Pos::Town("150424102", 300.0, 0.0), 0.02, 0.035, 0.97, 0.0, Some(8), 0.03, 1.15, 0, false, None),
    ("大营子乡中心小学", P, Pos::Town("150424200", 300.0, 0.0), 0.0, 0.02, 0.965, 0.0, Some(8), 0.03, 1.2, 0, false, None),
    ("十二吐乡中心小学", P, Pos::Town("150424201", 300.0, 0.0), 0.01, 0.015, 0.96, 0.0, Some(7), 0.03, 1.2, 0, true, None),
    ("大井镇中学", J, Pos::Town("150424105", 0.0, -500.0), 0.0, 0.0, 0.98, 0.95, None, 0.03, 1.15, 0, true, None),
    ("五十家子镇中学", J, Pos::Town("150424103", 0.0, -500.0), 0.0, 0.0, 0.98, 0.95, None, 0.03, 1.15, 0, true, None),
    ("官地镇中学", J, Pos::Town("150424104", 0.0, -500.0), 0.0, 0.0, 0.98, 0.94, None, 0.03, 1.2, 0, true, None),
    ("统部镇大马金沟小学", P, Pos::Village("大马金沟村"), 0.0, 0.006, 0.96, 0.0, Some(7), 0.0, 1.0, 0, false, None),
];

/// The standard sample's schools.
pub fn template_schools(region: &Region, villages: &[Village]) -> Vec<SchoolPlan> {
    TEMPLATE
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let xy_m = match r.2 {
                Pos::Seat(dx, dy) => [dx, dy],
                Pos::Town(code, dx, dy) => {
                    let t = region
                        .townships
                        .iter()
                        .find(|t| t.code == code)
                        .expect("template township exists");
                    [t.anchor_m[0] + dx, t.anchor_m[1] + dy]
                }
                Pos::Village(name) => {
                    let v = villages
                        .iter()
                        .find(|v| v.name == name)
                        .expect("template village exists");
                    [v.xy_m[0] + 300.0, v.xy_m[1]]
                }
            };
            SchoolPlan {
                id: school_id(i),
                name: r.0.to_string(),
                level: r.1,
                xy_m,
                has_kg: r.3 > 0.0,
                k_share: r.3,
                g1_share: r.4,
                ratio: r.5,
                g7_ratio: r.6,
                feeds: r.7,
                cross_share: r.8,
                room_factor: r.9,
                expandable_classrooms: r.10,
                boarding: r.11,
                max_students: r.12,
                in_seat: dist_m(xy_m, [0.0; 2]) < 5_000.0,
            }
        })
        .collect()
}

/// The id of the i-th school (0-based): `SCH0001`...
pub fn school_id(i: usize) -> String {
    format!("SCH{:04}", i + 1)
}

/// The level of the i-th generic school: one of each level first, then a typical county's mix.
fn generic_level(i: usize, rng: &mut Rng) -> Level {
    match i {
        0 => Level::TwelveYear,
        1 => Level::NineYear,
        2 => Level::Junior,
        3 => Level::Primary,
        4 => Level::Kindergarten,
        _ => {
            let u = rng.f64();
            if u < 0.30 {
                Level::Kindergarten
            } else if u < 0.75 {
                Level::Primary
            } else if u < 0.93 {
                Level::Junior
            } else {
                Level::NineYear
            }
        }
    }
}

fn generic_name(level: Level, township: &str, n: usize) -> String {
    match level {
        Level::Kindergarten => format!("{township}第{n}幼儿园"),
        Level::Primary => format!("{township}第{n}小学"),
        Level::Junior => format!("{township}第{n}中学"),
        Level::NineYear => format!("{township}第{n}学校(九年一贯制)"),
        Level::TwelveYear => format!("{township}第{n}学校(十二年一贯制)"),
    }
}

/// Default range of rooms per class needed for generic schools.
pub const ROOM_FACTOR: (f64, f64) = (0.85, 1.2);

/// `m` generic schools for a scaled-up county, placed near villages in proportion to their weight;
/// rooms per class needed drawn uniformly from `room_factor`.
pub fn generic_schools(
    region: &Region,
    villages: &[Village],
    m: usize,
    room_factor: (f64, f64),
    rng: &mut Rng,
) -> Vec<SchoolPlan> {
    let cum = cumulative(&villages.iter().map(|v| v.weight).collect::<Vec<_>>());
    let mut counters = vec![[0usize; 5]; region.townships.len()];
    let mut plans = Vec::with_capacity(m);
    for i in 0..m {
        let level = generic_level(i, rng);
        let v = &villages[rng.pick_cumulative(&cum)];
        let mut xy_m = v.xy_m;
        for _ in 0..50 {
            let c = [
                v.xy_m[0] + rng.normal() * 1_500.0,
                v.xy_m[1] + rng.normal() * 1_500.0,
            ];
            if region.inside(c) {
                xy_m = c;
                break;
            }
        }
        let t = &region.townships[v.township];
        let lv = Level::ALL.iter().position(|l| *l == level).unwrap_or(0);
        counters[v.township][lv] += 1;
        let in_seat = dist_m(xy_m, [0.0; 2]) < 5_000.0 || t.kind != TownshipKind::Rural;
        let size = 0.2 + 1.8 * rng.f64() * rng.f64();
        let primary_stage = matches!(level, Level::Primary | Level::NineYear | Level::TwelveYear);
        let has_kg = level == Level::Kindergarten || (level == Level::Primary && rng.chance(0.3));
        plans.push(SchoolPlan {
            id: school_id(i),
            name: generic_name(level, &t.name, counters[v.township][lv]),
            level,
            xy_m,
            has_kg,
            k_share: if has_kg { size } else { 0.0 },
            g1_share: if primary_stage { size } else { 0.0 },
            ratio: if in_seat { 1.015 } else { 0.975 },
            g7_ratio: 1.0,
            feeds: None,
            cross_share: if in_seat { 0.08 } else { 0.03 },
            room_factor: rng.range(room_factor.0, room_factor.1),
            expandable_classrooms: if rng.chance(0.2) { 6 } else { 0 },
            boarding: !in_seat && rng.chance(0.5),
            max_students: None,
            in_seat,
        });
    }
    normalise_shares(&mut plans);
    assign_feeders(&mut plans);
    plans
}

/// Scale shares so K1 entry is 84 % and grade-1 entry 95 % of births (the rest leave the county or,
/// for K1, stay home).
fn normalise_shares(plans: &mut [SchoolPlan]) {
    let k: f64 = plans.iter().map(|p| p.k_share).sum();
    let g: f64 = plans.iter().map(|p| p.g1_share).sum();
    for p in plans.iter_mut() {
        if k > 0.0 {
            p.k_share *= 0.84 / k;
        }
        if g > 0.0 {
            p.g1_share *= 0.95 / g;
        }
    }
}

/// Each primary school's grade 6 moves on to the nearest junior school; a junior school that is
/// nobody's nearest takes the nearest primary school that another junior school can spare (one
/// with no pupils would be a school the plan cannot compute indicators for).
fn assign_feeders(plans: &mut [SchoolPlan]) {
    nearest_feeders(plans);
    let juniors: Vec<usize> = (0..plans.len())
        .filter(|&j| plans[j].level == Level::Junior)
        .collect();
    for &j in &juniors {
        let feeders =
            |plans: &[SchoolPlan], s: usize| plans.iter().filter(|p| p.feeds == Some(s)).count();
        if feeders(plans, j) > 0 {
            continue;
        }
        let spare = (0..plans.len())
            .filter(|&i| plans[i].level == Level::Primary)
            .filter(|&i| plans[i].feeds.is_some_and(|k| feeders(plans, k) > 1))
            .min_by(|&a, &b| {
                let da = dist_m(plans[a].xy_m, plans[j].xy_m);
                let db = dist_m(plans[b].xy_m, plans[j].xy_m);
                da.total_cmp(&db).then(a.cmp(&b))
            });
        if let Some(i) = spare {
            plans[i].feeds = Some(j);
        }
    }
}

/// Each primary school's grade 6 moves on to the nearest junior school.
fn nearest_feeders(plans: &mut [SchoolPlan]) {
    let juniors: Vec<usize> = (0..plans.len())
        .filter(|&j| plans[j].level == Level::Junior)
        .collect();
    for i in 0..plans.len() {
        if plans[i].level != Level::Primary {
            continue;
        }
        plans[i].feeds = juniors.iter().copied().min_by(|&a, &b| {
            let da = dist_m(plans[i].xy_m, plans[a].xy_m);
            let db = dist_m(plans[i].xy_m, plans[b].xy_m);
            da.total_cmp(&db).then(a.cmp(&b))
        });
    }
}

/// Classes the school's base-year students need at the caps (every taught grade, K included).
pub fn classes_needed(counts: &[u32; 12], std: &Standards) -> u32 {
    Grade::ALL
        .iter()
        .map(|g| counts[g.index()].div_ceil(std.class_cap(*g).max(1)))
        .sum()
}

/// General classrooms: the classes needed scaled by the school's room factor (below 1: crowded).
pub fn classrooms(plan: &SchoolPlan, counts: &[u32; 12], std: &Standards) -> u32 {
    let r = classes_needed(counts, std) as f64 * plan.room_factor;
    let rooms = if plan.room_factor < 1.0 {
        r.floor()
    } else {
        r.ceil()
    };
    (rooms as u32).max(1)
}

/// Kindergarten classes attached to a primary school (0 for every other school).
pub fn kg_classes(plan: &SchoolPlan, counts: &[u32; 12], std: &Standards) -> u32 {
    if plan.level != Level::Primary || !plan.has_kg {
        return 0;
    }
    Grade::ALL[..3]
        .iter()
        .map(|g| counts[g.index()].div_ceil(std.class_cap(*g).max(1)))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::villages::place_villages;

    #[test]
    fn template_is_complete_and_inside() {
        let region = Region::linxi();
        let vs = place_villages(&region, &mut Rng::new(1));
        let s = template_schools(&region, &vs);
        for l in Level::ALL {
            assert!(s.iter().any(|p| p.level == l), "no {l}");
        }
        assert_eq!(s.iter().filter(|p| p.level == Level::TwelveYear).count(), 1);
        for p in &s {
            assert!(region.inside(p.xy_m), "{} outside", p.name);
            if let Some(f) = p.feeds {
                assert_eq!(s[f].level, Level::Junior, "{} feeds {}", p.name, s[f].name);
            }
        }
        assert!(
            s.iter()
                .filter(|p| p.level == Level::Primary && p.has_kg)
                .count()
                >= 3
        );
    }

    #[test]
    fn generic_schools_cover_levels_and_feed_juniors() {
        let region = Region::linxi();
        let vs = place_villages(&region, &mut Rng::new(1));
        let s = generic_schools(&region, &vs, 60, ROOM_FACTOR, &mut Rng::new(5));
        assert_eq!(s.len(), 60);
        for l in Level::ALL {
            assert!(s.iter().any(|p| p.level == l));
        }
        let g1: f64 = s.iter().map(|p| p.g1_share).sum();
        assert!((g1 - 0.95).abs() < 1e-9);
        assert!(s
            .iter()
            .filter(|p| p.level == Level::Primary)
            .all(|p| p.feeds.is_some()));
    }

    #[test]
    fn every_junior_school_of_a_small_county_has_a_feeder() {
        let region = Region::linxi();
        let vs = place_villages(&region, &mut Rng::new(7));
        let mut repaired = 0;
        for seed in 1..40 {
            let s = generic_schools(&region, &vs, 14, ROOM_FACTOR, &mut Rng::new(seed));
            let mut nearest = s.clone();
            nearest_feeders(&mut nearest);
            let primaries = s.iter().filter(|p| p.level == Level::Primary).count();
            let juniors: Vec<usize> = (0..s.len())
                .filter(|&j| s[j].level == Level::Junior)
                .collect();
            let fed = |plans: &[SchoolPlan], j: usize| plans.iter().any(|p| p.feeds == Some(j));
            for &j in &juniors {
                repaired += usize::from(!fed(&nearest, j) && fed(&s, j));
                if primaries >= juniors.len() {
                    assert!(fed(&s, j), "seed {seed}: {} has no feeder", s[j].name);
                }
            }
        }
        // Nearest-school feeding alone leaves some junior school empty in these small counties.
        assert!(repaired > 0);
    }
}
