//! The planning report as a typed [`Document`]: headline figures, then eight sections, each
//! leading with one summary table of at most ten columns and linking to its full table in the
//! CSVs and the workbook. Every string comes from the catalogue; numbers stay numbers.

use super::headline::{data_year, headline};
use super::maps::Figure as Drawn;
use super::sections;
use super::summary::{find, summary, Cols};
use super::{PlanResults, ReportOptions};
use crate::model::{Grade, Level};
use crate::report::doc::{Block, Document, Figure, Section, Tone};
use crate::report::i18n::{msg, value};
use crate::report::privacy::PrivacyNote;
use crate::report::{Cell, Lang, ReportInput, Table};

fn figures(drawn: &[Drawn], section: &str) -> Vec<Block> {
    drawn
        .iter()
        .filter(|f| f.section == section)
        .map(|f| {
            Block::Figure(Figure {
                file: f.file.clone(),
                caption: f.caption.clone(),
                png: f.png.clone(),
                shown_px: f.shown_px,
            })
        })
        .collect()
}

/// Build the whole document.
pub fn document(
    input: &ReportInput,
    r: &PlanResults,
    tables: &[Table],
    drawn: &[Drawn],
    privacy: &PrivacyNote,
    opts: &ReportOptions,
) -> Document {
    let lang = opts.lang;
    let year = data_year(input, r, lang);
    let mut secs = vec![
        data_section(input, tables, lang),
        situation_section(tables, &year, lang),
        forecast_section(r, tables, lang),
        sections::zones(input, r, tables, &year, lang),
        super::sites_section::sites(r, tables, lang),
        sections::indicators(tables, &year, lang),
        sections::method(tables, lang),
        sections::privacy(privacy, lang),
    ];
    super::split_off::state(&mut secs, input, r, lang);
    for s in &mut secs {
        let figs = figures(drawn, s.id);
        // Maps follow the section's lead table; the rest of the section keeps its order.
        let at = s
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Table(_)))
            .map_or(s.blocks.len(), |i| i + 1);
        s.blocks.splice(at..at, figs);
    }
    if let Some(s) = secs.iter_mut().find(|s| s.id == "method") {
        for note in &r.skipped {
            s.push(Block::Callout(Tone::Note, note.line(lang)));
        }
    }
    Document {
        title: msg(lang, "title", &[]),
        subject: input.name.to_string(),
        lang,
        headline: headline(input, r, tables, opts),
        sections: secs,
        footer: msg(lang, "footer", &[]),
    }
}

fn data_section(p: &ReportInput, tables: &[Table], lang: Lang) -> Section {
    let mut s = Section::new("data", msg(lang, "sec_data", &[]));
    let by_level: Vec<String> = Level::ALL
        .iter()
        .map(|l| {
            let n = p.schools.iter().filter(|s| s.level == *l).count();
            format!("{} {n}", value(l.as_str(), lang).unwrap_or(l.as_str()))
        })
        .collect();
    let by_grade: Vec<String> = Grade::ALL
        .iter()
        .map(|g| {
            let n = p.pupils_of_grade(*g);
            let n = crate::report::html::format_number(n as f64, 0);
            format!("{} {n}", lang.pick(g.zh(), &g.code().to_uppercase()))
        })
        .collect();
    let files: Vec<String> = p
        .load
        .encodings
        .iter()
        .map(|(f, e)| format!("{f} ({e})"))
        .collect();
    s.push(Block::List(vec![
        msg(
            lang,
            "data_schools",
            &[&by_level.join(lang.pick("，", ", "))],
        ),
        msg(
            lang,
            "data_students",
            &[
                &crate::report::html::format_number(p.pupils as f64, 0),
                &by_grade.join(lang.pick("，", ", ")),
            ],
        ),
        msg(lang, "data_crs", &[&p.planar.epsg.to_string()]),
        msg(lang, "data_files", &[&files.join(lang.pick("，", ", "))]),
    ]));
    if let Some(t) = find(tables, "problems") {
        if t.rows.is_empty() {
            s.push(Block::Callout(
                Tone::Good,
                msg(lang, "data_no_problems", &[]),
            ));
        } else {
            s.push(Block::Callout(
                Tone::Warning,
                msg(lang, "data_problems", &[&t.rows.len().to_string()]),
            ));
            let cols: Cols = &[
                ("severity", None),
                ("file", None),
                ("line", None),
                ("field", None),
                ("reason", None),
            ];
            s.push(Block::Table(summary(
                t,
                msg(lang, "cap_problems", &[]),
                cols,
                12,
                lang,
            )));
        }
    }
    s
}

fn situation_section(tables: &[Table], year: &str, lang: Lang) -> Section {
    let mut s = Section::new("situation", msg(lang, "sec_situation", &[]));
    s.push(Block::Para(msg(lang, "situation_lead", &[])));
    if let Some(t) = find(tables, "situation") {
        let mut sorted = t.clone();
        let si = t.headers.iter().position(|h| h == "students");
        if let Some(si) = si {
            sorted.rows.sort_by(|a, b| {
                let (x, y) = (
                    a[si].number().unwrap_or(-1.0),
                    b[si].number().unwrap_or(-1.0),
                );
                y.total_cmp(&x)
            });
        }
        let cols: Cols = &[
            ("name", None),
            ("level", None),
            ("students", Some("pupils")),
            ("classrooms", Some("rooms")),
            ("classes_needed", Some("classes")),
            ("classrooms_short", Some("rooms")),
            ("max_class_size", Some("pupils")),
            ("over_class_cap", None),
            ("over_size_cap", None),
        ];
        s.push(Block::Table(summary(
            &sorted,
            msg(lang, "cap_situation", &[year]),
            cols,
            30,
            lang,
        )));
    }
    s
}

fn forecast_section(r: &PlanResults, tables: &[Table], lang: Lang) -> Section {
    let mut s = Section::new("forecast", msg(lang, "sec_forecast", &[]));
    let Some(f) = &r.forecast else {
        s.push(Block::Callout(Tone::Note, msg(lang, "no_forecast", &[])));
        return s;
    };
    let mut county = Table::new("forecast", &["year", "low", "mid", "high", "classes_mid"]);
    for y in &f.county {
        county.push(vec![
            Cell::Id(y.year.to_string()),
            y.students[0].into(),
            y.students[1].into(),
            y.students[2].into(),
            y.classes_needed[1].into(),
        ]);
    }
    let cols: Cols = &[
        ("year", None),
        ("low", Some("pupils")),
        ("mid", Some("pupils")),
        ("high", Some("pupils")),
        ("classes_mid", Some("classes")),
    ];
    s.push(Block::Table(summary(
        &county,
        msg(lang, "cap_county_forecast", &[]),
        cols,
        20,
        lang,
    )));
    if let Some(t) = find(tables, "backtest") {
        let mut county_rows = t.clone();
        if let Some(lc) = t.headers.iter().position(|h| h == "level") {
            county_rows.rows.retain(|row| row[lc].text() == "county");
        }
        let cols: Cols = &[
            ("horizon", None),
            ("n", None),
            ("model_mape_pct", Some("pct_points")),
            ("textbook_mape_pct", Some("pct_points")),
            ("persistence_mape_pct", Some("pct_points")),
            ("model_mean_signed_pct", Some("pct_points")),
        ];
        let mut b = summary(&county_rows, msg(lang, "cap_backtest", &[]), cols, 12, lang);
        b.full = Some(crate::report::doc::full_table_note(
            "backtest",
            t.rows.len(),
            county_rows.rows.len().min(12),
            lang,
        ));
        s.push(Block::Table(b));
    }
    s.push(Block::Para(super::model_line::model_paragraph(
        &f.selection,
        lang,
    )));
    sections::at_risk(&mut s, r, lang);
    s
}
