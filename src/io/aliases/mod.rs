//! Column headers: the English and Chinese names planners actually use for each field, the unit a
//! header may carry, and "did you mean" for a header that names no field.
//!
//! Tables come from many offices; one writes `学校名称`, another `名称`, another `name`. The names of
//! the resource fields follow the Ministry's 2017 assessment rules and the annual statistical forms
//! (教育事业统计), e.g. 教学及辅助用房面积. Each field has one canonical English name that says what it
//! is, with its unit (`_m2`, `_yuan`); earlier names are kept as aliases. Every header is normalised
//! (case, spaces, `_`/`-`, a bracketed unit, short and long forms of the same words) and mapped to
//! its field. A unit in brackets (`（万元）`, `（平方米）`) is applied to the values, never stripped
//! silently; an unknown unit on a field that has one is an error. The `id` column depends on the
//! table (学号 is a student's id, 学校代码 a school's id but, in the students table, the student's
//! school). [`markdown_table`] is the README's table of every accepted header.

mod field_table;

use crate::model::Grade;
use crate::standards::edit_distance;
use field_table::{table_specific, COMMON};
pub use field_table::{Field, UnitKind};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use UnitKind::{Area, Money, Plain};

/// The fields of `table`, table-specific first (they take precedence).
fn fields(table: &str) -> impl Iterator<Item = &'static Field> {
    table_specific(table).iter().chain(COMMON.iter())
}

/// Lower-case, drop spaces, `_`, `-`, `、` and a trailing bracketed unit, and fold short and long forms
/// of the same words: `Lon (°)` → `lon`, `Teaching and auxiliary floor area (m²)` →
/// `teachingauxarea`.
fn normalise(header: &str) -> String {
    let (name, _) = split_unit(header);
    let h: String = name
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '、' | '.'))
        .collect();
    let mut h = h
        .replace("auxiliary", "aux")
        .replace("andaux", "aux")
        .replace("floorarea", "area")
        .replace("squaremetres", "m2")
        .replace("㎡", "m2")
        .replace("m²", "m2");
    for unit in ["m2", "sqm", "yuan"] {
        if h.len() > unit.len() + 2 {
            if let Some(rest) = h.strip_suffix(unit) {
                h = rest.to_string();
                break;
            }
        }
    }
    h
}

/// A header's name and the unit in its last bracket, if any: `教学仪器设备值（万元）` →
/// (`教学仪器设备值`, `万元`).
pub fn split_unit(header: &str) -> (&str, Option<&str>) {
    let h = header.trim().trim_start_matches('\u{feff}').trim();
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']'), ('【', '】')] {
        if let Some(i) = h.find(open) {
            if i > 0 {
                let unit = h[i + open.len_utf8()..].trim_end_matches(close).trim();
                return (h[..i].trim(), Some(unit));
            }
        }
    }
    (h, None)
}

/// The field a header names in `table`, if it is one catchment knows.
pub fn field(table: &str, header: &str) -> Option<&'static Field> {
    let h = normalise(header);
    if h.is_empty() {
        return None;
    }
    field_index(table).get(h.as_str()).copied()
}

/// Every normalised name and alias of `table`'s fields, mapped to the first field (in [`fields`]
/// order) that has it. Built once per table: headers are looked up for every file read, and
/// normalising every alias on each lookup made reading a large table's first lines slow.
fn field_index(table: &str) -> &'static HashMap<String, &'static Field> {
    static INDEX: OnceLock<Mutex<HashMap<String, &'static FieldIndex>>> = OnceLock::new();
    let mut all = INDEX
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    all.entry(table.to_string()).or_insert_with(|| {
        let mut index = FieldIndex::new();
        for f in fields(table) {
            for name in std::iter::once(&f.name).chain(f.aliases) {
                index.entry(normalise(name)).or_insert(f);
            }
        }
        Box::leak(Box::new(index))
    })
}

type FieldIndex = HashMap<String, &'static Field>;

/// The canonical column a header names in `table`, if it is one catchment knows.
pub fn canonical(table: &str, header: &str) -> Option<&'static str> {
    if let Some(f) = field(table, header) {
        return Some(f.name);
    }
    grade_column(&normalise(header))
}

/// A per-grade count column: `k1`..`g9`, or `一年级`, `小班`, `初一`.
fn grade_column(h: &str) -> Option<&'static str> {
    if h.is_empty() || h.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Grade::parse(h).map(|g| g.code())
}

/// The factor turning values under `header` into the field's unit (m², yuan): 1 without a unit.
/// None when the header's unit is not one catchment knows for that kind of field.
pub fn unit_scale(kind: UnitKind, header: &str) -> Option<f64> {
    let Some(unit) = split_unit(header).1 else {
        return Some(1.0);
    };
    let u: String = unit
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let scale = match kind {
        Plain => Some(1.0),
        Area => match u.as_str() {
            "平方米" | "平米" | "㎡" | "m2" | "m²" | "sqm" | "米2" => Some(1.0),
            "万平方米" | "万㎡" | "万m2" | "万m²" => Some(1e4),
            "亩" => Some(2000.0 / 3.0),
            "公顷" | "ha" => Some(1e4),
            _ => None,
        },
        Money => match u.as_str() {
            "元" | "yuan" | "rmb" | "cny" | "¥" | "人民币元" => Some(1.0),
            "千元" => Some(1e3),
            "万元" | "万" | "10kyuan" => Some(1e4),
            "百万元" => Some(1e6),
            "亿元" => Some(1e8),
            _ => None,
        },
    };
    scale
}

/// The known fields closest to an unknown header, as `'name' (中文名)`, at most three.
pub fn suggestions(table: &str, header: &str) -> Vec<String> {
    let h = normalise(header);
    if h.is_empty() {
        return Vec::new();
    }
    let limit = (h.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &Field)> = Vec::new();
    for field in fields(table) {
        let d = std::iter::once(field.name)
            .chain(field.aliases.iter().copied())
            .map(|a| edit_distance(&h, &normalise(a)))
            .min()
            .unwrap_or(usize::MAX);
        if d <= limit && !scored.iter().any(|(_, f)| f.name == field.name) {
            scored.push((d, field));
        }
    }
    scored.sort_by_key(|(d, _)| *d);
    scored
        .into_iter()
        .take(3)
        .map(|(_, f)| format!("'{}' ({})", f.name, f.zh))
        .collect()
}

/// The field's display name for messages: `'teaching_aux_area_m2' (教学及辅助用房面积)`.
pub fn display(table: &str, canon: &str) -> String {
    match fields(table).find(|f| f.name == canon) {
        Some(f) => format!("'{}' ({})", f.name, f.zh),
        None => format!("'{canon}'"),
    }
}

/// The accepted headers for a canonical column, for hints.
pub fn accepted(table: &str, canon: &str) -> String {
    fields(table)
        .find(|f| f.name == canon)
        .map(|f| {
            std::iter::once(f.name)
                .chain(f.aliases.iter().copied())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_else(|| canon.to_string())
}

/// The README's table of every accepted header, field by field.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| field | 中文名 | unit | tables | accepted headers |\n|---|---|---|---|---|\n",
    );
    let row = |out: &mut String, f: &Field, tables: &str| {
        let unit = match f.unit {
            Plain => "",
            Area => "m² (万平方米, 亩, 公顷 converted)",
            Money => "yuan (千元, 万元, 亿元 converted)",
        };
        out.push_str(&format!(
            "| `{}` | {} | {unit} | {tables} | {} |\n",
            f.name,
            f.zh,
            f.aliases.join(", ")
        ));
    };
    for table in [
        "schools",
        "students",
        "history",
        "units",
        "births",
        "housing",
        "sites",
        "gazetteer",
    ] {
        for f in table_specific(table) {
            row(&mut out, f, table);
        }
    }
    for f in COMMON {
        row(&mut out, f, "all");
    }
    out.push_str("| `k1`–`k3`, `g1`–`g9` | 小班/中班/大班, 一年级…九年级, 初一…初三 | | schools, history, units | K1, 小班, 一年级, 初一, … |\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_headers() {
        assert_eq!(canonical("schools", "学校名称"), Some("name"));
        assert_eq!(canonical("schools", "学校代码"), Some("id"));
        assert_eq!(canonical("students", "学校代码"), Some("school_id"));
        assert_eq!(canonical("students", "学籍号"), Some("id"));
        assert_eq!(canonical("schools", " Lon (°)"), Some("lon"));
        assert_eq!(canonical("schools", "经度"), Some("lon"));
        assert_eq!(canonical("schools", "一年级"), Some("g1"));
        assert_eq!(canonical("schools", "K2"), Some("k2"));
        assert_eq!(canonical("schools", "Max_Students"), Some("max_students"));
        assert_eq!(canonical("schools", "备注"), None);
        assert_eq!(canonical("schools", "1"), None);
    }

    #[test]
    fn official_names_and_english_variants() {
        for h in [
            "教学及辅助用房面积",
            "教学及辅助用房面积（平方米）",
            "teaching_aux_area_m2",
            "Teaching and auxiliary floor area (m²)",
            "teaching aux area",
            "building_m2",
        ] {
            assert_eq!(
                canonical("resources", h),
                Some("teaching_aux_area_m2"),
                "{h}"
            );
        }
        // The total building area is a different, larger quantity.
        assert_eq!(
            canonical("resources", "校舍建筑面积"),
            Some("total_building_area_m2")
        );
        assert_eq!(
            canonical("resources", "校舍面积（㎡）"),
            Some("total_building_area_m2")
        );
        assert_eq!(
            canonical("resources", "体育运动场馆面积"),
            Some("sports_area_m2")
        );
        assert_eq!(canonical("resources", "sports_m2"), Some("sports_area_m2"));
        assert_eq!(
            canonical("resources", "教学仪器设备值（万元）"),
            Some("equipment_value_yuan")
        );
        assert_eq!(
            canonical("resources", "equipment yuan"),
            Some("equipment_value_yuan")
        );
        assert_eq!(
            canonical("resources", "网络多媒体教室"),
            Some("multimedia_classrooms")
        );
        assert_eq!(
            canonical("resources", "multimedia_rooms"),
            Some("multimedia_classrooms")
        );
    }

    #[test]
    fn header_units_scale_values() {
        assert_eq!(unit_scale(Money, "教学仪器设备值（万元）"), Some(1e4));
        assert_eq!(unit_scale(Money, "equipment_value_yuan"), Some(1.0));
        assert_eq!(unit_scale(Area, "教学及辅助用房面积（平方米）"), Some(1.0));
        assert_eq!(unit_scale(Area, "运动场面积(万平方米)"), Some(1e4));
        assert_eq!(unit_scale(Area, "面积（个）"), None);
        assert_eq!(unit_scale(Plain, "Lon (°)"), Some(1.0));
    }

    #[test]
    fn unknown_headers_get_the_closest_fields() {
        assert_eq!(
            suggestions("resources", "qualifed_teachers"),
            ["'qualified_teachers' (高于规定学历教师数)"]
        );
        assert!(suggestions("schools", "校长电话号码").is_empty());
    }

    #[test]
    fn no_header_names_two_fields() {
        for table in [
            "schools",
            "students",
            "history",
            "resources",
            "units",
            "sites",
        ] {
            let mut seen: Vec<(String, &str)> = Vec::new();
            for f in fields(table) {
                for a in std::iter::once(f.name).chain(f.aliases.iter().copied()) {
                    let n = normalise(a);
                    if let Some((_, other)) = seen.iter().find(|(s, o)| *s == n && *o != f.name) {
                        // A table-specific field deliberately shadows a common one.
                        assert!(
                            table_specific(table).iter().any(|t| t.name == *other),
                            "{table}: '{a}' names {} and {other}",
                            f.name
                        );
                    }
                    seen.push((n, f.name));
                }
            }
        }
    }
}
