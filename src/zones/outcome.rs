//! Per-school outcomes, the assignment rows and the summary of a zoning run: what the report, the
//! maps and the CLI print. Everything is serialisable and deterministic.

pub use super::unit_split::{SplitPiece, UnitSplit};
use super::{DemandKind, Method, Problem, Solved, ZoneInput, ZoneOptions, OVERFLOW_COST_M};
use crate::capacity::{grade_classes, split_rooms, LoadCheck};
use crate::model::{Grade, GradeCounts, Level, Stage};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The objective name of `--stability` runs.
pub const STUDENTS_MOVED: &str = "students moved";

/// One row of `assignment.csv`: a student, or (unit, grade) students, and where they go.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AssignmentRow {
    /// Student id, or unit id when demand is by unit.
    pub id: String,
    pub grade: Grade,
    /// Students in this row (1 for a student).
    pub students: u32,
    /// None: not seated (overflow or no home position); see `reason`. One shared copy per school
    /// (a million rows name a thousand schools).
    pub school_id: Option<Arc<str>>,
    pub distance_m: Option<f64>,
    pub reason: Option<Arc<str>>,
}

/// How one school comes out of the zoning.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SchoolOutcome {
    pub school_id: String,
    pub name: String,
    pub level: Level,
    /// Zoned students by grade.
    pub students_by_grade: GradeCounts,
    pub students: u32,
    /// Classes needed at the caps, by grade.
    pub classes_by_grade: GradeCounts,
    pub classes: u32,
    /// Rooms counted for the school, and those left for the zoned stage.
    pub classrooms: u32,
    pub rooms_for_stage: u32,
    /// Seats for the zoned stage: min(size headroom, rooms for the stage × class cap).
    pub seats: u32,
    /// students / seats.
    pub utilisation: f64,
    pub avg_class_size: f64,
    /// Largest class when the rooms for the stage are shared out (capacity::split_rooms).
    pub max_class_size: u32,
    /// Classes above the cap (only when rooms are short).
    pub classes_over_cap: u32,
    /// The whole school (zoned + other stage) is over its size cap (2000; 2500 combined).
    pub over_size_cap: bool,
    /// The zoned stage fits the rooms and the size budget.
    pub feasible: bool,
    pub mean_distance_m: f64,
    pub median_distance_m: f64,
    pub max_distance_m: f64,
    /// Share of the zoned students within the stage's service radius.
    pub within_radius_share: f64,
    pub service_radius_m: f64,
    /// Zoned students whose current school is another one.
    pub moved_in: u32,
}

/// A cap the result breaks, with the numbers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Infeasibility {
    pub school_id: String,
    pub what: String,
    pub value: u32,
    pub limit: u32,
}

/// The run in numbers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ZoneSummary {
    pub project: String,
    pub stage: Stage,
    pub method: Method,
    pub algorithm: String,
    pub demand: DemandKind,
    pub students_total: u64,
    pub assigned: u64,
    /// Not seated for lack of room (school_id empty in assignment.csv).
    pub overflow: u64,
    /// Without a home position (and no unit): listed, not assigned.
    pub unplaced: u64,
    /// assigned + overflow + unplaced == students_total.
    pub all_accounted: bool,
    pub schools: usize,
    pub objective_name: String,
    /// The objective minimised: student-metres (overflow at OVERFLOW_COST_M each), or students moved.
    pub objective: f64,
    pub total_distance_m: f64,
    pub mean_distance_m: f64,
    pub lower_bound: Option<f64>,
    /// (objective − lower bound) / objective.
    pub gap: Option<f64>,
    pub exact: bool,
    pub students_moved: u64,
    pub infeasibilities: Vec<Infeasibility>,
    /// Seats short: overflow students by grade code.
    pub short_by_grade: BTreeMap<String, u64>,
    /// Seats short by area: overflow students by their nearest school's id.
    pub short_by_area: BTreeMap<String, u64>,
    pub notes: Vec<String>,
    /// Contiguous: units split between zones, with the numbers.
    pub splits: Vec<UnitSplit>,
    pub runtime_s: f64,
}

/// Everything a zoning run produced.
#[derive(Debug, Clone, Serialize)]
pub struct Zoning {
    pub summary: ZoneSummary,
    pub schools: Vec<SchoolOutcome>,
    pub assignment: Vec<AssignmentRow>,
    /// For polygons: each distinct demand point (planar m) and the school index (into `schools`)
    /// holding most of its students; None = overflow only.
    #[serde(skip)]
    pub points: Vec<([f64; 2], Option<usize>)>,
    /// For polygons: each unit's school (majority of its students), when demand is by unit.
    #[serde(skip)]
    pub unit_zones: Option<Vec<Option<usize>>>,
}

/// Evaluate a solver's allocations against the records of `input`.
pub fn evaluate(input: &ZoneInput, p: &Problem, opts: &ZoneOptions, solved: Solved) -> Zoning {
    let standards = input.standards;
    let n_seats = p.seats.len();
    let mut counts = vec![GradeCounts::default(); n_seats];
    let mut dists: Vec<Vec<(f64, u32)>> = vec![Vec::new(); n_seats];
    let mut assignment: Vec<((u64, u32, u32), AssignmentRow)> = Vec::new();
    let mut student_rows: Vec<(u32, RowTo)> = Vec::with_capacity(p.members.len());
    let (mut assigned, mut overflow, mut distance, mut objective) = (0u64, 0u64, 0.0, 0i64);
    let mut short_by_grade: BTreeMap<String, u64> = BTreeMap::new();
    let mut short_by_area: BTreeMap<String, u64> = BTreeMap::new();
    let tree = super::nearest::seat_tree(p);
    let mut cursor = vec![0usize; p.groups.len()];
    let mut point_votes: Vec<((u64, u64), Option<usize>, u32)> =
        Vec::with_capacity(solved.allocs.len());
    let mut unit_votes: BTreeMap<usize, BTreeMap<Option<usize>, u32>> = BTreeMap::new();
    for a in &solved.allocs {
        let (gi, group) = (a.group as usize, &p.groups[a.group as usize]);
        let seat = a.seat.map(|s| s as usize);
        let key = (group.xy_m[0].to_bits(), group.xy_m[1].to_bits());
        point_votes.push((key, seat, a.count.max(1)));
        if let Some(u) = group.unit {
            *unit_votes.entry(u).or_default().entry(seat).or_default() += a.count.max(1);
        }
        let d = seat.map(|s| p.distance_m(gi, s));
        match seat {
            Some(s) => {
                let d = d.unwrap_or(0.0);
                counts[s].add(group.grade, a.count);
                dists[s].push((d, a.count));
                assigned += a.count as u64;
                distance += d * a.count as f64;
                objective += p.cost_at(gi, s, d) * a.count as i64;
            }
            None => {
                overflow += a.count as u64;
                objective += OVERFLOW_COST_M * a.count as i64;
                *short_by_grade.entry(group.grade.code().into()).or_default() += a.count as u64;
                let area = tree
                    .nearest_neighbor(&group.xy_m)
                    .map_or("", |n| p.seats[n.data as usize].id.as_str());
                *short_by_area.entry(area.to_string()).or_default() += a.count as u64;
            }
        }
        if group.members.is_empty() && p.kind == DemandKind::Students {
            continue; // an empty unit-grade group kept only so the unit is zoned
        }
        if group.members.is_empty() {
            let id = group
                .unit
                .map_or_else(String::new, |u| input.units[u].id.clone());
            let key = (
                group.unit.unwrap_or(0) as u64,
                group.grade.index() as u32,
                a.seat.unwrap_or(u32::MAX),
            );
            assignment.push((
                key,
                AssignmentRow {
                    id,
                    grade: group.grade,
                    students: a.count,
                    school_id: seat.map(|s| Arc::from(p.seats[s].id.as_str())),
                    distance_m: d,
                    reason: seat.is_none().then(|| Arc::from(OVERFLOW_REASON)),
                },
            ));
            continue;
        }
        let members = p.group_members(gi);
        let take = &members[cursor[gi]..cursor[gi] + a.count as usize];
        cursor[gi] += a.count as usize;
        let to = match seat {
            Some(s) => RowTo::Seat(s as u32, d.unwrap_or(0.0)),
            None => RowTo::Overflow,
        };
        student_rows.extend(take.iter().map(|m| (*m, to)));
    }
    student_rows.extend(p.unplaced.iter().map(|m| (*m, RowTo::Unplaced)));
    student_rows.par_sort_unstable_by_key(|r| r.0);
    let moved = moved_in(input, p, &student_rows);
    let assignment = assignment_rows(input, p, student_rows, assignment);
    let radius = standards.service_radius_m(p.stage);
    // Each seat's distances sorted for the median, seats side by side.
    let stats: Vec<(f64, f64, f64, f64)> = dists
        .par_iter_mut()
        .map(|d| distance_stats(d, radius))
        .collect();
    let mut schools = Vec::with_capacity(n_seats);
    let mut infeasibilities = Vec::new();
    for (s, seat) in p.seats.iter().enumerate() {
        let school = &input.schools[seat.school];
        let c = counts[s];
        let need = grade_classes(&c, standards);
        let check = LoadCheck::new(seat.level, &c, seat.room_budget, standards);
        let over_cap = classes_over_cap(&c, &need, seat.room_budget, standards);
        let students = c.total();
        let stage_cap =
            p.grades().iter().map(|g| p.caps[g.index()]).sum::<u32>() / p.grades().len() as u32;
        let seats_n = seat.size_budget.min(seat.room_budget * stage_cap);
        let total_school = students + seat.fixed_students;
        let size_cap = standards.school_size_cap(seat.level);
        let feasible = p.fits(s, &c.0);
        if need.total() > seat.room_budget {
            infeasibilities.push(Infeasibility {
                school_id: seat.id.clone(),
                what: "classes needed exceed rooms for the stage".into(),
                value: need.total(),
                limit: seat.room_budget,
            });
        }
        if students > seat.size_budget {
            infeasibilities.push(Infeasibility {
                school_id: seat.id.clone(),
                what: "students exceed the size cap headroom".into(),
                value: students,
                limit: seat.size_budget,
            });
        }
        let (mean, median, max, within) = stats[s];
        schools.push(SchoolOutcome {
            school_id: seat.id.clone(),
            name: school.name.clone(),
            level: seat.level,
            students_by_grade: c,
            students,
            classes_by_grade: need,
            classes: need.total(),
            classrooms: seat.rooms,
            rooms_for_stage: seat.room_budget,
            seats: seats_n,
            utilisation: if seats_n > 0 {
                students as f64 / seats_n as f64
            } else {
                0.0
            },
            avg_class_size: if need.total() > 0 {
                students as f64 / need.total().min(seat.room_budget).max(1) as f64
            } else {
                0.0
            },
            max_class_size: check.max_class_size,
            classes_over_cap: over_cap,
            over_size_cap: total_school > size_cap,
            feasible,
            mean_distance_m: mean,
            median_distance_m: median,
            max_distance_m: max,
            within_radius_share: within,
            service_radius_m: radius,
            moved_in: moved[s],
        });
    }
    let unplaced = p.unplaced.len() as u64;
    let total = p.total_students();
    let students_moved: u64 = moved.iter().map(|m| *m as u64).sum();
    let (objective_v, objective_name) = match solved.objective.clone() {
        // One number for "students moved": the one counted here over the assignment rows.
        Some((_, name)) if name == STUDENTS_MOVED => (students_moved as f64, name),
        Some(o) => o,
        None => (
            objective as f64,
            "student-metres (overflow at 1,000 km each)".into(),
        ),
    };
    let gap = solved.lower_bound.map(|lb| {
        if objective_v > 0.0 {
            ((objective_v - lb) / objective_v).max(0.0)
        } else {
            0.0
        }
    });
    let summary = ZoneSummary {
        project: input.name.to_string(),
        stage: p.stage,
        method: opts.method,
        algorithm: solved.algorithm.clone(),
        demand: p.kind,
        students_total: total,
        assigned,
        overflow,
        unplaced,
        all_accounted: assigned + overflow + unplaced == total,
        schools: n_seats,
        objective_name,
        objective: objective_v,
        total_distance_m: distance,
        mean_distance_m: if assigned > 0 {
            distance / assigned as f64
        } else {
            0.0
        },
        lower_bound: solved.lower_bound,
        gap,
        exact: solved.exact,
        students_moved,
        infeasibilities,
        short_by_grade,
        short_by_area,
        notes: p.notes.iter().chain(&solved.notes).cloned().collect(),
        splits: solved.splits.clone(),
        runtime_s: 0.0,
    };
    let points = point_majority(point_votes)
        .into_iter()
        .map(|((x, y), s)| ([f64::from_bits(x), f64::from_bits(y)], s))
        .collect();
    let unit_zones =
        (!input.units.is_empty() && p.groups.iter().all(|g| g.unit.is_some())).then(|| {
            let votes = majority(unit_votes);
            (0..input.units.len())
                .map(|u| votes.get(&u).copied().flatten())
                .collect()
        });
    Zoning {
        summary,
        schools,
        assignment,
        points,
        unit_zones,
    }
}

const OVERFLOW_REASON: &str = "no seat within the caps at any school";
const UNPLACED_REASON: &str = "no home position (address not matched, no unit)";

/// Where one student's row goes: kept as indices until the rows are built.
#[derive(Debug, Clone, Copy)]
enum RowTo {
    /// Seat index and distance in metres.
    Seat(u32, f64),
    Overflow,
    Unplaced,
}

/// Seated students whose current school is another one, per seat, from the student rows sorted by
/// student index (so the students table is read in order), in parallel chunks.
fn moved_in(input: &ZoneInput, p: &Problem, rows: &[(u32, RowTo)]) -> Vec<u32> {
    let n_seats = p.seats.len();
    rows.par_chunks(MOVED_ROWS_PER_TASK)
        .map(|chunk| {
            let mut moved = vec![0u32; n_seats];
            for (m, to) in chunk {
                let RowTo::Seat(s, _) = to else { continue };
                if let Some(cur) = input.students[*m as usize].school_id.as_deref() {
                    if cur != p.seats[*s as usize].id {
                        moved[*s as usize] += 1;
                    }
                }
            }
            moved
        })
        .reduce(
            || vec![0u32; n_seats],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        )
}

/// Student rows per parallel work item of [`moved_in`].
const MOVED_ROWS_PER_TASK: usize = 65_536;

/// The assignment rows in input order: students by their row in the students table (`students`
/// comes sorted by it), unit rows by unit then grade. Student rows (a million in a big county) are
/// kept as indices until here and their strings built in parallel.
fn assignment_rows(
    input: &ZoneInput,
    p: &Problem,
    students: Vec<(u32, RowTo)>,
    mut units: Vec<((u64, u32, u32), AssignmentRow)>,
) -> Vec<AssignmentRow> {
    let seat_ids: Vec<Arc<str>> = p.seats.iter().map(|s| Arc::from(s.id.as_str())).collect();
    let (overflow, unplaced): (Arc<str>, Arc<str>) =
        (OVERFLOW_REASON.into(), UNPLACED_REASON.into());
    let row = |&(m, to): &(u32, RowTo)| {
        let st = &input.students[m as usize];
        let (school_id, distance_m, reason) = match to {
            RowTo::Seat(s, d) => (Some(Arc::clone(&seat_ids[s as usize])), Some(d), None),
            RowTo::Overflow => (None, None, Some(Arc::clone(&overflow))),
            RowTo::Unplaced => (None, None, Some(Arc::clone(&unplaced))),
        };
        AssignmentRow {
            id: st.id.clone(),
            grade: st.grade,
            students: 1,
            school_id,
            distance_m,
            reason,
        }
    };
    if units.is_empty() {
        return students.par_iter().map(row).collect();
    }
    units.extend(students.iter().map(|r| ((r.0 as u64, 0, 0), row(r))));
    units.sort_by_key(|(k, _)| *k);
    units.into_iter().map(|(_, r)| r).collect()
}

/// The majority school per distinct point, from (point, seat, students) votes.
fn point_majority(
    mut votes: Vec<((u64, u64), Option<usize>, u32)>,
) -> Vec<((u64, u64), Option<usize>)> {
    votes.par_sort_unstable();
    let mut out = Vec::new();
    let mut i = 0;
    while i < votes.len() {
        let key = votes[i].0;
        let mut j = i;
        let mut tally: Vec<(Option<usize>, u32)> = Vec::new();
        while j < votes.len() && votes[j].0 == key {
            match tally.last_mut() {
                Some(t) if t.0 == votes[j].1 => t.1 += votes[j].2,
                _ => tally.push((votes[j].1, votes[j].2)),
            }
            j += 1;
        }
        let best = tally.iter().max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(a.0.is_some().cmp(&b.0.is_some()))
                .then(b.0.cmp(&a.0))
        });
        out.push((key, best.and_then(|b| b.0)));
        i = j;
    }
    out
}

fn majority<K: Ord + Copy>(
    votes: BTreeMap<K, BTreeMap<Option<usize>, u32>>,
) -> BTreeMap<K, Option<usize>> {
    votes
        .into_iter()
        .map(|(k, v)| {
            // Seated students win over overflow on ties; then the lower school index.
            let best = v.iter().max_by(|a, b| {
                a.1.cmp(b.1)
                    .then(a.0.is_some().cmp(&b.0.is_some()))
                    .then(b.0.cmp(a.0))
            });
            (k, best.and_then(|b| *b.0))
        })
        .collect()
}

pub(crate) fn classes_over_cap(
    c: &GradeCounts,
    need: &GradeCounts,
    rooms: u32,
    standards: &crate::standards::Standards,
) -> u32 {
    let split = split_rooms(c, need, rooms);
    let mut over = 0;
    for g in Grade::ALL {
        let (n, k) = (c.get(g), split.get(g));
        if n == 0 || k == 0 {
            continue;
        }
        let cap = standards.class_cap(g);
        let (small, big) = (n / k, n % k);
        if small + 1 > cap && big > 0 {
            over += big;
        }
        if small > cap {
            over += k - big;
        }
    }
    over
}

/// (mean, median, max, share within radius) of weighted distances.
fn distance_stats(d: &mut [(f64, u32)], radius: f64) -> (f64, f64, f64, f64) {
    let n: u64 = d.iter().map(|x| x.1 as u64).sum();
    if n == 0 {
        return (0.0, 0.0, 0.0, 0.0);
    }
    d.sort_by(|a, b| a.0.total_cmp(&b.0));
    let sum: f64 = d.iter().map(|x| x.0 * x.1 as f64).sum();
    let within: u64 = d.iter().filter(|x| x.0 <= radius).map(|x| x.1 as u64).sum();
    let mid = (n - 1) / 2;
    let mut acc = 0u64;
    let mut median = 0.0;
    for x in d.iter() {
        acc += x.1 as u64;
        if acc > mid {
            median = x.0;
            break;
        }
    }
    (
        sum / n as f64,
        median,
        d.last().map_or(0.0, |x| x.0),
        within as f64 / n as f64,
    )
}
