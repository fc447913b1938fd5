//! Travel limits in the site choice (issue 12 §3): new schools for pupils who live beyond the
//! day-school travel limit of every school of their stage.
//!
//! Why: capacity alone never asks for a school where the rooms exist but are too far away (a
//! housing estate 8 km from the nearest primary school would be zoned to spare rooms in town). A
//! day pupil's limit depends on where they live (urban subdistrict or rural township) and pupils
//! of the boarding grades may board at a school marked `boarding`; the problem builder gives each
//! group its limit ([`TravelLimit`]). A candidate is chosen for access when it brings at least
//! `min_pupils` pupils within their limit, pupils no chosen or existing school has within it, in
//! every year the plan serves by building (a need that lasts). Greedy maximum coverage: the site
//! that brings most such pupils (in its worst year) first, then the next on the pupils still
//! beyond. Pupils beyond the limit whom no site brings in numbers are left to the capacity plan
//! and reported: the limit is then a cost (the distance in the trade-off table), not a constraint.

use super::search::{Candidate, Pick};
use crate::zones::site_grid::SiteGrid;
use crate::zones::Problem;
use rayon::prelude::*;
use std::collections::HashMap;

/// A group's day travel limit in metres; `None` when its pupils may board (no day limit).
pub type TravelLimit = Option<f64>;

/// A new school chosen for access, and the pupils it brings within the limit.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessSite {
    pub pick: Pick,
    /// Per year served: pupils it brings within their limit (otherwise beyond every school's).
    pub pupils_by_year: Vec<u64>,
}

/// What the access choice works on: the years served by building, with each group's limit.
pub struct AccessInput<'a> {
    pub years: &'a [Problem],
    /// Per year, per group of that year's problem.
    pub limits: &'a [Vec<TravelLimit>],
    pub cands: &'a [Candidate],
    /// Fewest pupils a school for access must bring within the limit, in each year of its need.
    pub min_pupils: u64,
    pub max_new: usize,
}

/// Per year, per group: whether the group lives beyond its limit from every existing seat (its
/// nearest seat, found on a grid of the seats, is farther than the limit).
pub fn beyond_existing(years: &[Problem], limits: &[Vec<TravelLimit>]) -> Vec<Vec<bool>> {
    years
        .iter()
        .zip(limits)
        .map(|(p, lim)| {
            let sites: Vec<([f64; 2], u32)> = (p.seats.iter().enumerate())
                .map(|(s, seat)| (seat.xy_m, s as u32))
                .collect();
            let grid = SiteGrid::new(&sites);
            (0..p.groups.len())
                .into_par_iter()
                .map(|g| match (lim[g], &grid) {
                    (None, _) => false,
                    (Some(_), None) => true,
                    (Some(l), Some(grid)) => {
                        p.distance_m(g, grid.nearest(p.groups[g].xy_m) as usize) > l
                    }
                })
                .collect()
        })
        .collect()
}

/// Pupils beyond their limit, per year.
pub fn pupils_beyond(years: &[Problem], beyond: &[Vec<bool>]) -> Vec<u64> {
    years
        .iter()
        .zip(beyond)
        .map(|(p, b)| {
            p.groups
                .iter()
                .zip(b)
                .filter(|(_, b)| **b)
                .map(|(g, _)| g.count as u64)
                .sum()
        })
        .collect()
}

/// Choose the new schools for access, most pupils brought within the limit first.
pub fn access_sites(a: &AccessInput) -> Vec<AccessSite> {
    let mut beyond = beyond_existing(a.years, a.limits);
    let mut out: Vec<AccessSite> = Vec::new();
    while out.len() < a.max_new {
        // Per year: the groups still beyond (a candidate only reaches these), bucketed by cell.
        let still: Vec<Beyond> = (a.years.iter().zip(a.limits).zip(&beyond))
            .map(|((p, lim), b)| Beyond::new(p, lim, b))
            .collect();
        let best = a
            .cands
            .iter()
            .enumerate()
            .filter(|(c, cand)| !cand.sizes.is_empty() && out.iter().all(|s| s.pick.cand != *c))
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(c, cand)| (c, reached(a, &still, cand.xy_m)))
            .map(|(c, by_year)| (c, lasting(&by_year, a.min_pupils.max(1)), by_year))
            .max_by(|x, y| x.1.cmp(&y.1).then(y.0.cmp(&x.0)));
        let Some((c, lasting_pupils, by_year)) = best else {
            break;
        };
        if lasting_pupils == 0 {
            break;
        }
        let cand = &a.cands[c];
        let classes = size_for(a, &beyond, cand);
        for (y, p) in a.years.iter().enumerate() {
            for (g, b) in beyond[y].iter_mut().enumerate() {
                if *b && within(p, a.limits[y][g], g, cand.xy_m) {
                    *b = false;
                }
            }
        }
        out.push(AccessSite {
            pick: Pick { cand: c, classes },
            pupils_by_year: by_year,
        });
    }
    out
}

/// The pupils a site brings within the limit for good: the fewest in any year from the first year
/// with at least `min` to the last forecast year, if that is still `min` or more; else 0.
pub fn lasting(by_year: &[u64], min: u64) -> u64 {
    let Some(first) = by_year.iter().position(|n| *n >= min) else {
        return 0;
    };
    let least = by_year[first..].iter().copied().min().unwrap_or(0);
    if least >= min {
        least
    } else {
        0
    }
}

/// The first year index from which a site's need lasts (see [`lasting`]).
pub fn needed_from(by_year: &[u64], min: u64) -> Option<usize> {
    by_year.iter().position(|n| *n >= min.max(1))
}

fn within(p: &Problem, limit: TravelLimit, g: usize, xy: [f64; 2]) -> bool {
    let q = p.groups[g].xy_m;
    limit.is_some_and(|l| (q[0] - xy[0]).hypot(q[1] - xy[1]) <= l)
}

/// One year's groups still beyond their limit, in square cells as wide as the longest limit
/// among them: a site reaches only groups in its own cell and the 8 around it.
struct Beyond {
    cell_m: f64,
    cells: HashMap<[i64; 2], Vec<usize>>,
}

impl Beyond {
    fn new(p: &Problem, limits: &[TravelLimit], beyond: &[bool]) -> Beyond {
        let groups: Vec<usize> = (0..beyond.len()).filter(|g| beyond[*g]).collect();
        let cell_m = (groups.iter())
            .filter_map(|g| limits[*g])
            .fold(0.0, f64::max)
            .max(1.0);
        let mut cells: HashMap<[i64; 2], Vec<usize>> = HashMap::new();
        for g in groups {
            cells
                .entry(cell_of(p.groups[g].xy_m, cell_m))
                .or_default()
                .push(g);
        }
        Beyond { cell_m, cells }
    }

    /// The groups that may be within a limit of `xy` (ascending within each cell).
    fn near(&self, xy: [f64; 2]) -> impl Iterator<Item = usize> + '_ {
        let [cx, cy] = cell_of(xy, self.cell_m);
        (-1..=1)
            .flat_map(move |dx| (-1..=1).map(move |dy| [cx + dx, cy + dy]))
            .filter_map(|c| self.cells.get(&c))
            .flatten()
            .copied()
    }
}

fn cell_of(xy: [f64; 2], side_m: f64) -> [i64; 2] {
    [
        (xy[0] / side_m).floor() as i64,
        (xy[1] / side_m).floor() as i64,
    ]
}

/// Per year: pupils still beyond (`still`) whom a school at `xy` would have within their limit.
fn reached(a: &AccessInput, still: &[Beyond], xy: [f64; 2]) -> Vec<u64> {
    a.years
        .iter()
        .enumerate()
        .map(|(y, p)| {
            still[y]
                .near(xy)
                .filter(|g| within(p, a.limits[y][*g], *g, xy))
                .map(|g| p.groups[g].count as u64)
                .sum()
        })
        .collect()
}

/// The smallest standard size whose rooms hold the pupils it reaches in every year at the class
/// caps (else its largest size).
fn size_for(a: &AccessInput, beyond: &[Vec<bool>], cand: &Candidate) -> u32 {
    let mut classes_max = 0;
    for (y, p) in a.years.iter().enumerate() {
        let mut by_grade = [0u32; 12];
        for (g, grp) in p.groups.iter().enumerate() {
            if beyond[y][g] && within(p, a.limits[y][g], g, cand.xy_m) {
                by_grade[grp.grade.index()] += grp.count;
            }
        }
        let classes: u32 = (0..12)
            .map(|g| crate::capacity::classes_needed(by_grade[g], p.caps[g]))
            .sum();
        classes_max = classes_max.max(classes);
    }
    let last = cand.sizes.last().copied().unwrap_or(0);
    cand.sizes
        .iter()
        .copied()
        .find(|s| *s >= classes_max)
        .unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Grade, Level};
    use crate::zones::{Group, Seat};

    fn problem(groups: &[([f64; 2], u32)]) -> Problem {
        let mut caps = [25; 12];
        caps[3..9].fill(45);
        let groups = groups
            .iter()
            .map(|(xy, n)| Group {
                xy_m: *xy,
                grade: Grade::G1,
                count: *n,
                unit: None,
                members: 0..0,
            })
            .collect::<Vec<_>>();
        let seats = vec![Seat {
            school: 0,
            id: "S".into(),
            xy_m: [0.0, 0.0],
            level: Level::Primary,
            room_budget: 100,
            size_budget: 5000,
            fixed_classes: 0,
            fixed_students: 0,
            rooms: 100,
        }];
        Problem {
            stage: crate::model::Stage::Primary,
            kind: crate::zones::DemandKind::Students,
            groups: groups.into(),
            members: Vec::new(),
            seats,
            caps,
            unplaced: Vec::new(),
            notes: Vec::new(),
            pins: Vec::new(),
        }
    }

    fn cand(id: &str, xy: [f64; 2]) -> Candidate {
        Candidate {
            id: id.into(),
            xy_m: xy,
            sizes: vec![12, 18, 24],
            fixed_cost: 0.0,
        }
    }

    #[test]
    fn a_far_cluster_gets_one_school_a_small_one_none_boarders_none() {
        // 600 pupils 10 km east, 50 pupils 10 km north, 900 boarders 10 km west, 400 nearby.
        let p = problem(&[
            ([10_000.0, 0.0], 600),
            ([0.0, 10_000.0], 50),
            ([-10_000.0, 0.0], 900),
            ([500.0, 0.0], 400),
        ]);
        let limits = vec![vec![Some(3000.0), Some(3000.0), None, Some(3000.0)]];
        let years = [p];
        let cands = [
            cand("E", [9_000.0, 0.0]),
            cand("N", [0.0, 9_000.0]),
            cand("W", [-9_000.0, 0.0]),
        ];
        let sites = access_sites(&AccessInput {
            years: &years,
            limits: &limits,
            cands: &cands,
            min_pupils: 270,
            max_new: 5,
        });
        assert_eq!(sites.len(), 1, "{sites:?}");
        assert_eq!(sites[0].pick.cand, 0);
        assert_eq!(sites[0].pupils_by_year, vec![600]);
        // 600 grade-1 pupils at 45 a class: 14 classes, so the 18-class size.
        assert_eq!(sites[0].pick.classes, 18);
        assert_eq!(
            pupils_beyond(&years, &beyond_existing(&years, &limits)),
            vec![650]
        );
    }

    #[test]
    fn a_need_that_starts_late_counts_from_then() {
        assert_eq!(lasting(&[0, 0, 300, 320], 270), 300);
        assert_eq!(needed_from(&[0, 0, 300, 320], 270), Some(2));
        assert_eq!(lasting(&[300, 320, 100], 270), 0, "ends before the horizon");
    }

    #[test]
    fn the_need_must_last_every_year() {
        let early = problem(&[([10_000.0, 0.0], 600)]);
        let late = problem(&[([10_000.0, 0.0], 100)]);
        let limits = vec![vec![Some(3000.0)], vec![Some(3000.0)]];
        let years = [early, late];
        let sites = access_sites(&AccessInput {
            years: &years,
            limits: &limits,
            cands: &[cand("E", [9_000.0, 0.0])],
            min_pupils: 270,
            max_new: 5,
        });
        assert!(sites.is_empty(), "{sites:?}");
    }
}
