//! The standards' parameter names and their sources, in Chinese and English: the part of the
//! catalogue ([`super::catalogue`]) the standards table of the report reads.
//!
//! Why its own file: every standard the project keeps has a name and a cited source, and the list
//! grows with each standard; kept apart, the catalogue of sentences stays short.

/// Sources of the standards that the standards table gives in English: text, Chinese, English.
pub const SOURCES: &[(&str, &str, &str)] = &[
    (
        "林西县 2022 学前教育规划: 3 kindergartens are to be split off primary schools (小学附设幼儿班 剥离独立建园), as 学前教育法 (2024) and 幼儿园工作规程 expect of kindergartens; set false where a county keeps its attached classes",
        "林西县 2022 年学前教育规划：3 所幼儿园从小学剥离（小学附设幼儿班剥离独立建园），符合《学前教育法》（2024）与《幼儿园工作规程》对幼儿园的要求；保留附设幼儿班的县可改为“否”",
        "林西县 2022 学前教育规划: 3 kindergartens are to be split off primary schools (小学附设幼儿班 剥离独立建园), as 学前教育法 (2024) and 幼儿园工作规程 expect of kindergartens; set false where a county keeps its attached classes",
    ),
    (
        "catchment default: 2 trips a day × 180 school days (义务教育课程方案 school year) × 20 years of a school's life × 0.5 yuan per pupil-km (county bus fare or a parent's time), ÷ 1,000 = 3.6 yuan per pupil-metre; set locally",
        "catchment 默认值：每天往返 2 次 × 每年 180 个教学日（义务教育课程方案学年）× 学校使用 20 年 × 每生每公里 0.5 元（县内公交票价或家长时间），÷ 1000 = 每生每米 3.6 元，应按本地情况设定",
        "catchment default: 2 trips a day × 180 school days (义务教育课程方案 school year) × 20 years of a school's life × 0.5 yuan per pupil-km (county bus fare or a parent's time), ÷ 1,000 = 3.6 yuan per pupil-metre; set locally",
    ),
    (
        "GB 50180-2018 城市居住区规划设计标准 (幼儿园 300 m, 小学 500 m, 初中 1000 m service radius) widened to a day-trip limit of about 10 / 15 / 30 minutes' walk; set locally",
        "《城市居住区规划设计标准》（GB 50180-2018）服务半径（幼儿园 300 米、小学 500 米、初中 1000 米）放宽为步行约 10 / 15 / 30 分钟的走读距离，应按本地情况设定",
        "GB 50180-2018 城市居住区规划设计标准 (幼儿园 300 m, 小学 500 m, 初中 1000 m service radius) widened to a day-trip limit of about 10 / 15 / 30 minutes' walk; set locally",
    ),
    (
        "农村普通中小学校建设标准 (建标109-2008) and provincial 农村义务教育学校布局 rules (走读 primary about 2.5-3 km, junior about 5 km; rural kindergartens 乡镇中心园 about 2 km); unconfirmed, check the provincial rule",
        "《农村普通中小学校建设标准》（建标109-2008）与各省农村义务教育学校布局规定（走读小学约 2.5–3 公里，初中约 5 公里；农村乡镇中心园约 2 公里）；未核实，请对照本省规定",
        "农村普通中小学校建设标准 (建标109-2008) and provincial 农村义务教育学校布局 rules (走读 primary about 2.5-3 km, junior about 5 km; rural kindergartens 乡镇中心园 about 2 km); unconfirmed, check the provincial rule",
    ),
    (
        "国务院办公厅关于规范农村义务教育学校布局调整的意见 (国办发〔2012〕48号): 小学低年级原则上不寄宿 (grades 1-3 day pupils)",
        "《国务院办公厅关于规范农村义务教育学校布局调整的意见》（国办发〔2012〕48号）：小学低年级原则上不寄宿（一至三年级走读）",
        "国务院办公厅关于规范农村义务教育学校布局调整的意见 (国办发〔2012〕48号): 小学低年级原则上不寄宿 (grades 1-3 day pupils)",
    ),
    (
        "catchment default (a school for access must be at least half full of pupils it brings within the limit); set locally",
        "catchment 默认值（为就近入学新建的学校，其范围内新纳入的学生须至少占一半学位），应按本地情况设定",
        "catchment default (a school for access must be at least half full of pupils it brings within the limit); set locally",
    ),
    (
        "教育部 大班额 definition (56+)",
        "教育部 大班额定义（56人及以上）",
        "Ministry of Education: large class (56+)",
    ),
    (
        "教育部 超大班额 definition (66+)",
        "教育部 超大班额定义（66人及以上）",
        "Ministry of Education: very large class (66+)",
    ),
    (
        "provincial implementation rules (Hebei)",
        "省级实施细则（河北）",
        "provincial implementation rules (Hebei)",
    ),
    (
        "planning assumption (3.2 persons per home); set locally",
        "规划假设（每户3.2人），按当地情况设定",
        "planning assumption (3.2 persons per home); set locally",
    ),
    (
        "provincial rule; Inner Mongolia unconfirmed",
        "省级规定；内蒙古未确认",
        "provincial rule; Inner Mongolia unconfirmed",
    ),
    ("catchment default", "catchment 默认值", "catchment default"),
    (
        "catchment default (site, design and construction of a county school: 2 years; a classroom block: 1 year); set locally",
        "catchment 默认值（县级学校选址、设计与建设：2 年；教学楼扩建：1 年），应按本地情况设定",
        "catchment default (site, design and construction of a county school: 2 years; a classroom block: 1 year); set locally",
    ),
    (
        "catchment default; set locally",
        "catchment 默认值，应按本地情况设定",
        "catchment default; set locally",
    ),
    (
        "城市普通中小学校校舍建设标准 (建标102-2002) and 农村普通中小学校建设标准 (建标109-2008) site area per pupil, mid-size schools; 幼儿园建设标准 (建标175-2016) for kindergartens; unconfirmed, check the provincial rule",
        "《城市普通中小学校校舍建设标准》（建标102-2002）与《农村普通中小学校建设标准》（建标109-2008）中等规模学校生均用地；幼儿园按《幼儿园建设标准》（建标175-2016）；未核实，请对照本省规定",
        "城市普通中小学校校舍建设标准 (建标102-2002) and 农村普通中小学校建设标准 (建标109-2008) site area per pupil, mid-size schools; 幼儿园建设标准 (建标175-2016) for kindergartens; unconfirmed, check the provincial rule",
    ),
    (
        "建标102-2002 / 建标109-2008 校舍建筑面积 per pupil (规划指标), mid-size schools; 建标175-2016 for kindergartens; unconfirmed",
        "建标102-2002 / 建标109-2008 中等规模学校生均校舍建筑面积（规划指标）；幼儿园按建标175-2016；未核实",
        "建标102-2002 / 建标109-2008 校舍建筑面积 per pupil (规划指标), mid-size schools; 建标175-2016 for kindergartens; unconfirmed",
    ),
    (
        "catchment default (county construction cost incl. fit-out); set locally",
        "catchment 默认值（县级建设造价，含装修），应按本地情况设定",
        "catchment default (county construction cost incl. fit-out); set locally",
    ),
    (
        "catchment default (about 90 m² of floor incl. circulation at 3,500 yuan/m², plus equipment); set locally",
        "catchment 默认值（约 90 平方米建筑面积含交通面积，按每平方米 3,500 元计，另加设备），应按本地情况设定",
        "catchment default (about 90 m² of floor incl. circulation at 3,500 yuan/m², plus equipment); set locally",
    ),
    (
        "catchment default (refit of a freed classroom of about 60-90 m² to a kindergarten activity room under 幼儿园建设标准 (建标175-2016): floor, child-height fittings and furniture, a toilet nearby, about 1,700-2,500 yuan/m²); set locally",
        "catchment 默认值（将腾退的约 60–90 平方米教室按《幼儿园建设标准》（建标175-2016）改造为幼儿活动室：地面、适合幼儿高度的设施与家具、就近卫生间，约每平方米 1,700–2,500 元），应按本地情况设定",
        "catchment default (refit of a freed classroom of about 60-90 m² to a kindergarten activity room under 幼儿园建设标准 (建标175-2016): floor, child-height fittings and furniture, a toilet nearby, about 1,700-2,500 yuan/m²); set locally",
    ),
];

/// The standards in words, by their `catchment.toml` key: key, Chinese, English.
pub const PARAMETERS: &[(&str, &str, &str)] = &[
    (
        "travel_limit_urban_m",
        "城镇走读距离上限（米：幼儿园、小学、初中）",
        "Urban day travel limit (m: kindergarten, primary, junior)",
    ),
    (
        "travel_limit_rural_m",
        "农村走读距离上限（米：幼儿园、小学、初中）",
        "Rural day travel limit (m: kindergarten, primary, junior)",
    ),
    (
        "boarding_from_grade",
        "可寄宿的最低年级",
        "Lowest grade that may board",
    ),
    (
        "access_min_fill",
        "就近入学新建学校的最低满额比例",
        "Least fill of a school built for access",
    ),
    (
        "lead_time",
        "建设周期（年）",
        "Construction lead time (years)",
    ),
    (
        "need_lasts_years",
        "新建学校需求须持续的最少年数",
        "Years a need must last to justify a new school",
    ),
    ("land_m2_per_place", "生均用地面积", "Site area per place"),
    ("floor_m2_per_place", "生均建筑面积", "Floor area per place"),
    (
        "build_cost_yuan_per_m2",
        "建设单价（元/平方米）",
        "Construction cost (yuan/m²)",
    ),
    (
        "extension_cost_yuan_per_classroom",
        "扩建每间教室造价（元）",
        "Extension cost per classroom (yuan)",
    ),
    (
        "conversion_cost_yuan_per_room",
        "腾退教室改作幼儿园活动室每间造价（元）",
        "Cost of converting a freed classroom to a kindergarten room (yuan)",
    ),
    (
        "kindergarten_split_off",
        "小学附设幼儿班剥离（幼儿转入幼儿园，教室归还小学）",
        "Attached kindergarten classes split off primary schools (children to kindergartens, rooms back to primary)",
    ),
    (
        "travel_yuan_per_pupil_m",
        "每生每米通学距离折算成本（元）",
        "Travel cost per pupil-metre over a school's life (yuan)",
    ),
    ("class_cap_primary", "小学班额上限", "Primary class cap"),
    (
        "class_cap_junior",
        "初中班额上限",
        "Junior secondary class cap",
    ),
    (
        "class_cap_kindergarten",
        "幼儿园班额上限（小班、中班、大班）",
        "Kindergarten class caps (K1, K2, K3)",
    ),
    ("school_size_max", "学校规模上限", "School size cap"),
    (
        "school_size_max_combined",
        "九年一贯制、十二年一贯制学校规模上限",
        "Size cap of nine- and twelve-year schools",
    ),
    (
        "kindergarten_size_max",
        "幼儿园规模上限",
        "Kindergarten size cap",
    ),
    ("large_class_min", "大班额起点", "Large class from"),
    (
        "very_large_class_min",
        "超大班额起点",
        "Very large class from",
    ),
    ("service_radius_m", "服务半径", "Service radius"),
    (
        "standard_classes_school",
        "学校标准规模（班数）",
        "Standard school sizes (classes)",
    ),
    (
        "standard_classes_kindergarten",
        "幼儿园标准规模（班数）",
        "Standard kindergarten sizes (classes)",
    ),
    (
        "resources_primary",
        "小学办学资源标准",
        "Primary resource standards",
    ),
    (
        "resources_junior",
        "初中办学资源标准",
        "Junior secondary resource standards",
    ),
    (
        "min_indicators_met",
        "须达标的指标数",
        "Indicators a school must meet",
    ),
    (
        "cv_max_primary",
        "小学差异系数上限",
        "Primary coefficient of variation cap",
    ),
    (
        "cv_max_junior",
        "初中差异系数上限",
        "Junior secondary coefficient of variation cap",
    ),
    (
        "exclude_teaching_points_below",
        "不计入差异系数的教学点规模（学生数以下）",
        "Teaching points below this size are left out of the CVs",
    ),
    (
        "remainder_floor_ratio",
        "未达标指标的最低比例",
        "Floor for the one indicator allowed below the standard",
    ),
    (
        "split_nine_year",
        "九年一贯制学校折算系数",
        "Nine-year school weighting",
    ),
    (
        "split_twelve_year",
        "十二年一贯制学校折算系数",
        "Twelve-year school weighting",
    ),
    (
        "classes_per_music_art_room",
        "每间音乐、美术教室对应班数",
        "Classes per music or art room",
    ),
    (
        "music_room_min_m2",
        "音乐教室最小面积",
        "Smallest music room",
    ),
    ("art_room_min_m2", "美术教室最小面积", "Smallest art room"),
    (
        "students_per_100_homes",
        "每百户学生数（幼儿园、小学、初中）",
        "Pupils per 100 homes (kindergarten, primary, junior)",
    ),
    ("primary_entry_age", "小学入学年龄", "Primary entry age"),
    (
        "entry_cutoff",
        "入学年龄截止日（月-日）",
        "Entry age cut-off (month-day)",
    ),
    (
        "min_site_spacing_m",
        "新校址与现有学校最小间距",
        "Least distance of a new site from existing schools",
    ),
];
