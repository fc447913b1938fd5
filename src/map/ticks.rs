//! Round numbers for axes, scale bars and hexagon sizes.

/// The largest 1, 2 or 5 × 10^k not above `x` (x > 0); 1 for x ≤ 0.
pub fn nice_number(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    let f = x / p;
    let m = if f >= 5.0 {
        5.0
    } else if f >= 2.0 {
        2.0
    } else {
        1.0
    };
    m * p
}

/// A round tick step giving about `n` steps over `0..max`, and the axis top (a multiple of it).
pub fn axis(max: f64, n: usize) -> (f64, f64) {
    let max = if max > 0.0 && max.is_finite() {
        max
    } else {
        1.0
    };
    let raw = max / n.max(1) as f64;
    let mut step = nice_number(raw);
    if step < raw {
        step = nice_number(raw * 2.0).max(step);
        if step < raw {
            step *= 2.5;
        }
    }
    (step, (max / step).ceil() * step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_numbers() {
        assert_eq!(nice_number(7.3), 5.0);
        assert_eq!(nice_number(0.031), 0.02);
        assert_eq!(nice_number(1999.0), 1000.0);
        let (step, top) = axis(2345.0, 5);
        assert!(
            step >= 2345.0 / 5.0 && top >= 2345.0 && (top / step).fract() == 0.0,
            "{step} {top}"
        );
    }
}
