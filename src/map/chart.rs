//! Forecast charts: students (top panel) and classes (bottom panel) per year against capacity, with
//! the low-high scenario range as a band, observed years solid and forecast years dashed.

use super::layout::{draw_page, Page};
use super::legend::{self, Entry, Swatch};
use super::palette;
use super::scene::{Anchor, Colour, Item, Scene, Stroke};
use super::ticks::axis;
use super::types::{ForecastChart, ForecastSeries, Frame, Lang};
use super::view::Rect;
use super::MapError;

const MID: Colour = Colour::hex(0x0072B2);
const CAPACITY: Colour = palette::UTIL_OVER;

/// Build the scene of a forecast chart.
pub fn chart_scene(chart: &ForecastChart, frame: &Frame) -> Result<Scene, MapError> {
    super::check_size(frame)?;
    check_series("students", &chart.students)?;
    let has_classes = !chart.classes.years.is_empty();
    if has_classes {
        check_series("classes", &chart.classes)?;
    }
    let page = Page::new(frame);
    let mut scene = Scene::new(frame.width_px, frame.height_px);
    draw_page(&mut scene, &page, page.area, frame, &[]);
    let a = page.area;
    let gap = 3.0 * page.unit;
    let panels: Vec<Rect> = if has_classes {
        let mid = (a[1] + a[3]) / 2.0;
        vec![
            [a[0], a[1], a[2], mid - gap / 2.0],
            [a[0], mid + gap / 2.0, a[2], a[3]],
        ]
    } else {
        vec![a]
    };
    let lang = frame.lang;
    let students_title = match lang {
        Lang::Zh => format!("{}：在校学生数", chart.subject),
        Lang::En => format!("{}: students", chart.subject),
    };
    let entries = legend_entries(lang);
    let title = lang.pick("图例", "Legend");
    // Charts are shown about 1000 px wide: text at least 1/75 of the width stays legible.
    let text_px = page.legend_px().max(frame.width_px as f64 / 75.0);
    let (lw, _) = legend::measure(title, &entries, text_px);
    let right = lw + 2.0 * page.unit;
    draw_panel(
        &mut scene,
        &page,
        panels[0],
        right,
        &chart.students,
        &students_title,
        text_px,
    );
    if has_classes {
        let t = match lang {
            Lang::Zh => format!("{}：班级数", chart.subject),
            Lang::En => format!("{}: classes", chart.subject),
        };
        draw_panel(
            &mut scene,
            &page,
            panels[1],
            right,
            &chart.classes,
            &t,
            text_px,
        );
    }
    let p0 = panels[0];
    legend::draw(
        &mut scene,
        [p0[2] - lw - page.unit, p0[1] + 4.0 * page.unit],
        title,
        &entries,
        text_px,
    );
    Ok(scene)
}

fn legend_entries(lang: Lang) -> Vec<Entry> {
    vec![
        Entry::new(
            Swatch::Line(Stroke::solid(MID, 3.0)),
            lang.pick("实际", "Observed"),
        ),
        Entry::new(
            Swatch::Line(Stroke::dashed(MID, 3.0, 9.0, 5.0)),
            lang.pick("预测（中方案）", "Forecast (mid)"),
        ),
        Entry::new(
            Swatch::Fill(MID.with_alpha(60)),
            lang.pick("低—高方案区间", "Low–high range"),
        ),
        Entry::new(
            Swatch::Line(Stroke::solid(CAPACITY, 3.0)),
            lang.pick("容量", "Capacity"),
        ),
    ]
}

fn check_series(name: &'static str, s: &ForecastSeries) -> Result<(), MapError> {
    let n = s.years.len();
    let bad = n == 0
        || s.mid.len() != n
        || (!s.low.is_empty() && s.low.len() != n)
        || (!s.high.is_empty() && s.high.len() != n)
        || (!s.capacity.is_empty() && s.capacity.len() != n)
        || s.years.windows(2).any(|w| w[1] <= w[0]);
    if bad {
        return Err(MapError::BadSeries {
            name,
            years: n,
            message:
                "years must be increasing and mid/low/high/capacity the same length (or empty)"
                    .into(),
        });
    }
    Ok(())
}

/// One panel in `r`, keeping `right_px` free on the right for the legend.
fn draw_panel(
    scene: &mut Scene,
    page: &Page,
    r: Rect,
    right_px: f64,
    s: &ForecastSeries,
    title: &str,
    tick_px: f64,
) {
    let u = page.unit;
    scene.text(
        title,
        [r[0] + u, r[1] + u],
        Anchor::TopLeft,
        tick_px * 1.3,
        Colour::INK,
    );
    let plot = [
        r[0] + 7.0 * u,
        r[1] + 4.5 * u,
        r[2] - right_px,
        r[3] - 3.0 * u,
    ];
    let all = s.mid.iter().chain(&s.high).chain(&s.low).chain(&s.capacity);
    let vmax = all.copied().filter(|v| v.is_finite()).fold(0.0, f64::max);
    let (step, top) = axis(vmax * 1.05, 5);
    let (y0, y1) = (
        *s.years.first().unwrap_or(&0),
        *s.years.last().unwrap_or(&1),
    );
    let span = ((y1 - y0).max(1)) as f64;
    let x = |y: i32| plot[0] + (y - y0) as f64 / span * (plot[2] - plot[0]);
    let yv = |v: f64| plot[3] - v / top * (plot[3] - plot[1]);
    let grid = Stroke::solid(Colour::hex(0xDDDDDD), 1.0);
    let mut v = 0.0;
    while v <= top + step * 1e-9 {
        scene.push(Item::Line {
            points: vec![[plot[0], yv(v)], [plot[2], yv(v)]],
            stroke: grid,
        });
        scene.text(
            format_value(v),
            [plot[0] - 0.6 * u, yv(v)],
            Anchor::CentreRight,
            tick_px,
            Colour::INK,
        );
        v += step;
    }
    let every = ((s.years.len() as f64 / 12.0).ceil() as usize).max(1);
    for (i, y) in s.years.iter().enumerate() {
        if i % every == 0 || i + 1 == s.years.len() {
            scene.text(
                y.to_string(),
                [x(*y), plot[3] + 0.5 * u],
                Anchor::TopCentre,
                tick_px,
                Colour::INK,
            );
        }
    }
    let axis_stroke = Stroke::solid(Colour::hex(0x555555), (0.1 * u).max(1.0));
    scene.push(Item::Line {
        points: vec![[plot[0], plot[1]], [plot[0], plot[3]], [plot[2], plot[3]]],
        stroke: axis_stroke,
    });
    if !s.low.is_empty() && !s.high.is_empty() {
        let mut ring: Vec<[f64; 2]> = s
            .years
            .iter()
            .zip(&s.high)
            .map(|(y, v)| [x(*y), yv(*v)])
            .collect();
        ring.extend(
            s.years
                .iter()
                .zip(&s.low)
                .rev()
                .map(|(y, v)| [x(*y), yv(*v)]),
        );
        scene.push(Item::Polygon {
            rings: vec![ring],
            fill: Some(MID.with_alpha(60)),
            stroke: None,
        });
    }
    if !s.capacity.is_empty() {
        let mut pts = Vec::new();
        for (i, (y, c)) in s.years.iter().zip(&s.capacity).enumerate() {
            if i > 0 {
                pts.push([x(*y), yv(s.capacity[i - 1])]);
            }
            pts.push([x(*y), yv(*c)]);
        }
        scene.push(Item::Line {
            points: pts,
            stroke: Stroke::solid(CAPACITY, (0.22 * u).max(2.0)),
        });
    }
    draw_mid(scene, s, &x, &yv, (0.25 * u).max(2.0));
}

fn draw_mid(
    scene: &mut Scene,
    s: &ForecastSeries,
    x: &dyn Fn(i32) -> f64,
    yv: &dyn Fn(f64) -> f64,
    w: f64,
) {
    let split = s.first_forecast_year.unwrap_or(i32::MIN);
    let pts: Vec<(i32, [f64; 2])> = s
        .years
        .iter()
        .zip(&s.mid)
        .map(|(y, v)| (*y, [x(*y), yv(*v)]))
        .collect();
    // Observed up to and including the last observed year; forecast from there on.
    let observed: Vec<[f64; 2]> = pts
        .iter()
        .filter(|(y, _)| *y < split)
        .map(|p| p.1)
        .collect();
    let last_obs = pts.iter().rfind(|(y, _)| *y < split).map(|p| p.1);
    let mut forecast: Vec<[f64; 2]> = last_obs.into_iter().collect();
    forecast.extend(pts.iter().filter(|(y, _)| *y >= split).map(|p| p.1));
    if observed.len() >= 2 {
        scene.push(Item::Line {
            points: observed.clone(),
            stroke: Stroke::solid(MID, w),
        });
    }
    if forecast.len() >= 2 {
        scene.push(Item::Line {
            points: forecast,
            stroke: Stroke::dashed(MID, w, 3.0 * w, 2.0 * w),
        });
    }
    for (_, p) in &pts {
        scene.push(Item::Circle {
            centre: *p,
            radius_px: w * 1.2,
            fill: Some(MID),
            stroke: None,
        });
    }
}

fn format_value(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}
