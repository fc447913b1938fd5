//! Reseating overflow units in contiguous zoning: make room in an adjacent zone by moving its
//! units out (directly, or through short chains of moves), then seat the unit there, keeping
//! every zone connected.

use super::{apply, best_move, removable, students, with, Ctx, NONE};
use std::collections::VecDeque;

/// Seat overflow units by making room: for each zone t next to an overflow unit u (or an empty
/// school u fits alone), units of t move out (one touching u stays) one at a time (cheapest first) to
/// adjacent zones or empty schools with room, until u fits in t. The cheapest such plan is kept
/// when no zone ends with more connected pieces than before (one for a zone that was empty).
///
/// The search is bounded by a work budget ([`BUDGET`] unit visits), so a county with many overflow
/// units stays fast; the bound is a count, not a clock, so results stay deterministic.
pub(super) fn reseat(ctx: &Ctx, zone: &mut [usize], load: &mut [[u32; 12]]) {
    let mut budget = BUDGET;
    for u in 0..zone.len() {
        if zone[u] != NONE || students(ctx, u) == 0 {
            continue;
        }
        let before = pieces_all(ctx, zone);
        let mut targets: Vec<usize> = ctx.adj[u].iter().map(|v| zone[*v]).collect();
        targets.extend((0..load.len()).filter(|t| before[*t] == 0));
        targets.retain(|t| *t != NONE);
        targets.sort_unstable();
        targets.dedup();
        let mut best: Option<(i64, Vec<usize>, Vec<[u32; 12]>)> = None;
        for t in targets {
            let (mut z, mut l) = (zone.to_vec(), load.to_vec());
            if !make_room(ctx, &mut z, &mut l, u, t, 2, &mut budget) {
                continue;
            }
            apply(ctx, &mut z, &mut l, u, t);
            let after = pieces_all(ctx, &z);
            if after.iter().zip(&before).any(|(a, b)| *a > (*b).max(1)) {
                continue;
            }
            let c = total_cost(ctx, &z);
            if best.as_ref().is_none_or(|b| c < b.0) {
                best = Some((c, z, l));
            }
        }
        if let Some((_, z, l)) = best {
            zone.copy_from_slice(&z);
            load.copy_from_slice(&l);
        }
    }
}

/// Unit visits the reseat search may spend in all (about a second).
const BUDGET: usize = 50_000_000;

/// Move units of zone t out (keeping one next to u) until u fits in t; false when stuck.
/// With `depth` > 0, when no unit can move directly, one unit moves to an adjacent zone after
/// room is made there in turn (a chain of moves).
fn make_room(
    ctx: &Ctx,
    zone: &mut [usize],
    load: &mut [[u32; 12]],
    u: usize,
    t: usize,
    depth: usize,
    budget: &mut usize,
) -> bool {
    for _ in 0..zone.len() {
        // A step scans every unit, with a connectivity check per candidate: charge n²/8 visits.
        let cost = zone.len().saturating_mul(zone.len() / 8 + 1);
        if *budget < cost {
            return false;
        }
        *budget -= cost;
        if ctx.p.fits(t, &with(&load[t], &ctx.counts[u], true)) {
            return true;
        }
        let empty: Vec<usize> = (0..load.len())
            .filter(|e| *e != t && load[*e].iter().all(|x| *x == 0) && !zone.contains(e))
            .collect();
        let mv = (0..zone.len())
            .filter(|w| zone[*w] == t && students(ctx, *w) > 0)
            // u must stay next to the zone: another unit of t touching u remains.
            .filter(|w| ctx.adj[u].iter().any(|v| v != w && zone[*v] == t))
            .filter_map(|w| {
                let near = best_move(ctx, zone, load, w).map(|(d, to)| (d, w, to));
                let far = empty
                    .iter()
                    .filter(|e| ctx.p.fits(**e, &ctx.counts[w]))
                    .map(|e| (ctx.cost(w, *e) - ctx.cost(w, t), w, *e))
                    .min();
                near.into_iter().chain(far).min()
            })
            .filter(|(_, w, _)| removable(ctx, zone, *w))
            .min();
        match mv {
            Some((_, w, to)) => apply(ctx, zone, load, w, to),
            None if depth > 0 => {
                if !chain_move(ctx, zone, load, u, t, depth, budget) {
                    return false;
                }
            }
            None => return false,
        }
    }
    false
}

/// Move one unit w of t (keeping a unit of t next to u) to an adjacent zone t2 after making room
/// for w there; the cheapest such chain is applied. False when there is none.
fn chain_move(
    ctx: &Ctx,
    zone: &mut [usize],
    load: &mut [[u32; 12]],
    u: usize,
    t: usize,
    depth: usize,
    budget: &mut usize,
) -> bool {
    let mut best: Option<(i64, Vec<usize>, Vec<[u32; 12]>)> = None;
    let ws: Vec<usize> = (0..zone.len())
        .filter(|w| zone[*w] == t && *w != u && students(ctx, *w) > 0)
        .filter(|w| ctx.adj[u].iter().any(|v| v != w && zone[*v] == t))
        .filter(|w| removable(ctx, zone, *w))
        .collect();
    for w in ws {
        let mut t2s: Vec<usize> = ctx.adj[w].iter().map(|v| zone[*v]).collect();
        t2s.retain(|x| *x != NONE && *x != t);
        t2s.sort_unstable();
        t2s.dedup();
        for t2 in t2s {
            let (mut z, mut l) = (zone.to_vec(), load.to_vec());
            if !make_room(ctx, &mut z, &mut l, w, t2, depth - 1, budget) {
                continue;
            }
            apply(ctx, &mut z, &mut l, w, t2);
            if z[u] == t || zone[u] != z[u] {
                continue;
            }
            let c = total_cost(ctx, &z);
            if best.as_ref().is_none_or(|b| c < b.0) {
                best = Some((c, z, l));
            }
        }
    }
    match best {
        Some((_, z, l)) => {
            zone.copy_from_slice(&z);
            load.copy_from_slice(&l);
            true
        }
        None => false,
    }
}

fn total_cost(ctx: &Ctx, zone: &[usize]) -> i64 {
    zone.iter().enumerate().map(|(u, z)| ctx.cost(u, *z)).sum()
}

/// Connected pieces of each zone on the unit graph (0 for an empty zone).
fn pieces_all(ctx: &Ctx, zone: &[usize]) -> Vec<usize> {
    let mut count = vec![0usize; ctx.seat_xy.len()];
    let mut seen = vec![false; zone.len()];
    for s in 0..zone.len() {
        let z = zone[s];
        if z == NONE || seen[s] {
            continue;
        }
        count[z] += 1;
        let mut q = VecDeque::from([s]);
        seen[s] = true;
        while let Some(a) = q.pop_front() {
            for &b in &ctx.adj[a] {
                if !seen[b] && zone[b] == z {
                    seen[b] = true;
                    q.push_back(b);
                }
            }
        }
    }
    count
}
