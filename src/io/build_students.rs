//! The students table → [`Student`] records, placing address-only students from the gazetteer.

use super::column::Col;
use super::coords::{row_point_in, InputConverter};
use super::fast_hash::FxHashMap;
use super::intern::Interner;
use super::rows;
use super::table::RawTable;
use super::values::{take, Row};
use crate::address::Gazetteer;
use crate::model::{Diagnostic, LoadReport, Placement, Reject, Student};
use std::sync::Arc;

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
        school_id: row.text(cols.school_id).map(|v| shared.get_in(0, v)),
        unit_id: row.text(cols.unit_id).map(|v| shared.get_in(1, v)),
        birth_date: birth_date.map(|v| shared.get_in(2, &v)),
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

/// Place every student without coordinates from their address, in parallel blocks, each
/// remembering the addresses it has matched (a village's pupils share a handful of addresses).
/// Rejects and warnings come in row order.
fn place_by_address(students: &mut [Student], gazetteer: &Gazetteer, report: &mut LoadReport) {
    use rayon::prelude::*;
    let parts: Vec<Placed> = students
        .par_chunks_mut(STUDENTS_PER_TASK)
        .map(|chunk| place_block(chunk, gazetteer))
        .collect();
    let mut unmatched = 0u64;
    for part in parts {
        unmatched += part.unmatched;
        report.rejects.extend(part.rejects);
        report.diagnostics.extend(part.diagnostics);
    }
    if unmatched > 0 {
        *report
            .tallies
            .entry("unmatched_addresses".into())
            .or_default() += unmatched;
    }
}

/// Students per work item of [`place_by_address`].
const STUDENTS_PER_TASK: usize = 16_384;

/// What one block of [`place_by_address`] found.
#[derive(Default)]
struct Placed {
    rejects: Vec<Reject>,
    diagnostics: Vec<Diagnostic>,
    unmatched: u64,
}

/// A matched address: position, gazetteer name, quality; or why it did not match.
type Match = Result<([f64; 2], Arc<str>, Arc<str>), String>;

fn place_block(students: &mut [Student], gazetteer: &Gazetteer) -> Placed {
    let mut out = Placed::default();
    let mut names = Interner::default();
    let mut seen: FxHashMap<String, Match> = FxHashMap::default();
    for s in students.iter_mut().filter(|s| s.lonlat.is_none()) {
        let address = s.address.as_deref().unwrap_or_default();
        let found = match seen.get(address) {
            Some(m) => m.clone(),
            None => {
                let m = match gazetteer.locate(address) {
                    Ok(m) => Ok((m.lonlat, names.get(&m.matched), names.get(&m.quality))),
                    Err(reason) => Err(reason.to_string()),
                };
                seen.insert(address.to_string(), m.clone());
                m
            }
        };
        match found {
            Ok((lonlat, matched, quality)) => {
                s.lonlat = Some(lonlat);
                s.placement = Placement::Address { matched, quality };
            }
            Err(reason) => {
                out.unmatched += 1;
                let d = Diagnostic::warning(
                    &s.source,
                    format!("address not matched: {reason}"),
                    "or give the student's lon/lat instead",
                )
                .field("address", address);
                out.rejects.push(Reject {
                    table: "students".into(),
                    id: s.id.clone(),
                    source: s.source.clone(),
                    reason: d.to_string(),
                });
                out.diagnostics.push(d);
                s.placement = Placement::Unplaced { reason };
            }
        }
    }
    out
}
