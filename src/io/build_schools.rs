//! The schools table → [`School`] records.

use super::coords::{row_point, InputConverter};
use super::rows;
use super::table::RawTable;
use super::values::{take, Row};
use crate::model::{Diagnostic, Grade, GradeCounts, LoadReport, School};

/// Build schools; rows that cannot be used become rejects.
pub fn build(t: &RawTable, conv: &InputConverter, report: &mut LoadReport) -> Vec<School> {
    let has_geometry = t.rows.iter().any(|r| r.geometry.is_some());
    let mut required = vec!["id", "name", "level", "classrooms"];
    if !has_geometry {
        required.extend(["lon", "lat"]);
    }
    let mut out = rows::build(t, &required, report, |row| school(row, conv));
    rows::dedup_ids("schools", &mut out, |s| &s.id, |s| &s.source, report);
    out
}

fn school(row: Row, conv: &InputConverter) -> Result<School, Vec<Diagnostic>> {
    let mut e = Vec::new();
    let id = take(&mut e, row.required("id"));
    let name = take(&mut e, row.required("name"));
    let level = take(&mut e, row.level());
    // An empty classrooms cell is not 0 classrooms: every capacity figure would rest on it.
    let classrooms = match take(&mut e, row.count("classrooms")) {
        Some(None) => {
            e.push(row.error(
                "classrooms",
                "",
                "is empty",
                "give the number of general classrooms (普通教室数); write 0 only if there are none",
            ));
            None
        }
        c => c.flatten(),
    };
    let enrollment = take(&mut e, grade_counts(&row));
    let kg_classes = take(&mut e, row.count("kg_classes"));
    let max_students = take(&mut e, row.count("max_students"));
    let boarding = take(&mut e, row.flag("boarding"));
    let expandable = take(&mut e, row.count("expandable_classrooms"));
    let lonlat = match row_point(&row, conv) {
        Ok(Some(p)) => Some(p),
        Ok(None) => {
            e.push(row.error("lon", "", "is empty", "give the school's lon and lat"));
            None
        }
        Err(d) => {
            e.extend(d);
            None
        }
    };
    if !e.is_empty() {
        return Err(e);
    }
    let (Some(id), Some(name), Some(level), Some(lonlat), Some(classrooms)) =
        (id, name, level, lonlat, classrooms)
    else {
        return Err(vec![row.error("id", "", "is unusable", "fix the row")]);
    };
    Ok(School {
        id: id.to_string(),
        name: name.to_string(),
        level,
        lonlat,
        xy_m: [f64::NAN; 2],
        classrooms,
        enrollment: enrollment.flatten(),
        kg_classes: kg_classes.flatten().unwrap_or(0),
        max_students: max_students.flatten(),
        boarding: boarding.unwrap_or(false),
        expandable_classrooms: expandable.flatten().unwrap_or(0),
        source: row.at(),
    })
}

/// Counts by grade from `k1`..`g9` columns; None when the table has none of them.
pub fn grade_counts(row: &Row) -> Result<Option<GradeCounts>, Diagnostic> {
    let mut counts = GradeCounts::default();
    let mut any = false;
    for g in Grade::ALL {
        if row.table.col(g.code()).is_some() {
            any = true;
            counts.set(g, row.count(g.code())?.unwrap_or(0));
        }
    }
    Ok(any.then_some(counts))
}

/// Ids of the schools whose row gives a `kg_classes` value (an empty cell or no column is not a
/// value): the others may have it inferred from their kindergarten pupils.
pub fn kg_classes_given(t: &RawTable) -> std::collections::HashSet<String> {
    if t.col("kg_classes").is_none() {
        return Default::default();
    }
    t.map_rows(|raw| {
        let row = Row::new(t, raw);
        match (row.text("id"), row.text("kg_classes")) {
            (Some(id), Some(v)) if !v.trim().is_empty() => Some(id.trim().to_string()),
            _ => None,
        }
    })
    .into_iter()
    .flatten()
    .flatten()
    .collect()
}
