//! Splitting units that no zone can take whole, so that nobody is left without a seat while the
//! county has rooms.
//!
//! Why: a village larger than the room left in every adjacent zone would otherwise go to overflow
//! whole (868 pupils of the built-in sample did). Its pupils are split instead: grade by grade, as
//! many as fit go to the adjacent zone nearest the unit's centroid, the rest to the next adjacent
//! zone with room, by distance; only when the adjacent zones are full does the rest go to the
//! nearest other school with room (listed as not adjacent). Every split is listed with its numbers.

use super::{students, with, Ctx, NONE};
use crate::capacity::classes_needed;

/// One split unit: where its pupils went (seat, pupils by grade), and whether every piece went to
/// a zone next to it.
#[derive(Debug, Clone)]
pub(super) struct Split {
    pub unit: usize,
    pub pieces: Vec<(usize, [u32; 12])>,
    /// Pupils no school had room for.
    pub unseated: [u32; 12],
    pub adjacent: bool,
}

impl Split {
    pub fn view(&self) -> crate::zones::unit_split::SplitView {
        crate::zones::unit_split::SplitView {
            pieces: self
                .pieces
                .iter()
                .map(|(s, n)| (*s, n.iter().sum()))
                .collect(),
            unseated: self.unseated.iter().sum(),
            adjacent: self.adjacent,
        }
    }
}

/// Split every unit still in overflow, largest first; `load` gains the seated pieces. Each unit
/// goes first to its adjacent zones, then to other schools by distance.
pub(super) fn split_overflow(ctx: &Ctx, zone: &[usize], load: &mut [[u32; 12]]) -> Vec<Split> {
    let mut order: Vec<usize> = (0..zone.len())
        .filter(|u| zone[*u] == NONE && students(ctx, *u) > 0)
        .collect();
    // Largest first: they need the most room; ties by index, so the result is deterministic.
    order.sort_by_key(|u| (std::cmp::Reverse(students(ctx, *u)), *u));
    let mut splits: Vec<Split> = order
        .iter()
        .map(|&u| Split {
            unit: u,
            pieces: Vec::new(),
            unseated: ctx.counts[u],
            adjacent: true,
        })
        .collect();
    for sp in &mut splits {
        split_one(ctx, zone, load, sp, true);
        split_one(ctx, zone, load, sp, false);
    }
    splits
}

fn split_one(ctx: &Ctx, zone: &[usize], load: &mut [[u32; 12]], sp: &mut Split, adjacent: bool) {
    let u = sp.unit;
    let dist = |s: usize| {
        let (a, b) = (ctx.unit_xy[u], ctx.seat_xy[s]);
        (a[0] - b[0]).hypot(a[1] - b[1])
    };
    let by_distance = |v: &mut Vec<usize>| {
        v.sort_by(|a, b| dist(*a).total_cmp(&dist(*b)).then(a.cmp(b)));
        v.dedup();
    };
    let mut near: Vec<usize> = ctx.adj[u]
        .iter()
        .map(|v| zone[*v])
        .filter(|t| *t != NONE)
        .collect();
    by_distance(&mut near);
    let mut rest: Vec<usize> = (0..ctx.seat_xy.len())
        .filter(|s| !near.contains(s))
        .collect();
    by_distance(&mut rest);
    let left = &mut sp.unseated;
    let targets = if adjacent { &near } else { &rest };
    for &t in targets {
        let is_near = adjacent;
        if left.iter().all(|n| *n == 0) {
            break;
        }
        let mut piece = [0u32; 12];
        for g in 0..12 {
            let m = room_for(ctx, &with(&load[t], &piece, true), t, g).min(left[g]);
            piece[g] += m;
            left[g] -= m;
        }
        if piece.iter().any(|n| *n > 0) {
            load[t] = with(&load[t], &piece, true);
            sp.adjacent &= is_near;
            match sp.pieces.iter_mut().find(|p| p.0 == t) {
                Some(p) => p.1 = with(&p.1, &piece, true),
                None => sp.pieces.push((t, piece)),
            }
        }
    }
}

/// Pupils of grade g seat s can still take with `load` without breaking a cap.
fn room_for(ctx: &Ctx, load: &[u32; 12], s: usize, g: usize) -> u32 {
    let p = ctx.p;
    let seat = &p.seats[s];
    let classes: u32 = (0..12).map(|h| classes_needed(load[h], p.caps[h])).sum();
    if classes > seat.room_budget || p.caps[g] == 0 {
        return 0;
    }
    let k = classes_needed(load[g], p.caps[g]) + (seat.room_budget - classes);
    let by_rooms = (k * p.caps[g]).saturating_sub(load[g]);
    by_rooms.min(seat.size_budget.saturating_sub(load.iter().sum()))
}
