//! From a [`Forecast`] to a [`ForecastChart`]: observed pupils then the low/mid/high forecast, and
//! classes needed, against the seats and classrooms there are today, for the county or one school.

use super::types::{ForecastChart, ForecastSeries};
use crate::forecast::{chart_series, ChartSeries, Forecast};
use crate::standards::Standards;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// The chart for `school_id` (`None`: the county). `None` when that school is not in the forecast.
pub fn forecast_chart(
    f: &Forecast,
    standards: &Standards,
    school_id: Option<&str>,
    subject: &str,
) -> Option<ForecastChart> {
    let all = chart_series(f, standards);
    let series = match school_id {
        None => all.first()?,
        Some(id) => all.iter().skip(1).find(|s| s.id == id)?,
    };
    chart_of(f, series, school_id, subject)
}

/// The chart of one series of [`chart_series`] (`school_id` `None`: the county series).
fn chart_of(
    f: &Forecast,
    series: &ChartSeries,
    school_id: Option<&str>,
    subject: &str,
) -> Option<ForecastChart> {
    // Seats in today's classrooms, no more than the size cap.
    let seats = match series.size_cap {
        0 => series.seat_capacity,
        cap => series.seat_capacity.min(cap),
    } as f64;
    let mut years = series.history_years.clone();
    years.extend(&series.years);
    let hist: Vec<f64> = series.history_students.iter().map(|v| *v as f64).collect();
    let scenario = |k: usize| -> Vec<f64> {
        hist.iter()
            .copied()
            .chain(series.students[k].iter().map(|v| *v as f64))
            .collect()
    };
    let students = ForecastSeries {
        capacity: vec![seats; years.len()],
        low: scenario(0),
        mid: scenario(1),
        high: scenario(2),
        first_forecast_year: series.years.first().copied(),
        years,
    };
    let classes_k = |k: usize| -> Vec<f64> {
        match school_id {
            None => f
                .county
                .iter()
                .map(|c| c.classes_needed[k] as f64)
                .collect(),
            Some(id) => f
                .schools
                .iter()
                .find(|s| s.school_id == id)
                .and_then(|s| s.paths.get(k))
                .map(|p| p.years.iter().map(|y| y.classes_needed as f64).collect())
                .unwrap_or_default(),
        }
    };
    let classes = ForecastSeries {
        years: series.years.clone(),
        low: classes_k(0),
        mid: classes_k(1),
        high: classes_k(2),
        capacity: vec![series.classrooms as f64; series.years.len()],
        first_forecast_year: series.years.first().copied(),
    };
    // Years are strictly increasing only if history ends before the forecast starts.
    if students.years.windows(2).any(|w| w[1] <= w[0]) {
        return None;
    }
    Some(ForecastChart {
        subject: subject.to_string(),
        students,
        classes,
    })
}

/// Which schools get a chart of their own (the county always has one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChartSchools {
    /// Schools that run short of classrooms or over the size cap in the mid scenario: the ones a
    /// reader needs to look at.
    #[default]
    AtRisk,
    /// Every school.
    All,
    /// No school (the county chart only).
    None,
}

impl ChartSchools {
    /// `at-risk`, `all` or `none`.
    pub fn parse(s: &str) -> Option<ChartSchools> {
        match s {
            "at-risk" => Some(ChartSchools::AtRisk),
            "all" => Some(ChartSchools::All),
            "none" => Some(ChartSchools::None),
            _ => None,
        }
    }

    /// The ids of the schools of `f` that get a chart.
    pub fn select(self, f: &Forecast) -> BTreeSet<&str> {
        f.schools
            .iter()
            .filter(|s| match self {
                ChartSchools::All => true,
                ChartSchools::None => false,
                ChartSchools::AtRisk => {
                    let mid = &s.paths[1];
                    mid.first_short_year.is_some() || mid.first_over_cap_year.is_some()
                }
            })
            .map(|s| s.school_id.as_str())
            .collect()
    }
}

/// PNG charts of the county (`county.png`) and of every school (`<school_id>.png`): students per
/// year (observed, then low/mid/high) against capacity, and classes against classrooms. Schools
/// get a chart as `which` says.
pub fn forecast_chart_pngs(
    f: &Forecast,
    standards: &Standards,
    lang: super::Lang,
    size_px: (u32, u32),
    which: ChartSchools,
) -> Result<Vec<(String, Vec<u8>)>, super::MapError> {
    let all = chart_series(f, standards);
    let chosen = which.select(f);
    let county = lang.pick("全县", "County").to_string();
    let mut subjects: Vec<(Option<&str>, String, String, &ChartSeries)> = Vec::new();
    if let Some(c) = all.first() {
        subjects.push((None, county, "county.png".to_string(), c));
    }
    for s in f
        .schools
        .iter()
        .filter(|s| chosen.contains(s.school_id.as_str()))
    {
        if let Some(series) = all.iter().skip(1).find(|c| c.id == s.school_id) {
            subjects.push((
                Some(s.school_id.as_str()),
                s.name.clone(),
                format!("{}.png", s.school_id),
                series,
            ));
        }
    }
    // Charts are independent: draw them on every core, in the order of `subjects`.
    let drawn: Vec<Option<(String, Vec<u8>)>> = subjects
        .into_par_iter()
        .map(|(id, subject, file, series)| {
            let Some(chart) = chart_of(f, series, id, &subject) else {
                return Ok(None);
            };
            let title = match lang {
                super::Lang::Zh => format!("{subject}在校学生与班级数预测"),
                super::Lang::En => format!("{subject}: students and classes forecast"),
            };
            let frame = super::Frame {
                title,
                year: Some(f.base_year),
                lang,
                width_px: size_px.0,
                height_px: size_px.1,
                source_note: None,
            };
            let png = super::render_forecast(&chart, &frame, super::Format::Png)?;
            Ok(Some((file, png)))
        })
        .collect::<Result<_, super::MapError>>()?;
    Ok(drawn.into_iter().flatten().collect())
}
