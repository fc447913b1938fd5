//! Costs from coordinates: planar Euclidean (optionally floored, the OR-Library pmedcap convention)
//! or great-circle (haversine) distance on lon/lat.

use std::str::FromStr;

/// Mean Earth radius in metres (IUGG).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// How to turn two points into a cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Straight-line distance in the points' planar unit (metres for `xy_m`).
    Euclidean,
    /// `floor` of the Euclidean distance (OR-Library pmedcap convention).
    EuclideanFloor,
    /// Great-circle distance in metres between `[lon, lat]` points in degrees.
    Haversine,
}

/// A metric name that is none of the known ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown metric `{value}`; use euclidean, euclidean-floor or haversine")]
pub struct UnknownMetric {
    pub value: String,
}

impl FromStr for Metric {
    type Err = UnknownMetric;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "euclidean" => Ok(Metric::Euclidean),
            "euclidean-floor" | "euclidean_floor" | "floor" => Ok(Metric::EuclideanFloor),
            "haversine" | "great-circle" => Ok(Metric::Haversine),
            other => Err(UnknownMetric {
                value: other.to_string(),
            }),
        }
    }
}

impl Metric {
    /// Distance between two points under this metric.
    pub fn distance(self, a: [f64; 2], b: [f64; 2]) -> f64 {
        match self {
            Metric::Euclidean => (a[0] - b[0]).hypot(a[1] - b[1]),
            Metric::EuclideanFloor => (a[0] - b[0]).hypot(a[1] - b[1]).floor(),
            Metric::Haversine => haversine_m(a, b),
        }
    }

    /// Row-major cost matrix `cost[i * sites.len() + j]`.
    pub fn matrix(self, demand: &[[f64; 2]], sites: &[[f64; 2]]) -> Vec<f64> {
        demand
            .iter()
            .flat_map(|&a| sites.iter().map(move |&b| self.distance(a, b)))
            .collect()
    }
}

/// Great-circle distance in metres between `[lon, lat]` points in degrees.
///
/// ```
/// use catchment::locate::haversine_m;
/// let d = haversine_m([118.0, 43.0], [118.0, 44.0]);
/// assert!((d - 111_195.0).abs() < 10.0);
/// ```
pub fn haversine_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (lat1, lat2) = (a[1].to_radians(), b[1].to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b[0] - a[0]).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Project `[lon, lat]` degrees to local planar metres (equirectangular about the points' mean
/// latitude). Good to a fraction of a percent over a county; use a real CRS for survey work.
pub fn project_local_m(lonlat: &[[f64; 2]], origin: [f64; 2]) -> Vec<[f64; 2]> {
    let k = origin[1].to_radians().cos();
    lonlat
        .iter()
        .map(|p| {
            [
                EARTH_RADIUS_M * (p[0] - origin[0]).to_radians() * k,
                EARTH_RADIUS_M * (p[1] - origin[1]).to_radians(),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_metric_floors() {
        assert_eq!(Metric::EuclideanFloor.distance([0.0, 0.0], [1.0, 1.0]), 1.0);
        assert!((Metric::Euclidean.distance([0.0, 0.0], [3.0, 4.0]) - 5.0).abs() < 1e-12);
    }

    #[test]
    fn local_projection_matches_haversine_nearby() {
        let pts = [[118.0, 43.8], [118.1, 43.9]];
        let xy = project_local_m(&pts, [118.05, 43.85]);
        let planar = Metric::Euclidean.distance(xy[0], xy[1]);
        let great = haversine_m(pts[0], pts[1]);
        assert!((planar - great).abs() / great < 1e-3, "{planar} vs {great}");
    }

    #[test]
    fn parses_names() {
        assert_eq!(
            "Euclidean-Floor".parse::<Metric>(),
            Ok(Metric::EuclideanFloor)
        );
        assert!("manhattan".parse::<Metric>().is_err());
    }
}
