//! Section 5 of the report: new schools and kindergartens, with the trade-off table and each
//! proposed site's village, size, land, cost and open-by year, from the typed siting plan.

use super::headline::stage_name as stage;
use super::sections::{metres, percent};
use super::summary::{find, summary, Cols};
use super::PlanResults;
use crate::report::doc::{Block, Section, Tone};
use crate::report::html::format_number;
use crate::report::i18n::msg;
use crate::report::{Lang, Table};

/// Where each new school is, how big, what it costs and by when; the interim shortage and the
/// total cost (siting fields of the typed plan).
/// The trade-off rows (0, 1, 2, … new schools) and why the recommended one, from the typed plan.
fn push_tradeoff(s: &mut Section, p: &crate::siting::site::SitePlan, lang: Lang) {
    let rows = &p.tradeoff.rows;
    let dash = msg(lang, "dash", &[]);
    let items = rows
        .iter()
        .map(|r| {
            let short = r.worst_year.map_or("0".to_string(), |y| {
                format!("{} ({y})", format_number(r.seats_short_max as f64, 0))
            });
            let sites = if r.site_ids.is_empty() {
                dash.clone()
            } else {
                r.site_ids.join(lang.pick("、", ", "))
            };
            let best = if r.recommended {
                msg(lang, "sites_tradeoff_best", &[])
            } else {
                String::new()
            };
            msg(
                lang,
                "sites_tradeoff_row",
                &[
                    &r.new_schools.to_string(),
                    &sites,
                    &short,
                    &percent(r.within_radius_share),
                    &metres(r.mean_distance_m, lang),
                    &metres(r.p95_distance_m, lang),
                    &format_number(r.cost_yuan, 0),
                    &best,
                ],
            )
        })
        .collect();
    s.push(Block::List(items));
    let best = rows.iter().position(|r| r.recommended);
    if let Some(k) = best.filter(|k| *k > 0) {
        let fewer = &rows[k - 1];
        s.push(Block::Para(msg(
            lang,
            "sites_tradeoff_reason",
            &[
                &k.to_string(),
                &fewer.worst_year.map_or(dash.clone(), |y| y.to_string()),
                &format_number(fewer.seats_short_max as f64, 0),
            ],
        )));
    }
}

fn push_site_details(s: &mut Section, p: &crate::siting::site::SitePlan, lang: Lang) {
    let unnamed = msg(lang, "dash", &[]);
    let items = p
        .new_schools
        .iter()
        .map(|ns| {
            msg(
                lang,
                "sites_place",
                &[
                    &ns.site_id,
                    ns.place.township.as_deref().unwrap_or(&unnamed),
                    ns.place.village.as_deref().unwrap_or(&unnamed),
                    &format!("{:.6}", ns.lonlat[0]),
                    &format!("{:.6}", ns.lonlat[1]),
                    &ns.classes.to_string(),
                    &format_number(ns.seats as f64, 0),
                    &format_number(ns.land_area_m2, 0),
                    &format_number(ns.floor_area_m2, 0),
                    &format_number(ns.cost_yuan, 0),
                    &ns.open_year
                        .map_or_else(|| unnamed.clone(), |y| y.to_string()),
                ],
            )
        })
        .collect();
    s.push(Block::List(items));
    if let Some(first) = p.interim.first() {
        let by: Vec<String> = p
            .interim
            .iter()
            .map(|i| format!("{} {}", i.year, i.seats_short))
            .collect();
        s.push(Block::Callout(
            Tone::Warning,
            msg(
                lang,
                "sites_interim",
                &[&first.year.to_string(), &by.join(", ")],
            ),
        ));
    }
    push_tradeoff(s, p, lang);
    s.push(Block::Para(msg(
        lang,
        "sites_total_cost",
        &[
            &format_number(p.total_cost_yuan, 0),
            &p.build.lead_time_new_years.to_string(),
            &p.first_build_year.to_string(),
        ],
    )));
}

/// Section 5: per stage, the proposal and one sentence per new school built from its fields.
pub fn sites(r: &PlanResults, tables: &[Table], lang: Lang) -> Section {
    let mut s = Section::new("sites", msg(lang, "sec_sites", &[]));
    s.push(Block::Para(msg(lang, "sites_lead", &[])));
    for p in &r.sites {
        let name = stage(p.stage, lang);
        super::remedies_section::push_ladder(&mut s, p, lang);
        if p.new_schools.is_empty() && p.feasible {
            s.push(Block::Callout(
                Tone::Good,
                msg(lang, "sites_none", &[&name]),
            ));
            continue;
        }
        let status = msg(
            lang,
            if p.feasible { "feasible" } else { "infeasible" },
            &[],
        );
        let tone = if p.feasible {
            Tone::Note
        } else {
            Tone::Warning
        };
        let n = p.new_schools.len().to_string();
        let lb = p.lower_bound_new.to_string();
        s.push(Block::Heading(msg(
            lang,
            "sites_stage",
            &[&name, &n, &lb, &status],
        )));
        if !p.feasible {
            s.push(Block::Callout(tone, status.clone()));
        }
        let items = p
            .new_schools
            .iter()
            .map(|ns| {
                msg(
                    lang,
                    "sites_justify",
                    &[
                        &ns.site_id,
                        &ns.classes.to_string(),
                        &format_number(ns.seats as f64, 0),
                        &ns.open_year
                            .map_or_else(|| msg(lang, "dash", &[]), |y| y.to_string()),
                        &metres(ns.mean_distance_before_m, lang),
                        &metres(ns.mean_distance_after_m, lang),
                        &percent(ns.within_radius_before),
                        &percent(ns.within_radius_after),
                        &ns.relieves.len().to_string(),
                    ],
                )
            })
            .collect();
        s.push(Block::List(items));
        push_site_details(&mut s, p, lang);
        if !p.expansions.is_empty() {
            let rooms: u32 = p.expansions.iter().map(|e| e.rooms_added).sum();
            let mut ids: Vec<&str> = p.expansions.iter().map(|e| e.school_id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            s.push(Block::Para(msg(
                lang,
                "sites_expand",
                &[&rooms.to_string(), &ids.len().to_string()],
            )));
        }
        if let Some(t) = find(tables, "sites") {
            let mut mine = t.clone();
            mine.rows.retain(|row| row[0].text() == p.stage.as_str());
            let cols: Cols = &[
                ("site_id", None),
                ("classes", Some("classes")),
                ("seats", Some("seats")),
                ("open_year", None),
                ("mean_distance_before_m", Some("m")),
                ("mean_distance_after_m", Some("m")),
                ("within_radius_before", Some("pct")),
                ("within_radius_after", Some("pct")),
            ];
            let mut sum = summary(&mine, msg(lang, "cap_sites", &[&name]), cols, 40, lang);
            sum.full = Some(crate::report::doc::full_table_note(
                "sites",
                t.rows.len(),
                t.rows.len(),
                lang,
            ));
            s.push(Block::Table(sum));
        }
    }
    s
}
