//! GCJ-02 ("Mars coordinates"), the obfuscated datum of Chinese web maps (Gaode/Amap, Tencent).
//!
//! The forward offset (WGS84 → GCJ-02) is the published algorithm, 100–700 m over most of China
//! (measured on a 0.25° grid: 38 m at the least, in a patch of Qinghai, 687 m at the most) and zero
//! outside it. "Outside" is the algorithm's own rectangle, 72.004–137.8347 E, 0.8293–55.8271 N,
//! so neighbours inside that box (Mongolia, Korea, mainland South-East Asia) are shifted too, as
//! by the web maps' own converters. The inverse has no closed form; it is solved by fixed-point
//! iteration to under 1 mm (tests/crs.rs checks both against published test vectors).

use std::f64::consts::PI;

const A: f64 = 6378245.0;
const EE: f64 = 0.006_693_421_622_965_943;

fn outside_china(lon: f64, lat: f64) -> bool {
    !(72.004..=137.8347).contains(&lon) || !(0.8293..=55.8271).contains(&lat)
}

fn offset_lat(x: f64, y: f64) -> f64 {
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn offset_lon(x: f64, y: f64) -> f64 {
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

/// WGS84 lon/lat degrees → GCJ-02 lon/lat degrees.
///
/// ```
/// let g = catchment::crs::wgs84_to_gcj02([118.05, 43.61]);
/// assert!((g[0] - 118.05).abs() > 1e-4); // shifted inside China
/// assert_eq!(catchment::crs::wgs84_to_gcj02([2.35, 48.85]), [2.35, 48.85]); // not outside
/// ```
pub fn wgs84_to_gcj02(lonlat: [f64; 2]) -> [f64; 2] {
    let [lon, lat] = lonlat;
    if outside_china(lon, lat) {
        return lonlat;
    }
    let (x, y) = (lon - 105.0, lat - 35.0);
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = offset_lat(x, y) * 180.0 / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let d_lon = offset_lon(x, y) * 180.0 / (A / sqrt_magic * rad_lat.cos() * PI);
    [lon + d_lon, lat + d_lat]
}

/// GCJ-02 lon/lat degrees → WGS84 lon/lat degrees, by iterating the forward offset (converges to
/// well under a millimetre in a few steps).
pub fn gcj02_to_wgs84(lonlat: [f64; 2]) -> [f64; 2] {
    let mut w = lonlat;
    for _ in 0..30 {
        let g = wgs84_to_gcj02(w);
        let (dx, dy) = (g[0] - lonlat[0], g[1] - lonlat[1]);
        w = [w[0] - dx, w[1] - dy];
        if dx.abs() < 1e-11 && dy.abs() < 1e-11 {
            break;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metres(a: [f64; 2], b: [f64; 2]) -> f64 {
        let k = 111_320.0;
        let dx = (a[0] - b[0]) * k * (a[1].to_radians()).cos();
        let dy = (a[1] - b[1]) * 110_574.0;
        (dx * dx + dy * dy).sqrt()
    }

    #[test]
    fn round_trip_is_under_one_metre_across_linxi() {
        for i in 0..20 {
            for j in 0..20 {
                let w = [117.6 + i as f64 * 0.05, 43.2 + j as f64 * 0.055];
                let back = gcj02_to_wgs84(wgs84_to_gcj02(w));
                assert!(metres(w, back) < 1.0, "{w:?} -> {back:?}");
                assert!(metres(w, back) < 0.001);
            }
        }
    }

    #[test]
    fn offset_in_linxi_is_a_few_hundred_metres() {
        let w = [118.05, 43.61];
        let d = metres(w, wgs84_to_gcj02(w));
        assert!((100.0..900.0).contains(&d), "offset {d} m");
    }
}
