//! The government-guarantee items (政府保障程度) that the data can show: school size, class size,
//! music and art rooms, and large classes (大班额).
//!
//! - Size: students of the school's grades ≤ 2000 (primary, junior) or 2500 (nine- and twelve-year).
//! - Classes: every class within its cap (45 primary, 50 junior). The classes are those the school
//!   can form in its classrooms, shared among grades as [`crate::capacity::split_rooms`] does
//!   (classrooms used by attached kindergarten classes are not available). A school with 0
//!   classrooms recorded is not judged on class size.
//! - Music and art rooms: at least max(1, ⌈classes ÷ 12⌉) of each, where classes are those needed
//!   at the caps, and the smallest room at least 96 m² (music) / 90 m² (art).
//! - Large (≥ 56) and very large (≥ 66) classes: none.

use super::enrollment::Enrollment;
use crate::capacity::{grade_classes, split_rooms, LoadCheck};
use crate::model::{GradeCounts, Level, Resources, School, SourceRef};
use crate::standards::Standards;
use serde::Serialize;

/// Music or art rooms against the requirement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoomCheck {
    pub have: u32,
    pub need: u32,
    /// Area of the smallest room, m².
    pub smallest_m2: f64,
    pub min_m2: f64,
    pub ok: bool,
}

/// The guarantee items for one school.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guarantee {
    pub school_id: String,
    pub school_name: String,
    pub level: Level,
    pub students: u32,
    pub size_cap: u32,
    pub size_ok: bool,
    /// Classrooms available to the school's grades (after attached kindergarten classes).
    pub classrooms: u32,
    pub classes_needed: u32,
    pub classrooms_short: u32,
    /// The largest class as the rooms are shared, and whether every class is within its cap;
    /// None when no classrooms are recorded.
    pub max_class_size: Option<u32>,
    pub classes_ok: Option<bool>,
    /// Classes over their cap (as the rooms are shared).
    pub classes_over_cap: u32,
    pub large_classes: u32,
    pub very_large_classes: u32,
    /// None when the school has no resources row.
    pub music: Option<RoomCheck>,
    pub art: Option<RoomCheck>,
    pub source: SourceRef,
}

impl Guarantee {
    /// Whether every item that could be judged holds.
    pub fn all_ok(&self) -> bool {
        self.size_ok
            && self.classes_ok != Some(false)
            && self.large_classes == 0
            && self.music.as_ref().is_none_or(|r| r.ok)
            && self.art.as_ref().is_none_or(|r| r.ok)
    }
}

/// The students of the grades a school of `level` teaches (other grades are ignored).
fn level_counts(level: Level, all: &GradeCounts) -> GradeCounts {
    let mut c = GradeCounts::default();
    for g in level.grades() {
        c.set(*g, all.get(*g));
    }
    c
}

/// Check one compulsory school; None for kindergartens and schools without enrollment.
pub fn guarantee(
    school: &School,
    res: Option<&Resources>,
    enrollment: &Enrollment,
    standards: &Standards,
) -> Option<Guarantee> {
    if school.level == Level::Kindergarten {
        return None;
    }
    let counts = level_counts(school.level, enrollment.grades.get(&school.id)?);
    // Rooms of the compulsory grades: the one definition, shared by every engine. Attached
    // kindergarten classes keep theirs, unless they are split off (`kindergarten_split_off`,
    // the assumption every section makes): then their rooms serve the compulsory grades.
    let mut classrooms = crate::model::rooms_for(school, level_stage(school.level));
    if standards.kindergarten_split_off {
        classrooms += crate::model::rooms_for(school, crate::model::Stage::Kindergarten);
    }
    let load = LoadCheck::new(school.level, &counts, classrooms, standards);
    let (max_class, over_cap) = class_sizes(&counts, classrooms, standards);
    let judged = classrooms > 0;
    let room_need = load
        .classes_needed
        .div_ceil(standards.classes_per_music_art_room.max(1))
        .max(1);
    // Not checked when the count is not given, or rooms exist and their area is not given.
    let room = |have: Option<u32>, smallest_m2: Option<f64>, min_m2: f64| {
        let have = have?;
        let smallest_m2 = if have == 0 {
            smallest_m2.unwrap_or(0.0)
        } else {
            smallest_m2?
        };
        Some(RoomCheck {
            have,
            need: room_need,
            smallest_m2,
            min_m2,
            ok: have >= room_need && (have == 0 || smallest_m2 >= min_m2),
        })
    };
    Some(Guarantee {
        school_id: school.id.clone(),
        school_name: school.name.clone(),
        level: school.level,
        students: counts.total(),
        size_cap: standards.school_size_cap(school.level),
        size_ok: !load.over_size_cap,
        classrooms,
        classes_needed: load.classes_needed,
        classrooms_short: load.classrooms_short,
        max_class_size: judged.then_some(max_class),
        classes_ok: judged.then_some(over_cap == 0),
        classes_over_cap: if judged { over_cap } else { 0 },
        large_classes: if judged { load.large_classes } else { 0 },
        very_large_classes: if judged { load.very_large_classes } else { 0 },
        music: res.and_then(|r| room(r.music_rooms, r.music_room_m2, standards.music_room_min_m2)),
        art: res.and_then(|r| room(r.art_rooms, r.art_room_m2, standards.art_room_min_m2)),
        source: school.source.clone(),
    })
}

/// The largest class and the number of classes over their grade's cap, with `classrooms` shared
/// among grades by `split_rooms`.
fn class_sizes(counts: &GradeCounts, classrooms: u32, standards: &Standards) -> (u32, u32) {
    let rooms = split_rooms(counts, &grade_classes(counts, standards), classrooms);
    let (mut max_size, mut over) = (0, 0);
    for g in crate::model::Grade::ALL {
        let (n, k) = (counts.get(g), rooms.get(g));
        if n == 0 || k == 0 {
            continue;
        }
        // k classes: n % k of size ⌈n/k⌉, the rest ⌊n/k⌋.
        let big = n.div_ceil(k);
        max_size = max_size.max(big);
        let cap = standards.class_cap(g);
        if big > cap {
            let n_big = if n % k == 0 { k } else { n % k };
            let n_small = if n / k > cap { k - n_big } else { 0 };
            over += n_big + n_small;
        }
    }
    (max_size, over)
}

/// The first compulsory stage of a school's level (nine- and twelve-year schools share their rooms
/// between primary and junior, so either gives the same rooms).
fn level_stage(level: Level) -> crate::model::Stage {
    level.grades()[0].stage()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Grade;

    fn school(level: Level, classrooms: u32) -> School {
        School {
            name: "一小".into(),
            classrooms,
            ..School::new("s1", level, SourceRef::new("schools.csv", 2))
        }
    }

    fn enrol(pairs: &[(Grade, u32)]) -> Enrollment {
        let mut c = GradeCounts::default();
        for (g, n) in pairs {
            c.set(*g, *n);
        }
        let mut e = Enrollment::default();
        e.grades.insert("s1".into(), c);
        e
    }

    #[test]
    fn nine_year_classes_judged_by_their_own_caps() {
        let s = Standards::default();
        // 48 in grade 7 in one room: fine (cap 50); 48 in grade 1 in one room: over (cap 45).
        let g = guarantee(
            &school(Level::NineYear, 1),
            None,
            &enrol(&[(Grade::G7, 48)]),
            &s,
        )
        .unwrap();
        assert_eq!(g.classes_ok, Some(true));
        let g = guarantee(
            &school(Level::NineYear, 1),
            None,
            &enrol(&[(Grade::G1, 48)]),
            &s,
        )
        .unwrap();
        assert_eq!(g.classes_ok, Some(false));
        assert_eq!(g.classes_over_cap, 1);
        assert_eq!(g.max_class_size, Some(48));
    }

    #[test]
    fn music_and_art_rooms_one_per_12_classes() {
        let s = Standards::default();
        // 13 classes of 45 in grade 1 → 2 rooms of each needed.
        let e = enrol(&[(Grade::G1, 13 * 45)]);
        let mut r = Resources {
            music_rooms: Some(1),
            music_room_m2: Some(100.0),
            art_rooms: Some(2),
            art_room_m2: Some(89.0),
            ..Default::default()
        };
        let g = guarantee(&school(Level::Primary, 13), Some(&r), &e, &s).unwrap();
        assert_eq!(g.classes_needed, 13);
        assert_eq!(g.music.as_ref().unwrap().need, 2);
        assert!(!g.music.as_ref().unwrap().ok);
        assert!(!g.art.as_ref().unwrap().ok, "art room under 90 m²");
        r.music_rooms = Some(2);
        r.art_room_m2 = Some(90.0);
        let g = guarantee(&school(Level::Primary, 13), Some(&r), &e, &s).unwrap();
        assert!(g.all_ok(), "{g:?}");
        // Rooms given without their area: not checked, rather than read as 0 m².
        r.art_room_m2 = None;
        let g = guarantee(&school(Level::Primary, 13), Some(&r), &e, &s).unwrap();
        assert_eq!(g.art, None);
    }

    #[test]
    fn size_cap_and_large_classes() {
        let s = Standards::default();
        let e = enrol(&[(Grade::G1, 2001)]);
        let g = guarantee(&school(Level::Primary, 100), None, &e, &s).unwrap();
        assert!(!g.size_ok);
        let e = enrol(&[(Grade::G1, 120)]);
        let g = guarantee(&school(Level::Primary, 2), None, &e, &s).unwrap();
        assert_eq!(g.large_classes, 2);
        assert_eq!(g.classes_over_cap, 2);
        assert!(!g.all_ok());
    }
}
