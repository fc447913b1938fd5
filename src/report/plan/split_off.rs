//! The one split-off assumption (`kindergarten_split_off`) in the report: stated once near the
//! top, and in each section that uses it (zones, forecast, siting, indicators), how it did.
//!
//! Why its own file: the assumption changes four sections' numbers (issue 12 §1). A reader must
//! see it before the first of them and, in each, what it meant there; the sentences are built
//! here from the same resolved standard every engine used, so they cannot disagree with them.

use super::PlanResults;
use crate::model::{rooms_for, Grade, Level, Stage};
use crate::report::doc::{Block, Section, Tone};
use crate::report::i18n::msg;
use crate::report::{Lang, ReportInput};

/// Put the assumption at the head of the data section and one line in each section using it.
pub fn state(secs: &mut [Section], input: &ReportInput, r: &PlanResults, lang: Lang) {
    let yes = input.standards.kindergarten_split_off;
    let tail = if yes { "yes" } else { "no" };
    let attached: Vec<_> = input
        .schools
        .iter()
        .filter(|s| s.level != Level::Kindergarten && s.kg_classes > 0)
        .collect();
    let rooms: u32 = attached
        .iter()
        .map(|s| rooms_for(s, Stage::Kindergarten))
        .sum();
    let (n, rooms) = (attached.len().to_string(), rooms.to_string());
    let (children, year) = forecast_children(input, r);
    let sources = conversion_sources(r, lang);
    for s in secs.iter_mut() {
        let (key, args): (String, Vec<&str>) = match s.id {
            "data" => (format!("split_top_{tail}"), vec![&n, &rooms]),
            "zones" => (format!("split_zones_{tail}"), vec![&n, &rooms]),
            "forecast" => (format!("split_forecast_{tail}"), vec![&children, &year]),
            "sites" => (format!("split_sites_{tail}"), vec![&sources]),
            "indicators" => (format!("split_indicators_{tail}"), vec![&rooms]),
            _ => continue,
        };
        let block = if s.id == "data" {
            Block::Callout(Tone::Note, msg(lang, &key, &args))
        } else {
            Block::Para(msg(lang, &key, &args))
        };
        s.blocks.insert(0, block);
    }
}

/// Kindergarten children the forecast puts in primary schools' attached classes in its last year
/// (mid scenario), and that year.
fn forecast_children(input: &ReportInput, r: &PlanResults) -> (String, String) {
    let Some(f) = &r.forecast else {
        return ("0".into(), "-".into());
    };
    let last = f.years.last().copied().unwrap_or(f.base_year);
    let attached = |id: &str| {
        input
            .schools
            .iter()
            .any(|s| s.id == id && s.level != Level::Kindergarten)
    };
    let children: u32 = f
        .schools
        .iter()
        .filter(|s| attached(&s.school_id))
        .filter_map(|s| {
            s.paths
                .iter()
                .find(|p| p.scenario == crate::forecast::Scenario::Mid)
        })
        .flat_map(|p| p.years.iter().filter(|y| y.year == last))
        .map(|y| {
            [Grade::K1, Grade::K2, Grade::K3]
                .iter()
                .map(|g| y.students.get(*g))
                .sum::<u32>()
        })
        .sum();
    (
        crate::report::html::format_number(children as f64, 0),
        last.to_string(),
    )
}

/// Where the kindergarten plan's freed rooms came from: "primary re-zoning: 7 buildings".
fn conversion_sources(r: &PlanResults, lang: Lang) -> String {
    use crate::siting::site::conversion::RoomsFrom;
    let Some(kg) = r.sites.iter().find(|p| p.stage == Stage::Kindergarten) else {
        return lang.pick("无幼儿园布局", "no kindergarten plan").into();
    };
    let count = |from: RoomsFrom| {
        kg.remedies
            .convertible
            .iter()
            .filter(|c| c.rooms_from == from)
            .count()
    };
    let (rezoned, own) = (
        count(RoomsFrom::PrimaryRezoning),
        count(RoomsFrom::OwnForecast),
    );
    msg(
        lang,
        "split_rooms_from",
        &[&rezoned.to_string(), &own.to_string()],
    )
}
