//! What contiguity costs: the contiguous plan against the capacitated plan of the same instance.

use super::{split, Ctx};
use crate::zones::Solved;
use std::collections::BTreeMap;

/// What contiguity costs: the contiguous plan against the capacitated plan of the same instance.
pub(super) fn contiguity_note(
    ctx: &Ctx,
    zone: &[usize],
    split_of: &BTreeMap<usize, &split::Split>,
    capacitated: &Solved,
) -> String {
    let mut total: i64 = 0;
    for (u, &z) in zone.iter().enumerate() {
        match split_of.get(&u) {
            Some(sp) => {
                for (t, piece) in &sp.pieces {
                    let n: u32 = piece.iter().sum();
                    let (a, b) = (ctx.unit_xy[u], ctx.seat_xy[*t]);
                    total += n as i64 * (a[0] - b[0]).hypot(a[1] - b[1]).round() as i64;
                }
                let left: u32 = sp.unseated.iter().sum();
                total += left as i64 * crate::zones::OVERFLOW_COST_M;
            }
            None => total += ctx.cost(u, z),
        }
    }
    let cap: i64 = capacitated
        .allocs
        .iter()
        .map(|a| {
            a.count as i64
                * a.seat.map_or(crate::zones::OVERFLOW_COST_M, |s| {
                    ctx.p.cost(a.group as usize, s as usize)
                })
        })
        .sum();
    format!(
        "contiguity costs distance: this plan is {total} student-metres, the capacitated plan of the same instance {cap} ({:+.2} %); the gap is to the capacitated lower bound",
        if cap > 0 { 100.0 * (total - cap) as f64 / cap as f64 } else { 0.0 }
    )
}
