//! The ladder on small hand-made problems whose answer is known by hand.

use super::*;
use crate::model::{Grade, Level};
use crate::siting::site::conversion::ConvertYear;
use crate::siting::site::problem::BuildStandards;
use crate::zones::ZoneOptions;
use crate::zones::{DemandKind, Group, Method, Seat};

const YEARS: [i32; 3] = [2026, 2027, 2028];

fn build() -> BuildStandards {
    BuildStandards {
        lead_time_new_years: 2,
        lead_time_extension_years: 1,
        need_lasts_years: 3,
        land_m2_per_place: 15.0,
        floor_m2_per_place: 9.5,
        build_cost_yuan_per_m2: 3500.0,
        extension_cost_yuan_per_classroom: 600_000.0,
        conversion_cost_yuan_per_room: 150_000.0,
        travel_yuan_per_pupil_m: 3.6,
    }
}

fn seat(id: &str, xy_m: [f64; 2], rooms: u32, size_budget: u32) -> Seat {
    Seat {
        school: 0,
        id: id.into(),
        xy_m,
        level: Level::Kindergarten,
        room_budget: rooms,
        size_budget,
        fixed_classes: 0,
        fixed_students: 0,
        rooms,
    }
}

/// One year: `children` K1 children at (500, 0), and these seats. Caps: 25 in K1.
fn year(stage: Stage, grade: Grade, children: u32, seats: Vec<Seat>) -> Problem {
    Problem {
        stage,
        kind: DemandKind::Students,
        groups: std::sync::Arc::new(vec![Group {
            xy_m: [500.0, 0.0],
            grade,
            count: children,
            unit: None,
            members: 0..0,
        }]),
        members: Vec::new(),
        seats,
        caps: [25, 30, 35, 45, 45, 45, 45, 45, 45, 50, 50, 50],
        unplaced: Vec::new(),
        notes: Vec::new(),
        pins: Vec::new(),
    }
}

/// A primary building at (1000, 0) whose grades 1–9 leave `free` rooms every year.
fn building(free: u32) -> Convertible {
    Convertible {
        school_id: "P1".into(),
        school: 1,
        xy_m: [1000.0, 0.0],
        level: Level::Primary,
        classrooms: 30,
        kg_rooms_returned: 3,
        rooms_from: crate::siting::site::conversion::RoomsFrom::PrimaryRezoning,
        years: YEARS
            .iter()
            .map(|y| ConvertYear {
                year: *y,
                classes_needed: 30 - free,
                pupils: 1000,
                rooms_free: free,
                size_budget: 360,
            })
            .collect(),
    }
}

struct Case {
    stage: Stage,
    years: Vec<Problem>,
    expandable: Vec<u32>,
    convertible: Vec<Convertible>,
    build: BuildStandards,
    opts: ZoneOptions,
}

impl Case {
    fn kindergarten(children: u32, rooms: u32, convertible: Vec<Convertible>) -> Case {
        let kg = seat("KG1", [0.0, 0.0], rooms, 360);
        Case {
            stage: Stage::Kindergarten,
            years: YEARS
                .iter()
                .map(|_| year(Stage::Kindergarten, Grade::K1, children, vec![kg.clone()]))
                .collect(),
            expandable: vec![0],
            convertible,
            build: build(),
            opts: ZoneOptions::new(Stage::Kindergarten, Method::Capacitated),
        }
    }

    fn input(&self) -> LadderInput<'_> {
        LadderInput {
            stage: self.stage,
            level: self.stage.level(),
            years: &YEARS,
            base_year: 2025,
            year_problems: &self.years,
            expandable: &self.expandable,
            convertible: &self.convertible,
            build: &self.build,
            zone_options: &self.opts,
            candidates: &[],
            size_cap: 360,
            split_off: true,
        }
    }

    /// Climb, run the chosen plan with no new school, and finish.
    fn remedies(&self) -> (RemedySet, Remedies) {
        let input = self.input();
        let ladder = climb(&input, 1);
        let s = search(&input, &ladder.years);
        let after: Vec<YearRun> = (0..YEARS.len()).map(|y| s.run_year(y, &[])).collect();
        (ladder.set, ladder.finish(&input, &after, 1, &[]))
    }
}

#[test]
fn conversion_suffices_so_nothing_is_built() {
    // 450 children; KG1 has 20 rooms but 360 places: 360 seated (15 classes), 5 rooms idle, 90
    // short. P1 frees 4 rooms a year: 90 children need ceil(90 / 25) = 4 classes.
    let case = Case::kindergarten(450, 20, vec![building(4)]);
    let (set, r) = case.remedies();
    assert_eq!(
        set,
        RemedySet {
            conversion: true,
            extensions: false,
            new_schools: false
        }
    );
    let zoning = &r.rungs[0];
    assert_eq!(zoning.key, "rezoning");
    assert_eq!(
        zoning.short_by_year,
        vec![(2026, 90), (2027, 90), (2028, 90)]
    );
    assert!(!zoning.meets_caps && !zoning.chosen);
    let conv = r.rungs.iter().find(|g| g.chosen).unwrap();
    assert_eq!(conv.key, "conversion");
    assert_eq!(conv.rooms_converted, 4);
    assert_eq!(conv.conversion_cost_yuan, 600_000.0);
    assert_eq!(conv.new_schools, 0);
    assert_eq!(r.converted.len(), 1);
    assert_eq!(r.converted[0].school_id, "P1");
    assert_eq!(r.converted[0].first_year, 2026);
    assert!(r
        .runners_up
        .iter()
        .any(|w| w == "re-zoning into idle rooms: 90 seats short in 2027"));
    assert!(r
        .runners_up
        .iter()
        .any(|w| w.starts_with("new schools for places: not needed")));
    // Why re-zoning alone fails: the size standard, with idle rooms behind it.
    let b = r.binding.unwrap();
    assert_eq!(b.plan, "rezoning");
    assert_eq!(b.constraint, "size_standard");
    assert_eq!(b.size_bound, vec!["KG1".to_string()]);
    assert_eq!(b.idle_rooms_size_bound, 5);
    assert_eq!(b.size_caps, vec![360]);
    assert_eq!((b.year, b.seats_short), (2027, 90));
    assert!(
        b.sentence
            .contains("KG1) have 5 idle rooms but are at the 360-place size standard"),
        "{}",
        b.sentence
    );
}

#[test]
fn too_few_freed_rooms_leave_the_size_standard_binding_and_a_build_needed() {
    // P1 frees 2 rooms: 50 of the 90 are seated there, 40 stay short, so a new school is needed.
    let case = Case::kindergarten(450, 20, vec![building(2)]);
    let (set, r) = case.remedies();
    assert!(set.new_schools && set.conversion);
    let conv = r.rungs.iter().find(|g| g.key == "conversion").unwrap();
    assert_eq!(conv.worst, Some((2027, 40)));
    assert!(!conv.meets_caps);
    let b = r.binding.unwrap();
    assert_eq!(
        b.plan, "conversion",
        "the best plan that builds nothing is explained"
    );
    assert_eq!(b.constraint, "size_standard");
    assert_eq!(b.seats_short, 40);
    assert_eq!(b.idle_rooms_size_bound, 5);
    assert_eq!(
        b.room_bound,
        vec!["P1".to_string()],
        "P1's freed rooms are all used"
    );
    assert!(
        b.sentence.contains("360-place size standard"),
        "{}",
        b.sentence
    );
    assert!(r
        .runners_up
        .iter()
        .any(|w| w.contains("converting freed primary rooms: 40 seats short in 2027")));
}

#[test]
fn full_rooms_bind_when_the_size_cap_does_not() {
    // 10 rooms, no size cap reached: 250 seated, 200 short, every room holds a class.
    let mut case = Case::kindergarten(450, 10, Vec::new());
    for p in case.years.iter_mut() {
        p.seats[0].size_budget = 1000;
    }
    let (_, r) = case.remedies();
    let b = r.binding.unwrap();
    assert_eq!(b.constraint, "rooms");
    assert_eq!(b.seats_short, 200);
    assert_eq!(b.room_bound, vec!["KG1".to_string()]);
    assert!(r.not_applicable.iter().any(|n| n.starts_with("converting")));
}

#[test]
fn an_extension_is_tried_before_a_new_school_and_costed_by_the_classrooms_it_adds() {
    // Primary: 520 pupils in grade 1 need ceil(520 / 45) = 12 classes; the school has 10 rooms
    // and may add 3 (counted in the years' rooms): 2 are added.
    let mut s = seat("S1", [0.0, 0.0], 13, 2000);
    s.level = Level::Primary;
    let case = Case {
        stage: Stage::Primary,
        years: YEARS
            .iter()
            .map(|_| year(Stage::Primary, Grade::G1, 520, vec![s.clone()]))
            .collect(),
        expandable: vec![3],
        convertible: Vec::new(),
        build: build(),
        opts: ZoneOptions::new(Stage::Primary, Method::Capacitated),
    };
    let (set, r) = case.remedies();
    assert!(set.extensions && !set.new_schools && !set.conversion);
    assert_eq!(r.rungs[0].worst, Some((2027, 70)), "10 rooms seat 450");
    let ext = r.rungs.iter().find(|g| g.chosen).unwrap();
    assert_eq!(ext.key, "extensions");
    assert_eq!(ext.extension_classrooms, 2);
    assert_eq!(ext.extension_cost_yuan, 1_200_000.0);
    let b = r.binding.unwrap();
    assert_eq!(b.constraint, "rooms");
}

#[test]
fn a_converted_seat_needs_a_free_room_and_free_places() {
    let mut c = building(0);
    assert!(c.seat(0).is_none());
    c.years[0].rooms_free = 3;
    c.years[0].size_budget = 0;
    assert!(c.seat(0).is_none());
    c.years[0].size_budget = 100;
    let s = c.seat(0).unwrap();
    assert_eq!(
        (s.room_budget, s.size_budget, s.id.as_str()),
        (3, 100, "P1")
    );
}

#[test]
fn building_instead_of_converting_is_costed_as_its_own_runner_up() {
    // As `conversion_suffices_so_nothing_is_built`: 90 children short, P1 frees 4 rooms (4 × 150,000
    // yuan). Without conversion, a new kindergarten at (600, 0) seats them: 90 children need 4
    // classes, so the smallest standard size holding them is 6 classes, 6 × 35 = 210 places ×
    // 9.5 m² × 3,500 yuan = 6,982,500 yuan, 6,382,500 yuan more than converting.
    let mut case = Case::kindergarten(450, 20, vec![building(4)]);
    case.build.lead_time_new_years = 0;
    let cands = [crate::siting::site::search::Candidate {
        id: "NEWKG".into(),
        xy_m: [600.0, 0.0],
        sizes: vec![3, 6],
        fixed_cost: 0.0,
    }];
    let mut input = case.input();
    input.candidates = &cands;
    let (set, mut r) = case.remedies();
    assert!(set.conversion && !set.new_schools);
    let rung = crate::siting::site::build_only::build_instead(&input, 5, set, &[], 0)
        .expect("the chosen plan converts, so building instead is evaluated");
    assert!(!rung.set.conversion && rung.set.new_schools);
    assert!(rung.meets_caps, "{rung:?}");
    assert_eq!(rung.new_schools, 1);
    assert_eq!(rung.rooms_converted, 0);
    assert_eq!(rung.new_school_cost_yuan, 6_982_500.0);
    r.add_build_instead(rung);
    let last = r.rungs.last().unwrap();
    assert_eq!(last.key, "new_schools_no_conversion");
    assert!(!last.chosen);
    let why = r.runners_up.last().unwrap();
    assert_eq!(
        why,
        "re-zoning into idle rooms + new schools (no conversion): meets every cap with 1 new school(s) but costs 6,982,500 yuan, 6,382,500 yuan more than the chosen plan"
    );
    // A plan that converts nothing has no build-instead rung.
    let none = RemedySet {
        conversion: false,
        extensions: false,
        new_schools: true,
    };
    assert!(crate::siting::site::build_only::build_instead(&input, 5, none, &[], 0).is_none());
}

#[test]
fn freed_rooms_come_from_the_primary_re_zoning_not_the_enrolment() {
    // 450 pupils of grade 1 enrolled at P1 (the school with attached classes, 12 rooms at (0, 0))
    // live at (900, 0), next to P2 (20 rooms at (1000, 0)). Their own forecast keeps them at P1
    // (10 classes, 2 rooms free); re-zoned under the caps they all go to P2, so P1 frees all 12
    // rooms. Expandable rooms are not built for the re-zoning.
    let mut p1 = seat("P1", [0.0, 0.0], 12, 2000);
    p1.school = 1;
    p1.level = Level::Primary;
    let mut p2 = seat("P2", [1000.0, 0.0], 23, 2000);
    p2.school = 2;
    p2.level = Level::Primary;
    p2.rooms = 23;
    let mut y = year(Stage::Primary, Grade::G1, 450, vec![p1, p2]);
    std::sync::Arc::make_mut(&mut y.groups)[0].xy_m = [900.0, 0.0];
    let opts = ZoneOptions::new(Stage::Primary, Method::Capacitated);
    let year = |_: i32| y.clone();
    let held = crate::siting::site::conversion::primary_rezoning(
        &[2025, 2026],
        &year,
        false,
        &[0, 3],
        &opts,
    );
    assert_eq!(
        held[&1],
        vec![(0, 0), (0, 0)],
        "P1 holds nobody after re-zoning"
    );
    assert_eq!(held[&2], vec![(10, 450), (10, 450)]);
}
