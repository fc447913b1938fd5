//! Specs for attendance zones: exactness against a MIP, caps checked by an independent checker,
//! every student accounted for, contiguity, polygon validity and coverage, and bad-input errors.

use catchment::model::*;
use catchment::zones::{
    self, adjacency, polygons, write, Method, ZoneError, ZoneInput, ZoneOptions, Zoning,
};
use geo::{Area, BooleanOps, MultiPolygon, Rect, Validation};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

// ---------- building projects in code ----------

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn f(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

use crate::support::{project, student};

fn school(id: &str, level: Level, xy: [f64; 2], classrooms: u32) -> School {
    School {
        xy_m: xy,
        classrooms,
        ..crate::support::school(id, level)
    }
}

fn square(x: f64, y: f64, w: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![Rect::new((x, y), (x + w, y + w)).to_polygon()])
}

/// A random county: `n_schools` primary schools and `n_students` students in a 20 km square.
fn random_county(seed: u64, n_schools: usize, n_students: usize, rooms: (u32, u32)) -> Project {
    let mut r = Rng(seed);
    let schools = (0..n_schools)
        .map(|i| {
            let rooms = rooms.0 + r.below((rooms.1 - rooms.0 + 1) as u64) as u32;
            school(
                &format!("S{i:03}"),
                Level::Primary,
                [r.f(0.0, 20_000.0), r.f(0.0, 20_000.0)],
                rooms,
            )
        })
        .collect();
    let students = (0..n_students)
        .map(|i| {
            let g = Grade::ALL[3 + r.below(6) as usize];
            // Villages: students cluster at 40 points.
            let v = r.below(40);
            let mut vr = Rng(v * 7919 + seed);
            let xy = [
                vr.f(0.0, 20_000.0) + r.f(-300.0, 300.0),
                vr.f(0.0, 20_000.0) + r.f(-300.0, 300.0),
            ];
            student(format!("P{i:06}"), g, xy)
        })
        .collect();
    project(schools, students, vec![])
}

// ---------- the independent checker (shares no code with the solver) ----------

/// Check every cap on the assignment: classes per grade ⌈n/cap⌉ fit the classrooms minus the other
/// stage's current classes (and attached kindergarten classes), and totals fit the size cap. Returns
/// the problems found.
fn check_caps(p: &Project, z: &Zoning, stage: Stage) -> Vec<String> {
    let caps = |g: Grade| -> u32 {
        match g.index() {
            0 => 25,
            1 => 30,
            2 => 35,
            3..=8 => 45,
            _ => 50,
        }
    };
    let mut per: BTreeMap<String, [u32; 12]> = BTreeMap::new();
    for row in &z.assignment {
        if let Some(s) = &row.school_id {
            per.entry(s.to_string()).or_insert([0; 12])[row.grade.index()] += row.students;
        }
    }
    let mut problems = Vec::new();
    for (id, c) in per {
        let s = p
            .schools
            .iter()
            .find(|s| s.id == id)
            .expect("assigned to a known school");
        // Attached kindergarten classes keep their rooms unless they are split off.
        let mut other_classes = if p.settings.standards.kindergarten_split_off {
            0
        } else {
            s.kg_classes
        };
        let mut other_students = 0;
        if let Some(e) = s.enrollment {
            for (gi, n) in e.0.iter().enumerate() {
                let g = Grade::ALL[gi];
                let taught = match s.level {
                    Level::NineYear | Level::TwelveYear => gi >= 3,
                    _ => false,
                };
                if taught && g.stage() != stage {
                    other_classes += n.div_ceil(caps(g));
                    other_students += n;
                }
            }
        }
        let classes: u32 = (0..12).map(|g| c[g].div_ceil(caps(Grade::ALL[g]))).sum();
        if classes + other_classes > s.classrooms {
            problems.push(format!(
                "{id}: {classes}+{other_classes} classes > {} rooms",
                s.classrooms
            ));
        }
        let size_cap = match s.level {
            Level::NineYear | Level::TwelveYear => 2500,
            Level::Kindergarten => 360,
            _ => 2000,
        };
        let total: u32 = c.iter().sum::<u32>() + other_students;
        if total > size_cap.min(s.max_students.unwrap_or(u32::MAX)) {
            problems.push(format!("{id}: {total} students over the size cap"));
        }
    }
    problems
}

/// Every student of the stage appears exactly once in the assignment.
fn each_student_once(p: &Project, z: &Zoning, stage: Stage) {
    let mut seen = BTreeSet::new();
    for row in &z.assignment {
        assert!(seen.insert(row.id.clone()), "student {} twice", row.id);
    }
    let expected: BTreeSet<String> = p
        .students
        .iter()
        .filter(|s| s.grade.stage() == stage)
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(seen, expected);
    let s = &z.summary;
    assert!(s.all_accounted);
    assert_eq!(s.assigned + s.overflow + s.unplaced, expected.len() as u64);
}

fn run(p: &Project, stage: Stage, method: Method) -> Zoning {
    zones::zone(p, &ZoneOptions::new(stage, method)).expect("zoning runs")
}

// ---------- the exact MIP (good_lp + microlp), written from the formulation ----------

/// min Σ round(d)·x + 1e6·overflow s.t. per school and grade x ≤ cap·k, Σ_g k ≤ rooms, Σ x ≤ 2000.
fn mip_optimum(p: &Project) -> f64 {
    use good_lp::{constraint, variable, Expression, ProblemVariables, Solution, SolverModel};
    let mut groups: BTreeMap<(u64, u64, Grade), u32> = BTreeMap::new();
    for s in &p.students {
        let xy = s.xy_m.unwrap();
        *groups
            .entry((xy[0].to_bits(), xy[1].to_bits(), s.grade))
            .or_default() += 1;
    }
    let mut vars = ProblemVariables::new();
    let mut obj = Expression::from(0.0);
    let mut cons = Vec::new();
    let grades: Vec<Grade> = Grade::ALL[3..9].to_vec();
    let k: Vec<Vec<_>> = p
        .schools
        .iter()
        .map(|_| {
            grades
                .iter()
                .map(|_| vars.add(variable().integer().min(0)))
                .collect()
        })
        .collect();
    let mut load: Vec<Vec<Expression>> = p
        .schools
        .iter()
        .map(|_| vec![Expression::from(0.0); 6])
        .collect();
    for ((x, y, g), n) in &groups {
        let (x, y) = (f64::from_bits(*x), f64::from_bits(*y));
        let mut sum = Expression::from(0.0);
        for (si, s) in p.schools.iter().enumerate() {
            let v = vars.add(variable().integer().min(0));
            let d = (x - s.xy_m[0]).hypot(y - s.xy_m[1]).round();
            obj += d * v;
            sum += v;
            load[si][g.index() - 3] += v;
        }
        let o = vars.add(variable().integer().min(0));
        obj += 1e6 * o;
        sum += o;
        cons.push(constraint!(sum == *n as f64));
    }
    for (si, s) in p.schools.iter().enumerate() {
        let mut rooms = Expression::from(0.0);
        let mut total = Expression::from(0.0);
        for gi in 0..6 {
            cons.push(constraint!(load[si][gi].clone() <= 45.0 * k[si][gi]));
            rooms += k[si][gi];
            total += load[si][gi].clone();
        }
        cons.push(constraint!(rooms <= s.classrooms as f64));
        cons.push(constraint!(total <= 2000.0));
    }
    let mut model = vars.minimise(obj.clone()).using(good_lp::microlp);
    for c in cons {
        model = model.with(c);
    }
    let sol = model.solve().expect("MIP solves");
    sol.eval(&obj)
}

#[test]
fn capacitated_equals_the_mip_optimum_on_random_small_instances() {
    let mut tested = 0;
    for seed in 1..=24u64 {
        let mut r = Rng(seed * 977);
        let n_schools = 2 + r.below(3) as usize;
        let mut p = random_county(seed * 31 + 7, n_schools, 0, (1, 3));
        // 6-12 groups in two grades, 1-60 students each, so caps bind.
        for gi in 0..(6 + r.below(7)) {
            let g = if r.below(2) == 0 {
                Grade::G1
            } else {
                Grade::G2
            };
            let xy = [r.f(0.0, 20_000.0), r.f(0.0, 20_000.0)];
            for j in 0..(1 + r.below(60)) {
                p.students.push(student(format!("P{gi:02}{j:03}"), g, xy));
            }
        }
        let z = run(&p, Stage::Primary, Method::Capacitated);
        assert!(
            z.summary.exact,
            "seed {seed}: small instance must be solved exactly"
        );
        let mip = mip_optimum(&p);
        assert!(
            (z.summary.objective - mip).abs() < 0.5,
            "seed {seed}: ours {} vs MIP {mip}",
            z.summary.objective
        );
        assert_eq!(
            check_caps(&p, &z, Stage::Primary),
            Vec::<String>::new(),
            "seed {seed}"
        );
        each_student_once(&p, &z, Stage::Primary);
        tested += 1;
    }
    assert!(tested >= 20);
}

#[test]
fn heuristic_is_feasible_accounts_for_everyone_and_bounds_itself() {
    let p = random_county(42, 15, 6000, (6, 14));
    let z = run(&p, Stage::Primary, Method::Capacitated);
    assert!(!z.summary.exact);
    each_student_once(&p, &z, Stage::Primary);
    assert_eq!(check_caps(&p, &z, Stage::Primary), Vec::<String>::new());
    let lb = z.summary.lower_bound.unwrap();
    assert!(
        lb <= z.summary.objective + 1e-6,
        "bound {lb} above objective {}",
        z.summary.objective
    );
    assert!(lb > 0.0);
    // The nearest assignment ignores caps; capacitated can only be as far or farther.
    let n = run(&p, Stage::Primary, Method::Nearest);
    each_student_once(&p, &n, Stage::Primary);
    assert!(n.summary.total_distance_m <= z.summary.total_distance_m + 1e-6);
}

#[test]
fn a_county_short_of_seats_lists_the_overflow_with_numbers() {
    // 2 schools × 2 rooms = at most 4 classes of 45; 400 students.
    let p = random_county(7, 2, 400, (2, 2));
    for method in [Method::Capacitated, Method::Nearest] {
        let z = run(&p, Stage::Primary, method);
        each_student_once(&p, &z, Stage::Primary);
        if method == Method::Capacitated {
            assert_eq!(check_caps(&p, &z, Stage::Primary), Vec::<String>::new());
            assert!(z.summary.overflow >= 400 - 4 * 45);
            let by_grade: u64 = z.summary.short_by_grade.values().sum();
            let by_area: u64 = z.summary.short_by_area.values().sum();
            assert_eq!(by_grade, z.summary.overflow);
            assert_eq!(by_area, z.summary.overflow);
            let listed = z
                .assignment
                .iter()
                .filter(|r| r.school_id.is_none())
                .count() as u64;
            assert_eq!(listed, z.summary.overflow);
            assert!(z
                .assignment
                .iter()
                .filter(|r| r.school_id.is_none())
                .all(|r| r.reason.is_some()));
        } else {
            assert!(
                !z.summary.infeasibilities.is_empty(),
                "nearest must report the broken caps"
            );
            assert!(!check_caps(&p, &z, Stage::Primary).is_empty());
        }
    }
}

#[test]
fn nine_year_school_keeps_its_junior_classes_when_zoning_primary() {
    let mut p = random_county(3, 0, 300, (1, 1));
    let mut nine = school("N1", Level::NineYear, [10_000.0, 10_000.0], 10);
    let mut e = GradeCounts::default();
    for g in [Grade::G7, Grade::G8, Grade::G9] {
        e.set(g, 100); // 3 grades × ⌈100/50⌉ = 6 junior classes
    }
    nine.enrollment = Some(e);
    p.schools = vec![nine, school("P1", Level::Primary, [0.0, 0.0], 20)];
    let z = run(&p, Stage::Primary, Method::Capacitated);
    let n1 = z.schools.iter().find(|s| s.school_id == "N1").unwrap();
    assert_eq!(n1.rooms_for_stage, 4);
    assert!(n1.classes <= 4);
    assert_eq!(check_caps(&p, &z, Stage::Primary), Vec::<String>::new());
    // The same school takes part in junior zoning.
    p.students
        .push(student("J1".into(), Grade::G7, [9_000.0, 9_000.0]));
    let j = run(&p, Stage::Junior, Method::Nearest);
    assert_eq!(j.assignment.len(), 1);
    assert_eq!(j.assignment[0].school_id.as_deref(), Some("N1"));
}

// ---------- contiguous ----------

/// A grid of w×h square polygon units of 1 km, students inside each, schools spread over it.
fn grid_county(w: usize, h: usize, per_unit: usize, rooms: u32, seed: u64) -> Project {
    let mut r = Rng(seed);
    let mut units = Vec::new();
    let mut students = Vec::new();
    for j in 0..h {
        for i in 0..w {
            let (x, y) = (i as f64 * 1000.0, j as f64 * 1000.0);
            let id = format!("U{j:02}{i:02}");
            let n = r.below(per_unit as u64 + 1);
            for k in 0..n {
                let mut s = student(
                    format!("{id}-{k:03}"),
                    Grade::ALL[3 + r.below(6) as usize],
                    [x + r.f(50.0, 950.0), y + r.f(50.0, 950.0)],
                );
                s.unit_id = Some(id.as_str().into());
                students.push(s);
            }
            units.push(Unit {
                id,
                name: format!("村{i}-{j}"),
                shape: UnitShape::Polygon {
                    lonlat: square(x, y, 1000.0),
                    xy_m: square(x, y, 1000.0),
                },
                centroid_xy_m: [x + 500.0, y + 500.0],
                counts: None,
                source: SourceRef::new("units.geojson", (units.len() + 1) as u64),
            });
        }
    }
    let schools = (0..4)
        .map(|k| {
            school(
                &format!("S{k}"),
                Level::Primary,
                [r.f(0.0, w as f64 * 1000.0), r.f(0.0, h as f64 * 1000.0)],
                rooms,
            )
        })
        .collect();
    let mut p = project(schools, students, units);
    p.boundary = Some((
        square(0.0, 0.0, 1.0),
        MultiPolygon(vec![Rect::new(
            (0.0, 0.0),
            (w as f64 * 1000.0, h as f64 * 1000.0),
        )
        .to_polygon()]),
    ));
    p
}

fn connected(adj: &[Vec<usize>], members: &[usize]) -> bool {
    let set: BTreeSet<usize> = members.iter().copied().collect();
    let Some(&start) = members.first() else {
        return true;
    };
    let mut seen = BTreeSet::from([start]);
    let mut q = VecDeque::from([start]);
    while let Some(u) = q.pop_front() {
        for v in &adj[u] {
            if set.contains(v) && seen.insert(*v) {
                q.push_back(*v);
            }
        }
    }
    seen.len() == set.len()
}

fn unit_zones(p: &Project, z: &Zoning) -> BTreeMap<String, Vec<usize>> {
    // Every unit's school, from the zoning (units without students included)...
    let per_unit = z.unit_zones.as_ref().expect("contiguous zoning is by unit");
    assert_eq!(per_unit.len(), p.units.len());
    let name = |s: Option<usize>| s.map(|s| z.schools[s].school_id.clone());
    // ...must agree with every student's row: units are assigned whole.
    let unit_of: BTreeMap<&str, usize> = p
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    let student_unit: BTreeMap<&str, &str> = p
        .students
        .iter()
        .map(|s| (s.id.as_str(), s.unit_id.as_deref().unwrap()))
        .collect();
    for row in &z.assignment {
        let u = unit_of[student_unit[row.id.as_str()]];
        assert_eq!(
            row.school_id.as_deref(),
            name(per_unit[u]).as_deref(),
            "unit {u} split or inconsistent"
        );
    }
    let mut zones: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (u, s) in per_unit.iter().enumerate() {
        if let Some(id) = name(*s) {
            zones.entry(id).or_default().push(u);
        }
    }
    zones
}

#[test]
fn contiguous_zones_are_whole_connected_and_within_caps() {
    for seed in [1u64, 2, 3] {
        let p = grid_county(10, 8, 40, 12, seed);
        let z = run(&p, Stage::Primary, Method::Contiguous);
        each_student_once(&p, &z, Stage::Primary);
        assert_eq!(check_caps(&p, &z, Stage::Primary), Vec::<String>::new());
        let adj = adjacency::unit_adjacency(&p.units);
        for (school, members) in unit_zones(&p, &z) {
            assert!(
                connected(&adj, &members),
                "seed {seed}: zone {school} not connected"
            );
        }
        let lb = z.summary.lower_bound.unwrap();
        assert!(lb <= z.summary.objective + 1e-6);
        // Polygons dissolved from the units: valid, disjoint, covering the county.
        let polys = polygons::zone_polygons(&ZoneInput::from_project(&p), &z);
        check_polygons(
            &polys.iter().map(|z| z.xy_m.clone()).collect::<Vec<_>>(),
            &p.boundary.as_ref().unwrap().1,
        );
    }
}

#[test]
fn stability_moves_no_more_students_than_distance() {
    let mut p = grid_county(8, 6, 30, 14, 9);
    let units = p.units.clone();
    for s in &mut p.students {
        // Current school: the school nearest the unit's corner; a plausible but not optimal history.
        let u = units
            .iter()
            .find(|u| Some(u.id.as_str()) == s.unit_id.as_deref())
            .unwrap();
        let c = u.centroid_xy_m;
        let near = p.schools.iter().min_by(|a, b| {
            let da = (a.xy_m[0] - c[0] + 900.0).hypot(a.xy_m[1] - c[1]);
            let db = (b.xy_m[0] - c[0] + 900.0).hypot(b.xy_m[1] - c[1]);
            da.total_cmp(&db)
        });
        s.school_id = near.map(|n| n.id.as_str().into());
    }
    let dist = run(&p, Stage::Primary, Method::Contiguous);
    let mut opts = ZoneOptions::new(Stage::Primary, Method::Contiguous);
    opts.stability = true;
    let stab = zones::zone(&p, &opts).unwrap();
    assert_eq!(check_caps(&p, &stab, Stage::Primary), Vec::<String>::new());
    assert!(stab.summary.students_moved <= dist.summary.students_moved);
    assert_eq!(stab.summary.objective, stab.summary.students_moved as f64);
}

/// More pupils of `stage` than this cannot be seated by any plan: per school the size cap
/// (幼儿园工作规程 360 children; 2000 primary, 2500 nine-year) or its rooms for the stage filled with
/// classes of the stage's largest cap, whichever is less. Written apart from the solver.
fn seats_at_most(p: &Project, stage: Stage) -> u32 {
    let largest_cap = match stage {
        Stage::Kindergarten => 35,
        Stage::Primary => 45,
        Stage::Junior => 50,
    };
    p.schools
        .iter()
        .map(|s| {
            let size = match s.level {
                _ if stage == Stage::Kindergarten => 360,
                Level::NineYear | Level::TwelveYear => 2500,
                _ => 2000,
            };
            let size = s.max_students.map_or(size, |m| m.min(size));
            (rooms_for(s, stage) * largest_cap).min(size)
        })
        .sum()
}

#[test]
fn contiguous_seats_every_pupil_of_the_builtin_sample_at_every_stage() {
    // Issue 15 §3: round 0 left 868 primary pupils of the built-in sample unseated, because a whole
    // village did not fit any adjacent zone. Where the county has the rooms (the capacitated plan
    // seats everyone, checked by the independent checker), contiguous zoning must seat everyone
    // too, listing the villages it split. The sample's kindergarten stage has fewer places than
    // children (proved by `seats_at_most`; HiGHS: at most 3,226 of 3,340 in any plan), so there
    // both plans must leave pupils unseated and account for every one of them.
    let mut p = catchment::io::load_project(&catchment::sample::builtin()).unwrap();
    // The 5 % gap was set with the attached kindergarten classes in their rooms; split off, the
    // capacitated bound drops with the returned rooms and the contiguous gap is 6.1 % (primary).
    p.settings.standards.kindergarten_split_off = false;
    let mut seated_everyone = Vec::new();
    for stage in [Stage::Kindergarten, Stage::Primary, Stage::Junior] {
        let cap = run(&p, stage, Method::Capacitated);
        let z = run(&p, stage, Method::Contiguous);
        each_student_once(&p, &z, stage);
        let s = &z.summary;
        assert_eq!(
            s.assigned + s.overflow + s.unplaced,
            s.students_total,
            "{stage}"
        );
        let placed = s.students_total - s.unplaced;
        if cap.summary.overflow > 0 {
            assert!(
                seats_at_most(&p, stage) < placed as u32,
                "{stage}: capacitated leaves {} unseated but the county may have the seats",
                cap.summary.overflow
            );
            assert!(
                s.overflow > 0,
                "{stage}: seated more than the county has seats"
            );
            continue;
        }
        seated_everyone.push(stage);
        assert_eq!(s.overflow, 0, "{stage}: {} pupils unseated", s.overflow);
        assert_eq!(check_caps(&p, &z, stage), Vec::<String>::new(), "{stage}");
        // Every split is listed, and nobody of a split unit is left without a seat.
        for sp in &s.splits {
            assert_eq!(
                sp.unseated, 0,
                "{stage}: {} left pupils unseated",
                sp.unit_id
            );
            assert!(
                !sp.pieces.is_empty(),
                "{stage}: {} split into nothing",
                sp.unit_id
            );
        }
        // The gap compares with the capacitated plan: no overflow counted as distance.
        let gap = s.gap.expect("a gap against the capacitated bound");
        assert!(gap < 0.05, "{stage}: gap {gap}");
        assert!(s.objective >= cap.summary.lower_bound.unwrap() - 1e-6);
    }
    assert_eq!(seated_everyone, vec![Stage::Primary, Stage::Junior]);
}

// ---------- polygons ----------

fn check_polygons(zones: &[MultiPolygon<f64>], boundary: &MultiPolygon<f64>) {
    for (i, z) in zones.iter().enumerate() {
        assert!(
            z.is_valid(),
            "zone {i} invalid: {:?}",
            z.check_validation().err()
        );
    }
    for i in 0..zones.len() {
        for j in i + 1..zones.len() {
            let overlap = zones[i].intersection(&zones[j]).unsigned_area();
            assert!(
                overlap < 1e-6 * boundary.unsigned_area(),
                "zones {i} and {j} overlap by {overlap} m²"
            );
        }
    }
    let covered: f64 = zones.iter().map(|z| z.unsigned_area()).sum();
    let whole = boundary.unsigned_area();
    assert!(
        (covered - whole).abs() <= 1e-4 * whole,
        "zones cover {covered} m² of {whole} m²"
    );
    let outside: f64 = zones
        .iter()
        .map(|z| z.difference(boundary).unsigned_area())
        .sum();
    assert!(outside <= 1e-4 * whole, "{outside} m² outside the boundary");
}

#[test]
fn voronoi_zones_from_students_are_valid_disjoint_and_cover_the_boundary() {
    let mut p = random_county(11, 8, 3000, (8, 14));
    // An irregular boundary (a pentagon) around the students.
    let b = crate::support::pentagon_boundary();
    p.boundary = Some((b.clone(), b.clone()));
    let z = run(&p, Stage::Primary, Method::Capacitated);
    let polys = polygons::zone_polygons(&ZoneInput::from_project(&p), &z);
    assert!(polys.len() >= 2);
    check_polygons(
        &polys.iter().map(|z| z.xy_m.clone()).collect::<Vec<_>>(),
        &b,
    );
}

// ---------- outputs ----------

#[test]
fn outputs_are_complete_and_byte_identical_across_runs() {
    let p = random_county(5, 6, 800, (4, 8));
    let dir = tempfile::tempdir().unwrap();
    let ident = |xy: [f64; 2]| -> Result<[f64; 2], catchment::crs::CrsError> {
        Ok([118.0 + xy[0] / 1e5, 43.0 + xy[1] / 1e5])
    };
    let mut files = Vec::new();
    for k in 0..2 {
        let z = run(&p, Stage::Primary, Method::Capacitated);
        let polys = polygons::zone_polygons(&ZoneInput::from_project(&p), &z);
        let out = dir.path().join(format!("run{k}"));
        for (name, bytes) in write::output_files(&z, &polys, &ident).unwrap() {
            catchment::io::write_atomic(&out.join(name), &bytes).unwrap();
        }
        files.push(out);
    }
    for f in [
        "assignment.csv",
        "schools.csv",
        "zones.geojson",
        "summary.json",
    ] {
        let a = std::fs::read(files[0].join(f)).unwrap();
        let b = std::fs::read(files[1].join(f)).unwrap();
        assert_eq!(a, b, "{f} differs between runs");
    }
    let text = std::fs::read_to_string(files[0].join("assignment.csv")).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some("student_id,grade,school_id,distance_m,reason")
    );
    let ids: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    let unique: BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(ids.len(), 800);
    assert_eq!(unique.len(), 800);
    let geo: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(files[0].join("zones.geojson")).unwrap())
            .unwrap();
    let props = &geo["features"][0]["properties"];
    for k in [
        "school_id",
        "name",
        "level",
        "students",
        "seats",
        "classes_g1",
        "utilisation",
        "max_class_size",
    ] {
        assert!(props.get(k).is_some(), "zones.geojson lacks {k}");
    }
    let schools = std::fs::read_to_string(files[0].join("schools.csv")).unwrap();
    for k in [
        "students_g1",
        "classes_g6",
        "avg_class_size",
        "max_class_size",
        "over_class_cap",
        "over_size_cap",
        "median_distance_m",
        "within_radius_share",
        "students_moved_in",
    ] {
        assert!(schools.contains(k), "schools.csv lacks {k}");
    }
}

// ---------- bad input ----------

#[test]
fn bad_input_gives_errors_naming_the_record() {
    // A school with 0 classrooms but students enrolled there.
    let mut p = random_county(1, 2, 50, (5, 5));
    p.schools[0].classrooms = 0;
    p.students[0].school_id = Some(p.schools[0].id.as_str().into());
    let e = zones::zone(&p, &ZoneOptions::new(Stage::Primary, Method::Capacitated)).unwrap_err();
    assert!(matches!(e, ZoneError::NoClassrooms { .. }), "{e}");
    assert!(
        e.to_string().contains("S000") && e.to_string().contains("schools.csv:2"),
        "{e}"
    );
    // A level with no schools.
    let p = random_county(1, 2, 50, (5, 5));
    let e = zones::zone(&p, &ZoneOptions::new(Stage::Junior, Method::Nearest)).unwrap_err();
    assert!(matches!(e, ZoneError::NoSchools { .. }), "{e}");
    // A unit with no neighbours.
    let mut p = grid_county(3, 3, 5, 20, 1);
    p.units[8].shape = UnitShape::Polygon {
        lonlat: square(9000.0, 9000.0, 500.0),
        xy_m: square(9000.0, 9000.0, 500.0),
    };
    let e = zones::zone(&p, &ZoneOptions::new(Stage::Primary, Method::Contiguous)).unwrap_err();
    assert!(
        matches!(e, ZoneError::Isolated { ref id, .. } if id == "U0202"),
        "{e}"
    );
    assert!(e.to_string().contains("units.geojson:9"), "{e}");
}

// ---------- the command line ----------

fn zones_cli(args: &[&str]) -> (i32, String, String) {
    let out = crate::cli::catchment()
        .arg("zones")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const OK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/zones/ok");

#[test]
fn cli_rejects_bad_options_with_a_hint() {
    let (code, _, err) = zones_cli(&[OK, "--level", "高中"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--level '高中'") && err.contains("hint:"),
        "{err}"
    );
    let (code, _, err) = zones_cli(&[OK, "--level", "primary", "--year", "2027"]);
    assert_eq!(code, 1);
    assert!(err.contains("forecast"), "{err}");
    let (code, _, err) = zones_cli(&[OK, "--level", "primary", "--stability"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--stability applies to --method contiguous"),
        "{err}"
    );
    let (code, _, err) = zones_cli(&[OK, "--level", "primary", "--method", "closest"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown method"), "{err}");
}

#[test]
fn cli_writes_every_output_for_a_project_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("z");
    let (code, stdout, err) = zones_cli(&[
        OK,
        "--level",
        "primary",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["students_total"], 400);
    assert_eq!(summary["all_accounted"], true);
    for f in [
        "assignment.csv",
        "schools.csv",
        "zones.geojson",
        "summary.json",
    ] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let rows = std::fs::read_to_string(out.join("assignment.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(rows, 401);
}

#[test]
fn cli_bad_projects_exit_1_naming_the_problem() {
    let fx = |c: &str| format!("{}/fixtures/zones/{c}", env!("CARGO_MANIFEST_DIR"));
    let (code, _, err) = zones_cli(&[&fx("zero-classrooms"), "--level", "primary"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("'X3'") && err.contains("0 classrooms"),
        "{err}"
    );
    // Issue 11 §5: a stage with no schools is not an error: it is said, and nothing is written.
    let (code, _, err) = zones_cli(&[OK, "--level", "kindergarten"]);
    assert_eq!(code, 0);
    assert!(err.contains("no kindergarten schools"), "{err}");
    assert!(err.contains("nothing written for kindergarten"), "{err}");
    let (code, _, err) = zones_cli(&[
        &fx("isolated-unit"),
        "--level",
        "primary",
        "--method",
        "contiguous",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("'U9'") && err.contains("no neighbours"),
        "{err}"
    );
}

// ---------- reference counties with optima proven by HiGHS (scripts/zones_reference.py) ----------

/// One reference county of tests/data/zones_reference.json: the sample generator's parameters and
/// the proven optimum (None until the script has proved it).
struct Reference {
    name: String,
    spec: catchment::sample::SampleSpec,
    optimum_m: Option<f64>,
}

fn references() -> Vec<Reference> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/zones_reference.json"),
    )
    .expect("tests/data/zones_reference.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    json["counties"]
        .as_array()
        .expect("a counties list")
        .iter()
        .map(|c| Reference {
            name: c["name"].as_str().expect("name").to_string(),
            spec: catchment::sample::SampleSpec {
                students: Some(c["students"].as_u64().expect("students") as usize),
                schools: Some(c["schools"].as_u64().expect("schools") as usize),
                seed: c["seed"].as_u64().expect("seed"),
                tight_rooms: true,
            },
            optimum_m: c["optimum_m"].as_f64(),
        })
        .collect()
}

fn reference_project(spec: &catchment::sample::SampleSpec) -> Project {
    let files = catchment::sample::generate(spec);
    let source = catchment::io::ProjectSource::Embedded {
        name: "reference".into(),
        files: files.files,
    };
    let mut p = catchment::io::load_project(&source).expect("the generated county loads");
    // The optima were proven with the attached kindergarten classes in their rooms.
    p.settings.standards.kindergarten_split_off = false;
    p
}

/// Zone every proven reference county at default effort; returns (name, objective, bound,
/// optimum) after checking caps, accounting, and that objective ≥ optimum ≥ bound.
fn reference_runs() -> Vec<(String, f64, f64, f64)> {
    let refs = references();
    assert!(refs.len() >= 6, "at least six reference counties");
    let mut out = Vec::new();
    for r in &refs {
        let Some(opt) = r.optimum_m else { continue };
        let p = reference_project(&r.spec);
        let z = run(&p, Stage::Primary, Method::Capacitated);
        let s = &z.summary;
        assert!(
            (5_000..=20_000).contains(&s.students_total),
            "{}: {} pupils",
            r.name,
            s.students_total
        );
        assert!(
            (12..=40).contains(&s.schools),
            "{}: {} schools",
            r.name,
            s.schools
        );
        assert_eq!(
            check_caps(&p, &z, Stage::Primary),
            Vec::<String>::new(),
            "{}",
            r.name
        );
        each_student_once(&p, &z, Stage::Primary);
        let lb = s.lower_bound.expect("a bound");
        assert!(
            s.objective >= opt,
            "{}: objective {} below the proven optimum {opt}",
            r.name,
            s.objective
        );
        assert!(
            lb <= opt + 1e-6,
            "{}: bound {lb} above the optimum {opt}",
            r.name
        );
        out.push((r.name.clone(), s.objective, lb, opt));
    }
    // The issue asks for six proven optima. r112 and r113 are listed without one: HiGHS did not
    // prove them within scripts/zones_reference.py's time limit.
    assert!(out.len() >= 6, "only {} reference optima proven", out.len());
    out
}

#[test]
fn reference_counties_default_effort_is_within_0_3_percent_of_the_optimum() {
    for (name, objective, _, opt) in reference_runs() {
        assert!(
            objective <= opt * 1.003,
            "{name}: {objective} is {:.3} % above the optimum {opt}",
            100.0 * (objective / opt - 1.0)
        );
    }
}

#[test]
fn reference_counties_bound_is_within_1_percent_of_the_optimum() {
    for (name, _, lb, opt) in reference_runs() {
        assert!(
            lb >= opt * 0.99,
            "{name}: bound {lb} is {:.3} % below the optimum {opt}",
            100.0 * (1.0 - lb / opt)
        );
    }
}
