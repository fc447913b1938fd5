//! Turning any assignment into a feasible one, then improving it by moves toward home.
//!
//! Repair: at each school over its rooms or size budget, evict the students who lose least by
//! leaving (regret = distance to their next candidate minus distance here), freeing whole rooms
//! grade by grade; then re-seat the evicted, those with most to lose first, at the nearest school
//! with room, else overflow. Improve: move students to a nearer school wherever it has room.
//! Removing students never breaks a cap and additions only go where there is room, so the result
//! satisfies every cap.

use super::lagrange::Candidates;
use super::{Alloc, Problem, OVERFLOW_COST_M};
use crate::capacity::classes_needed;

const NONE: u32 = u32::MAX;

/// Per grade, the seats that may still take a student of that grade, during a run of
/// placements from overflow: placements only fill seats, so a seat found full stays full, and a
/// county short of seats soon has none to search (a nearest-seat walk over every school for
/// each pupil short was most of the time of a short year).
#[derive(Default)]
struct OpenSeats([Option<Vec<u32>>; 12]);

impl OpenSeats {
    /// The seats with room for `grade` (listed on first use).
    fn of(&mut self, state: &State, grade: usize) -> &[u32] {
        self.0[grade].get_or_insert_with(|| {
            (0..state.problem.seats.len() as u32)
                .filter(|s| state.room_for(*s as usize, grade) > 0)
                .collect()
        })
    }

    /// Drop the seats that have become full for `grade`.
    fn forget_full(&mut self, state: &State, grade: usize) {
        if let Some(list) = &mut self.0[grade] {
            list.retain(|s| state.room_for(*s as usize, grade) > 0);
        }
    }
}

/// A mutable assignment: per group, (seat or NONE, count) pairs; per seat, students by grade.
pub struct State<'a> {
    problem: &'a Problem,
    pub at: Vec<Vec<(u32, u32)>>,
    pub counts: Vec<[u32; 12]>,
}

impl<'a> State<'a> {
    /// Whole groups to the given seats (None = overflow).
    pub fn new(problem: &'a Problem, choice: &[Option<usize>]) -> Self {
        let mut counts = vec![[0u32; 12]; problem.seats.len()];
        let at = choice
            .iter()
            .enumerate()
            .map(|(g, s)| {
                let group = &problem.groups[g];
                if let Some(s) = s {
                    counts[*s][group.grade.index()] += group.count;
                }
                vec![(s.map_or(NONE, |s| s as u32), group.count)]
            })
            .collect();
        State {
            problem,
            at,
            counts,
        }
    }

    /// Students of `grade` seat s can still take without breaking a cap.
    pub fn room_for(&self, s: usize, grade: usize) -> u32 {
        let p = self.problem;
        let c = &self.counts[s];
        let classes: u32 = (0..12).map(|g| classes_needed(c[g], p.caps[g])).sum();
        let seat = &p.seats[s];
        if classes > seat.room_budget {
            return 0;
        }
        let spare = seat.room_budget - classes;
        let k = classes_needed(c[grade], p.caps[grade]) + spare;
        let by_rooms = (k * p.caps[grade]).saturating_sub(c[grade]);
        let total: u32 = c.iter().sum();
        by_rooms.min(seat.size_budget.saturating_sub(total))
    }

    fn shift(&mut self, g: usize, from: u32, to: u32, n: u32) {
        if n == 0 {
            return;
        }
        let grade = self.problem.groups[g].grade.index();
        let list = &mut self.at[g];
        if let Some(e) = list.iter_mut().find(|e| e.0 == from) {
            e.1 -= n;
        }
        match list.iter_mut().find(|e| e.0 == to) {
            Some(e) => e.1 += n,
            None => list.push((to, n)),
        }
        list.retain(|e| e.1 > 0);
        if from != NONE {
            self.counts[from as usize][grade] -= n;
        }
        if to != NONE {
            self.counts[to as usize][grade] += n;
        }
    }

    /// Evict from every infeasible seat, then re-seat the evicted.
    pub fn make_feasible(&mut self, cands: &Candidates) {
        let p = self.problem;
        let mut by_seat: Vec<Vec<u32>> = vec![Vec::new(); p.seats.len()];
        for (g, list) in self.at.iter().enumerate() {
            for (s, _) in list {
                if *s != NONE && !p.fits(*s as usize, &self.counts[*s as usize]) {
                    by_seat[*s as usize].push(g as u32);
                }
            }
        }
        let mut pending: Vec<(i64, u32, u32)> = Vec::new();
        for (s, groups) in by_seat.iter().enumerate() {
            if !groups.is_empty() {
                self.evict(s, groups, cands, &mut pending);
            }
        }
        pending.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut open = OpenSeats::default();
        for (_, g, n) in pending {
            self.place(g as usize, n, NONE, cands, &mut open);
        }
    }

    fn regret(&self, g: usize, s: usize, cands: &Candidates) -> i64 {
        let here = self.problem.cost(g, s);
        let next = cands
            .of(g)
            .find(|(t, _)| *t != s)
            .map_or(OVERFLOW_COST_M, |c| c.1);
        next - here
    }

    fn evict(
        &mut self,
        s: usize,
        groups: &[u32],
        cands: &Candidates,
        out: &mut Vec<(i64, u32, u32)>,
    ) {
        let p = self.problem;
        // (regret, group, students here) by grade, lowest regret first.
        let mut lists: Vec<Vec<(i64, u32, u32)>> = vec![Vec::new(); 12];
        for &g in groups {
            let n = self.at[g as usize]
                .iter()
                .find(|e| e.0 == s as u32)
                .map_or(0, |e| e.1);
            let grade = p.groups[g as usize].grade.index();
            lists[grade].push((self.regret(g as usize, s, cands), g, n));
        }
        for l in &mut lists {
            // Highest regret first, so the cheapest to evict sit at the end.
            l.sort_by(|a, b| b.cmp(a));
        }
        while !p.fits(s, &self.counts[s]) {
            let c = self.counts[s];
            let classes: u32 = (0..12).map(|g| classes_needed(c[g], p.caps[g])).sum();
            let (grade, need) = if classes > p.seats[s].room_budget {
                // Free one room in the grade where that costs least.
                (0..12)
                    .filter(|g| c[*g] > 0)
                    .map(|g| {
                        let r = c[g] - (classes_needed(c[g], p.caps[g]) - 1) * p.caps[g];
                        (cost_of(&lists[g], r), g, r)
                    })
                    .min()
                    .map(|(_, g, r)| (Some(g), r))
                    .unwrap_or((None, 0))
            } else {
                (None, c.iter().sum::<u32>() - p.seats[s].size_budget)
            };
            if need == 0 {
                break;
            }
            self.take(s, grade, need, &mut lists, out);
        }
    }

    /// Evict `need` lowest-regret students (of `grade`, or any grade) from seat s.
    fn take(
        &mut self,
        s: usize,
        grade: Option<usize>,
        mut need: u32,
        lists: &mut [Vec<(i64, u32, u32)>],
        out: &mut Vec<(i64, u32, u32)>,
    ) {
        while need > 0 {
            for l in lists.iter_mut() {
                while l.last().is_some_and(|e| e.2 == 0) {
                    l.pop();
                }
            }
            let pick = match grade {
                Some(g) => lists[g].last().map(|_| g),
                None => (0..12)
                    .filter(|g| !lists[*g].is_empty())
                    .min_by_key(|g| (lists[*g].last().map_or(0, |e| e.0), *g)),
            };
            let Some(g) = pick else { break };
            let Some(e) = lists[g].last_mut() else { break };
            let n = e.2.min(need);
            e.2 -= n;
            need -= n;
            let (regret, group) = (e.0, e.1);
            self.shift(group as usize, s as u32, NONE, n);
            out.push((regret, group, n));
        }
    }

    /// Seat up to `n` students of group g currently at `from` at the nearest seats with room:
    /// its candidates first, then (unless they are every seat) the `open` seats by straight-line
    /// distance (ties to the lower index).
    fn place(&mut self, g: usize, mut n: u32, from: u32, cands: &Candidates, open: &mut OpenSeats) {
        let grade = self.problem.groups[g].grade.index();
        let list: Vec<usize> = cands.of(g).map(|c| c.0).collect();
        for s in list {
            if n == 0 {
                return;
            }
            let m = self.room_for(s, grade).min(n);
            self.shift(g, from, s as u32, m);
            n -= m;
        }
        if n == 0 || cands.complete {
            return;
        }
        let xy = self.problem.groups[g].xy_m;
        let seats = &self.problem.seats;
        let mut far: Vec<(f64, u32)> = (open.of(self, grade).iter())
            .map(|s| {
                let q = seats[*s as usize].xy_m;
                ((q[0] - xy[0]).powi(2) + (q[1] - xy[1]).powi(2), *s)
            })
            .collect();
        far.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (_, s) in far {
            if n == 0 {
                break;
            }
            let m = self.room_for(s as usize, grade).min(n);
            self.shift(g, from, s, m);
            n -= m;
        }
        open.forget_full(self, grade);
    }

    /// Move students to nearer seats with room, `passes` times; then retry the overflow.
    pub fn improve(&mut self, cands: &Candidates, passes: usize) {
        for _ in 0..passes {
            let mut moved = 0u64;
            for g in 0..self.at.len() {
                let grade = self.problem.groups[g].grade.index();
                let entries = self.at[g].clone();
                for (s, n) in entries {
                    let here = if s == NONE {
                        OVERFLOW_COST_M
                    } else {
                        self.problem.cost(g, s as usize)
                    };
                    let better: Vec<usize> =
                        cands.of(g).filter(|c| c.1 < here).map(|c| c.0).collect();
                    let mut left = n;
                    for t in better {
                        let m = self.room_for(t, grade).min(left);
                        self.shift(g, s, t as u32, m);
                        left -= m;
                        moved += m as u64;
                        if left == 0 {
                            break;
                        }
                    }
                }
            }
            if moved == 0 {
                break;
            }
        }
        let mut open = OpenSeats::default();
        for g in 0..self.at.len() {
            let over = self.at[g].iter().find(|e| e.0 == NONE).map_or(0, |e| e.1);
            if over > 0 {
                self.place(g, over, NONE, cands, &mut open);
            }
        }
    }

    /// Total cost in metres (overflow at its penalty).
    pub fn objective(&self) -> i64 {
        let mut v = 0;
        for (g, list) in self.at.iter().enumerate() {
            for (s, n) in list {
                v += *n as i64
                    * if *s == NONE {
                        OVERFLOW_COST_M
                    } else {
                        self.problem.cost(g, *s as usize)
                    };
            }
        }
        v
    }

    /// The allocations, sorted.
    pub fn allocs(&self) -> Vec<Alloc> {
        let mut out: Vec<Alloc> = Vec::new();
        for (g, list) in self.at.iter().enumerate() {
            for (s, n) in list {
                out.push(Alloc {
                    group: g as u32,
                    seat: (*s != NONE).then_some(*s),
                    count: *n,
                });
            }
        }
        out.sort();
        out
    }
}

fn cost_of(list: &[(i64, u32, u32)], mut need: u32) -> i64 {
    let mut c = 0;
    for e in list.iter().rev() {
        if need == 0 {
            break;
        }
        let n = e.2.min(need);
        c += e.0 * n as i64;
        need -= n;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zones::nearest;
    use crate::zones::transport::tests::random_problem;

    #[test]
    fn repair_makes_any_assignment_feasible_and_improve_never_costs_more() {
        for seed in 0..20 {
            let p = random_problem(seed, 60, 4);
            let lists = nearest::candidates(&p, 4);
            let cands = Candidates::new(&p, &lists);
            // Everyone at seat 0: far over its caps.
            let mut st = State::new(&p, &vec![Some(0); p.groups.len()]);
            st.make_feasible(&cands);
            for s in 0..p.seats.len() {
                assert!(
                    p.fits(s, &st.counts[s]),
                    "seed {seed}: seat {s} over its caps"
                );
            }
            let before = st.objective();
            st.improve(&cands, 3);
            assert!(
                st.objective() <= before,
                "seed {seed}: improve made it worse"
            );
            for s in 0..p.seats.len() {
                assert!(
                    p.fits(s, &st.counts[s]),
                    "seed {seed}: improve broke seat {s}"
                );
            }
            let mut placed = vec![0u32; p.groups.len()];
            for a in st.allocs() {
                placed[a.group as usize] += a.count;
            }
            for (g, group) in p.groups.iter().enumerate() {
                assert_eq!(
                    placed[g], group.count,
                    "seed {seed}: group {g} lost students"
                );
            }
        }
    }
}
