//! CRS checks against references: PROJ (via pyproj, `tests/data/crs/pyproj_points.csv`, made by
//! `make_pyproj_points.py`), published GCJ-02 test vectors, and round trips over China.

use catchment::crs::{gcj02_to_wgs84, to_wgs84, wgs84_to_gcj02, PlanarCrs};
use catchment::standards::InputCrs;

/// proj4rs agrees with PROJ 9.5.1 to this, in metres, on every point of the table (the largest
/// difference measured is printed by the test; see the report in the commit).
const PROJ_TOLERANCE_M: f64 = 1e-6;

struct RefPoint {
    epsg: u16,
    lonlat: [f64; 2],
    xy_m: [f64; 2],
}

fn reference_points() -> Vec<RefPoint> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/crs/pyproj_points.csv"
    );
    let text = std::fs::read_to_string(path).expect("reference table");
    let rows: Vec<RefPoint> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("epsg"))
        .map(|l| {
            let f: Vec<f64> = l.split(',').map(|v| v.parse().unwrap()).collect();
            RefPoint {
                epsg: f[0] as u16,
                lonlat: [f[1], f[2]],
                xy_m: [f[3], f[4]],
            }
        })
        .collect();
    assert!(rows.len() > 500, "table has {} rows", rows.len());
    rows
}

/// Distance in metres between two nearby lon/lat points (local flat approximation, fine below 1 km).
fn ground_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    let lat = a[1].to_radians();
    let dx = (a[0] - b[0]).to_radians() * 6_378_137.0 * lat.cos();
    let dy = (a[1] - b[1]).to_radians() * 6_356_752.0;
    dx.hypot(dy)
}

fn planar_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

#[test]
fn proj4rs_projects_like_proj() {
    let mut worst = (0.0, 0u16, [0.0; 2]);
    for p in reference_points() {
        let crs = PlanarCrs::from_epsg(p.epsg).unwrap();
        let d = planar_m(crs.project(p.lonlat).unwrap(), p.xy_m);
        if d > worst.0 {
            worst = (d, p.epsg, p.lonlat);
        }
    }
    println!(
        "project: worst difference from PROJ {:.3e} m (EPSG:{} at {:?})",
        worst.0, worst.1, worst.2
    );
    assert!(worst.0 < PROJ_TOLERANCE_M, "{worst:?}");
}

#[test]
fn proj4rs_unprojects_like_proj() {
    let mut worst = (0.0, 0u16, [0.0; 2]);
    for p in reference_points() {
        let crs = PlanarCrs::from_epsg(p.epsg).unwrap();
        let d = ground_m(crs.unproject(p.xy_m).unwrap(), p.lonlat);
        if d > worst.0 {
            worst = (d, p.epsg, p.lonlat);
        }
    }
    println!(
        "unproject: worst difference from PROJ {:.3e} m (EPSG:{} at {:?})",
        worst.0, worst.1, worst.2
    );
    assert!(worst.0 < PROJ_TOLERANCE_M, "{worst:?}");
}

#[test]
fn projected_input_converts_to_wgs84_like_proj() {
    // Gauss-Kruger with and without zone prefix (4513-4554), 6-degree GK and UTM, as input CRS.
    let points = reference_points();
    let mut codes: Vec<u16> = points.iter().map(|p| p.epsg).collect();
    codes.dedup();
    for code in [
        4513, 4527, 4533, 4534, 4547, 4548, 4549, 4554, 4498, 4508, 32650, 32651,
    ] {
        assert!(codes.contains(&code), "EPSG:{code} missing from the table");
    }
    for p in &points {
        let ll = to_wgs84(&InputCrs::Epsg(p.epsg), p.xy_m).unwrap();
        let d = ground_m(ll, p.lonlat);
        assert!(d < PROJ_TOLERANCE_M, "EPSG:{} {:?}: {d} m", p.epsg, p.xy_m);
    }
}

#[test]
fn every_cgcs2000_gauss_kruger_code_is_accepted_as_input() {
    // 4513-4533: 3-degree zones 25-45 with the zone number in front of the easting;
    // 4534-4554: CM 75E-135E without it. Same central meridian, same point.
    for k in 0..21u16 {
        let cm = 75.0 + 3.0 * k as f64;
        let lonlat = [cm + 0.4, 36.0];
        let plain = PlanarCrs::from_epsg(4534 + k)
            .unwrap()
            .project(lonlat)
            .unwrap();
        let zoned = PlanarCrs::from_epsg(4513 + k)
            .unwrap()
            .project(lonlat)
            .unwrap();
        let zone = 25.0 + k as f64;
        assert!(
            (zoned[0] - (plain[0] + zone * 1e6)).abs() < 1e-6,
            "zone {zone}"
        );
        assert!((zoned[1] - plain[1]).abs() < 1e-9);
        for (code, xy) in [(4534 + k, plain), (4513 + k, zoned)] {
            let back = to_wgs84(&InputCrs::Epsg(code), xy).unwrap();
            assert!(ground_m(back, lonlat) < 1e-6, "EPSG:{code}");
        }
    }
}

#[test]
fn geographic_epsg_input_is_lon_lat() {
    for code in [4326, 4490] {
        assert_eq!(
            to_wgs84(&InputCrs::Epsg(code), [118.05, 43.61]).unwrap(),
            [118.05, 43.61]
        );
    }
    assert_eq!(
        to_wgs84(&InputCrs::Wgs84, [118.05, 43.61]).unwrap(),
        [118.05, 43.61]
    );
}

/// WGS84 → GCJ-02 test vectors published with googollee/eviltransform (Shanghai, Shenzhen,
/// Beijing; lon, lat), the reference implementation of the leaked algorithm that most libraries
/// follow. They check our forward formula; they are not survey measurements.
const EVILTRANSFORM_VECTORS: [([f64; 2], [f64; 2]); 3] = [
    (
        [121.5272106, 31.1774276],
        [121.531541859215, 31.17530398364597],
    ),
    (
        [113.912316, 22.543847],
        [113.9171764808363, 22.540796131694766],
    ),
    (
        [116.377817, 39.911954],
        [116.38404722455657, 39.91334545536069],
    ),
];

#[test]
fn gcj02_matches_published_vectors() {
    for (wgs, gcj) in EVILTRANSFORM_VECTORS {
        let got = wgs84_to_gcj02(wgs);
        assert!(
            ground_m(got, gcj) < 0.01,
            "{wgs:?} -> {got:?}, expected {gcj:?}"
        );
        let back = gcj02_to_wgs84(gcj);
        assert!(
            ground_m(back, wgs) < 0.01,
            "{gcj:?} -> {back:?}, expected {wgs:?}"
        );
        let via_input = to_wgs84(&InputCrs::Gcj02, gcj).unwrap();
        assert_eq!(via_input, back);
    }
}

/// A grid over China's GCJ-02 box, every 0.25 degree from 73.5E to 135E, 18N to 53.5N.
fn china_grid() -> impl Iterator<Item = [f64; 2]> {
    (0..=246).flat_map(|i| (0..=142).map(move |j| [73.5 + 0.25 * i as f64, 18.0 + 0.25 * j as f64]))
}

#[test]
fn gcj02_round_trip_is_under_one_metre_over_china() {
    let mut worst = 0.0f64;
    for w in china_grid() {
        let there_and_back = gcj02_to_wgs84(wgs84_to_gcj02(w));
        let back_and_there = wgs84_to_gcj02(gcj02_to_wgs84(w));
        worst = worst
            .max(ground_m(there_and_back, w))
            .max(ground_m(back_and_there, w));
    }
    println!("GCJ-02 round trip: worst {worst:.3e} m");
    assert!(worst < 1.0, "worst round trip {worst} m");
    assert!(
        worst < 1e-3,
        "the inverse should converge far below 1 m: {worst} m"
    );
}

#[test]
fn gcj02_offset_has_the_known_magnitude() {
    // The "100-700 m" usually quoted holds on 99% of the box; the offset dips to ~38 m in a patch
    // of Qinghai around 96.75E 36.75N (measured), and peaks at ~687 m in the far north-east.
    let offsets: Vec<f64> = china_grid()
        .map(|w| ground_m(wgs84_to_gcj02(w), w))
        .collect();
    let lo = offsets.iter().cloned().fold(f64::MAX, f64::min);
    let hi = offsets.iter().cloned().fold(0.0, f64::max);
    let share_100_700 = offsets
        .iter()
        .filter(|d| (100.0..=700.0).contains(*d))
        .count() as f64
        / offsets.len() as f64;
    println!(
        "GCJ-02 offset over the China grid: {lo:.0} m to {hi:.0} m, {:.1}% in 100-700 m",
        share_100_700 * 100.0
    );
    assert!(lo > 30.0 && hi < 700.0, "offset {lo} to {hi} m");
    assert!(share_100_700 > 0.98, "{share_100_700}");
    // Linxi and the big cities.
    for w in [
        [118.05, 43.61],
        [116.39, 39.91],
        [121.47, 31.23],
        [113.26, 23.13],
        [104.07, 30.67],
    ] {
        let d = ground_m(wgs84_to_gcj02(w), w);
        assert!((100.0..=700.0).contains(&d), "{w:?}: {d} m");
    }
    // Outside the published China rectangle (72.004-137.8347E, 0.8293-55.8271N) the
    // transformation is the identity. The rectangle is crude: Seoul, Ulaanbaatar and Bangkok lie
    // inside it and are shifted too, as in every implementation of the algorithm.
    for w in [
        [2.35, 48.85],
        [139.69, 35.69],
        [-74.0, 40.7],
        [151.2, -33.9],
        [37.62, 55.75],
    ] {
        assert_eq!(wgs84_to_gcj02(w), w);
        assert_eq!(gcj02_to_wgs84(w), w);
    }
}

/// With the `proj` feature: system PROJ and proj4rs agree to under 1 cm, both ways, on a 1-degree
/// grid over China in the CGCS2000 3-degree Gauss-Kruger zone of each point and in its UTM zone.
#[cfg(feature = "proj")]
#[test]
fn system_proj_agrees_with_proj4rs_to_a_centimetre() {
    use catchment::crs::SystemProj;
    use std::collections::BTreeMap;
    let mut system: BTreeMap<u16, SystemProj> = BTreeMap::new();
    let mut worst = (0.0f64, 0u16, [0.0; 2]);
    for lon in 74..=134 {
        for lat in 18..=53 {
            let ll = [lon as f64 + 0.3, lat as f64 + 0.6];
            let gk = PlanarCrs::choose(&[ll]);
            let utm =
                PlanarCrs::from_epsg(32600 + ((ll[0] + 180.0) / 6.0).floor() as u16 + 1).unwrap();
            for planar in [gk, utm] {
                let sys = system
                    .entry(planar.epsg)
                    .or_insert_with(|| SystemProj::from_epsg(planar.epsg).unwrap());
                let xy = planar.project(ll).unwrap();
                let d_fwd = planar_m(xy, sys.project(ll).unwrap());
                let d_inv = ground_m(planar.unproject(xy).unwrap(), sys.unproject(xy).unwrap());
                let d = d_fwd.max(d_inv);
                if d > worst.0 {
                    worst = (d, planar.epsg, ll);
                }
            }
        }
    }
    println!(
        "system PROJ vs proj4rs: worst {:.3e} m (EPSG:{} at {:?})",
        worst.0, worst.1, worst.2
    );
    assert!(worst.0 < 0.01, "{worst:?}");
}
