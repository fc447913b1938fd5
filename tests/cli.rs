//! Specs for the command line, run against the real binary.

use std::process::Command;

/// Run a command and return its output, failing the test with its stderr when it does not succeed.
pub fn succeeds(mut cmd: impl std::borrow::BorrowMut<Command>) -> std::process::Output {
    let out = cmd.borrow_mut().output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn catchment() -> Command {
    Command::new(env!("CARGO_BIN_EXE_catchment"))
}

#[test]
fn help_lists_every_command() {
    let out = catchment().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for cmd in [
        "check",
        "zones",
        "forecast",
        "site",
        "locate",
        "map",
        "indicators",
        "plan",
    ] {
        assert!(text.contains(cmd), "--help does not list {cmd}");
    }
}

/// Width and height of a PNG, from its IHDR chunk.
fn png_size(path: &std::path::Path) -> (u32, u32) {
    let b = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        b.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{} is not a PNG",
        path.display()
    );
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (be(16), be(20))
}

#[test]
fn forecast_writes_a_chart_for_the_county_and_each_school() {
    let dir = tempfile::tempdir().unwrap();
    succeeds(catchment().args(["forecast", "--out"]).arg(dir.path()));
    assert_eq!(png_size(&dir.path().join("charts/county.png")), (1200, 700));
    let forecast = std::fs::read_to_string(dir.path().join("forecast.csv")).unwrap();
    let schools: std::collections::BTreeSet<&str> = forecast
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    for s in &schools {
        assert!(
            dir.path().join(format!("charts/{s}.png")).is_file(),
            "no chart for {s}"
        );
    }
}

#[test]
fn zones_and_site_draw_their_maps() {
    let dir = tempfile::tempdir().unwrap();
    let z = dir.path().join("z");
    succeeds(
        catchment()
            .args(["zones", "--level", "primary", "--out"])
            .arg(&z),
    );
    assert_eq!(png_size(&z.join("zones.png")), (1600, 1600));
    let s = dir.path().join("s");
    succeeds(
        catchment()
            .args(["site", "--level", "kindergarten", "--out"])
            .arg(&s),
    );
    assert_eq!(png_size(&s.join("sites.png")), (1600, 1600));
}
