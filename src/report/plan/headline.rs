//! The headline figures, computed once from the report's tables and used both at the top of the
//! report and by the sections they summarise, so the two always agree. Each is labelled with its
//! stage and year. Large-class figures come from the indicators' guarantee table (the same count
//! `catchment indicators` prints), not from a second computation.

use super::{PlanResults, ReportOptions};
use crate::report::doc::Headline;
use crate::report::i18n::{msg, value};
use crate::report::{Cell, Lang, ReportInput, Table};

fn find<'a>(tables: &'a [Table], name: &str) -> Option<&'a Table> {
    tables.iter().find(|t| t.name == name)
}

/// The year today's figures describe: the forecast's base year, else the last history year.
pub fn data_year(input: &ReportInput, r: &PlanResults, lang: Lang) -> String {
    r.forecast
        .as_ref()
        .map(|f| f.base_year)
        .or(input.last_history_year)
        .map_or_else(|| lang.pick("现状", "today").to_string(), |y| y.to_string())
}

/// The stage's name in `lang`.
pub fn stage_name(stage: crate::model::Stage, lang: Lang) -> String {
    value(stage.as_str(), lang)
        .unwrap_or(stage.as_str())
        .to_string()
}

/// Every headline figure of the report.
pub fn headline(
    input: &ReportInput,
    r: &PlanResults,
    tables: &[Table],
    opts: &ReportOptions,
) -> Vec<Headline> {
    let lang = opts.lang;
    let year = data_year(input, r, lang);
    let mut out = Vec::new();
    let mut put = |key: String, label: String, v: f64, section: &'static str| {
        out.push(Headline {
            key,
            label,
            value: v.round() as i64,
            section,
        });
    };
    let s = &r.situation;
    put(
        "schools".into(),
        msg(lang, "kpi_schools", &[&year]),
        s.rows.len() as f64,
        "situation",
    );
    for (key, m) in [
        ("students", "kpi_students"),
        ("classrooms_short", "kpi_classrooms_short"),
        ("over_size_cap", "kpi_over_size_cap"),
    ] {
        put(
            key.into(),
            msg(lang, m, &[&year]),
            s.column_sum(key).unwrap_or(0.0),
            "situation",
        );
    }
    if let Some(g) = find(tables, "guarantee") {
        for (key, m) in [
            ("classes_over_cap", "kpi_classes_over_cap"),
            ("large_classes", "kpi_large_classes"),
        ] {
            put(
                key.into(),
                msg(lang, m, &[&year]),
                g.column_sum(key).unwrap_or(0.0),
                "situation",
            );
        }
    }
    if let Some(f) = &r.forecast {
        let last = f.years.last().copied().unwrap_or(f.base_year);
        if let Some(y) = f.county.iter().find(|y| y.year == last) {
            let label = msg(lang, "kpi_forecast", &[&last.to_string()]);
            put(
                format!("forecast_{last}_mid"),
                label,
                y.students[1] as f64,
                "forecast",
            );
        }
    }
    for (stage, ..) in &r.zonings {
        if let Some(t) = find(tables, &format!("zones_{}", stage.as_str())) {
            let label = msg(lang, "kpi_zoned", &[&stage_name(*stage, lang), &year]);
            put(
                format!("zoned_{}", stage.as_str()),
                label,
                t.column_sum("students").unwrap_or(0.0),
                "zones",
            );
        }
    }
    let last = r.forecast.as_ref().and_then(|f| f.years.last().copied());
    for p in &r.sites {
        let by = last.map_or_else(|| year.clone(), |y| y.to_string());
        let label = msg(lang, "kpi_new_schools", &[&stage_name(p.stage, lang), &by]);
        put(
            format!("new_{}", p.stage.as_str()),
            label,
            p.new_schools.len() as f64,
            "sites",
        );
    }
    if let Some(t) = find(tables, "indicators") {
        if let Some(pc) = t.headers.iter().position(|h| h == "pass") {
            let fails = t
                .rows
                .iter()
                .filter(|row| row[pc] == Cell::Bool(false))
                .count();
            put(
                "indicator_rows_failing".into(),
                msg(lang, "kpi_indicators_failing", &[&year]),
                fails as f64,
                "indicators",
            );
        }
    }
    out
}
