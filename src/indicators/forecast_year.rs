//! The enrollment of a forecast school year, for assessing the indicators in that year.
//!
//! Why in the library: "which pupils does a school have in year Y" is a planning question (the
//! command line, the report and tests must get one answer): the forecast's students for the
//! schools it covers ([`crate::forecast::year`], the one answer `zones --year` uses too), today's
//! enrollment for the others.

use super::Enrollment;
use crate::forecast::year::{students_in, NotForecastYear};
use crate::forecast::{Forecast, Scenario};

/// `today` with the schools of `forecast` replaced by their forecast students of `year` under
/// `scenario`; schools the forecast does not cover keep today's enrollment.
pub fn forecast_year_enrollment(
    today: Enrollment,
    forecast: &Forecast,
    scenario: Scenario,
    year: i32,
) -> Result<Enrollment, NotForecastYear> {
    let mut e = today;
    e.grades.extend(students_in(forecast, scenario, year)?);
    Ok(e)
}
