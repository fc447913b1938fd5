//! Grade progression ratios: how many of a grade's pupils one year are in the next grade the next
//! year, at one school — and the same window, smoothing and shrinkage for every other ratio.
//!
//! For school `s` and transition g → g+1 the yearly ratio is `N_s(g+1, y) / N_s(g, y−1)`, taken only
//! where both years are observed and `N_s(g, y−1) > 0`. The school's ratio is the mean over the
//! last `window` such years, weighted by the pupils at risk (Σ next / Σ previous), optionally with
//! exponential smoothing (year k back from the newest weighs `(1−α)^k` more). It rests on
//! `n = Σ previous` pupils and is shrunk toward the county ratio `r_c` (same computation on county
//! sums): `r = (n·r_s + k·r_c) / (n + k)`. Small schools lean on the county; big ones keep their own.

/// One year of a ratio: (year, numerator, denominator), denominator > 0.
pub type Obs = (i32, f64, f64);

/// The window ratio of `obs` (sorted by year): `(ratio, n)` with n the summed denominators, or None
/// when there is no year with a positive denominator.
pub fn window_ratio(obs: &[Obs], window: usize, smoothing: f64) -> Option<(f64, f64)> {
    let usable: Vec<&Obs> = obs.iter().filter(|o| o.2 > 0.0).collect();
    let take = &usable[usable.len().saturating_sub(window.max(1))..];
    if take.is_empty() {
        return None;
    }
    let (mut num, mut den, mut n) = (0.0, 0.0, 0.0);
    for (k, o) in take.iter().rev().enumerate() {
        let w = (1.0 - smoothing).powi(k as i32);
        num += w * o.1;
        den += w * o.2;
        n += o.2;
    }
    Some((num / den, n))
}

/// The window ratio as the plain mean of the last `window` yearly ratios: `(ratio, n)` with n the
/// summed denominators, or None when no year has a positive denominator.
pub fn window_mean_ratio(obs: &[Obs], window: usize) -> Option<(f64, f64)> {
    let usable: Vec<&Obs> = obs.iter().filter(|o| o.2 > 0.0).collect();
    let take = &usable[usable.len().saturating_sub(window.max(1))..];
    if take.is_empty() {
        return None;
    }
    let mean = take.iter().map(|o| o.1 / o.2).sum::<f64>() / take.len() as f64;
    Some((mean, take.iter().map(|o| o.2).sum()))
}

/// Shrink a school ratio resting on `n` pupils toward the county ratio with weight n / (n + k).
pub fn shrink(school: Option<(f64, f64)>, county: f64, k: f64) -> f64 {
    match school {
        Some((r, n)) if n + k > 0.0 => (n * r + k * county) / (n + k),
        Some((r, _)) => r,
        None => county,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_mean_is_weighted_by_pupils() {
        let obs = [
            (2018, 50.0, 100.0),
            (2019, 90.0, 100.0),
            (2020, 19.0, 20.0),
            (2021, 40.0, 40.0),
        ];
        // Last 3 years: (90 + 19 + 40) / (100 + 20 + 40) = 149 / 160.
        let (r, n) = window_ratio(&obs, 3, 0.0).unwrap();
        assert!((r - 149.0 / 160.0).abs() < 1e-12);
        assert_eq!(n, 160.0);
        // Smoothing α = 0.5: weights 1, 0.5, 0.25 from the newest.
        let (r, _) = window_ratio(&obs, 3, 0.5).unwrap();
        let want = (40.0 + 0.5 * 19.0 + 0.25 * 90.0) / (40.0 + 0.5 * 20.0 + 0.25 * 100.0);
        assert!((r - want).abs() < 1e-12);
        assert_eq!(window_ratio(&[(2020, 3.0, 0.0)], 3, 0.0), None);
    }

    #[test]
    fn shrinkage_weights_by_pupils() {
        // 20 pupils at ratio 0.5, county 1.0, k = 20: halfway.
        assert_eq!(shrink(Some((0.5, 20.0)), 1.0, 20.0), 0.75);
        assert_eq!(shrink(None, 0.97, 20.0), 0.97);
        assert_eq!(shrink(Some((0.9, 0.0)), 1.0, 0.0), 0.9);
    }
}
