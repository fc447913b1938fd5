//! The CRS a project's coordinates are given in, as `catchment.toml` names it.
//!
//! Why in `crs`: converting input coordinates is this module's job; the settings only name the
//! choice, so `crs` needs nothing from `standards` and the arrow runs one way.

use serde::{Deserialize, Serialize};

/// The CRS the project's coordinates are given in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum InputCrs {
    /// WGS84 or CGCS2000 longitude/latitude in degrees (they agree to well under a metre).
    #[default]
    Wgs84,
    /// GCJ-02 ("Mars coordinates") as picked from Gaode/Tencent web maps.
    Gcj02,
    /// Any EPSG code proj4rs knows, e.g. 4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E).
    Epsg(u16),
}

impl InputCrs {
    /// Parse `wgs84`, `cgcs2000`, `gcj02`, `EPSG:4547` or `4547`.
    pub fn parse(s: &str) -> Option<InputCrs> {
        let t = s.trim().to_lowercase();
        match t.as_str() {
            "wgs84" | "wgs-84" | "cgcs2000" | "epsg:4326" | "epsg:4490" | "4326" | "4490" => {
                Some(InputCrs::Wgs84)
            }
            "gcj02" | "gcj-02" | "gcj" | "amap" | "gaode" | "tencent" => Some(InputCrs::Gcj02),
            _ => t
                .trim_start_matches("epsg:")
                .parse()
                .ok()
                .map(InputCrs::Epsg),
        }
    }
}
