//! Placing students given only an address (林西县新城子镇常胜村三组) from the gazetteer.
//!
//! County records often hold a home address written by village instead of coordinates. The
//! address is matched on township and village, taking the longest match: the gazetteer's names are
//! reduced to their cores (`常胜村委会` → `常胜`, `新城子镇` → `新城子`), every core found in the
//! normalised address is classified by what follows it (镇/乡/苏木/街道 → township; 村, 村委会,
//! 嘎查, 社区, 居委会, 委员会 → village; 县/市/省… → a higher level, ignored; nothing → bare), and
//! overlapping finds keep the longest. A village name found in several townships is resolved by
//! the township in the address; without one it is an error naming the candidates. Every failure
//! carries a reason a planner can act on, so no student is dropped silently.

mod error;
mod names;
mod text;

pub use error::AddressError;

use crate::model::GazetteerEntry;
use names::NameTrie;
use std::collections::{HashMap, HashSet};
use text::{After, Family};

/// A successful match of an address against the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressMatch {
    /// The gazetteer name matched (the village where found, else the township).
    pub matched: String,
    /// `village` or `township`.
    pub quality: String,
    /// WGS84 lon/lat of the matched place.
    pub lonlat: [f64; 2],
}

/// An index of place names for matching addresses.
///
/// An entry is a township when its name ends with 镇, 乡, 苏木 or 街道 (and no village suffix), or
/// when another entry names it as `parent`; otherwise it is a village, in its `parent` township
/// where given.
///
/// ```
/// use catchment::address::Gazetteer;
/// use catchment::model::{GazetteerEntry, SourceRef};
/// let entry = |name: &str, parent: Option<&str>, lonlat| GazetteerEntry {
///     name: name.into(),
///     lonlat,
///     parent: parent.map(Into::into),
///     source: SourceRef::new("gazetteer.csv", 2),
/// };
/// let g = Gazetteer::new(vec![
///     entry("新城子镇", None, [118.2, 43.7]),
///     entry("常胜村委会", Some("新城子镇"), [118.25, 43.72]),
/// ]);
/// let m = g.locate("内蒙古自治区赤峰市林西县新城子镇常胜村三组").unwrap();
/// assert_eq!((m.matched.as_str(), m.quality.as_str()), ("常胜村委会", "village"));
/// assert_eq!(g.locate("新城子镇").unwrap().quality, "township");
/// assert!(g.locate("北京市海淀区").is_err());
/// ```
#[derive(Debug, Clone)]
pub struct Gazetteer {
    townships: Vec<Township>,
    villages: Vec<Village>,
    /// Per name core: the townships and villages with that core.
    keys: Vec<Key>,
    trie: NameTrie,
}

#[derive(Debug, Clone)]
struct Township {
    name: String,
    /// None when the township is only known as a village's `parent`.
    lonlat: Option<[f64; 2]>,
}

#[derive(Debug, Clone)]
struct Village {
    name: String,
    lonlat: [f64; 2],
    township: Option<u32>,
    family: Option<Family>,
}

#[derive(Debug, Clone, Default)]
struct Key {
    townships: Vec<u32>,
    villages: Vec<u32>,
}

/// A gazetteer name found in an address.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    /// End of the name with its suffixes.
    end: usize,
    key: u32,
    suffixed: bool,
    as_township: bool,
    as_village: bool,
    family: Family,
}

impl Hit {
    fn overlaps(&self, other: &Hit) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl Gazetteer {
    /// Build the index.
    pub fn new(entries: Vec<GazetteerEntry>) -> Self {
        let mut b = Builder {
            g: Gazetteer {
                townships: Vec::new(),
                villages: Vec::new(),
                keys: Vec::new(),
                trie: NameTrie::default(),
            },
            parent_cores: entries
                .iter()
                .filter_map(|e| e.parent.as_deref())
                .map(|p| text::core_of(p).chars)
                .filter(|c| !c.is_empty())
                .collect(),
            township_ids: HashMap::new(),
            seen_villages: HashMap::new(),
        };
        for e in &entries {
            b.add(e);
        }
        b.g
    }

    /// The number of townships and villages indexed.
    pub fn len(&self) -> usize {
        self.townships.len() + self.villages.len()
    }

    /// Whether the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Match an address; Err says why it could not be placed.
    pub fn locate(&self, address: &str) -> Result<AddressMatch, AddressError> {
        let mut chars = Vec::with_capacity(address.len() / 3 + 1);
        text::normalise_into(address, &mut chars);
        let hits = self.longest_hits(&chars);
        let quoted = address.trim();
        match hits.iter().find(|h| h.as_township) {
            Some(th) => self.within_township(quoted, th, &hits),
            None => match hits.iter().find(|h| h.as_village) {
                Some(vh) => {
                    let all = &self.keys[vh.key as usize].villages;
                    self.pick_village(quoted, all, vh.family)
                }
                None => Err(AddressError::NotFound {
                    address: quoted.to_string(),
                }),
            },
        }
    }

    /// Every name found in `chars`, classified by what follows it; overlapping finds keep the
    /// longest. Sorted best first: longest, then suffixed, then leftmost.
    fn longest_hits(&self, chars: &[char]) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.trie.find_all(chars, |start, core_end, key| {
            let k = &self.keys[key as usize];
            let (end, suffixed, as_township, as_village, family) =
                match text::after(chars, core_end) {
                    After::Admin => return,
                    After::Township(end) => (end, true, true, false, Family::Unknown),
                    After::Village(end, f) => (end, true, false, true, f),
                    After::Bare => (core_end, false, true, true, Family::Unknown),
                };
            let as_township = as_township && !k.townships.is_empty();
            let as_village = as_village && !k.villages.is_empty();
            if as_township || as_village {
                hits.push(Hit {
                    start,
                    end,
                    key,
                    suffixed,
                    as_township,
                    as_village,
                    family,
                });
            }
        });
        hits.sort_by_key(|h| (std::cmp::Reverse((h.end - h.start, h.suffixed)), h.start));
        // Keep, best first, each hit that overlaps no better one (in place: no second vector).
        let mut kept = 0;
        for i in 0..hits.len() {
            if !hits[..kept].iter().any(|k| k.overlaps(&hits[i])) {
                hits.swap(kept, i);
                kept += 1;
            }
        }
        hits.truncate(kept);
        hits
    }

    /// The address names a township: the best village found in it, else the township itself.
    fn within_township(
        &self,
        quoted: &str,
        th: &Hit,
        hits: &[Hit],
    ) -> Result<AddressMatch, AddressError> {
        let village_hits = || hits.iter().filter(|h| h.as_village);
        let towns = &self.keys[th.key as usize].townships;
        for want in [true, false] {
            // First villages of the named township, then villages whose township is unknown.
            for vh in village_hits() {
                let ids: Vec<u32> = self.keys[vh.key as usize]
                    .villages
                    .iter()
                    .copied()
                    .filter(|&v| match self.villages[v as usize].township {
                        Some(t) => want && towns.contains(&t),
                        None => !want,
                    })
                    .collect();
                if !ids.is_empty() {
                    return self.pick_village(quoted, &ids, vh.family);
                }
            }
        }
        let town = &self.townships[towns[0] as usize];
        // A village written out with its suffix (常胜村) but in another township is a
        // contradiction for the planner to settle; a bare name (八一组) may be a coincidence.
        if let Some(vh) = village_hits().find(|h| h.suffixed) {
            let ids = &self.keys[vh.key as usize].villages;
            return Err(AddressError::WrongTownship {
                address: quoted.to_string(),
                village: self.villages[ids[0] as usize].name.clone(),
                found_in: self.township_names(ids).join(" or "),
                township: town.name.clone(),
            });
        }
        match town.lonlat {
            Some(lonlat) => Ok(AddressMatch {
                matched: town.name.clone(),
                quality: "township".into(),
                lonlat,
            }),
            None => Err(AddressError::TownshipUnplaced {
                address: quoted.to_string(),
                township: town.name.clone(),
            }),
        }
    }

    /// One village among `ids` (sharing a name core), dropping those of the other family than the
    /// address wrote (村 vs 社区; a gazetteer name without suffix fits both); several left → the
    /// ambiguity error.
    fn pick_village(
        &self,
        quoted: &str,
        ids: &[u32],
        family: Family,
    ) -> Result<AddressMatch, AddressError> {
        let mut ids = ids.to_vec();
        if ids.len() > 1 && family != Family::Unknown {
            let same: Vec<u32> = ids
                .iter()
                .copied()
                .filter(|&v| compatible(self.villages[v as usize].family, Some(family)))
                .collect();
            if !same.is_empty() {
                ids = same;
            }
        }
        if ids.len() == 1 {
            let v = &self.villages[ids[0] as usize];
            return Ok(AddressMatch {
                matched: v.name.clone(),
                quality: "village".into(),
                lonlat: v.lonlat,
            });
        }
        let towns = self.township_names(&ids);
        Err(AddressError::Ambiguous {
            address: quoted.to_string(),
            places: self.describe(&ids),
            same_township: towns.iter().all(|t| t == &towns[0]),
        })
    }

    fn township_names(&self, ids: &[u32]) -> Vec<String> {
        ids.iter()
            .map(|&v| match self.villages[v as usize].township {
                Some(t) => self.townships[t as usize].name.clone(),
                None => "a township the gazetteer does not give".into(),
            })
            .collect()
    }

    /// `东风村委会 in 林西镇 and 大井镇`, or `红星村委会 in 大井镇 and 红星社区 in 城南街道`.
    fn describe(&self, ids: &[u32]) -> String {
        let towns = self.township_names(ids);
        let first = &self.villages[ids[0] as usize].name;
        if ids
            .iter()
            .all(|&v| &self.villages[v as usize].name == first)
        {
            return format!("{first} in {}", join_and(&towns));
        }
        let each: Vec<String> = ids
            .iter()
            .zip(&towns)
            .map(|(&v, t)| format!("{} in {t}", self.villages[v as usize].name))
            .collect();
        join_and(&each)
    }
}

/// The state of [`Gazetteer::new`] while entries are added.
struct Builder {
    g: Gazetteer,
    /// Cores of every `parent` name: an entry with one of these names is a township.
    parent_cores: HashSet<Vec<char>>,
    township_ids: HashMap<Vec<char>, u32>,
    /// Villages added, by core and township, with their positions (to drop duplicate rows).
    seen_villages: HashMap<VillageKey, Vec<SeenVillage>>,
}

type VillageKey = (Vec<char>, Option<u32>);
type SeenVillage = (Option<Family>, [f64; 2]);

impl Builder {
    fn add(&mut self, e: &GazetteerEntry) {
        let core = text::core_of(&e.name);
        if core.chars.is_empty() {
            return;
        }
        let is_township =
            core.village.is_none() && (core.township || self.parent_cores.contains(&core.chars));
        if is_township {
            let id = self.township_id(&core.chars, &e.name);
            let t = &mut self.g.townships[id as usize];
            if t.lonlat.is_none() {
                t.name = e.name.trim().to_string();
                t.lonlat = Some(e.lonlat);
            }
            return;
        }
        let township = e.parent.as_deref().and_then(|p| {
            let c = text::core_of(p).chars;
            (!c.is_empty()).then(|| self.township_id(&c, p))
        });
        // The same village written twice (常胜村 and 常胜村委会 in one township) is one place.
        let seen = self
            .seen_villages
            .entry((core.chars.clone(), township))
            .or_default();
        let same_place = |&(family, lonlat): &SeenVillage| {
            lonlat == e.lonlat || township.is_some() && compatible(family, core.village)
        };
        if seen.iter().any(same_place) {
            return;
        }
        seen.push((core.village, e.lonlat));
        let id = self.g.villages.len() as u32;
        self.g.villages.push(Village {
            name: e.name.trim().to_string(),
            lonlat: e.lonlat,
            township,
            family: core.village,
        });
        let key = self.key(&core.chars);
        self.g.keys[key as usize].villages.push(id);
    }

    fn township_id(&mut self, core: &[char], name: &str) -> u32 {
        if let Some(&id) = self.township_ids.get(core) {
            return id;
        }
        let id = self.g.townships.len() as u32;
        self.g.townships.push(Township {
            name: name.trim().to_string(),
            lonlat: None,
        });
        self.township_ids.insert(core.to_vec(), id);
        let key = self.key(core);
        self.g.keys[key as usize].townships.push(id);
        id
    }

    fn key(&mut self, core: &[char]) -> u32 {
        let key = self.g.trie.insert(core, self.g.keys.len() as u32);
        if key as usize == self.g.keys.len() {
            self.g.keys.push(Key::default());
        }
        key
    }
}

/// Two village suffix families that may name one place: 村 and 村委会 may, 村 and 社区 may not.
fn compatible(a: Option<Family>, b: Option<Family>) -> bool {
    match (a, b) {
        (Some(x @ (Family::Rural | Family::Urban)), Some(y @ (Family::Rural | Family::Urban))) => {
            x == y
        }
        _ => true,
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests;
