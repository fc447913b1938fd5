//! `report.html`: a [`Document`] rendered as one self-contained file, images inlined, no external
//! references, laid out to fit a 1280 px window: tables of at most ten columns, names that never
//! wrap per character, numbers right-aligned with thousands separators and their units in the
//! header.

use super::doc::{Block, Document, Figure, SummaryTable, Tone};
use super::{Cell, Lang, Stamp};
use base64::Engine;

/// Escape text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "*{box-sizing:border-box}\
body{font-family:'Noto Sans CJK SC','Noto Sans SC','Microsoft YaHei','PingFang SC',sans-serif;max-width:1180px;margin:1.5em auto;padding:0 1em;color:#222;line-height:1.55;font-size:15px;overflow-wrap:break-word}\
h1{border-bottom:3px solid #0072B2;font-size:26px}h2{border-bottom:1px solid #ccc;margin-top:2em}\
nav a{margin-right:1em;white-space:nowrap}\
.tw{max-width:100%;overflow-x:auto}\
table{border-collapse:collapse;margin:.5em 0 .3em;font-size:13px;max-width:100%}\
caption{text-align:left;font-weight:bold;padding:.3em 0;caption-side:top}\
th,td{border:1px solid #ccc;padding:3px 7px;vertical-align:top}th{background:#eef3f8;text-align:left}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}\
td.name,td.id{white-space:nowrap}td.t{min-width:4em}\
.note{color:#555;font-size:13px}.callout{border-left:4px solid #0072B2;background:#f3f7fb;padding:.4em .8em;margin:.8em 0}\
.callout.warn{border-color:#D55E00;background:#fdf3ec}.callout.good{border-color:#009E73;background:#eefaf5}\
figure{margin:1em 0}figcaption{color:#444;font-size:14px}img{max-width:100%;height:auto;display:block}\
.kpis{display:flex;flex-wrap:wrap;gap:.6em 1.6em;margin:1em 0}.kpi{max-width:17em}.kpi b{font-size:1.7em;display:block}\
.kpi a{color:inherit;text-decoration:none}";

/// A number with thousands separators and `decimals` decimals.
pub fn format_number(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if x < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The text and CSS class of a cell in the report.
fn cell_html(c: &Cell, lang: Lang) -> (String, &'static str) {
    match c {
        Cell::Int(n) => (format_number(*n as f64, 0), "n"),
        Cell::Num(x, d) if x.is_finite() => (format_number(*x, *d), "n"),
        Cell::Num(..) | Cell::Empty => (String::new(), "n"),
        Cell::Bool(b) => (
            lang.pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
                .to_string(),
            "t",
        ),
        Cell::Id(s) => (s.clone(), "id"),
        Cell::Name(s) => (s.clone(), "name"),
        Cell::Text(s) => (s.clone(), "t"),
    }
}

fn table_html(t: &SummaryTable, lang: Lang, out: &mut String) {
    let numeric: Vec<bool> = (0..t.columns.len())
        .map(|c| {
            let mut cells = t.rows.iter().map(|r| &r[c]).filter(|x| **x != Cell::Empty);
            let first = cells.next();
            first.is_some_and(|f| matches!(f, Cell::Int(_) | Cell::Num(..)))
        })
        .collect();
    out.push_str("<div class=\"tw\"><table>");
    out.push_str(&format!(
        "<caption>{}</caption><thead><tr>",
        escape(&t.caption)
    ));
    for (c, col) in t.columns.iter().enumerate() {
        let head = match &col.unit {
            Some(u) if !u.is_empty() => format!("{}（{}）", col.header, u),
            _ => col.header.clone(),
        };
        let class = if numeric[c] { " class=\"n\"" } else { "" };
        out.push_str(&format!("<th{class}>{}</th>", escape(&head)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        out.push_str("<tr>");
        for cell in row {
            let (text, class) = cell_html(cell, lang);
            out.push_str(&format!("<td class=\"{class}\">{}</td>", escape(&text)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
    if let Some(full) = &t.full {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", escape(full)));
    }
}

fn figure_html(f: &Figure, out: &mut String) {
    let b64 = base64::engine::general_purpose::STANDARD.encode(&f.png);
    out.push_str(&format!(
        "<figure><img alt=\"{c}\" style=\"width:{w}px\" src=\"data:image/png;base64,{b64}\">\
         <figcaption>{c} <span class=\"id\">maps/{file}</span></figcaption></figure>\n",
        c = escape(&f.caption),
        w = f.shown_px,
        file = escape(&f.file),
    ));
}

fn block_html(b: &Block, lang: Lang, out: &mut String) {
    match b {
        Block::Heading(h) => out.push_str(&format!("<h3>{}</h3>\n", escape(h))),
        Block::Para(p) => out.push_str(&format!("<p>{}</p>\n", escape(p))),
        Block::Callout(tone, p) => {
            let class = match tone {
                Tone::Note => "callout",
                Tone::Warning => "callout warn",
                Tone::Good => "callout good",
            };
            out.push_str(&format!("<p class=\"{class}\">{}</p>\n", escape(p)));
        }
        Block::List(items) => {
            out.push_str("<ul>");
            for i in items {
                out.push_str(&format!("<li>{}</li>", escape(i)));
            }
            out.push_str("</ul>\n");
        }
        Block::Table(t) => table_html(t, lang, out),
        Block::Figure(f) => figure_html(f, out),
    }
}

/// The document as one HTML file, with `stamp` as its one timestamp.
pub fn render_html(doc: &Document, stamp: Stamp) -> String {
    let mut body = format!(
        "<h1>{} — <span class=\"name\">{}</span></h1>\n<nav>",
        escape(&doc.title),
        escape(&doc.subject)
    );
    for s in &doc.sections {
        body.push_str(&format!("<a href=\"#{}\">{}</a>", s.id, escape(&s.heading)));
    }
    body.push_str("</nav>\n<div class=\"kpis\">");
    for h in &doc.headline {
        body.push_str(&format!(
            "<span class=\"kpi\"><a href=\"#{sec}\"><b data-kpi=\"{key}\">{v}</b>{label}</a></span>",
            sec = h.section,
            key = escape(&h.key),
            v = format_number(h.value as f64, 0),
            label = escape(&h.label)
        ));
    }
    body.push_str("</div>\n");
    for s in &doc.sections {
        body.push_str(&format!(
            "<section id=\"{}\"><h2>{}</h2>\n",
            s.id,
            escape(&s.heading)
        ));
        for b in &s.blocks {
            block_html(b, doc.lang, &mut body);
        }
        body.push_str("</section>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — {subject}</title><style>{STYLE}</style></head><body>\n{body}\
         <hr><p class=\"note\">{footer} · {time}</p></body></html>\n",
        lang = doc.lang.pick("zh-CN", "en"),
        title = escape(&doc.title),
        subject = escape(&doc.subject),
        footer = escape(&doc.footer),
        time = stamp.display(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::doc::{Column, Section};

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(format_number(1234567.0, 0), "1,234,567");
        assert_eq!(format_number(-1234.5, 1), "-1,234.5");
        assert_eq!(format_number(999.0, 0), "999");
        assert_eq!(format_number(-0.0001, 2), "0.00");
    }

    #[test]
    fn escapes_and_inlines() {
        let mut s = Section::new("data", "数据".into());
        s.push(Block::Table(SummaryTable {
            caption: "表".into(),
            columns: vec![Column {
                header: "学生数".into(),
                unit: Some("人".into()),
            }],
            rows: vec![vec![Cell::Int(12000)]],
            more_rows: 0,
            full: None,
        }));
        s.push(Block::Figure(Figure {
            file: "a.png".into(),
            caption: "图".into(),
            png: vec![0x89, b'P', b'N', b'G'],
            shown_px: 800,
        }));
        let doc = Document {
            title: "林西县 <规划>".into(),
            subject: "林西".into(),
            lang: Lang::Zh,
            headline: vec![],
            sections: vec![s],
            footer: "catchment".into(),
        };
        let html = render_html(&doc, Stamp { unix_s: 0 });
        assert!(html.contains("林西县 &lt;规划&gt;"));
        assert!(html.contains("data:image/png;base64,"));
        assert!(html.contains("<td class=\"n\">12,000</td>"));
        assert!(html.contains("学生数（人）"));
        assert!(!html.contains("http"));
    }
}
