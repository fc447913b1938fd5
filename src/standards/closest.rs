//! "Did you mean": the known names closest to a misspelt one, by edit distance.
//!
//! Used for unknown keys in `catchment.toml` and unknown column headers, so a typo (`forcast.window`,
//! `qualifed_teachers`) is answered with the name the planner meant instead of being ignored.

/// Levenshtein distance in characters (so a Chinese character counts as one edit).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidates within a third of the word's length (at least 2 edits) of `word`, closest first,
/// ties in the candidates' order; at most `max`.
pub fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| (edit_distance(word, c), i, c))
        .filter(|(d, _, _)| *d <= limit)
        .collect();
    scored.sort();
    let mut out: Vec<&str> = Vec::new();
    for (_, _, c) in scored {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out.truncate(max);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("forcast", "forecast"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("教室数", "教师数"), 1);
    }

    #[test]
    fn closest_first_and_far_ones_left_out() {
        let known = [
            "forecast.window",
            "forecast.horizon",
            "zones.count_expandable",
        ];
        assert_eq!(closest("forcast.window", known, 3), ["forecast.window"]);
        assert!(closest("colour", known, 3).is_empty());
    }
}
