//! Single-source assignment to a fixed set of open sites (a generalized assignment problem):
//! regret construction (assign first the point that would lose most by not getting its best site),
//! a one-move ejection when a point no longer fits anywhere, then shift and swap local search.

use super::Problem;

pub(super) const NONE: usize = usize::MAX;
const EPS: f64 = 1e-9;
/// Most shift + swap passes of one local search ([`Assign::improve`]).
pub const MAX_PASSES: usize = 50;

/// A partial or complete assignment with site loads and its running cost.
#[derive(Debug, Clone)]
pub struct Assign {
    pub open: Vec<bool>,
    /// Site of each point, or [`NONE`].
    pub site: Vec<usize>,
    pub load: Vec<f64>,
    /// Points pinned to their own site (self-service rule).
    pub locked: Vec<bool>,
    /// Cost of the assigned points plus the fixed cost of open sites.
    pub cost: f64,
}

impl Assign {
    pub fn empty(problem: &Problem) -> Self {
        Assign {
            open: vec![false; problem.n_sites()],
            site: vec![NONE; problem.n_demand()],
            load: vec![0.0; problem.n_sites()],
            locked: vec![false; problem.n_demand()],
            cost: 0.0,
        }
    }

    pub fn open_sites(&self) -> Vec<usize> {
        (0..self.open.len()).filter(|&j| self.open[j]).collect()
    }

    pub(super) fn place(&mut self, p: &Problem, w: &[f64], i: usize, j: usize) {
        self.site[i] = j;
        self.load[j] += p.demand[i];
        self.cost += w[i * self.open.len() + j];
    }

    pub(super) fn unplace(&mut self, p: &Problem, w: &[f64], i: usize) {
        let j = self.site[i];
        if j != NONE {
            self.load[j] -= p.demand[i];
            self.cost -= w[i * self.open.len() + j];
            self.site[i] = NONE;
        }
    }

    fn fits(&self, p: &Problem, i: usize, j: usize) -> bool {
        self.load[j] + p.demand[i] <= p.cap(j) + EPS
    }

    /// Open site `j`; if it has a self-service point, move that point onto it. Returns the point
    /// moved, if any.
    pub fn open_site(&mut self, p: &Problem, w: &[f64], j: usize) {
        self.open[j] = true;
        self.cost += p.fixed(j);
        if let Some(pt) = p.self_point(j) {
            self.unplace(p, w, pt);
            self.place(p, w, pt, j);
            self.locked[pt] = true;
        }
    }

    /// Close site `j`; its points become unassigned and are returned.
    pub fn close_site(&mut self, p: &Problem, w: &[f64], j: usize) -> Vec<usize> {
        let freed: Vec<usize> = (0..self.site.len())
            .filter(|&i| self.site[i] == j)
            .collect();
        for &i in &freed {
            self.unplace(p, w, i);
            self.locked[i] = false;
        }
        self.open[j] = false;
        self.cost -= p.fixed(j);
        freed
    }

    /// Assign every unassigned point by regret. False if some point fits nowhere even after an
    /// ejection; the assignment is then incomplete.
    pub fn fill(&mut self, p: &Problem, w: &[f64]) -> bool {
        let m = self.open.len();
        let open = self.open_sites();
        let mut pending: Vec<usize> = (0..self.site.len())
            .filter(|&i| self.site[i] == NONE)
            .collect();
        while !pending.is_empty() {
            let mut pick: Option<(f64, usize, usize)> = None; // (regret, index in pending, site)
            let mut stuck = None;
            for (k, &i) in pending.iter().enumerate() {
                let (mut b1, mut j1, mut b2) = (f64::INFINITY, NONE, f64::INFINITY);
                for &j in open.iter().filter(|&&j| self.fits(p, i, j)) {
                    let c = w[i * m + j];
                    if c < b1 {
                        (b2, b1, j1) = (b1, c, j);
                    } else if c < b2 {
                        b2 = c;
                    }
                }
                if j1 == NONE {
                    stuck = Some(k);
                    break;
                }
                let regret = b2 - b1;
                if pick.is_none_or(|(r, _, _)| regret > r) {
                    pick = Some((regret, k, j1));
                }
            }
            if let Some(k) = stuck {
                let i = pending[k];
                if !self.eject_for(p, w, i, &open) {
                    return false;
                }
                pending.swap_remove(k);
                continue;
            }
            let (_, k, j) = pick.expect("pending is not empty");
            let i = pending.swap_remove(k);
            self.place(p, w, i, j);
        }
        true
    }

    /// Make room for point `i` by moving one other point elsewhere; place `i`. Cheapest such move.
    fn eject_for(&mut self, p: &Problem, w: &[f64], i: usize, open: &[usize]) -> bool {
        let m = self.open.len();
        let mut best: Option<(f64, usize, usize, usize)> = None; // (delta, j, k, j2)
        for &j in open {
            let need = self.load[j] + p.demand[i] - p.cap(j);
            for k in (0..self.site.len()).filter(|&k| self.site[k] == j && !self.locked[k]) {
                if p.demand[k] + EPS < need {
                    continue;
                }
                for &j2 in open.iter().filter(|&&j2| j2 != j && self.fits(p, k, j2)) {
                    let delta = w[i * m + j] + w[k * m + j2] - w[k * m + j];
                    if best.is_none_or(|(d, ..)| delta < d) {
                        best = Some((delta, j, k, j2));
                    }
                }
            }
        }
        let Some((_, j, k, j2)) = best else {
            return false;
        };
        self.unplace(p, w, k);
        self.place(p, w, k, j2);
        self.place(p, w, i, j);
        true
    }

    /// Shift and swap moves until neither improves, in at most [`MAX_PASSES`] passes: every move
    /// lowers the cost, but on a few hundred points of equal parts the moves can go on lowering
    /// it by rounding-error amounts for minutes.
    pub fn improve(&mut self, p: &Problem, w: &[f64]) {
        let open = self.open_sites();
        for _ in 0..MAX_PASSES {
            if !(self.shift_pass(p, w, &open) | self.swap_pass(p, w, &open)) {
                break;
            }
        }
    }

    fn shift_pass(&mut self, p: &Problem, w: &[f64], open: &[usize]) -> bool {
        let m = self.open.len();
        let mut improved = false;
        for i in 0..self.site.len() {
            let a = self.site[i];
            if self.locked[i] || a == NONE {
                continue;
            }
            let mut best = (w[i * m + a] - EPS, NONE);
            for &j in open.iter().filter(|&&j| j != a) {
                if w[i * m + j] < best.0 && self.fits(p, i, j) {
                    best = (w[i * m + j], j);
                }
            }
            if best.1 != NONE {
                self.unplace(p, w, i);
                self.place(p, w, i, best.1);
                improved = true;
            }
        }
        improved
    }

    fn swap_pass(&mut self, p: &Problem, w: &[f64], open: &[usize]) -> bool {
        let m = self.open.len();
        let n = self.site.len();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); m];
        for k in (0..n).filter(|&k| self.site[k] != NONE && !self.locked[k]) {
            members[self.site[k]].push(k);
        }
        let mut improved = false;
        for i in 0..n {
            let a = self.site[i];
            if self.locked[i] || a == NONE {
                continue;
            }
            'sites: for &j in open.iter().filter(|&&j| j != a) {
                let gain_i = w[i * m + a] - w[i * m + j];
                if gain_i <= EPS {
                    continue;
                }
                for (pos, &k) in members[j].iter().enumerate() {
                    let delta = w[k * m + a] - w[k * m + j] - gain_i;
                    let (qi, qk) = (p.demand[i], p.demand[k]);
                    if delta < -EPS
                        && self.load[j] - qk + qi <= p.cap(j) + EPS
                        && self.load[a] - qi + qk <= p.cap(a) + EPS
                    {
                        self.unplace(p, w, i);
                        self.unplace(p, w, k);
                        self.place(p, w, i, j);
                        self.place(p, w, k, a);
                        members[j][pos] = i;
                        if let Some(slot) = members[a].iter().position(|&x| x == i) {
                            members[a][slot] = k;
                        }
                        improved = true;
                        break 'sites;
                    }
                }
            }
        }
        improved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::Weighting;

    #[test]
    fn regret_then_ejection_respects_capacity() {
        // Two sites of capacity 2; three unit points all prefer site 0.
        let cost = vec![1.0, 5.0, 1.0, 6.0, 1.0, 9.0];
        let ids = |n: usize| (0..n).map(|k| k.to_string()).collect::<Vec<_>>();
        let mut p = Problem::new(
            ids(3),
            ids(2),
            vec![1.0; 3],
            cost,
            Weighting::Unweighted,
            Some(2),
        );
        p.capacity = Some(vec![2.0, 2.0]);
        let w = p.weighted_costs();
        let mut a = Assign::empty(&p);
        a.open_site(&p, &w, 0);
        a.open_site(&p, &w, 1);
        assert!(a.fill(&p, &w));
        a.improve(&p, &w);
        // Cheapest: point 0 (regret 4) goes to site 1, the others stay at site 0.
        assert_eq!(a.site, vec![1, 0, 0]);
        assert_eq!(a.cost, 7.0);
        assert!(a.load.iter().all(|&l| l <= 2.0));
    }
}
