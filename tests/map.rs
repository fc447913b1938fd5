//! Maps: size, zone colours at known pixels, Chinese glyphs (not boxes), valid SVG, same bytes twice.

use ab_glyph::{Font, PxScale, ScaleFont};
use catchment::map::scene::{Anchor, Colour, Item, Scene};
use catchment::map::{
    colouring, font, palette, raster, render_forecast, render_map, AreaShape, ForecastChart,
    ForecastSeries, Format, Frame, Lang, MapKind, MapLayers, MapOptions, NewSiteMark, SchoolMark,
    ZoneShape,
};
use catchment::model::Level;
use geo::{polygon, MultiPolygon};

const CELL_M: f64 = 5000.0;
const N: usize = 4;

fn square(x: f64, y: f64, w: f64, h: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![
        polygon![(x: x, y: y), (x: x + w, y: y), (x: x + w, y: y + h), (x: x, y: y + h)],
    ])
}

/// A 20 km square county cut into a 4×4 grid of zones, one school per zone, two townships, two new
/// sites and a few thousand deterministic pseudo-random homes.
fn synthetic() -> MapLayers {
    let names = [
        "第一小学",
        "第二小学",
        "实验小学",
        "新城子镇中心校",
        "大井镇小学",
        "林西县第一中学",
    ];
    let levels = [
        Level::Primary,
        Level::Junior,
        Level::Kindergarten,
        Level::NineYear,
    ];
    let mut layers = MapLayers {
        boundary_m: Some(square(0.0, 0.0, CELL_M * N as f64, CELL_M * N as f64)),
        townships: vec![
            AreaShape {
                name: "新城子镇".into(),
                polygon_m: square(0.0, 0.0, CELL_M * 2.0, CELL_M * N as f64),
            },
            AreaShape {
                name: "大井镇".into(),
                polygon_m: square(CELL_M * 2.0, 0.0, CELL_M * 2.0, CELL_M * N as f64),
            },
        ],
        ..Default::default()
    };
    for i in 0..N * N {
        let (cx, cy) = ((i % N) as f64 * CELL_M, (i / N) as f64 * CELL_M);
        layers.zones.push(ZoneShape {
            school_id: format!("s{i}"),
            name: format!("学区{i}"),
            polygon_m: square(cx, cy, CELL_M, CELL_M),
        });
        layers.schools.push(SchoolMark {
            id: format!("s{i}"),
            name: format!("{}{}", names[i % names.len()], i),
            level: levels[i % levels.len()],
            xy_m: [cx + CELL_M / 2.0, cy + CELL_M / 2.0],
            enrollment: 200 + 150 * i as u32,
            utilisation: Some(0.7 + 0.05 * i as f64),
            over_cap: i == 15,
        });
    }
    layers.new_sites = vec![NewSiteMark {
        name: "新建小学".into(),
        level: Level::Primary,
        xy_m: [7500.0, 12500.0],
        students: 1350,
        classes: Some(30),
    }];
    let mut seed: u64 = 42;
    for _ in 0..4000 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let a = (seed >> 11) as f64 / (1u64 << 53) as f64;
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let b = (seed >> 11) as f64 / (1u64 << 53) as f64;
        // Clustered near the centre: product of uniforms pulls towards one corner of each axis.
        layers
            .density_points_m
            .push([20000.0 * (a * a * 0.5 + 0.25), 20000.0 * (b * 0.5 + 0.25)]);
    }
    layers
}

fn frame(w: u32, h: u32, lang: Lang) -> Frame {
    Frame {
        title: "林西县小学学区图".into(),
        year: Some(2024),
        lang,
        width_px: w,
        height_px: h,
        source_note: Some("合成测试数据".into()),
    }
}

fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let dec = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = dec.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("png frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

#[test]
fn png_has_the_requested_size_for_every_kind() {
    let layers = synthetic();
    for (kind, w, h) in [
        (MapKind::Zones, 800, 600),
        (MapKind::Utilisation, 640, 900),
        (MapKind::Sites, 700, 700),
        (MapKind::Density, 500, 400),
    ] {
        let png = render_map(
            kind,
            &layers,
            &frame(w, h, Lang::Zh),
            &MapOptions::default(),
            Format::Png,
        )
        .unwrap();
        let (pw, ph, _) = decode(&png);
        assert_eq!((pw, ph), (w, h), "{kind:?}");
    }
}

#[test]
fn zone_colours_appear_inside_their_zones_and_neighbours_differ() {
    let layers = synthetic();
    let fr = frame(1000, 1000, Lang::Zh);
    let opts = MapOptions::default();
    let png = render_map(MapKind::Zones, &layers, &fr, &opts, Format::Png).unwrap();
    let (w, _, rgb) = decode(&png);
    let polys: Vec<_> = layers.zones.iter().map(|z| z.polygon_m.clone()).collect();
    let classes = colouring::colour_zones(&polys, opts.adjacency_tol_m, palette::ZONES.len());
    let view =
        catchment::map::map_view(MapKind::Zones, &layers, &fr, &MapOptions::default()).unwrap();
    let mut checked = 0;
    for (i, z) in layers.zones.iter().enumerate() {
        let (cx, cy) = ((i % N) as f64 * CELL_M, (i / N) as f64 * CELL_M);
        let want = palette::zone(classes[i]);
        let mut seen = 0;
        // A 4x4 grid of points inside the zone, away from its edges.
        for (fx, fy) in (0..16).map(|k| {
            (
                0.15 + 0.7 * (k % 4) as f64 / 3.0,
                0.15 + 0.7 * (k / 4) as f64 / 3.0,
            )
        }) {
            let p = view.px([cx + CELL_M * fx, cy + CELL_M * fy]);
            let k = (p[1].round() as usize * w as usize + p[0].round() as usize) * 3;
            let got = Colour::hex(
                ((rgb[k] as u32) << 16) | ((rgb[k + 1] as u32) << 8) | rgb[k + 2] as u32,
            );
            if got == want {
                seen += 1;
            } else {
                // Where it is not the zone's colour (a label or symbol), it is no other zone colour.
                assert!(
                    !palette::ZONES.contains(&got),
                    "zone {} shows {got:?} at {p:?}",
                    z.name
                );
            }
        }
        assert!(
            seen >= 8,
            "zone {}: its colour at only {seen} of 16 points",
            z.name
        );
        checked += 1;
        // Grid neighbours (right and above) have another colour.
        if i % N + 1 < N {
            assert_ne!(classes[i], classes[i + 1]);
        }
        if i + N < N * N {
            assert_ne!(classes[i], classes[i + N]);
        }
    }
    assert_eq!(checked, 16);
    assert!(
        classes
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            >= 2
    );
}

const CANVAS: (usize, usize) = (300, 80);

/// Darkness (0..1) of each pixel of `text` drawn in black at (10, 10), top-left anchored.
fn rendered(text: &str, size_px: f64) -> Vec<f64> {
    let mut s = Scene::new(CANVAS.0 as u32, CANVAS.1 as u32);
    s.push(Item::Text {
        text: text.into(),
        at: [10.0, 10.0],
        anchor: Anchor::TopLeft,
        size_px,
        colour: Colour::BLACK,
        halo: None,
    });
    let rgb = raster::paint_rgb(&s).unwrap();
    rgb.chunks(3)
        .map(|p| 1.0 - (p[0] as f64 + p[1] as f64 + p[2] as f64) / 765.0)
        .collect()
}

/// The font's own glyph coverage of `text` at the same place, straight from the outlines.
fn coverage(text: &str, size_px: f64) -> Vec<f64> {
    let f = font::font();
    let scaled = f.as_scaled(PxScale::from(size_px as f32));
    let baseline = 10.0 + scaled.ascent();
    let mut out = vec![0.0; CANVAS.0 * CANVAS.1];
    let mut pen = 10.0f32;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        let g = id.with_scale_and_position(scaled.scale(), ab_glyph::point(pen, baseline));
        pen += scaled.h_advance(id);
        if let Some(o) = f.outline_glyph(g) {
            let b = o.px_bounds();
            o.draw(|x, y, v| {
                let (px, py) = (b.min.x as usize + x as usize, b.min.y as usize + y as usize);
                out[py * CANVAS.0 + px] += v.min(1.0) as f64;
            });
        }
    }
    out
}

/// Sum of |a - b| relative to the ink of `b`.
fn mismatch(a: &[f64], b: &[f64]) -> f64 {
    let diff: f64 = a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum();
    diff / b.iter().sum::<f64>()
}

#[test]
fn chinese_labels_render_as_glyphs_not_boxes() {
    let label = "林西县";
    for c in label.chars() {
        assert_ne!(font::font().glyph_id(c).0, 0, "{c} has no glyph");
    }
    let size = 40.0;
    let drawn = rendered(label, size);
    let glyphs = coverage(label, size);
    let ink: f64 = drawn.iter().sum();
    assert!(ink > 100.0, "ink {ink}");
    // The picture matches the font's glyphs for these characters, pixel by pixel.
    let m = mismatch(&drawn, &glyphs);
    assert!(m < 0.1, "label vs glyph coverage mismatch {m}");
    // Characters outside the font draw .notdef boxes: a very different picture.
    let tofu = "\u{4DB5}\u{4DB6}\u{4DB7}";
    assert_eq!(font::missing_chars(tofu).len(), 3);
    let boxes = rendered(tofu, size);
    assert!(boxes.iter().sum::<f64>() > 100.0);
    let m_box = mismatch(&boxes, &glyphs);
    assert!(m_box > 0.8, "boxes vs label glyphs mismatch only {m_box}");
    // And other characters give another picture.
    assert!(mismatch(&rendered("大井镇", size), &glyphs) > 0.8);
}

#[test]
fn the_font_also_works_through_plotters_ab_glyph() {
    use plotters::prelude::*;
    font::register_with_plotters();
    let mut buf = vec![255u8; 200 * 60 * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (200, 60)).into_drawing_area();
        let style = (font::FAMILY, 30.0).into_font().color(&BLACK);
        root.draw_text("林西县", &style, (5, 5)).unwrap();
        root.present().unwrap();
    }
    let dark = buf.chunks(3).filter(|p| p[0] < 128).count();
    assert!(dark > 100, "{dark} dark pixels");
}

#[test]
fn map_labels_are_drawn_in_the_png() {
    // The same map with and without labels differs: labels put ink on the page.
    let layers = synthetic();
    let fr = frame(900, 900, Lang::Zh);
    let scene =
        catchment::map::map_scene(MapKind::Zones, &layers, &fr, &MapOptions::default()).unwrap();
    let texts: Vec<&str> = scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(texts.contains(&"林西县小学学区图"));
    assert!(texts.iter().any(|t| t.contains("第一小学")), "{texts:?}");
    assert!(texts.contains(&"北") && texts.iter().any(|t| t.contains("公里")));
    assert!(
        texts.iter().any(|t| t.contains("2024")),
        "data year in the footer"
    );
    let mut bare = scene.clone();
    bare.items.retain(|i| !matches!(i, Item::Text { .. }));
    assert_ne!(
        raster::paint_rgb(&scene).unwrap(),
        raster::paint_rgb(&bare).unwrap()
    );
}

fn svg_text_elements(svg: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut texts = Vec::new();
    let mut current: Option<String> = None;
    let mut root = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().0 == "text" => current = Some(String::new()),
            Event::Start(e) | Event::Empty(e) if root.is_none() => {
                root = Some(e.name().0.to_string())
            }
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = current.as_mut() {
                    let name: &str = &r.into_inner();
                    c.push_str(match name {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => other,
                    });
                }
            }
            Event::End(e) if e.name().0 == "text" => texts.extend(current.take()),
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(root.as_deref(), Some("svg"));
    texts
}

#[test]
fn svg_is_valid_xml_with_text_elements() {
    let layers = synthetic();
    for kind in [
        MapKind::Zones,
        MapKind::Utilisation,
        MapKind::Sites,
        MapKind::Density,
    ] {
        let svg = render_map(
            kind,
            &layers,
            &frame(800, 800, Lang::Zh),
            &MapOptions::default(),
            Format::Svg,
        )
        .unwrap();
        let svg = String::from_utf8(svg).unwrap();
        let texts = svg_text_elements(&svg);
        assert!(
            texts.iter().any(|t| t == "林西县小学学区图"),
            "{kind:?}: {texts:?}"
        );
        assert!(svg.contains(r#"width="800" height="800""#));
    }
    let en = render_map(
        MapKind::Sites,
        &layers,
        &frame(800, 800, Lang::En),
        &MapOptions::default(),
        Format::Svg,
    )
    .unwrap();
    let texts = svg_text_elements(std::str::from_utf8(&en).unwrap());
    assert!(
        texts
            .iter()
            .any(|t| t.contains("1350 students, 30 classes")),
        "{texts:?}"
    );
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    let layers = synthetic();
    let fr = frame(700, 500, Lang::Zh);
    for format in [Format::Png, Format::Svg] {
        for kind in [MapKind::Zones, MapKind::Density] {
            let a = render_map(kind, &layers, &fr, &MapOptions::default(), format).unwrap();
            let b = render_map(kind, &layers, &fr, &MapOptions::default(), format).unwrap();
            assert!(a == b, "{kind:?} {format:?}");
        }
        let c = chart();
        assert_eq!(
            render_forecast(&c, &fr, format).unwrap(),
            render_forecast(&c, &fr, format).unwrap()
        );
    }
}

#[test]
fn density_never_shows_small_hexagons_and_says_so() {
    let mut layers = synthetic();
    // One lone home far from the others: its hexagon has 1 student and must not be drawn.
    layers.density_points_m.push([19900.0, 19900.0]);
    let fr = frame(800, 800, Lang::Zh);
    let scene =
        catchment::map::map_scene(MapKind::Density, &layers, &fr, &MapOptions::default()).unwrap();
    let view =
        catchment::map::map_view(MapKind::Zones, &layers, &fr, &MapOptions::default()).unwrap();
    let lone = view.px([19900.0, 19900.0]);
    for item in &scene.items {
        if let Item::Polygon {
            rings,
            fill: Some(f),
            ..
        } = item
        {
            if palette::DENSITY.contains(f) && rings[0].len() == 6 {
                let c = rings[0]
                    .iter()
                    .fold([0.0, 0.0], |a, p| [a[0] + p[0] / 6.0, a[1] + p[1] / 6.0]);
                assert!(
                    (c[0] - lone[0]).hypot(c[1] - lone[1]) > 5.0,
                    "a 1-student hexagon was drawn"
                );
            }
        }
    }
    let notes: Vec<&str> = scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { text, .. } if text.contains("隐私") => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(!notes.is_empty(), "privacy note in the legend");
}

fn chart() -> ForecastChart {
    let years: Vec<i32> = (2019..=2035).collect();
    let mid: Vec<f64> = years
        .iter()
        .map(|y| 9000.0 - 150.0 * (*y - 2019) as f64)
        .collect();
    ForecastChart {
        subject: "林西县".into(),
        students: ForecastSeries {
            years: years.clone(),
            low: mid
                .iter()
                .enumerate()
                .map(|(i, v)| v - 40.0 * i as f64)
                .collect(),
            high: mid
                .iter()
                .enumerate()
                .map(|(i, v)| v + 40.0 * i as f64)
                .collect(),
            capacity: years
                .iter()
                .map(|y| if *y < 2027 { 8500.0 } else { 9400.0 })
                .collect(),
            mid: mid.clone(),
            first_forecast_year: Some(2025),
        },
        classes: ForecastSeries {
            years: years.clone(),
            mid: mid.iter().map(|v| (v / 45.0).ceil()).collect(),
            low: Vec::new(),
            high: Vec::new(),
            capacity: vec![200.0; years.len()],
            first_forecast_year: Some(2025),
        },
    }
}

#[test]
fn forecast_chart_has_size_and_labels() {
    let c = chart();
    let png = render_forecast(&c, &frame(1200, 900, Lang::Zh), Format::Png).unwrap();
    assert_eq!(decode(&png).0, 1200);
    let svg = render_forecast(&c, &frame(1200, 900, Lang::En), Format::Svg).unwrap();
    let texts = svg_text_elements(std::str::from_utf8(&svg).unwrap());
    assert!(
        texts.iter().any(|t| t == "2035") && texts.iter().any(|t| t.contains("Capacity")),
        "{texts:?}"
    );
    let mut bad = c.clone();
    bad.students.mid.pop();
    assert!(render_forecast(&bad, &frame(800, 600, Lang::Zh), Format::Png).is_err());
}

#[test]
fn errors_name_what_is_missing() {
    let e = render_map(
        MapKind::Zones,
        &MapLayers::default(),
        &frame(800, 800, Lang::Zh),
        &MapOptions::default(),
        Format::Png,
    )
    .unwrap_err();
    assert!(e.to_string().contains("zones"), "{e}");
    let e = render_map(
        MapKind::Zones,
        &synthetic(),
        &frame(50, 800, Lang::Zh),
        &MapOptions::default(),
        Format::Png,
    )
    .unwrap_err();
    assert!(e.to_string().contains("50x800"), "{e}");
}

/// Writes the maps to `$CATCHMENT_MAP_DUMP` when set, for looking at them; asserts they are PNGs.
#[test]
fn dump_for_inspection() {
    let Some(dir) = std::env::var_os("CATCHMENT_MAP_DUMP") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let layers = synthetic();
    for (kind, name) in [
        (MapKind::Zones, "zones"),
        (MapKind::Utilisation, "utilisation"),
        (MapKind::Sites, "sites"),
        (MapKind::Density, "density"),
    ] {
        for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
            let png = render_map(
                kind,
                &layers,
                &frame(1000, 1000, lang),
                &MapOptions::default(),
                Format::Png,
            )
            .unwrap();
            assert_eq!(&png[1..4], b"PNG");
            std::fs::write(dir.join(format!("{name}-{l}.png")), &png).unwrap();
        }
    }
    let png = render_forecast(&chart(), &frame(1200, 900, Lang::Zh), Format::Png).unwrap();
    std::fs::write(dir.join("forecast.png"), png).unwrap();
    let svg = render_map(
        MapKind::Zones,
        &layers,
        &frame(1000, 1000, Lang::Zh),
        &MapOptions::default(),
        Format::Svg,
    )
    .unwrap();
    std::fs::write(dir.join("zones.svg"), svg).unwrap();
}

fn run_cli(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_catchment"))
        .args(args)
        .output()
        .expect("run catchment");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn cli_rejects_bad_arguments_with_a_hint() {
    for (args, needle) in [
        (vec!["map", "--kind", "pie"], "not a map kind"),
        (vec!["map", "--kind", "zones", "--size", "20x20"], "--size"),
        (
            vec!["map", "--kind", "zones", "--format", "gif"],
            "png or svg",
        ),
        (vec!["map", "--kind", "zones", "--lang", "fr"], "zh or en"),
        (
            vec!["map", "--kind", "zones", "--level", "college"],
            "school level",
        ),
    ] {
        let (code, err) = run_cli(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(
            err.contains("error:") && err.contains(needle) && err.contains("hint:"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn cli_draws_the_builtin_sample() {
    let dir = tempfile::tempdir().unwrap();
    let png_path = dir.path().join("density.png");
    let (code, err) = run_cli(&[
        "map",
        "--kind",
        "density",
        "--size",
        "900x700",
        "--out",
        png_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (w, h, _) = decode(&std::fs::read(&png_path).unwrap());
    assert_eq!((w, h), (900, 700));
    let svg_path = dir.path().join("zones.svg");
    let (code, err) = run_cli(&[
        "map",
        "--kind",
        "zones",
        "--format",
        "svg",
        "--lang",
        "en",
        "--size",
        "900x900",
        "--out",
        svg_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let texts = svg_text_elements(&std::fs::read_to_string(&svg_path).unwrap());
    assert!(
        texts.iter().any(|t| t.contains("attendance zones")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("Legend")));
    let chart = dir.path().join("forecast.svg");
    let (code, err) = run_cli(&[
        "map",
        "--kind",
        "forecast",
        "--format",
        "svg",
        "--size",
        "1000x800",
        "--out",
        chart.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let texts = svg_text_elements(&std::fs::read_to_string(&chart).unwrap());
    assert!(texts.iter().any(|t| t.contains("班级数")), "{texts:?}");
}

/// `map --kind sites` runs the siting engine, with and without a project folder; "no new school is
/// needed" (primary on the sample) is drawn as the existing schools with the answer in the footer,
/// and the kindergarten plan's new sites get the star legend.
#[test]
fn cli_sites_map_with_and_without_a_project_folder() {
    let dir = tempfile::tempdir().unwrap();
    let linxi = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/linxi");
    for (folder, level, needle) in [
        (None, "primary", "no new school is needed"),
        (Some(linxi), "primary", "no new school is needed"),
        (None, "kindergarten", "Proposed new school (size)"),
    ] {
        let out = dir.path().join(format!("{level}-{}.svg", folder.is_some()));
        let mut args = vec!["map"];
        args.extend(folder);
        args.extend(["--kind", "sites", "--level", level, "--format", "svg"]);
        args.extend(["--lang", "en", "--size", "800x800", "--out"]);
        args.push(out.to_str().unwrap());
        let (code, err) = run_cli(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let texts = svg_text_elements(&std::fs::read_to_string(&out).unwrap());
        assert!(
            texts.iter().any(|t| t.contains(needle)),
            "{level}: {texts:?}"
        );
    }
}
