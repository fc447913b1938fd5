//! Contiguous zoning: planning units are assigned whole, and each school's zone is connected on the
//! unit adjacency graph ([`super::adjacency`]).
//!
//! 1. Start from the capacitated solution (students may be split there): each unit goes to the
//!    school holding most of its students (with `--stability`: its students' current school).
//! 2. Connect: each zone keeps its largest connected piece; the other units are re-grown into
//!    adjacent zones, cheapest first.
//! 3. Repair caps: from a zone over its caps, move a boundary unit to the adjacent zone where it
//!    costs least, keeping the donor connected and the receiver within its caps; when no such move
//!    exists, the smallest removable unit goes to overflow (listed, never dropped).
//! 4. Improve: single-unit moves between adjacent zones while they lower the objective.
//! 5. Reseat: each overflow unit joins an adjacent zone (or an empty school) once room is made
//!    there by moving that zone's units out, directly or through chains of up to two moves; kept
//!    only when no zone gains a connected piece. Then improve again.
//!
//! Distances here are from each unit's centroid (the unit is the building block), so objective and
//! bound are on unit centroids. Known weakness: a unit too big for any adjacent zone even after
//! reseating goes to overflow whole (listed, with the seats short).
//!
//! The objective is total distance (students × metres), or with `--stability` the students moved
//! from their current school (distance breaks ties). The capacitated bound is a valid lower bound
//! for distance (contiguity only adds constraints). For stability the bound is the students who
//! cannot stay because their current school lacks the seats. When the unit graph falls into
//! several pieces (islands), connectivity is required within each piece.

use super::adjacency::unit_adjacency;
use super::{capacitated, Alloc, Problem, Solved, ZoneError, ZoneInput, ZoneOptions};
use std::collections::{BTreeMap, VecDeque};

mod note;
mod reseat;
mod split;
use note::contiguity_note;
use reseat::reseat;

const NONE: usize = usize::MAX;
/// Weight of one moved student against one student-metre under `--stability`.
const MOVE_WEIGHT: i64 = 1_000_000_000;

struct Ctx<'a> {
    p: &'a Problem,
    adj: Vec<Vec<usize>>,
    /// Students by grade per unit.
    counts: Vec<[u32; 12]>,
    /// Students per unit per current seat (stability).
    current: Vec<BTreeMap<usize, u32>>,
    known: Vec<u32>,
    stability: bool,
    seat_xy: Vec<[f64; 2]>,
    unit_xy: Vec<[f64; 2]>,
}

impl Ctx<'_> {
    fn cost(&self, u: usize, s: usize) -> i64 {
        let n: u32 = self.counts[u].iter().sum();
        if s == NONE {
            return n as i64 * super::OVERFLOW_COST_M + self.moved(u, s) * self.w();
        }
        let (a, b) = (self.unit_xy[u], self.seat_xy[s]);
        n as i64 * (a[0] - b[0]).hypot(a[1] - b[1]).round() as i64 + self.moved(u, s) * self.w()
    }

    fn w(&self) -> i64 {
        if self.stability {
            MOVE_WEIGHT
        } else {
            0
        }
    }

    fn moved(&self, u: usize, s: usize) -> i64 {
        (self.known[u] - self.current[u].get(&s).copied().unwrap_or(0)) as i64
    }
}

/// Solve; errors when a unit has no neighbours.
pub fn solve(
    problem: &Problem,
    input: &ZoneInput,
    opts: &ZoneOptions,
) -> Result<Solved, ZoneError> {
    let units = &input.units;
    let adj = unit_adjacency(units);
    if units.len() > 1 {
        if let Some(u) = (0..units.len()).find(|u| adj[*u].is_empty()) {
            return Err(ZoneError::Isolated {
                id: units[u].id.clone(),
                source_ref: units[u].source.to_string(),
            });
        }
    }
    let ctx = context(problem, input, adj, opts.stability);
    let bound = capacitated::solve(problem, opts);
    let mut zone = initial(&ctx, &bound.allocs);
    connect(&ctx, &mut zone);
    let mut load = loads(&ctx, &zone);
    repair(&ctx, &mut zone, &mut load);
    improve(&ctx, &mut zone, &mut load, 20);
    reseat(&ctx, &mut zone, &mut load);
    improve(&ctx, &mut zone, &mut load, 20);
    let splits = split::split_overflow(&ctx, &zone, &mut load);
    let mut split_of: BTreeMap<usize, &split::Split> = BTreeMap::new();
    for sp in &splits {
        split_of.insert(sp.unit, sp);
    }
    let mut allocs = Vec::new();
    for (gi, g) in problem.groups.iter().enumerate() {
        let u = g.unit.expect("contiguous groups are by unit");
        let Some(sp) = split_of.get(&u) else {
            allocs.push(Alloc {
                group: gi as u32,
                seat: (zone[u] != NONE).then_some(zone[u] as u32),
                count: g.count,
            });
            continue;
        };
        // The unit's pieces of this grade; what is left of the group (nobody had room) overflows.
        let mut left = g.count;
        for (t, piece) in &sp.pieces {
            let n = piece[g.grade.index()].min(left);
            if n > 0 {
                allocs.push(Alloc {
                    group: gi as u32,
                    seat: Some(*t as u32),
                    count: n,
                });
                left -= n;
            }
        }
        if left > 0 || g.count == 0 {
            allocs.push(Alloc {
                group: gi as u32,
                seat: None,
                count: left,
            });
        }
    }
    allocs.sort();
    let listed = splits
        .iter()
        .map(|sp| super::unit_split::UnitSplit::new(&input.units[sp.unit].id, problem, &sp.view()))
        .collect();
    let (objective, lower_bound) = if opts.stability {
        let moved: i64 = (0..units.len()).map(|u| ctx.moved(u, zone[u])).sum();
        (
            Some((moved as f64, super::outcome::STUDENTS_MOVED.to_string())),
            Some(stability_bound(&ctx)),
        )
    } else {
        (None, bound.lower_bound)
    };
    let notes = if opts.stability {
        Vec::new()
    } else {
        vec![contiguity_note(&ctx, &zone, &split_of, &bound)]
    };
    Ok(Solved {
        allocs,
        lower_bound,
        exact: false,
        objective,
        splits: listed,
        notes,
        algorithm: format!(
            "contiguous: whole units, capacitated start, connect + repair + improve (bound from {})",
            if opts.stability { "seats at current schools" } else { "capacitated" }
        ),
    })
}

fn context<'a>(
    p: &'a Problem,
    input: &ZoneInput,
    adj: Vec<Vec<usize>>,
    stability: bool,
) -> Ctx<'a> {
    let n = input.units.len();
    let mut counts = vec![[0u32; 12]; n];
    let mut current: Vec<BTreeMap<usize, u32>> = vec![BTreeMap::new(); n];
    let mut known = vec![0u32; n];
    let seat_of: BTreeMap<&str, usize> = p
        .seats
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    for (gi, g) in p.groups.iter().enumerate() {
        let u = g.unit.unwrap_or(0);
        counts[u][g.grade.index()] += g.count;
        for m in p.group_members(gi) {
            let st = &input.students[*m as usize];
            if let Some(id) = st.school_id.as_deref() {
                known[u] += 1;
                if let Some(s) = seat_of.get(id) {
                    *current[u].entry(*s).or_default() += 1;
                }
            }
        }
    }
    Ctx {
        p,
        adj,
        counts,
        current,
        known,
        stability,
        seat_xy: p.seats.iter().map(|s| s.xy_m).collect(),
        unit_xy: input.units.iter().map(|u| u.centroid_xy_m).collect(),
    }
}

fn initial(ctx: &Ctx, allocs: &[Alloc]) -> Vec<usize> {
    let n = ctx.counts.len();
    let mut share: Vec<BTreeMap<usize, u32>> = vec![BTreeMap::new(); n];
    for a in allocs {
        if let (Some(s), Some(u)) = (a.seat, ctx.p.groups[a.group as usize].unit) {
            *share[u].entry(s as usize).or_default() += a.count;
        }
    }
    (0..n)
        .map(|u| {
            let pick = if ctx.stability {
                &ctx.current[u]
            } else {
                &share[u]
            };
            let best = pick.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
            match best {
                Some((s, _)) => *s,
                None => (0..ctx.seat_xy.len())
                    .min_by_key(|s| (ctx.cost(u, *s), *s))
                    .unwrap_or(NONE),
            }
        })
        .collect()
}

/// Units reachable from `start` within `zone == z`, skipping `skip`.
fn reach(ctx: &Ctx, zone: &[usize], start: usize, z: usize, skip: usize) -> Vec<bool> {
    let mut seen = vec![false; zone.len()];
    let mut q = VecDeque::from([start]);
    seen[start] = true;
    while let Some(u) = q.pop_front() {
        for &v in &ctx.adj[u] {
            if !seen[v] && v != skip && zone[v] == z {
                seen[v] = true;
                q.push_back(v);
            }
        }
    }
    seen
}

fn students(ctx: &Ctx, u: usize) -> u32 {
    ctx.counts[u].iter().sum()
}

/// Keep each zone's largest piece (per graph component); regrow the rest into adjacent zones.
fn connect(ctx: &Ctx, zone: &mut [usize]) {
    let n = zone.len();
    let comp = components(ctx);
    let mut kept = vec![false; n];
    let mut best: BTreeMap<(usize, usize), (u32, usize, Vec<bool>)> = BTreeMap::new();
    let mut done = vec![false; n];
    for u in 0..n {
        if done[u] || zone[u] == NONE {
            continue;
        }
        let piece = reach(ctx, zone, u, zone[u], NONE);
        let size: u32 = (0..n)
            .filter(|v| piece[*v])
            .map(|v| students(ctx, v) + 1)
            .sum();
        for v in 0..n {
            done[v] |= piece[v];
        }
        let key = (zone[u], comp[u]);
        let better = best.get(&key).is_none_or(|b| size > b.0);
        if better {
            best.insert(key, (size, u, piece));
        }
    }
    for (_, (_, _, piece)) in best {
        for v in 0..n {
            kept[v] |= piece[v];
        }
    }
    for u in 0..n {
        if !kept[u] {
            zone[u] = NONE;
        }
    }
    grow(ctx, zone, &kept, &comp);
}

fn components(ctx: &Ctx) -> Vec<usize> {
    let n = ctx.adj.len();
    let mut comp = vec![NONE; n];
    let mut c = 0;
    for u in 0..n {
        if comp[u] != NONE {
            continue;
        }
        let mut q = VecDeque::from([u]);
        comp[u] = c;
        while let Some(v) = q.pop_front() {
            for &w in &ctx.adj[v] {
                if comp[w] == NONE {
                    comp[w] = c;
                    q.push_back(w);
                }
            }
        }
        c += 1;
    }
    comp
}

/// Assign every unassigned unit to an adjacent zone, cheapest first; seed pieces with no zone.
fn grow(ctx: &Ctx, zone: &mut [usize], kept: &[bool], comp: &[usize]) {
    let n = zone.len();
    let mut assigned: Vec<bool> = kept.to_vec();
    loop {
        let mut best: Option<(i64, usize, usize)> = None;
        for u in (0..n).filter(|u| !assigned[*u]) {
            for &v in &ctx.adj[u] {
                if assigned[v] && zone[v] != NONE {
                    let c = (ctx.cost(u, zone[v]), u, zone[v]);
                    if best.is_none_or(|b| c < b) {
                        best = Some(c);
                    }
                }
            }
        }
        if let Some((_, u, s)) = best {
            zone[u] = s;
            assigned[u] = true;
            continue;
        }
        // A graph piece with no zone at all: seed its cheapest unit.
        let Some(u) = (0..n).find(|u| !assigned[*u]) else {
            break;
        };
        let piece: Vec<usize> = (0..n)
            .filter(|v| comp[*v] == comp[u] && !assigned[*v])
            .collect();
        let seed = piece
            .iter()
            .flat_map(|v| (0..ctx.seat_xy.len()).map(move |s| (*v, s)))
            .min_by_key(|(v, s)| (ctx.cost(*v, *s), *v, *s));
        match seed {
            Some((v, s)) => zone[v] = s,
            None => zone[u] = NONE,
        }
        assigned[seed.map_or(u, |x| x.0)] = true;
    }
}

fn loads(ctx: &Ctx, zone: &[usize]) -> Vec<[u32; 12]> {
    let mut load = vec![[0u32; 12]; ctx.seat_xy.len()];
    for (u, z) in zone.iter().enumerate() {
        if *z != NONE {
            load[*z] = with(&load[*z], &ctx.counts[u], true);
        }
    }
    load
}

fn with(a: &[u32; 12], b: &[u32; 12], add: bool) -> [u32; 12] {
    let mut out = *a;
    for (o, x) in out.iter_mut().zip(b) {
        *o = if add { *o + x } else { *o - x };
    }
    out
}

/// Whether removing u keeps the rest of its zone connected.
fn removable(ctx: &Ctx, zone: &[usize], u: usize) -> bool {
    let z = zone[u];
    let same: Vec<usize> = ctx.adj[u]
        .iter()
        .copied()
        .filter(|v| zone[*v] == z)
        .collect();
    if same.len() <= 1 {
        return true;
    }
    let seen = reach(ctx, zone, same[0], z, u);
    same.iter().all(|v| seen[*v])
}

fn apply(ctx: &Ctx, zone: &mut [usize], load: &mut [[u32; 12]], u: usize, to: usize) {
    let from = zone[u];
    if from != NONE {
        load[from] = with(&load[from], &ctx.counts[u], false);
    }
    if to != NONE {
        load[to] = with(&load[to], &ctx.counts[u], true);
    }
    zone[u] = to;
}

/// Best move of u to an adjacent zone that fits, as (Δcost, target).
fn best_move(ctx: &Ctx, zone: &[usize], load: &[[u32; 12]], u: usize) -> Option<(i64, usize)> {
    let from = zone[u];
    let mut targets: Vec<usize> = ctx.adj[u]
        .iter()
        .map(|v| zone[*v])
        .filter(|t| *t != from && *t != NONE)
        .collect();
    targets.sort_unstable();
    targets.dedup();
    targets
        .into_iter()
        .filter(|t| ctx.p.fits(*t, &with(&load[*t], &ctx.counts[u], true)))
        .map(|t| (ctx.cost(u, t) - ctx.cost(u, from), t))
        .min()
}

fn repair(ctx: &Ctx, zone: &mut [usize], load: &mut [[u32; 12]]) {
    let n = zone.len();
    let mut guard = 0;
    while let Some(s) = (0..load.len()).find(|s| !ctx.p.fits(*s, &load[*s])) {
        guard += 1;
        if guard > 20 * n + 100 {
            break;
        }
        let members: Vec<usize> = (0..n)
            .filter(|u| zone[*u] == s && students(ctx, *u) > 0)
            .collect();
        let mv = members
            .iter()
            .filter_map(|u| best_move(ctx, zone, load, *u).map(|(d, t)| (d, *u, t)))
            .filter(|(_, u, _)| removable(ctx, zone, *u))
            .min();
        if let Some((_, u, t)) = mv {
            apply(ctx, zone, load, u, t);
            continue;
        }
        let out = members
            .iter()
            .copied()
            .filter(|u| removable(ctx, zone, *u))
            .min_by_key(|u| (students(ctx, *u), *u));
        match out {
            Some(u) => apply(ctx, zone, load, u, NONE),
            None => break,
        }
    }
}

fn improve(ctx: &Ctx, zone: &mut [usize], load: &mut [[u32; 12]], passes: usize) {
    for _ in 0..passes {
        let mut changed = false;
        for u in 0..zone.len() {
            if let Some((d, t)) = best_move(ctx, zone, load, u) {
                if d < 0 && (zone[u] == NONE || removable(ctx, zone, u)) {
                    apply(ctx, zone, load, u, t);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// Students who must leave their current school because it lacks seats for them.
fn stability_bound(ctx: &Ctx) -> f64 {
    let mut at = vec![0u64; ctx.seat_xy.len()];
    for cur in &ctx.current {
        for (s, n) in cur {
            at[*s] += *n as u64;
        }
    }
    let max_cap = ctx
        .p
        .grades()
        .iter()
        .map(|g| ctx.p.caps[g.index()])
        .max()
        .unwrap_or(0) as u64;
    ctx.p
        .seats
        .iter()
        .enumerate()
        .map(|(s, seat)| {
            let hold = (seat.size_budget as u64).min(seat.room_budget as u64 * max_cap);
            at[s].saturating_sub(hold) as f64
        })
        .sum()
}
