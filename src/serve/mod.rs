//! `catchment serve`: draft attendance zones in the browser, with live class counts, caps and
//! distances.
//!
//! Why: planners draft zones by moving villages and residential communities between schools and
//! watching each school's classes; the batch `zones` command makes them edit a CSV and run again.
//! This module is the library side of the editor: the draft and its history ([`state`]), the live
//! statistics computed with the batch capacity code ([`stats`]), the JSON API with its validation
//! ([`api`]), saving and loading drafts as the files `zones` writes ([`save`]) and the HTTP loop
//! ([`http`]). The page itself (HTML, JS, the vendored Leaflet) is embedded from `assets/`.
//!
//! The editor works on planning units (the `units` table), or, for a project without them, on
//! demand cells ([`input`]): the page shows units and cells, never a home, and a unit's pupil
//! count only when it holds at least the published report's threshold (every cell holds that).

pub mod api;
pub mod http;
pub mod input;
pub mod save;
pub mod state;
pub mod stats;
pub mod units;

pub use input::EditorInput;
pub use state::{Editor, Start};

/// Why the editor cannot start or an edit cannot be made. Each names the record.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("the project has no planning units, and its pupils make no demand cell: {0}")]
    Cells(#[from] crate::zones::cells::CellError),
    #[error(transparent)]
    Zone(#[from] crate::zones::ZoneError),
    #[error("unit '{unit_id}' is pinned; unpin it before moving it")]
    Pinned { unit_id: String },
    #[error("no unit given")]
    NothingToMove,
}

#[cfg(test)]
mod tests;
