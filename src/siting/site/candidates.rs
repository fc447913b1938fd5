//! Candidate sites for new schools, part of building a siting problem.
//!
//! Why a module of its own: the siting engine only chooses among candidates; where they come from
//! (the planner's `sites` table, else planning-unit centroids, else a grid inside the boundary) is
//! a question about the project, answered once when the problem is built.

use super::input::SiteInput;
use super::search::Candidate;
use super::SiteError;
use crate::model::Stage;
use crate::zones::Problem;
use geo::{BoundingRect, Contains};

/// Candidate sites: the `sites` table, else unit centroids, else a grid inside the boundary; all at
/// least `min_site_spacing_m` from the existing schools of the stage. Returns them and where from.
pub fn candidates(
    input: &SiteInput,
    base: &Problem,
    stage: Stage,
) -> Result<(Vec<Candidate>, String), SiteError> {
    let st = input.standards;
    let spacing = st.min_site_spacing_m;
    let sizes = if stage == Stage::Kindergarten {
        &st.standard_classes_kindergarten
    } else {
        &st.standard_classes_school
    };
    let far = |xy: [f64; 2]| {
        base.seats
            .iter()
            .all(|s| (s.xy_m[0] - xy[0]).hypot(s.xy_m[1] - xy[1]) >= spacing)
    };
    let make = |id: String, xy: [f64; 2], max: Option<u32>, cost: f64| Candidate {
        id,
        xy_m: xy,
        sizes: sizes
            .iter()
            .copied()
            .filter(|c| max.is_none_or(|m| *c <= m))
            .collect(),
        fixed_cost: cost,
    };
    let (list, source): (Vec<Candidate>, &str) = if !input.sites.is_empty() {
        let l = input
            .sites
            .iter()
            .filter(|s| far(s.xy_m))
            .map(|s| {
                make(
                    s.id.clone(),
                    s.xy_m,
                    s.max_classes,
                    s.fixed_cost.unwrap_or(0.0),
                )
            })
            .collect();
        (l, "sites table")
    } else if !input.units.is_empty() {
        let l = input
            .units
            .iter()
            .filter(|u| far(u.centroid_xy_m))
            .map(|u| make(format!("U-{}", u.id), u.centroid_xy_m, None, 0.0))
            .collect();
        (l, "planning-unit centroids")
    } else {
        (grid(input, &far, &make), "grid inside the boundary")
    };
    if list.is_empty() {
        return Err(SiteError::NoCandidates {
            stage: stage.to_string(),
            spacing_m: spacing,
        });
    }
    Ok((list, source.to_string()))
}

/// A 20 × 20 grid over the boundary's bounding box, points inside the boundary.
fn grid(
    input: &SiteInput,
    far: &dyn Fn([f64; 2]) -> bool,
    make: &dyn Fn(String, [f64; 2], Option<u32>, f64) -> Candidate,
) -> Vec<Candidate> {
    let Some(xy) = input.boundary else {
        return Vec::new();
    };
    let Some(r) = xy.bounding_rect() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in 0..20 {
        for j in 0..20 {
            let x = r.min().x + (i as f64 + 0.5) * r.width() / 20.0;
            let y = r.min().y + (j as f64 + 0.5) * r.height() / 20.0;
            if xy.contains(&geo::Point::new(x, y)) && far([x, y]) {
                out.push(make(format!("G{i:02}{j:02}"), [x, y], None, 0.0));
            }
        }
    }
    out
}
