//! Students: one row per child counted in the base year, living near a village of their school's
//! catchment, with a birth date that fits their grade under the 08-31 cut-off.
//!
//! A school's catchment is the set of villages for which it is the nearest school of the stage
//! (kindergarten, primary, junior); most of its students live there, a few (its `cross_share`)
//! anywhere in the county, so some students do not attend their nearest school. About 5 % are given
//! by address only, and a handful of those addresses name no real village.

use super::region::{dist_m, InsideGrid, Region};
use super::rng::{cumulative, Rng};
use super::schools::SchoolPlan;
use super::villages::Village;
use crate::model::{Grade, Level, Stage};
use rayon::prelude::*;

/// Share of students given by address only (no coordinates).
pub const ADDRESS_ONLY_SHARE: f64 = 0.05;
/// Share of all students whose address cannot be placed at a village (see [`faulty_address`]).
const UNMATCHED_SHARE: f64 = 0.0008;
/// Village names that do not exist in Linxi, for the faulty addresses.
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

pub use crate::calendar::days_from_civil;

/// `YYYY-MM-DD` of a day number, the inverse of [`days_from_civil`].
pub fn civil_from_days(z: i64) -> String {
    let (y, m, d) = crate::calendar::civil_from_days(z);
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
    // Villages far enough from the outline that a truncated jitter cannot leave the county; homes
    // of the others are checked against a grid (exact, fast for cells wholly inside).
    let safe: Vec<bool> = villages
        .iter()
        .map(|v| spec.region.edge_distance_m(v.xy_m) > 3.0 * spec.jitter_m + 1.0)
        .collect();
    let grid = InsideGrid::new(spec.region, 1_000.0);
    let ctx = SchoolCtx {
        spec,
        catch: &catch,
        all: &all,
        safe: &safe,
        grid: &grid,
    };
    // Each school has its own random stream, so schools can run in parallel and the result is the
    // same as running them in order.
    let per_school: Vec<Vec<StudentRow>> = plans
        .par_iter()
        .enumerate()
        .map(|(s, plan)| ctx.school(s, plan))
        .collect();
    per_school.into_iter().flatten().collect()
}

/// What every school's student generation shares.
struct SchoolCtx<'a> {
    spec: &'a StudentSpec<'a>,
    catch: &'a [[Catchment; 3]],
    all: &'a [f64],
    safe: &'a [bool],
    grid: &'a InsideGrid,
}

impl SchoolCtx<'_> {
    /// The students of school `s`, grade by grade.
    fn school(&self, s: usize, plan: &SchoolPlan) -> Vec<StudentRow> {
        let spec = self.spec;
        let villages = spec.villages;
        let mut rng = Rng::stream(spec.seed, 10_000 + s as u64);
        let mut out = Vec::with_capacity(spec.counts[s].iter().sum::<u32>() as usize);
        for grade in Grade::ALL {
            let stage_k = Stage::ALL
                .iter()
                .position(|st| *st == grade.stage())
                .unwrap_or(0);
            let Some(list) = self.catch[s][stage_k].as_ref() else {
                continue;
            };
            let cum: Vec<f64> = list.iter().map(|x| x.1).collect();
            let (first, last) = birth_window(grade, spec.base_year);
            for _ in 0..spec.counts[s][grade.index()] {
                let vi = if rng.chance(plan.cross_share) {
                    rng.pick_cumulative(self.all)
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
                    row.address = Some(faulty_address(spec.region, villages, vi, &mut rng));
                    row.village = None;
                } else if u < ADDRESS_ONLY_SHARE {
                    row.address = Some(address(spec.region, &villages[vi], &mut rng));
                } else {
                    let v = &villages[vi];
                    row.xy_m = Some(home(self.grid, v, self.safe[vi], spec, &mut rng));
                }
                out.push(row);
            }
        }
        out
    }
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

/// An address the gazetteer cannot place at a village, as registers hold a few: a village missing
/// from the gazetteer (placed at its township at best), a real village under the wrong township, a
/// village name shared by two townships written without the township, or an address outside the
/// county.
fn faulty_address(region: &Region, villages: &[Village], vi: usize, rng: &mut Rng) -> String {
    let v = &villages[vi];
    let towns = &region.townships;
    let g = GROUPS[rng.below(GROUPS.len())];
    match rng.below(4) {
        0 => {
            let fake = FAKE_VILLAGES[rng.below(FAKE_VILLAGES.len())];
            format!("林西县{}{fake}{g}", towns[v.township].name)
        }
        1 => {
            // The next township that has no village of this name.
            let other = (1..towns.len())
                .map(|k| (v.township + k) % towns.len())
                .find(|&t| !villages.iter().any(|w| w.township == t && w.name == v.name))
                .unwrap_or(v.township);
            format!("林西县{}{}{g}", towns[other].name, v.name)
        }
        2 => {
            let shared = villages.iter().find(|w| {
                villages
                    .iter()
                    .any(|x| x.name == w.name && x.township != w.township)
            });
            match shared {
                Some(w) => format!("林西县{}{g}", w.name),
                None => format!("林西县{}{g}", FAKE_VILLAGES[0]),
            }
        }
        _ => {
            let fake = FAKE_VILLAGES[rng.below(FAKE_VILLAGES.len())];
            format!("克什克腾旗同兴镇{fake}{g}")
        }
    }
}

/// A home near the village: normal jitter truncated at 3 sd, kept inside the county.
fn home(grid: &InsideGrid, v: &Village, safe: bool, spec: &StudentSpec, rng: &mut Rng) -> [f64; 2] {
    let sd = spec.jitter_m;
    for _ in 0..64 {
        let (dx, dy) = (rng.normal() * sd, rng.normal() * sd);
        if dx * dx + dy * dy > 9.0 * sd * sd {
            continue;
        }
        let p = [v.xy_m[0] + dx, v.xy_m[1] + dy];
        if safe || grid.contains(spec.region, p) {
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
