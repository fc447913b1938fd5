//! Building a location problem from the `locate` tables: the cost matrix from coordinates, and the
//! problem with its capacities, fixed costs, must-open sites and self-service.
//!
//! Why here and not in the CLI: which distance a pair of tables gets (planar, haversine, or lon/lat
//! projected to local metres) and how capacities apply are decisions of the engine, to be tested
//! and reused without the binary.

use super::{project_local_m, Metric, Problem, Weighting};
use crate::io::locate_tables::{Coords, PointTable};
use std::collections::HashMap;

/// How to build the problem from the tables.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Sites to open; None: facility location.
    pub p: Option<usize>,
    /// Capacity of every site, overriding the sites table.
    pub capacity: Option<f64>,
    pub weighting: Weighting,
    /// An open site serves the demand point with its own id (pmedcap convention).
    pub self_service: bool,
}

/// Why the tables do not make a problem.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BuildError {
    #[error("{demand_file} has {demand_coords} coordinates but {sites_file} has {sites_coords}")]
    CoordsDiffer {
        demand_file: String,
        demand_coords: &'static str,
        sites_file: String,
        sites_coords: &'static str,
    },
    #[error("the haversine metric needs lon, lat columns")]
    HaversineNeedsLonLat,
    #[error("capacity {value} is not a number ≥ 0")]
    BadCapacity { value: f64 },
}

/// What a table's coordinates are, in words.
pub fn coords_name(c: Coords) -> &'static str {
    match c {
        Coords::Planar => "x, y",
        Coords::LonLat => "lon, lat",
        Coords::None => "no",
    }
}

/// The demand × site cost matrix from the tables' coordinates and, when lon/lat were projected to
/// local metres, a note saying so. `demand_file` and `sites_file` name the tables in errors.
pub fn cost_matrix(
    metric: Metric,
    demand: &PointTable,
    sites: &PointTable,
    demand_file: &str,
    sites_file: &str,
) -> Result<(Vec<f64>, Option<String>), BuildError> {
    if demand.coords != sites.coords {
        return Err(BuildError::CoordsDiffer {
            demand_file: demand_file.to_string(),
            demand_coords: coords_name(demand.coords),
            sites_file: sites_file.to_string(),
            sites_coords: coords_name(sites.coords),
        });
    }
    match (metric, demand.coords) {
        (Metric::Haversine, Coords::LonLat) => {
            Ok((metric.matrix(&demand.points, &sites.points), None))
        }
        (Metric::Haversine, _) => Err(BuildError::HaversineNeedsLonLat),
        (_, Coords::LonLat) => {
            let all: Vec<[f64; 2]> = demand.points.iter().chain(&sites.points).copied().collect();
            let n = all.len() as f64;
            let origin = [
                all.iter().map(|p| p[0]).sum::<f64>() / n,
                all.iter().map(|p| p[1]).sum::<f64>() / n,
            ];
            let d = project_local_m(&demand.points, origin);
            let s = project_local_m(&sites.points, origin);
            let note =
                "lon/lat projected to local planar metres (equirectangular about the mean point)";
            Ok((metric.matrix(&d, &s), Some(note.to_string())))
        }
        _ => Ok((metric.matrix(&demand.points, &sites.points), None)),
    }
}

/// The location problem of the tables with this cost matrix.
pub fn build_problem(
    demand: &PointTable,
    sites: &PointTable,
    cost: Vec<f64>,
    opts: &BuildOptions,
) -> Result<Problem, BuildError> {
    let mut p = Problem::new(
        demand.ids.clone(),
        sites.ids.clone(),
        demand.demand.clone(),
        cost,
        opts.weighting,
        opts.p,
    );
    p.capacity = match opts.capacity {
        Some(q) if !q.is_finite() || q < 0.0 => return Err(BuildError::BadCapacity { value: q }),
        Some(q) => Some(vec![q; sites.ids.len()]),
        None => sites.capacity.clone(),
    };
    p.fixed_cost = sites.fixed_cost.clone().unwrap_or_default();
    p.must_open = sites.must_open.clone().unwrap_or_default();
    if opts.self_service {
        let index: HashMap<&str, usize> = demand
            .ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        p.self_point = sites
            .ids
            .iter()
            .map(|s| index.get(s.as_str()).copied())
            .collect();
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(coords: Coords, points: Vec<[f64; 2]>) -> PointTable {
        PointTable {
            ids: (0..points.len()).map(|i| format!("t{i}")).collect(),
            coords,
            demand: vec![1.0; points.len()],
            points,
            capacity: None,
            fixed_cost: None,
            must_open: None,
        }
    }

    #[test]
    fn mixed_coordinates_and_bad_capacity_are_refused_with_the_numbers() {
        let d = table(Coords::Planar, vec![[0.0, 0.0]]);
        let s = table(Coords::LonLat, vec![[118.0, 43.0]]);
        let e = cost_matrix(Metric::Euclidean, &d, &s, "d.csv", "s.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "d.csv has x, y coordinates but s.csv has lon, lat"
        );
        let e = cost_matrix(Metric::Haversine, &d, &d, "d.csv", "d.csv").unwrap_err();
        assert_eq!(e, BuildError::HaversineNeedsLonLat);
        let opts = BuildOptions {
            capacity: Some(-1.0),
            ..Default::default()
        };
        let e = build_problem(&d, &d, vec![0.0], &opts).unwrap_err();
        assert_eq!(e, BuildError::BadCapacity { value: -1.0 });
    }

    #[test]
    fn lon_lat_is_projected_to_metres_and_self_service_matches_ids() {
        // 0.01° of latitude is about 1112 m anywhere.
        let d = table(Coords::LonLat, vec![[118.0, 43.0], [118.0, 43.01]]);
        let (cost, note) = cost_matrix(Metric::Euclidean, &d, &d, "d", "d").unwrap();
        assert!(note.is_some());
        assert!((cost[1] - 1112.0).abs() < 2.0, "{}", cost[1]);
        assert_eq!(cost[0], 0.0);
        let opts = BuildOptions {
            p: Some(1),
            self_service: true,
            ..Default::default()
        };
        let p = build_problem(&d, &d, cost, &opts).unwrap();
        assert_eq!(p.self_point, vec![Some(0), Some(1)]);
    }
}
