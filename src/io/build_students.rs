//! The students table → [`Student`] records, placing address-only students from the gazetteer.

use super::column::Col;
use super::coords::{row_point_in, InputConverter};
use super::intern::Interner;
use super::rows;
use super::table::RawTable;
use super::values::{take, Row};
use crate::address::Gazetteer;
use crate::model::{Diagnostic, LoadReport, Placement, Reject, Student};

/// Build students. Students given by address are placed with `gazetteer`; those that cannot be
/// placed are kept (unplaced), listed as rejects and warned about, with the reason.
pub fn build(
    t: &RawTable,
    conv: &InputConverter,
    gazetteer: &Gazetteer,
    report: &mut LoadReport,
) -> Vec<Student> {
    let has_coords = t.col("lon").is_some() && t.col("lat").is_some();
    let mut required = vec!["id", "grade"];
    if !has_coords && t.col("address").is_none() {
        required.extend(["lon", "lat"]);
    }
    let cols = Cols::of(t);
    let mut out = rows::build_interned(t, &required, report, |shared, row| {
        student(row, &cols, conv, shared)
    });
    rows::dedup_ids("students", &mut out, |s| &s.id, |s| &s.source, report);
    place_by_address(&mut out, gazetteer, report);
    out
}

/// The students table's columns, found once for its million rows.
struct Cols {
    id: Col,
    grade: Col,
    migrant: Col,
    birth_date: Col,
    lonlat: [Col; 2],
    address: Col,
    school_id: Col,
    unit_id: Col,
}

impl Cols {
    fn of(t: &RawTable) -> Cols {
        Cols {
            id: t.column("id"),
            grade: t.column("grade"),
            migrant: t.column("migrant"),
            birth_date: t.column("birth_date"),
            lonlat: [t.column("lon"), t.column("lat")],
            address: t.column("address"),
            school_id: t.column("school_id"),
            unit_id: t.column("unit_id"),
        }
    }
}

fn student(
    row: Row,
    cols: &Cols,
    conv: &InputConverter,
    shared: &mut Interner,
) -> Result<Student, Vec<Diagnostic>> {
    let mut e = Vec::new();
    let id = take(&mut e, row.required(cols.id));
    let grade = take(&mut e, row.grade_in(cols.grade));
    let migrant = take(&mut e, row.flag(cols.migrant));
    let birth_date = take(&mut e, row.date(cols.birth_date)).flatten();
    let lonlat = row_point_in(&row, conv, cols.lonlat)
        .map_err(|d| e.extend(d))
        .ok()
        .flatten();
    let address = row.text(cols.address);
    if e.is_empty() && lonlat.is_none() && address.is_none() {
        e.push(row.error(
            cols.lonlat[0],
            "",
            "the student has neither coordinates nor an address",
            "give lon/lat or the home address",
        ));
    }
    if !e.is_empty() {
        return Err(e);
    }
    let (Some(id), Some(grade)) = (id, grade) else {
        return Err(vec![row.error(cols.id, "", "is unusable", "fix the row")]);
    };
    Ok(Student {
        id: id.to_string(),
        grade,
        lonlat,
        xy_m: None,
        address: address.map(str::to_string),
        school_id: row.text(cols.school_id).map(|v| shared.get(v)),
        unit_id: row.text(cols.unit_id).map(|v| shared.get(v)),
        birth_date: birth_date.map(|v| shared.get(&v)),
        migrant: migrant.unwrap_or(false),
        placement: if lonlat.is_some() {
            Placement::Coordinates
        } else {
            Placement::Unplaced {
                reason: "not yet placed".into(),
            }
        },
        source: shared.source(&row.table.file, row.raw.line),
    })
}

/// Place every student without coordinates from their address.
fn place_by_address(students: &mut [Student], gazetteer: &Gazetteer, report: &mut LoadReport) {
    let mut unmatched = 0u64;
    let mut names = Interner::default();
    for s in students.iter_mut().filter(|s| s.lonlat.is_none()) {
        let address = s.address.clone().unwrap_or_default();
        match gazetteer.locate(&address) {
            Ok(m) => {
                s.lonlat = Some(m.lonlat);
                s.placement = Placement::Address {
                    matched: names.get(&m.matched),
                    quality: names.get(&m.quality),
                };
            }
            Err(reason) => {
                unmatched += 1;
                let d = Diagnostic::warning(
                    &s.source,
                    format!("address not matched: {reason}"),
                    "or give the student's lon/lat instead",
                )
                .field("address", &address);
                report.rejects.push(Reject {
                    table: "students".into(),
                    id: s.id.clone(),
                    source: s.source.clone(),
                    reason: d.to_string(),
                });
                report.diagnostics.push(d);
                s.placement = Placement::Unplaced {
                    reason: reason.to_string(),
                };
            }
        }
    }
    if unmatched > 0 {
        *report
            .tallies
            .entry("unmatched_addresses".into())
            .or_default() += unmatched;
    }
}
