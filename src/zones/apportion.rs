//! Apportionment: splitting a whole number of pupils in proportion to weights so the parts are
//! whole and sum to the total. Used where forecast pupils are spread over today's homes
//! ([`super::forecast_demand`]) and over the siting demand points.

/// Split `total` in proportion to `weights` by largest remainder, exactly: shares sum to `total`
/// (when some weight is positive). Ties go to the earlier weight.
pub fn largest_remainder(total: u32, weights: &[u32]) -> Vec<u32> {
    let sum: u64 = weights.iter().map(|&w| w as u64).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let mut shares = Vec::with_capacity(weights.len());
    let mut rems = Vec::with_capacity(weights.len());
    for (i, &w) in weights.iter().enumerate() {
        let q = total as u64 * w as u64;
        shares.push((q / sum) as u32);
        rems.push((q % sum, i));
    }
    let left = total - shares.iter().sum::<u32>();
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in rems.iter().take(left as usize) {
        shares[i] += 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_keeps_the_total() {
        assert_eq!(largest_remainder(10, &[1, 1, 1]), vec![4, 3, 3]);
        assert_eq!(largest_remainder(7, &[5, 2, 3]), vec![4, 1, 2]);
        assert_eq!(largest_remainder(0, &[2, 3]), vec![0, 0]);
        assert_eq!(largest_remainder(5, &[0, 0]), vec![0, 0]);
        for total in 0..60u32 {
            let w = [3, 0, 7, 1, 1, 13];
            assert_eq!(largest_remainder(total, &w).iter().sum::<u32>(), total);
        }
    }
}
