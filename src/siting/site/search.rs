//! The search for new schools: greedy additions, pruning, size reduction.
//!
//! Every candidate plan is checked with the zones engine's capacitated solver
//! ([`crate::zones::capacitated::solve`]) in every forecast year: it seats students under the class
//! caps, the rooms and the size cap, and sends the rest to an explicit overflow. A plan is feasible
//! when no year has overflow. This is a heuristic: the greedy step adds the candidate (at its
//! largest allowed size) that removes most overflow summed over the years (ties: less distance,
//! then lower building cost); redundant schools are then dropped and each school shrunk to the
//! smallest standard size that keeps every year feasible. The lower bound on the number of new
//! schools is ⌈seats short in the worst year / seats of the largest standard school⌉ (exact).

use super::batch::batch_add;
use super::progress::Progress;
use crate::zones::{capacitated, Alloc, Problem, Seat, ZoneOptions};
use rayon::prelude::*;

/// Above this many pupils in a year, a greedy round scores a shortlist of candidates only.
pub const LARGE_PUPILS: u64 = 100_000;
/// Above this many groups in a year, the years of a plan are zoned one at a time.
pub const ONE_YEAR_AT_A_TIME_ABOVE_GROUPS: usize = 100_000;
/// Candidates a greedy round scores on a large county: those nearest the pupils left short.
pub const SHORTLIST: usize = 16;

/// A possible new school: a site and its allowed sizes (standard class counts, ascending).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: String,
    pub xy_m: [f64; 2],
    pub sizes: Vec<u32>,
    pub fixed_cost: f64,
}

/// A chosen new school: candidate index and size in classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    pub cand: usize,
    pub classes: u32,
}

/// One year's check of a plan.
#[derive(Debug, Clone)]
pub struct YearRun {
    pub allocs: Vec<Alloc>,
    pub overflow: u64,
    pub distance_m: f64,
}

/// The yearly problems (existing schools only) and how to extend them with new schools.
pub struct Search<'a> {
    pub years: &'a [Problem],
    pub cands: &'a [Candidate],
    pub opts: &'a ZoneOptions,
    /// Size cap of a new school, students.
    pub size_cap: u32,
    pub level: crate::model::Level,
    /// Told of each greedy round, pruning and shrinking.
    pub progress: &'a dyn Progress,
}

impl Search<'_> {
    /// The seat of a new school.
    pub fn seat(&self, p: Pick) -> Seat {
        let c = &self.cands[p.cand];
        Seat {
            school: usize::MAX,
            id: c.id.clone(),
            xy_m: c.xy_m,
            level: self.level,
            room_budget: p.classes,
            size_budget: self.size_cap,
            fixed_classes: 0,
            fixed_students: 0,
            rooms: p.classes,
        }
    }

    /// Year `y`'s problem with the plan's schools added after the existing ones.
    pub fn problem(&self, y: usize, plan: &[Pick]) -> Problem {
        let mut p = self.years[y].clone();
        p.seats.extend(plan.iter().map(|x| self.seat(*x)));
        p
    }

    /// Check one year.
    pub fn run_year(&self, y: usize, plan: &[Pick]) -> YearRun {
        let p = self.problem(y, plan);
        let solved = capacitated::solve_fast(&p, self.opts);
        let mut overflow = 0u64;
        let mut distance_m = 0.0;
        for a in &solved.allocs {
            match a.seat {
                Some(s) => {
                    distance_m += p.distance_m(a.group as usize, s as usize) * a.count as f64
                }
                None => overflow += a.count as u64,
            }
        }
        let mut allocs = solved.allocs;
        // Kept for the plan's life (years × runs): no growth slack.
        allocs.shrink_to_fit();
        YearRun {
            allocs,
            overflow,
            distance_m,
        }
    }

    /// Check every year: (total overflow, total distance).
    /// The years are zoned in parallel (one at a time when large, see [`Search::runs`]) and
    /// summed in year order (same sum on every run).
    pub fn score(&self, plan: &[Pick]) -> (u64, f64) {
        self.runs(plan)
            .iter()
            .fold((0, 0.0), |a, r| (a.0 + r.overflow, a.1 + r.distance_m))
    }

    /// Every year's run of `plan`, in year order: zoned in parallel, or one year at a time when a
    /// year has more than [`ONE_YEAR_AT_A_TIME_ABOVE_GROUPS`] groups (the zones engine is
    /// parallel inside, and two such years at once would double the peak memory).
    pub fn runs(&self, plan: &[Pick]) -> Vec<YearRun> {
        let big = (self.years.iter()).any(|p| p.groups.len() > ONE_YEAR_AT_A_TIME_ABOVE_GROUPS);
        if big {
            return (0..self.years.len())
                .map(|y| self.run_year(y, plan))
                .collect();
        }
        (0..self.years.len())
            .into_par_iter()
            .map(|y| self.run_year(y, plan))
            .collect()
    }

    /// Greedy additions to the `fixed` schools up to `max_new`, then pruning and size reduction of
    /// the added ones. Returns the plan and the overflow left (0 = feasible).
    pub fn run(&self, fixed: &[Pick], max_new: usize) -> (Vec<Pick>, u64) {
        let mut plan: Vec<Pick> = fixed.to_vec();
        let over = self.add_until_feasible(&mut plan, max_new);
        if over == 0 {
            self.prune(&mut plan, fixed.len());
            self.shrink(&mut plan, fixed.len());
        }
        (plan, over)
    }

    /// Add schools to `plan` greedily (largest allowed size; most overflow removed, then less
    /// distance, then lower building cost) until no year has overflow or `max_new` schools are in
    /// it. On a large county a round first tries a batch of schools near the pupils short
    /// ([`batch_add`]), kept when it seats more. Returns the overflow left.
    pub fn add_until_feasible(&self, plan: &mut Vec<Pick>, max_new: usize) -> u64 {
        let large = self.is_large();
        let mut runs = large.then(|| self.runs(plan));
        let mut over = match &runs {
            Some(r) => r.iter().map(|r| r.overflow).sum(),
            None => self.score(plan).0,
        };
        while over > 0 && plan.len() < max_new {
            if let Some(known) = &runs {
                let mut batch = batch_add(self, plan, known);
                batch.truncate(max_new - plan.len());
                if !batch.is_empty() {
                    let label = format!(
                        "new schools {}-{}: a batch near the pupils short",
                        plan.len() + 1,
                        plan.len() + batch.len()
                    );
                    self.progress.step(&label, 1);
                    let mut trial = plan.clone();
                    trial.extend(batch);
                    let tried = self.runs(&trial);
                    self.progress.advance(1);
                    let o: u64 = tried.iter().map(|r| r.overflow).sum();
                    if o < over {
                        (*plan, over, runs) = (trial, o, Some(tried));
                        continue;
                    }
                }
            }
            let label = format!("new school {}: trying each site", plan.len() + 1);
            self.progress.step(&label, self.cands.len() as u64);
            // Every candidate is scored in parallel; the best is then taken in candidate order,
            // so the choice is the same as a sequential scan.
            let tried = self.shortlist(plan, runs.as_deref());
            let keys: Vec<Option<(u64, f64, f64, Pick)>> = self
                .cands
                .par_iter()
                .enumerate()
                .map(|(ci, c)| {
                    self.progress.advance(1);
                    if plan.iter().any(|p| p.cand == ci) || c.sizes.is_empty() || !tried[ci] {
                        return None;
                    }
                    let pick = Pick {
                        cand: ci,
                        classes: *c.sizes.last().unwrap_or(&0),
                    };
                    let mut trial = plan.clone();
                    trial.push(pick);
                    let (o, d) = self.score(&trial);
                    Some((o, d, c.fixed_cost, pick))
                })
                .collect();
            let mut best: Option<(u64, f64, f64, Pick)> = None;
            for key in keys.into_iter().flatten() {
                let better = match &best {
                    None => true,
                    Some(b) => (key.0, key.1, key.2) < (b.0, b.1, b.2),
                };
                if better {
                    best = Some(key);
                }
            }
            match best {
                Some((o, _, _, pick)) if o < over => {
                    plan.push(pick);
                    over = o;
                    runs = large.then(|| self.runs(plan));
                }
                _ => break,
            }
        }
        over
    }

    /// Whether a year has more than [`LARGE_PUPILS`] pupils: greedy rounds then score a
    /// shortlist, add in batches, and pruning and shrinking try the least loaded schools.
    pub fn is_large(&self) -> bool {
        (self.years.iter())
            .any(|p| p.groups.iter().map(|g| g.count as u64).sum::<u64>() > LARGE_PUPILS)
    }

    /// Which candidates a greedy round scores: every one on a county of up to [`LARGE_PUPILS`]
    /// pupils a year; above it the [`SHORTLIST`] candidates nearest the pupils `plan` leaves
    /// short (least pupil-metres to them, summed over the years; ties to the lower index), since
    /// a site far from them cannot seat them within the caps' reach and each score zones every
    /// year. `known`: the runs of `plan`, when zoned already.
    pub fn shortlist(&self, plan: &[Pick], known: Option<&[YearRun]>) -> Vec<bool> {
        if !self.is_large() || self.cands.len() <= SHORTLIST {
            return vec![true; self.cands.len()];
        }
        let zoned;
        let runs = match known {
            Some(r) => r,
            None => {
                zoned = self.runs(plan);
                &zoned
            }
        };
        let mut short: Vec<([f64; 2], f64)> = Vec::new();
        for (y, run) in runs.iter().enumerate() {
            short.extend(short_pupils(&self.years[y], run));
        }
        let pull: Vec<f64> = (self.cands.par_iter())
            .map(|c| pull_m(&short, c.xy_m))
            .collect();
        let mut order: Vec<usize> = (0..self.cands.len())
            .filter(|c| !self.cands[*c].sizes.is_empty() && plan.iter().all(|p| p.cand != *c))
            .collect();
        order.sort_by(|a, b| pull[*a].total_cmp(&pull[*b]).then(a.cmp(b)));
        let mut keep = vec![false; self.cands.len()];
        for c in order.into_iter().take(SHORTLIST) {
            keep[c] = true;
        }
        keep
    }

    /// Overflow in each year.
    pub fn overflows(&self, plan: &[Pick]) -> Vec<u64> {
        self.runs(plan).into_iter().map(|r| r.overflow).collect()
    }

    /// Drop schools the others make redundant (latest added first), keeping the first `keep`.
    pub fn prune(&self, plan: &mut Vec<Pick>, keep: usize) {
        let mut i = plan.len();
        self.progress
            .step("dropping redundant schools", (i - keep) as u64);
        while i > keep {
            i -= 1;
            self.progress.advance(1);
            let mut trial = plan.clone();
            trial.remove(i);
            if self.score(&trial).0 == 0 {
                *plan = trial;
            }
        }
    }

    /// Each school after the first `keep` to the smallest allowed size that keeps every year
    /// feasible.
    /// On a large county, [`super::batch::shrink_large`] instead.
    pub fn shrink(&self, plan: &mut [Pick], keep: usize) {
        if self.is_large() {
            return super::batch::shrink_large(self, plan, keep);
        }
        self.progress
            .step("shrinking to standard sizes", (plan.len() - keep) as u64);
        for i in keep..plan.len() {
            self.progress.advance(1);
            let sizes = self.cands[plan[i].cand].sizes.clone();
            for s in sizes.into_iter().filter(|s| *s < plan[i].classes) {
                let mut trial = plan.to_vec();
                trial[i].classes = s;
                if self.score(&trial).0 == 0 {
                    plan[i].classes = s;
                    break;
                }
            }
        }
    }
}

/// The pupils a run leaves without a seat: (home position, count) per short allocation.
pub fn short_pupils(p: &Problem, run: &YearRun) -> Vec<([f64; 2], f64)> {
    (run.allocs.iter())
        .filter(|a| a.seat.is_none())
        .map(|a| (p.groups[a.group as usize].xy_m, a.count as f64))
        .collect()
}

/// Pupil-metres from `short` pupils to a site at `xy_m`: how strongly they pull the site.
pub fn pull_m(short: &[([f64; 2], f64)], xy_m: [f64; 2]) -> f64 {
    (short.iter())
        .map(|(q, n)| n * (q[0] - xy_m[0]).hypot(q[1] - xy_m[1]))
        .sum()
}

/// Seats of a new school of `classes` (upper bound over grades: largest class cap).
pub fn seats_of(search: &Search, classes: Option<&u32>) -> u32 {
    let p = &search.years[0];
    let cap = p
        .grades()
        .iter()
        .map(|g| p.caps[g.index()])
        .max()
        .unwrap_or(0);
    (classes.copied().unwrap_or(0) * cap).min(search.size_cap)
}
