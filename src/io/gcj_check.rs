//! Detecting a GCJ-02 boundary used with WGS84 points (or the reverse).
//!
//! Boundaries traced on Gaode/Tencent maps are in GCJ-02, offset 500–700 m from WGS84 in most of
//! China. Used with GPS points, students along the border fall outside the county. The test: count
//! the points outside the boundary as given, then with the boundary shifted GCJ-02 → WGS84 (and
//! WGS84 → GCJ-02). If a shift removes most of the misses, the two layers are in different datums.

use super::inside::InsideIndex;
use super::planar_fill::project_multipolygon;
use crate::crs::{gcj02_to_wgs84, wgs84_to_gcj02, PlanarCrs};
use crate::model::{Diagnostic, LoadReport, Project, SourceRef};
use geo::{MapCoords, MultiPolygon};
use rayon::prelude::*;

/// At least this many points must lie outside before a shift is suspected.
const MIN_OUTSIDE: usize = 3;

/// Warn when shifting the boundary by the GCJ-02 offset brings most outside points inside.
/// `as_given`: how many students and schools lie outside the boundary as given.
pub fn check(
    p: &Project,
    crs: &PlanarCrs,
    boundary_file: &str,
    as_given: usize,
    report: &mut LoadReport,
) {
    let Some((b_ll, b_xy)) = &p.boundary else {
        return;
    };
    if as_given < MIN_OUTSIDE {
        return;
    }
    let points: Vec<[f64; 2]> = p
        .students
        .iter()
        .filter_map(|s| s.xy_m)
        .chain(p.schools.iter().map(|s| s.xy_m))
        .filter(|xy| xy[0].is_finite())
        .collect();
    // A shift is suspected only when it leaves at most a quarter of the misses: counting stops
    // past that (a boundary in the right datum, shifted, loses the points along its edge at once).
    let limit = as_given / 4;
    let shifted = |f: fn([f64; 2]) -> [f64; 2]| -> Option<(usize, f64)> {
        let moved = b_ll.map_coords(|c| {
            let q = f([c.x, c.y]);
            geo::coord! { x: q[0], y: q[1] }
        });
        let xy = project_multipolygon(crs, &moved).ok()?;
        let first = b_xy.0.first()?.exterior().0.first().copied()?;
        let moved_first = xy.0.first()?.exterior().0.first().copied()?;
        let shift_m =
            ((first.x - moved_first.x).powi(2) + (first.y - moved_first.y).powi(2)).sqrt();
        Some((outside_upto(&points, &xy, limit)?, shift_m))
    };
    let at = SourceRef::new(boundary_file, 0);
    let n = points.len();
    if let Some((k, m)) = shifted(gcj02_to_wgs84) {
        report.diagnostics.push(Diagnostic::warning(
            &at,
            format!("{as_given} of {n} points lie outside the boundary as given, but only {k} once the boundary is converted from GCJ-02 to WGS84 (a shift of {m:.0} m): the boundary looks like GCJ-02 (traced on a Chinese web map) while the points are WGS84"),
            "convert the boundary to WGS84 (or, if the points also came from Gaode/Tencent, set [crs] input = \"gcj02\" in catchment.toml)",
        ));
        report.tallies.insert("gcj02_boundary_suspected".into(), 1);
    } else if let Some((k, m)) = shifted(wgs84_to_gcj02) {
        report.diagnostics.push(Diagnostic::warning(
            &at,
            format!("{as_given} of {n} points lie outside the boundary as given, but only {k} once the boundary is shifted from WGS84 to GCJ-02 (a shift of {m:.0} m): the points look like GCJ-02 (picked on a Chinese web map) while the boundary is WGS84"),
            "set [crs] input = \"gcj02\" in catchment.toml so the points are converted to WGS84",
        ));
        report.tallies.insert("gcj02_points_suspected".into(), 1);
    }
}

/// Points per work item of [`outside_upto`].
const POINTS_PER_TASK: usize = 32_768;

/// How many of `points` lie outside `mp`, or None once more than `limit` do (the count then
/// stops).
fn outside_upto(points: &[[f64; 2]], mp: &MultiPolygon<f64>, limit: usize) -> Option<usize> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let idx = InsideIndex::new(mp);
    let total = AtomicUsize::new(0);
    points.par_chunks(POINTS_PER_TASK).for_each(|chunk| {
        if total.load(Ordering::Relaxed) > limit {
            return;
        }
        let n = chunk.iter().filter(|xy| !idx.contains(**xy)).count();
        total.fetch_add(n, Ordering::Relaxed);
    });
    let n = total.into_inner();
    (n <= limit).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn outside_count_is_exact_up_to_the_limit_and_none_past_it() {
        let square: MultiPolygon<f64> =
            polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)]
                .into();
        // 100,000 points, every tenth outside: 10,000 outside, over several work items.
        let points: Vec<[f64; 2]> = (0..100_000)
            .map(|i| if i % 10 == 0 { [20.0, 5.0] } else { [5.0, 5.0] })
            .collect();
        assert_eq!(outside_upto(&points, &square, usize::MAX), Some(10_000));
        assert_eq!(outside_upto(&points, &square, 10_000), Some(10_000));
        assert_eq!(outside_upto(&points, &square, 9_999), None);
        assert_eq!(outside_upto(&points, &square, 0), None);
        assert_eq!(outside_upto(&points[1..10], &square, 0), Some(0));
    }
}
