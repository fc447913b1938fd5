//! The pupil-weighted 95th-percentile distance the siting plan and its trade-off table report.

/// The 95th percentile of distances weighted by pupils (the smallest distance with at least 95 %
/// of the pupils at or below it); 0 with no pupils.
pub fn weighted_p95(mut d: Vec<(f64, u32)>) -> f64 {
    d.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: u64 = d.iter().map(|x| x.1 as u64).sum();
    let need = (total * 95).div_ceil(100);
    let mut acc = 0u64;
    for (x, k) in d {
        acc += k as u64;
        if acc >= need && acc > 0 {
            return x;
        }
    }
    0.0
}
