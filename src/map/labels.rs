//! Label placement: greedy, by priority, with bounding boxes. Each label tries a few positions
//! around its feature; the first that collides with no placed label, no obstacle (symbols, legend,
//! furniture) and stays inside the frame wins; a label with no free position is
//! dropped, or, if `keyed`, numbered and listed in the map's key.

use super::font;
use super::view::{contains, overlaps, Rect};

/// What a label belongs to, which sets where it may go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// A point symbol of radius `radius_px`: right, left, above, below, then the diagonals.
    Point { radius_px: f64 },
    /// An area: centred on the point, then nudged up or down.
    Area,
}

/// A label to place.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelRequest {
    pub text: String,
    pub at_px: [f64; 2],
    pub size_px: f64,
    pub target: Target,
    /// Higher goes first.
    pub priority: f64,
    /// When no free place is found: numbered and listed in the map's key instead of dropped
    /// (see [`super::label_key`]).
    pub keyed: bool,
}

/// A placed label: its box (pixels); the text's top-left corner is `rect[0], rect[1]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub request: usize,
    pub rect: Rect,
}

/// Place labels greedily. Returns the placed ones, in placement order.
pub fn place_labels(requests: &[LabelRequest], obstacles: &[Rect], frame: Rect) -> Vec<Placed> {
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by(|a, b| {
        requests[*b]
            .priority
            .total_cmp(&requests[*a].priority)
            .then(a.cmp(b))
    });
    let mut placed: Vec<Placed> = Vec::new();
    for i in order {
        let req = &requests[i];
        if req.text.trim().is_empty() {
            continue;
        }
        let m = font::measure(&req.text, req.size_px);
        let (w, h) = (m.width_px, m.height_px());
        let free = |r: &Rect| {
            contains(&frame, r)
                && !obstacles.iter().any(|o| overlaps(o, r))
                && !placed.iter().any(|p| overlaps(&p.rect, r))
        };
        if let Some(rect) = candidates(req, w, h).into_iter().find(|r| free(r)) {
            placed.push(Placed { request: i, rect });
        }
    }
    placed
}

fn candidates(req: &LabelRequest, w: f64, h: f64) -> Vec<Rect> {
    let [x, y] = req.at_px;
    let rect = |x0: f64, y0: f64| [x0, y0, x0 + w, y0 + h];
    match req.target {
        Target::Point { radius_px } => {
            let g = radius_px + (req.size_px * 0.2).max(2.0);
            let d = g * std::f64::consts::FRAC_1_SQRT_2;
            vec![
                rect(x + g, y - h / 2.0),
                rect(x - g - w, y - h / 2.0),
                rect(x - w / 2.0, y - g - h),
                rect(x - w / 2.0, y + g),
                rect(x + d, y - d - h),
                rect(x - d - w, y - d - h),
                rect(x + d, y + d),
                rect(x - d - w, y + d),
            ]
        }
        Target::Area => vec![
            rect(x - w / 2.0, y - h / 2.0),
            rect(x - w / 2.0, y - 1.5 * h),
            rect(x - w / 2.0, y + 0.5 * h),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(text: &str, x: f64, y: f64, priority: f64) -> LabelRequest {
        LabelRequest {
            text: text.into(),
            at_px: [x, y],
            size_px: 20.0,
            target: Target::Point { radius_px: 5.0 },
            priority,
            keyed: false,
        }
    }

    #[test]
    fn colliding_labels_move_or_drop_and_never_overlap() {
        let frame = [0.0, 0.0, 400.0, 400.0];
        let reqs: Vec<_> = (0..12)
            .map(|i| point("第一小学", 200.0, 200.0 + i as f64, i as f64))
            .collect();
        let placed = place_labels(&reqs, &[], frame);
        assert!(placed.len() >= 3 && placed.len() < 12, "{}", placed.len());
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert!(!overlaps(&a.rect, &b.rect));
            }
        }
        // The highest priority gets the first choice: right of its symbol.
        assert_eq!(placed[0].request, 11);
        assert!(placed[0].rect[0] > 200.0);
    }

    #[test]
    fn obstacles_and_frame_are_respected() {
        let frame = [0.0, 0.0, 400.0, 400.0];
        // Near the right edge: the right position leaves the frame, so it goes left.
        let placed = place_labels(&[point("林西县", 390.0, 200.0, 1.0)], &[], frame);
        assert!(placed[0].rect[2] <= 390.0);
        let obstacle = [0.0, 0.0, 400.0, 400.0];
        assert!(place_labels(&[point("林西县", 200.0, 200.0, 1.0)], &[obstacle], frame).is_empty());
    }
}
