//! Village placement: every real village and community gets a synthetic position inside the real
//! boundary, spread around its township's anchor, denser around the county seat.
//!
//! Urban communities (城北/城南街道) pack within about a kilometre of the seat, 林西镇's villages ring
//! the town, rural villages spread 6–8 km around their township anchor. Each village also gets a
//! synthetic weight (its relative number of children), largest in the town.

use super::region::{dist_m, Region, TownshipKind};
use super::rng::Rng;

/// A placed village (村) or community (社区).
#[derive(Debug, Clone)]
pub struct Village {
    /// The real statistical code, used as the unit id.
    pub code: String,
    /// The real name, short form (`常胜村`).
    pub name: String,
    /// Index into `Region::townships`.
    pub township: usize,
    /// Synthetic position, local metres.
    pub xy_m: [f64; 2],
    /// Synthetic relative number of children living here.
    pub weight: f64,
}

/// Villages keep at least this far from the county outline, metres.
pub const EDGE_MARGIN_M: f64 = 1_500.0;

/// Place every village of `region`, deterministically from `rng`.
pub fn place_villages(region: &Region, rng: &mut Rng) -> Vec<Village> {
    let mut placed: Vec<Village> = Vec::with_capacity(region.villages.len());
    for v in &region.villages {
        let t = &region.townships[v.township];
        let (min_gap_m, min_seat_m) = match t.kind {
            TownshipKind::Urban => (350.0, 0.0),
            TownshipKind::Seat => (900.0, 2_000.0),
            TownshipKind::Rural => (2_000.0, 6_000.0),
        };
        let seat = [0.0, 0.0];
        let mut xy = t.anchor_m;
        let mut gap = min_gap_m;
        for attempt in 0..2_000 {
            if attempt > 0 && attempt % 200 == 0 {
                gap *= 0.7; // crowded township: relax the spacing rather than fail
            }
            let cand = [
                t.anchor_m[0] + rng.normal() * t.spread_m,
                t.anchor_m[1] + rng.normal() * t.spread_m,
            ];
            let ok = region.well_inside(cand, EDGE_MARGIN_M)
                && dist_m(cand, seat) >= min_seat_m
                && placed.iter().all(|p| dist_m(p.xy_m, cand) >= gap);
            if ok {
                xy = cand;
                break;
            }
        }
        let weight = match t.kind {
            TownshipKind::Urban => rng.range(3.0, 6.0),
            TownshipKind::Seat => rng.range(1.0, 2.2),
            TownshipKind::Rural if v.name.ends_with("社区") => rng.range(1.5, 2.5),
            TownshipKind::Rural => rng.range(0.4, 1.2),
        };
        placed.push(Village {
            code: v.code.clone(),
            name: v.name.clone(),
            township: v.township,
            xy_m: xy,
            weight,
        });
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn villages_inside_and_denser_near_seat() {
        let region = Region::linxi();
        let vs = place_villages(&region, &mut Rng::new(2022));
        assert_eq!(vs.len(), region.villages.len());
        for v in &vs {
            assert!(region.inside(v.xy_m), "{} outside", v.name);
        }
        let near = vs
            .iter()
            .filter(|v| dist_m(v.xy_m, [0.0; 2]) < 5_000.0)
            .count();
        // 5 km around the seat is about 2 % of the county's area but holds far more villages.
        assert!(
            near * 100 / vs.len() >= 15,
            "only {near} villages near the seat"
        );
    }
}
