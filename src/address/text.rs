//! Address text handling: normalisation (full-width characters, spaces, punctuation) and the
//! suffixes that mark townships (镇, 乡, 苏木, 街道) and villages (村, 村委会, 嘎查, 社区, 居委会, …).

/// Append the normalised characters of `text` to `out`: full-width ASCII becomes half-width,
/// ASCII letters are lowercased, and whitespace (including the ideographic space) and punctuation
/// are dropped, so `林西县 新城子镇，常胜村３组` and `林西县新城子镇常胜村3组` read alike.
pub(crate) fn normalise_into(text: &str, out: &mut Vec<char>) {
    for c in text.chars() {
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            // CJK ideographs, nearly every character of an address: nothing to do.
            out.push(c);
            continue;
        }
        let c = half_width(c);
        if c.is_whitespace() || is_punctuation(c) {
            continue;
        }
        out.push(c.to_ascii_lowercase());
    }
}

/// The normalised form of `text` as a string.
#[cfg(test)]
pub(crate) fn normalise(text: &str) -> String {
    let mut chars = Vec::with_capacity(text.len() / 3 + 1);
    normalise_into(text, &mut chars);
    chars.into_iter().collect()
}

fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{3001}'..='\u{303F}' | '\u{2010}'..='\u{206F}' | '\u{FF5F}'..='\u{FF65}' | '\u{00B7}' | '\u{30FB}')
}

/// What a village-level name ends with, which tells a rural village (村, 嘎查) from an urban
/// community (社区, 居委会).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Rural,
    Urban,
    Unknown,
}

/// Village-level suffixes, longest first, with the family each implies.
const VILLAGE_SUFFIXES: &[(&str, Family)] = &[
    ("村民委员会", Family::Rural),
    ("居民委员会", Family::Urban),
    ("村委会", Family::Rural),
    ("居委会", Family::Urban),
    ("委员会", Family::Unknown),
    ("村委", Family::Rural),
    ("嘎查", Family::Rural),
    ("社区", Family::Urban),
    ("居民", Family::Urban),
    ("村", Family::Rural),
];

/// Township-level suffixes, longest first.
const TOWNSHIP_SUFFIXES: &[&str] = &["街道办事处", "民族乡", "街道", "苏木", "镇", "乡"];

/// Higher administrative levels: a name followed by one of these is a county, city or province
/// (林西 in 林西县), not a township or village.
const ADMIN_SUFFIXES: &[&str] = &[
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "省",
    "市",
    "县",
    "旗",
    "盟",
    "州",
    "区",
];

/// Names shorter than this are not stripped further (村 alone, or 新 of 新村, would match anywhere).
const MIN_CORE_CHARS: usize = 2;

fn ends_with(chars: &[char], suffix: &str) -> Option<usize> {
    let n = suffix.chars().count();
    (chars.len() >= n && chars[chars.len() - n..].iter().copied().eq(suffix.chars())).then_some(n)
}

/// A gazetteer name reduced to its core: `常胜村委会` → `常胜`, `春蕾社区居民居委会` → `春蕾`,
/// `新城子镇` → `新城子`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Core {
    pub chars: Vec<char>,
    /// The family of the village suffix stripped, if one was (`委员会` alone gives `Unknown`).
    pub village: Option<Family>,
    /// Whether a township suffix was stripped.
    pub township: bool,
}

pub(crate) fn core_of(name: &str) -> Core {
    let mut chars = Vec::new();
    normalise_into(name, &mut chars);
    let mut village: Option<Family> = None;
    let mut township = false;
    loop {
        let suffix = VILLAGE_SUFFIXES
            .iter()
            .find_map(|(s, f)| ends_with(&chars, s).map(|n| (n, *f)));
        if let Some((n, family)) = suffix {
            if chars.len() - n >= MIN_CORE_CHARS {
                chars.truncate(chars.len() - n);
                // The outermost suffix tells the family, unless it is the neutral 委员会.
                if matches!(village, None | Some(Family::Unknown)) {
                    village = Some(family);
                }
                continue;
            }
        }
        break;
    }
    if village.is_none() {
        if let Some(n) = TOWNSHIP_SUFFIXES.iter().find_map(|s| ends_with(&chars, s)) {
            if chars.len() - n >= MIN_CORE_CHARS {
                chars.truncate(chars.len() - n);
                township = true;
            }
        }
    }
    Core {
        chars,
        village,
        township,
    }
}

/// What follows a name found in an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum After {
    /// A township suffix ending at the given index.
    Township(usize),
    /// Village suffixes ending at the given index, and their family.
    Village(usize, Family),
    /// A county, city or province suffix: the name is not a place of the gazetteer here.
    Admin,
    /// Nothing recognisable (`常胜三组`): the name stands bare.
    Bare,
}

/// The suffix lists as character slices, made once: `after` runs for every name found in every
/// address, so it must not decode UTF-8.
struct Tables {
    township: Vec<Vec<char>>,
    village: Vec<(Vec<char>, Family)>,
    admin: Vec<Vec<char>>,
    /// The first character of every suffix.
    first: Vec<char>,
}

fn tables() -> &'static Tables {
    static TABLES: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        let t = Tables {
            township: TOWNSHIP_SUFFIXES.iter().map(|s| chars(s)).collect(),
            village: VILLAGE_SUFFIXES
                .iter()
                .map(|(s, f)| (chars(s), *f))
                .collect(),
            admin: ADMIN_SUFFIXES.iter().map(|s| chars(s)).collect(),
            first: Vec::new(),
        };
        let mut first: Vec<char> = t
            .township
            .iter()
            .chain(t.village.iter().map(|v| &v.0))
            .chain(&t.admin)
            .map(|s| s[0])
            .collect();
        first.sort_unstable();
        first.dedup();
        Tables { first, ..t }
    })
}

/// `text` starts with `prefix` (an inlined loop: these are 1-5 characters, too short for memcmp).
fn begins(text: &[char], prefix: &[char]) -> bool {
    prefix.len() <= text.len() && prefix.iter().zip(text).all(|(a, b)| a == b)
}

/// Classify what follows position `at` of the normalised address `chars`.
pub(crate) fn after(chars: &[char], at: usize) -> After {
    let t = tables();
    let rest = &chars[at..];
    match rest.first() {
        Some(c) if t.first.binary_search(c).is_ok() => {}
        _ => return After::Bare,
    }
    if let Some(s) = t.township.iter().find(|s| begins(rest, s)) {
        return After::Township(at + s.len());
    }
    let mut end = at;
    let mut family = Family::Unknown;
    while let Some((s, f)) = t.village.iter().find(|(s, _)| begins(&chars[end..], s)) {
        if family == Family::Unknown {
            family = *f;
        }
        end += s.len();
    }
    if end > at {
        return After::Village(end, family);
    }
    if t.admin.iter().any(|s| begins(rest, s)) {
        return After::Admin;
    }
    After::Bare
}

#[cfg(test)]
mod tests {
    use super::*;

    fn core(name: &str) -> (String, Option<Family>, bool) {
        let c = core_of(name);
        (c.chars.into_iter().collect(), c.village, c.township)
    }

    #[test]
    fn full_width_and_spaces_are_normalised() {
        assert_eq!(
            normalise(" 林西县\u{3000}新城子镇，常胜村３组 "),
            "林西县新城子镇常胜村3组"
        );
        assert_eq!(normalise("Ａｂ-1"), "ab1");
    }

    #[test]
    fn cores_strip_the_suffixes() {
        assert_eq!(
            core("常胜村委会"),
            ("常胜".into(), Some(Family::Rural), false)
        );
        assert_eq!(core("常胜村"), ("常胜".into(), Some(Family::Rural), false));
        assert_eq!(
            core("常胜委员会"),
            ("常胜".into(), Some(Family::Unknown), false)
        );
        assert_eq!(core("常胜"), ("常胜".into(), None, false));
        assert_eq!(
            core("春蕾社区居民居委会"),
            ("春蕾".into(), Some(Family::Urban), false)
        );
        assert_eq!(
            core("金海社区"),
            ("金海".into(), Some(Family::Urban), false)
        );
        assert_eq!(
            core("巴彦嘎查"),
            ("巴彦".into(), Some(Family::Rural), false)
        );
        assert_eq!(core("新城子镇"), ("新城子".into(), None, true));
        assert_eq!(core("城北街道"), ("城北".into(), None, true));
        assert_eq!(core("巴彦苏木"), ("巴彦".into(), None, true));
        // Too short to strip: the whole name is the core.
        assert_eq!(core("新村"), ("新村".into(), None, false));
        assert_eq!(core("内蒙古林西工业园区").0, "内蒙古林西工业园区");
    }

    #[test]
    fn what_follows_a_name() {
        let a: Vec<char> = "林西县新城子镇常胜村委会三组".chars().collect();
        assert_eq!(after(&a, 2), After::Admin);
        assert_eq!(after(&a, 6), After::Township(7));
        assert_eq!(after(&a, 9), After::Village(12, Family::Rural));
        assert_eq!(after(&a, 12), After::Bare);
        let b: Vec<char> = "春蕾社区居民居委会".chars().collect();
        assert_eq!(after(&b, 2), After::Village(9, Family::Urban));
    }
}
