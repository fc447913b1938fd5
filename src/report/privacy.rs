//! Private by construction: what the published report may show of the pupils.
//!
//! The zones engine draws each zone as the union of areas around the pupils' homes, so a zone piece
//! can be an island around one house. Before anything is published, [`publishable_zones`] removes
//! every piece (and every hole) holding fewer than the threshold of pupils: a small piece is dropped
//! from the drawing, and a small hole is filled, i.e. merged into the piece around it. Pupils
//! placed by address stand at their village's point, shared with every other pupil of the village,
//! so they do not hide a home given by coordinates: a piece must hold either no home given by
//! coordinates or at least the threshold of them. The counts of pieces and pupils affected are
//! returned so the report can state them. [`published_problems`]
//! gives the data problems with file, line, field and reason only, never the value (which may be an
//! address) or a pupil id; the full list goes to `private/`.

use super::i18n::{reason, Lang};
use super::{Cell, Table};
use crate::model::{LoadReport, Placement, Stage, Student};
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

/// The positions (planar metres) of the pupils of one stage, by how they were placed.
#[derive(Debug, Default)]
pub struct Homes {
    /// Homes given by coordinates: each is one household.
    pub own: RTree<[f64; 2]>,
    /// Pupils placed at a shared point (a village or township matched from the address).
    pub shared: RTree<[f64; 2]>,
}

/// The homes of the pupils of `stage` among `students`.
pub fn homes(students: &[Student], stage: Stage) -> Homes {
    let (mut own, mut shared) = (Vec::new(), Vec::new());
    for s in students.iter().filter(|s| s.grade.stage() == stage) {
        let Some(xy) = s.xy_m else { continue };
        match s.placement {
            Placement::Coordinates => own.push(xy),
            _ => shared.push(xy),
        }
    }
    Homes {
        own: RTree::bulk_load(own),
        shared: RTree::bulk_load(shared),
    }
}

/// Points of `tree` inside `poly` (holes excluded).
pub fn points_in(poly: &Polygon<f64>, tree: &RTree<[f64; 2]>) -> u32 {
    use geo::BoundingRect;
    let Some(r) = poly.bounding_rect() else {
        return 0;
    };
    let env = AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
    tree.locate_in_envelope(&env)
        .filter(|h| poly.contains(&Point::new(h[0], h[1])))
        .count() as u32
}

/// Pupils inside `poly`: (homes given by coordinates, all pupils).
pub fn pupils_in(poly: &Polygon<f64>, homes: &Homes) -> (u32, u32) {
    let own = points_in(poly, &homes.own);
    (own, own + points_in(poly, &homes.shared))
}

/// Whether an area holding `own` homes given by coordinates and `all` pupils may be shown.
fn shows_nobody(own: u32, all: u32, min: u32) -> bool {
    all >= min && (own == 0 || own >= min)
}

/// The zone polygons fit to publish: pieces holding fewer than `min` pupils, or between one and
/// `min - 1` homes given by coordinates, dropped; such holes filled. Returns the polygons, the pieces and holes changed, and their pupils.
pub fn publishable_zones(
    polys: &[ZonePolygon],
    homes: &Homes,
    min: u32,
) -> (Vec<ZonePolygon>, usize, u32) {
    let (mut changed, mut pupils) = (0usize, 0u32);
    let mut out = Vec::with_capacity(polys.len());
    for z in polys {
        let mut kept = Vec::new();
        for piece in &z.xy_m.0 {
            let (own, n) = pupils_in(piece, homes);
            if !shows_nobody(own, n, min) {
                changed += 1;
                pupils += n;
                continue;
            }
            let mut interiors = Vec::new();
            for hole in piece.interiors() {
                let (own, inside) = pupils_in(&Polygon::new(hole.clone(), vec![]), homes);
                if !shows_nobody(own, inside, min) {
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
pub fn published_problems(load: &LoadReport, lang: Lang) -> Table {
    let mut t = Table::new("problems", &["severity", "file", "line", "field", "reason"]);
    let mut seen = std::collections::BTreeSet::new();
    for d in &load.diagnostics {
        seen.insert((d.file.clone(), d.line.unwrap_or(0)));
        t.push(vec![
            format!("{:?}", d.severity).to_lowercase().into(),
            Cell::Id(d.file.clone()),
            d.line.map_or(Cell::Empty, |l| Cell::Int(l as i64)),
            d.field.clone().map_or(Cell::Empty, Cell::Id),
            reason(&d.message, lang).into(),
        ]);
    }
    for r in &load.rejects {
        if seen.contains(&(r.source.file.to_string(), r.source.line)) {
            continue;
        }
        t.push(vec![
            "reject".into(),
            Cell::Id(r.source.file.to_string()),
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
        let homes = Homes {
            own: RTree::bulk_load(pts),
            shared: RTree::new(),
        };
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
        assert_eq!(pupils_in(&out[0].xy_m.0[0], &homes), (7, 7));
    }

    #[test]
    fn pupils_at_a_village_point_do_not_hide_one_home() {
        let square = |x0: f64| polygon![(x: x0, y: 0.0), (x: x0 + 10.0, y: 0.0), (x: x0 + 10.0, y: 10.0), (x: x0, y: 10.0)];
        // Piece 0: one home and six pupils at the village point; piece 1: only the village point;
        // piece 2: five homes.
        let homes = Homes {
            own: RTree::bulk_load(vec![
                [1.0, 1.0],
                [21.0, 1.0],
                [22.0, 1.0],
                [23.0, 1.0],
                [24.0, 1.0],
                [25.0, 1.0],
            ]),
            shared: RTree::bulk_load(
                vec![[5.0, 5.0]; 6]
                    .into_iter()
                    .chain(vec![[15.0, 5.0]; 7])
                    .collect(),
            ),
        };
        let polys: Vec<ZonePolygon> = [0.0, 10.0, 20.0]
            .iter()
            .enumerate()
            .map(|(i, x0)| ZonePolygon {
                seat: Some(i),
                xy_m: MultiPolygon(vec![square(*x0)]),
            })
            .collect();
        let (out, changed, pupils) = publishable_zones(&polys, &homes, 5);
        let seats: Vec<_> = out.iter().map(|z| z.seat).collect();
        assert_eq!(seats, [Some(1), Some(2)]);
        assert_eq!((changed, pupils), (1, 7));
    }
}
