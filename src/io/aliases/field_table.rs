//! The field table: every field of every table with its canonical English name, its Chinese name,
//! its unit and the headers planners write for it. Kept apart from the matching rules (the parent
//! module) because it is data, and long: adding a header a county uses is one line here.

/// What a field is measured in, when a header's unit matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// No unit to apply (names, counts, coordinates in degrees).
    Plain,
    /// Square metres.
    Area,
    /// Yuan.
    Money,
}

/// One field: its canonical name, its Chinese name, its unit and every accepted header.
pub struct Field {
    pub name: &'static str,
    pub zh: &'static str,
    pub unit: UnitKind,
    pub aliases: &'static [&'static str],
}

const fn f(
    name: &'static str,
    zh: &'static str,
    unit: UnitKind,
    aliases: &'static [&'static str],
) -> Field {
    Field {
        name,
        zh,
        unit,
        aliases,
    }
}

use UnitKind::{Area, Money, Plain};

/// Fields that mean the same thing in every table.
pub(super) const COMMON: &[Field] = &[
    f(
        "name",
        "名称",
        Plain,
        &[
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
    f(
        "lon",
        "经度",
        Plain,
        &["lng", "long", "longitude", "x", "经度", "东经"],
    ),
    f("lat", "纬度", Plain, &["latitude", "y", "纬度", "北纬"]),
    f(
        "level",
        "学段",
        Plain,
        &["学段", "类型", "办学类型", "学校类型", "学校类别"],
    ),
    f(
        "classrooms",
        "普通教室数",
        Plain,
        &["教室数", "普通教室", "普通教室数", "教室"],
    ),
    f("grade", "年级", Plain, &["年级"]),
    f(
        "address",
        "地址",
        Plain,
        &["地址", "家庭住址", "住址", "户籍地址", "现住址", "家庭地址"],
    ),
    f(
        "unit_id",
        "规划单元编号",
        Plain,
        &["unit", "单元", "单元编号", "所属村", "村代码"],
    ),
    f(
        "birth_date",
        "出生日期",
        Plain,
        &["birthdate", "出生日期", "生日"],
    ),
    f(
        "migrant",
        "随迁子女",
        Plain,
        &["随迁子女", "流动人口", "是否随迁"],
    ),
    f("township", "乡镇", Plain, &["乡镇", "苏木乡镇", "所属乡镇"]),
    f("parent", "上级地名", Plain, &["上级", "上级地名"]),
    f(
        "year",
        "年份",
        Plain,
        &["年份", "学年", "年度", "竣工年份", "完工年份", "建成年份"],
    ),
    f(
        "enrolled",
        "在校生数",
        Plain,
        &["在校生", "人数", "学生数", "在校生数", "在校人数"],
    ),
    f(
        "births",
        "出生人数",
        Plain,
        &["出生人数", "出生数", "出生人口"],
    ),
    f("homes", "住宅套数", Plain, &["户数", "套数", "住宅套数"]),
    f("max_classes", "规划班数", Plain, &["最大班数", "规划班数"]),
    f(
        "fixed_cost",
        "建设成本",
        Money,
        &[
            "cost",
            "fixed_cost_yuan",
            "cost_yuan",
            "建设成本",
            "成本",
            "造价",
            "投资",
        ],
    ),
    f(
        "kg_classes",
        "附设幼儿班数",
        Plain,
        &["附设幼儿班", "附设幼儿班数", "学前班", "学前班数"],
    ),
    f(
        "max_students",
        "核定规模",
        Plain,
        &["最大学生数", "核定规模", "最大规模"],
    ),
    f("boarding", "寄宿制", Plain, &["寄宿", "寄宿制", "是否寄宿"]),
    f(
        "expandable_classrooms",
        "可扩建教室数",
        Plain,
        &["可扩建教室", "可增教室", "可扩教室数"],
    ),
    f(
        "qualified_teachers",
        "高于规定学历教师数",
        Plain,
        &[
            "qualified_teacher",
            "teachers_above_required_qualification",
            "高于规定学历教师数",
            "高于规定学历教师",
            "合格教师",
            "学历合格教师数",
            "合格教师数",
        ],
    ),
    f(
        "backbone_teachers",
        "县级及以上骨干教师数",
        Plain,
        &[
            "backbone_teacher",
            "county_backbone_teachers",
            "县级及以上骨干教师数",
            "县级以上骨干教师数",
            "骨干教师",
            "骨干教师数",
        ],
    ),
    f(
        "pe_arts_teachers",
        "体育艺术专任教师数",
        Plain,
        &[
            "pe_art_teachers",
            "pe_and_arts_teachers",
            "体育艺术专任教师数",
            "体育、艺术专任教师数",
            "体育艺术教师",
            "音体美教师",
            "体艺教师数",
        ],
    ),
    f(
        "teaching_aux_area_m2",
        "教学及辅助用房面积",
        Area,
        &[
            "teaching_aux_area",
            "teaching_aux_m2",
            "teaching_auxiliary_area",
            "teaching_and_aux_area",
            "teaching_area",
            "teaching_building_area",
            "building_m2",
            "教学及辅助用房面积",
            "教学辅助用房面积",
            "教学及辅助用房",
        ],
    ),
    f(
        "total_building_area_m2",
        "校舍建筑面积",
        Area,
        &[
            "total_building_area",
            "school_building_area",
            "building_area",
            "校舍建筑面积",
            "校舍面积",
            "校舍总建筑面积",
        ],
    ),
    f(
        "sports_area_m2",
        "体育运动场馆面积",
        Area,
        &[
            "sports_area",
            "sports_m2",
            "sports_ground_area",
            "sports_ground",
            "体育运动场馆面积",
            "运动场面积",
            "体育场馆面积",
            "运动场馆面积",
        ],
    ),
    f(
        "equipment_value_yuan",
        "教学仪器设备值",
        Money,
        &[
            "equipment_value",
            "equipment_yuan",
            "equipment",
            "teaching_equipment_value",
            "教学仪器设备值",
            "仪器设备值",
            "教学仪器设备总值",
            "教学仪器设备资产值",
        ],
    ),
    f(
        "multimedia_classrooms",
        "网络多媒体教室数",
        Plain,
        &[
            "multimedia_rooms",
            "multimedia",
            "networked_multimedia_classrooms",
            "网络多媒体教室数",
            "网络多媒体教室",
            "多媒体教室",
            "多媒体教室数",
        ],
    ),
    f(
        "music_rooms",
        "音乐专用教室数",
        Plain,
        &[
            "music_classrooms",
            "音乐教室",
            "音乐专用教室",
            "音乐专用教室数",
        ],
    ),
    f(
        "music_room_area_m2",
        "最小音乐教室面积",
        Area,
        &[
            "music_room_m2",
            "music_room_area",
            "音乐教室面积",
            "最小音乐教室面积",
        ],
    ),
    f(
        "art_rooms",
        "美术专用教室数",
        Plain,
        &[
            "art_classrooms",
            "美术教室",
            "美术专用教室",
            "美术专用教室数",
        ],
    ),
    f(
        "art_room_area_m2",
        "最小美术教室面积",
        Area,
        &[
            "art_room_m2",
            "art_room_area",
            "美术教室面积",
            "最小美术教室面积",
        ],
    ),
];

const SCHOOL_ID: &[&str] = &["school", "学校代码", "学校编号", "学校", "id"];

/// Fields whose meaning depends on the table (`id`, `school_id`).
pub(super) fn table_specific(table: &str) -> &'static [Field] {
    const SCHOOLS: &[Field] = &[f(
        "id",
        "学校代码",
        Plain,
        &[
            "school_id",
            "学校代码",
            "学校编号",
            "学校标识码",
            "编号",
            "代码",
        ],
    )];
    const STUDENTS: &[Field] = &[
        f(
            "id",
            "学籍号",
            Plain,
            &["student_id", "学号", "学籍号", "学生编号", "编号"],
        ),
        f(
            "school_id",
            "就读学校代码",
            Plain,
            &["school", "学校代码", "学校编号", "就读学校", "学校"],
        ),
    ];
    const BY_SCHOOL: &[Field] = &[f("school_id", "学校代码", Plain, SCHOOL_ID)];
    const UNITS: &[Field] = &[f(
        "id",
        "单元编号",
        Plain,
        &["unit_id", "单元编号", "村代码", "编号", "代码"],
    )];
    const BIRTHS: &[Field] = &[f("unit_id", "单元编号", Plain, &["单元编号", "村代码"])];
    const HOUSING: &[Field] = &[f(
        "id",
        "项目编号",
        Plain,
        &["项目编号", "编号", "项目名称"],
    )];
    const SITES: &[Field] = &[f("id", "地块编号", Plain, &["site_id", "地块编号", "编号"])];
    const GAZETTEER: &[Field] = &[f("name", "地名", Plain, &["地名", "名称", "村名"])];
    const OTHER: &[Field] = &[f("id", "编号", Plain, &["编号"])];
    match table {
        "schools" => SCHOOLS,
        "students" => STUDENTS,
        "history" | "resources" => BY_SCHOOL,
        "units" => UNITS,
        "births" => BIRTHS,
        "housing" => HOUSING,
        "sites" => SITES,
        "gazetteer" => GAZETTEER,
        _ => OTHER,
    }
}
