//! Reading a planning project from disk and writing outputs safely.
//!
//! Input: a folder of tables (CSV in UTF-8 or GBK, XLSX, GeoJSON, Shapefile), found by their
//! conventional names. Output: every file is written to a temporary name and renamed into place, so a
//! crash never leaves a half-written file.

mod atomic;

pub use atomic::{write_atomic, write_csv_bom};
