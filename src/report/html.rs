//! `report.html`: one self-contained file, images inlined, no external references.

use super::{Stamp, Table};
use base64::Engine;

/// An image to inline.
#[derive(Debug, Clone, PartialEq)]
pub enum Image {
    /// PNG bytes, inlined as a `data:` URI.
    Png(Vec<u8>),
    /// SVG markup, inlined as is (its own `<?xml` prolog is removed).
    Svg(String),
}

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

const STYLE: &str = "body{font-family:'Noto Sans SC','Microsoft YaHei','PingFang SC',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}h1{border-bottom:3px solid #0072B2}h2{border-bottom:1px solid #ccc;margin-top:2em}table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 7px;text-align:right}th{background:#eef3f8}td:first-child,th:first-child{text-align:left}.note{color:#666;font-size:13px}.bad{color:#b00}.ok{color:#070}figure{margin:1em 0}figcaption{color:#555;font-size:13px}img,svg{max-width:100%;height:auto}.kpi{display:inline-block;margin:0 1.5em 1em 0}.kpi b{font-size:1.6em;display:block}";

/// A report being built, section by section.
#[derive(Debug, Clone)]
pub struct HtmlDoc {
    title: String,
    lang: String,
    body: String,
}

impl HtmlDoc {
    /// A new document; `lang` is `zh` or `en`.
    pub fn new(title: &str, lang: &str) -> HtmlDoc {
        let mut body = String::new();
        body.push_str(&format!("<h1>{}</h1>\n", escape(title)));
        HtmlDoc {
            title: title.to_string(),
            lang: lang.to_string(),
            body,
        }
    }

    /// A section heading, with an anchor `id`.
    pub fn section(&mut self, id: &str, heading: &str) {
        self.body.push_str(&format!(
            "<h2 id=\"{}\">{}</h2>\n",
            escape(id),
            escape(heading)
        ));
    }

    /// A sub-heading.
    pub fn subheading(&mut self, text: &str) {
        self.body.push_str(&format!("<h3>{}</h3>\n", escape(text)));
    }

    /// A paragraph of plain text.
    pub fn para(&mut self, text: &str) {
        self.body.push_str(&format!("<p>{}</p>\n", escape(text)));
    }

    /// A paragraph in small grey type.
    pub fn note(&mut self, text: &str) {
        self.body
            .push_str(&format!("<p class=\"note\">{}</p>\n", escape(text)));
    }

    /// A row of headline figures: (label, value) pairs. Each value carries `data-kpi="key"` so tests
    /// can check it against the CSV outputs.
    pub fn kpis(&mut self, items: &[(&str, &str, String)]) {
        self.body.push_str("<div>");
        for (key, label, value) in items {
            self.body.push_str(&format!(
                "<span class=\"kpi\"><b data-kpi=\"{}\">{}</b>{}</span>",
                escape(key),
                escape(value),
                escape(label)
            ));
        }
        self.body.push_str("</div>\n");
    }

    /// Preformatted text (e.g. a justification written as Markdown).
    pub fn pre(&mut self, text: &str) {
        self.body.push_str(&format!(
            "<pre style=\"white-space:pre-wrap\">{}</pre>\n",
            escape(text)
        ));
    }

    /// A bulleted list.
    pub fn list(&mut self, items: &[String]) {
        self.body.push_str("<ul>");
        for i in items {
            self.body.push_str(&format!("<li>{}</li>", escape(i)));
        }
        self.body.push_str("</ul>\n");
    }

    /// A table, showing at most `max_rows` rows (with a note on how many were left out; the full
    /// table is in the CSV and the workbook).
    pub fn table(&mut self, table: &Table, max_rows: usize) {
        self.body.push_str("<table><thead><tr>");
        for h in &table.headers {
            self.body.push_str(&format!("<th>{}</th>", escape(h)));
        }
        self.body.push_str("</tr></thead><tbody>");
        for row in table.rows.iter().take(max_rows) {
            self.body.push_str("<tr>");
            for c in row {
                self.body
                    .push_str(&format!("<td>{}</td>", escape(&c.text())));
            }
            self.body.push_str("</tr>");
        }
        self.body.push_str("</tbody></table>\n");
        if table.rows.len() > max_rows {
            let more = table.rows.len() - max_rows;
            let text = if self.lang == "zh" {
                format!("另有 {more} 行，见 {}.csv 与 report.xlsx。", table.name)
            } else {
                format!("{more} more rows in {}.csv and report.xlsx.", table.name)
            };
            self.note(&text);
        }
    }

    /// A figure with a caption.
    pub fn figure(&mut self, image: &Image, caption: &str) {
        self.body.push_str("<figure>");
        match image {
            Image::Png(bytes) => {
                let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
                self.body.push_str(&format!(
                    "<img alt=\"{}\" src=\"data:image/png;base64,{b64}\">",
                    escape(caption)
                ));
            }
            Image::Svg(svg) => {
                let start = svg.find("<svg").unwrap_or(0);
                self.body.push_str(&svg[start..]);
            }
        }
        self.body.push_str(&format!(
            "<figcaption>{}</figcaption></figure>\n",
            escape(caption)
        ));
    }

    /// The finished document, with `stamp` as its one timestamp.
    pub fn finish(&self, stamp: Stamp, footer: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title}</title><style>{STYLE}</style></head><body>\n{body}\
             <hr><p class=\"note\">{footer} · {time}</p></body></html>\n",
            lang = if self.lang == "zh" { "zh-CN" } else { "en" },
            title = escape(&self.title),
            body = self.body,
            footer = escape(footer),
            time = stamp.display(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Cell;

    #[test]
    fn escapes_and_inlines() {
        let mut d = HtmlDoc::new("林西县 <规划>", "zh");
        d.section("data", "数据");
        let mut t = Table::new("t", &["a"]);
        t.push(vec![Cell::Int(1)]);
        t.push(vec![Cell::Int(2)]);
        d.table(&t, 1);
        d.figure(&Image::Png(vec![0x89, b'P', b'N', b'G']), "图");
        let html = d.finish(Stamp { unix_s: 0 }, "catchment");
        assert!(html.contains("林西县 &lt;规划&gt;"));
        assert!(html.contains("data:image/png;base64,"));
        assert!(html.contains("另有 1 行"));
        assert!(!html.contains("http"));
    }
}
