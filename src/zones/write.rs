//! A zoning run as files: `assignment.csv`, `schools.csv`, `zones.geojson`, `summary.json`, as
//! (name, bytes) pairs, byte-for-byte deterministic; and the text summary the CLI prints. The zones
//! engine writes nothing itself: the caller (the CLI, the sites report) writes the bytes atomically
//! with [`crate::io::write_atomic`].
//!
//! Privacy: `zones.geojson` holds zone areas only (never homes) and may be published;
//! `assignment.csv` lists individual students and is an internal planning file.

use super::outcome::AssignmentRow;
use super::polygons::ZonePolygon;
use super::{DemandKind, Zoning};
use crate::crs::CrsError;
use crate::io::push_record;
use serde_json::{json, Value};

/// Planar metres → WGS84 lon/lat.
pub type Unproject<'a> = &'a dyn Fn([f64; 2]) -> Result<[f64; 2], CrsError>;

/// Why the output files could not be made.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("zone boundary point ({x_m:.1}, {y_m:.1}) m cannot be converted to lon/lat: {source}")]
    Unproject {
        x_m: f64,
        y_m: f64,
        source: CrsError,
    },
    #[error("building a CSV file: {0}")]
    Csv(#[from] csv::Error),
    #[error("building a JSON file: {0}")]
    Json(#[from] serde_json::Error),
}

/// Every output file, (name, bytes), in a fixed order.
pub fn output_files(
    zoning: &Zoning,
    polygons: &[ZonePolygon],
    unproject: Unproject,
) -> Result<Vec<(String, Vec<u8>)>, WriteError> {
    let summary = serde_json::to_string_pretty(&deterministic_summary(zoning))?;
    Ok(vec![
        ("assignment.csv".into(), assignment_csv(zoning)?),
        ("schools.csv".into(), csv_bom(&school_rows(zoning))?),
        (
            "zones.geojson".into(),
            zones_geojson(zoning, polygons, unproject)?.into_bytes(),
        ),
        ("summary.json".into(), summary.into_bytes()),
    ])
}

/// CSV rows (first row = header) as UTF-8 with a BOM, so Excel shows Chinese correctly.
fn csv_bom(rows: &[Vec<String>]) -> Result<Vec<u8>, WriteError> {
    let mut out = Vec::with_capacity(rows.len() * 32 + 3);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    {
        let mut w = csv::Writer::from_writer(&mut out);
        for row in rows {
            w.write_record(row)?;
        }
        w.flush().map_err(csv::Error::from)?;
    }
    Ok(out)
}

/// The summary without the runtime, so the file is identical run to run.
fn deterministic_summary(zoning: &Zoning) -> Value {
    let mut v = serde_json::to_value(&zoning.summary).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.remove("runtime_s");
    }
    v
}

fn fmt1(x: f64) -> String {
    format!("{x:.1}")
}

/// Rows of `assignment.csv` per parallel work item.
const ASSIGNMENT_ROWS_PER_TASK: usize = 32_768;

/// `assignment.csv` as bytes: BOM, header, one line per assignment row. Written straight from the
/// rows in parallel chunks joined in order (a million rows as separate strings cost seconds and
/// hundreds of megabytes); the bytes are those of one CSV writer over every row.
pub fn assignment_csv(zoning: &Zoning) -> Result<Vec<u8>, WriteError> {
    use rayon::prelude::*;
    let units = zoning.summary.demand == DemandKind::Units;
    let header: &[&str] = if units {
        &[
            "unit_id",
            "grade",
            "students",
            "school_id",
            "distance_m",
            "reason",
        ]
    } else {
        &["student_id", "grade", "school_id", "distance_m", "reason"]
    };
    let mut out = csv_bom(&[header.iter().map(|h| h.to_string()).collect()])?;
    let parts: Vec<Result<Vec<u8>, WriteError>> = zoning
        .assignment
        .par_chunks(ASSIGNMENT_ROWS_PER_TASK)
        .map(|rows| assignment_lines(rows, units))
        .collect();
    for p in parts {
        out.extend_from_slice(&p?);
    }
    Ok(out)
}

/// The CSV lines of `rows` (no header), with the students column when demand is by unit.
fn assignment_lines(rows: &[AssignmentRow], units: bool) -> Result<Vec<u8>, WriteError> {
    let mut out = Vec::with_capacity(rows.len() * 40);
    let (mut students, mut distance) = (Vec::new(), Vec::new());
    for r in rows {
        distance.clear();
        if let Some(d) = r.distance_m {
            crate::io::push_fixed1(&mut distance, d);
        }
        // Digits and a point only.
        let distance = std::str::from_utf8(&distance).unwrap_or_default();
        let school = r.school_id.as_deref().unwrap_or_default();
        let reason = r.reason.as_deref().unwrap_or_default();
        if units {
            students.clear();
            crate::io::push_u64(&mut students, u64::from(r.students));
            let students = std::str::from_utf8(&students).unwrap_or_default();
            push_record(
                &mut out,
                &[&r.id, r.grade.code(), students, school, distance, reason],
            );
        } else {
            push_record(&mut out, &[&r.id, r.grade.code(), school, distance, reason]);
        }
    }
    Ok(out)
}

/// Rows of `schools.csv` (header first).
pub fn school_rows(zoning: &Zoning) -> Vec<Vec<String>> {
    let grades = zoning.summary.stage.grades();
    let mut head: Vec<String> = ["school_id", "name", "level", "students"]
        .map(String::from)
        .to_vec();
    head.extend(grades.iter().map(|g| format!("students_{}", g.code())));
    head.extend(grades.iter().map(|g| format!("classes_{}", g.code())));
    head.extend(
        [
            "classes",
            "classrooms",
            "rooms_for_stage",
            "seats",
            "utilisation",
            "avg_class_size",
            "max_class_size",
            "classes_over_cap",
            "over_class_cap",
            "over_size_cap",
            "feasible",
            "mean_distance_m",
            "median_distance_m",
            "max_distance_m",
            "within_radius_share",
            "service_radius_m",
            "students_moved_in",
        ]
        .map(String::from),
    );
    let mut rows = vec![head];
    for s in &zoning.schools {
        let mut r = vec![
            s.school_id.clone(),
            s.name.clone(),
            s.level.to_string(),
            s.students.to_string(),
        ];
        r.extend(
            grades
                .iter()
                .map(|g| s.students_by_grade.get(*g).to_string()),
        );
        r.extend(
            grades
                .iter()
                .map(|g| s.classes_by_grade.get(*g).to_string()),
        );
        r.extend([
            s.classes.to_string(),
            s.classrooms.to_string(),
            s.rooms_for_stage.to_string(),
            s.seats.to_string(),
            format!("{:.3}", s.utilisation),
            fmt1(s.avg_class_size),
            s.max_class_size.to_string(),
            s.classes_over_cap.to_string(),
            (s.classes_over_cap > 0).to_string(),
            s.over_size_cap.to_string(),
            s.feasible.to_string(),
            fmt1(s.mean_distance_m),
            fmt1(s.median_distance_m),
            fmt1(s.max_distance_m),
            format!("{:.3}", s.within_radius_share),
            fmt1(s.service_radius_m),
            s.moved_in.to_string(),
        ]);
        rows.push(r);
    }
    rows
}

/// `zones.geojson` text: one feature per zone, WGS84 coordinates rounded to 1e-7°.
pub fn zones_geojson(
    zoning: &Zoning,
    polygons: &[ZonePolygon],
    unproject: Unproject,
) -> Result<String, WriteError> {
    let grades = zoning.summary.stage.grades();
    let mut features = Vec::new();
    for z in polygons {
        let mut props = serde_json::Map::new();
        match z.seat.and_then(|s| zoning.schools.get(s)) {
            Some(s) => {
                props.insert("school_id".into(), json!(s.school_id));
                props.insert("name".into(), json!(s.name));
                props.insert("level".into(), json!(zoning.summary.stage.as_str()));
                props.insert("students".into(), json!(s.students));
                props.insert("seats".into(), json!(s.seats));
                for g in grades {
                    props.insert(
                        format!("classes_{}", g.code()),
                        json!(s.classes_by_grade.get(*g)),
                    );
                }
                props.insert(
                    "utilisation".into(),
                    json!((s.utilisation * 1000.0).round() / 1000.0),
                );
                props.insert("max_class_size".into(), json!(s.max_class_size));
            }
            None => {
                props.insert("school_id".into(), json!(""));
                props.insert("name".into(), json!("not seated (overflow)"));
                props.insert("level".into(), json!(zoning.summary.stage.as_str()));
                props.insert("students".into(), json!(zoning.summary.overflow));
            }
        }
        let mut polys = Vec::new();
        for p in &z.xy_m.0 {
            let mut rings = vec![ring(p.exterior(), unproject)?];
            for r in p.interiors() {
                rings.push(ring(r, unproject)?);
            }
            polys.push(Value::Array(rings));
        }
        features.push(json!({
            "type": "Feature",
            "properties": Value::Object(props),
            "geometry": {"type": "MultiPolygon", "coordinates": polys},
        }));
    }
    let fc = json!({"type": "FeatureCollection", "features": features});
    Ok(serde_json::to_string(&fc)?)
}

fn ring(r: &geo::LineString<f64>, unproject: Unproject) -> Result<Value, WriteError> {
    let mut out = Vec::with_capacity(r.0.len());
    for c in &r.0 {
        let [lon, lat] = unproject([c.x, c.y]).map_err(|source| WriteError::Unproject {
            x_m: c.x,
            y_m: c.y,
            source,
        })?;
        out.push(json!([
            (lon * 1e7).round() / 1e7,
            (lat * 1e7).round() / 1e7
        ]));
    }
    Ok(Value::Array(out))
}

/// The summary as text for stdout.
pub fn summary_text(zoning: &Zoning) -> String {
    let s = &zoning.summary;
    let mut t = format!(
        "zones: {} {} ({}), {} schools; {}\n",
        s.project,
        s.stage,
        s.method.as_str(),
        s.schools,
        s.algorithm
    );
    t += &format!(
        "students: {} = {} assigned + {} overflow (no seat) + {} unplaced (no position){}\n",
        s.students_total,
        s.assigned,
        s.overflow,
        s.unplaced,
        if s.all_accounted { "" } else { "  [MISMATCH]" }
    );
    t += &format!(
        "objective: {:.0} {}; distance {:.0} m total, {:.0} m mean\n",
        s.objective, s.objective_name, s.total_distance_m, s.mean_distance_m
    );
    match (s.lower_bound, s.gap) {
        (Some(lb), Some(gap)) => {
            t += &format!(
                "lower bound: {lb:.0}; gap {:.3}%{}\n",
                gap * 100.0,
                if s.exact { " (proved optimal)" } else { "" }
            )
        }
        _ => t += "lower bound: none for this method\n",
    }
    t += &format!(
        "students moved from their current school: {}\n",
        s.students_moved
    );
    if !s.short_by_grade.is_empty() {
        let by: Vec<String> = s
            .short_by_grade
            .iter()
            .map(|(g, n)| format!("{g} {n}"))
            .collect();
        t += &format!("SEATS SHORT by grade: {}\n", by.join(", "));
        let by: Vec<String> = s
            .short_by_area
            .iter()
            .map(|(a, n)| format!("{a} {n}"))
            .collect();
        t += &format!("SEATS SHORT by area (nearest school): {}\n", by.join(", "));
    }
    for i in &s.infeasibilities {
        t += &format!(
            "infeasible: school '{}': {} ({} > {})\n",
            i.school_id, i.what, i.value, i.limit
        );
    }
    for sp in &s.splits {
        let pieces: Vec<String> = sp
            .pieces
            .iter()
            .map(|p| match p.students {
                Some(n) => format!("{n} to {}", p.school_id),
                None => format!("fewer than 5 to {}", p.school_id),
            })
            .collect();
        t += &format!(
            "split unit '{}': {}{}{}\n",
            sp.unit_id,
            if pieces.is_empty() {
                "no school had room".to_string()
            } else {
                pieces.join(", ")
            },
            if sp.adjacent {
                ""
            } else {
                " (a piece goes to a school not next to it)"
            },
            if sp.unseated > 0 {
                format!("; {} without a seat", sp.unseated)
            } else {
                String::new()
            }
        );
    }
    for n in &s.notes {
        t += &format!("note: {n}\n");
    }
    t += &format!("runtime: {:.3} s\n", s.runtime_s);
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Grade;

    #[test]
    fn assignment_lines_in_chunks_are_the_lines_of_one_writer() {
        let rows: Vec<AssignmentRow> = (0..70_000u32)
            .map(|i| AssignmentRow {
                id: format!("P{i}"),
                grade: Grade::ALL[(i % 12) as usize],
                students: i % 4 + 1,
                school_id: (i % 5 != 0).then(|| format!("S{}", i % 9).into()),
                distance_m: (i % 5 != 0).then(|| f64::from(i) * 0.37),
                reason: (i % 5 == 0).then(|| "over the cap, \"full\"".into()),
            })
            .collect();
        for units in [false, true] {
            let whole = assignment_lines(&rows, units).unwrap();
            let mut joined = Vec::new();
            for c in rows.chunks(ASSIGNMENT_ROWS_PER_TASK) {
                joined.extend(assignment_lines(c, units).unwrap());
            }
            assert_eq!(joined, whole);
            let text = String::from_utf8(whole).unwrap();
            assert_eq!(text.lines().count(), rows.len());
            let first = if units {
                "P0,k1,1,,,\"over the cap, \"\"full\"\"\""
            } else {
                "P0,k1,,,\"over the cap, \"\"full\"\"\""
            };
            assert_eq!(text.lines().next(), Some(first));
            assert!(units || text.contains("\nP1,k2,S1,0.4,\n"));
        }
    }
}
