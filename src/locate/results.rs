//! The results of a location run as typed rows: one per open site, one per demand point, and the
//! summary figures. Numbers stay numbers; the CLI turns them into CSV text.

use super::{Outcome, Problem};

/// An open site and what it serves.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenSiteRow {
    pub site_id: String,
    /// `[x, y]` or `[lon, lat]` as in the sites table; None without coordinates.
    pub point: Option<[f64; 2]>,
    pub points_served: usize,
    pub demand_served: f64,
    pub capacity: Option<f64>,
    pub fixed_cost: f64,
    pub assignment_cost: f64,
}

/// One demand point's assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct AssignmentRow {
    pub demand_id: String,
    pub site_id: String,
    pub demand: f64,
    pub cost: f64,
    pub weighted_cost: f64,
}

/// The open sites in the solution's order; `site_points` are the sites table's coordinates.
pub fn open_site_rows(p: &Problem, site_points: &[[f64; 2]], o: &Outcome) -> Vec<OpenSiteRow> {
    let s = &o.solution;
    let m = p.n_sites();
    let mut load = vec![0.0; m];
    let mut served = vec![0usize; m];
    let mut assign_cost = vec![0.0; m];
    for (i, &j) in s.assignment.iter().enumerate() {
        load[j] += p.demand[i];
        served[j] += 1;
        assign_cost[j] += p.assign_cost(i, j);
    }
    s.open
        .iter()
        .map(|&j| OpenSiteRow {
            site_id: p.site_ids[j].clone(),
            point: site_points.get(j).copied(),
            points_served: served[j],
            demand_served: load[j],
            capacity: p.capacity.as_ref().map(|c| c[j]),
            fixed_cost: p.fixed(j),
            assignment_cost: assign_cost[j],
        })
        .collect()
}

/// Every demand point with its site, in the demand table's order.
pub fn assignment_rows(p: &Problem, o: &Outcome) -> Vec<AssignmentRow> {
    let m = p.n_sites();
    o.solution
        .assignment
        .iter()
        .enumerate()
        .map(|(i, &j)| AssignmentRow {
            demand_id: p.demand_ids[i].clone(),
            site_id: p.site_ids[j].clone(),
            demand: p.demand[i],
            cost: p.cost[i * m + j],
            weighted_cost: p.assign_cost(i, j),
        })
        .collect()
}

/// Σ demand × cost / Σ demand (0 without demand), whatever the problem's weighting.
pub fn mean_cost_per_demand(p: &Problem, o: &Outcome) -> f64 {
    let m = p.n_sites();
    let total = p.total_demand();
    let weighted: f64 = o
        .solution
        .assignment
        .iter()
        .enumerate()
        .map(|(i, &j)| p.demand[i] * p.cost[i * m + j])
        .sum();
    if total > 0.0 {
        weighted / total
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::{solve, Metric, Options, Weighting};

    #[test]
    fn rows_add_up_to_the_objective() {
        let pts = [[0.0, 0.0], [1.0, 0.0], [10.0, 0.0], [13.0, 0.0]];
        let ids: Vec<String> = (0..4).map(|k| format!("p{k}")).collect();
        let demand = vec![1.0, 2.0, 1.0, 3.0];
        let p = Problem::new(
            ids.clone(),
            ids,
            demand,
            Metric::Euclidean.matrix(&pts, &pts),
            Weighting::DemandWeighted,
            Some(2),
        );
        let o = solve(&p, &Options::default()).unwrap();
        let open = open_site_rows(&p, &pts, &o);
        assert_eq!(open.len(), 2);
        assert_eq!(open.iter().map(|r| r.points_served).sum::<usize>(), 4);
        assert_eq!(open.iter().map(|r| r.demand_served).sum::<f64>(), 7.0);
        let cost: f64 = open.iter().map(|r| r.assignment_cost).sum();
        assert!((cost - o.solution.objective).abs() < 1e-9);
        let rows = assignment_rows(&p, &o);
        let w: f64 = rows.iter().map(|r| r.weighted_cost).sum();
        assert!((w - o.solution.objective).abs() < 1e-9);
        // Sites p1 and p3 open: p0 travels 1 (×1), p2 travels 3 (×1): 4 over 7 units of demand.
        assert!((mean_cost_per_demand(&p, &o) - 4.0 / 7.0).abs() < 1e-12);
    }
}
