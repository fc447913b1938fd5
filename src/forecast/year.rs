//! One forecast school year: the horizon that reaches it and each school's pupils in it.
//!
//! Why one module: "which pupils will the schools have in year Y" is asked by `indicators --year`,
//! `zones --year` and the report, and used to be answered twice (with two horizon rules, so the same
//! year could get two forecasts). Here the horizon is the configured one, lengthened to reach Y if
//! needed, so year Y's figures are those `catchment forecast` prints for Y.

use super::{Forecast, ForecastOptions, Scenario, SchoolForecast, MAX_HORIZON};
use crate::model::{GradeCounts, HistoryRow};
use std::collections::BTreeMap;

/// A year no forecast from this base year reaches.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{year}: not a forecast year; the forecast runs from {first} to {last} (it starts after the base year {base_year})")]
pub struct NotForecastYear {
    pub year: i32,
    pub base_year: i32,
    /// The first and last years any forecast from this base year can reach.
    pub first: i32,
    pub last: i32,
}

impl NotForecastYear {
    fn new(year: i32, base_year: i32) -> Self {
        NotForecastYear {
            year,
            base_year,
            first: base_year + 1,
            last: base_year + MAX_HORIZON as i32,
        }
    }
}

/// `options` with the horizon lengthened (never shortened) to reach `year` from the base year (the
/// option's, else the last history year). With no history and no base year it is left as it is
/// (the forecast itself then reports the missing history).
pub fn reaching(
    options: &ForecastOptions,
    history: &[HistoryRow],
    year: i32,
) -> Result<ForecastOptions, NotForecastYear> {
    let mut o = options.clone();
    let Some(base) = options
        .base_year
        .or_else(|| history.iter().map(|h| h.year).max())
    else {
        return Ok(o);
    };
    if year <= base || year > base + MAX_HORIZON as i32 {
        return Err(NotForecastYear::new(year, base));
    }
    o.horizon = o.horizon.max((year - base) as u32);
    Ok(o)
}

/// Each school's pupils by grade in `year` under `scenario`; schools the forecast gives no figure
/// for that year are left out.
pub fn students_in(
    forecast: &Forecast,
    scenario: Scenario,
    year: i32,
) -> Result<BTreeMap<String, GradeCounts>, NotForecastYear> {
    if !forecast.years.contains(&year) {
        return Err(NotForecastYear::new(year, forecast.base_year));
    }
    Ok(schools_in(&forecast.schools, scenario, year))
}

/// [`students_in`] for a list of school forecasts, without the year check.
pub fn schools_in(
    schools: &[SchoolForecast],
    scenario: Scenario,
    year: i32,
) -> BTreeMap<String, GradeCounts> {
    schools
        .iter()
        .filter_map(|f| {
            let path = f.paths.iter().find(|p| p.scenario == scenario)?;
            let y = path.years.iter().find(|y| y.year == year)?;
            Some((f.school_id.clone(), y.students))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Grade, SourceRef};

    fn row(year: i32) -> HistoryRow {
        HistoryRow {
            school_id: "p1".into(),
            year,
            grade: Grade::ALL[3],
            enrolled: 10,
            source: SourceRef::new("history.csv", 2),
        }
    }

    #[test]
    fn horizon_reaches_the_year_and_never_shrinks() {
        let h = [row(2020), row(2024)];
        let o = ForecastOptions::default();
        assert_eq!(reaching(&o, &h, 2034).unwrap().horizon, 10);
        assert_eq!(reaching(&o, &h, 2026).unwrap().horizon, 6);
        assert_eq!(reaching(&o, &[], 2030).unwrap().horizon, 6);
    }

    #[test]
    fn years_outside_the_reach_of_the_base_year_are_refused() {
        let h = [row(2020), row(2024)];
        let o = ForecastOptions::default();
        let e = reaching(&o, &h, 2024).unwrap_err();
        assert_eq!((e.base_year, e.first, e.last), (2024, 2025, 2036));
        assert!(reaching(&o, &h, 2037).is_err());
        let o = ForecastOptions {
            base_year: Some(2020),
            ..ForecastOptions::default()
        };
        assert_eq!(reaching(&o, &h, 2030).unwrap().horizon, 10);
        assert_eq!(reaching(&o, &h, 2033).unwrap_err().last, 2032);
    }
}
