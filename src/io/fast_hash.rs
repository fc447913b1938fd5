//! A fast, non-cryptographic hasher for id lookups over a million rows (the FxHash mixing step).
//! Only used for membership and duplicate tests, never for output order, so results stay
//! deterministic.

use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: rotate, xor, multiply, one machine word at a time.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// The Fx state, finished with the MurmurHash3 `fmix64` avalanche: Fx alone leaves the low bits
    /// depending only on the ids' first bytes (`P000...`), which the table indexes by.
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A `HashSet` with [`FxHasher`].
pub type FxHashSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted() {
        let mut m: FxHashMap<&str, u32> = FxHashMap::default();
        for (i, k) in ["a", "P0000001", "P0000002", "林西县第一小学", ""]
            .iter()
            .enumerate()
        {
            m.insert(k, i as u32);
        }
        assert_eq!(m.get("P0000002"), Some(&2));
        assert_eq!(m.get(""), Some(&4));
        assert_eq!(m.get("P0000003"), None);
    }

    /// Ids that differ only in their last bytes must spread over the low bits (the bucket index).
    #[test]
    fn sequential_ids_spread() {
        use std::hash::BuildHasher;
        let b = BuildHasherDefault::<FxHasher>::default();
        let mut low: Vec<u64> = (0..4096)
            .map(|i| b.hash_one(format!("P{i:07}")) & 0xfff)
            .collect();
        low.sort_unstable();
        low.dedup();
        assert!(low.len() > 2000, "{} distinct low-bit patterns", low.len());
    }
}
