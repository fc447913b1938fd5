//! The real part of the sample: Linxi's boundary and its township and village names (from
//! `gis/linxi/`, see `gis/linxi/SOURCES.md`), plus a local metre frame to place things in.
//!
//! The township anchors below are synthetic: the sources give names, not positions. They were
//! chosen inside the boundary so the townships cover the county; only the county seat's position
//! (Linxi town, about 118.05 E, 43.61 N) is real.

use geo::{Contains, Distance, Euclidean, LineString, Point, Polygon};

/// The real county boundary, byte for byte as in the sources.
pub const BOUNDARY_GEOJSON: &[u8] = include_bytes!("../../gis/linxi/boundary.geojson");
const TOWNSHIPS_CSV: &str = include_str!("../../gis/linxi/townships.csv");
const VILLAGES_CSV: &str = include_str!("../../gis/linxi/villages.csv");

/// The county seat (林西镇 town centre), WGS84 degrees.
pub const SEAT_LONLAT: [f64; 2] = [118.05, 43.61];
/// Metres per degree of latitude (spherical Earth, R = 6,371,008.8 m).
const M_PER_DEG_LAT: f64 = 111_195.0;
/// Metres per degree of longitude at the seat's latitude (111,195 × cos 43.61°), a constant so no
/// platform's `cos` can change the sample's bytes.
const M_PER_DEG_LON: f64 = 80_510.9;

/// Degrees → local metres east/north of the county seat (equirectangular; good to a few metres
/// over the county, plenty for a synthetic sample).
pub fn to_m(lonlat: [f64; 2]) -> [f64; 2] {
    [
        (lonlat[0] - SEAT_LONLAT[0]) * M_PER_DEG_LON,
        (lonlat[1] - SEAT_LONLAT[1]) * M_PER_DEG_LAT,
    ]
}

/// Local metres → degrees, the inverse of [`to_m`].
pub fn to_lonlat(xy_m: [f64; 2]) -> [f64; 2] {
    [
        SEAT_LONLAT[0] + xy_m[0] / M_PER_DEG_LON,
        SEAT_LONLAT[1] + xy_m[1] / M_PER_DEG_LAT,
    ]
}

/// Straight-line distance in metres between two local points.
pub fn dist_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// What kind of township-level unit this is; it decides how its villages are spread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TownshipKind {
    /// 城北/城南街道: urban communities packed around the seat.
    Urban,
    /// 林西镇: the town around the seat and its near villages.
    Seat,
    /// Rural 镇/乡.
    Rural,
}

/// A township (乡镇/街道): real name and code, synthetic anchor.
#[derive(Debug, Clone)]
pub struct Township {
    pub code: String,
    pub name: String,
    pub kind: TownshipKind,
    /// Synthetic centre, local metres.
    pub anchor_m: [f64; 2],
    /// Standard deviation of its villages around the anchor, metres.
    pub spread_m: f64,
}

/// A village or community (村/社区): real name and code.
#[derive(Debug, Clone)]
pub struct VillageName {
    pub code: String,
    /// The short name used in addresses (`常胜村`, `春蕾社区`).
    pub name: String,
    /// Index into [`Region::townships`].
    pub township: usize,
}

/// The county: boundary in local metres, townships and village names.
#[derive(Debug, Clone)]
pub struct Region {
    pub boundary_m: Polygon<f64>,
    pub townships: Vec<Township>,
    pub villages: Vec<VillageName>,
}

/// Synthetic township anchors (lon, lat) and spreads (m), by statistical code.
const ANCHORS: [(&str, TownshipKind, [f64; 2], f64); 11] = [
    ("150424100", TownshipKind::Seat, [118.05, 43.61], 3_500.0),
    ("150424101", TownshipKind::Rural, [118.20, 43.85], 7_000.0),
    ("150424102", TownshipKind::Rural, [118.13, 43.43], 6_000.0),
    ("150424103", TownshipKind::Rural, [118.36, 43.34], 8_000.0),
    ("150424104", TownshipKind::Rural, [117.92, 43.93], 7_000.0),
    ("150424105", TownshipKind::Rural, [117.80, 43.80], 6_000.0),
    ("150424106", TownshipKind::Rural, [117.92, 43.50], 7_000.0),
    ("150424200", TownshipKind::Rural, [118.22, 43.70], 6_000.0),
    ("150424201", TownshipKind::Rural, [118.15, 44.10], 6_000.0),
    ("150424400", TownshipKind::Urban, [118.050, 43.622], 900.0),
    ("150424401", TownshipKind::Urban, [118.052, 43.598], 900.0),
];

/// Shorten a committee name to the form used in addresses.
fn short_name(full: &str) -> String {
    let name = full.trim();
    if let Some(stem) = name.strip_suffix("社区居民居委会") {
        return format!("{stem}社区");
    }
    if let Some(stem) = name.strip_suffix("村委会") {
        return format!("{stem}村");
    }
    if let Some(stem) = name.strip_suffix("居委会") {
        return format!("{stem}社区");
    }
    name.to_string()
}

fn read_rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("gis/linxi CSV is well formed (checked by tests)"))
        .collect()
}

fn parse_boundary() -> Polygon<f64> {
    let v: serde_json::Value =
        serde_json::from_slice(BOUNDARY_GEOJSON).expect("gis/linxi/boundary.geojson is JSON");
    let ring = &v["features"][0]["geometry"]["coordinates"][0];
    let pts: Vec<(f64, f64)> = ring
        .as_array()
        .expect("boundary ring")
        .iter()
        .map(|p| {
            let xy = to_m([p[0].as_f64().unwrap(), p[1].as_f64().unwrap()]);
            (xy[0], xy[1])
        })
        .collect();
    Polygon::new(LineString::from(pts), vec![])
}

impl Region {
    /// Linxi, from the embedded sources.
    pub fn linxi() -> Region {
        let mut townships = Vec::new();
        for row in read_rows(TOWNSHIPS_CSV) {
            let Some(&(_, kind, lonlat, spread_m)) = ANCHORS.iter().find(|a| a.0 == &row[0]) else {
                continue; // the industrial park: no residents
            };
            townships.push(Township {
                code: row[0].to_string(),
                name: row[1].trim().to_string(),
                kind,
                anchor_m: to_m(lonlat),
                spread_m,
            });
        }
        let villages = read_rows(VILLAGES_CSV)
            .iter()
            .filter_map(|row| {
                let township = townships.iter().position(|t| t.code == row[2])?;
                Some(VillageName {
                    code: row[0].to_string(),
                    name: short_name(&row[1]),
                    township,
                })
            })
            .collect();
        Region {
            boundary_m: parse_boundary(),
            townships,
            villages,
        }
    }

    /// Whether a local point lies inside the county.
    pub fn inside(&self, xy_m: [f64; 2]) -> bool {
        self.boundary_m.contains(&Point::new(xy_m[0], xy_m[1]))
    }

    /// Distance in metres from a local point to the county's outline.
    pub fn edge_distance_m(&self, xy_m: [f64; 2]) -> f64 {
        Euclidean.distance(&Point::new(xy_m[0], xy_m[1]), self.boundary_m.exterior())
    }

    /// Inside the county and at least `margin_m` from its outline.
    pub fn well_inside(&self, xy_m: [f64; 2], margin_m: f64) -> bool {
        self.inside(xy_m) && self.edge_distance_m(xy_m) >= margin_m
    }
}

/// A coarse grid over the county that answers "inside?" without a point-in-polygon test for the
/// points in cells lying wholly inside; only cells the outline crosses need the exact test.
/// Needed when a million homes are placed.
#[derive(Debug, Clone)]
pub struct InsideGrid {
    origin_m: [f64; 2],
    cell_m: f64,
    cols: usize,
    rows: usize,
    /// Per cell: true when the whole cell lies inside the county.
    inside: Vec<bool>,
}

impl InsideGrid {
    /// Build the grid with square cells of `cell_m` metres.
    pub fn new(region: &Region, cell_m: f64) -> InsideGrid {
        use geo::BoundingRect;
        let r = region
            .boundary_m
            .bounding_rect()
            .expect("non-empty boundary");
        let origin_m = [r.min().x, r.min().y];
        let cols = (r.width() / cell_m).ceil() as usize + 1;
        let rows = (r.height() / cell_m).ceil() as usize + 1;
        let half_diagonal = cell_m * 0.7072;
        let mut inside = Vec::with_capacity(cols * rows);
        for j in 0..rows {
            for i in 0..cols {
                let c = [
                    origin_m[0] + (i as f64 + 0.5) * cell_m,
                    origin_m[1] + (j as f64 + 0.5) * cell_m,
                ];
                inside.push(region.inside(c) && region.edge_distance_m(c) > half_diagonal);
            }
        }
        InsideGrid {
            origin_m,
            cell_m,
            cols,
            rows,
            inside,
        }
    }

    /// Whether a local point lies inside the county (exact; fast for most points).
    pub fn contains(&self, region: &Region, xy_m: [f64; 2]) -> bool {
        let i = ((xy_m[0] - self.origin_m[0]) / self.cell_m).floor();
        let j = ((xy_m[1] - self.origin_m[1]) / self.cell_m).floor();
        if i < 0.0 || j < 0.0 || i as usize >= self.cols || j as usize >= self.rows {
            return false;
        }
        self.inside[j as usize * self.cols + i as usize] || region.inside(xy_m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_names_are_read() {
        let r = Region::linxi();
        assert_eq!(r.townships.len(), 11);
        assert_eq!(r.villages.len(), 118);
        assert!(r.villages.iter().any(|v| v.name == "常胜村"));
        assert!(r.villages.iter().any(|v| v.name == "春蕾社区"));
        assert!(r.villages.iter().any(|v| v.name == "矿区社区"));
        assert!(r.villages.iter().all(|v| !v.name.contains("委会")));
    }

    #[test]
    fn anchors_lie_inside_and_frame_round_trips() {
        let r = Region::linxi();
        for t in &r.townships {
            assert!(r.well_inside(t.anchor_m, 1_000.0), "{} outside", t.name);
        }
        let p = [117.9, 43.9];
        let q = to_lonlat(to_m(p));
        assert!((p[0] - q[0]).abs() < 1e-9 && (p[1] - q[1]).abs() < 1e-9);
        // The boundary is about 3,763 km² (geodesic); the local frame should agree within 1 %.
        use geo::Area;
        let km2 = r.boundary_m.unsigned_area() / 1e6;
        assert!((km2 - 3763.0).abs() < 38.0, "area {km2}");
    }

    #[test]
    fn grid_agrees_with_exact_test() {
        let r = Region::linxi();
        let g = InsideGrid::new(&r, 1_000.0);
        let mut rng = crate::sample::rng::Rng::new(4);
        for _ in 0..3_000 {
            let p = [
                rng.range(-40_000.0, 45_000.0),
                rng.range(-45_000.0, 75_000.0),
            ];
            assert_eq!(g.contains(&r, p), r.inside(p), "{p:?}");
        }
    }
}
