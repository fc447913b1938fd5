//! Plain series for charts (the county total and each school over the years, against capacity), so
//! the map module can draw them without knowing the forecast's internals.

use super::result::Forecast;
use serde::Serialize;

/// One chart: observed pupils, then low/mid/high forecasts, against capacity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartSeries {
    /// `county` or the school id.
    pub id: String,
    pub name: String,
    /// Observed years and pupils, up to the base year.
    pub history_years: Vec<i32>,
    pub history_students: Vec<u32>,
    /// Forecast years.
    pub years: Vec<i32>,
    /// Pupils per forecast year: low, mid, high.
    pub students: [Vec<u32>; 3],
    /// Seats in the current classrooms: rooms × the class cap of each grade they would hold,
    /// at one room per grade in turn (an estimate for the chart's capacity line).
    pub seat_capacity: u32,
    /// School size cap (summed over schools for the county).
    pub size_cap: u32,
    pub classrooms: u32,
}

/// The county chart first, then one per school in id order.
pub fn chart_series(f: &Forecast, standards: &crate::standards::Standards) -> Vec<ChartSeries> {
    let mut out = Vec::with_capacity(f.schools.len() + 1);
    let mut county = ChartSeries {
        id: "county".into(),
        name: "county".into(),
        history_years: f.county_history.iter().map(|h| h.0).collect(),
        history_students: f.county_history.iter().map(|h| h.1).collect(),
        years: f.years.clone(),
        students: std::array::from_fn(|sc| f.county.iter().map(|c| c.students[sc]).collect()),
        seat_capacity: 0,
        size_cap: 0,
        classrooms: 0,
    };
    for s in &f.schools {
        let caps: Vec<u32> = s.grades.iter().map(|g| standards.class_cap(*g)).collect();
        let seats: u32 = if caps.is_empty() {
            0
        } else {
            (0..s.classrooms as usize)
                .map(|i| caps[i % caps.len()])
                .sum()
        };
        let one = ChartSeries {
            id: s.school_id.clone(),
            name: s.name.clone(),
            history_years: s.history.iter().map(|h| h.0).collect(),
            history_students: s.history.iter().map(|h| h.1).collect(),
            years: f.years.clone(),
            students: std::array::from_fn(|sc| s.paths[sc].years.iter().map(|y| y.total).collect()),
            seat_capacity: seats,
            size_cap: s.size_cap,
            classrooms: s.classrooms,
        };
        county.seat_capacity += one.seat_capacity;
        county.size_cap += one.size_cap;
        county.classrooms += one.classrooms;
        out.push(one);
    }
    out.insert(0, county);
    out
}
