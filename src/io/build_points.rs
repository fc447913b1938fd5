//! Point tables: housing projects and candidate sites.

use super::coords::{row_point, InputConverter};
use super::rows;
use super::table::RawTable;
use super::values::{take, Row};
use crate::model::{Diagnostic, HousingProject, LoadReport, Site};

fn required_point(row: &Row, conv: &InputConverter, e: &mut Vec<Diagnostic>) -> Option<[f64; 2]> {
    match row_point(row, conv) {
        Ok(Some(p)) => Some(p),
        Ok(None) => {
            e.push(row.error("lon", "", "is empty", "give lon and lat"));
            None
        }
        Err(d) => {
            e.extend(d);
            None
        }
    }
}

fn point_columns(t: &RawTable, extra: &[&'static str]) -> Vec<&'static str> {
    let mut req = vec!["id"];
    if !t.rows.iter().any(|r| r.geometry.is_some()) {
        req.extend(["lon", "lat"]);
    }
    req.extend(extra);
    req
}

/// Build housing projects.
pub fn housing(
    t: &RawTable,
    conv: &InputConverter,
    report: &mut LoadReport,
) -> Vec<HousingProject> {
    let req = point_columns(t, &["homes", "year"]);
    let mut out = rows::build(t, &req, report, |row| {
        let mut e = Vec::new();
        let id = take(&mut e, row.required("id"));
        let homes = match take(&mut e, row.count("homes")) {
            Some(None) => {
                e.push(row.error("homes", "", "is empty", "write the number of homes"));
                None
            }
            h => h.flatten(),
        };
        let year = take(&mut e, row.year("year"));
        let p = required_point(&row, conv, &mut e);
        match (id, homes, year, p) {
            (Some(id), Some(homes), Some(year), Some(lonlat)) if e.is_empty() => {
                Ok(HousingProject {
                    id: id.to_string(),
                    lonlat,
                    xy_m: [f64::NAN; 2],
                    homes,
                    year,
                    source: row.at(),
                })
            }
            _ => Err(e),
        }
    });
    rows::dedup_ids("housing", &mut out, |h| &h.id, |h| &h.source, report);
    out
}

/// Build candidate sites.
pub fn sites(t: &RawTable, conv: &InputConverter, report: &mut LoadReport) -> Vec<Site> {
    let req = point_columns(t, &[]);
    let mut out = rows::build(t, &req, report, |row| {
        let mut e = Vec::new();
        let id = take(&mut e, row.required("id"));
        let max_classes = take(&mut e, row.count("max_classes"));
        let cost = take(&mut e, row.amount("fixed_cost"));
        let p = required_point(&row, conv, &mut e);
        match (id, max_classes, cost, p) {
            (Some(id), Some(max_classes), Some(fixed_cost), Some(lonlat)) if e.is_empty() => {
                Ok(Site {
                    id: id.to_string(),
                    lonlat,
                    xy_m: [f64::NAN; 2],
                    max_classes,
                    fixed_cost,
                    source: row.at(),
                })
            }
            _ => Err(e),
        }
    });
    rows::dedup_ids("sites", &mut out, |s| &s.id, |s| &s.source, report);
    out
}
