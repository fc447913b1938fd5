//! Students: one row per child counted in the base year, living near a village of their school's
//! catchment, with a birth date that fits their grade under the 08-31 cut-off.
//!
//! A school's catchment is the set of villages for which it is the nearest school of the stage
//! (kindergarten, primary, junior); most of its students live there, a few (its `cross_share`)
//! anywhere in the county, so some students do not attend their nearest school. About 5 % are given
//! by address only, and a handful of those addresses name no real village.

use super::region::{dist_m, Region};
use super::rng::{cumulative, Rng};
use super::schools::SchoolPlan;
use super::villages::Village;
use crate::model::{Grade, Level, Stage};

/// Share of students given by address only (no coordinates).
pub const ADDRESS_ONLY_SHARE: f64 = 0.05;
/// Share of all students whose address matches no gazetteer entry.
const UNMATCHED_SHARE: f64 = 0.0006;
/// Village names that do not exist in Linxi, for the unmatched addresses.
const FAKE_VILLAGES: [&str; 6] = ["红旗村", "前进村", "光明村", "向阳村", "胜利村", "团结村"];
const GROUPS: [&str; 8] = [
    "一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组",
];

/// One generated student.
#[derive(Debug, Clone)]
pub struct StudentRow {
    pub grade: Grade,
    /// Home position in local metres; None when given by address only.
    pub xy_m: Option<[f64; 2]>,
    pub address: Option<String>,
    pub school: usize,
    /// Village index; None for an unmatched address.
    pub village: Option<usize>,
    /// Days since 1970-01-01.
    pub birth_day: i64,
    pub migrant: bool,
}

fn serves(level: Level, has_kg: bool, stage: Stage) -> bool {
    match stage {
        Stage::Kindergarten => has_kg,
        _ => level.serves(stage),
    }
}

/// A school's villages for one stage with their cumulative weights; None if it has no such grades.
type Catchment = Option<Vec<(usize, f64)>>;

/// Per school and stage, the cumulative village weights to draw homes from.
fn catchments(plans: &[SchoolPlan], villages: &[Village]) -> Vec<[Catchment; 3]> {
    let mut out: Vec<[Catchment; 3]> = vec![[None, None, None]; plans.len()];
    for (k, stage) in Stage::ALL.iter().enumerate() {
        let schools: Vec<usize> = (0..plans.len())
            .filter(|&s| serves(plans[s].level, plans[s].has_kg, *stage))
            .collect();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); plans.len()];
        for (vi, v) in villages.iter().enumerate() {
            if let Some(&s) = schools.iter().min_by(|&&a, &&b| {
                dist_m(v.xy_m, plans[a].xy_m).total_cmp(&dist_m(v.xy_m, plans[b].xy_m))
            }) {
                members[s].push(vi);
            }
        }
        for &s in &schools {
            let mut list = std::mem::take(&mut members[s]);
            if list.is_empty() {
                let mut by_dist: Vec<usize> = (0..villages.len()).collect();
                by_dist.sort_by(|&a, &b| {
                    dist_m(villages[a].xy_m, plans[s].xy_m)
                        .total_cmp(&dist_m(villages[b].xy_m, plans[s].xy_m))
                });
                list = by_dist.into_iter().take(3).collect();
            }
            let w: Vec<f64> = list.iter().map(|&v| villages[v].weight).collect();
            let cum = cumulative(&w);
            out[s][k] = Some(list.into_iter().zip(cum).collect());
        }
    }
    out
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` of a day number, the inverse of [`days_from_civil`].
pub fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The birth-date window (first and last day) of a child in `grade` in school year `year`: they
/// enter grade 1 in the year they are 6 on 08-31.
pub fn birth_window(grade: Grade, year: i32) -> (i64, i64) {
    let entry = year as i64 - (grade.index() as i64 - 3);
    (
        days_from_civil(entry - 7, 9, 1),
        days_from_civil(entry - 6, 8, 31),
    )
}

/// Inputs the student generator needs besides the schools.
pub struct StudentSpec<'a> {
    pub region: &'a Region,
    pub villages: &'a [Village],
    /// Base-year counts per school and grade.
    pub counts: Vec<[u32; 12]>,
    pub base_year: i32,
    /// Standard deviation of homes around their village, metres.
    pub jitter_m: f64,
    pub seed: u64,
}

/// Generate every student, school by school, grade by grade.
pub fn generate_students(plans: &[SchoolPlan], spec: &StudentSpec) -> Vec<StudentRow> {
    let villages = spec.villages;
    let catch = catchments(plans, villages);
    let all = cumulative(&villages.iter().map(|v| v.weight).collect::<Vec<_>>());
    // Villages far enough from the outline that a truncated jitter cannot leave the county.
    let safe: Vec<bool> = villages
        .iter()
        .map(|v| spec.region.edge_distance_m(v.xy_m) > 3.0 * spec.jitter_m + 1.0)
        .collect();
    let total: usize = spec
        .counts
        .iter()
        .map(|c| c.iter().sum::<u32>() as usize)
        .sum();
    let mut out = Vec::with_capacity(total);
    for (s, plan) in plans.iter().enumerate() {
        let mut rng = Rng::stream(spec.seed, 10_000 + s as u64);
        for grade in Grade::ALL {
            let stage_k = Stage::ALL
                .iter()
                .position(|st| *st == grade.stage())
                .unwrap_or(0);
            let Some(list) = catch[s][stage_k].as_ref() else {
                continue;
            };
            let cum: Vec<f64> = list.iter().map(|x| x.1).collect();
            let (first, last) = birth_window(grade, spec.base_year);
            for _ in 0..spec.counts[s][grade.index()] {
                let vi = if rng.chance(plan.cross_share) {
                    rng.pick_cumulative(&all)
                } else {
                    list[rng.pick_cumulative(&cum)].0
                };
                let mut row = StudentRow {
                    grade,
                    xy_m: None,
                    address: None,
                    school: s,
                    village: Some(vi),
                    birth_day: first + rng.below((last - first + 1) as usize) as i64,
                    migrant: rng.chance(if plan.in_seat { 0.06 } else { 0.01 }),
                };
                let u = rng.f64();
                if u < UNMATCHED_SHARE {
                    let fake = FAKE_VILLAGES[rng.below(FAKE_VILLAGES.len())];
                    let t = &spec.region.townships[villages[vi].township].name;
                    let g = GROUPS[rng.below(GROUPS.len())];
                    row.address = Some(format!("林西县{t}{fake}{g}"));
                    row.village = None;
                } else if u < ADDRESS_ONLY_SHARE {
                    row.address = Some(address(spec.region, &villages[vi], &mut rng));
                } else {
                    row.xy_m = Some(home(spec.region, &villages[vi], safe[vi], spec, &mut rng));
                }
                out.push(row);
            }
        }
    }
    out
}

/// An address written by village, as a register would hold it: 林西县新城子镇常胜村三组.
fn address(region: &Region, v: &Village, rng: &mut Rng) -> String {
    let t = &region.townships[v.township].name;
    let name = if v.name.ends_with('村') && rng.chance(0.15) {
        format!("{}委会", v.name)
    } else {
        v.name.clone()
    };
    let group = if v.name.ends_with('村') && rng.chance(0.6) {
        GROUPS[rng.below(GROUPS.len())]
    } else {
        ""
    };
    format!("林西县{t}{name}{group}")
}

/// A home near the village: normal jitter truncated at 3 sd, kept inside the county.
fn home(region: &Region, v: &Village, safe: bool, spec: &StudentSpec, rng: &mut Rng) -> [f64; 2] {
    let sd = spec.jitter_m;
    for _ in 0..64 {
        let (dx, dy) = (rng.normal() * sd, rng.normal() * sd);
        if dx * dx + dy * dy > 9.0 * sd * sd {
            continue;
        }
        let p = [v.xy_m[0] + dx, v.xy_m[1] + dy];
        if safe || region.well_inside(p, 100.0) {
            return p;
        }
    }
    v.xy_m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2019, 8, 31)), "2019-08-31");
        assert_eq!(civil_from_days(days_from_civil(2020, 2, 29)), "2020-02-29");
        assert_eq!(
            civil_from_days(days_from_civil(2000, 3, 1) - 1),
            "2000-02-29"
        );
    }

    #[test]
    fn birth_windows_follow_the_cutoff() {
        // Grade 1 in school year 2025: six by 2025-08-31, not yet seven.
        let (a, b) = birth_window(Grade::G1, 2025);
        assert_eq!(civil_from_days(a), "2018-09-01");
        assert_eq!(civil_from_days(b), "2019-08-31");
        let (a, _) = birth_window(Grade::K1, 2025);
        assert_eq!(civil_from_days(a), "2021-09-01");
        let (_, b) = birth_window(Grade::G9, 2025);
        assert_eq!(civil_from_days(b), "2011-08-31");
    }
}
