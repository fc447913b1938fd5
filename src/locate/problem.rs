//! The location problem: demand points, candidate sites, costs and the rules an answer must obey.
//!
//! One struct covers the p-median, the capacitated p-median with single-source assignment and the
//! single-source capacitated facility-location problem; [`Problem::kind`] says which one it is.

use super::LocateError;

/// Whether an assignment costs `demand × cost` (spopt / Hakimi convention: Σ POP2000 × distance) or
/// just `cost` (OR-Library pmedcap convention: demand counts only against capacity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Weighting {
    /// Assignment cost = demand × cost.
    #[default]
    DemandWeighted,
    /// Assignment cost = cost; demand only uses capacity.
    Unweighted,
}

/// Which of the three problems an instance is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Open exactly p sites, no capacities.
    PMedian,
    /// Open exactly p sites; each demand point goes whole to one site within its capacity.
    CapacitatedPMedian,
    /// Open any number of sites, paying their fixed costs (capacitated or not, single-source).
    FacilityLocation,
}

impl Kind {
    /// The problem's name in summaries.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::PMedian => "p-median",
            Kind::CapacitatedPMedian => "capacitated p-median (single-source)",
            Kind::FacilityLocation => "facility location (single-source)",
        }
    }
}

/// A location problem. Index `i` runs over demand points, `j` over candidate sites.
#[derive(Debug, Clone)]
pub struct Problem {
    pub demand_ids: Vec<String>,
    pub site_ids: Vec<String>,
    /// Demand of each point (students, population): uses capacity, and weights cost if weighted.
    pub demand: Vec<f64>,
    /// Unweighted cost from point i to site j, row-major: `cost[i * n_sites + j]`.
    pub cost: Vec<f64>,
    pub weighting: Weighting,
    /// Capacity of each site in demand units; `None` = uncapacitated.
    pub capacity: Option<Vec<f64>>,
    /// Fixed cost of opening each site, added to the objective. Empty = all zero.
    pub fixed_cost: Vec<f64>,
    /// Number of sites to open; `None` = facility location.
    pub p: Option<usize>,
    /// For each site, a demand point it must serve itself when open (pmedcap: a median serves its own
    /// demand). Empty = no such rule.
    pub self_point: Vec<Option<usize>>,
    /// Sites that must stay open (existing schools); they count towards p. Empty = none.
    pub must_open: Vec<bool>,
}

impl Problem {
    /// A p-median (or facility-location when `p` is `None`) problem with no capacities, no fixed
    /// costs and no self-service rule.
    pub fn new(
        demand_ids: Vec<String>,
        site_ids: Vec<String>,
        demand: Vec<f64>,
        cost: Vec<f64>,
        weighting: Weighting,
        p: Option<usize>,
    ) -> Self {
        Problem {
            demand_ids,
            site_ids,
            demand,
            cost,
            weighting,
            capacity: None,
            fixed_cost: Vec::new(),
            p,
            self_point: Vec::new(),
            must_open: Vec::new(),
        }
    }

    pub fn n_demand(&self) -> usize {
        self.demand_ids.len()
    }

    pub fn n_sites(&self) -> usize {
        self.site_ids.len()
    }

    pub fn kind(&self) -> Kind {
        match (self.p, &self.capacity) {
            (Some(_), None) => Kind::PMedian,
            (Some(_), Some(_)) => Kind::CapacitatedPMedian,
            (None, _) => Kind::FacilityLocation,
        }
    }

    /// The cost of serving point `i` from site `j`, weighted by demand if the problem says so.
    #[inline]
    pub fn assign_cost(&self, i: usize, j: usize) -> f64 {
        let c = self.cost[i * self.n_sites() + j];
        match self.weighting {
            Weighting::DemandWeighted => c * self.demand[i],
            Weighting::Unweighted => c,
        }
    }

    /// Weighted assignment costs as a dense row-major matrix (what the solvers work on).
    pub fn weighted_costs(&self) -> Vec<f64> {
        let m = self.n_sites();
        (0..self.n_demand() * m)
            .map(|k| self.assign_cost(k / m, k % m))
            .collect()
    }

    pub fn fixed(&self, j: usize) -> f64 {
        self.fixed_cost.get(j).copied().unwrap_or(0.0)
    }

    pub fn cap(&self, j: usize) -> f64 {
        self.capacity.as_ref().map_or(f64::INFINITY, |c| c[j])
    }

    pub fn self_point(&self, j: usize) -> Option<usize> {
        self.self_point.get(j).copied().flatten()
    }

    pub fn must_open(&self, j: usize) -> bool {
        self.must_open.get(j).copied().unwrap_or(false)
    }

    /// How many sites must stay open.
    pub fn n_must_open(&self) -> usize {
        self.must_open.iter().filter(|&&b| b).count()
    }

    pub fn total_demand(&self) -> f64 {
        self.demand.iter().sum()
    }

    /// True when every cost, and so every objective, is a whole number (floor metric, pmedcap).
    pub fn integral_costs(&self) -> bool {
        let int = |v: &f64| v.fract() == 0.0;
        self.cost.iter().all(int)
            && (self.weighting == Weighting::Unweighted || self.demand.iter().all(int))
            && self.fixed_cost.iter().all(int)
    }

    /// Check shapes, values and the obvious infeasibilities; every solver calls this first.
    pub fn check(&self) -> Result<(), LocateError> {
        let (n, m) = (self.n_demand(), self.n_sites());
        if n == 0 {
            return Err(LocateError::NoDemand);
        }
        if m == 0 {
            return Err(LocateError::NoSites);
        }
        let len = |what, got: usize, expected| {
            if got == expected {
                Ok(())
            } else {
                Err(LocateError::Length {
                    what,
                    got,
                    expected,
                })
            }
        };
        len("demand", self.demand.len(), n)?;
        if self.cost.len() != n * m {
            return Err(LocateError::CostShape {
                got: self.cost.len(),
                demand: n,
                sites: m,
                expected: n * m,
            });
        }
        if !self.fixed_cost.is_empty() {
            len("fixed_cost", self.fixed_cost.len(), m)?;
        }
        if !self.self_point.is_empty() {
            len("self_point", self.self_point.len(), m)?;
        }
        if !self.must_open.is_empty() {
            len("must_open", self.must_open.len(), m)?;
        }
        if let Some(p) = self.p {
            if p == 0 || p > m {
                return Err(LocateError::BadP { p, sites: m });
            }
            if self.n_must_open() > p {
                return Err(LocateError::TooManyMustOpen {
                    must_open: self.n_must_open(),
                    p,
                });
            }
        }
        self.check_values()?;
        self.check_capacity()
    }

    fn check_values(&self) -> Result<(), LocateError> {
        let m = self.n_sites();
        for (k, &c) in self.cost.iter().enumerate() {
            if !c.is_finite() || c < 0.0 {
                return Err(LocateError::BadCost {
                    demand: self.demand_ids[k / m].clone(),
                    site: self.site_ids[k % m].clone(),
                    value: c,
                });
            }
        }
        for (i, &d) in self.demand.iter().enumerate() {
            if !d.is_finite() || d < 0.0 {
                return Err(LocateError::BadDemand {
                    demand: self.demand_ids[i].clone(),
                    value: d,
                });
            }
        }
        for (j, &f) in self.fixed_cost.iter().enumerate() {
            if !f.is_finite() || f < 0.0 {
                return Err(LocateError::BadFixedCost {
                    site: self.site_ids[j].clone(),
                    value: f,
                });
            }
        }
        Ok(())
    }

    fn check_capacity(&self) -> Result<(), LocateError> {
        let Some(cap) = &self.capacity else {
            return Ok(());
        };
        let m = self.n_sites();
        if cap.len() != m {
            return Err(LocateError::Length {
                what: "capacity",
                got: cap.len(),
                expected: m,
            });
        }
        for (j, &q) in cap.iter().enumerate() {
            if !q.is_finite() || q < 0.0 {
                return Err(LocateError::BadCapacity {
                    site: self.site_ids[j].clone(),
                    value: q,
                });
            }
        }
        let largest = cap.iter().cloned().fold(0.0, f64::max);
        for (i, &d) in self.demand.iter().enumerate() {
            if d > largest {
                return Err(LocateError::PointTooLarge {
                    demand: self.demand_ids[i].clone(),
                    demand_amount: d,
                    largest,
                });
            }
        }
        let total = self.total_demand();
        let mut sorted = cap.clone();
        sorted.sort_by(|a, b| b.total_cmp(a));
        match self.p {
            Some(p) => {
                let top: f64 = sorted[..p].iter().sum();
                if total > top + 1e-9 {
                    return Err(LocateError::PCapacityShort {
                        total_demand: total,
                        capacity: top,
                        p,
                    });
                }
            }
            None => {
                let all: f64 = sorted.iter().sum();
                if total > all + 1e-9 {
                    return Err(LocateError::CapacityShort {
                        total_demand: total,
                        capacity: all,
                        sites: m,
                    });
                }
            }
        }
        Ok(())
    }
}
