//! Choosing the project's planar CRS from all located records and filling every `xy_m`.

use crate::crs::PlanarCrs;
use crate::model::{Diagnostic, LoadReport, Project, SourceRef, UnitShape};
use geo::{Centroid, MapCoords, MultiPolygon};
use rayon::prelude::*;

/// Every located record's WGS84 position (schools, students, units, housing, sites, boundary).
pub fn all_lonlats(p: &Project) -> Vec<[f64; 2]> {
    let mut v: Vec<[f64; 2]> = Vec::with_capacity(p.students.len() + p.schools.len() + 64);
    v.extend(p.schools.iter().map(|s| s.lonlat));
    v.extend(p.students.iter().filter_map(|s| s.lonlat));
    v.extend(other_lonlats(p));
    v
}

/// The positions of [`all_lonlats`] after the schools' and students'.
fn other_lonlats(p: &Project) -> Vec<[f64; 2]> {
    let mut v: Vec<[f64; 2]> = Vec::new();
    v.extend(p.housing.iter().map(|h| h.lonlat));
    v.extend(p.sites.iter().map(|s| s.lonlat));
    for u in &p.units {
        match &u.shape {
            UnitShape::Point { lonlat, .. } => v.push(*lonlat),
            UnitShape::Polygon { lonlat, .. } => {
                if let Some(c) = lonlat.centroid() {
                    v.push([c.x(), c.y()]);
                }
            }
        }
    }
    if let Some((b, _)) = &p.boundary {
        v.extend(
            b.iter()
                .flat_map(|poly| poly.exterior().coords().map(|c| [c.x, c.y])),
        );
    }
    v
}

/// The mean of [`all_lonlats`]' finite positions, without making the list: the students' part is
/// summed in parallel over fixed blocks, added in order, so the mean does not depend on threads.
pub fn mean_lonlat(p: &Project) -> Option<[f64; 2]> {
    let finite = |ll: &[f64; 2]| ll[0].is_finite() && ll[1].is_finite();
    let add = |acc: ([f64; 2], usize), ll: &[f64; 2]| match finite(ll) {
        true => ([acc.0[0] + ll[0], acc.0[1] + ll[1]], acc.1 + 1),
        false => acc,
    };
    let schools = p.schools.iter().map(|s| &s.lonlat).fold(([0.0; 2], 0), add);
    let students: Vec<([f64; 2], usize)> = p
        .students
        .par_chunks(STUDENTS_PER_BLOCK)
        .map(|c| {
            c.iter()
                .filter_map(|s| s.lonlat.as_ref())
                .fold(([0.0; 2], 0), add)
        })
        .collect();
    let others = other_lonlats(p).iter().fold(([0.0; 2], 0), add);
    let (sum, n) = std::iter::once(schools)
        .chain(students)
        .chain(std::iter::once(others))
        .fold(([0.0; 2], 0), |a, b| {
            ([a.0[0] + b.0[0], a.0[1] + b.0[1]], a.1 + b.1)
        });
    (n > 0).then(|| [sum[0] / n as f64, sum[1] / n as f64])
}

/// Students per block of [`mean_lonlat`].
const STUDENTS_PER_BLOCK: usize = 65_536;

/// Project a multipolygon; Err names the first vertex that failed.
pub fn project_multipolygon(
    crs: &PlanarCrs,
    mp: &MultiPolygon<f64>,
) -> Result<MultiPolygon<f64>, crate::crs::CrsError> {
    mp.try_map_coords(|c| {
        crs.project([c.x, c.y])
            .map(|p| geo::coord! { x: p[0], y: p[1] })
    })
}

/// Fill every `xy_m` with `crs`. A point that cannot be projected is an error at its source.
pub fn fill(p: &mut Project, crs: &PlanarCrs, report: &mut LoadReport) {
    let fail = |at: &SourceRef, e: String| {
        Diagnostic::error(
            at,
            format!("cannot project to {}: {e}", crs.name),
            "check the coordinates",
        )
    };
    let mut errs: Vec<Diagnostic> = Vec::new();
    let one = |ll: [f64; 2], at: &SourceRef, errs: &mut Vec<Diagnostic>| match crs.project(ll) {
        Ok(xy) => xy,
        Err(e) => {
            errs.push(fail(at, e.to_string()));
            [f64::NAN; 2]
        }
    };
    for s in &mut p.schools {
        s.xy_m = one(s.lonlat, &s.source, &mut errs);
    }
    for h in &mut p.housing {
        h.xy_m = one(h.lonlat, &h.source, &mut errs);
    }
    for s in &mut p.sites {
        s.xy_m = one(s.lonlat, &s.source, &mut errs);
    }
    let student_errs: Vec<Diagnostic> = p
        .students
        .par_iter_mut()
        .filter_map(|s| {
            let ll = s.lonlat?;
            match crs.project(ll) {
                Ok(xy) => {
                    s.xy_m = Some(xy);
                    None
                }
                Err(e) => Some(fail(&s.source, e.to_string())),
            }
        })
        .collect();
    errs.extend(student_errs);
    for u in &mut p.units {
        match &mut u.shape {
            UnitShape::Point { lonlat, xy_m } => {
                *xy_m = one(*lonlat, &u.source, &mut errs);
                u.centroid_xy_m = *xy_m;
            }
            UnitShape::Polygon { lonlat, xy_m } => match project_multipolygon(crs, lonlat) {
                Ok(m) => {
                    u.centroid_xy_m = m
                        .centroid()
                        .map(|c| [c.x(), c.y()])
                        .unwrap_or([f64::NAN; 2]);
                    *xy_m = m;
                }
                Err(e) => errs.push(fail(&u.source, e.to_string())),
            },
        }
    }
    report.diagnostics.extend(errs);
}
