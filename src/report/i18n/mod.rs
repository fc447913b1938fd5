//! Every reader-visible string of the report, in Chinese or English, looked up in one catalogue.
//!
//! CSV files keep the English machine names (stable for scripts); the workbook and the HTML show
//! the report's language through [`header`], [`value`], [`unit`], [`msg`] and [`sheet_name`]. The
//! language is the crate's one [`Lang`] (the maps use the same).

mod catalogue;
mod headers;
mod sources;

pub use crate::map::Lang;
use catalogue::{MESSAGES, PARAMETERS, REASONS, SHEETS, SOURCES, UNITS, VALUES};
use headers::{GRADE_HEADERS, HEADERS};

fn pick(
    table: &[(&str, &'static str, &'static str)],
    key: &str,
    lang: Lang,
) -> Option<&'static str> {
    table
        .iter()
        .find(|(k, ..)| *k == key)
        .map(|(_, zh, en)| lang.pick(zh, en))
}

/// The header for a machine column name; grade columns (`students_g1`) name their grade. Unknown
/// keys are returned as they are (the catalogue test lists every column the report writes).
pub fn header(key: &str, lang: Lang) -> String {
    if let Some(h) = pick(HEADERS, key, lang) {
        return h.to_string();
    }
    for (prefix, zh, en) in GRADE_HEADERS {
        if let Some(code) = key.strip_prefix(prefix) {
            if let Some(g) = crate::model::Grade::ALL.iter().find(|g| g.code() == code) {
                return match lang {
                    Lang::Zh => format!("{}{zh}", g.zh()),
                    Lang::En => format!("{en} {}", g.code().to_uppercase()),
                };
            }
        }
    }
    key.to_string()
}

/// Whether the catalogue has a header for `key`.
pub fn has_header(key: &str) -> bool {
    header(key, Lang::Zh) != key
}

/// A code value (`primary`, `mid`, `true`, `rooms`, …) or a standard's source in `lang`; None when
/// the catalogue does not have it.
pub fn value(code: &str, lang: Lang) -> Option<&'static str> {
    pick(VALUES, code, lang).or_else(|| pick(SOURCES, code, lang))
}

/// A value written as a JSON object or array (a standard per stage or grade) made readable:
/// `{"kindergarten":1000.0,"primary":2000.0}` becomes `幼儿园 1000；小学 2000`. None for other text.
pub fn readable_json(text: &str, lang: Lang) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let show = |v: &serde_json::Value| match v.as_f64() {
        Some(x) if x.fract() == 0.0 => format!("{x:.0}"),
        Some(x) => format!("{x}"),
        None => v.to_string(),
    };
    match v {
        serde_json::Value::Object(m) => Some(
            m.iter()
                .map(|(k, v)| {
                    let name = value(k, lang).map_or_else(|| header(k, lang), str::to_string);
                    format!("{name} {}", show(v))
                })
                .collect::<Vec<_>>()
                .join(lang.pick("；", "; ")),
        ),
        serde_json::Value::Array(a) => Some(
            a.iter()
                .map(show)
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", ")),
        ),
        _ => None,
    }
}

/// What a standard (a `catchment.toml` key such as `class_cap_primary`) is, in words.
pub fn parameter(key: &str, lang: Lang) -> Option<&'static str> {
    pick(PARAMETERS, key, lang)
}

/// A unit (`m`, `pct`, `pupils`, …) in `lang`; unknown units are shown as given.
pub fn unit(key: &str, lang: Lang) -> String {
    pick(UNITS, key, lang).map_or_else(|| key.to_string(), str::to_string)
}

/// A message, with `{0}`, `{1}`, … replaced by `args`. A missing key shows as `[key]`, which the
/// report tests catch.
pub fn msg(lang: Lang, key: &str, args: &[&str]) -> String {
    let Some(text) = pick(MESSAGES, key, lang) else {
        return format!("[{key}]");
    };
    let mut out = text.to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), a);
    }
    out
}

/// The sheet name for a table in `lang` (at most 31 characters, as Excel requires).
pub fn sheet_name(table: &str, lang: Lang) -> String {
    pick(SHEETS, table, lang)
        .map_or_else(|| table.to_string(), str::to_string)
        .chars()
        .take(31)
        .collect()
}

/// The published reason for a loader message: the first catalogue phrase the message holds (in the
/// catalogue's order, most specific first), never the value itself.
pub fn reason(message: &str, lang: Lang) -> &'static str {
    let lower = message.to_lowercase();
    REASONS.iter().find(|(k, ..)| lower.contains(k)).map_or(
        lang.pick(
            "数据有误（完整说明见数据检查的输出）",
            "invalid value (see the output of catchment check)",
        ),
        |(_, zh, en)| lang.pick(zh, en),
    )
}

/// A copy of `table` with headers in `lang`, code values translated in the columns that hold
/// codes, and duplicate headers told apart.
pub fn localise(table: &super::Table, lang: Lang) -> super::Table {
    let mut t = table.clone();
    let code_cols: Vec<bool> = t
        .headers
        .iter()
        .map(|h| {
            matches!(
                h.as_str(),
                "level"
                    | "stage"
                    | "scenario"
                    | "severity"
                    | "kind"
                    | "unit"
                    | "item"
                    | "confidence"
                    | "source"
                    | "remedy_plan"
                    | "meets_caps"
                    | "chosen"
            )
        })
        .collect();
    for row in &mut t.rows {
        for (c, cell) in row.iter_mut().enumerate() {
            if let super::Cell::Text(s) = cell {
                if code_cols[c] {
                    if let Some(v) = value(s, lang) {
                        *s = v.to_string();
                    }
                }
            }
        }
    }
    let mut seen: Vec<String> = Vec::new();
    t.headers = t
        .headers
        .iter()
        .map(|h| {
            let mut name = header(h, lang);
            let mut n = 2;
            while seen.contains(&name) {
                name = format!("{}（{n}）", header(h, lang));
                n += 1;
            }
            seen.push(name.clone());
            name
        })
        .collect();
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_translate() {
        assert_eq!(header("students", Lang::Zh), "学生数");
        assert_eq!(header("students", Lang::En), "Pupils");
        assert_eq!(header("students_g1", Lang::Zh), "一年级学生数");
        assert_eq!(header("no_such", Lang::Zh), "no_such");
    }

    #[test]
    fn every_key_has_both_languages_and_keys_are_unique() {
        for table in [
            HEADERS, VALUES, UNITS, MESSAGES, SHEETS, REASONS, SOURCES, PARAMETERS,
        ] {
            let mut keys: Vec<&str> = table.iter().map(|(k, ..)| *k).collect();
            keys.sort_unstable();
            let n = keys.len();
            keys.dedup();
            assert_eq!(keys.len(), n, "duplicate keys");
            for (k, zh, en) in table {
                assert!(!zh.is_empty() && (!en.is_empty() || *k == "year"), "{k}");
            }
        }
    }

    #[test]
    fn messages_fill_placeholders_and_reasons_hide_values() {
        assert_eq!(msg(Lang::Zh, "kpi_schools", &["2025"]), "所学校（2025年）");
        assert_eq!(msg(Lang::En, "nope", &[]), "[nope]");
        let m = "students.csv:161: field 'address' value '克什克腾旗同兴镇团结村六组': address not matched: no village";
        assert_eq!(reason(m, Lang::Zh), "地址未能匹配到村或乡镇");
        assert!(!reason("weird '林西县x': blah", Lang::En).contains("林西"));
    }

    #[test]
    fn localised_headers_are_unique() {
        let t = super::super::Table::new("t", &["level", "stage", "students"]);
        let l = localise(&t, Lang::Zh);
        assert_eq!(l.headers, ["学校类型", "学段", "学生数"]);
    }
}
