//! What the plan may publish of the zones, computed once and used by the maps and the GIS layers
//! alike: each stage's zone polygons with the pieces holding fewer than the threshold of pupils
//! removed (see [`crate::report::privacy`]), and the counts the report states.

use super::PlanResults;
use crate::report::privacy::{publishable_zones, PrivacyNote, MIN_PUPILS};
use crate::report::ReportInput;
use crate::zones::polygons::ZonePolygon;

/// The publishable zones, in the order of `PlanResults::zonings`.
#[derive(Debug, Clone)]
pub struct Published {
    pub zones: Vec<Vec<ZonePolygon>>,
    pub note: PrivacyNote,
}

/// Filter every stage's zone polygons.
pub fn publish(input: &ReportInput, r: &PlanResults) -> Published {
    let min = MIN_PUPILS;
    let mut note = PrivacyNote {
        min_pupils: min,
        stages: Vec::new(),
    };
    let zones = r
        .zonings
        .iter()
        .map(|(stage, _, polys)| {
            let (kept, pieces, pupils) = publishable_zones(polys, &input.stage(*stage).homes, min);
            note.stages.push((*stage, pieces, pupils));
            kept
        })
        .collect();
    Published { zones, note }
}
