//! The crate's one seeded random number generator (SplitMix64), kept in the crate so the sample's
//! bytes and the location searches' results never change with a dependency's version.
//!
//! Only integer and `+ - * /` arithmetic is used (no `ln`, `cos`, ...), so the stream and everything
//! derived from it are the same on every platform.

/// SplitMix64 (Steele, Lea & Flood 2014): 64 bits of state, passes BigCrush, trivially seekable.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// An independent stream for one part of the generation (`stream` names the part), so adding
    /// draws in one part never shifts another part's numbers.
    pub fn stream(seed: u64, stream: u64) -> Rng {
        let mut r = Rng::new(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }

    /// The generator of the location searches (`locate`'s interchange and capacitated search): the
    /// seed mixed with the golden-ratio constant, so seed 0 does not start at state 0.
    pub fn mixed(seed: u64) -> Rng {
        Rng::new(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 bits.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    /// Uniform integer in 0..n (n > 0), without modulo bias worth mentioning (n ≪ 2^64).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// Uniform integer in 0..n (n > 0) as the remainder of the next draw: the location searches'
    /// draw, kept so their results stay what they were.
    pub fn below_rem(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Approximately standard normal: the Irwin–Hall sum of 12 uniforms minus 6 (range ±6). Pure
    /// arithmetic, so it is bit-identical everywhere.
    pub fn normal(&mut self) -> f64 {
        let mut s = 0.0;
        for _ in 0..12 {
            s += self.f64();
        }
        s - 6.0
    }

    /// Index drawn with probability proportional to `cumulative[i] - cumulative[i-1]`; `cumulative`
    /// is non-decreasing with a positive last element.
    pub fn pick_cumulative(&mut self, cumulative: &[f64]) -> usize {
        let total = *cumulative.last().expect("non-empty weights");
        let x = self.f64() * total;
        cumulative
            .partition_point(|&c| c <= x)
            .min(cumulative.len() - 1)
    }
}

/// Running sums of `weights`, for [`Rng::pick_cumulative`].
pub fn cumulative(weights: &[f64]) -> Vec<f64> {
    let mut acc = 0.0;
    weights
        .iter()
        .map(|w| {
            acc += w.max(0.0);
            acc
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_first_values() {
        // Reference values of SplitMix64 seeded with 0 (from the published C implementation).
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn uniform_and_normal_moments() {
        let mut r = Rng::new(7);
        let n = 20_000;
        let (mut s, mut s2, mut u) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let z = r.normal();
            s += z;
            s2 += z * z;
            u += r.f64();
        }
        let mean = s / n as f64;
        let var = s2 / n as f64 - mean * mean;
        assert!(mean.abs() < 0.03, "mean {mean}");
        assert!((var - 1.0).abs() < 0.05, "var {var}");
        assert!((u / n as f64 - 0.5).abs() < 0.01);
    }

    #[test]
    fn picks_follow_weights() {
        let mut r = Rng::new(3);
        let c = cumulative(&[1.0, 0.0, 3.0]);
        let mut hits = [0; 3];
        for _ in 0..4000 {
            hits[r.pick_cumulative(&c)] += 1;
        }
        assert_eq!(hits[1], 0);
        assert!(hits[2] > 2 * hits[0]);
        assert!((0..100).all(|_| r.below(5) < 5));
    }

    #[test]
    fn search_stream_is_the_mixed_seed() {
        // The searches' stream: state starts at seed ^ golden ratio; draws are remainders.
        let mut a = Rng::mixed(11);
        let mut b = Rng::new(11 ^ 0x9E37_79B9_7F4A_7C15);
        let x = b.next_u64();
        assert_eq!(a.below_rem(1000), (x % 1000) as usize);
        assert_ne!(Rng::mixed(0).next_u64(), Rng::new(0).next_u64());
    }
}
