//! Demand in each forecast year, located where the children live.
//!
//! The forecast gives students per existing school × grade × year. The current students of that
//! school and grade are scaled to it: each home point keeps its share of the school's students, and
//! the integer counts are shared out by largest remainder (ties by point order), so the yearly total
//! per school and grade equals the forecast exactly. A school and grade with no current students but
//! a forecast puts those children at the school. Students without a current school keep their count.
//! This is an approximation (new entrants are assumed to live where today's pupils of the same
//! grade live), stated in the justification. Pupils of new housing are the exception: they are
//! placed at their housing project ([`housing_demand`]), since that is where the new need is.

use super::input::SiteInput;
use crate::forecast::{Forecast, Scenario};
use crate::model::Grade;
use crate::zones::{Group, Problem};
use std::collections::BTreeMap;

/// Per (school id, grade): the groups holding its current students and how many.
#[derive(Debug, Clone)]
pub struct Shares {
    by_school: BTreeMap<(String, Grade), Vec<(usize, u32)>>,
    /// Students without a current school, per group.
    loose: Vec<u32>,
    /// For each group: (school id, students) of its current students.
    pub mix: Vec<Vec<(String, u32)>>,
}

impl Shares {
    /// Who lives where today, from the base problem's groups.
    pub fn build(input: &SiteInput, base: &Problem) -> Shares {
        let mut by_school: BTreeMap<(String, Grade), Vec<(usize, u32)>> = BTreeMap::new();
        let mut loose = vec![0u32; base.groups.len()];
        let mut mix = vec![Vec::new(); base.groups.len()];
        for (gi, g) in base.groups.iter().enumerate() {
            let mut per: BTreeMap<&str, u32> = BTreeMap::new();
            for m in base.group_members(gi) {
                match input.students[*m as usize].school_id.as_deref() {
                    Some(id) => *per.entry(id).or_default() += 1,
                    None => loose[gi] += 1,
                }
            }
            if g.members.is_empty() {
                loose[gi] = g.count;
            }
            for (id, n) in per {
                by_school
                    .entry((id.to_string(), g.grade))
                    .or_default()
                    .push((gi, n));
                mix[gi].push((id.to_string(), n));
            }
        }
        Shares {
            by_school,
            loose,
            mix,
        }
    }
}

/// Forecast students by (school id, grade) in `year` under `scenario`.
pub fn forecast_counts(
    forecast: &Forecast,
    year: i32,
    scenario: Scenario,
) -> BTreeMap<(String, Grade), u32> {
    let mut out = BTreeMap::new();
    for s in &forecast.schools {
        for path in s.paths.iter().filter(|p| p.scenario == scenario) {
            for y in path.years.iter().filter(|y| y.year == year) {
                for g in Grade::ALL {
                    let n = y.students.get(g);
                    if n > 0 {
                        out.insert((s.school_id.clone(), g), n);
                    }
                }
            }
        }
    }
    out
}

/// Pupils of new housing in one year, placed at their project (not where the serving school's
/// pupils live today): the forecast's housing yield of a school and grade is shared out over the
/// school's projects completed by `year`.
#[derive(Debug, Clone, PartialEq)]
pub struct HousingDemand {
    pub school_id: String,
    pub housing_id: String,
    pub grade: Grade,
    pub xy_m: [f64; 2],
    pub count: u32,
}

/// The housing demand of `grades` in `year` (see [`HousingDemand`]): per project attached to a
/// school, its pupils at full occupation × the ramp share of the year, spread evenly over the
/// stage's grades the school teaches (the forecast's own rule), rounded per grade.
pub fn housing_demand(
    input: &SiteInput,
    forecast: &Forecast,
    grades: &[Grade],
    year: i32,
) -> Vec<HousingDemand> {
    let ramp = forecast.options.housing_ramp_years.max(1) as f64;
    let mut out = Vec::new();
    for a in forecast
        .housing
        .iter()
        .filter(|a| a.year <= year && a.students > 0.0)
    {
        let Some(id) = a.school_id.as_deref() else {
            continue;
        };
        let (Some(school), Some(h)) = (
            input.school(id),
            input.housing.iter().find(|h| h.id == a.housing_id),
        ) else {
            continue;
        };
        let taught = crate::forecast::history::taught(school);
        let ours: Vec<Grade> = a
            .stage
            .grades()
            .iter()
            .copied()
            .filter(|g| taught[g.index()])
            .collect();
        let share = ((year - a.year + 1) as f64 / ramp).min(1.0);
        for g in ours.iter().filter(|g| grades.contains(g)) {
            let count = (a.students * share / ours.len() as f64).round() as u32;
            if count > 0 {
                out.push(HousingDemand {
                    school_id: id.to_string(),
                    housing_id: h.id.clone(),
                    grade: *g,
                    xy_m: h.xy_m,
                    count,
                });
            }
        }
    }
    out
}

/// Move the housing pupils out of `target` (never more than it holds, so totals are kept) and
/// return them as groups at their projects.
pub fn take_housing(
    target: &mut BTreeMap<(String, Grade), u32>,
    homes: &[HousingDemand],
) -> Vec<Group> {
    let mut out = Vec::new();
    for h in homes {
        let Some(t) = target.get_mut(&(h.school_id.clone(), h.grade)) else {
            continue;
        };
        let n = h.count.min(*t);
        *t -= n;
        if n > 0 {
            out.push(Group {
                xy_m: h.xy_m,
                grade: h.grade,
                count: n,
                unit: None,
                members: 0..0,
            });
        }
    }
    out
}

/// The groups of one year: the base groups with scaled counts (members cleared), plus extra groups
/// at schools whose grade has no current students. `school_xy` gives a school's position.
pub fn year_groups(
    base: &Problem,
    shares: &Shares,
    target: &BTreeMap<(String, Grade), u32>,
    school_xy: &dyn Fn(&str) -> Option<[f64; 2]>,
) -> Vec<Group> {
    let mut counts = shares.loose.clone();
    let grades = base.grades();
    for ((id, grade), list) in &shares.by_school {
        let now: u32 = list.iter().map(|x| x.1).sum();
        let t = target.get(&(id.clone(), *grade)).copied().unwrap_or(now);
        for (gi, n) in share_out(list, now, t) {
            counts[gi] += n;
        }
    }
    let mut groups: Vec<Group> = base
        .groups
        .iter()
        .zip(&counts)
        .map(|(g, n)| Group {
            members: 0..0,
            count: *n,
            ..g.clone()
        })
        .collect();
    for ((id, grade), t) in target {
        if !grades.contains(grade) || shares.by_school.contains_key(&(id.clone(), *grade)) {
            continue;
        }
        if let Some(xy) = school_xy(id) {
            groups.push(Group {
                xy_m: xy,
                grade: *grade,
                count: *t,
                unit: None,
                members: 0..0,
            });
        }
    }
    groups
}

/// Share `t` students over `list` in proportion to its counts (summing to `now`), by largest
/// remainder ([`crate::zones::forecast_demand::largest_remainder`]); ties to the earlier entry.
fn share_out(list: &[(usize, u32)], now: u32, t: u32) -> Vec<(usize, u32)> {
    if now == 0 {
        return Vec::new();
    }
    let weights: Vec<u32> = list.iter().map(|(_, n)| *n).collect();
    let shares = crate::zones::forecast_demand::largest_remainder(t, &weights);
    list.iter().map(|(g, _)| *g).zip(shares).collect()
}

#[cfg(test)]
mod tests {
    use super::share_out;

    #[test]
    fn shares_sum_to_target() {
        let list = [(0, 3), (1, 3), (2, 1)];
        let out = share_out(&list, 7, 10);
        assert_eq!(out.iter().map(|x| x.1).sum::<u32>(), 10);
        // 3*10/7 = 4.29, 4.29, 1.43 → floors 4,4,1 = 9; the largest remainder (.43, group 2) gets 1.
        assert_eq!(out, vec![(0, 4), (1, 4), (2, 2)]);
    }
}
