use super::*;

fn rules<'a>(command: &'a str, project: Option<&'a Path>) -> OutRules<'a> {
    OutRules {
        command,
        project,
        force: false,
    }
}

fn write_output(target: &Path, r: &OutRules, body: &[u8]) -> Manifest {
    let out = OutDir::prepare(target, r).unwrap();
    super::super::write_atomic(&out.staging().join("a.csv"), body).unwrap();
    super::super::write_atomic(&out.staging().join("sub/b.txt"), body).unwrap();
    out.commit().unwrap()
}

#[test]
fn new_folder_gets_outputs_and_a_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report");
    let m = write_output(&target, &rules("plan", None), b"1");
    assert_eq!(m.files, vec!["a.csv".to_string(), "sub/b.txt".to_string()]);
    assert_eq!(read_manifest(&target).unwrap(), Some(m));
    assert_eq!(std::fs::read(target.join("a.csv")).unwrap(), b"1");
    let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(beside.len(), 1, "staging or old folder left behind");
}

#[test]
fn previous_output_of_the_same_command_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report");
    write_output(&target, &rules("plan", None), b"1");
    std::fs::write(target.join("sub/b.txt"), b"edited by the tool's own run").unwrap();
    write_output(&target, &rules("plan", None), b"2");
    assert_eq!(std::fs::read(target.join("a.csv")).unwrap(), b"2");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn old_output_stays_until_the_new_one_is_committed() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report");
    write_output(&target, &rules("plan", None), b"1");
    let out = OutDir::prepare(&target, &rules("plan", None)).unwrap();
    std::fs::write(out.staging().join("a.csv"), b"2").unwrap();
    assert_eq!(std::fs::read(target.join("a.csv")).unwrap(), b"1");
    drop(out); // a failed run: nothing committed
    assert_eq!(std::fs::read(target.join("a.csv")).unwrap(), b"1");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_failed_run_leaves_no_folder_it_created() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out/deeper/report");
    let out = OutDir::prepare(&target, &rules("plan", None)).unwrap();
    std::fs::write(out.staging().join("a.csv"), b"1").unwrap();
    drop(out);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_folder_with_a_users_file_is_refused_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("notes");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("my notes.txt"), b"mine").unwrap();
    for force in [false, true] {
        let r = OutRules {
            force,
            ..rules("plan", None)
        };
        let e = OutDir::prepare(&target, &r).unwrap_err();
        assert!(matches!(e, OutDirError::NotAnOutput { .. }), "{e}");
        assert!(e.to_string().contains("my notes.txt"), "{e}");
    }
    assert_eq!(std::fs::read(target.join("my notes.txt")).unwrap(), b"mine");
}

#[test]
fn a_users_file_added_to_a_previous_output_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report");
    write_output(&target, &rules("plan", None), b"1");
    std::fs::write(target.join("comments.docx"), b"mine").unwrap();
    let e = OutDir::prepare(&target, &rules("plan", None)).unwrap_err();
    assert!(matches!(e, OutDirError::ForeignFile { ref file, .. } if file == "comments.docx"));
}

#[test]
fn another_commands_output_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("o");
    write_output(&target, &rules("zones", None), b"1");
    let e = OutDir::prepare(&target, &rules("site", None)).unwrap_err();
    assert!(e.forceable(), "{e}");
    let forced = OutRules {
        force: true,
        ..rules("site", None)
    };
    let m = write_output(&target, &forced, b"2");
    assert_eq!(m.command, "site");
}

#[test]
fn a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.html");
    std::fs::write(&target, b"mine").unwrap();
    let e = OutDir::prepare(&target, &rules("plan", None)).unwrap_err();
    assert!(matches!(e, OutDirError::IsFile { .. }), "{e}");
    assert_eq!(std::fs::read(&target).unwrap(), b"mine");
}

#[test]
fn the_project_around_or_inside_it_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    std::fs::create_dir(&project).unwrap();
    std::fs::write(project.join("schools.csv"), b"id\n").unwrap();
    let r = rules("zones", Some(&project));
    let is = OutDir::prepare(&project, &r).unwrap_err();
    assert!(matches!(is, OutDirError::IsProject { .. }), "{is}");
    let dotted = project.join("sub/..");
    assert!(matches!(
        OutDir::prepare(&dotted, &r).unwrap_err(),
        OutDirError::IsProject { .. }
    ));
    let inside = OutDir::prepare(&project.join("zones"), &r).unwrap_err();
    assert!(
        matches!(inside, OutDirError::InsideProject { .. }),
        "{inside}"
    );
    let outputs = OutDir::prepare(&project.join("out"), &r).unwrap_err();
    assert!(matches!(outputs, OutDirError::InsideProject { .. }));
    let around = OutDir::prepare(dir.path(), &r).unwrap_err();
    assert!(
        matches!(around, OutDirError::HoldsProject { .. }),
        "{around}"
    );
    // The project's out/ folder is kept for outputs.
    write_output(&project.join("out/zones-primary"), &r, b"1");
    assert_eq!(std::fs::read(project.join("schools.csv")).unwrap(), b"id\n");
}

#[test]
fn the_current_folder_is_refused() {
    let e = OutDir::prepare(Path::new("."), &rules("plan", None)).unwrap_err();
    assert!(matches!(e, OutDirError::CurrentFolder { .. }), "{e}");
    let e = OutDir::prepare(Path::new(".."), &rules("plan", None)).unwrap_err();
    assert!(matches!(e, OutDirError::CurrentFolder { .. }), "{e}");
}

#[test]
fn stale_partial_folders_of_the_tool_are_removed_others_kept() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report");
    // A leftover of an interrupted run: a process id that cannot be running.
    let stale = dir.path().join(".report.partial-4294967295");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join(PARTIAL_MARKER), b"plan").unwrap();
    std::fs::write(stale.join("report.html"), b"half").unwrap();
    // Same name pattern, but not made by the tool: kept.
    let users = dir.path().join(".report.partial-4294967294");
    std::fs::create_dir(&users).unwrap();
    std::fs::write(users.join("mine.txt"), b"mine").unwrap();
    write_output(&target, &rules("plan", None), b"1");
    assert!(!stale.exists(), "stale staging folder kept");
    assert!(
        users.join("mine.txt").is_file(),
        "a user's folder was removed"
    );
}

#[test]
fn an_empty_existing_folder_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("empty");
    std::fs::create_dir(&target).unwrap();
    write_output(&target, &rules("forecast", None), b"1");
    assert!(target.join(MANIFEST).is_file());
}
