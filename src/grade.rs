//! School levels, grades and the stages that class caps are set by.
//!
//! Why a module of its own, at the bottom of the crate: the national standards are set per level
//! and stage, and the project is made of records by grade, so both [`crate::standards`] and
//! [`crate::model`] build on these few types, and neither needs the other's (no loop).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of school, as the education bureau registers it (学段 / 办学类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 幼儿园: grades K1–K3.
    Kindergarten,
    /// 小学: grades 1–6.
    Primary,
    /// 初中: grades 7–9.
    Junior,
    /// 九年一贯制: grades 1–9; primary caps for 1–6, junior caps for 7–9.
    NineYear,
    /// 十二年一贯制: grades 1–9 here (the senior-high grades are out of scope).
    TwelveYear,
}

impl Level {
    /// All levels, in a fixed order.
    pub const ALL: [Level; 5] = [
        Level::Kindergarten,
        Level::Primary,
        Level::Junior,
        Level::NineYear,
        Level::TwelveYear,
    ];

    /// The machine name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Kindergarten => "kindergarten",
            Level::Primary => "primary",
            Level::Junior => "junior",
            Level::NineYear => "nine_year",
            Level::TwelveYear => "twelve_year",
        }
    }

    /// The Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Level::Kindergarten => "幼儿园",
            Level::Primary => "小学",
            Level::Junior => "初中",
            Level::NineYear => "九年一贯制",
            Level::TwelveYear => "十二年一贯制",
        }
    }

    /// Parse an English or Chinese level name (`primary`, `小学`, `九年一贯制学校`, ...).
    pub fn parse(s: &str) -> Option<Level> {
        let t = s.trim().to_lowercase().replace(['-', ' '], "_");
        let lv = match t.as_str() {
            "kindergarten" | "kg" | "幼儿园" | "幼儿" | "学前" | "学前教育" => {
                Level::Kindergarten
            }
            "primary" | "小学" | "完全小学" | "完小" => Level::Primary,
            "junior" | "junior_middle" | "middle" | "初中" | "初级中学" => Level::Junior,
            "nine_year" | "nineyear" | "9_year" | "九年一贯制" | "九年一贯制学校" | "九年制" => {
                Level::NineYear
            }
            "twelve_year" | "twelveyear" | "12_year" | "十二年一贯制" | "十二年一贯制学校" => {
                Level::TwelveYear
            }
            _ => return None,
        };
        Some(lv)
    }

    /// The grades a school of this level teaches.
    pub fn grades(self) -> &'static [Grade] {
        match self {
            Level::Kindergarten => &Grade::ALL[0..3],
            Level::Primary => &Grade::ALL[3..9],
            Level::Junior => &Grade::ALL[9..12],
            Level::NineYear | Level::TwelveYear => &Grade::ALL[3..12],
        }
    }

    /// Whether a school of this level teaches grades of `stage`.
    pub fn serves(self, stage: Stage) -> bool {
        self.grades().iter().any(|g| g.stage() == stage)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The stage a grade belongs to; class caps and thresholds are set per stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// K1–K3.
    Kindergarten,
    /// Grades 1–6.
    Primary,
    /// Grades 7–9.
    Junior,
}

impl Stage {
    /// All stages, in order.
    pub const ALL: [Stage; 3] = [Stage::Kindergarten, Stage::Primary, Stage::Junior];

    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Kindergarten => "kindergarten",
            Stage::Primary => "primary",
            Stage::Junior => "junior",
        }
    }

    /// The Chinese name (幼儿园, 小学, 初中).
    pub fn zh(self) -> &'static str {
        match self {
            Stage::Kindergarten => "幼儿园",
            Stage::Primary => "小学",
            Stage::Junior => "初中",
        }
    }

    /// Parse a stage name; also accepts the level names that map onto one stage.
    pub fn parse(s: &str) -> Option<Stage> {
        match Level::parse(s)? {
            Level::Kindergarten => Some(Stage::Kindergarten),
            Level::Primary => Some(Stage::Primary),
            Level::Junior => Some(Stage::Junior),
            _ => None,
        }
    }

    /// The level of a school that teaches only this stage (a new school of the stage is built at it).
    pub fn level(self) -> Level {
        match self {
            Stage::Kindergarten => Level::Kindergarten,
            Stage::Primary => Level::Primary,
            Stage::Junior => Level::Junior,
        }
    }

    /// The grades of this stage.
    pub fn grades(self) -> &'static [Grade] {
        match self {
            Stage::Kindergarten => &Grade::ALL[0..3],
            Stage::Primary => &Grade::ALL[3..9],
            Stage::Junior => &Grade::ALL[9..12],
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A grade: K1–K3 (小班/中班/大班), then 1–9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grade {
    K1,
    K2,
    K3,
    G1,
    G2,
    G3,
    G4,
    G5,
    G6,
    G7,
    G8,
    G9,
}

impl Grade {
    /// All 12 grades in order; `Grade::ALL[g.index()] == g`.
    pub const ALL: [Grade; 12] = [
        Grade::K1,
        Grade::K2,
        Grade::K3,
        Grade::G1,
        Grade::G2,
        Grade::G3,
        Grade::G4,
        Grade::G5,
        Grade::G6,
        Grade::G7,
        Grade::G8,
        Grade::G9,
    ];

    /// Position in [`Grade::ALL`], 0..12.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The column-style code: `k1`..`k3`, `g1`..`g9`.
    pub fn code(self) -> &'static str {
        [
            "k1", "k2", "k3", "g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8", "g9",
        ][self.index()]
    }

    /// The Chinese name (小班, 一年级, ...).
    pub fn zh(self) -> &'static str {
        [
            "小班",
            "中班",
            "大班",
            "一年级",
            "二年级",
            "三年级",
            "四年级",
            "五年级",
            "六年级",
            "七年级",
            "八年级",
            "九年级",
        ][self.index()]
    }

    /// The stage this grade belongs to.
    pub fn stage(self) -> Stage {
        match self.index() {
            0..=2 => Stage::Kindergarten,
            3..=8 => Stage::Primary,
            _ => Stage::Junior,
        }
    }

    /// The next grade, if any (K3 → 1, 6 → 7, 9 → none).
    pub fn next(self) -> Option<Grade> {
        Grade::ALL.get(self.index() + 1).copied()
    }

    /// The grade number for grades 1–9 (None for kindergarten).
    pub fn number(self) -> Option<u8> {
        (self.index() >= 3).then(|| (self.index() - 2) as u8)
    }

    /// Parse a grade in English or Chinese: `g1`, `1`, `grade 1`, `一年级`, `初一`, `七年级`,
    /// `k1`, `小班`, `中班`, `大班`, and `K` or `学前班` for the year before grade 1 (K3).
    pub fn parse(s: &str) -> Option<Grade> {
        let t: String = s
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let t = t.trim_start_matches("grade").trim_end_matches(".0");
        let idx = match t {
            "k1" | "小班" | "幼小班" => 0,
            "k2" | "中班" | "幼中班" => 1,
            // `K` (one kindergarten year, as in US data) and 学前班 (the preschool class before grade
            // 1) are the last kindergarten year.
            "k3" | "大班" | "幼大班" | "k" | "学前班" => 2,
            _ => {
                if let Some(rest) = t.strip_prefix('g') {
                    return rest.parse::<usize>().ok().and_then(Self::from_number);
                }
                if let Ok(n) = t.parse::<usize>() {
                    return Self::from_number(n);
                }
                if let Some(rest) = t.strip_prefix('初') {
                    let n = chinese_digit(rest.trim_end_matches("年级"))?;
                    return (1..=3).contains(&n).then(|| Grade::ALL[n + 8]);
                }
                let n = chinese_digit(t.trim_end_matches("年级").trim_end_matches('年'))?;
                return Self::from_number(n);
            }
        };
        Some(Grade::ALL[idx])
    }

    fn from_number(n: usize) -> Option<Grade> {
        (1..=9).contains(&n).then(|| Grade::ALL[n + 2])
    }
}

fn chinese_digit(s: &str) -> Option<usize> {
    let n = match s {
        "一" | "1" => 1,
        "二" | "2" => 2,
        "三" | "3" => 3,
        "四" | "4" => 4,
        "五" | "5" => 5,
        "六" | "6" => 6,
        "七" | "7" => 7,
        "八" | "8" => 8,
        "九" | "9" => 9,
        _ => return None,
    };
    Some(n)
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A count per grade, indexed by [`Grade::index`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeCounts(pub [u32; 12]);

impl GradeCounts {
    /// The count for one grade.
    pub fn get(&self, g: Grade) -> u32 {
        self.0[g.index()]
    }

    /// Set the count for one grade.
    pub fn set(&mut self, g: Grade, n: u32) {
        self.0[g.index()] = n;
    }

    /// Add to the count for one grade.
    pub fn add(&mut self, g: Grade, n: u32) {
        self.0[g.index()] += n;
    }

    /// Total over all grades.
    pub fn total(&self) -> u32 {
        self.0.iter().sum()
    }

    /// Total over the grades of one stage.
    pub fn stage_total(&self, stage: Stage) -> u32 {
        stage.grades().iter().map(|g| self.get(*g)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_parse_in_both_languages() {
        assert_eq!(Grade::parse("一年级"), Some(Grade::G1));
        assert_eq!(Grade::parse("初一"), Some(Grade::G7));
        assert_eq!(Grade::parse("初三"), Some(Grade::G9));
        assert_eq!(Grade::parse("九年级"), Some(Grade::G9));
        assert_eq!(Grade::parse("大班"), Some(Grade::K3));
        assert_eq!(Grade::parse("g6"), Some(Grade::G6));
        assert_eq!(Grade::parse("6"), Some(Grade::G6));
        assert_eq!(Grade::parse("Grade 2"), Some(Grade::G2));
        assert_eq!(Grade::parse("K2"), Some(Grade::K2));
        assert_eq!(Grade::parse("K"), Some(Grade::K3));
        assert_eq!(Grade::parse("学前班"), Some(Grade::K3));
        assert_eq!(Grade::parse("小班"), Some(Grade::K1));
        assert_eq!(Grade::parse("中班"), Some(Grade::K2));
        assert_eq!(Grade::parse("十年级"), None);
        assert_eq!(Grade::parse("0"), None);
        assert_eq!(Grade::parse("初四"), None);
    }

    #[test]
    fn levels_parse_in_both_languages() {
        assert_eq!(Level::parse("九年一贯制"), Some(Level::NineYear));
        assert_eq!(Level::parse("小学"), Some(Level::Primary));
        assert_eq!(Level::parse("Nine-Year"), Some(Level::NineYear));
        assert_eq!(Level::parse("高中"), None);
    }

    #[test]
    fn nine_year_serves_primary_and_junior() {
        assert!(Level::NineYear.serves(Stage::Primary));
        assert!(Level::NineYear.serves(Stage::Junior));
        assert!(!Level::NineYear.serves(Stage::Kindergarten));
        assert_eq!(Grade::G6.next(), Some(Grade::G7));
        assert_eq!(Grade::G9.next(), None);
    }
}
