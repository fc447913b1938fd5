//! The smaller synthetic tables: housing projects, candidate sites and school resources.
//!
//! Housing projects sit in the county seat and complete in the years after the base year. Candidate
//! sites ring the seat, with a couple in large rural townships. Resources are set from each school's
//! enrollment and the national thresholds (from [`Standards`], never hard-coded): most schools pass
//! the 7 indicators with some margin, a few fall short on one or two so remedies have work to do.

use super::region::{Region, TownshipKind};
use super::rng::{cumulative, Rng};
use super::schools::SchoolPlan;
use super::villages::Village;
use crate::model::{Grade, Level, Stage};
use crate::standards::{ResourceThresholds, Standards};

/// A housing project: position (local m), homes, completion year.
#[derive(Debug, Clone)]
pub struct Housing {
    pub xy_m: [f64; 2],
    pub homes: u32,
    pub year: i32,
}

/// A candidate site: position (local m), largest school it can hold, cost in yuan.
#[derive(Debug, Clone)]
pub struct CandidateSite {
    pub xy_m: [f64; 2],
    pub max_classes: u32,
    pub fixed_cost: f64,
}

/// Resource values of one school, in the `resources.csv` column order.
#[derive(Debug, Clone)]
pub struct ResourceRow {
    pub school: usize,
    /// qualified, backbone, PE/arts teachers, building m², sports m², equipment yuan, multimedia.
    pub indicators: [f64; 7],
    pub music_rooms: u32,
    pub music_room_m2: f64,
    pub art_rooms: u32,
    pub art_room_m2: f64,
}

/// Pick a point near a random village of the seat (by weight), inside the county.
fn near_seat(region: &Region, villages: &[Village], spread_m: f64, rng: &mut Rng) -> [f64; 2] {
    let seat: Vec<&Village> = villages
        .iter()
        .filter(|v| region.townships[v.township].kind != TownshipKind::Rural)
        .collect();
    let cum = cumulative(&seat.iter().map(|v| v.weight).collect::<Vec<_>>());
    let v = seat[rng.pick_cumulative(&cum)];
    for _ in 0..50 {
        let p = [
            v.xy_m[0] + rng.normal() * spread_m,
            v.xy_m[1] + rng.normal() * spread_m,
        ];
        if region.inside(p) {
            return p;
        }
    }
    v.xy_m
}

/// Housing projects: four in the standard sample, more for larger counties.
pub fn housing(
    region: &Region,
    villages: &[Village],
    students: usize,
    base_year: i32,
    rng: &mut Rng,
) -> Vec<Housing> {
    const FIXED: [([f64; 2], u32, i32); 4] = [
        ([2_500.0, 1_800.0], 1_200, 1),
        ([-2_200.0, -1_500.0], 800, 2),
        ([1_800.0, -2_300.0], 600, 2),
        ([-500.0, 2_600.0], 1_000, 3),
    ];
    let n = (students / 5_000).clamp(4, 200);
    (0..n)
        .map(|i| match FIXED.get(i) {
            Some(&(xy_m, homes, dy)) => Housing {
                xy_m,
                homes,
                year: base_year + dy,
            },
            None => Housing {
                xy_m: near_seat(region, villages, 1_500.0, rng),
                homes: (300.0 + 1_200.0 * rng.f64()).round() as u32,
                year: base_year + 1 + rng.below(4) as i32,
            },
        })
        .collect()
}

/// Candidate sites: six around the seat and two rural in the standard sample.
pub fn sites(
    region: &Region,
    villages: &[Village],
    schools: usize,
    rng: &mut Rng,
) -> Vec<CandidateSite> {
    const FIXED: [([f64; 2], u32); 6] = [
        ([2_800.0, 600.0], 24),
        ([-2_900.0, -700.0], 30),
        ([600.0, 3_000.0], 18),
        ([-700.0, -3_100.0], 24),
        ([2_300.0, -2_000.0], 12),
        ([-2_000.0, 2_400.0], 18),
    ];
    // Two rural sites, beside the 大井镇 and 五十家子镇 township centres.
    const RURAL: [(&str, [f64; 2], u32); 2] = [
        ("150424105", [1_200.0, 900.0], 12),
        ("150424103", [900.0, -1_100.0], 12),
    ];
    let n = (schools / 3).clamp(8, 500);
    (0..n)
        .map(|i| {
            let rural = i.checked_sub(FIXED.len()).and_then(|r| RURAL.get(r));
            let anchor = |code: &str| {
                region
                    .townships
                    .iter()
                    .find(|t| t.code == code)
                    .map_or([0.0; 2], |t| t.anchor_m)
            };
            let (xy_m, max_classes) = match (FIXED.get(i), rural) {
                (Some(&(xy, c)), _) => (xy, c),
                (None, Some(&(code, d, c))) => {
                    let a = anchor(code);
                    ([a[0] + d[0], a[1] + d[1]], c)
                }
                (None, None) => (
                    near_seat(region, villages, 4_000.0, rng),
                    [12, 18, 24, 30][rng.below(4)],
                ),
            };
            CandidateSite {
                xy_m,
                max_classes,
                fixed_cost: 20_000_000.0 + 1_500_000.0 * max_classes as f64,
            }
        })
        .collect()
}

/// Classes a grade's students need at the cap.
fn classes(n: u32, cap: u32) -> u32 {
    n.div_ceil(cap.max(1))
}

/// Required amount of each indicator for a school with `p` primary and `j` junior students.
fn required(p: f64, j: f64, std: &Standards) -> [f64; 7] {
    let f = |t: &ResourceThresholds| {
        [
            t.qualified_teachers_per100,
            t.backbone_teachers_per100,
            t.pe_arts_teachers_per100,
            t.teaching_area_m2_per_student * 100.0,
            t.sports_area_m2_per_student * 100.0,
            t.equipment_yuan_per_student * 100.0,
            t.multimedia_rooms_per100,
        ]
    };
    let (a, b) = (f(&std.resources_primary), f(&std.resources_junior));
    std::array::from_fn(|k| (p * a[k] + j * b[k]) / 100.0)
}

/// Resources for every school with compulsory grades. `counts` are base-year counts per school.
pub fn resources(
    plans: &[SchoolPlan],
    counts: &[[u32; 12]],
    std: &Standards,
    rng: &mut Rng,
) -> Vec<ResourceRow> {
    let compulsory: Vec<usize> = (0..plans.len())
        .filter(|&s| plans[s].level != Level::Kindergarten)
        .collect();
    // Shortfalls: (school position in `compulsory`, indicator, share of the threshold reached).
    let rural: Vec<usize> = (0..compulsory.len())
        .filter(|&k| !plans[compulsory[k]].in_seat)
        .collect();
    let mut shortfalls: Vec<(usize, usize, f64)> = Vec::new();
    let biggest = (0..compulsory.len())
        .max_by_key(|&k| counts[compulsory[k]].iter().sum::<u32>())
        .unwrap_or(0);
    shortfalls.push((biggest, 4, 0.88)); // the crowded seat school is short of playground
    let n_fail = (compulsory.len() / 8).clamp(1, 60);
    for i in 0..n_fail.min(rural.len()) {
        let k = rural[(i * 7 + rng.below(3)) % rural.len()];
        match i % 3 {
            0 => shortfalls.extend([(k, 1, 0.7), (k, 2, 0.8)]), // fails: two short, one < 85 %
            1 => shortfalls.push((k, 5, 0.8)),                  // fails: one short, < 85 %
            _ => shortfalls.push((k, 6, 0.9)),                  // passes: one short, ≥ 85 %
        }
    }
    compulsory
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let c = &counts[s];
            let p: u32 = Stage::Primary.grades().iter().map(|g| c[g.index()]).sum();
            let j: u32 = Stage::Junior.grades().iter().map(|g| c[g.index()]).sum();
            let req = required(p as f64, j as f64, std);
            let indicators = std::array::from_fn(|i| {
                let factor = shortfalls
                    .iter()
                    .find(|x| x.0 == k && x.1 == i)
                    .map(|x| x.2)
                    .unwrap_or_else(|| rng.range(1.05, 1.5));
                let v = req[i] * factor;
                match i {
                    3 | 4 => v.ceil(),
                    5 => (v / 1000.0).ceil() * 1000.0,
                    _ if factor >= 1.0 => v.ceil(),
                    _ => v.floor(),
                }
            });
            let n_classes: u32 = Grade::ALL[3..]
                .iter()
                .map(|g| classes(c[g.index()], std.class_cap(*g)))
                .sum();
            let rooms = n_classes
                .div_ceil(std.classes_per_music_art_room.max(1))
                .max(1);
            let short_room = shortfalls.iter().any(|x| x.0 == k && x.1 == 1);
            ResourceRow {
                school: s,
                indicators,
                music_rooms: rooms,
                music_room_m2: (std.music_room_min_m2 + rng.range(0.0, 24.0)).round(),
                art_rooms: if short_room { rooms - 1 } else { rooms },
                art_room_m2: (std.art_room_min_m2 + rng.range(0.0, 20.0)).round(),
            }
        })
        .collect()
}
