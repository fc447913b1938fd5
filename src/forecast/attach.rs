//! Attaching places (housing projects, planning units) to the school that serves them: the school
//! named by the zones when a mapping is given, else the nearest school of the stage by `xy_m`.

use super::history::serves;
use crate::model::{School, Stage};
use rstar::primitives::GeomWithData;
use rstar::RTree;
use std::collections::{BTreeMap, HashMap};

/// Place id → the school ids serving it (one per level, as the zones give them).
pub type ServingSchools = BTreeMap<String, Vec<String>>;

/// Finds the school serving a place, per stage: by the zones' mapping, else the nearest open
/// school of the stage (an R-tree per stage, built once).
pub struct Locator<'a> {
    schools: &'a [School],
    index: HashMap<&'a str, usize>,
    closed: &'a [bool],
    trees: Vec<RTree<GeomWithData<[f64; 2], usize>>>,
}

impl<'a> Locator<'a> {
    /// Index `schools`; those marked in `closed` (may be empty) serve no place.
    pub fn new(schools: &'a [School], closed: &'a [bool]) -> Self {
        let is_closed = |i: usize| closed.get(i).copied().unwrap_or(false);
        let trees = Stage::ALL
            .iter()
            .map(|stage| {
                RTree::bulk_load(
                    (0..schools.len())
                        .filter(|&i| !is_closed(i) && serves(&schools[i], *stage))
                        .map(|i| GeomWithData::new(schools[i].xy_m, i))
                        .collect(),
                )
            })
            .collect();
        Locator {
            schools,
            index: school_index(schools),
            closed,
            trees,
        }
    }

    /// The nearest open school serving `stage` to `xy_m`; None if there is none or `xy_m` is not
    /// a finite point.
    pub fn nearest(&self, xy_m: [f64; 2], stage: Stage) -> Option<usize> {
        if !(xy_m[0].is_finite() && xy_m[1].is_finite()) {
            return None;
        }
        let k = Stage::ALL.iter().position(|s| *s == stage)?;
        self.trees[k].nearest_neighbor(&xy_m).map(|n| n.data)
    }

    /// The school serving `stage` for place `id`: the first open school listed for it in `mapping`
    /// that serves the stage, else the nearest.
    pub fn serving(
        &self,
        id: &str,
        xy_m: [f64; 2],
        stage: Stage,
        mapping: Option<&ServingSchools>,
    ) -> Option<usize> {
        let listed = mapping
            .and_then(|m| m.get(id))
            .into_iter()
            .flatten()
            .filter_map(|sid| self.index.get(sid.as_str()).copied())
            .find(|&i| {
                serves(&self.schools[i], stage) && !self.closed.get(i).copied().unwrap_or(false)
            });
        listed.or_else(|| self.nearest(xy_m, stage))
    }
}

/// School id → position in the slice.
pub fn school_index(schools: &[School]) -> HashMap<&str, usize> {
    schools
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect()
}
