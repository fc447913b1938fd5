//! Plain tables: enrollment history, births, school resources and the gazetteer.

use super::aliases;
use super::coords::{row_point, InputConverter};
use super::rows;
use super::table::RawTable;
use super::values::{take, Row};
use crate::model::{
    BirthRow, Diagnostic, GazetteerEntry, Grade, HistoryRow, LoadReport, Resources,
};

/// Enrollment history, long (`school_id, year, grade, enrolled`) or wide (`school_id, year, g1..g9`).
pub fn history(t: &RawTable, report: &mut LoadReport) -> Vec<HistoryRow> {
    let wide = t.col("grade").is_none() && Grade::ALL.iter().any(|g| t.col(g.code()).is_some());
    if wide {
        let rows: Vec<Vec<HistoryRow>> = rows::build(t, &["school_id", "year"], report, |row| {
            let mut e = Vec::new();
            let school = take(&mut e, row.required("school_id"));
            let year = take(&mut e, row.year("year"));
            let mut out = Vec::new();
            for g in Grade::ALL {
                if let Some(Some(n)) = take(&mut e, row.count(g.code())) {
                    if let (Some(s), Some(y)) = (school, year) {
                        out.push(HistoryRow {
                            school_id: s.to_string(),
                            year: y,
                            grade: g,
                            enrolled: n,
                            source: row.at(),
                        });
                    }
                }
            }
            if e.is_empty() {
                Ok(out)
            } else {
                Err(e)
            }
        });
        return rows.into_iter().flatten().collect();
    }
    rows::build(
        t,
        &["school_id", "year", "grade", "enrolled"],
        report,
        |row| {
            let mut e = Vec::new();
            let school = take(&mut e, row.required("school_id"));
            let year = take(&mut e, row.year("year"));
            let grade = take(&mut e, row.grade());
            let enrolled = take(&mut e, row.count("enrolled"));
            match (school, year, grade, enrolled) {
                (Some(s), Some(year), Some(grade), Some(Some(n))) if e.is_empty() => {
                    Ok(HistoryRow {
                        school_id: s.to_string(),
                        year,
                        grade,
                        enrolled: n,
                        source: row.at(),
                    })
                }
                (_, _, _, Some(None)) => {
                    e.push(row.error(
                        "enrolled",
                        "",
                        "is empty",
                        "write the number of pupils (0 if there were none)",
                    ));
                    Err(e)
                }
                _ => Err(e),
            }
        },
    )
}

/// Births by year, for the county or per unit.
pub fn births(t: &RawTable, report: &mut LoadReport) -> Vec<BirthRow> {
    rows::build(t, &["year", "births"], report, |row| {
        let mut e = Vec::new();
        let year = take(&mut e, row.year("year"));
        let births = take(&mut e, row.count("births"));
        match (year, births) {
            (Some(year), Some(Some(births))) if e.is_empty() => Ok(BirthRow {
                year,
                births,
                unit_id: row.text("unit_id").map(str::to_string),
                source: row.at(),
            }),
            (Some(_), Some(None)) => Err(vec![row.error(
                "births",
                "",
                "is empty",
                "fill in the number of births",
            )]),
            _ => Err(e),
        }
    })
}

/// The resources columns the indicators need: (column, Chinese name of the indicator it feeds).
const INDICATOR_INPUTS: &[(&str, &str)] = &[
    ("qualified_teachers", "每百名学生拥有高于规定学历教师数"),
    ("backbone_teachers", "每百名学生拥有县级及以上骨干教师数"),
    ("pe_arts_teachers", "每百名学生拥有体育、艺术专任教师数"),
    ("teaching_aux_area_m2", "生均教学及辅助用房面积"),
    ("sports_area_m2", "生均体育运动场馆面积"),
    ("equipment_value_yuan", "生均教学仪器设备值"),
    ("multimedia_classrooms", "每百名学生拥有网络多媒体教室数"),
];

/// Per-school resources for the indicators. An absent column or an empty cell is `None`, never 0,
/// and is listed as a warning saying which indicator cannot be computed.
pub fn resources(t: &RawTable, report: &mut LoadReport) -> Vec<Resources> {
    let absent: Vec<String> = INDICATOR_INPUTS
        .iter()
        .filter(|(c, _)| t.col(c).is_none())
        .map(|(c, _)| c.to_string())
        .collect();
    let mut out = rows::build(t, &["school_id"], report, |row| {
        resource(row).map(|mut r| {
            r.absent_columns = absent.clone();
            r
        })
    });
    rows::dedup_ids(
        "resources",
        &mut out,
        |r| &r.school_id,
        |r| &r.source,
        report,
    );
    absent_inputs(t, report);
    empty_inputs(t, &out, report);
    out
}

/// A warning per indicator input the table has no column for.
fn absent_inputs(t: &RawTable, report: &mut LoadReport) {
    for (canon, indicator) in INDICATOR_INPUTS {
        if t.col(canon).is_some() {
            continue;
        }
        let field = aliases::display(&t.table, canon);
        let message = if *canon == "teaching_aux_area_m2"
            && t.col("total_building_area_m2").is_some()
        {
            format!(
                "has the total building area (校舍建筑面积) but no column for {field}: the indicator {indicator} needs the teaching and auxiliary rooms area, a smaller quantity, and is not computed"
            )
        } else {
            format!("no column for {field}: the indicator {indicator} is not computed")
        };
        report.diagnostics.push(
            Diagnostic::warning(
                &t.header_ref(),
                message,
                format!(
                    "add a column headed one of: {}",
                    aliases::accepted(&t.table, canon)
                ),
            )
            .field(*canon, ""),
        );
    }
}

/// A warning per indicator input column with empty cells, naming the lines.
fn empty_inputs(t: &RawTable, rows: &[Resources], report: &mut LoadReport) {
    for (k, (canon, indicator)) in INDICATOR_INPUTS.iter().enumerate() {
        if t.col(canon).is_none() {
            continue;
        }
        let lines: Vec<String> = rows
            .iter()
            .filter(|r| input(r, k).is_none())
            .map(|r| r.source.line.to_string())
            .collect();
        if lines.is_empty() {
            continue;
        }
        let shown: Vec<&str> = lines.iter().take(10).map(String::as_str).collect();
        report.diagnostics.push(
            Diagnostic::warning(
                &t.header_ref(),
                format!(
                    "{} rows have no value for {} (lines {}{}): their indicator {indicator} is not computed",
                    lines.len(),
                    aliases::display(&t.table, canon),
                    shown.join(", "),
                    if lines.len() > 10 { ", ..." } else { "" }
                ),
                "fill in the values (write 0 only where the school has none)",
            )
            .field(*canon, ""),
        );
    }
}

/// The `k`-th indicator input of a resources row, in [`INDICATOR_INPUTS`] order.
fn input(r: &Resources, k: usize) -> Option<f64> {
    [
        r.qualified_teachers,
        r.backbone_teachers,
        r.pe_arts_teachers,
        r.building_m2,
        r.sports_m2,
        r.equipment_yuan,
        r.multimedia_rooms,
    ][k]
}

fn resource(row: Row) -> Result<Resources, Vec<Diagnostic>> {
    let mut e = Vec::new();
    let mut amount = |c: &str| take(&mut e, row.amount(c)).flatten();
    let mut r = Resources {
        qualified_teachers: amount("qualified_teachers"),
        backbone_teachers: amount("backbone_teachers"),
        pe_arts_teachers: amount("pe_arts_teachers"),
        building_m2: amount("teaching_aux_area_m2"),
        total_building_m2: amount("total_building_area_m2"),
        sports_m2: amount("sports_area_m2"),
        equipment_yuan: amount("equipment_value_yuan"),
        multimedia_rooms: amount("multimedia_classrooms"),
        music_room_m2: amount("music_room_area_m2"),
        art_room_m2: amount("art_room_area_m2"),
        source: row.at(),
        ..Resources::default()
    };
    r.music_rooms = take(&mut e, row.count("music_rooms")).flatten();
    r.art_rooms = take(&mut e, row.count("art_rooms")).flatten();
    match take(&mut e, row.required("school_id")) {
        Some(id) if e.is_empty() => {
            r.school_id = id.to_string();
            Ok(r)
        }
        _ => Err(e),
    }
}

/// Place names with positions, for address matching.
pub fn gazetteer(
    t: &RawTable,
    conv: &InputConverter,
    report: &mut LoadReport,
) -> Vec<GazetteerEntry> {
    rows::build(t, &["name", "lon", "lat"], report, |row| {
        let mut e = Vec::new();
        let name = take(&mut e, row.required("name"));
        let p = match row_point(&row, conv) {
            Ok(Some(p)) => Some(p),
            Ok(None) => {
                e.push(row.error("lon", "", "is empty", "give the place's lon and lat"));
                None
            }
            Err(d) => {
                e.extend(d);
                None
            }
        };
        match (name, p) {
            (Some(name), Some(lonlat)) if e.is_empty() => Ok(GazetteerEntry {
                name: name.to_string(),
                lonlat,
                parent: row
                    .text("parent")
                    .or_else(|| row.text("township"))
                    .map(str::to_string),
                source: row.at(),
            }),
            _ => Err(e),
        }
    })
}
