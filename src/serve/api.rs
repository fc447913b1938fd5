//! The JSON API: request and response types, validation, and the routing of `/api/...` calls to
//! the editor. No sockets here, so every rule can be tested directly.
//!
//! Why: the page and any script use the same calls, and every bad request must come back as a 4xx
//! with a JSON error naming the field (`{"error": ..., "field": ...}`), never a panic.
//!
//! - `GET /api/state`: the draft, its statistics and the history flags.
//! - `GET /api/geo`: the boundary, the units (pupils shown only at or above the threshold) and the
//!   schools, as GeoJSON in WGS84; for demand cells, their squares, and `cells` (the side in
//!   metres, the smaller squares merged and their pupils).
//! - `POST /api/move` `{"units": [id...], "school_id": id}`; `POST /api/pin`
//!   `{"units": [id...], "pinned": bool}`; `POST /api/undo`, `POST /api/redo`;
//!   `POST /api/start` `{"start": "current|nearest|capacitated|contiguous"}`;
//!   `POST /api/optimise` (re-zone the units not pinned, capacitated);
//!   `POST /api/save` `{"name": folder}`; `POST /api/load` `{"name": folder}`.

use super::save::{self, SaveError};
use super::state::{Editor, Start};
use super::stats::Stats;
use super::ServeError;
use crate::model::UnitShape;
use crate::report::privacy::MIN_PUPILS;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::PathBuf;

/// An API error: HTTP status, message, and the request field at fault.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: u16,
    pub error: String,
    pub field: Option<String>,
}

impl ApiError {
    fn new(status: u16, field: Option<&str>, error: impl Into<String>) -> Self {
        ApiError {
            status,
            error: error.into(),
            field: field.map(String::from),
        }
    }
}

/// A reply: status, and a JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl From<ApiError> for Reply {
    fn from(e: ApiError) -> Reply {
        Reply {
            status: e.status,
            body: serde_json::to_string(&e).unwrap_or_else(|_| "{}".into()),
        }
    }
}

/// The editor and where it may write.
#[derive(Debug)]
pub struct App {
    pub editor: Editor,
    /// Drafts are saved as `drafts/NAME`, nowhere else.
    pub drafts: PathBuf,
    /// The project folder (outputs never go into it, except its `out/`).
    pub project_dir: Option<PathBuf>,
    unit_index: HashMap<String, usize>,
    seat_index: HashMap<String, u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveRequest {
    units: Vec<String>,
    school_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PinRequest {
    units: Vec<String>,
    pinned: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StartRequest {
    start: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NameRequest {
    name: String,
}

/// `GET /api/state`.
#[derive(Debug, Serialize)]
pub struct StateReply<'a> {
    pub level: &'a str,
    pub start: &'a str,
    pub last_edit: &'a str,
    pub can_undo: bool,
    pub can_redo: bool,
    /// School id per unit (null = unassigned), in the units table's order.
    pub units: Vec<UnitState<'a>>,
    #[serde(flatten)]
    pub stats: Stats,
}

#[derive(Debug, Serialize)]
pub struct UnitState<'a> {
    pub id: &'a str,
    pub school_id: Option<&'a str>,
    pub pinned: bool,
}

impl App {
    pub fn new(editor: Editor, drafts: PathBuf, project_dir: Option<PathBuf>) -> App {
        let unit_index = editor
            .input
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.clone(), i))
            .collect();
        let seat_index = editor
            .problem
            .seats
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i as u32))
            .collect();
        App {
            editor,
            drafts,
            project_dir,
            unit_index,
            seat_index,
        }
    }

    /// Route one API call (`path` without the query string).
    pub fn handle(&mut self, method: &str, path: &str, body: &[u8]) -> Reply {
        match self.route(method, path, body) {
            Ok(v) => Reply {
                status: 200,
                body: v,
            },
            Err(e) => e.into(),
        }
    }

    fn route(&mut self, method: &str, path: &str, body: &[u8]) -> Result<String, ApiError> {
        let post = |m: &str| {
            if m == "POST" {
                Ok(())
            } else {
                Err(ApiError::new(405, None, format!("{path} takes POST")))
            }
        };
        match path {
            "/api/state" | "/api/geo" if method != "GET" => {
                Err(ApiError::new(405, None, format!("{path} takes GET")))
            }
            "/api/state" => self.state_json(),
            "/api/geo" => Ok(self.geo_json().to_string()),
            "/api/move" => {
                post(method)?;
                let r: MoveRequest = parse(body)?;
                let units = self.unit_ids(&r.units)?;
                let to = self.seat(&r.school_id)?;
                self.editor.move_units(&units, to).map_err(edit_error)?;
                self.state_json()
            }
            "/api/pin" => {
                post(method)?;
                let r: PinRequest = parse(body)?;
                let units = self.unit_ids(&r.units)?;
                self.editor
                    .pin_units(&units, r.pinned)
                    .map_err(edit_error)?;
                self.state_json()
            }
            "/api/undo" | "/api/redo" => {
                post(method)?;
                let done = if path == "/api/undo" {
                    self.editor.undo()
                } else {
                    self.editor.redo()
                };
                if !done {
                    return Err(ApiError::new(
                        409,
                        None,
                        format!("nothing to {}", &path[5..]),
                    ));
                }
                self.state_json()
            }
            "/api/start" => {
                post(method)?;
                let r: StartRequest = parse(body)?;
                let start = Start::parse(&r.start).ok_or_else(|| {
                    ApiError::new(
                        400,
                        Some("start"),
                        format!(
                            "'{}': use current, nearest, capacitated or contiguous",
                            r.start
                        ),
                    )
                })?;
                self.editor.restart(start).map_err(edit_error)?;
                self.state_json()
            }
            "/api/optimise" => {
                post(method)?;
                self.editor.optimise();
                self.state_json()
            }
            "/api/save" => {
                post(method)?;
                let r: NameRequest = parse(body)?;
                self.save(&r.name)
            }
            "/api/load" => {
                post(method)?;
                let r: NameRequest = parse(body)?;
                self.load(&r.name)?;
                self.state_json()
            }
            _ => Err(ApiError::new(404, None, format!("no API call {path}"))),
        }
    }

    fn unit_ids(&self, ids: &[String]) -> Result<Vec<usize>, ApiError> {
        if ids.is_empty() {
            return Err(ApiError::new(422, Some("units"), "no unit given"));
        }
        let mut out = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            let u = self.unit_index.get(id).ok_or_else(|| {
                ApiError::new(
                    400,
                    Some(&format!("units[{i}]")),
                    format!("unknown unit '{id}'"),
                )
            })?;
            out.push(*u);
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    fn seat(&self, id: &str) -> Result<u32, ApiError> {
        self.seat_index.get(id).copied().ok_or_else(|| {
            ApiError::new(
                400,
                Some("school_id"),
                format!(
                    "unknown school '{id}': not a school taking {} pupils",
                    self.editor.stage()
                ),
            )
        })
    }

    /// The state as JSON.
    pub fn state_json(&self) -> Result<String, ApiError> {
        let e = &self.editor;
        let seats = &e.problem.seats;
        let reply = StateReply {
            level: e.stage().as_str(),
            start: e.start.as_str(),
            last_edit: e.last_edit(),
            can_undo: e.can_undo(),
            can_redo: e.can_redo(),
            units: e
                .input
                .units
                .iter()
                .enumerate()
                .map(|(u, unit)| UnitState {
                    id: &unit.id,
                    school_id: e.seat_of()[u].map(|s| seats[s as usize].id.as_str()),
                    pinned: e.pinned()[u],
                })
                .collect(),
            stats: e.stats(),
        };
        serde_json::to_string(&reply).map_err(|err| ApiError::new(500, None, err.to_string()))
    }

    /// Boundary, units and schools as GeoJSON (WGS84, 6 decimals).
    pub fn geo_json(&self) -> Value {
        let e = &self.editor;
        let boundary = e
            .input
            .boundary
            .as_ref()
            .map(|(lonlat, _)| multipolygon(lonlat));
        let units: Vec<Value> = e
            .input
            .units
            .iter()
            .enumerate()
            .map(|(u, unit)| {
                let pupils = e.units.counts[u].total();
                let square = e.input.cells.as_ref().map(|c| &c.squares_lonlat[u]);
                let geom = match (square, &unit.shape) {
                    (Some(sq), _) => multipolygon(sq),
                    (None, UnitShape::Polygon { lonlat, .. }) => {
                        multipolygon(lonlat)
                    }
                    (None, UnitShape::Point { lonlat, .. }) => {
                        json!({"type": "Point", "coordinates": [round6(lonlat[0]), round6(lonlat[1])]})
                    }
                };
                json!({
                    "type": "Feature",
                    "geometry": geom,
                    "properties": {
                        "id": unit.id,
                        "name": unit.name,
                        "pupils": (pupils >= MIN_PUPILS).then_some(pupils),
                    }
                })
            })
            .collect();
        let schools: Vec<Value> = e
            .problem
            .seats
            .iter()
            .map(|s| {
                let school = &e.input.schools[s.school];
                json!({
                    "id": s.id,
                    "name": school.name,
                    "level": s.level.to_string(),
                    "lonlat": [round6(school.lonlat[0]), round6(school.lonlat[1])],
                })
            })
            .collect();
        json!({
            "boundary": boundary,
            "units": {"type": "FeatureCollection", "features": units},
            "schools": schools,
            "min_pupils": MIN_PUPILS,
            "cells": e.input.cells.as_ref().map(|c| json!({
                "size_m": c.grid.size_m,
                "merged_squares": c.merged_squares,
                "merged_pupils": c.merged_pupils,
            })),
        })
    }

    fn save(&self, name: &str) -> Result<String, ApiError> {
        let (folder, files) = save::save(
            &self.editor,
            &self.drafts,
            name,
            self.project_dir.as_deref(),
        )
        .map_err(save_error)?;
        Ok(json!({"folder": folder.display().to_string(), "files": files}).to_string())
    }

    fn load(&mut self, name: &str) -> Result<(), ApiError> {
        let dir = save::draft_dir(&self.drafts, name).map_err(save_error)?;
        let draft = save::read_draft(&dir).map_err(save_error)?;
        if draft.zones.stage != self.editor.stage() {
            return Err(ApiError::new(
                409,
                Some("name"),
                format!(
                    "draft '{name}' zones {}, the editor {}",
                    draft.zones.stage,
                    self.editor.stage()
                ),
            ));
        }
        if draft.zones.cells != self.editor.input.grid() {
            return Err(ApiError::new(
                409,
                Some("name"),
                format!(
                    "draft '{name}' was drawn on other units or demand cells than the editor's"
                ),
            ));
        }
        let seats = crate::zones::fixed::resolve(
            &self.editor.input.units,
            &self.editor.problem,
            &draft.zones,
        )
        .map_err(|e| ApiError::new(409, Some("name"), format!("draft '{name}': {e}")))?;
        let pinned = self
            .editor
            .input
            .units
            .iter()
            .map(|u| draft.pinned.contains(&u.id))
            .collect();
        self.editor.load(seats, pinned, name);
        Ok(())
    }
}

/// Parse a JSON body into `T`; errors name the field serde names, or `body`.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        let msg = e.to_string();
        let field = field_of(&msg).unwrap_or_else(|| "body".into());
        ApiError::new(400, Some(&field), format!("malformed request: {msg}"))
    })
}

/// The field a serde error message names (`missing field `x``, `unknown field `x``).
fn field_of(msg: &str) -> Option<String> {
    let start = msg.find('`')? + 1;
    let end = start + msg[start..].find('`')?;
    (msg.contains("field")).then(|| msg[start..end].to_string())
}

fn edit_error(e: ServeError) -> ApiError {
    match e {
        ServeError::Pinned { .. } => ApiError::new(409, Some("units"), e.to_string()),
        ServeError::NothingToMove => ApiError::new(422, Some("units"), e.to_string()),
        other => ApiError::new(422, None, other.to_string()),
    }
}

fn save_error(e: SaveError) -> ApiError {
    match e {
        SaveError::BadName { .. } => ApiError::new(400, Some("name"), e.to_string()),
        SaveError::OutDir(_) | SaveError::Read { .. } => {
            ApiError::new(409, Some("name"), e.to_string())
        }
        SaveError::BadDraft { .. } | SaveError::BadLevel { .. } => {
            ApiError::new(409, Some("name"), e.to_string())
        }
        SaveError::Write { .. } | SaveError::Files(_) | SaveError::Map { .. } => {
            ApiError::new(500, None, e.to_string())
        }
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A multipolygon as a GeoJSON geometry, coordinates rounded to 6 decimals.
fn multipolygon(m: &geo::MultiPolygon<f64>) -> Value {
    let ring = |r: &geo::LineString<f64>| -> Value {
        r.0.iter()
            .map(|c| json!([round6(c.x), round6(c.y)]))
            .collect()
    };
    let polys: Vec<Value> =
        m.0.iter()
            .map(|p| {
                std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .map(ring)
                    .collect()
            })
            .collect();
    json!({"type": "MultiPolygon", "coordinates": polys})
}
