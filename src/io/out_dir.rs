//! Output folders that never lose a file the tool did not write.
//!
//! A command that writes a folder (plan, zones, site, forecast, indicators, locate, sample) asks for
//! an [`OutDir`] first. The outputs are written into a hidden staging folder beside the target; only
//! when they are complete is the staging folder swapped in, and only then is the previous output
//! removed. A manifest (`catchment-output.json`) lists every file the tool wrote, so the next run
//! recognises a previous output of the same command and replaces it, and refuses anything else: a
//! folder with a user's file, a file, the project folder or a folder around or inside it (except the
//! project's `out/` folder, kept for outputs), the current folder. Staging folders left behind by an
//! interrupted run (`.NAME.partial-PID`, marked inside as the tool's own) are removed on the next
//! run once their process is gone.

use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};

/// The manifest file written into every output folder.
pub const MANIFEST: &str = "catchment-output.json";
/// The project's own subfolder for outputs: `--out` may lie under `PROJECT/out/`.
pub const PROJECT_OUTPUTS: &str = "out";
/// Marker written first into a staging folder, so a leftover one is known to be the tool's.
pub(super) const PARTIAL_MARKER: &str = ".catchment-partial";

/// Why an output folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OutDirError {
    #[error("{path}: is a file, not a folder; the outputs of `{command}` go into a folder")]
    IsFile { path: String, command: String },
    #[error("{path}: is the project folder; outputs never go into the input")]
    IsProject { path: String },
    #[error("{path}: is inside the project folder {project}")]
    InsideProject { path: String, project: String },
    #[error("{path}: holds the project folder {project}")]
    HoldsProject { path: String, project: String },
    #[error("{path}: is the current folder (or holds it)")]
    CurrentFolder { path: String },
    #[error(
        "{path}: exists and is not an output of catchment (no {MANIFEST}); it holds {entries} \
         entries, e.g. '{example}', which would be lost"
    )]
    NotAnOutput {
        path: String,
        entries: usize,
        example: String,
    },
    #[error("{path}: holds '{file}', which catchment did not write")]
    ForeignFile { path: String, file: String },
    #[error("{path}: is the output of `catchment {found}`, not of `catchment {command}`")]
    OtherCommand {
        path: String,
        found: String,
        command: String,
    },
    #[error("{path}: is a folder; this output is one file")]
    IsFolder { path: String },
    #[error(
        "{path}: exists; a single-file output replaces only a PNG or SVG, and only when forced"
    )]
    FileExists { path: String },
    #[error("{path}: {MANIFEST} is not a catchment manifest: {message}")]
    BadManifest { path: String, message: String },
    #[error("{path}: cannot {action}: {message}")]
    Io {
        path: String,
        action: &'static str,
        message: String,
    },
}

impl OutDirError {
    /// True when `force` (replacing a previous output of another command) would allow it.
    pub fn forceable(&self) -> bool {
        matches!(
            self,
            OutDirError::OtherCommand { .. } | OutDirError::FileExists { .. }
        )
    }
}

fn io_err(path: &Path, action: &'static str, e: std::io::Error) -> OutDirError {
    OutDirError::Io {
        path: path.display().to_string(),
        action,
        message: e.to_string(),
    }
}

/// What the manifest says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `catchment`.
    pub tool: String,
    /// The command that wrote the folder (`plan`, `zones`, ...).
    pub command: String,
    /// The tool's version.
    pub version: String,
    /// Every file written, relative to the folder, `/`-separated, sorted.
    pub files: Vec<String>,
}

/// How the output folder may be chosen.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutRules<'a> {
    /// The command writing it (recorded in the manifest).
    pub command: &'a str,
    /// The project folder read, if any: the output may not be it, hold it or lie inside it.
    pub project: Option<&'a Path>,
    /// Also replace a previous output of another catchment command.
    pub force: bool,
}

/// A prepared output folder: write into [`OutDir::staging`], then [`OutDir::commit`].
/// Dropped without commit, the staging folder is removed and the target is untouched.
#[derive(Debug)]
pub struct OutDir {
    target: PathBuf,
    staging: PathBuf,
    command: String,
    force: bool,
    committed: bool,
    /// Folders above the staging folder that `prepare` created, deepest first: removed again
    /// (when empty) if nothing is committed, so a failed run leaves no trace.
    created: Vec<PathBuf>,
}

impl OutDir {
    /// Check `target` against the rules without touching the disk: what [`OutDir::prepare`] would
    /// refuse, so a command can refuse a bad target before computing.
    pub fn check(target: &Path, rules: &OutRules) -> Result<(), OutDirError> {
        check_target(target, rules)
    }

    /// Check `target` against the rules, remove stale staging folders beside it, and create a new
    /// staging folder.
    pub fn prepare(target: &Path, rules: &OutRules) -> Result<OutDir, OutDirError> {
        check_target(target, rules)?;
        let parent = parent_of(target);
        let created = missing_ancestors(&parent);
        std::fs::create_dir_all(&parent).map_err(|e| io_err(&parent, "create", e))?;
        remove_stale(&parent, &file_name(target));
        let staging = parent.join(format!(
            ".{}.partial-{}",
            file_name(target),
            std::process::id()
        ));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| io_err(&staging, "remove", e))?;
        }
        std::fs::create_dir_all(&staging).map_err(|e| io_err(&staging, "create", e))?;
        std::fs::write(staging.join(PARTIAL_MARKER), rules.command)
            .map_err(|e| io_err(&staging, "write", e))?;
        Ok(OutDir {
            target: target.to_path_buf(),
            staging,
            command: rules.command.to_string(),
            force: rules.force,
            committed: false,
            created,
        })
    }

    /// The folder to write the outputs into.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The final folder.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Write the manifest and swap the staging folder into place; the previous output is removed
    /// only after the new one is in place. Returns the manifest.
    pub fn commit(mut self) -> Result<Manifest, OutDirError> {
        let _ = std::fs::remove_file(self.staging.join(PARTIAL_MARKER));
        let mut files = list_files(&self.staging).map_err(|e| io_err(&self.staging, "list", e))?;
        files.retain(|f| f != MANIFEST);
        let manifest = Manifest {
            tool: "catchment".into(),
            command: self.command.clone(),
            version: env!("CARGO_PKG_VERSION").into(),
            files,
        };
        let text = serde_json::to_string_pretty(&manifest).map_err(|e| OutDirError::Io {
            path: self.staging.display().to_string(),
            action: "write the manifest",
            message: e.to_string(),
        })?;
        let mpath = self.staging.join(MANIFEST);
        super::write_atomic(&mpath, text.as_bytes()).map_err(|e| io_err(&mpath, "write", e))?;
        // The target may have changed while the outputs were computed: check it again.
        let rules = OutRules {
            command: &self.command,
            project: None,
            force: self.force,
        };
        check_existing(&self.target, &rules)?;
        swap_in(&self.staging, &self.target)?;
        self.committed = true;
        Ok(manifest)
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
            for dir in &self.created {
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
}

/// Move `staging` to `target`, keeping the previous `target` until the new one is there.
fn swap_in(staging: &Path, target: &Path) -> Result<(), OutDirError> {
    let old = parent_of(target).join(format!(".{}.old-{}", file_name(target), std::process::id()));
    let had_old = target.exists();
    if had_old {
        std::fs::rename(target, &old).map_err(|e| io_err(target, "move aside", e))?;
    }
    if let Err(e) = std::fs::rename(staging, target) {
        if had_old {
            let _ = std::fs::rename(&old, target);
        }
        return Err(io_err(target, "move into place", e));
    }
    if had_old {
        std::fs::remove_dir_all(&old).map_err(|e| io_err(&old, "remove", e))?;
    }
    Ok(())
}

/// Check a single-file output (a map): not a folder, not in the project (outside its `out/`), and
/// an existing file is replaced only when forced and only if it is a PNG or SVG image.
pub fn check_out_file(target: &Path, rules: &OutRules) -> Result<(), OutDirError> {
    let shown = target.display().to_string();
    check_place(target, rules)?;
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_err(target, "read", e)),
        Ok(m) if m.is_dir() => Err(OutDirError::IsFolder { path: shown }),
        Ok(_) if rules.force && is_image(target) => Ok(()),
        Ok(_) => Err(OutDirError::FileExists { path: shown }),
    }
}

fn is_image(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_string();
    bytes.starts_with(b"\x89PNG\r\n\x1a\n") || head.trim_start().starts_with("<svg") || {
        head.trim_start().starts_with("<?xml") && head.contains("<svg")
    }
}

/// Every rule that does not depend on the folder's contents, then the contents.
fn check_target(target: &Path, rules: &OutRules) -> Result<(), OutDirError> {
    check_place(target, rules)?;
    check_existing(target, rules)
}

/// Not the current folder or around it; not the project, around it or inside it (but its `out/`).
fn check_place(target: &Path, rules: &OutRules) -> Result<(), OutDirError> {
    let shown = target.display().to_string();
    let abs = resolve(target);
    if let Ok(cwd) = std::env::current_dir().map(|c| resolve(&c)) {
        if cwd.starts_with(&abs) {
            return Err(OutDirError::CurrentFolder { path: shown });
        }
    }
    if let Some(project) = rules.project {
        let proj = resolve(project);
        let project_shown = project.display().to_string();
        if abs == proj {
            return Err(OutDirError::IsProject { path: shown });
        }
        if proj.starts_with(&abs) {
            return Err(OutDirError::HoldsProject {
                path: shown,
                project: project_shown,
            });
        }
        let outputs = proj.join(PROJECT_OUTPUTS);
        if abs.starts_with(&proj) && !(abs.starts_with(&outputs) && abs != outputs) {
            return Err(OutDirError::InsideProject {
                path: shown,
                project: project_shown,
            });
        }
    }
    Ok(())
}

/// A folder that exists must be empty or a previous output (of the same command unless forced)
/// holding only files the manifest lists.
fn check_existing(target: &Path, rules: &OutRules) -> Result<(), OutDirError> {
    let shown = target.display().to_string();
    let meta = match std::fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err(target, "read", e)),
    };
    if !meta.is_dir() {
        return Err(OutDirError::IsFile {
            path: shown,
            command: rules.command.to_string(),
        });
    }
    let files = list_files(target).map_err(|e| io_err(target, "list", e))?;
    if files.is_empty() {
        return Ok(());
    }
    let Some(manifest) = read_manifest(target)? else {
        let example = files.first().cloned().unwrap_or_default();
        return Err(OutDirError::NotAnOutput {
            path: shown,
            entries: files.len(),
            example,
        });
    };
    if let Some(file) = files
        .iter()
        .find(|f| *f != MANIFEST && !manifest.files.contains(f))
    {
        return Err(OutDirError::ForeignFile {
            path: shown,
            file: file.clone(),
        });
    }
    if manifest.command != rules.command && !rules.force {
        return Err(OutDirError::OtherCommand {
            path: shown,
            found: manifest.command,
            command: rules.command.to_string(),
        });
    }
    Ok(())
}

/// The manifest in `dir`, `None` when there is none.
pub fn read_manifest(dir: &Path) -> Result<Option<Manifest>, OutDirError> {
    let path = dir.join(MANIFEST);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(&path, "read", e)),
    };
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| OutDirError::BadManifest {
        path: dir.display().to_string(),
        message: e.to_string(),
    })?;
    if manifest.tool != "catchment" {
        return Err(OutDirError::BadManifest {
            path: dir.display().to_string(),
            message: format!("tool is '{}'", manifest.tool),
        });
    }
    Ok(Some(manifest))
}

/// Remove `.NAME.partial-PID` and `.NAME.old-PID` folders beside the target that the tool made and
/// whose process has ended. Anything else is left alone.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let partial = format!(".{name}.partial-");
    let old = format!(".{name}.old-");
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let (pid, tool_made) = if let Some(pid) = file.strip_prefix(&partial) {
            (pid, entry.path().join(PARTIAL_MARKER).is_file())
        } else if let Some(pid) = file.strip_prefix(&old) {
            (pid, matches!(read_manifest(&entry.path()), Ok(Some(_))))
        } else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if tool_made && !process_alive(pid) && only_tool_files(&entry.path()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A stale folder is removed only if the manifest (when there is one) lists everything in it.
fn only_tool_files(dir: &Path) -> bool {
    match read_manifest(dir) {
        Ok(Some(m)) => list_files(dir).is_ok_and(|files| {
            files
                .iter()
                .all(|f| f == MANIFEST || f == PARTIAL_MARKER || m.files.contains(f))
        }),
        Ok(None) => true,
        Err(_) => false,
    }
}

fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let proc = Path::new("/proc");
    proc.is_dir() && proc.join(pid.to_string()).exists()
}

/// Every file under `dir`, relative, `/`-separated, sorted.
fn list_files(dir: &Path) -> std::io::Result<Vec<String>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(root, &path, out)?;
            } else if let Ok(rel) = path.strip_prefix(root) {
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// The folders of `dir` and above that do not exist yet, deepest first.
fn missing_ancestors(dir: &Path) -> Vec<PathBuf> {
    dir.ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
        .map(Path::to_path_buf)
        .collect()
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_name(path: &Path) -> String {
    resolve(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string())
}

/// An absolute path with `.`, `..` and symbolic links resolved as far as the path exists.
fn resolve(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                clean = std::fs::canonicalize(&clean).unwrap_or(clean);
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(n) => rest.push(n.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for n in rest.iter().rev() {
        out.push(n);
    }
    out
}

#[cfg(test)]
#[path = "out_dir_tests.rs"]
mod tests;
