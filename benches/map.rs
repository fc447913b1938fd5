//! A Linxi-sized zones map at 2000×2000 px: the real county boundary (`gis/linxi/boundary.geojson`,
//! else `../shared/data/linxi/boundary.geojson`), 25 nearest-school zones, 25 schools, 20,000
//! student homes for density. Target: under 1 s per map.

use catchment::crs::PlanarCrs;
use catchment::map::nearest_zones::nearest_zones;
use catchment::map::{
    map_scene, raster, render_map, Format, Frame, MapKind, MapLayers, MapOptions, SchoolMark,
    ZoneShape,
};
use catchment::model::Level;
use criterion::{criterion_group, criterion_main, Criterion};
use geo::{Contains, Coord, LineString, MultiPolygon, Point, Polygon};
use std::path::{Path, PathBuf};

fn boundary_path() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let own = root.join("gis/linxi/boundary.geojson");
    if own.exists() {
        return Some(own);
    }
    root.ancestors()
        .map(|a| a.join("shared/data/linxi/boundary.geojson"))
        .find(|p| p.exists())
}

/// The boundary in planar metres, read from GeoJSON (WGS84) and projected.
fn boundary_m() -> MultiPolygon<f64> {
    let path = boundary_path().expect("Linxi boundary GeoJSON (gis/linxi or ../shared/data/linxi)");
    let gj: geojson::GeoJson = std::fs::read_to_string(&path).unwrap().parse().unwrap();
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        panic!("{}: not a FeatureCollection", path.display())
    };
    let mut rings_ll: Vec<Vec<Vec<[f64; 2]>>> = Vec::new();
    for f in fc.features {
        match f.geometry.map(|g| g.value) {
            Some(geojson::GeometryValue::Polygon { coordinates }) => {
                rings_ll.push(to_rings(&coordinates))
            }
            Some(geojson::GeometryValue::MultiPolygon { coordinates }) => {
                rings_ll.extend(coordinates.iter().map(to_rings))
            }
            _ => {}
        }
    }
    let all: Vec<[f64; 2]> = rings_ll.iter().flatten().flatten().copied().collect();
    let crs = PlanarCrs::choose(&all);
    let ring = |r: &Vec<[f64; 2]>| {
        LineString(
            r.iter()
                .map(|p| {
                    let xy = crs.project(*p).unwrap();
                    Coord { x: xy[0], y: xy[1] }
                })
                .collect(),
        )
    };
    MultiPolygon(
        rings_ll
            .iter()
            .map(|p| Polygon::new(ring(&p[0]), p[1..].iter().map(ring).collect()))
            .collect(),
    )
}

fn to_rings(p: &geojson::PolygonType) -> Vec<Vec<[f64; 2]>> {
    p.iter()
        .map(|r| {
            r.iter()
                .map(|c| [c.as_slice()[0], c.as_slice()[1]])
                .collect()
        })
        .collect()
}

/// Deterministic pseudo-random points inside the boundary.
fn points_inside(b: &MultiPolygon<f64>, n: usize, seed: u64) -> Vec<[f64; 2]> {
    use geo::BoundingRect;
    let bb = b.bounding_rect().unwrap();
    let mut s = seed;
    let mut next = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let p = [
            bb.min().x + next() * bb.width(),
            bb.min().y + next() * bb.height(),
        ];
        if b.contains(&Point::new(p[0], p[1])) {
            out.push(p);
        }
    }
    out
}

fn linxi_layers() -> MapLayers {
    let boundary = boundary_m();
    let seeds = points_inside(&boundary, 25, 7);
    let zones = nearest_zones(&boundary, &seeds);
    // Homes cluster around schools: each home near a random school.
    let mut homes = Vec::with_capacity(20_000);
    let raw = points_inside(&boundary, 20_000, 11);
    for (i, p) in raw.iter().enumerate() {
        let s = seeds[i % seeds.len()];
        let t = (i % 7) as f64 / 8.0;
        homes.push([
            s[0] + (p[0] - s[0]) * t * 0.3,
            s[1] + (p[1] - s[1]) * t * 0.3,
        ]);
    }
    MapLayers {
        zones: zones
            .into_iter()
            .enumerate()
            .map(|(i, z)| ZoneShape {
                school_id: format!("s{i}"),
                name: format!("第{}小学学区", i + 1),
                polygon_m: z,
            })
            .collect(),
        schools: seeds
            .iter()
            .enumerate()
            .map(|(i, s)| SchoolMark {
                id: format!("s{i}"),
                name: format!("林西县第{}小学", i + 1),
                level: Level::Primary,
                xy_m: *s,
                enrollment: 300 + 97 * i as u32,
                utilisation: Some(0.6 + 0.03 * i as f64),
                over_cap: i % 9 == 0,
            })
            .collect(),
        boundary_m: Some(boundary),
        density_points_m: homes,
        ..Default::default()
    }
}

fn bench(c: &mut Criterion) {
    let layers = linxi_layers();
    let frame = Frame {
        title: "林西县小学学区图".into(),
        year: Some(2024),
        ..Frame::new("", 2000, 2000)
    };
    let opts = MapOptions::default();
    let mut g = c.benchmark_group("map");
    g.sample_size(10);
    g.bench_function("linxi_zones_png_2000px", |b| {
        b.iter(|| render_map(MapKind::Zones, &layers, &frame, &opts, Format::Png).unwrap())
    });
    g.bench_function("linxi_density_png_2000px", |b| {
        b.iter(|| render_map(MapKind::Density, &layers, &frame, &opts, Format::Png).unwrap())
    });
    g.bench_function("linxi_zones_svg_2000px", |b| {
        b.iter(|| render_map(MapKind::Zones, &layers, &frame, &opts, Format::Svg).unwrap())
    });
    let scene = map_scene(MapKind::Zones, &layers, &frame, &opts).unwrap();
    g.bench_function("linxi_zones_paint_only_2000px", |b| {
        b.iter(|| raster::paint_rgb(&scene).unwrap())
    });
    g.finish();
    if let Some(dir) = std::env::var_os("CATCHMENT_MAP_DUMP") {
        for (k, name) in [
            (MapKind::Zones, "linxi-zones.png"),
            (MapKind::Density, "linxi-density.png"),
        ] {
            let png = render_map(k, &layers, &frame, &opts, Format::Png).unwrap();
            std::fs::write(Path::new(&dir).join(name), png).unwrap();
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
