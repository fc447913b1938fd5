//! What the editor knows of each planning unit once: its pupils by grade, where they study today,
//! its neighbours and its centre.
//!
//! Why apart: the draft state builds it and the live statistics read it; both depend on this file
//! and not on each other.

use crate::model::GradeCounts;
use crate::zones::{self, Problem, ZoneInput};
use std::collections::{BTreeMap, HashMap};

/// What is known of each planning unit once: its pupils, where they study today, its neighbours.
#[derive(Debug, Clone)]
pub struct Units {
    /// Pupils of the zoned stage by grade (the contiguous method's demand).
    pub counts: Vec<GradeCounts>,
    /// Pupils with a current school.
    pub with_current: Vec<u32>,
    /// Pupils whose current school is seat s, by unit: (seat, pupils).
    pub current: Vec<Vec<(u32, u32)>>,
    /// Unit adjacency (sorted neighbour lists).
    pub adjacency: Vec<Vec<usize>>,
    /// Unit centroids, planar metres.
    pub xy_m: Vec<[f64; 2]>,
}

impl Units {
    pub(super) fn build(input: &ZoneInput, p: &Problem) -> Units {
        let n = input.units.len();
        let mut counts = vec![GradeCounts::default(); n];
        let mut with_current = vec![0u32; n];
        let mut current: Vec<BTreeMap<u32, u32>> = vec![BTreeMap::new(); n];
        let seat_of_id: HashMap<&str, u32> = p
            .seats
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i as u32))
            .collect();
        for (g, group) in p.groups.iter().enumerate() {
            let Some(u) = group.unit else { continue };
            counts[u].add(group.grade, group.count);
            for m in p.group_members(g) {
                if let Some(id) = input.students[*m as usize].school_id.as_deref() {
                    with_current[u] += 1;
                    if let Some(s) = seat_of_id.get(id) {
                        *current[u].entry(*s).or_default() += 1;
                    }
                }
            }
        }
        Units {
            counts,
            with_current,
            current: current
                .into_iter()
                .map(|m| m.into_iter().collect())
                .collect(),
            adjacency: zones::adjacency::unit_adjacency(input.units),
            xy_m: input.units.iter().map(|u| u.centroid_xy_m).collect(),
        }
    }

    /// Straight-line distance from unit u's centroid to seat s (the zones engine's distance).
    pub fn distance_m(&self, p: &Problem, u: usize, s: usize) -> f64 {
        let (a, b) = (self.xy_m[u], p.seats[s].xy_m);
        (a[0] - b[0]).hypot(a[1] - b[1])
    }

    /// Pupils of unit u who would leave their current school if the unit went to seat s.
    pub fn moved(&self, u: usize, s: usize) -> u32 {
        let stay = self.current[u]
            .iter()
            .find(|(seat, _)| *seat as usize == s)
            .map_or(0, |c| c.1);
        self.with_current[u] - stay
    }

    /// The seat most of unit u's pupils attend today, if any.
    pub(super) fn current_seat(&self, u: usize) -> Option<u32> {
        self.current[u]
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|c| c.0)
    }
}
