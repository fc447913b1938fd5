//! The remedies ladder of a siting plan in `justification.md`: what re-zoning, converting freed
//! rooms, extending and building each achieve and cost, the plan chosen, the constraint that binds
//! and why the runner-up plans lose.
//!
//! Why apart from [`super::site`]: the justification was already long; the ladder is its own
//! argument ("cheaper measures are not enough, because …") and reads only
//! [`crate::siting::site::remedies::Remedies`].

use crate::siting::site::remedies::thousands;
use crate::siting::site::SitePlan;
use std::fmt::Write as _;

/// Append the ladder section to the justification `s`.
pub fn ladder_section(s: &mut String, plan: &SitePlan) {
    let r = &plan.remedies;
    let _ = writeln!(
        s,
        "\n## Remedies, cheapest first\n\nEach plan is checked by the capacitated zones engine in every forecast year; the one that meets every cap in every year served by building (from {}) at the least cost wins. Costs: converting a freed room {} yuan, one extension classroom {} yuan (standards).\n",
        plan.first_build_year,
        thousands(r.conversion_cost_yuan_per_room),
        thousands(r.extension_cost_yuan_per_classroom)
    );
    let years: Vec<String> = plan.years.iter().map(i32::to_string).collect();
    let _ = writeln!(
        s,
        "| plan | seats short {} | rooms converted | extension classrooms | new schools | cost (yuan) | meets every cap | chosen |\n|---|---|---|---|---|---|---|---|",
        years.join(" / ")
    );
    for g in &r.rungs {
        let short: Vec<String> = g.short_by_year.iter().map(|x| x.1.to_string()).collect();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            g.label,
            short.join(" / "),
            g.rooms_converted,
            g.extension_classrooms,
            g.new_schools,
            thousands(g.total_cost_yuan),
            if g.meets_caps { "yes" } else { "no" },
            if g.chosen { "**chosen**" } else { "" }
        );
    }
    match &r.binding {
        Some(b) => {
            let _ = writeln!(s, "\n**The constraint that binds.** {}.", b.sentence);
        }
        None => {
            let _ = writeln!(
                s,
                "\n**No constraint binds**: re-zoning into idle rooms alone meets every cap in every year served by building."
            );
        }
    }
    let _ = writeln!(s, "\n**Runner-up plans, and why they lose:**\n");
    for why in &r.runners_up {
        let _ = writeln!(s, "- {why}");
    }
    for n in &r.not_applicable {
        let _ = writeln!(s, "- Not applicable: {n}");
    }
    conversion_table(s, plan);
}

/// Per building with both stages: classrooms, rooms returned by the split-off, rooms its grades
/// 1–9 do not need in each year, and the rooms the plan converts.
fn conversion_table(s: &mut String, plan: &SitePlan) {
    let r = &plan.remedies;
    if r.convertible.is_empty() {
        return;
    }
    let years: Vec<String> = plan.years.iter().map(i32::to_string).collect();
    let _ = writeln!(
        s,
        "\n### Rooms freed by falling enrollment (buildings with both stages)\n\nRooms free = classrooms − classes its pupils of grades 1–9 need at the caps: after the primary plan's re-zoning (each year's primary pupils zoned by the capacitated engine into today's rooms), or the school's own forecast where that zoning does not cover it (column \"from\"). A converted room holds one kindergarten class at the kindergarten caps; a converted section keeps within the kindergarten size standard and the building within its school size cap.\n\n| school | classrooms | kindergarten rooms returned | rooms free {} | rooms converted | from |\n|---|---|---|---|---|---|",
        years.join(" / ")
    );
    for c in &r.convertible {
        let free: Vec<String> = c.years.iter().map(|y| y.rooms_free.to_string()).collect();
        let used = r
            .converted
            .iter()
            .find(|x| x.school_id == c.school_id)
            .map_or(0, |x| x.rooms_converted);
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |",
            c.school_id,
            c.classrooms,
            c.kg_rooms_returned,
            free.join(" / "),
            used,
            c.rooms_from.as_str().replace('_', " ")
        );
    }
}
