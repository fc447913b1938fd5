//! The numbered key: school labels that found no free place on the map are not dropped. Each gets a
//! number drawn beside its symbol, and the key beside the map lists `number name`, so every school
//! can be read off the map however crowded the county town is.

use super::labels::{LabelRequest, Placed, Target};
use super::scene::{Anchor, Colour, Item, Scene, Stroke};
use super::view::Rect;

/// A keyed label that could not be placed: its number and request.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyEntry {
    pub number: usize,
    pub request: usize,
}

/// The keyed requests left unplaced, numbered 1, 2, … in order of priority (then request order).
pub fn unplaced(requests: &[LabelRequest], placed: &[Placed]) -> Vec<KeyEntry> {
    let done: std::collections::BTreeSet<usize> = placed.iter().map(|p| p.request).collect();
    let mut left: Vec<usize> = (0..requests.len())
        .filter(|i| requests[*i].keyed && !done.contains(i) && !requests[*i].text.trim().is_empty())
        .collect();
    left.sort_by(|a, b| {
        requests[*b]
            .priority
            .total_cmp(&requests[*a].priority)
            .then(a.cmp(b))
    });
    left.into_iter()
        .enumerate()
        .map(|(k, request)| KeyEntry {
            number: k + 1,
            request,
        })
        .collect()
}

/// Draw each entry's number beside its symbol, white on a dark disc (so a number never reads as
/// a school symbol). The disc goes to the first of eight places around the symbol, upper right
/// first, that no earlier disc covers.
pub fn draw_numbers(scene: &mut Scene, requests: &[LabelRequest], key: &[KeyEntry], size_px: f64) {
    let disc = size_px * 0.62;
    let mut taken: Vec<[f64; 2]> = Vec::new();
    for e in key {
        let req = &requests[e.request];
        let r = match req.target {
            Target::Point { radius_px } => radius_px,
            Target::Area => 0.0,
        };
        let c = disc_place(req.at_px, r + disc * 0.9, disc, &taken);
        taken.push(c);
        scene.push(Item::Circle {
            centre: c,
            radius_px: disc,
            fill: Some(Colour::INK),
            stroke: Some(Stroke::solid(Colour::WHITE, 1.0)),
        });
        scene.text(
            e.number.to_string(),
            c,
            Anchor::Centre,
            size_px * 0.85,
            Colour::WHITE,
        );
    }
}

/// The first of eight places `dist` from `at` (upper right, then round the clock) where a disc of
/// radius `disc` overlaps none of `taken`; the upper right when none is free.
fn disc_place(at: [f64; 2], dist: f64, disc: f64, taken: &[[f64; 2]]) -> [f64; 2] {
    let place = |k: usize| {
        let a = std::f64::consts::FRAC_PI_4 * (1.0 - k as f64);
        [at[0] + dist * a.cos(), at[1] - dist * a.sin()]
    };
    (0..8)
        .map(place)
        .find(|c| {
            taken
                .iter()
                .all(|t| (t[0] - c[0]).hypot(t[1] - c[1]) >= 2.0 * disc)
        })
        .unwrap_or_else(|| place(0))
}

#[allow(clippy::too_many_arguments)]
/// Draw the key as lines `number name` from `at` down, no lower than `bottom_px`; lines that do not
/// fit are summed up in a last line. Returns the box drawn.
pub fn draw_key(
    scene: &mut Scene,
    at: [f64; 2],
    title: &str,
    more: &dyn Fn(usize) -> String,
    requests: &[LabelRequest],
    key: &[KeyEntry],
    size_px: f64,
    bottom_px: f64,
) -> Option<Rect> {
    if key.is_empty() {
        return None;
    }
    let line = size_px * 1.35;
    let fits = (((bottom_px - at[1]) / line).floor() as usize).saturating_sub(2);
    let shown = if key.len() <= fits {
        key.len()
    } else {
        fits.saturating_sub(1)
    };
    let rows = shown + 1 + usize::from(shown < key.len());
    let width = key
        .iter()
        .map(|e| {
            super::font::measure(
                &format!("{} {}", e.number, requests[e.request].text),
                size_px,
            )
            .width_px
        })
        .fold(super::font::measure(title, size_px).width_px, f64::max)
        + size_px;
    let rect = [
        at[0],
        at[1],
        at[0] + width,
        at[1] + rows as f64 * line + size_px * 0.4,
    ];
    scene.rect(
        rect[0],
        rect[1],
        rect[2],
        rect[3],
        Some(Colour::WHITE.with_alpha(235)),
        Some(Stroke::solid(Colour::hex(0x888888), 1.0)),
    );
    let x = at[0] + size_px * 0.5;
    let mut y = at[1] + size_px * 0.3;
    scene.text(title, [x, y], Anchor::TopLeft, size_px, Colour::INK);
    for e in key.iter().take(shown) {
        y += line;
        let text = format!("{} {}", e.number, requests[e.request].text);
        scene.text(text, [x, y], Anchor::TopLeft, size_px, Colour::INK);
    }
    if shown < key.len() {
        y += line;
        scene.text(
            more(key.len() - shown),
            [x, y],
            Anchor::TopLeft,
            size_px,
            Colour::hex(0x555555),
        );
    }
    Some(rect)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(text: &str, priority: f64, keyed: bool) -> LabelRequest {
        LabelRequest {
            text: text.into(),
            at_px: [10.0, 10.0],
            size_px: 12.0,
            target: Target::Point { radius_px: 4.0 },
            priority,
            keyed,
        }
    }

    #[test]
    fn unplaced_keyed_labels_are_numbered_by_priority() {
        let reqs = vec![
            req("甲", 1.0, true),
            req("乙", 5.0, true),
            req("丙", 9.0, false),
            req("丁", 3.0, true),
        ];
        let placed = vec![Placed {
            request: 3,
            rect: [0.0; 4],
        }];
        let key = unplaced(&reqs, &placed);
        assert_eq!(
            key,
            vec![
                KeyEntry {
                    number: 1,
                    request: 1
                },
                KeyEntry {
                    number: 2,
                    request: 0
                }
            ]
        );
        let mut scene = Scene::new(400, 400);
        let r = draw_key(
            &mut scene,
            [0.0, 0.0],
            "注",
            &|n| format!("另 {n} 所"),
            &reqs,
            &key,
            12.0,
            400.0,
        )
        .unwrap();
        assert!(r[3] > r[1]);
    }

    #[test]
    fn number_discs_of_schools_side_by_side_do_not_overlap() {
        let taken = vec![disc_place([100.0, 100.0], 10.0, 6.0, &[])];
        let next = disc_place([102.0, 100.0], 10.0, 6.0, &taken);
        assert!((next[0] - taken[0][0]).hypot(next[1] - taken[0][1]) >= 12.0);
        // Upper right comes first.
        assert!(taken[0][0] > 100.0 && taken[0][1] < 100.0);
    }
}
