//! The report as a typed document: sections holding paragraphs, callouts, lists, summary tables
//! and figures. The plan builds one [`Document`]; [`super::html`] renders it, and the workbook is
//! written from the same typed [`Table`]s, so no section passes Markdown or preformatted text
//! through and a number is a number everywhere.

use super::{Cell, Lang, Table};

/// A finished report, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    /// The project's name, shown after the title as written.
    pub subject: String,
    pub lang: Lang,
    /// The headline figures, each labelled with its stage and year.
    pub headline: Vec<Headline>,
    pub sections: Vec<Section>,
    /// The footer line (tool and time).
    pub footer: String,
}

/// One headline figure; `key` is written as `data-kpi` so tests can check it.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    pub key: String,
    pub label: String,
    pub value: i64,
    /// The section that holds the table this figure sums.
    pub section: &'static str,
}

/// A numbered section with an anchor id.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: &'static str,
    pub heading: String,
    pub blocks: Vec<Block>,
}

impl Section {
    /// An empty section.
    pub fn new(id: &'static str, heading: String) -> Section {
        Section {
            id,
            heading,
            blocks: Vec::new(),
        }
    }

    /// Append a block.
    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }
}

/// How a callout is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Note,
    Warning,
    Good,
}

/// One block of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Para(String),
    Callout(Tone, String),
    List(Vec<String>),
    Table(SummaryTable),
    Figure(Figure),
}

/// A column of a summary table: header in the report's language and the unit its numbers carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    /// Unit shown in the header (`米`, `%`), or None.
    pub unit: Option<String>,
}

/// A short table a person reads (at most [`MAX_COLUMNS`] columns), with a link to the full table.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryTable {
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Rows left out of this view.
    pub more_rows: usize,
    /// Where the full table is: a sentence naming its CSV and sheet.
    pub full: Option<String>,
}

/// The most columns a summary table may have.
pub const MAX_COLUMNS: usize = 10;

impl SummaryTable {
    /// A summary of `table`: the given columns (machine names; `(key, unit)`) in this order, at most
    /// `max_rows` rows; headers from the catalogue.
    pub fn from_table(
        table: &Table,
        caption: String,
        cols: &[(&str, Option<&str>)],
        max_rows: usize,
        lang: Lang,
    ) -> SummaryTable {
        let idx: Vec<Option<usize>> = cols
            .iter()
            .map(|(k, _)| table.headers.iter().position(|h| h == k))
            .collect();
        let columns = cols
            .iter()
            .map(|(k, u)| Column {
                header: super::i18n::header(k, lang),
                unit: u.map(|u| super::i18n::unit(u, lang)),
            })
            .collect();
        let rows = table
            .rows
            .iter()
            .take(max_rows)
            .map(|r| {
                idx.iter()
                    .map(|i| i.map_or(Cell::Empty, |i| r[i].clone()))
                    .collect()
            })
            .collect();
        SummaryTable {
            caption,
            columns,
            rows,
            more_rows: table.rows.len().saturating_sub(max_rows),
            full: Some(full_table_note(
                &table.name,
                table.rows.len(),
                max_rows,
                lang,
            )),
        }
    }
}

/// The sentence that links a summary to its full table.
pub fn full_table_note(name: &str, rows: usize, shown: usize, lang: Lang) -> String {
    let sheet = super::i18n::sheet_name(name, lang);
    if rows > shown {
        let more = (rows - shown).to_string();
        super::i18n::msg(lang, "more_rows", &[&more, name, &sheet])
    } else {
        super::i18n::msg(lang, "full_table", &[name, &sheet])
    }
}

/// A figure: the file under `maps/`, its caption and its PNG bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub file: String,
    pub caption: String,
    pub png: Vec<u8>,
    /// Width in CSS pixels at which the figure is shown.
    pub shown_px: u32,
}
