//! The keys `catchment.toml` may hold, and the range every standard must lie in.
//!
//! A typo'd key (`forcast.window`, `class_cap_primay`) used to be ignored or reported without a
//! suggestion, and a class cap of 0 or a negative radius was accepted and made every later number
//! meaningless. Here every key is checked against the known ones (with the closest known key when it
//! is not one) and every standard against its range, before any engine sees the settings.

use super::closest::{closest, edit_distance};
use super::Standards;
use crate::grade::Stage;

/// Engine options, by dotted name. `[options]`, `[forecast]` and `[zones]` tables (and dotted keys
/// such as `zones.count_expandable = true`) are flattened to these names.
pub const KNOWN_OPTIONS: &[&str] = &[
    "forecast.window",
    "forecast.smoothing",
    "forecast.shrinkage",
    "forecast.horizon",
    "forecast.base_year",
    "forecast.max_gap_years",
    "forecast.housing_ramp_years",
    "forecast.quantile_low",
    "forecast.quantile_high",
    "forecast.feeder",
    "forecast.feeder_prior",
    "forecast.backtest_min_years",
    "forecast.model",
    "zones.count_expandable",
];

/// Top-level tables whose keys are engine options (`[forecast] window = 4`).
pub const OPTION_GROUPS: &[&str] = &["forecast", "zones"];

/// Every leaf key of `[standards]`, dotted (`standards.service_radius_m.primary`).
pub fn standards_keys() -> Vec<String> {
    let value = toml::Value::try_from(Standards::default()).expect("standards serialize to TOML");
    let mut out = Vec::new();
    leaves("standards", &value, &mut out);
    out.into_iter().map(|(k, _)| k).collect()
}

/// Every key a planner may write, dotted, for "did you mean".
pub fn all_keys() -> Vec<String> {
    let mut keys = vec!["crs.input".to_string(), "crs.planar".to_string()];
    keys.extend(standards_keys());
    keys.extend(KNOWN_OPTIONS.iter().map(|k| k.to_string()));
    keys.extend(KNOWN_OPTIONS.iter().map(|k| format!("options.{k}")));
    keys
}

/// The leaves of a TOML value as (dotted path, value); arrays are leaves.
pub fn leaves(prefix: &str, v: &toml::Value, out: &mut Vec<(String, toml::Value)>) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(&path, v, out);
            }
        }
        _ => out.push((prefix.to_string(), v.clone())),
    }
}

/// The known keys closest to `key`: those within a few edits, else the single nearest one.
pub fn suggest(key: &str, known: &[String]) -> Vec<String> {
    let near = closest(key, known.iter().map(String::as_str), 3);
    if !near.is_empty() {
        return near.into_iter().map(str::to_string).collect();
    }
    known
        .iter()
        .min_by_key(|k| edit_distance(key, k))
        .map(|k| vec![k.clone()])
        .unwrap_or_default()
}

/// One standard outside its range: (key, value as written, what is allowed).
pub type RangeProblem = (String, String, &'static str);

/// Every standard outside its range, in field order.
pub fn range_problems(s: &Standards) -> Vec<RangeProblem> {
    let mut out = Vec::new();
    let mut count = |key: &str, v: u32, lo: u32, hi: u32, what: &'static str| {
        if !(lo..=hi).contains(&v) {
            out.push((format!("standards.{key}"), v.to_string(), what));
        }
    };
    count(
        "class_cap_primary",
        s.class_cap_primary,
        1,
        100,
        "a class cap of 1-100 pupils",
    );
    count(
        "class_cap_junior",
        s.class_cap_junior,
        1,
        100,
        "a class cap of 1-100 pupils",
    );
    for (i, c) in s.class_cap_kindergarten.iter().enumerate() {
        let key = format!("class_cap_kindergarten[{i}]");
        count(&key, *c, 1, 100, "a class cap of 1-100 children");
    }
    count(
        "school_size_max",
        s.school_size_max,
        1,
        100_000,
        "1 or more pupils",
    );
    count(
        "school_size_max_combined",
        s.school_size_max_combined,
        1,
        100_000,
        "1 or more pupils",
    );
    count(
        "kindergarten_size_max",
        s.kindergarten_size_max,
        1,
        100_000,
        "1 or more children",
    );
    count("large_class_min", s.large_class_min, 1, 200, "1-200 pupils");
    count(
        "very_large_class_min",
        s.very_large_class_min,
        1,
        200,
        "1-200 pupils",
    );
    count(
        "min_indicators_met",
        s.min_indicators_met,
        0,
        7,
        "0-7 indicators",
    );
    count(
        "classes_per_music_art_room",
        s.classes_per_music_art_room,
        1,
        100,
        "1 or more classes",
    );
    count(
        "boarding_from_grade",
        s.boarding_from_grade,
        1,
        10,
        "a grade of 1-9 (10: no pupil boards)",
    );
    count(
        "primary_entry_age",
        s.primary_entry_age,
        3,
        9,
        "an age of 3-9 years",
    );
    count(
        "exclude_teaching_points_below",
        s.exclude_teaching_points_below,
        0,
        100_000,
        "0 or more pupils",
    );
    for (key, list) in [
        ("standard_classes_school", &s.standard_classes_school),
        (
            "standard_classes_kindergarten",
            &s.standard_classes_kindergarten,
        ),
    ] {
        if list.is_empty() || list.contains(&0) {
            out.push((
                format!("standards.{key}"),
                format!("{list:?}"),
                "a list of class counts, each 1 or more",
            ));
        }
    }
    let mut real = |key: String, v: f64, ok: bool, what: &'static str| {
        if !(v.is_finite() && ok) {
            out.push((key, v.to_string(), what));
        }
    };
    let r = &s.service_radius_m;
    for (k, v) in [
        ("kindergarten", r.kindergarten),
        ("primary", r.primary),
        ("junior", r.junior),
    ] {
        real(
            format!("standards.service_radius_m.{k}"),
            v,
            v > 0.0,
            "a radius of more than 0 m",
        );
    }
    for (stage, t) in [
        ("primary", &s.resources_primary),
        ("junior", &s.resources_junior),
    ] {
        let fields = [
            ("qualified_teachers_per100", t.qualified_teachers_per100),
            ("backbone_teachers_per100", t.backbone_teachers_per100),
            ("pe_arts_teachers_per100", t.pe_arts_teachers_per100),
            (
                "teaching_area_m2_per_student",
                t.teaching_area_m2_per_student,
            ),
            ("sports_area_m2_per_student", t.sports_area_m2_per_student),
            ("equipment_yuan_per_student", t.equipment_yuan_per_student),
            ("multimedia_rooms_per100", t.multimedia_rooms_per100),
        ];
        for (k, v) in fields {
            real(
                format!("standards.resources_{stage}.{k}"),
                v,
                v >= 0.0,
                "a threshold of 0 or more",
            );
        }
    }
    let ratio = s.remainder_floor_ratio;
    real(
        "standards.remainder_floor_ratio".into(),
        ratio,
        (0.0..=1.0).contains(&ratio),
        "a share of 0-1",
    );
    for (k, v) in [
        ("cv_max_primary", s.cv_max_primary),
        ("cv_max_junior", s.cv_max_junior),
    ] {
        real(
            format!("standards.{k}"),
            v,
            v > 0.0,
            "a coefficient of variation above 0",
        );
    }
    for (i, w) in s.split_nine_year.iter().enumerate() {
        real(
            format!("standards.split_nine_year[{i}]"),
            *w,
            *w > 0.0,
            "a weight above 0",
        );
    }
    for (i, w) in s.split_twelve_year.iter().enumerate() {
        real(
            format!("standards.split_twelve_year[{i}]"),
            *w,
            *w > 0.0,
            "a weight above 0",
        );
    }
    for (k, v) in [
        ("music_room_min_m2", s.music_room_min_m2),
        ("art_room_min_m2", s.art_room_min_m2),
    ] {
        real(
            format!("standards.{k}"),
            v,
            v >= 0.0,
            "an area of 0 m² or more",
        );
    }
    for (i, v) in s.students_per_100_homes.iter().enumerate() {
        real(
            format!("standards.students_per_100_homes[{i}]"),
            *v,
            *v >= 0.0,
            "0 or more pupils",
        );
    }
    for (k, a) in [
        ("travel_limit_urban_m", &s.travel_limit_urban_m),
        ("travel_limit_rural_m", &s.travel_limit_rural_m),
    ] {
        for stage in [Stage::Kindergarten, Stage::Primary, Stage::Junior] {
            real(
                format!("standards.{k}.{}", stage.as_str()),
                a.of(stage),
                a.of(stage) > 0.0,
                "a travel limit of more than 0 m",
            );
        }
    }
    real(
        "standards.access_min_fill".into(),
        s.access_min_fill,
        (0.0..=1.0).contains(&s.access_min_fill),
        "a share from 0 to 1",
    );
    for (k, a) in [
        ("land_m2_per_place", &s.land_m2_per_place),
        ("floor_m2_per_place", &s.floor_m2_per_place),
    ] {
        for (stage, v) in [
            ("kindergarten", a.kindergarten),
            ("primary", a.primary),
            ("junior", a.junior),
        ] {
            real(
                format!("standards.{k}.{stage}"),
                v,
                v > 0.0,
                "an area of more than 0 m² per place",
            );
        }
    }
    for (k, v) in [
        ("build_cost_yuan_per_m2", s.build_cost_yuan_per_m2),
        (
            "extension_cost_yuan_per_classroom",
            s.extension_cost_yuan_per_classroom,
        ),
        (
            "conversion_cost_yuan_per_room",
            s.conversion_cost_yuan_per_room,
        ),
        ("travel_yuan_per_pupil_m", s.travel_yuan_per_pupil_m),
    ] {
        real(
            format!("standards.{k}"),
            v,
            v >= 0.0,
            "a cost of 0 yuan or more",
        );
    }
    let spacing = s.min_site_spacing_m;
    real(
        "standards.min_site_spacing_m".into(),
        spacing,
        spacing >= 0.0,
        "a distance of 0 m or more",
    );
    if s.large_class_min >= s.very_large_class_min {
        out.push((
            "standards.large_class_min".into(),
            s.large_class_min.to_string(),
            "less than very_large_class_min",
        ));
    }
    if !valid_cutoff(&s.entry_cutoff) {
        out.push((
            "standards.entry_cutoff".into(),
            s.entry_cutoff.clone(),
            "a date written MM-DD",
        ));
    }
    out
}

fn valid_cutoff(s: &str) -> bool {
    let Some((m, d)) = s.split_once('-') else {
        return false;
    };
    match (m.parse::<u32>(), d.parse::<u32>()) {
        (Ok(m), Ok(d)) => {
            (1..=12).contains(&m) && (1..=31).contains(&d) && m.to_string().len() <= 2
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_in_range() {
        assert_eq!(
            range_problems(&Standards::default()),
            Vec::<RangeProblem>::new()
        );
    }

    #[test]
    fn zero_cap_and_negative_radius_are_out_of_range() {
        let mut s = Standards {
            class_cap_primary: 0,
            ..Standards::default()
        };
        s.service_radius_m.junior = -5.0;
        let keys: Vec<String> = range_problems(&s).into_iter().map(|p| p.0).collect();
        assert_eq!(
            keys,
            [
                "standards.class_cap_primary",
                "standards.service_radius_m.junior"
            ]
        );
    }

    #[test]
    fn travel_limits_boarding_and_access_fill_are_range_checked() {
        let mut s: Standards = toml::from_str(
            "boarding_from_grade = 11\naccess_min_fill = 1.5\n[travel_limit_rural_m]\nkindergarten = 1500\nprimary = 0\njunior = 6000\n",
        )
        .unwrap();
        assert_eq!(s.travel_limit_rural_m.of(Stage::Kindergarten), 1500.0);
        assert_eq!(s.travel_limit_urban_m.of(Stage::Primary), 1000.0);
        let keys: Vec<String> = range_problems(&s).into_iter().map(|p| p.0).collect();
        assert_eq!(
            keys,
            [
                "standards.boarding_from_grade",
                "standards.travel_limit_rural_m.primary",
                "standards.access_min_fill"
            ]
        );
        s.access_min_fill = 0.5;
        s.boarding_from_grade = 4;
        s.travel_limit_rural_m.primary = 3000.0;
        assert!(range_problems(&s).is_empty());
    }

    #[test]
    fn standards_keys_are_the_leaves() {
        let keys = standards_keys();
        assert!(keys.contains(&"standards.class_cap_primary".to_string()));
        assert!(keys.contains(&"standards.service_radius_m.junior".to_string()));
        assert!(keys.contains(&"standards.resources_junior.equipment_yuan_per_student".to_string()));
    }
}
