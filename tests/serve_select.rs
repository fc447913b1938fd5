//! `catchment serve` in headless Chromium: several units selected by shift-click and by a
//! shift-drag box, and moved in one step; on the Linxi fixture (villages) and on the same county
//! without its units file (demand cells). Each writes a screenshot and names it.

use crate::serve::POINT_IN_UNIT;
use crate::serve::{
    draft_of, eval, open_page, pupils_cell, row_of, smallest_school, start, start_on, wait_for,
    Page, Server,
};
use headless_chrome::protocol::cdp::Input;
use headless_chrome::Tab;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One mouse event at (x, y), with shift held when `shift`.
fn mouse(tab: &Tab, kind: Input::DispatchMouseEventTypeOption, xy: [f64; 2], shift: bool) {
    let pressed = !matches!(kind, Input::DispatchMouseEventTypeOption::MouseReleased);
    tab.call_method(Input::DispatchMouseEvent {
        Type: kind,
        x: xy[0],
        y: xy[1],
        modifiers: shift.then_some(8),
        timestamp: None,
        button: Some(Input::MouseButton::Left),
        buttons: Some(if pressed { 1 } else { 0 }),
        click_count: Some(1),
        force: None,
        tangential_pressure: None,
        tilt_x: None,
        tilt_y: None,
        twist: None,
        delta_x: None,
        delta_y: None,
        pointer_Type: None,
    })
    .unwrap();
}

fn shift_click(tab: &Tab, xy: [f64; 2]) {
    use Input::DispatchMouseEventTypeOption::*;
    mouse(tab, MouseMoved, xy, true);
    mouse(tab, MousePressed, xy, true);
    mouse(tab, MouseReleased, xy, true);
}

/// Shift-drag a box from `a` to `b`.
fn shift_drag(tab: &Tab, a: [f64; 2], b: [f64; 2]) {
    use Input::DispatchMouseEventTypeOption::*;
    mouse(tab, MouseMoved, a, true);
    mouse(tab, MousePressed, a, true);
    for k in 1..=5 {
        let f = k as f64 / 5.0;
        let p = [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
        mouse(tab, MouseMoved, p, true);
    }
    mouse(tab, MouseReleased, b, true);
}

/// How many units the page says are selected (0 when none).
fn selected_count(tab: &Tab) -> u64 {
    eval(
        tab,
        "(document.querySelector('#selection b') || {textContent: '0'}).textContent",
    )
    .as_u64()
    .unwrap_or(0)
}

/// The units whose path matches the CSS `filter`, with their boxes on screen.
fn unit_boxes(tab: &Tab, filter: &str) -> BTreeMap<String, [f64; 4]> {
    let js = format!(
        "JSON.stringify([...document.querySelectorAll('path[data-unit]{filter}')].map(p => {{
           const r = p.getBoundingClientRect(); return [p.dataset.unit, [r.left, r.top, r.right, r.bottom]]; }}))"
    );
    eval(tab, &js)
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let r: Vec<f64> = x[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_f64().unwrap())
                .collect();
            (x[0].as_str().unwrap().to_string(), [r[0], r[1], r[2], r[3]])
        })
        .collect()
}

/// The units drawn as selected (the 3 px outline), with their boxes on screen.
fn selected_paths(tab: &Tab) -> Vec<(String, [f64; 4])> {
    unit_boxes(tab, "[stroke-width=\"3\"]")
        .into_iter()
        .collect()
}

/// The school of each unit in a state.
fn school_of(state: &Value) -> BTreeMap<String, Option<String>> {
    draft_of(state, None).schools
}

/// Click the target school's row with units selected: every selected unit (and no other) goes
/// there in one step, the table shows the server's new figures, and one undo restores the draft.
fn move_selection(server: &Server, tab: &Tab, ids: &[String], target: &str) {
    let state = server.state();
    let before = pupils_cell(tab, target);
    tab.find_element(&format!("#schools tr[data-school=\"{target}\"] td"))
        .unwrap()
        .click()
        .unwrap();
    wait_for(
        tab,
        "!document.getElementById('moveBtn')",
        "the move to be applied",
    );
    let now = server.state();
    assert_eq!(
        now["last_edit"],
        json!(format!("moved {} unit(s) to {target}", ids.len()))
    );
    let (was, is) = (school_of(&state), school_of(&now));
    for (unit, school) in &is {
        if ids.contains(unit) {
            assert_eq!(school.as_deref(), Some(target), "{unit} not moved");
        } else {
            assert_eq!(school, &was[unit], "{unit} moved though not selected");
        }
    }
    for row in now["schools"].as_array().unwrap() {
        let id = row["school_id"].as_str().unwrap();
        assert_eq!(
            pupils_cell(tab, id),
            row["pupils"].as_u64().unwrap(),
            "{id}"
        );
    }
    let moved_in: u64 = now["schools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let id = r["school_id"].as_str().unwrap();
            row_of(&state, id)["pupils"]
                .as_u64()
                .unwrap()
                .saturating_sub(r["pupils"].as_u64().unwrap())
        })
        .sum();
    assert_eq!(pupils_cell(tab, target), before + moved_in);
    tab.find_element("#undo").unwrap().click().unwrap();
    wait_for(
        tab,
        &format!("document.querySelector('#schools tr[data-school=\"{target}\"] td.pupils').textContent === '{before}'"),
        "the undo",
    );
    assert_eq!(school_of(&server.state()), was);
}

/// Shift-click two units, move them; then box-select a group, check the box's units are the
/// selected ones, move them. Returns the screenshot path.
fn select_several_and_move(server: &Server, page: &Page, shot: &str) -> std::path::PathBuf {
    let tab = &page.tab;
    let state = server.state();
    let target = smallest_school(&state);
    let mut points: Vec<(String, [f64; 2])> = Vec::new();
    for (unit, school) in school_of(&state) {
        if school.as_deref() == Some(target.as_str()) {
            continue;
        }
        if let Some(xy) = eval(tab, &format!("{POINT_IN_UNIT}('{unit}')")).as_array() {
            points.push((unit, [xy[0].as_f64().unwrap(), xy[1].as_f64().unwrap()]));
        }
        if points.len() == 2 {
            break;
        }
    }
    assert_eq!(points.len(), 2, "no two units to click");
    // Shift-click: the first click selects, the shift-click adds.
    tab.click_point(headless_chrome::browser::tab::point::Point {
        x: points[0].1[0],
        y: points[0].1[1],
    })
    .unwrap();
    shift_click(tab, points[1].1);
    wait_for(
        tab,
        "(document.querySelector('#selection b') || {}).textContent === '2'",
        "two units to be selected",
    );
    let mut ids: Vec<String> = selected_paths(tab).into_iter().map(|p| p.0).collect();
    ids.sort();
    let mut want = vec![points[0].0.clone(), points[1].0.clone()];
    want.sort();
    assert_eq!(ids, want);
    move_selection(server, tab, &ids, &target);
    // A box around the first unit, grown until it holds at least two units.
    let c = points[0].1;
    for half in [40.0, 80.0, 160.0] {
        let (a, b) = ([c[0] - half, c[1] - half], [c[0] + half, c[1] + half]);
        shift_drag(tab, a, b);
        wait_for(
            tab,
            "!!document.getElementById('moveBtn')",
            "a box selection",
        );
        let chosen = selected_paths(tab);
        assert_eq!(chosen.len() as u64, selected_count(tab));
        for (id, r) in &chosen {
            let overlaps = r[0] <= b[0] && r[2] >= a[0] && r[1] <= b[1] && r[3] >= a[1];
            assert!(overlaps, "{id} selected but outside the box");
        }
        let ids: Vec<String> = chosen.iter().map(|x| x.0.clone()).collect();
        for (id, r) in unit_boxes(tab, "") {
            let inside = r[0] >= a[0] && r[2] <= b[0] && r[1] >= a[1] && r[3] <= b[1];
            assert!(
                !inside || ids.contains(&id),
                "{id} inside the box, not selected"
            );
        }
        if ids.len() >= 2 {
            move_selection(server, tab, &ids, &target);
            return page.finish(shot);
        }
        eval(
            tab,
            "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))",
        );
    }
    panic!("no box held two units");
}

#[test]
fn shift_click_and_box_select_move_several_villages_in_one_step() {
    let server = start(&["--start", "current"]);
    let Some(page) = open_page(&server, "shift_click_and_box_select") else {
        return;
    };
    let note = eval(&page.tab, "String(!!document.getElementById('cells'))");
    assert_eq!(
        note,
        json!(false),
        "a units project is not said to be on cells"
    );
    select_several_and_move(&server, &page, "serve-units.png");
}

#[test]
fn demand_cells_are_drawn_selected_and_moved_in_the_browser() {
    let dir = crate::serve_cells::without_units();
    let server = start_on(dir.path(), &["--start", "capacitated"]);
    let Some(page) = open_page(&server, "demand_cells_in_the_browser") else {
        return;
    };
    let drawn = eval(
        &page.tab,
        "document.querySelectorAll('path[data-unit]').length",
    );
    let cells = server.state()["units"].as_array().unwrap().len() as u64;
    assert_eq!(drawn.as_u64(), Some(cells));
    let note = eval(&page.tab, "document.getElementById('cells').textContent");
    assert!(
        note.as_str()
            .is_some_and(|t| t.contains("1000") && t.contains('5')),
        "{note}"
    );
    select_several_and_move(&server, &page, "serve-cells.png");
}
