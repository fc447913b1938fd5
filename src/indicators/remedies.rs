//! Remedies: for each school that fails the pass rule, the least it would take to pass; for each
//! failing guarantee item, what is missing.
//!
//! For one stage with `P` students, share `σ` of the school's resources and thresholds `t_k`, the
//! stage needs `t_k·P/c_k` of resource k to meet indicator k (`c_k` = 100 for the per-100
//! indicators, else 1), and `floor·t_k·P/c_k` to reach the 85 % floor. To pass, every indicator must
//! reach its floor and all but `7 − min_indicators_met` (= 1) must reach the threshold. The one(s)
//! left below the threshold (but at the floor) are those where that saves the most relative to the
//! threshold, `min(1 − value/threshold, 1 − floor)`, ties broken by the larger relative shortfall,
//! then table order. Additions are made to the school (the stage receives `σ` of them), so a stage
//! deficit `d` needs `d/σ` at the school; for a school with two failing stages each indicator takes
//! the larger of the two. Teachers and rooms are added in
//! whole units, m² and yuan rounded up to whole numbers. Rounding up can lift the indicator left at
//! its floor over the threshold, so each addition is then lowered to the least whole amount with
//! which the school still passes: no addition can be one unit smaller.
//!
//! Other choices (leaving a different indicator below) can also pass; this one is the smallest in
//! each resource given the choice, which is what the planner needs to cost it.

use super::guarantee::Guarantee;
use super::indicator::{at_least, Indicator};
use super::pass_rule::pass_rule;
use super::values::StageValues;
use crate::model::{Level, Resources, Stage};
use crate::standards::Standards;
use serde::Serialize;

/// What an addition brings an indicator up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The threshold.
    Threshold,
    /// 85 % of the threshold (the one indicator allowed below it).
    Floor,
}

/// One resource to add to a school.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceAddition {
    pub indicator: Indicator,
    /// The school's resource now (all stages).
    pub have: f64,
    /// The least to add, in `unit`.
    pub add: f64,
    pub unit: &'static str,
    pub target: Target,
}

/// The least a failing school needs to pass.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolRemedy {
    pub school_id: String,
    pub school_name: String,
    pub level: Level,
    /// The stages that fail now.
    pub failing_stages: Vec<Stage>,
    pub additions: Vec<ResourceAddition>,
    /// Indicators left below their threshold (at least at the floor) after the remedy.
    pub left_below: Vec<(Stage, Indicator)>,
}

impl SchoolRemedy {
    /// `res` with the additions made.
    pub fn apply(&self, res: &Resources) -> Resources {
        let mut out = res.clone();
        for a in &self.additions {
            if let Some(v) = a.indicator.resource_mut(&mut out) {
                *v += a.add;
            }
        }
        out
    }
}

/// Round a positive amount up to a whole unit, ignoring float noise just above a whole number.
fn round_up(x: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else {
        (x - 1e-9 * x.max(1.0)).ceil().max(0.0)
    }
}

/// Stage-level deficits per indicator, the indicator(s) left below the threshold aimed at the floor.
fn stage_plan(row: &StageValues, standards: &Standards) -> [f64; 7] {
    let floor = standards.remainder_floor_ratio;
    let p = row.students as f64;
    let mut plan = [0.0; 7];
    let mut unmet: Vec<(usize, f64, f64)> = Vec::new(); // (k, saving, shortfall)
    for (k, ind) in Indicator::ALL.iter().enumerate() {
        let have = row.resources[k];
        let full = ind.resource_for(row.thresholds[k], p);
        if at_least(row.values[k], row.thresholds[k]) {
            continue;
        }
        let ratio = row.values[k] / row.thresholds[k];
        let d_full = (full - have).max(0.0);
        let d_floor = (floor * full - have).max(0.0);
        plan[k] = d_full;
        unmet.push((k, (d_full - d_floor) / full, 1.0 - ratio));
    }
    let allowed = 7usize.saturating_sub(standards.min_indicators_met as usize);
    unmet.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| b.2.total_cmp(&a.2))
            .then_with(|| a.0.cmp(&b.0))
    });
    for (k, _, _) in unmet.into_iter().take(allowed) {
        let full = Indicator::ALL[k].resource_for(row.thresholds[k], p);
        plan[k] = (floor * full - row.resources[k]).max(0.0);
    }
    plan
}

/// The remedy for one school from its stage rows (all of the same school), or None if it passes.
pub fn school_remedy(
    rows: &[&StageValues],
    res: &Resources,
    standards: &Standards,
) -> Option<SchoolRemedy> {
    let failing: Vec<&&StageValues> = rows
        .iter()
        .filter(|r| !pass_rule(&r.values, &r.thresholds, standards).pass)
        .collect();
    let first = failing.first()?;
    // Per indicator: the largest school-level addition any failing stage needs.
    let mut add = [0.0f64; 7];
    for row in &failing {
        let plan = stage_plan(row, standards);
        for (k, deficit) in plan.iter().enumerate() {
            add[k] = add[k].max(deficit / row.share);
        }
    }
    let mut add = add.map(round_up);
    tighten(rows, &mut add, standards);
    // What is still below its threshold after the remedy (at the floor at least).
    let mut left_below = Vec::new();
    for row in rows {
        let values = values_with(row, &add);
        let outcome = pass_rule(&values, &row.thresholds, standards);
        left_below.extend(outcome.unmet.iter().map(|i| (row.stage, *i)));
    }
    let additions = Indicator::ALL
        .iter()
        .zip(add)
        .filter(|(_, a)| *a > 0.0)
        .filter_map(|(ind, a)| Some((ind, a, ind.resource(res)?)))
        .map(|(ind, a, have)| ResourceAddition {
            indicator: *ind,
            have,
            add: a,
            unit: ind.resource_unit(),
            target: if left_below.iter().any(|(_, i)| i == ind) {
                Target::Floor
            } else {
                Target::Threshold
            },
        })
        .collect();
    Some(SchoolRemedy {
        school_id: first.school_id.clone(),
        school_name: first.school_name.clone(),
        level: first.level,
        failing_stages: failing.iter().map(|r| r.stage).collect(),
        additions,
        left_below,
    })
}

/// A stage's indicator values with `add` (school-level, per indicator) added to the school.
fn values_with(row: &StageValues, add: &[f64; 7]) -> [f64; 7] {
    let p = row.students as f64;
    let mut v = [0.0; 7];
    for (k, ind) in Indicator::ALL.iter().enumerate() {
        v[k] = ind.value(row.resources[k] + row.share * add[k], p);
    }
    v
}

fn all_pass(rows: &[&StageValues], add: &[f64; 7], standards: &Standards) -> bool {
    rows.iter()
        .all(|r| pass_rule(&values_with(r, add), &r.thresholds, standards).pass)
}

/// Whole-unit rounding can lift an indicator left at its floor over its threshold, making another
/// addition unnecessary: lower each addition, in table order, to the least whole amount that still
/// passes (a binary search; passing only gets easier with more of a resource).
fn tighten(rows: &[&StageValues], add: &mut [f64; 7], standards: &Standards) {
    if !all_pass(rows, add, standards) {
        return; // Cannot happen with the plan above; keep the plan rather than loop.
    }
    for k in 0..7 {
        let (mut lo, mut hi) = (0.0f64, add[k]);
        while hi - lo > 0.5 {
            let mid = ((lo + hi) / 2.0).floor();
            let mut trial = *add;
            trial[k] = mid;
            if all_pass(rows, &trial, standards) {
                hi = mid;
            } else {
                lo = mid + 1.0;
            }
        }
        add[k] = hi;
    }
}

/// One thing missing for a guarantee item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GuaranteeRemedy {
    pub school_id: String,
    pub school_name: String,
    /// `music_rooms`, `music_room_m2`, `art_rooms`, `art_room_m2`, `classrooms`, `students`.
    pub item: &'static str,
    pub have: f64,
    pub need: f64,
    /// What to add (for `students`: how many to move elsewhere).
    pub add: f64,
    pub unit: &'static str,
    pub note: String,
}

/// What a school lacks for the guarantee items that fail.
pub fn guarantee_remedies(g: &Guarantee) -> Vec<GuaranteeRemedy> {
    let mut out = Vec::new();
    let mut push = |item, have: f64, need: f64, add: f64, unit, note: String| {
        out.push(GuaranteeRemedy {
            school_id: g.school_id.clone(),
            school_name: g.school_name.clone(),
            item,
            have,
            need,
            add,
            unit,
            note,
        })
    };
    if !g.size_ok {
        let over = g.students - g.size_cap;
        let note = format!(
            "{} students over the size cap of {}: move them to another school or split the school",
            over, g.size_cap
        );
        push(
            "students",
            g.students as f64,
            g.size_cap as f64,
            over as f64,
            "students",
            note,
        );
    }
    if g.classrooms_short > 0 && (g.classes_ok == Some(false) || g.large_classes > 0) {
        let note = format!(
            "{} classes needed at the caps, {} classrooms: classes over the cap {}, large {}, very large {}",
            g.classes_needed, g.classrooms, g.classes_over_cap, g.large_classes, g.very_large_classes
        );
        let (have, need) = (g.classrooms as f64, g.classes_needed as f64);
        push("classrooms", have, need, need - have, "rooms", note);
    }
    for (name, area, check) in [
        ("music_rooms", "music_room_m2", &g.music),
        ("art_rooms", "art_room_m2", &g.art),
    ] {
        let Some(c) = check else { continue };
        if c.have < c.need {
            let note = format!(
                "{} needed for {} classes, each at least {} m²",
                c.need, g.classes_needed, c.min_m2
            );
            push(
                name,
                c.have as f64,
                c.need as f64,
                (c.need - c.have) as f64,
                "rooms",
                note,
            );
        }
        if c.have > 0 && c.smallest_m2 < c.min_m2 {
            let note = "enlarge the smallest room (or every room under the minimum)".to_string();
            push(
                area,
                c.smallest_m2,
                c.min_m2,
                c.min_m2 - c.smallest_m2,
                "m2",
                note,
            );
        }
    }
    out
}
