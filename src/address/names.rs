//! A character trie of place-name cores, so one pass over an address finds every gazetteer name
//! in it (a hash lookup per substring would cost hundreds of lookups per address).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiplicative hash for `char` keys: SipHash is needlessly slow for a 4-byte key that no
/// attacker chooses.
#[derive(Default)]
pub(crate) struct CharHasher(u64);

impl Hasher for CharHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        let h = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }
}

/// Maps name cores (`常胜`, `新城子`) to a key id; finds all of them inside a text.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameTrie {
    /// Children of the root, by first character.
    root: HashMap<char, u32, BuildHasherDefault<CharHasher>>,
    /// Nodes below the root: sorted children and the key id ending here.
    nodes: Vec<Node>,
    /// One bit per character of the Basic Multilingual Plane: can a name start with it?
    starts: Vec<u64>,
}

#[derive(Debug, Clone, Default)]
struct Node {
    children: Vec<(char, u32)>,
    key: Option<u32>,
}

impl NameTrie {
    /// Insert a core (at least one character) with its key id; returns the id already stored for
    /// this core, if any, instead.
    pub(crate) fn insert(&mut self, core: &[char], key: u32) -> u32 {
        if self.starts.is_empty() {
            self.starts = vec![0; 0x10000 / 64];
        }
        let first = core[0];
        if (first as u32) < 0x10000 {
            self.starts[first as usize / 64] |= 1 << (first as usize % 64);
        }
        let mut node = match self.root.get(&first) {
            Some(&n) => n,
            None => {
                let n = self.new_node();
                self.root.insert(first, n);
                n
            }
        };
        for &c in &core[1..] {
            let children = &self.nodes[node as usize].children;
            node = match children.binary_search_by_key(&c, |e| e.0) {
                Ok(i) => children[i].1,
                Err(i) => {
                    let n = self.new_node();
                    self.nodes[node as usize].children.insert(i, (c, n));
                    n
                }
            };
        }
        *self.nodes[node as usize].key.get_or_insert(key)
    }

    fn new_node(&mut self) -> u32 {
        self.nodes.push(Node::default());
        (self.nodes.len() - 1) as u32
    }

    /// Call `found(start, end, key)` for every stored core that occurs in `text` at
    /// `text[start..end]`, including overlapping ones.
    pub(crate) fn find_all(&self, text: &[char], mut found: impl FnMut(usize, usize, u32)) {
        if self.starts.is_empty() {
            return;
        }
        for start in 0..text.len() {
            let c = text[start];
            if (c as u32) < 0x10000 && self.starts[c as usize / 64] & (1 << (c as usize % 64)) == 0
            {
                continue;
            }
            let Some(&first) = self.root.get(&c) else {
                continue;
            };
            let mut node = first;
            let mut end = start + 1;
            loop {
                let n = &self.nodes[node as usize];
                if let Some(key) = n.key {
                    found(start, end, key);
                }
                let Some(&next) = text.get(end) else { break };
                match n.children.binary_search_by_key(&next, |e| e.0) {
                    Ok(i) => {
                        node = n.children[i].1;
                        end += 1;
                    }
                    Err(_) => break,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn finds_overlapping_names() {
        let mut t = NameTrie::default();
        assert_eq!(t.insert(&chars("大马金"), 0), 0);
        assert_eq!(t.insert(&chars("大马金沟"), 1), 1);
        assert_eq!(t.insert(&chars("金沟"), 2), 2);
        assert_eq!(
            t.insert(&chars("大马金"), 9),
            0,
            "existing core keeps its id"
        );
        let mut hits = Vec::new();
        t.find_all(&chars("统部镇大马金沟村"), |s, e, k| {
            hits.push((s, e, k))
        });
        assert_eq!(hits, vec![(3, 6, 0), (3, 7, 1), (5, 7, 2)]);
    }

    #[test]
    fn empty_trie_finds_nothing() {
        let mut t = NameTrie::default();
        t.find_all(&chars("常胜村"), |_, _, _| panic!("nothing stored"));
        t.insert(&chars("常胜"), 0);
        let mut n = 0;
        t.find_all(&chars(""), |_, _, _| n += 1);
        t.find_all(&chars("abc"), |_, _, _| n += 1);
        assert_eq!(n, 0);
    }
}
