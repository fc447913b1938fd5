//! The enrollment of a forecast school year, for assessing the indicators in that year.
//!
//! Why in the library: "which pupils does a school have in year Y" is a planning question (the
//! command line, the report and tests must get one answer): the forecast's students for the
//! schools it covers, today's enrollment for the others.

use super::Enrollment;
use crate::forecast::{Forecast, Scenario, MAX_HORIZON};
use crate::model::HistoryRow;

/// A year the forecast does not reach.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{year}: not a forecast year; the forecast runs from {first} to {last} (it starts after the base year {base_year})")]
pub struct NotForecastYear {
    pub year: i32,
    pub base_year: i32,
    /// The first and last years any forecast from this base year can reach.
    pub first: i32,
    pub last: i32,
}

/// The horizon a forecast needs to reach `year` from the last history year: at least `horizon`.
pub fn horizon_to_reach(history: &[HistoryRow], year: i32, horizon: u32) -> u32 {
    let last_history = history.iter().map(|h| h.year).max().unwrap_or(year);
    if year > last_history {
        horizon.max((year - last_history) as u32)
    } else {
        horizon
    }
}

/// `today` with the schools of `forecast` replaced by their forecast students of `year` under
/// `scenario`; schools the forecast does not cover keep today's enrollment.
pub fn forecast_year_enrollment(
    today: Enrollment,
    forecast: &Forecast,
    scenario: Scenario,
    year: i32,
) -> Result<Enrollment, NotForecastYear> {
    if !forecast.years.contains(&year) {
        return Err(NotForecastYear {
            year,
            base_year: forecast.base_year,
            first: forecast.base_year + 1,
            last: forecast.base_year + MAX_HORIZON as i32,
        });
    }
    let mut e = today;
    let f = Enrollment::from_forecast(&forecast.schools, scenario, year);
    e.grades.extend(f.grades);
    Ok(e)
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
        assert_eq!(horizon_to_reach(&h, 2034, 6), 10);
        assert_eq!(horizon_to_reach(&h, 2026, 6), 6);
        assert_eq!(horizon_to_reach(&h, 2010, 6), 6);
        assert_eq!(horizon_to_reach(&[], 2030, 3), 3);
    }
}
