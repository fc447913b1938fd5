//! `report.html`: the seven sections of the planning report, with the headline figures marked
//! (`data-kpi`) so a test can check each against the CSV files.

use super::maps::Figure;
use super::{PlanOptions, PlanResults};
use crate::model::{Grade, Level, Project, Stage};
use crate::report::i18n::localise;
use crate::report::{Cell, HtmlDoc, Image, Table};

/// A headline figure: key (as in `data-kpi`), Chinese and English labels, value.
pub type Kpi = (String, &'static str, &'static str, String);

/// The headline figures, each computed from one of the report's tables (so from its CSV).
pub struct Kpis(pub Vec<Kpi>);

fn find<'a>(tables: &'a [Table], name: &str) -> Option<&'a Table> {
    tables.iter().find(|t| t.name == name)
}

fn col(t: &Table, h: &str) -> Option<usize> {
    t.headers.iter().position(|x| x == h)
}

fn num(c: &Cell) -> f64 {
    match c {
        Cell::Int(n) => *n as f64,
        Cell::Num(x, _) => *x,
        _ => 0.0,
    }
}

impl Kpis {
    /// Compute the headline figures from the tables.
    pub fn compute(_project: &Project, r: &PlanResults, tables: &[Table]) -> Kpis {
        let mut k: Vec<Kpi> = Vec::new();
        let mut put = |key: &str, zh: &'static str, en: &'static str, v: f64| {
            k.push((key.to_string(), zh, en, format!("{}", v.round() as i64)));
        };
        let s = &r.situation;
        put("schools", "所学校", "schools", s.rows.len() as f64);
        for (key, zh, en) in [
            ("students", "在校生", "students enrolled"),
            ("classrooms_short", "缺教室", "classrooms short today"),
            (
                "large_classes",
                "大班额班级(≥56人)",
                "large classes (56+) today",
            ),
            ("over_size_cap", "所学校超规模", "schools over the size cap"),
        ] {
            put(key, zh, en, s.column_sum(key).unwrap_or(0.0));
        }
        if let (Some(t), Some(f)) = (find(tables, "forecast"), &r.forecast) {
            let last = f.years.last().copied().unwrap_or(f.base_year);
            let (yc, sc, nc) = (col(t, "year"), col(t, "scenario"), col(t, "students"));
            if let (Some(yc), Some(sc), Some(nc)) = (yc, sc, nc) {
                let total: f64 = t
                    .rows
                    .iter()
                    .filter(|row| num(&row[yc]) as i32 == last && row[sc].text() == "mid")
                    .map(|row| num(&row[nc]))
                    .sum();
                put(
                    &format!("forecast_{last}_mid"),
                    "预测末年在校生(中方案)",
                    "students in the last forecast year (mid)",
                    total,
                );
            }
        }
        for (stage, ..) in &r.zonings {
            if let Some(t) = find(tables, &format!("zones_{}", stage.as_str())) {
                let key = format!("zoned_{}", stage.as_str());
                put(
                    &key,
                    "划入学区学生",
                    "students zoned",
                    t.column_sum("students").unwrap_or(0.0),
                );
            }
        }
        if let Some(t) = find(tables, "sites") {
            put(
                "new_schools",
                "所新建学校/幼儿园",
                "new schools and kindergartens",
                t.rows.len() as f64,
            );
        }
        if let Some(t) = find(tables, "indicators") {
            if let Some(pc) = col(t, "pass") {
                let fails = t
                    .rows
                    .iter()
                    .filter(|row| row[pc].text() == "false")
                    .count();
                put(
                    "indicator_rows_failing",
                    "校·学段未达标",
                    "school-stages below standard",
                    fails as f64,
                );
            }
        }
        Kpis(k)
    }
}

fn t(lang: &str, zh: &str, en: &str) -> String {
    if lang == "zh" { zh } else { en }.to_string()
}

/// The whole document.
pub fn html(
    project: &Project,
    r: &PlanResults,
    tables: &[Table],
    kpis: &Kpis,
    figures: &[Figure],
    opts: &PlanOptions,
) -> String {
    let figs = |d: &mut HtmlDoc, section: &str| {
        for f in figures.iter().filter(|f| f.section == section) {
            d.figure(&Image::Png(f.png.clone()), &f.caption);
        }
    };
    let lang = opts.lang.as_str();
    let title = t(lang, "义务教育学校布局规划报告", "School planning report");
    let mut d = HtmlDoc::new(&format!("{} — {}", title, project.name), lang);
    let items: Vec<(&str, &str, String)> = kpis
        .0
        .iter()
        .map(|(key, zh, en, v)| {
            (
                key.as_str(),
                if lang == "zh" { *zh } else { *en },
                v.clone(),
            )
        })
        .collect();
    d.kpis(&items);
    data_section(&mut d, project, tables, lang);
    figs(&mut d, "data");
    table_section(
        &mut d,
        tables,
        "situation",
        &t(lang, "2 现状：班额与教室", "2 The situation today"),
        lang,
        40,
    );
    figs(&mut d, "situation");
    forecast_section(&mut d, r, tables, lang);
    figs(&mut d, "forecast");
    zones_section(&mut d, project, r, tables, lang);
    figs(&mut d, "zones");
    sites_section(&mut d, r, tables, lang);
    figs(&mut d, "sites");
    for s in &r.skipped {
        d.note(&s.line(lang));
    }
    indicators_section(&mut d, tables, lang);
    method_section(&mut d, tables, lang);
    d.finish(opts.stamp, "catchment")
}

fn table_section(
    d: &mut HtmlDoc,
    tables: &[Table],
    name: &str,
    heading: &str,
    lang: &str,
    rows: usize,
) {
    if let Some(tb) = find(tables, name) {
        d.section(name, heading);
        d.table(&localise(tb, lang), rows);
    }
}

fn data_section(d: &mut HtmlDoc, p: &Project, tables: &[Table], lang: &str) {
    d.section("data", &t(lang, "1 数据概况", "1 Data summary"));
    let by_level: Vec<String> = Level::ALL
        .iter()
        .map(|l| {
            let n = p.schools.iter().filter(|s| s.level == *l).count();
            format!("{} {n}", if lang == "zh" { l.zh() } else { l.as_str() })
        })
        .collect();
    let by_grade: Vec<String> = Grade::ALL
        .iter()
        .map(|g| {
            let n = p.students.iter().filter(|s| s.grade == *g).count();
            format!("{} {n}", if lang == "zh" { g.zh() } else { g.code() })
        })
        .collect();
    d.list(&[
        format!("{}: {}", t(lang, "学校", "Schools"), by_level.join(", ")),
        format!(
            "{} {}: {}",
            t(lang, "学生", "Students"),
            p.students.len(),
            by_grade.join(", ")
        ),
        format!(
            "{}: EPSG:{} {}",
            t(lang, "平面坐标系", "Planar CRS"),
            p.planar.epsg,
            p.planar.name
        ),
        format!(
            "{}: {}",
            t(lang, "文件编码", "File encodings"),
            p.report
                .encodings
                .iter()
                .map(|(f, e)| format!("{f} ({e})"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ]);
    if let Some(tb) = find(tables, "problems") {
        let msg = if tb.rows.is_empty() {
            t(
                lang,
                "数据检查未发现问题。",
                "The data check found no problems.",
            )
        } else {
            t(
                lang,
                "数据检查发现以下问题（警告与剔除记录）：",
                "The data check found these problems (warnings and rejected rows):",
            )
        };
        d.para(&msg);
        if !tb.rows.is_empty() {
            d.table(&localise(tb, lang), 30);
        }
    }
}

fn forecast_section(d: &mut HtmlDoc, r: &PlanResults, tables: &[Table], lang: &str) {
    d.section(
        "forecast",
        &t(lang, "3 在校生预测", "3 Enrollment forecast"),
    );
    let Some(f) = &r.forecast else {
        d.note(&t(
            lang,
            "未提供历年在校生数据，未作预测。",
            "No enrollment history given; no forecast.",
        ));
        return;
    };
    let mut county = Table::new(
        "county_forecast",
        &["year", "low", "mid", "high", "classes_mid"],
    );
    for y in &f.county {
        county.push(vec![
            y.year.into(),
            y.students[0].into(),
            y.students[1].into(),
            y.students[2].into(),
            y.classes_needed[1].into(),
        ]);
    }
    d.para(&t(
        lang,
        "全县在校生（低/中/高方案）：",
        "County students (low / mid / high scenario):",
    ));
    d.table(&localise(&county, lang), 20);
    let model = crate::forecast::backtest::model_line(&f.selection);
    d.para(
        &(t(
            lang,
            "预测模型（按本县历史回测选定）：",
            "Forecast model (backtested on the county's own history): ",
        ) + &model),
    );
    if let Some(tb) = find(tables, "backtest") {
        d.para(&t(
            lang,
            "回测精度（平均绝对百分比误差，与“下一年=本年”基线对比）：",
            "Backtest accuracy (mean absolute % error, beside the persistence baseline):",
        ));
        d.table(&localise(tb, lang), 20);
    }
}

/// Today's situation for a stage: students at a known current school with a home position, their
/// mean home-to-school distance in metres, and the share within `radius_m`.
fn current_distances(p: &Project, stage: Stage, radius_m: f64) -> (usize, f64, f64) {
    let (mut n, mut total_m, mut within) = (0usize, 0.0, 0usize);
    for st in p.students.iter().filter(|s| s.grade.stage() == stage) {
        let (Some(home), Some(id)) = (st.xy_m, st.school_id.as_deref()) else {
            continue;
        };
        let Some(school) = p.school(id) else { continue };
        let d = ((home[0] - school.xy_m[0]).powi(2) + (home[1] - school.xy_m[1]).powi(2)).sqrt();
        n += 1;
        total_m += d;
        within += usize::from(d <= radius_m);
    }
    let mean = if n > 0 { total_m / n as f64 } else { 0.0 };
    let share = if n > 0 { within as f64 / n as f64 } else { 0.0 };
    (n, mean, share)
}

/// Share of a zoning's seated students within the service radius.
fn zoned_within_share(z: &crate::zones::Zoning) -> f64 {
    let seated: u32 = z.schools.iter().map(|s| s.students).sum();
    let within: f64 = z
        .schools
        .iter()
        .map(|s| s.within_radius_share * s.students as f64)
        .sum();
    if seated > 0 {
        within / seated as f64
    } else {
        0.0
    }
}

fn zones_section(
    d: &mut HtmlDoc,
    project: &Project,
    r: &PlanResults,
    tables: &[Table],
    lang: &str,
) {
    d.section("zones", &t(lang, "4 学区划分", "4 Attendance zones"));
    for (stage, zoning, _) in &r.zonings {
        let s = &zoning.summary;
        d.subheading(if lang == "zh" {
            stage.zh()
        } else {
            stage.as_str()
        });
        let radius_m = project.settings.standards.service_radius_m(*stage);
        let (n_now, mean_now, share_now) = current_distances(project, *stage, radius_m);
        d.list(&[
            format!(
                "{} ({} {n_now}): {:.0} m, {:.1} % {} {radius_m:.0} m",
                t(lang, "现状：就读现学校", "Before: at their current school"),
                t(lang, "学生", "students"),
                mean_now,
                share_now * 100.0,
                t(lang, "在服务半径内", "within the service radius of"),
            ),
            format!(
                "{}: {:.0} m, {:.1} % {} {radius_m:.0} m",
                t(lang, "划区后", "After zoning"),
                s.mean_distance_m,
                zoned_within_share(zoning) * 100.0,
                t(lang, "在服务半径内", "within the service radius of"),
            ),
            format!(
                "{}: {} / {} / {}",
                t(
                    lang,
                    "学生 已分配/无学位/无位置",
                    "students seated / overflow / unplaced"
                ),
                s.assigned,
                s.overflow,
                s.unplaced
            ),
            format!(
                "{}: {:.0} m",
                t(lang, "平均上学距离", "mean distance"),
                s.mean_distance_m
            ),
            format!(
                "{}: {}",
                t(
                    lang,
                    "与现就读学校不同的学生",
                    "students moved from their current school"
                ),
                s.students_moved
            ),
            format!("{}: {}", t(lang, "求解方法", "algorithm"), s.algorithm),
            format!(
                "{}: {}",
                t(lang, "最优性差距", "optimality gap"),
                s.gap
                    .map_or("–".to_string(), |g| format!("{:.2} %", g * 100.0))
            ),
        ]);
        if let Some(tb) = find(tables, &format!("zones_{}", stage.as_str())) {
            d.table(&localise(tb, lang), 40);
        }
    }
}

fn sites_section(d: &mut HtmlDoc, r: &PlanResults, tables: &[Table], lang: &str) {
    let heading = t(
        lang,
        "5 新建学校与幼儿园",
        "5 Proposed new schools and kindergartens",
    );
    d.section("sites", &heading);
    d.para(&t(
        lang,
        "在预测期每一年，所有班级不超过班额上限、所有学校不超过规模上限所需的最少新建学校（含从小学剥离附设幼儿班所需的幼儿园）。",
        "The fewest new schools such that, in every forecast year, no class is over its cap and no school over its size cap (kindergartens include the classes split off from primary schools).",
    ));
    for p in &r.sites {
        let status = if p.feasible {
            t(lang, "可行", "feasible")
        } else {
            t(lang, "不可行", "NOT feasible")
        };
        d.subheading(&format!(
            "{}: {} {} ({}: {}, {})",
            if lang == "zh" {
                p.stage.zh()
            } else {
                p.stage.as_str()
            },
            p.new_schools.len(),
            t(lang, "所新建", "new"),
            t(lang, "下界", "lower bound"),
            p.lower_bound_new,
            status
        ));
        d.pre(&crate::report::site::justification(p));
    }
    for name in ["sites", "expansions"] {
        if let Some(tb) = find(tables, name) {
            if !tb.rows.is_empty() {
                d.table(&localise(tb, lang), 60);
            }
        }
    }
}

fn indicators_section(d: &mut HtmlDoc, tables: &[Table], lang: &str) {
    d.section(
        "indicators",
        &t(
            lang,
            "6 优质均衡指标与改进措施",
            "6 Quality-balance indicators and remedies",
        ),
    );
    for (name, zh, en) in [
        ("cv", "差异系数", "Coefficients of variation"),
        ("remedies", "改进措施", "Remedies"),
    ] {
        if let Some(tb) = find(tables, name) {
            d.subheading(&t(lang, zh, en));
            d.table(&localise(tb, lang), 40);
        }
    }
}

fn method_section(d: &mut HtmlDoc, tables: &[Table], lang: &str) {
    d.section(
        "method",
        &t(lang, "7 方法与依据", "7 Method and assumptions"),
    );
    d.para(&t(
        lang,
        "学区按班额上限（小学45人、初中50人）、教室数与学校规模上限求最小总上学距离（最小费用流）；预测采用年级升级比例法（队列存活法），出生人口推算入学；所有阈值及其来源如下，可在 catchment.toml 中按项目修改。",
        "Zones minimise total home-to-school distance under the class caps (45 primary, 50 junior), classrooms and school size caps (min-cost flow); the forecast uses grade progression ratios (cohort survival) with births for entry grades. Every threshold and its source is listed below; each can be overridden per project in catchment.toml.",
    ));
    if let Some(tb) = find(tables, "standards") {
        d.table(&localise(tb, lang), 100);
    }
}
