//! Enrollment forecasting by school and grade: modified cohort survival, births to entry grades,
//! pupils from new housing, low/mid/high scenarios, class implications and a backtest that reports
//! the model's own accuracy.
//!
//! The annual forecast decides where seats run short, and in which year; a forecaster that does not
//! say how wrong it usually is cannot be planned on. Hence the backtest beside every forecast.
//!
//! # Method
//! 1. **Grade progression ratios** ([`progression`]): per school and transition g → g+1,
//!    `N(g+1, y) / N(g, y−1)` over the years where both grades have rows, averaged over a window
//!    (ratio of sums or mean of ratios), then shrunk toward the county ratio with weight `n / (n + k)`
//!    (`n` pupils at risk, `k` = `forecast.shrinkage`, 20).
//! 2. **Entry grades** ([`entry`]): grade 1 = entry ratio × births six years earlier (blended across
//!    the age cut-off `entry_cutoff`), K1 = the same three years younger; births per planning unit
//!    where given (units attached to schools by zone, else nearest school), county births otherwise.
//!    Without births, a school's lowest grade follows its own recent intake and grade 1 follows its
//!    K3 where it has one. Grade 7 = ratio × Σ share × grade 6 of the feeder schools the year
//!    before ([`feeder`]).
//! 3. **Shapes** ([`structure`]): the grades each school will have — a school adding a grade a year
//!    keeps growing, one that stopped its intake has no entry grade, grades it never had stay 0.
//! 4. **Models** ([`models`], [`selection`]): cohort survival with windows of 2, 3, 5 years, as
//!    ratio of sums or mean of ratios, undamped or damped toward 1 or the county ratio as the
//!    horizon grows, with entry from the window or from last year's intake; the textbook 3-year
//!    cohort survival; persistence; and a blend of the best three. The model is chosen, separately
//!    for stable and for changing schools, by rolling-origin backtest on the project's own history
//!    up to the base year (`forecast.model` or `--model` forces one), and calibrated by the
//!    backtest's ratio of totals where that lowered the out-of-sample error.
//! 5. **Housing** ([`housing`]): homes × `students_per_100_homes` by stage, from the completion
//!    year, at the school whose zone holds the project (else the nearest).
//! 6. **Band**: low and high = mid × the P10 and P90 of actual ÷ forecast in the chosen model's
//!    backtest, per horizon (schools by segment, and the county total); its out-of-sample coverage
//!    is reported. With a history too short to backtest, the spread of the county's yearly ratios
//!    ([`scenarios`]) stands in.
//! 7. **Classes** ([`classes`]): classes needed per grade at the caps, the first year classes no
//!    longer fit the classrooms or the school passes its size cap, and large (≥ 56) / very large
//!    (≥ 66) classes if no classroom is added, via [`crate::capacity::LoadCheck`].
//! 8. **Backtest** ([`backtest`]): from every base year with enough history, forecast up to 5 years
//!    and compare with what happened: MAPE and mean signed error by horizon, at county, school and
//!    school × grade level, beside persistence and textbook cohort survival.
//! 9. **History problems**: missing years are skipped (never read as zeros); schools without history
//!    start from their current enrollment, if any, with county ratios; schools whose history stopped
//!    more than `forecast.max_gap_years` before the base year are closed; kindergarten rows at a
//!    primary, nine-year or twelve-year school are its attached kindergarten classes; zero
//!    denominators are skipped, so no NaN. Unknown schools, grades a school does not teach, years
//!    out of range and duplicate rows are errors naming file and line.

pub mod attach;
pub mod backtest;
mod band;
pub mod classes;
pub mod entry;
mod error;
pub mod estimate;
pub mod feeder;
pub mod history;
pub mod housing;
pub mod models;
mod options;
pub mod output;
pub mod progression;
pub mod projection;
mod result;
pub mod scenarios;
pub mod selection;
pub mod series;
pub mod structure;
#[cfg(test)]
pub(crate) mod testkit;
pub mod year;

pub use attach::ServingSchools;
pub use backtest::{backtest, Backtest, BacktestRow};
pub use entry::BirthMode;
pub use error::ForecastError;
pub use feeder::FeederPattern;
pub use options::{check_horizon, FeederMethod, ForecastOptions, MAX_HORIZON};
pub use result::*;
pub use scenarios::Scenario;
pub use selection::{BandRow, BlendPart, ModelScore, Selection};
pub use series::{chart_series, ChartSeries};

use crate::model::{BirthRow, Grade, HistoryRow, HousingProject, Project, School, Unit};
use crate::standards::Standards;
use entry::{EntryDenoms, EntryInputs};
use estimate::{Context, Fitted};
use feeder::Feeders;
use history::HistoryTable;
use housing::{HousingInputs, HousingYield};
use models::{Model, ModelSpec};
use projection::{Projected, Run};
use structure::Shape;

/// Everything the forecaster reads.
#[derive(Debug, Clone)]
pub struct ForecastInput<'a> {
    pub schools: &'a [School],
    pub history: &'a [HistoryRow],
    pub births: &'a [BirthRow],
    pub housing: &'a [HousingProject],
    /// Planning units, to attach births by unit to schools (may be empty).
    pub units: &'a [Unit],
    pub standards: &'a Standards,
    pub options: ForecastOptions,
    /// The feeder pattern from the zones; None = learn it (or nearest, per options).
    pub feeders: Option<&'a FeederPattern>,
    /// Housing id → school ids (from the zones); None = nearest school of each stage.
    pub housing_schools: Option<&'a ServingSchools>,
    /// Unit id → school ids (from the zones); None = nearest school of each stage.
    pub unit_schools: Option<&'a ServingSchools>,
}

impl<'a> ForecastInput<'a> {
    /// The inputs of a loaded project, with the options resolved for this run
    /// (`catchment::options`: its `catchment.toml` and the command line).
    pub fn from_project(p: &'a Project, options: ForecastOptions) -> Self {
        ForecastInput {
            schools: &p.schools,
            history: &p.history,
            births: &p.births,
            housing: &p.housing,
            units: &p.units,
            standards: &p.settings.standards,
            options,
            feeders: None,
            housing_schools: None,
            unit_schools: None,
        }
    }
}

/// The fitted model and its projection from one base year.
pub(crate) struct Core {
    pub fitted: Fitted,
    pub projected: Projected,
    pub status: Vec<SchoolStatus>,
    pub housing: HousingYield,
    pub feeders: Feeders,
    pub mode: BirthMode,
    pub taught: Vec<[bool; 12]>,
}

/// Status of each school at `base`, from the years up to `base` only: a school whose first year
/// comes later is new at `base` (not closed), as it would be with the later years unknown.
fn statuses(hist: &HistoryTable, base: i32, max_gap: i32) -> Vec<SchoolStatus> {
    (0..hist.schools())
        .map(|s| match hist.last_observed(s, base) {
            None => SchoolStatus::New,
            Some(y) if y >= base - max_gap => SchoolStatus::Observed,
            Some(_) => SchoolStatus::Closed,
        })
        .collect()
}

/// What every model fitted at one base year shares: statuses, entry denominators, feeders,
/// housing and the schools' shapes.
pub(crate) struct Prepared {
    pub base: i32,
    pub horizon: usize,
    pub status: Vec<SchoolStatus>,
    pub entry: EntryDenoms,
    pub feeders: Feeders,
    pub housing: HousingYield,
    pub shapes: Vec<Shape>,
}

/// Prepare a fit on data up to `base` (births up to `known_until`) projected `horizon` years.
pub(crate) fn prepare(
    input: &ForecastInput,
    hist: &HistoryTable,
    base: i32,
    horizon: usize,
    known_until: i32,
) -> Result<Prepared, ForecastError> {
    let opts = &input.options;
    let status = statuses(hist, base, opts.max_gap_years);
    let entry = EntryDenoms::build(
        &EntryInputs {
            births: input.births,
            units: input.units,
            unit_schools: input.unit_schools,
            schools: input.schools,
            standards: input.standards,
            known_until,
        },
        (hist.first_year, base + horizon as i32),
    )?;
    let feeders = match input.feeders {
        Some(p) => Feeders::explicit(p, input.schools)?,
        None => match opts.feeder {
            FeederMethod::Learn => feeder::learn(input.schools, hist, base, opts.feeder_prior),
            FeederMethod::Nearest => feeder::nearest(input.schools),
        },
    };
    let closed: Vec<bool> = status.iter().map(|s| *s == SchoolStatus::Closed).collect();
    let housing = housing::yields(&HousingInputs {
        housing: input.housing,
        schools: input.schools,
        mapping: input.housing_schools,
        standards: input.standards,
        base,
        horizon,
        ramp_years: opts.housing_ramp_years,
        closed: &closed,
    });
    let births = entry.mode != BirthMode::Persistence;
    let shapes = structure::shapes(hist, input.schools, base, births);
    Ok(Prepared {
        base,
        horizon,
        status,
        entry,
        feeders,
        housing,
        shapes,
    })
}

impl Prepared {
    /// The context the estimators and the projection read.
    pub fn context<'a>(&'a self, input: &ForecastInput<'a>, hist: &'a HistoryTable) -> Context<'a> {
        Context {
            schools: input.schools,
            shapes: &self.shapes,
            hist,
            entry: &self.entry,
            feeders: &self.feeders,
        }
    }

    /// Fit one spec and project it for `scenarios`.
    pub fn run_spec(
        &self,
        ctx: &Context,
        opts: &ForecastOptions,
        spec: &ModelSpec,
        scenarios: &[usize],
    ) -> (Fitted, Projected) {
        let fitted = estimate::fit(ctx, self.base, opts, spec);
        let projected = self.project(ctx, opts, &fitted, spec, scenarios);
        (fitted, projected)
    }

    /// Project fitted ratios under a spec.
    pub fn project(
        &self,
        ctx: &Context,
        opts: &ForecastOptions,
        fitted: &Fitted,
        spec: &ModelSpec,
        scenarios: &[usize],
    ) -> Projected {
        projection::project(
            ctx,
            fitted,
            &Run {
                base: self.base,
                horizon: self.horizon,
                max_gap_years: opts.max_gap_years,
                status: &self.status,
                housing: &self.housing,
                scenarios,
                spec,
            },
        )
    }
}

/// Fit `model` on data up to `base` (births up to `known_until`) and project `horizon` years. A
/// blend is the weighted sum of its parts' projections (weights by segment); the ratios shown
/// are its first part's.
pub(crate) fn run_core(
    input: &ForecastInput,
    hist: &HistoryTable,
    at: (i32, usize, i32),
    scenarios: &[usize],
    model: &Model,
) -> Result<Core, ForecastError> {
    let (base, horizon, known_until) = at;
    let prep = prepare(input, hist, base, horizon, known_until)?;
    let ctx = prep.context(input, hist);
    let mut result: Option<(Fitted, Projected)> = None;
    let seg: Vec<usize> = prep.shapes.iter().map(Shape::segment).collect();
    let obs = estimate::observe(&ctx, base);
    for (spec, w) in &model.parts {
        let fitted = estimate::fit_observed(&ctx, &obs, &input.options, spec);
        let projected = prep.project(&ctx, &input.options, &fitted, spec, scenarios);
        let weight = |s: usize| w[seg[s]];
        result = Some(match result {
            None => (fitted, projected.weighted(weight)),
            Some((f, mut acc)) => {
                acc.add_weighted(&projected, weight);
                (f, acc)
            }
        });
    }
    let (fitted, projected) = result
        .unwrap_or_else(|| prep.run_spec(&ctx, &input.options, &models::textbook(), scenarios));
    Ok(Core {
        fitted,
        projected,
        mode: prep.entry.mode,
        taught: hist.taught.clone(),
        status: prep.status,
        housing: prep.housing,
        feeders: prep.feeders,
    })
}

/// Everything [`forecast`] and [`backtest`] would stop on, without projecting: the options, the
/// history table, the base year, the model name, the births (years, units, cut-off date) and an
/// explicit feeder pattern. `check` and the plan's check step run it, so the forecast never fails
/// after the slow steps have started.
pub fn check_inputs(input: &ForecastInput) -> Result<(), ForecastError> {
    input.options.validate()?;
    if let Some(name) = input.options.model.as_deref() {
        models::check_name(name)?;
    }
    let hist = HistoryTable::build(input.history, input.schools)?;
    let base = input.options.base_year.unwrap_or(hist.last_year);
    if base < hist.first_year || base > hist.last_year {
        return Err(ForecastError::BadBaseYear {
            value: base,
            first: hist.first_year,
            last: hist.last_year,
        });
    }
    prepare(input, &hist, base, input.options.horizon as usize, i32::MAX).map(|_| ())
}

/// Forecast every school from the base year (default: the last history year) over the horizon.
pub fn forecast(input: &ForecastInput) -> Result<Forecast, ForecastError> {
    input.options.validate()?;
    let mut hist = HistoryTable::build(input.history, input.schools)?;
    let base = input.options.base_year.unwrap_or(hist.last_year);
    if base < hist.first_year || base > hist.last_year {
        return Err(ForecastError::BadBaseYear {
            value: base,
            first: hist.first_year,
            last: hist.last_year,
        });
    }
    hist.add_current_enrollment(input.schools, base);
    let horizon = input.options.horizon as usize;
    let (model, chosen) = selection::choose(input, &hist, base, input.options.model.as_deref())?;
    let banded = !chosen.band.is_empty();
    let scenarios: &[usize] = if banded { &[1] } else { &[0, 1, 2] };
    let mut core = run_core(input, &hist, (base, horizon, i32::MAX), scenarios, &model)?;
    let seg: Vec<usize> = structure::shapes(
        &hist,
        input.schools,
        base,
        core.mode != BirthMode::Persistence,
    )
    .iter()
    .map(Shape::segment)
    .collect();
    core.projected
        .scale_mid(|s, t| chosen.calibration(t + 1, seg[s]));
    if banded {
        core.projected
            .apply_band(|s, t| chosen.factors(t + 1, Some(seg[s])).unwrap_or([1.0; 2]));
    }
    let mut f = output::assemble(input, &hist, base, &core);
    if banded {
        for (t, c) in f.county.iter_mut().enumerate() {
            let [lo, hi] = chosen.factors(t + 1, None).unwrap_or([1.0; 2]);
            c.students[0] = (c.students[1] as f64 * lo).round() as u32;
            c.students[2] = (c.students[1] as f64 * hi).round() as u32;
        }
    } else {
        f.notes.push(
            "history too short to backtest: the band is the spread of the county's yearly ratios"
                .into(),
        );
    }
    f.selection = chosen;
    Ok(f)
}

/// The index of each grade, for output.
pub(crate) fn grades_of(taught: &[bool; 12]) -> Vec<Grade> {
    Grade::ALL
        .iter()
        .copied()
        .filter(|g| taught[g.index()])
        .collect()
}
