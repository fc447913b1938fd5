//! Plain tables: enrollment history, births, school resources and the gazetteer.

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
                (Some(s), Some(year), Some(grade), Some(n)) if e.is_empty() => Ok(HistoryRow {
                    school_id: s.to_string(),
                    year,
                    grade,
                    enrolled: n.unwrap_or(0),
                    source: row.at(),
                }),
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

/// Per-school resources for the indicators.
pub fn resources(t: &RawTable, report: &mut LoadReport) -> Vec<Resources> {
    let mut out = rows::build(t, &["school_id"], report, resource);
    rows::dedup_ids(
        "resources",
        &mut out,
        |r| &r.school_id,
        |r| &r.source,
        report,
    );
    out
}

fn resource(row: Row) -> Result<Resources, Vec<Diagnostic>> {
    let mut e = Vec::new();
    let mut amount = |c: &str| take(&mut e, row.amount(c)).flatten().unwrap_or(0.0);
    let mut r = Resources {
        qualified_teachers: amount("qualified_teachers"),
        backbone_teachers: amount("backbone_teachers"),
        pe_arts_teachers: amount("pe_arts_teachers"),
        building_m2: amount("building_m2"),
        sports_m2: amount("sports_m2"),
        equipment_yuan: amount("equipment_yuan"),
        multimedia_rooms: amount("multimedia_rooms"),
        music_room_m2: amount("music_room_m2"),
        art_room_m2: amount("art_room_m2"),
        source: row.at(),
        ..Resources::default()
    };
    r.music_rooms = take(&mut e, row.count("music_rooms"))
        .flatten()
        .unwrap_or(0);
    r.art_rooms = take(&mut e, row.count("art_rooms")).flatten().unwrap_or(0);
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
