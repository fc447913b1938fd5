//! Speed of the indicators engine on a large synthetic county: `assess` (values, pass rule, CVs with
//! drivers, guarantee items, remedies) for 1,000 schools.

use catchment::indicators::{assess, Enrollment};
use catchment::model::{GradeCounts, Level, Resources, School, SourceRef};
use catchment::standards::Standards;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// A deterministic pseudo-random sequence (xorshift), so the bench needs no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % 1_000_000) as f64 / 1_000_000.0
    }
}

fn county(n: usize) -> (Vec<School>, Vec<Resources>) {
    let mut rng = Rng(2022);
    let levels = [Level::Primary, Level::Junior, Level::NineYear];
    let mut schools = Vec::new();
    let mut resources = Vec::new();
    for i in 0..n {
        let level = levels[i % 3];
        let mut counts = GradeCounts::default();
        for g in level.grades() {
            counts.set(*g, 20 + (rng.next() * 150.0) as u32);
        }
        let p = counts.total() as f64;
        let id = format!("S{i:05}");
        let f = |rng: &mut Rng, per_student: f64| per_student * p * (0.7 + 0.6 * rng.next());
        resources.push(Resources {
            school_id: id.clone(),
            qualified_teachers: Some(f(&mut rng, 0.05)),
            backbone_teachers: Some(f(&mut rng, 0.01)),
            pe_arts_teachers: Some(f(&mut rng, 0.009)),
            building_m2: Some(f(&mut rng, 5.0)),
            sports_m2: Some(f(&mut rng, 8.5)),
            equipment_yuan: Some(f(&mut rng, 2200.0)),
            multimedia_rooms: Some(f(&mut rng, 0.024)),
            music_rooms: Some(1 + (rng.next() * 2.0) as u32),
            music_room_m2: Some(80.0 + rng.next() * 30.0),
            art_rooms: Some(1 + (rng.next() * 2.0) as u32),
            art_room_m2: Some(80.0 + rng.next() * 30.0),
            source: SourceRef::new("resources.csv", i as u64 + 2),
            ..Default::default()
        });
        schools.push(School {
            id,
            name: format!("学校{i}"),
            level,
            lonlat: [118.0, 43.6],
            xy_m: [0.0, 0.0],
            classrooms: (p / 45.0) as u32 + 2,
            enrollment: Some(counts),
            kg_classes: 0,
            max_students: None,
            boarding: false,
            expandable_classrooms: 0,
            source: SourceRef::new("schools.csv", i as u64 + 2),
        });
    }
    (schools, resources)
}

fn bench(c: &mut Criterion) {
    let (schools, resources) = county(1000);
    let enrollment = Enrollment::from_schools(&schools);
    let standards = Standards::default();
    c.bench_function("assess 1000 schools", |b| {
        b.iter(|| {
            black_box(assess(&schools, &resources, &enrollment, &standards).unwrap());
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
