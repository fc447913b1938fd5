//! Demand aggregated for the site search: each year's pupils pooled by square cell and grade.
//!
//! Why: the search asks "what if this site were built?" hundreds of times per year, and a county
//! of 200,000 pupils has tens of thousands of home points. Pupils of one grade in one square of
//! the planar grid are pooled into one group at their mean position, so the zones engine
//! evaluates a candidate plan on a few hundred or thousand groups instead. The pooling moves a
//! pupil by at most the square's diagonal; the plan the search picks on pooled demand is checked
//! again on every real pupil ([`super::choice`]). Groups are ordered by cell and grade, so the
//! same problem always gives the same pooled problem.

use crate::zones::{Group, Problem};
use std::collections::BTreeMap;

/// Side of a search cell, metres: the demand cells' default size ([`crate::zones::cells`]).
pub const SEARCH_CELL_M: f64 = crate::zones::cells::DEFAULT_CELL_M;

/// The grid index of the square of side `cell_m` holding `xy_m`.
pub fn square_of(xy_m: [f64; 2], cell_m: f64) -> [i64; 2] {
    [
        (xy_m[0] / cell_m).floor() as i64,
        (xy_m[1] / cell_m).floor() as i64,
    ]
}

/// Per (square, grade index): Σ count·x, Σ count·y, Σ count, and the grade.
type Sums = (f64, f64, u64, crate::model::Grade);

/// `p` with its groups pooled by square of side `cell_m` and grade (at the pupils' mean position;
/// members cleared, empty groups dropped). Seats, caps and notes are kept.
pub fn pooled(p: &Problem, cell_m: f64) -> Problem {
    let mut cells: BTreeMap<([i64; 2], usize), Sums> = BTreeMap::new();
    for g in p.groups.iter().filter(|g| g.count > 0) {
        let key = (square_of(g.xy_m, cell_m), g.grade.index());
        let c = cells.entry(key).or_insert((0.0, 0.0, 0, g.grade));
        let n = g.count as f64;
        c.0 += n * g.xy_m[0];
        c.1 += n * g.xy_m[1];
        c.2 += g.count as u64;
    }
    let groups = cells
        .into_values()
        .map(|(sx, sy, n, grade)| Group {
            xy_m: [sx / n as f64, sy / n as f64],
            grade,
            count: n as u32,
            unit: None,
            members: 0..0,
        })
        .collect::<Vec<_>>()
        .into();
    Problem {
        groups,
        members: Vec::new(),
        pins: Vec::new(),
        ..p.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Grade, Level, Stage};
    use crate::zones::{DemandKind, Seat};

    fn group(xy: [f64; 2], grade: Grade, count: u32) -> Group {
        Group {
            xy_m: xy,
            grade,
            count,
            unit: None,
            members: 0..0,
        }
    }

    fn problem(groups: Vec<Group>) -> Problem {
        Problem {
            stage: Stage::Primary,
            kind: DemandKind::Students,
            groups: groups.into(),
            members: Vec::new(),
            seats: vec![Seat {
                school: 0,
                id: "S".into(),
                xy_m: [0.0, 0.0],
                level: Level::Primary,
                room_budget: 10,
                size_budget: 500,
                fixed_classes: 0,
                fixed_students: 0,
                rooms: 10,
            }],
            caps: [45; 12],
            unplaced: Vec::new(),
            notes: Vec::new(),
            pins: Vec::new(),
        }
    }

    #[test]
    fn pupils_of_one_square_and_grade_pool_at_their_mean_position() {
        let p = problem(vec![
            group([100.0, 100.0], Grade::G1, 3),
            group([900.0, 100.0], Grade::G1, 1),
            group([500.0, 500.0], Grade::G2, 2),
            group([1500.0, 100.0], Grade::G1, 4),
            group([1600.0, 100.0], Grade::G1, 0),
        ]);
        let q = pooled(&p, 1000.0);
        assert_eq!(q.groups.len(), 3);
        let total: u32 = q.groups.iter().map(|g| g.count).sum();
        assert_eq!(total, 10, "no pupil is lost");
        // Square (0,0), grade 1: 3 at x=100 and 1 at x=900 → mean x = 300.
        let g1 = &q.groups[0];
        assert_eq!((g1.grade, g1.count), (Grade::G1, 4));
        assert!((g1.xy_m[0] - 300.0).abs() < 1e-9 && (g1.xy_m[1] - 100.0).abs() < 1e-9);
        assert_eq!((q.groups[1].grade, q.groups[1].count), (Grade::G2, 2));
        assert_eq!(q.groups[2].count, 4);
        assert_eq!(q.seats.len(), 1);
    }

    #[test]
    fn pooling_is_deterministic_and_independent_of_group_order() {
        let mut gs = vec![
            group([10.0, 10.0], Grade::G3, 5),
            group([2500.0, -300.0], Grade::G1, 7),
            group([20.0, 30.0], Grade::G3, 2),
        ];
        let a = pooled(&problem(gs.clone()), 1000.0);
        gs.reverse();
        let b = pooled(&problem(gs), 1000.0);
        let key = |p: &Problem| -> Vec<(u32, u64, u64)> {
            p.groups
                .iter()
                .map(|g| (g.count, g.xy_m[0].to_bits(), g.xy_m[1].to_bits()))
                .collect()
        };
        assert_eq!(a.groups.len(), b.groups.len());
        for (x, y) in key(&a).iter().zip(key(&b)) {
            assert_eq!(x.0, y.0);
            let dx = f64::from_bits(x.1) - f64::from_bits(y.1);
            assert!(dx.abs() < 1e-9);
        }
    }
}
