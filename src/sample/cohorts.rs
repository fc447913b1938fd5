//! Births and enrollment history: a cohort process run forward over eight school years.
//!
//! County births fall (about 3 % a year to 2016, 7 % a year after, as in much of rural China).
//! Each school's K1 is a share of the births three years earlier and its grade 1 a share of the
//! births six years earlier; every later grade is last year's grade below times the school's
//! progression ratio (slightly below 1 in rural schools as families move to the county seat,
//! slightly above in the seat). Junior grade 7 is the feeder primary schools' grade 6 times a ratio.
//! Noise is modest (3 % on entry, 1.5 % on progression) so a cohort-survival forecaster can learn
//! the process, while falling births make "next year = this year" lag.

use super::rng::Rng;
use super::schools::SchoolPlan;
use crate::model::Level;

/// The first calendar year written to `births.csv`.
pub const FIRST_BIRTH_YEAR: i32 = 2010;
/// The first school year of the history (the year it starts).
pub const FIRST_YEAR: i32 = 2018;
/// The base year: the last school year of the history, equal to `students.csv`.
pub const BASE_YEAR: i32 = 2025;
/// Number of history years.
pub const YEARS: usize = (BASE_YEAR - FIRST_YEAR + 1) as usize;
/// Births in 2010 in the standard sample, before scaling to the requested student count.
const BIRTHS_2010: f64 = 2_400.0;
const ENTRY_NOISE: f64 = 0.03;
const PROGRESSION_NOISE: f64 = 0.015;

/// Enrollment by school, year (0 = [`FIRST_YEAR`]) and grade index (K1 = 0 .. G9 = 11).
pub type History = Vec<Vec<[u32; 12]>>;

/// The result of the cohort process.
#[derive(Debug, Clone)]
pub struct Cohorts {
    /// County births per calendar year, [`FIRST_BIRTH_YEAR`]..=[`BASE_YEAR`].
    pub births: Vec<(i32, u32)>,
    pub history: History,
}

/// Relative births in `year` (2010 = 1), by repeated multiplication so no `powf` is involved.
fn birth_curve(year: i32) -> f64 {
    let mut b = 1.0;
    let (lo, hi) = if year >= 2010 {
        (2010, year)
    } else {
        (year, 2010)
    };
    for y in lo..hi {
        let rate = if y < 2016 { 0.97 } else { 0.93 };
        if year >= 2010 {
            b *= rate;
        } else {
            b /= rate;
        }
    }
    b
}

fn teaches_primary(l: Level) -> bool {
    matches!(l, Level::Primary | Level::NineYear | Level::TwelveYear)
}

fn teaches_junior(l: Level) -> bool {
    matches!(l, Level::Junior | Level::NineYear | Level::TwelveYear)
}

/// One step of the process. `births(y)` gives county births; `noise` perturbs and rounds.
struct Process<'a> {
    plans: &'a [SchoolPlan],
    births: &'a dyn Fn(i32) -> f64,
}

impl Process<'_> {
    fn draw(&self, x: f64, sd: f64, rng: &mut Option<&mut Rng>) -> f64 {
        match rng {
            Some(r) => (x * (1.0 + sd * r.normal())).max(0.0).round(),
            None => x,
        }
    }

    /// Grade 7 intake of school `s` from last year's grade 6 (`prev`).
    fn g7_intake(&self, s: usize, prev: &[[f64; 12]]) -> f64 {
        let p = &self.plans[s];
        let g6: f64 = if p.level == Level::Junior {
            (0..self.plans.len())
                .filter(|&f| self.plans[f].feeds == Some(s))
                .map(|f| prev[f][8])
                .sum()
        } else {
            prev[s][8]
        };
        g6 * p.g7_ratio
    }

    /// The first year's state, as if the process had run for years before.
    fn initial(&self, year: i32, rng: &mut Option<&mut Rng>) -> Vec<[f64; 12]> {
        let b = self.births;
        let mut state = vec![[0.0; 12]; self.plans.len()];
        for (s, p) in self.plans.iter().enumerate() {
            let mut r = 1.0;
            for (i, cell) in state[s].iter_mut().enumerate() {
                let x = if i < 3 {
                    if p.has_kg {
                        b(year - 3 - i as i32) * p.k_share * r
                    } else {
                        0.0
                    }
                } else if i < 9 && teaches_primary(p.level) {
                    b(year - 3 - i as i32) * p.g1_share * r
                } else if i >= 9 && teaches_junior(p.level) {
                    let share_at_g6 = if p.level == Level::Junior {
                        self.feeder_share_at_g6(s)
                    } else {
                        p.g1_share * (0..5).fold(1.0, |a, _| a * p.ratio)
                    };
                    let rj = (0..i - 9).fold(1.0, |a, _| a * p.ratio);
                    b(year - 3 - i as i32) * share_at_g6 * p.g7_ratio * rj
                } else {
                    0.0
                };
                let sd = if i == 0 || i == 3 {
                    ENTRY_NOISE
                } else {
                    PROGRESSION_NOISE
                };
                *cell = self.draw(x, sd, rng);
                r = if i == 2 { 1.0 } else { r * p.ratio };
            }
        }
        state
    }

    fn feeder_share_at_g6(&self, s: usize) -> f64 {
        self.plans
            .iter()
            .filter(|f| f.feeds == Some(s))
            .map(|f| f.g1_share * (0..5).fold(1.0, |a, _| a * f.ratio))
            .sum()
    }

    /// Next year's state from this year's.
    fn step(&self, year: i32, prev: &[[f64; 12]], rng: &mut Option<&mut Rng>) -> Vec<[f64; 12]> {
        let b = self.births;
        let mut next = vec![[0.0; 12]; self.plans.len()];
        for (s, p) in self.plans.iter().enumerate() {
            let n = &mut next[s];
            if p.has_kg {
                n[0] = b(year - 3) * p.k_share;
                n[1] = prev[s][0] * p.ratio;
                n[2] = prev[s][1] * p.ratio;
            }
            if teaches_primary(p.level) {
                n[3] = b(year - 6) * p.g1_share;
                for i in 4..9 {
                    n[i] = prev[s][i - 1] * p.ratio;
                }
            }
            if teaches_junior(p.level) {
                n[9] = self.g7_intake(s, prev);
                n[10] = prev[s][9] * p.ratio;
                n[11] = prev[s][10] * p.ratio;
            }
        }
        for row in next.iter_mut() {
            for (i, x) in row.iter_mut().enumerate() {
                let sd = if i == 0 || i == 3 {
                    ENTRY_NOISE
                } else {
                    PROGRESSION_NOISE
                };
                *x = self.draw(*x, sd, rng);
            }
        }
        next
    }

    fn run(&self, mut rng: Option<&mut Rng>) -> Vec<Vec<[f64; 12]>> {
        let mut years = vec![self.initial(FIRST_YEAR, &mut rng)];
        for y in FIRST_YEAR + 1..=BASE_YEAR {
            let next = self.step(y, years.last().expect("one year"), &mut rng);
            years.push(next);
        }
        years
    }
}

/// Run the cohort process so that the base year holds exactly `students` students.
pub fn simulate(plans: &[SchoolPlan], students: usize, rng: &mut Rng) -> Cohorts {
    let unit = |y: i32| BIRTHS_2010 * birth_curve(y);
    let expected: f64 = Process {
        plans,
        births: &unit,
    }
    .run(None)
    .last()
    .expect("years")
    .iter()
    .flat_map(|r| r.iter())
    .sum();
    let scale = if expected > 0.0 {
        students as f64 / expected
    } else {
        0.0
    };
    let births_of = |y: i32| (BIRTHS_2010 * scale * birth_curve(y)).round();
    let years = Process {
        plans,
        births: &births_of,
    }
    .run(Some(rng));
    let mut history: History = (0..plans.len())
        .map(|s| {
            years
                .iter()
                .map(|y| y[s].map(|x| x as u32))
                .collect::<Vec<_>>()
        })
        .collect();
    hit_target(&mut history, students, rng);
    let births = (FIRST_BIRTH_YEAR..=BASE_YEAR)
        .map(|y| (y, births_of(y) as u32))
        .collect();
    Cohorts { births, history }
}

/// Nudge the base year by single students, in proportion to cell size, until it totals `target`.
fn hit_target(history: &mut History, target: usize, rng: &mut Rng) {
    let last = YEARS - 1;
    let total: i64 = history
        .iter()
        .map(|h| h[last].iter().sum::<u32>() as i64)
        .sum();
    let mut diff = target as i64 - total;
    let cells: Vec<(usize, usize)> = (0..history.len())
        .flat_map(|s| (0..12).map(move |g| (s, g)))
        .filter(|&(s, g)| history[s][last][g] > 0)
        .collect();
    if cells.is_empty() {
        return;
    }
    let weights: Vec<f64> = cells
        .iter()
        .map(|&(s, g)| history[s][last][g] as f64)
        .collect();
    let cum = super::rng::cumulative(&weights);
    while diff != 0 {
        let (s, g) = cells[rng.pick_cumulative(&cum)];
        let c = &mut history[s][last][g];
        if diff > 0 {
            *c += 1;
            diff -= 1;
        } else if *c > 1 {
            *c -= 1;
            diff += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::region::Region;
    use crate::sample::schools::template_schools;
    use crate::sample::villages::place_villages;

    fn run(n: usize) -> Cohorts {
        let region = Region::linxi();
        let vs = place_villages(&region, &mut Rng::new(1));
        let plans = template_schools(&region, &vs);
        simulate(&plans, n, &mut Rng::new(9))
    }

    #[test]
    fn births_fall_and_total_is_hit() {
        let c = run(20_000);
        assert!(c.births.windows(2).all(|w| w[1].1 < w[0].1));
        assert_eq!(c.births.first().unwrap().0, FIRST_BIRTH_YEAR);
        assert_eq!(c.births.last().unwrap().0, BASE_YEAR);
        let total: u32 = c
            .history
            .iter()
            .map(|h| h[YEARS - 1].iter().sum::<u32>())
            .sum();
        assert_eq!(total, 20_000);
    }

    #[test]
    fn county_cohorts_progress_near_one() {
        let c = run(20_000);
        // Grade g in year y+1 over grade g-1 in year y, county-wide, within primary and junior.
        for y in 0..YEARS - 1 {
            for g in [4usize, 5, 6, 7, 8, 10, 11] {
                let a: u32 = c.history.iter().map(|h| h[y][g - 1]).sum();
                let b: u32 = c.history.iter().map(|h| h[y + 1][g]).sum();
                let r = b as f64 / a as f64;
                assert!((0.93..1.05).contains(&r), "year {y} grade {g}: ratio {r}");
            }
        }
    }
}
