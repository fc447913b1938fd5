//! Sections 4 and 6–8 of the report (zones, indicators, method, data protection; new schools are
//! in [`super::sites_section`]) and the
//! forecast's list of schools at risk, each built from the engines' typed results.

use super::headline::stage_name as stage;
use super::summary::{find, summary, Cols};
use super::PlanResults;
use crate::forecast::{Forecast, Scenario};
use crate::report::doc::{Block, Section, Tone};
use crate::report::html::format_number;
use crate::report::i18n::{msg, unit};
use crate::report::privacy::PrivacyNote;
use crate::report::{Cell, Lang, ReportInput, Table};

/// A school over a class or size cap in some forecast year (mid scenario).
#[derive(Debug, Clone, PartialEq)]
pub struct AtRisk {
    pub school_id: String,
    pub name: String,
    pub first_year: i32,
    pub peak_students: u32,
}

/// The schools at risk, in order of their first year over a cap, then id.
pub fn at_risk_schools(f: &Forecast) -> Vec<AtRisk> {
    let mut out: Vec<AtRisk> = f
        .schools
        .iter()
        .filter_map(|s| {
            let p = s.paths.iter().find(|p| p.scenario == Scenario::Mid)?;
            let first = match (p.first_over_cap_year, p.first_short_year) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => a.or(b)?,
            };
            Some(AtRisk {
                school_id: s.school_id.clone(),
                name: s.name.clone(),
                first_year: first,
                peak_students: p.years.iter().map(|y| y.total).max().unwrap_or(0),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.first_year, &a.school_id).cmp(&(b.first_year, &b.school_id)));
    out
}

/// The forecast section's table of schools at risk (their charts are the section's figures).
pub fn at_risk(s: &mut Section, r: &PlanResults, lang: Lang) {
    let Some(f) = &r.forecast else { return };
    let list = at_risk_schools(f);
    if list.is_empty() {
        s.push(Block::Callout(Tone::Good, msg(lang, "no_at_risk", &[])));
        return;
    }
    s.push(Block::Callout(
        Tone::Warning,
        msg(lang, "at_risk_lead", &[&list.len().to_string()]),
    ));
    let mut t = Table::new(
        "capacity_timeline",
        &["school_id", "name", "over_cap_year", "peak_students"],
    );
    for a in &list {
        t.push(vec![
            Cell::Id(a.school_id.clone()),
            Cell::Name(a.name.clone()),
            Cell::Id(a.first_year.to_string()),
            a.peak_students.into(),
        ]);
    }
    let cols: Cols = &[
        ("school_id", None),
        ("name", None),
        ("over_cap_year", None),
        ("peak_students", Some("pupils")),
    ];
    s.push(Block::Table(summary(
        &t,
        msg(lang, "cap_at_risk", &[]),
        cols,
        40,
        lang,
    )));
}

pub(super) fn metres(x: f64, lang: Lang) -> String {
    format!(
        "{} {}",
        format_number(x, 0),
        crate::report::i18n::unit("m", lang)
    )
}

pub(super) fn percent(share: f64) -> String {
    format!("{} %", format_number(share * 100.0, 1))
}

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

/// The zones engine's method in the report's language: its family from the catalogue (the engine
/// describes its method in English, with its parameters, in `zones_<stage>.csv`'s run summary).
fn algorithm_name(algorithm: &str, lang: Lang) -> String {
    let a = algorithm.to_lowercase();
    let key = if a.contains("class-count") {
        "algo_classes"
    } else if a.contains("lagrang") {
        "algo_lagrangian"
    } else if a.contains("flow") {
        "algo_flow"
    } else if a.contains("nearest") {
        "algo_nearest"
    } else {
        "algo_other"
    };
    match lang {
        Lang::Zh => msg(lang, key, &[]),
        Lang::En => algorithm.to_string(),
    }
}

/// Section 4: per stage, before and after, then the zones' summary table and map.
pub fn zones(
    input: &ReportInput,
    r: &PlanResults,
    tables: &[Table],
    year: &str,
    lang: Lang,
) -> Section {
    let mut s = Section::new("zones", msg(lang, "sec_zones", &[]));
    for (st, zoning, _) in &r.zonings {
        let z = &zoning.summary;
        s.push(Block::Heading(stage(*st, lang)));
        let today = input.stage(*st).today;
        let radius_m = today.radius_m;
        let (n_now, mean_now, share_now) = (
            today.pupils,
            today.mean_distance_m,
            today.within_radius_share,
        );
        let gap = z.gap.map_or_else(
            || msg(lang, "dash", &[]),
            |g| format!("{} %", format_number(g * 100.0, 2)),
        );
        s.push(Block::List(vec![
            msg(
                lang,
                "zones_before",
                &[
                    &format_number(n_now as f64, 0),
                    &metres(mean_now, lang),
                    &percent(share_now),
                    &metres(radius_m, lang),
                ],
            ),
            msg(
                lang,
                "zones_after",
                &[
                    &format_number(z.assigned as f64, 0),
                    &metres(z.mean_distance_m, lang),
                    &percent(zoned_within_share(zoning)),
                    &format_number(z.overflow as f64, 0),
                    &format_number(z.unplaced as f64, 0),
                    &format_number(z.students_moved as f64, 0),
                ],
            ),
            msg(
                lang,
                "zones_method",
                &[&algorithm_name(&z.algorithm, lang), &gap],
            ),
        ]));
        if let Some(t) = find(tables, &format!("zones_{}", st.as_str())) {
            let cols: Cols = &[
                ("name", None),
                ("students", Some("pupils")),
                ("seats", Some("seats")),
                ("utilisation", Some("pct")),
                ("max_class_size", Some("pupils")),
                ("mean_distance_m", Some("m")),
                ("within_radius_share", Some("pct")),
                ("students_moved_in", Some("pupils")),
                ("over_size_cap", None),
            ];
            let caption = msg(lang, "cap_zones_table", &[&stage(*st, lang), year]);
            s.push(Block::Table(summary(t, caption, cols, 40, lang)));
        }
    }
    s
}

/// Section 6: the county CVs and the remedies.
pub fn indicators(tables: &[Table], year: &str, lang: Lang) -> Section {
    let mut s = Section::new("indicators", msg(lang, "sec_indicators", &[]));
    let Some(cv) = find(tables, "cv") else {
        s.push(Block::Callout(Tone::Note, msg(lang, "no_indicators", &[])));
        return s;
    };
    s.push(Block::Para(msg(lang, "indicators_lead", &[])));
    let cols: Cols = &[
        ("stage", None),
        ("indicator", None),
        ("schools", Some("schools")),
        ("mean", None),
        ("cv", None),
        ("max", None),
        ("pass", None),
        ("top_driver", None),
    ];
    s.push(Block::Table(summary(
        cv,
        msg(lang, "cap_cv", &[year]),
        cols,
        30,
        lang,
    )));
    if let Some(t) = find(tables, "remedies") {
        let cols: Cols = &[
            ("school_name", None),
            ("stage", None),
            ("item", None),
            ("have", None),
            ("add", None),
            ("need", None),
            ("unit", None),
        ];
        s.push(Block::Table(summary(
            &readable_remedies(t),
            msg(lang, "cap_remedies", &[]),
            cols,
            30,
            lang,
        )));
    }
    s
}

/// The remedies as a reader counts them: whole teachers, pupils, rooms and yuan (areas keep one
/// decimal), and a school over its size cap named as such rather than by the unit `students`.
fn readable_remedies(t: &Table) -> Table {
    let mut t = t.clone();
    let col = |n: &str| t.headers.iter().position(|h| h == n);
    let (Some(unit), Some(item)) = (col("unit"), col("item")) else {
        return t;
    };
    let amounts: Vec<usize> = ["have", "add", "need"]
        .iter()
        .filter_map(|n| col(n))
        .collect();
    for row in &mut t.rows {
        let whole = matches!(
            row[unit].text().as_str(),
            "teachers" | "students" | "rooms" | "yuan"
        );
        for &c in &amounts {
            if let Cell::Num(x, d) = row[c] {
                row[c] = Cell::Num(x, if whole { 0 } else { d.min(1) });
            }
        }
        if row[item].text() == "students" {
            row[item] = Cell::Text("school_size".into());
        }
    }
    t
}

/// Section 7: method and the standards with their sources.
pub fn method(tables: &[Table], lang: Lang) -> Section {
    let mut s = Section::new("method", msg(lang, "sec_method", &[]));
    s.push(Block::Para(msg(lang, "method_lead", &[])));
    if let Some(t) = find(tables, "standards") {
        let cols: Cols = &[
            ("parameter", None),
            ("key", None),
            ("value", None),
            ("source", None),
            ("confidence", None),
        ];
        s.push(Block::Table(summary(
            &described_standards(t, lang),
            msg(lang, "cap_standards", &[]),
            cols,
            100,
            lang,
        )));
    }
    s
}

/// The standards with each parameter described in words beside its `catchment.toml` key, and
/// every value as text with its unit (so the value column reads the same for one number or a list).
fn described_standards(t: &Table, lang: Lang) -> Table {
    let mut out = t.clone();
    let (Some(key), Some(value)) = (
        t.headers.iter().position(|h| h == "key"),
        t.headers.iter().position(|h| h == "value"),
    ) else {
        return out;
    };
    out.headers.push("parameter".into());
    for row in &mut out.rows {
        let k = row[key].text();
        let unit = if k.ends_with("_m2") {
            unit("m2", lang)
        } else if k.ends_with("_m") {
            unit("m", lang)
        } else {
            String::new()
        };
        if let Cell::Num(x, _) = row[value] {
            let d = if x.fract() == 0.0 { 0 } else { 2 };
            let n = format_number(x, d);
            row[value] = Cell::Text(if unit.is_empty() {
                n
            } else {
                format!("{n} {unit}")
            });
        }
        row.push(Cell::Text(
            crate::report::i18n::parameter(&k, lang).map_or(k.clone(), str::to_string),
        ));
    }
    out
}

/// Section 8: what the published files leave out, and the private folder.
pub fn privacy(note: &PrivacyNote, lang: Lang) -> Section {
    let mut s = Section::new("privacy", msg(lang, "sec_privacy", &[]));
    let min = note.min_pupils.to_string();
    s.push(Block::Para(msg(lang, "privacy_lead", &[&min])));
    let items: Vec<String> = note
        .stages
        .iter()
        .filter(|(_, pieces, _)| *pieces > 0)
        .map(|(st, pieces, pupils)| {
            msg(
                lang,
                "privacy_pieces",
                &[
                    &stage(*st, lang),
                    &pieces.to_string(),
                    &min,
                    &pupils.to_string(),
                ],
            )
        })
        .collect();
    if !items.is_empty() {
        s.push(Block::List(items));
    }
    s.push(Block::Callout(
        Tone::Warning,
        msg(lang, "privacy_private", &[]),
    ));
    s
}
