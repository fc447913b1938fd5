//! The zoning problem: demand groups, school seats with their room and size budgets, and costs.
//!
//! Students at the same home point and grade are interchangeable, so they form one [`Group`]; a
//! planning unit gives one group per grade. A [`Seat`] is a school able to take the zoned stage,
//! with the classrooms and size-cap headroom left for it once the school's other stage (nine- and
//! twelve-year schools) keeps its current rooms. Attached kindergarten classes follow the one
//! split-off assumption (`kindergarten_split_off` in the standards): split off, they seat no
//! kindergarten child and their rooms go to grades 1–9; kept, they keep their rooms and seat
//! kindergarten children.

use super::{DemandKind as Kind, Method, ZoneError, ZoneInput, ZoneOptions};
use crate::capacity::classes_needed;
use crate::model::{rooms_for, Grade, GradeCounts, Level, Project, Stage, Student};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Where demand comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DemandKind {
    Students,
    Units,
}

/// Interchangeable students: same place, same grade.
#[derive(Debug, Clone)]
pub struct Group {
    pub xy_m: [f64; 2],
    pub grade: Grade,
    pub count: u32,
    /// The planning unit (index into `ZoneInput::units`) when demand is by unit or units are used.
    pub unit: Option<usize>,
    /// The group's students: a range of [`Problem::members`] (student indices, sorted by id);
    /// empty for unit counts. One flat list, so a million groups are not a million allocations.
    pub members: std::ops::Range<u32>,
}

/// A school that can take the zoned stage.
#[derive(Debug, Clone)]
pub struct Seat {
    /// Index into `ZoneInput::schools`.
    pub school: usize,
    pub id: String,
    pub xy_m: [f64; 2],
    pub level: Level,
    /// Rooms for the zoned stage's classes.
    pub room_budget: u32,
    /// Students of the zoned stage the school can still take (size cap and `max_students`).
    pub size_budget: u32,
    /// Classes of the other stage / attached kindergarten keeping their rooms.
    pub fixed_classes: u32,
    /// Students of the other stage counted in the size cap.
    pub fixed_students: u32,
    /// Rooms counted (classrooms, plus expandable ones when counted).
    pub rooms: u32,
}

/// One allocation: `count` students of `group` to `seat` (None = overflow, not seated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Alloc {
    pub group: u32,
    pub seat: Option<u32>,
    pub count: u32,
}

/// The assembled problem.
#[derive(Debug, Clone)]
pub struct Problem {
    pub stage: Stage,
    pub kind: Kind,
    /// Shared between copies: the siting engine holds several variants of one year (its remedies
    /// change the seats, not the pupils), and a million groups are 50 MB a copy.
    pub groups: std::sync::Arc<Vec<Group>>,
    /// Student indices (into `ZoneInput::students`) of all groups; each group holds a range.
    pub members: Vec<u32>,
    pub seats: Vec<Seat>,
    /// Class cap by grade index.
    pub caps: [u32; 12],
    /// Students of the stage that have no home position and no unit: kept, listed as not assigned.
    pub unplaced: Vec<u32>,
    /// Notes for the summary (schools skipped, rooms already full, ...).
    pub notes: Vec<String>,
    /// Pinned groups (by group index; empty = none): a group pinned to seat p costs
    /// [`PIN_COST_M`] more at every other seat, so the solvers keep it at p when the caps allow.
    pub pins: Vec<Option<u32>>,
}

/// Extra cost in metres per student of a pinned group seated away from its pin: half the overflow
/// cost, so a pinned group is moved only if the caps leave no other way to seat students.
pub const PIN_COST_M: i64 = super::OVERFLOW_COST_M / 2;

impl Problem {
    /// Build from a project: [`Problem::from_input`] over the project's own records.
    pub fn build(project: &Project, opts: &ZoneOptions) -> Result<Problem, ZoneError> {
        Self::from_input(&ZoneInput::from_project(project), opts)
    }

    /// Build from the records of `input`; indices in the problem point into its slices.
    pub fn from_input(input: &ZoneInput, opts: &ZoneOptions) -> Result<Problem, ZoneError> {
        let standards = input.standards;
        let mut caps = [0u32; 12];
        for g in Grade::ALL {
            caps[g.index()] = standards.class_cap(g);
        }
        let mut notes = Vec::new();
        let seats = build_seats(input, opts, &mut notes)?;
        let use_units = opts.method == Method::Contiguous || !has_located_students(input, opts);
        let (kind, groups, members, unplaced) = if use_units {
            if input.units.is_empty() {
                return Err(if opts.method == Method::Contiguous {
                    ZoneError::NoUnits
                } else {
                    ZoneError::NoDemand {
                        stage: opts.stage.to_string(),
                    }
                });
            }
            unit_groups(input, opts.stage)
        } else {
            let (g, m, u) = student_groups(input, opts.stage);
            (Kind::Students, g, m, u)
        };
        if groups.is_empty() && unplaced.is_empty() {
            return Err(ZoneError::NoDemand {
                stage: opts.stage.to_string(),
            });
        }
        Ok(Problem {
            stage: opts.stage,
            kind,
            groups: groups.into(),
            members,
            seats,
            caps,
            unplaced,
            notes,
            pins: Vec::new(),
        })
    }

    /// Integer cost in whole metres (rounded straight-line distance) of group → seat, plus
    /// [`PIN_COST_M`] when the group is pinned to another seat.
    pub fn cost(&self, group: usize, seat: usize) -> i64 {
        self.cost_at(group, seat, self.distance_m(group, seat))
    }

    /// [`Problem::cost`] given the group's distance to the seat, `distance_m`.
    pub fn cost_at(&self, group: usize, seat: usize, distance_m: f64) -> i64 {
        let pin = match self.pins.get(group) {
            Some(Some(p)) if *p as usize != seat => PIN_COST_M,
            _ => 0,
        };
        distance_m.round() as i64 + pin
    }

    /// Straight-line distance in metres.
    pub fn distance_m(&self, group: usize, seat: usize) -> f64 {
        let (a, b) = (self.groups[group].xy_m, self.seats[seat].xy_m);
        (a[0] - b[0]).hypot(a[1] - b[1])
    }

    /// Whether `counts` (students by grade index) fit seat `s`: classes fit the rooms and the total
    /// fits the size budget.
    pub fn fits(&self, s: usize, counts: &[u32; 12]) -> bool {
        let seat = &self.seats[s];
        let classes: u32 = (0..12)
            .map(|g| classes_needed(counts[g], self.caps[g]))
            .sum();
        classes <= seat.room_budget && counts.iter().sum::<u32>() <= seat.size_budget
    }

    /// The student indices (into `input.students`) of group `g`, sorted by id.
    pub fn group_members(&self, g: usize) -> &[u32] {
        let r = &self.groups[g].members;
        &self.members[r.start as usize..r.end as usize]
    }

    /// Total students to place (groups plus unplaced).
    pub fn total_students(&self) -> u64 {
        self.groups.iter().map(|g| g.count as u64).sum::<u64>() + self.unplaced.len() as u64
    }

    /// The grades being zoned.
    pub fn grades(&self) -> &'static [Grade] {
        self.stage.grades()
    }
}

fn has_located_students(input: &ZoneInput, opts: &ZoneOptions) -> bool {
    input
        .students
        .iter()
        .any(|s| s.grade.stage() == opts.stage && s.xy_m.is_some())
}

/// Current students by school id and grade, from the students table.
pub fn current_by_school(students: &[Student]) -> BTreeMap<&str, GradeCounts> {
    let mut out: BTreeMap<&str, GradeCounts> = BTreeMap::new();
    for s in students {
        if let Some(id) = s.school_id.as_deref() {
            out.entry(id).or_default().add(s.grade, 1);
        }
    }
    out
}

fn build_seats(
    input: &ZoneInput,
    opts: &ZoneOptions,
    notes: &mut Vec<String>,
) -> Result<Vec<Seat>, ZoneError> {
    let standards = input.standards;
    let split_off = standards.kindergarten_split_off;
    // Counted from the students only when a school lacks its enrollment (a million string keys).
    let need_current = input.schools.iter().any(|s| s.enrollment.is_none());
    let current = if need_current {
        current_by_school(input.students)
    } else {
        BTreeMap::new()
    };
    let mut seats = Vec::new();
    let mut split: Vec<(&str, u32)> = Vec::new();
    for (i, school) in input.schools.iter().enumerate() {
        let attached_kg = opts.stage == Stage::Kindergarten
            && school.level != Level::Kindergarten
            && school.kg_classes > 0;
        if !school.level.serves(opts.stage) && !attached_kg {
            continue;
        }
        if school.level != Level::Kindergarten && school.kg_classes > 0 && split_off {
            split.push((&school.id, rooms_for(school, Stage::Kindergarten)));
            if attached_kg {
                // Split off: the attached classes seat nobody; their children go to kindergartens.
                continue;
            }
        }
        let enrolled = school
            .enrollment
            .or_else(|| current.get(school.id.as_str()).copied())
            .unwrap_or_default();
        // The one definition of rooms (`rooms_for`): a seat for grades 1–9 holds the rooms of those
        // grades plus the rooms of the attached kindergarten classes, which those classes keep (they
        // are fixed classes below), so the site split-off can give them back.
        let mut rooms = if opts.stage == Stage::Kindergarten {
            rooms_for(school, Stage::Kindergarten)
        } else {
            rooms_for(school, opts.stage) + rooms_for(school, Stage::Kindergarten)
        };
        if opts.count_expandable && !attached_kg {
            rooms += school.expandable_classrooms;
        }
        let (fixed_classes, fixed_students, size_cap) = if attached_kg {
            (0, 0, standards.kindergarten_size_max)
        } else {
            // Kept attached classes hold their rooms; split off, the rooms go to grades 1–9.
            let mut classes = if opts.stage == Stage::Kindergarten || split_off {
                0
            } else {
                school.kg_classes
            };
            let mut students = 0;
            for g in school.level.grades() {
                if g.stage() != opts.stage {
                    classes += classes_needed(enrolled.get(*g), standards.class_cap(*g));
                    students += enrolled.get(*g);
                }
            }
            (classes, students, standards.school_size_cap(school.level))
        };
        let stage_students = enrolled.stage_total(opts.stage);
        if rooms == 0 && stage_students > 0 {
            return Err(ZoneError::NoClassrooms {
                id: school.id.clone(),
                source_ref: school.source.to_string(),
                students: stage_students,
                stage: opts.stage.to_string(),
            });
        }
        let size_cap = school.max_students.map_or(size_cap, |m| m.min(size_cap));
        let room_budget = rooms.saturating_sub(fixed_classes);
        if room_budget == 0 {
            notes.push(format!(
                "school '{}': no rooms left for {} ({} rooms, {} taken by other classes)",
                school.id, opts.stage, rooms, fixed_classes
            ));
        }
        seats.push(Seat {
            school: i,
            id: school.id.clone(),
            xy_m: school.xy_m,
            level: school.level,
            room_budget,
            size_budget: size_cap.saturating_sub(fixed_students),
            fixed_classes,
            fixed_students,
            rooms,
        });
    }
    if let Some(note) = split_note(opts.stage, &split) {
        notes.push(note);
    }
    if seats.is_empty() {
        return Err(ZoneError::NoSchools {
            stage: opts.stage.to_string(),
        });
    }
    Ok(seats)
}

/// What the split-off (`kindergarten_split_off`) did to this stage's seats, for the run summary.
fn split_note(stage: Stage, split: &[(&str, u32)]) -> Option<String> {
    if split.is_empty() {
        return None;
    }
    let rooms: u32 = split.iter().map(|s| s.1).sum();
    let ids: Vec<&str> = split.iter().map(|s| s.0).collect();
    Some(if stage == Stage::Kindergarten {
        format!(
            "attached kindergarten classes split off (kindergarten_split_off = true): the {rooms} rooms of {} school(s) ({}) seat no kindergarten child; their children go to kindergartens",
            split.len(),
            ids.join(", ")
        )
    } else {
        format!(
            "attached kindergarten classes split off (kindergarten_split_off = true): {} school(s) ({}) get their {rooms} kindergarten rooms back for grades 1–9",
            split.len(),
            ids.join(", ")
        )
    })
}

/// Students of the stage grouped by (home point, grade); students without a position are unplaced.
/// Groups come out sorted by (x bits, y bits, grade); members by id.
fn student_groups(input: &ZoneInput, stage: Stage) -> (Vec<Group>, Vec<u32>, Vec<u32>) {
    let students = &input.students;
    // Placed pupils of the stage keyed by position, in parallel (half a million of a million).
    let placed = |s: &Student| s.xy_m.filter(|xy| xy[0].is_finite() && xy[1].is_finite());
    let mut keyed: Vec<(u64, u64, Grade, u32)> = students
        .par_iter()
        .enumerate()
        .filter(|(_, s)| s.grade.stage() == stage)
        .filter_map(|(i, s)| {
            placed(s).map(|xy| (xy[0].to_bits(), xy[1].to_bits(), s.grade, i as u32))
        })
        .collect();
    let unplaced: Vec<u32> = students
        .iter()
        .enumerate()
        .filter(|(_, s)| s.grade.stage() == stage && placed(s).is_none())
        .map(|(i, _)| i as u32)
        .collect();
    keyed.par_sort_unstable_by(|a, b| {
        (a.0, a.1, a.2)
            .cmp(&(b.0, b.1, b.2))
            .then_with(|| students[a.3 as usize].id.cmp(&students[b.3 as usize].id))
    });
    let mut groups: Vec<Group> = Vec::new();
    let mut members = Vec::with_capacity(keyed.len());
    for (x, y, grade, i) in keyed {
        let at = members.len() as u32;
        members.push(i);
        match groups.last_mut() {
            Some(g) if g.grade == grade && g.xy_m == [f64::from_bits(x), f64::from_bits(y)] => {
                g.count += 1;
                g.members.end = at + 1;
            }
            _ => groups.push(Group {
                xy_m: [f64::from_bits(x), f64::from_bits(y)],
                grade,
                count: 1,
                unit: None,
                members: at..at + 1,
            }),
        }
    }
    (groups, members, unplaced)
}

/// One group per unit and grade. Counts come from the students (by `unit_id`, or the nearest unit
/// centroid for located students without one) when there are students of the stage; otherwise from
/// the unit's own counts. Every unit gets at least one group (possibly of 0) so it is assigned.
fn unit_groups(input: &ZoneInput, stage: Stage) -> (Kind, Vec<Group>, Vec<u32>, Vec<u32>) {
    let units = &input.units;
    let index: BTreeMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    let tree = rstar::RTree::bulk_load(
        units
            .iter()
            .enumerate()
            .map(|(i, u)| rstar::primitives::GeomWithData::new(u.centroid_xy_m, i))
            .collect(),
    );
    let mut members: Vec<[Vec<u32>; 12]> = vec![Default::default(); units.len()];
    let mut unplaced = Vec::new();
    let mut any_student = false;
    for (i, s) in input.students.iter().enumerate() {
        if s.grade.stage() != stage {
            continue;
        }
        any_student = true;
        let unit = s
            .unit_id
            .as_deref()
            .and_then(|id| index.get(id).copied())
            .or_else(|| {
                s.xy_m
                    .and_then(|xy| tree.nearest_neighbor(&xy).map(|n| n.data))
            });
        match unit {
            Some(u) => members[u][s.grade.index()].push(i as u32),
            None => unplaced.push(i as u32),
        }
    }
    let mut groups = Vec::new();
    let mut flat: Vec<u32> = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        let mut added = false;
        for g in stage.grades() {
            let (count, mut m) = if any_student {
                let m = std::mem::take(&mut members[u][g.index()]);
                (m.len() as u32, m)
            } else {
                (unit.counts.map_or(0, |c| c.get(*g)), Vec::new())
            };
            if count == 0 && (added || *g != *stage.grades().last().unwrap_or(g)) {
                continue;
            }
            m.sort_by(|a, b| {
                input.students[*a as usize]
                    .id
                    .cmp(&input.students[*b as usize].id)
            });
            added = true;
            let at = flat.len() as u32;
            flat.extend_from_slice(&m);
            groups.push(Group {
                xy_m: unit.centroid_xy_m,
                grade: *g,
                count,
                unit: Some(u),
                members: at..flat.len() as u32,
            });
        }
    }
    let kind = if any_student {
        Kind::Students
    } else {
        Kind::Units
    };
    (kind, groups, flat, unplaced)
}
