//! Split a polyline into dashes (for renderers without native dash support).

/// The dashes of `points` with `dash_px` drawn and `gap_px` skipped, repeating from the start.
pub fn dash_polyline(points: &[[f64; 2]], dash_px: f64, gap_px: f64) -> Vec<Vec<[f64; 2]>> {
    let mut out = Vec::new();
    if dash_px <= 0.0 || points.len() < 2 {
        return vec![points.to_vec()];
    }
    let period = dash_px + gap_px.max(0.0);
    let mut phase = 0.0; // distance into the current period
    let mut current: Vec<[f64; 2]> = vec![points[0]];
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
        let mut t = 0.0;
        while t < len {
            let drawing = phase < dash_px;
            let left_in_state = if drawing {
                dash_px - phase
            } else {
                period - phase
            };
            let step = left_in_state.min(len - t);
            t += step;
            phase += step;
            let p = [
                a[0] + (b[0] - a[0]) * t / len,
                a[1] + (b[1] - a[1]) * t / len,
            ];
            if drawing {
                current.push(p);
            }
            if phase >= dash_px && drawing && phase < period {
                out.push(std::mem::take(&mut current));
            }
            if phase >= period {
                phase = 0.0;
                current = vec![p];
            }
        }
    }
    if current.len() >= 2 {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_cover_the_dash_fraction() {
        let d = dash_polyline(&[[0.0, 0.0], [100.0, 0.0]], 10.0, 5.0);
        assert_eq!(d.len(), 7, "{d:?}");
        assert_eq!(d[0], vec![[0.0, 0.0], [10.0, 0.0]]);
        assert_eq!(d[1][0], [15.0, 0.0]);
        let drawn: f64 = d.iter().map(|s| s.last().unwrap()[0] - s[0][0]).sum();
        assert!((drawn - 70.0).abs() < 1e-9, "{drawn}");
    }
}
