//! Private by construction: what the published report may show of the pupils.
//!
//! The zones engine draws each zone as the union of areas around the pupils' homes, so a zone piece
//! can be an island around one house. Before anything is published, [`publishable_zones`] removes
//! every piece (and every hole) holding fewer than the threshold of pupils: a small piece is dropped
//! from the drawing, and a small hole is filled, i.e. merged into the piece around it. The counts
//! of pieces and pupils affected are returned so the report can state them. [`published_problems`]
//! gives the data problems with file, line, field and reason only, never the value (which may be an
//! address) or a pupil id; the full list goes to `private/`.

use super::i18n::{reason, Lang};
use super::{Cell, Table};
use crate::model::{Project, Stage};
use crate::zones::polygons::ZonePolygon;
use geo::{Contains, MultiPolygon, Point, Polygon};
use rstar::{RTree, AABB};

/// Fewest pupils a published zone piece, hex or label may stand for. (`catchment.toml` never
/// accepted a key to change it; lowering it would publish single children.)
pub const MIN_PUPILS: u32 = 5;

/// What was held back, per stage: (stage, pieces removed or holes filled, pupils in them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrivacyNote {
    pub min_pupils: u32,
    pub stages: Vec<(Stage, usize, u32)>,
}

/// The homes (planar metres) of the pupils of `stage`.
pub fn homes(project: &Project, stage: Stage) -> RTree<[f64; 2]> {
    RTree::bulk_load(
        project
            .students
            .iter()
            .filter(|s| s.grade.stage() == stage)
            .filter_map(|s| s.xy_m)
            .collect(),
    )
}

/// Homes inside `poly` (holes excluded).
pub fn pupils_in(poly: &Polygon<f64>, homes: &RTree<[f64; 2]>) -> u32 {
    use geo::BoundingRect;
    let Some(r) = poly.bounding_rect() else {
        return 0;
    };
    let env = AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
    homes
        .locate_in_envelope(&env)
        .filter(|h| poly.contains(&Point::new(h[0], h[1])))
        .count() as u32
}

/// The zone polygons fit to publish: pieces holding fewer than `min` pupils dropped, holes holding
/// fewer than `min` filled. Returns the polygons, the pieces and holes changed, and their pupils.
pub fn publishable_zones(
    polys: &[ZonePolygon],
    homes: &RTree<[f64; 2]>,
    min: u32,
) -> (Vec<ZonePolygon>, usize, u32) {
    let (mut changed, mut pupils) = (0usize, 0u32);
    let mut out = Vec::with_capacity(polys.len());
    for z in polys {
        let mut kept = Vec::new();
        for piece in &z.xy_m.0 {
            let n = pupils_in(piece, homes);
            if n < min {
                changed += 1;
                pupils += n;
                continue;
            }
            let mut interiors = Vec::new();
            for hole in piece.interiors() {
                let inside = pupils_in(&Polygon::new(hole.clone(), vec![]), homes);
                if inside < min {
                    changed += 1;
                } else {
                    interiors.push(hole.clone());
                }
            }
            kept.push(Polygon::new(piece.exterior().clone(), interiors));
        }
        if !kept.is_empty() {
            out.push(ZonePolygon {
                seat: z.seat,
                xy_m: MultiPolygon(kept),
            });
        }
    }
    (out, changed, pupils)
}

/// The data problems as published: severity, file, line, field and reason (from the catalogue),
/// never the value or a pupil id. Rejected rows that repeat a warning on the same line are folded
/// into it.
pub fn published_problems(project: &Project, lang: Lang) -> Table {
    let mut t = Table::new("problems", &["severity", "file", "line", "field", "reason"]);
    let mut seen = std::collections::BTreeSet::new();
    for d in &project.report.diagnostics {
        seen.insert((d.file.clone(), d.line.unwrap_or(0)));
        t.push(vec![
            format!("{:?}", d.severity).to_lowercase().into(),
            Cell::Id(d.file.clone()),
            d.line.map_or(Cell::Empty, |l| Cell::Int(l as i64)),
            d.field.clone().map_or(Cell::Empty, Cell::Id),
            reason(&d.message, lang).into(),
        ]);
    }
    for r in &project.report.rejects {
        if seen.contains(&(r.source.file.clone(), r.source.line)) {
            continue;
        }
        t.push(vec![
            "reject".into(),
            Cell::Id(r.source.file.clone()),
            Cell::Int(r.source.line as i64),
            Cell::Empty,
            reason(&r.reason, lang).into(),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn islands_around_few_homes_are_dropped_and_small_holes_filled() {
        let big = polygon![
            exterior: [(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)],
            interiors: [[(x: 40.0, y: 40.0), (x: 60.0, y: 40.0), (x: 60.0, y: 60.0), (x: 40.0, y: 60.0)]],
        ];
        let island = polygon![(x: 40.0, y: 40.0), (x: 60.0, y: 40.0), (x: 60.0, y: 60.0), (x: 40.0, y: 60.0)];
        let mut pts: Vec<[f64; 2]> = (0..6).map(|i| [5.0 + i as f64, 5.0]).collect();
        pts.push([50.0, 50.0]);
        let homes = RTree::bulk_load(pts);
        let polys = vec![
            ZonePolygon {
                seat: Some(0),
                xy_m: MultiPolygon(vec![big]),
            },
            ZonePolygon {
                seat: Some(1),
                xy_m: MultiPolygon(vec![island]),
            },
        ];
        let (out, changed, pupils) = publishable_zones(&polys, &homes, 5);
        assert_eq!(out.len(), 1, "the one-home island is not published");
        assert_eq!((changed, pupils), (2, 1));
        assert!(
            out[0].xy_m.0[0].interiors().is_empty(),
            "its hole is filled"
        );
        assert_eq!(pupils_in(&out[0].xy_m.0[0], &homes), 7);
    }
}
