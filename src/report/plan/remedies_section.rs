//! The remedies ladder in the report's siting section: each plan (re-zoning, converting freed
//! rooms, extending, building) with what it achieves and costs, the constraint that binds and
//! why the runner-up plans lose, in the report's language.
//!
//! Why apart from [`super::sites_section`]: that file lists the new schools; this one argues
//! that cheaper measures are not enough (or are), from the typed
//! [`crate::siting::site::remedies::Remedies`] of the plan.

use super::headline::stage_name as stage;
use crate::report::doc::{Block, Section};
use crate::report::html::format_number;
use crate::report::i18n::msg;
use crate::report::Lang;
use crate::siting::site::remedies::{places_cost, Rung};
use crate::siting::site::SitePlan;

/// The plan's name in `lang`: "re-zoning into idle rooms + converting freed primary rooms".
fn label(r: &Rung, lang: Lang) -> String {
    let mut s = msg(lang, "rung_rezoning", &[]);
    if r.set.conversion {
        s.push_str(&msg(lang, "rung_conversion", &[]));
    }
    if r.set.extensions {
        s.push_str(&msg(lang, "rung_extensions", &[]));
    }
    if r.set.new_schools {
        s.push_str(&msg(lang, "rung_new_schools", &[]));
    } else if r.new_schools > 0 {
        s.push_str(&msg(lang, "rung_access", &[&r.new_schools.to_string()]));
    }
    s
}

fn short(r: &Rung, lang: Lang) -> String {
    match r.worst {
        Some((year, n)) => msg(
            lang,
            "ladder_short",
            &[&format_number(n as f64, 0), &year.to_string()],
        ),
        None => msg(lang, "ladder_meets", &[]),
    }
}

/// Push the ladder, the binding constraint and the runner-up plans of `p` into `s`.
pub fn push_ladder(s: &mut Section, p: &SitePlan, lang: Lang) {
    let r = &p.remedies;
    if r.rungs.is_empty() {
        return;
    }
    s.push(Block::Para(msg(
        lang,
        "ladder_lead",
        &[&stage(p.stage, lang)],
    )));
    let rows = r
        .rungs
        .iter()
        .map(|g| {
            let chosen = if g.chosen {
                msg(lang, "ladder_chosen", &[])
            } else {
                String::new()
            };
            msg(
                lang,
                "ladder_row",
                &[
                    &label(g, lang),
                    &short(g, lang),
                    &g.rooms_converted.to_string(),
                    &g.extension_classrooms.to_string(),
                    &g.new_schools.to_string(),
                    &format_number(g.total_cost_yuan, 0),
                    &chosen,
                ],
            )
        })
        .collect();
    s.push(Block::List(rows));
    s.push(Block::Para(binding(p, lang)));
    let winner = r.rungs.iter().find(|g| g.chosen);
    let mut losers: Vec<String> = r
        .rungs
        .iter()
        .filter(|g| !g.chosen)
        .map(|g| runner_up(g, winner, lang))
        .collect();
    if let Some(w) = winner.filter(|w| !w.set.new_schools) {
        losers.push(msg(lang, "runner_no_build", &[&label(w, lang)]));
    }
    if !losers.is_empty() {
        s.push(Block::Para(msg(lang, "ladder_runners", &[])));
        s.push(Block::List(losers));
    }
}

fn runner_up(g: &Rung, winner: Option<&Rung>, lang: Lang) -> String {
    let name = label(g, lang);
    match (g.worst, winner) {
        (Some((year, n)), _) => msg(
            lang,
            "runner_short",
            &[&name, &format_number(n as f64, 0), &year.to_string()],
        ),
        (None, Some(w)) => {
            // Building instead of converting is compared in total cost, schools for access
            // included on both sides.
            let more = if g.key.ends_with("_no_conversion") {
                g.total_cost_yuan - w.total_cost_yuan
            } else {
                places_cost(g) - places_cost(w)
            };
            if more <= -0.5 {
                msg(lang, "runner_cheaper", &[&name, &format_number(-more, 0)])
            } else if more.abs() < 0.5 {
                msg(lang, "runner_same", &[&name])
            } else {
                msg(lang, "runner_dearer", &[&name, &format_number(more, 0)])
            }
        }
        (None, None) => name,
    }
}

fn binding(p: &SitePlan, lang: Lang) -> String {
    let Some(b) = &p.remedies.binding else {
        return msg(lang, "binding_none", &[]);
    };
    let plan = p
        .remedies
        .rungs
        .iter()
        .find(|g| g.key == b.plan)
        .map_or_else(|| b.plan_label.clone(), |g| label(g, lang));
    let sep = lang.pick("、", ", ");
    let ids = |v: &[String]| v.join(sep);
    let caps: Vec<String> = b.size_caps.iter().map(u32::to_string).collect();
    if b.constraint == "size_standard" {
        msg(
            lang,
            "binding_size",
            &[
                &b.year.to_string(),
                &plan,
                &format_number(b.seats_short as f64, 0),
                &b.size_bound.len().to_string(),
                &ids(&b.size_bound),
                &b.idle_rooms_size_bound.to_string(),
                &caps.join(sep),
                &b.room_bound.len().to_string(),
            ],
        )
    } else {
        msg(
            lang,
            "binding_rooms",
            &[
                &b.year.to_string(),
                &plan,
                &format_number(b.seats_short as f64, 0),
                &b.room_bound.len().to_string(),
                &ids(&b.room_bound),
            ],
        )
    }
}
