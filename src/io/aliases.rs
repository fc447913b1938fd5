//! Column header aliases: the English and Chinese names planners actually use for each column.
//!
//! Tables come from many offices; one writes `学校名称`, another `名称`, another `name`. Each header is
//! normalised (case, spaces, `_`/`-`, a trailing unit in brackets) and mapped to the canonical column
//! name the record builders use. The `id` column depends on the table (学号 is a student's id, 学校代码
//! a school's id but, in the students table, the student's school).

use crate::model::Grade;

/// Aliases that mean the same thing in every table.
const COMMON: &[(&str, &[&str])] = &[
    (
        "name",
        &[
            "name",
            "名称",
            "学校名称",
            "校名",
            "单元名称",
            "村名",
            "地名",
            "村庄",
            "名字",
        ],
    ),
    (
        "lon",
        &["lon", "lng", "long", "longitude", "x", "经度", "东经"],
    ),
    ("lat", &["lat", "latitude", "y", "纬度", "北纬"]),
    (
        "level",
        &["level", "学段", "类型", "办学类型", "学校类型", "学校类别"],
    ),
    (
        "classrooms",
        &["classrooms", "教室数", "普通教室", "普通教室数", "教室"],
    ),
    ("grade", &["grade", "年级"]),
    (
        "address",
        &[
            "address",
            "地址",
            "家庭住址",
            "住址",
            "户籍地址",
            "现住址",
            "家庭地址",
        ],
    ),
    (
        "unit_id",
        &["unit_id", "unit", "单元", "单元编号", "所属村", "村代码"],
    ),
    (
        "birth_date",
        &["birth_date", "birthdate", "出生日期", "生日"],
    ),
    ("migrant", &["migrant", "随迁子女", "流动人口", "是否随迁"]),
    ("township", &["township", "乡镇", "苏木乡镇", "所属乡镇"]),
    ("parent", &["parent", "上级", "上级地名"]),
    (
        "year",
        &[
            "year",
            "年份",
            "学年",
            "年度",
            "竣工年份",
            "完工年份",
            "建成年份",
        ],
    ),
    (
        "enrolled",
        &[
            "enrolled",
            "在校生",
            "人数",
            "学生数",
            "在校生数",
            "在校人数",
        ],
    ),
    ("births", &["births", "出生人数", "出生数", "出生人口"]),
    ("homes", &["homes", "户数", "套数", "住宅套数"]),
    ("max_classes", &["max_classes", "最大班数", "规划班数"]),
    (
        "fixed_cost",
        &["fixed_cost", "cost", "建设成本", "成本", "造价", "投资"],
    ),
    (
        "kg_classes",
        &[
            "kg_classes",
            "附设幼儿班",
            "附设幼儿班数",
            "学前班",
            "学前班数",
        ],
    ),
    (
        "max_students",
        &["max_students", "最大学生数", "核定规模", "最大规模"],
    ),
    ("boarding", &["boarding", "寄宿", "寄宿制", "是否寄宿"]),
    (
        "expandable_classrooms",
        &[
            "expandable_classrooms",
            "可扩建教室",
            "可增教室",
            "可扩教室数",
        ],
    ),
    (
        "qualified_teachers",
        &[
            "qualified_teachers",
            "合格教师",
            "学历合格教师数",
            "合格教师数",
        ],
    ),
    (
        "backbone_teachers",
        &["backbone_teachers", "骨干教师", "骨干教师数"],
    ),
    (
        "pe_arts_teachers",
        &[
            "pe_arts_teachers",
            "体育艺术教师",
            "音体美教师",
            "体艺教师数",
        ],
    ),
    ("building_m2", &["building_m2", "校舍面积", "校舍建筑面积"]),
    (
        "sports_m2",
        &["sports_m2", "运动场面积", "体育运动场馆面积"],
    ),
    (
        "equipment_yuan",
        &["equipment_yuan", "仪器设备值", "教学仪器设备值"],
    ),
    (
        "multimedia_rooms",
        &["multimedia_rooms", "多媒体教室", "网络多媒体教室"],
    ),
    ("music_rooms", &["music_rooms", "音乐教室", "音乐专用教室"]),
    ("music_room_m2", &["music_room_m2", "音乐教室面积"]),
    ("art_rooms", &["art_rooms", "美术教室", "美术专用教室"]),
    ("art_room_m2", &["art_room_m2", "美术教室面积"]),
];

/// Aliases for `id` and `school_id`, which depend on the table.
fn table_specific(table: &str) -> &'static [(&'static str, &'static [&'static str])] {
    match table {
        "schools" => &[(
            "id",
            &[
                "id",
                "school_id",
                "学校代码",
                "学校编号",
                "学校标识码",
                "编号",
                "代码",
            ],
        )],
        "students" => &[
            (
                "id",
                &["id", "student_id", "学号", "学籍号", "学生编号", "编号"],
            ),
            (
                "school_id",
                &[
                    "school_id",
                    "school",
                    "学校代码",
                    "学校编号",
                    "就读学校",
                    "学校",
                ],
            ),
        ],
        "history" | "resources" => &[(
            "school_id",
            &["school_id", "school", "学校代码", "学校编号", "学校", "id"],
        )],
        "units" => &[(
            "id",
            &["id", "unit_id", "单元编号", "村代码", "编号", "代码"],
        )],
        "births" => &[("unit_id", &["unit_id", "单元编号", "村代码"])],
        "housing" => &[("id", &["id", "项目编号", "编号", "项目名称"])],
        "sites" => &[("id", &["id", "site_id", "地块编号", "编号"])],
        "gazetteer" => &[("name", &["name", "地名", "名称", "村名"])],
        _ => &[("id", &["id", "编号"])],
    }
}

/// Lower-case, drop spaces, `_`, `-` and a trailing bracketed unit: `Lon (°)` → `lon`, `校舍面积（㎡）`
/// → `校舍面积`.
fn normalise(header: &str) -> String {
    let mut h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    for open in ['(', '（', '['] {
        if let Some(i) = h.find(open) {
            if i > 0 {
                h.truncate(i);
            }
        }
    }
    h.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .collect()
}

/// The canonical column a header names in `table`, if it is one catchment knows.
pub fn canonical(table: &str, header: &str) -> Option<&'static str> {
    let h = normalise(header);
    if h.is_empty() {
        return None;
    }
    let lists = table_specific(table).iter().chain(COMMON.iter());
    for (canon, aliases) in lists {
        if aliases.iter().any(|a| normalise(a) == h) {
            return Some(canon);
        }
    }
    grade_column(&h)
}

/// A per-grade count column: `k1`..`g9`, or `一年级`, `小班`, `初一`.
fn grade_column(h: &str) -> Option<&'static str> {
    if h.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Grade::parse(h).map(|g| g.code())
}

/// The accepted headers for a canonical column, for hints.
pub fn accepted(table: &str, canon: &str) -> String {
    table_specific(table)
        .iter()
        .chain(COMMON.iter())
        .find(|(c, _)| *c == canon)
        .map(|(_, a)| a.join(", "))
        .unwrap_or_else(|| canon.to_string())
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
        assert_eq!(
            canonical("resources", "校舍面积（㎡）"),
            Some("building_m2")
        );
        assert_eq!(canonical("schools", "一年级"), Some("g1"));
        assert_eq!(canonical("schools", "K2"), Some("k2"));
        assert_eq!(canonical("schools", "Max_Students"), Some("max_students"));
        assert_eq!(canonical("schools", "备注"), None);
        assert_eq!(canonical("schools", "1"), None);
    }
}
