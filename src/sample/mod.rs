//! The built-in Linxi sample: a deterministic, seeded generator of a plausible county dataset, and
//! the committed result embedded in the binary (`catchment sample`, [`builtin`]).
//!
//! Why: every command must run out of the box, tests and benches need a realistic county with known
//! properties (crowded seat schools, falling births, addresses that fail to match), and benchmarks need
//! the same county scaled to a million students. Real county registers are private, so the sample
//! combines the only real parts we may publish — Linxi's boundary and its township and village names
//! (`gis/linxi/`, see `SOURCES.md` there) — with synthetic everything else: village positions,
//! schools, students, history, births, housing, sites and resources.
//!
//! The pipeline, one algorithm per file:
//! `region` (real data, local metre frame) → `villages` (placement) → `schools` (template or
//! generic) → `cohorts` (births and an 8-year cohort process) → `students` (homes, addresses, birth
//! dates) → `extras` (housing, sites, resources) → `writer` (CSV/GeoJSON bytes).
//! Randomness comes from the crate's own SplitMix64 (`rng`) using arithmetic only, so the bytes never
//! change with a dependency or a platform's maths library. `fixtures/linxi/` is exactly
//! `catchment sample fixtures/linxi` (seed 2022); a test regenerates and compares it byte for byte.

mod builtin;
mod cohorts;
mod extras;
mod region;
mod schools;
mod students;
mod villages;
mod writer;

use crate::rng;
pub use crate::rng::Rng;
pub use builtin::{builtin, BUILTIN_NAME};
pub use cohorts::{BASE_YEAR, FIRST_YEAR};

use crate::standards::Standards;

/// Students in the standard sample.
pub const DEFAULT_STUDENTS: usize = 20_000;
/// The standard sample's seed (the year of Linxi's plan).
pub const DEFAULT_SEED: u64 = 2022;

/// What to generate. The default is the standard sample committed in `fixtures/linxi/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleSpec {
    /// Students in the base year; None = [`DEFAULT_STUDENTS`].
    pub students: Option<usize>,
    /// Number of generic schools; None = the standard sample's 27 named schools.
    pub schools: Option<usize>,
    pub seed: u64,
    /// Generic schools only: rooms per class needed drawn from [`TIGHT_ROOM_FACTOR`] instead of
    /// 0.85–1.2, so the county as a whole just has the rooms but many schools are full (the
    /// zoning reference counties, `scripts/zones_reference.py`). The random draws are the same.
    pub tight_rooms: bool,
}

/// Range of rooms per class needed for generic schools with [`SampleSpec::tight_rooms`].
pub const TIGHT_ROOM_FACTOR: (f64, f64) = (0.9, 1.1);

impl Default for SampleSpec {
    fn default() -> Self {
        SampleSpec {
            students: None,
            schools: None,
            seed: DEFAULT_SEED,
            tight_rooms: false,
        }
    }
}

impl SampleSpec {
    /// Whether this is the standard sample (27 named schools, 20,000 students), whatever the seed.
    pub fn is_standard(&self) -> bool {
        self.students.is_none() && self.schools.is_none()
    }
}

/// The generated project: (file name, bytes) pairs, sorted by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleFiles {
    pub files: Vec<(String, Vec<u8>)>,
}

impl SampleFiles {
    /// The bytes of one file.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
    }
}

/// Everything generated, before it is written out.
pub(crate) struct World {
    pub spec: SampleSpec,
    pub region: region::Region,
    pub villages: Vec<villages::Village>,
    pub plans: Vec<schools::SchoolPlan>,
    pub cohorts: cohorts::Cohorts,
    pub students: Vec<students::StudentRow>,
    pub housing: Vec<extras::Housing>,
    pub sites: Vec<extras::CandidateSite>,
    pub resources: Vec<extras::ResourceRow>,
    pub standards: Standards,
}

/// Generate a project in memory.
pub fn generate(spec: &SampleSpec) -> SampleFiles {
    writer::write_all(&build(spec))
}

fn build(spec: &SampleSpec) -> World {
    let seed = spec.seed;
    let standards = Standards::default();
    let region = region::Region::linxi();
    let villages = villages::place_villages(&region, &mut Rng::stream(seed, 1));
    let plans = match spec.schools {
        None => schools::template_schools(&region, &villages),
        Some(m) => {
            let rooms = if spec.tight_rooms {
                TIGHT_ROOM_FACTOR
            } else {
                schools::ROOM_FACTOR
            };
            schools::generic_schools(&region, &villages, m, rooms, &mut Rng::stream(seed, 2))
        }
    };
    let n = spec.students.unwrap_or(DEFAULT_STUDENTS);
    let cohorts = cohorts::simulate(&plans, n, &mut Rng::stream(seed, 3));
    let counts: Vec<[u32; 12]> = cohorts
        .history
        .iter()
        .map(|h| h[cohorts::YEARS - 1])
        .collect();
    // Homes spread a few hundred metres around their village; wider when a county is scaled up, so a
    // million homes do not pile onto 118 points.
    let jitter_m = 250.0 * (n as f64 / DEFAULT_STUDENTS as f64).sqrt().max(1.0);
    let students = students::generate_students(
        &plans,
        &students::StudentSpec {
            region: &region,
            villages: &villages,
            counts: counts.clone(),
            base_year: BASE_YEAR,
            jitter_m,
            seed,
        },
    );
    let housing = extras::housing(&region, &villages, n, BASE_YEAR, &mut Rng::stream(seed, 4));
    let sites = extras::sites(&region, &villages, plans.len(), &mut Rng::stream(seed, 5));
    let resources = extras::resources(&plans, &counts, &standards, &mut Rng::stream(seed, 6));
    World {
        spec: spec.clone(),
        region,
        villages,
        plans,
        cohorts,
        students,
        housing,
        sites,
        resources,
        standards,
    }
}
