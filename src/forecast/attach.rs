//! Attaching places (housing projects, planning units) to the school that serves them: the school
//! named by the zones when a mapping is given, else the nearest school of the stage by `xy_m`.

use super::history::serves;
use crate::model::{School, Stage};
use std::collections::{BTreeMap, HashMap};

/// Place id → the school ids serving it (one per level, as the zones give them).
pub type ServingSchools = BTreeMap<String, Vec<String>>;

/// The nearest school serving `stage` to `xy_m` (ties: the first in the slice).
pub fn nearest_serving(schools: &[School], xy_m: [f64; 2], stage: Stage) -> Option<usize> {
    nearest_open(schools, xy_m, stage, &[])
}

/// As [`nearest_serving`], skipping schools marked `closed` (an empty slice closes none).
pub fn nearest_open(
    schools: &[School],
    xy_m: [f64; 2],
    stage: Stage,
    closed: &[bool],
) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    for (i, s) in schools.iter().enumerate() {
        if !serves(s, stage) || closed.get(i).copied().unwrap_or(false) {
            continue;
        }
        let d = (s.xy_m[0] - xy_m[0]).powi(2) + (s.xy_m[1] - xy_m[1]).powi(2);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, i));
        }
    }
    best.map(|(_, i)| i)
}

/// The school serving `stage` for place `id`: the first school listed for it in `mapping` that
/// serves the stage, else the nearest serving school to `xy_m`.
pub fn serving_school(
    id: &str,
    xy_m: [f64; 2],
    stage: Stage,
    mapping: Option<&ServingSchools>,
    schools: &[School],
    index: &HashMap<&str, usize>,
    closed: &[bool],
) -> Option<usize> {
    let listed = mapping
        .and_then(|m| m.get(id))
        .into_iter()
        .flatten()
        .filter_map(|sid| index.get(sid.as_str()).copied())
        .find(|&i| serves(&schools[i], stage) && !closed.get(i).copied().unwrap_or(false));
    listed.or_else(|| nearest_open(schools, xy_m, stage, closed))
}

/// School id → position in the slice.
pub fn school_index(schools: &[School]) -> HashMap<&str, usize> {
    schools
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect()
}
