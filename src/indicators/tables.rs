//! The CSV tables (`indicators.csv`, `cv.csv`, `remedies.csv`, `guarantee.csv`) as rows of strings,
//! header first, in the report's deterministic order. Numbers have fixed decimals so the same input
//! gives byte-identical files.

use super::cv::CountyCv;
use super::indicator::Indicator;
use super::IndicatorReport;

/// Rows are strings, header first, ready for [`crate::io::write_csv_bom`].
pub type Rows = Vec<Vec<String>>;

fn f(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    // Avoid "-0.0000".
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}

fn names(list: &[Indicator]) -> String {
    list.iter()
        .map(|i| i.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

/// One row per school and stage: students, share, the 7 values, and the pass rule.
pub fn indicators_rows(report: &IndicatorReport) -> Rows {
    let mut header: Vec<String> = [
        "school_id",
        "school_name",
        "level",
        "stage",
        "students",
        "resource_share",
        "in_cv",
    ]
    .map(String::from)
    .to_vec();
    header.extend(Indicator::ALL.iter().map(|i| i.as_str().to_string()));
    header.extend(["met", "pass", "unmet", "below_85pct"].map(String::from));
    let mut rows = vec![header];
    for s in &report.stages {
        let v = &s.values;
        let mut row = vec![
            v.school_id.clone(),
            v.school_name.clone(),
            v.level.as_str().to_string(),
            v.stage.as_str().to_string(),
            v.students.to_string(),
            f(v.share, 4),
            v.in_cv.to_string(),
        ];
        row.extend(v.values.iter().map(|x| f(*x, 4)));
        row.push(s.outcome.met.to_string());
        row.push(s.outcome.pass.to_string());
        row.push(names(&s.outcome.unmet));
        row.push(names(&s.outcome.below_floor));
        rows.push(row);
    }
    rows
}

/// One row per stage and indicator: the weighted CV, its limit and its largest driver.
pub fn cv_rows(report: &IndicatorReport) -> Rows {
    let header = [
        "stage",
        "indicator",
        "indicator_zh",
        "schools",
        "excluded_teaching_points",
        "students",
        "mean",
        "sd",
        "cv",
        "max",
        "pass",
        "top_driver",
        "top_driver_share_of_s2",
    ];
    let mut rows = vec![header.map(String::from).to_vec()];
    for c in &report.cvs {
        let top = c.drivers.first();
        rows.push(vec![
            c.stage.as_str().into(),
            c.indicator.as_str().into(),
            c.indicator.zh().into(),
            c.schools.to_string(),
            c.excluded.to_string(),
            c.students.to_string(),
            f(c.mean, 4),
            f(c.sd, 4),
            c.cv.map_or(String::new(), |v| f(v, 4)),
            f(c.max, 2),
            c.pass.map_or("undefined".into(), |p| p.to_string()),
            top.map_or(String::new(), |d| d.school_id.clone()),
            top.map_or(String::new(), |d| f(d.s2_share, 4)),
        ]);
    }
    rows
}

/// The drivers of a failing CV worth listing: the largest, until they make up 80 % of S²
/// (at least one, at most 10).
pub fn main_drivers(c: &CountyCv) -> &[super::cv::CvDriver] {
    let mut cum = 0.0;
    let mut n = 0;
    for d in c.drivers.iter().take(10) {
        n += 1;
        cum += d.s2_share;
        if cum >= 0.8 {
            break;
        }
    }
    &c.drivers[..n]
}

/// Remedies: what each failing school needs to pass, what guarantee items lack, and which schools
/// drive each failing CV.
pub fn remedies_rows(report: &IndicatorReport) -> Rows {
    let header = [
        "kind",
        "school_id",
        "school_name",
        "stage",
        "item",
        "have",
        "add",
        "need",
        "unit",
        "note",
    ];
    let mut rows = vec![header.map(String::from).to_vec()];
    for r in &report.remedies {
        let stages: Vec<&str> = r.failing_stages.iter().map(|s| s.as_str()).collect();
        let left: Vec<String> = r
            .left_below
            .iter()
            .map(|(s, i)| format!("{s}:{i}"))
            .collect();
        for a in &r.additions {
            let note = match a.target {
                super::Target::Threshold => format!("to the threshold of {}", a.indicator),
                super::Target::Floor => format!(
                    "to 85% of the threshold of {} (the one indicator allowed below it)",
                    a.indicator
                ),
            };
            let note = if left.is_empty() {
                note
            } else {
                format!("{note}; left below threshold: {}", left.join(" "))
            };
            rows.push(vec![
                "school".into(),
                r.school_id.clone(),
                r.school_name.clone(),
                stages.join(";"),
                a.indicator.resource_field().into(),
                f(a.have, 2),
                f(a.add, 2),
                f(a.have + a.add, 2),
                a.unit.into(),
                note,
            ]);
        }
    }
    for g in &report.guarantee_remedies {
        rows.push(vec![
            "guarantee".into(),
            g.school_id.clone(),
            g.school_name.clone(),
            String::new(),
            g.item.into(),
            f(g.have, 2),
            f(g.add, 2),
            f(g.need, 2),
            g.unit.into(),
            g.note.clone(),
        ]);
    }
    for c in report.cvs.iter().filter(|c| c.pass == Some(false)) {
        let cv = c.cv.unwrap_or(0.0);
        for d in main_drivers(c) {
            let note = format!(
                "CV {:.4} > {:.2}; {:.1}% of S²; CV {:.4} if this school were at the mean, {:.4} with the drivers above it too",
                cv,
                c.max,
                100.0 * d.s2_share,
                d.cv_if_at_mean,
                d.cv_cumulative
            );
            let unit = c.indicator.resource_unit();
            rows.push(vec![
                "cv_driver".into(),
                d.school_id.clone(),
                d.school_name.clone(),
                c.stage.as_str().into(),
                c.indicator.as_str().into(),
                f(d.value, 4),
                f(d.to_mean, 2),
                f(c.mean, 4),
                format!("{unit} (add); indicator value (have, need)"),
                note,
            ]);
        }
    }
    rows
}

/// One row per compulsory school: the guarantee items.
pub fn guarantee_rows(report: &IndicatorReport) -> Rows {
    let header = [
        "school_id",
        "school_name",
        "level",
        "students",
        "size_cap",
        "size_ok",
        "classrooms",
        "classes_needed",
        "max_class_size",
        "classes_ok",
        "classes_over_cap",
        "large_classes",
        "very_large_classes",
        "music_rooms",
        "music_rooms_needed",
        "music_ok",
        "art_rooms",
        "art_rooms_needed",
        "art_ok",
        "all_ok",
    ];
    let mut rows = vec![header.map(String::from).to_vec()];
    let opt = |o: Option<String>| o.unwrap_or_default();
    for g in &report.guarantee {
        rows.push(vec![
            g.school_id.clone(),
            g.school_name.clone(),
            g.level.as_str().into(),
            g.students.to_string(),
            g.size_cap.to_string(),
            g.size_ok.to_string(),
            g.classrooms.to_string(),
            g.classes_needed.to_string(),
            opt(g.max_class_size.map(|v| v.to_string())),
            opt(g.classes_ok.map(|v| v.to_string())),
            g.classes_over_cap.to_string(),
            g.large_classes.to_string(),
            g.very_large_classes.to_string(),
            opt(g.music.as_ref().map(|r| r.have.to_string())),
            opt(g.music.as_ref().map(|r| r.need.to_string())),
            opt(g.music.as_ref().map(|r| r.ok.to_string())),
            opt(g.art.as_ref().map(|r| r.have.to_string())),
            opt(g.art.as_ref().map(|r| r.need.to_string())),
            opt(g.art.as_ref().map(|r| r.ok.to_string())),
            g.all_ok().to_string(),
        ]);
    }
    rows
}
