//! Column headers and labels in Chinese and English. CSV files keep the English machine names (stable
//! for scripts); the workbook and the HTML show the report's language.

/// (machine name, Chinese) pairs for every column the report writes.
const HEADERS: &[(&str, &str)] = &[
    ("school_id", "学校代码"),
    ("name", "学校名称"),
    ("level", "学段"),
    ("students", "学生数"),
    ("classes_needed", "需要班数"),
    ("classrooms", "教室数"),
    ("classrooms_short", "缺教室数"),
    ("max_class_size", "最大班额"),
    ("large_classes", "大班额班数"),
    ("very_large_classes", "超大班额班数"),
    ("over_size_cap", "超规模"),
    ("over_class_cap", "超班额"),
    ("utilisation", "利用率"),
    ("year", "年份"),
    ("grade", "年级"),
    ("scenario", "情景"),
    ("table", "数据表"),
    ("file", "文件"),
    ("encoding", "编码"),
    ("records", "记录数"),
    ("rejects", "剔除数"),
    ("severity", "级别"),
    ("problem", "问题"),
    ("key", "参数"),
    ("value", "取值"),
    ("source", "依据"),
    ("confidence", "可信度"),
    ("distance_m", "距离(米)"),
    ("mean_distance_m", "平均距离(米)"),
    ("within_radius_share", "服务半径内比例"),
    ("site_id", "校址"),
    ("classes", "班数"),
    ("open_year", "开办年份"),
    ("indicator", "指标"),
    ("stage", "学段"),
    ("cv", "差异系数"),
    ("cv_max", "差异系数上限"),
    ("passes", "达标"),
];

/// The header for `key` in `lang` (`zh` or `en`); unknown keys are returned as they are.
pub fn header(key: &str, lang: &str) -> String {
    if lang != "zh" {
        return key.to_string();
    }
    HEADERS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| key.to_string(), |(_, zh)| zh.to_string())
}

/// A copy of `table` with headers in `lang`.
pub fn localise(table: &super::Table, lang: &str) -> super::Table {
    let mut t = table.clone();
    t.headers = t.headers.iter().map(|h| header(h, lang)).collect();
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_translate_in_zh_only() {
        assert_eq!(header("students", "zh"), "学生数");
        assert_eq!(header("students", "en"), "students");
        assert_eq!(header("no_such", "zh"), "no_such");
    }
}
