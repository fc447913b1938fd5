//! Specs for the command line, run against the real binary.

use std::process::Command;

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
