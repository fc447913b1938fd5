//! Saving a draft as the files `zones` writes, and reading it back (the editor's load, and
//! `plan --zones DRAFT`).
//!
//! Why: a draft must outlive the browser tab and feed the report. The folder holds the zoning
//! files of [`crate::zones::write`] (`schools.csv`, `zones.geojson`, `summary.json`; the
//! per-pupil `assignment.csv` under `private/`), the zones map `zones.png` drawn by the map code
//! `zones` uses, `units.csv` (the school of each unit) and
//! `draft.json`, the one file read back. The folder is written through [`OutDir`]: staged, then
//! swapped in whole; it replaces only an earlier saved draft, never a folder of someone else's
//! files, and its name is one plain folder name under the drafts folder, so nothing is written
//! anywhere else.

use super::state::Editor;
use crate::io::{write_atomic, OutDir, OutDirError, OutRules};
use crate::map::for_results::zones_map_png;
use crate::map::Lang;
use crate::model::Stage;
use crate::report::privacy::MIN_PUPILS;
use crate::zones::cells::CellGrid;
use crate::zones::fixed::UnitZones;
use crate::zones::{polygons, write, DemandKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The file read back.
pub const DRAFT_FILE: &str = "draft.json";
const FORMAT: &str = "catchment-zones-draft-1";
/// Side of the zones map, pixels (as `zones` draws it).
const MAP_SIDE_PX: u32 = 1600;
/// The command recorded in the folder's manifest.
pub const COMMAND: &str = "serve";

/// Why a draft cannot be saved or read.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("name '{name}': {why}; use letters, digits, '-', '_' or '.', at most 64, not starting with '.'")]
    BadName { name: String, why: &'static str },
    #[error(transparent)]
    OutDir(#[from] OutDirError),
    #[error("{path}: cannot write: {message}")]
    Write { path: String, message: String },
    #[error("{path}: cannot read: {message}")]
    Read { path: String, message: String },
    #[error("{path}: not a saved draft: {message}")]
    BadDraft { path: String, message: String },
    #[error("{path}: level '{level}' is not primary, junior or kindergarten")]
    BadLevel { path: String, level: String },
    #[error("making the zoning files: {0}")]
    Files(#[from] write::WriteError),
    #[error("drawing the zones map: {message}")]
    Map { message: String },
}

fn map_error(e: crate::map::MapError) -> SaveError {
    SaveError::Map {
        message: e.to_string(),
    }
}

/// One unit in `draft.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DraftUnit {
    pub unit_id: String,
    pub school_id: Option<String>,
    pub pinned: bool,
}

/// `draft.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DraftFile {
    pub format: String,
    pub level: String,
    pub start: String,
    /// The grid of the demand cells, when the units are cells (the project has no units).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cells: Option<CellGrid>,
    pub units: Vec<DraftUnit>,
}

/// A draft read back: the zoning by unit, and the pinned units.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedDraft {
    pub zones: UnitZones,
    pub pinned: BTreeSet<String>,
}

/// Check that `name` is one plain folder name.
pub fn check_name(name: &str) -> Result<(), SaveError> {
    let bad = |why| {
        Err(SaveError::BadName {
            name: name.to_string(),
            why,
        })
    };
    if name.is_empty() {
        return bad("empty");
    }
    if name.chars().count() > 64 {
        return bad("too long");
    }
    if name.starts_with('.') {
        return bad("starts with '.'");
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return bad("holds a character other than a letter, digit, '-', '_' or '.'");
    }
    Ok(())
}

/// The folder of draft `name` under `root`, once the name is checked.
pub fn draft_dir(root: &Path, name: &str) -> Result<PathBuf, SaveError> {
    check_name(name)?;
    Ok(root.join(name))
}

/// Save the editor's draft as `root/name`; returns the folder and the files written.
pub fn save(
    editor: &Editor,
    root: &Path,
    name: &str,
    project_dir: Option<&Path>,
) -> Result<(PathBuf, Vec<String>), SaveError> {
    let target = draft_dir(root, name)?;
    let rules = OutRules {
        command: COMMAND,
        project: project_dir,
        force: false,
    };
    let out = OutDir::prepare(&target, &rules)?;
    for (file, bytes) in draft_files(editor)? {
        // io's atomic write creates the sub-folders.
        let path = out.staging().join(&file);
        write_atomic(&path, &bytes).map_err(|e| write_error(&target.join(&file), e))?;
    }
    let manifest = out.commit()?;
    Ok((target, manifest.files))
}

fn write_error(path: &Path, e: std::io::Error) -> SaveError {
    SaveError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Every file of a saved draft, (relative name, bytes), deterministic.
pub fn draft_files(editor: &Editor) -> Result<Vec<(String, Vec<u8>)>, SaveError> {
    let zoning = editor.zoning();
    let input = editor.input.zone_input();
    let polys = polygons::zone_polygons(&input, &zoning);
    let unproject = |xy: [f64; 2]| editor.input.planar.unproject(xy);
    let mut files = write::output_files(&zoning, &polys, &unproject)?;
    if !polys.is_empty() {
        let (_, png) = zones_map_png(&input, &zoning, &polys, Lang::Zh, MAP_SIDE_PX, None)
            .map_err(map_error)?;
        files.push(("zones.png".into(), png));
    }
    if zoning.summary.demand == DemandKind::Students {
        for (name, _) in files.iter_mut() {
            if name == "assignment.csv" {
                *name = "private/assignment.csv".into();
            }
        }
    }
    files.push(("units.csv".into(), units_csv(editor)?));
    let json =
        serde_json::to_string_pretty(&draft_file(editor)).map_err(write::WriteError::Json)?;
    files.push((DRAFT_FILE.into(), json.into_bytes()));
    Ok(files)
}

/// `draft.json` of the editor's draft.
pub fn draft_file(editor: &Editor) -> DraftFile {
    let zones = editor.unit_zones();
    let pinned = editor.pinned();
    DraftFile {
        format: FORMAT.into(),
        level: editor.stage().as_str().into(),
        start: editor.start.as_str().into(),
        cells: editor.input.grid(),
        units: editor
            .input
            .units
            .iter()
            .enumerate()
            .map(|(u, unit)| DraftUnit {
                unit_id: unit.id.clone(),
                school_id: zones.schools.get(&unit.id).cloned().flatten(),
                pinned: pinned[u],
            })
            .collect(),
    }
}

/// `units.csv`: unit, name, school, pinned, pupils (blank under the privacy threshold).
fn units_csv(editor: &Editor) -> Result<Vec<u8>, SaveError> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let head = ["unit_id", "name", "school_id", "pinned", "pupils"];
        w.write_record(head).map_err(write::WriteError::Csv)?;
        for (u, unit) in editor.input.units.iter().enumerate() {
            let school = editor.seat_of()[u]
                .map(|s| editor.problem.seats[s as usize].id.clone())
                .unwrap_or_default();
            let pupils = editor.units.counts[u].total();
            let shown = if pupils >= MIN_PUPILS {
                pupils.to_string()
            } else {
                String::new()
            };
            let pinned = editor.pinned()[u].to_string();
            w.write_record([unit.id.as_str(), &unit.name, &school, &pinned, &shown])
                .map_err(write::WriteError::Csv)?;
        }
        w.flush().map_err(|e| write::WriteError::Csv(e.into()))?;
    }
    Ok(out)
}

/// Read `dir/draft.json`.
pub fn read_draft(dir: &Path) -> Result<SavedDraft, SaveError> {
    let path = dir.join(DRAFT_FILE);
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| SaveError::Read {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    let file: DraftFile = serde_json::from_str(&text).map_err(|e| SaveError::BadDraft {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    if file.format != FORMAT {
        return Err(SaveError::BadDraft {
            path: shown,
            message: format!("format '{}', expected '{FORMAT}'", file.format),
        });
    }
    let stage = Stage::parse(&file.level).ok_or_else(|| SaveError::BadLevel {
        path: shown.clone(),
        level: file.level.clone(),
    })?;
    let mut schools = std::collections::BTreeMap::new();
    let mut pinned = BTreeSet::new();
    if let Some(grid) = file.cells {
        if !(grid.size_m.is_finite() && grid.size_m > 0.0) || grid.min_pupils < MIN_PUPILS {
            return Err(SaveError::BadDraft {
                path: shown,
                message: format!(
                    "cells of {} m holding at least {} pupils: the side must be positive and the threshold at least {MIN_PUPILS}",
                    grid.size_m, grid.min_pupils
                ),
            });
        }
    }
    for u in file.units {
        if u.pinned {
            pinned.insert(u.unit_id.clone());
        }
        if schools.insert(u.unit_id.clone(), u.school_id).is_some() {
            return Err(SaveError::BadDraft {
                path: shown,
                message: format!("unit '{}' is listed twice", u.unit_id),
            });
        }
    }
    Ok(SavedDraft {
        zones: UnitZones {
            stage,
            schools,
            cells: file.cells,
        },
        pinned,
    })
}
