//! `catchment.toml`: per-project file names, input CRS, standards overrides and engine options.

use super::Standards;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub use crate::crs::InputCrs;

/// Errors reading `catchment.toml`.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{file}: cannot read: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error(
        "{file}: field 'crs.input' value '{value}': unknown CRS; use wgs84, gcj02 or EPSG:<code>"
    )]
    Crs { file: String, value: String },
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct CrsSection {
    input: Option<String>,
    /// Force the planar CRS (EPSG code) instead of choosing it from the data.
    planar: Option<u16>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct SettingsFile {
    crs: CrsSection,
    files: BTreeMap<String, String>,
    standards: Standards,
    options: BTreeMap<String, toml::Value>,
}

/// Resolved settings: defaults, overridden by the project's `catchment.toml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub input_crs: InputCrs,
    /// A forced planar EPSG code; None chooses the Gauss-Krüger zone from the data.
    pub planar_epsg: Option<u16>,
    /// Table name (`students`) → file name, for files not under their conventional name.
    pub files: BTreeMap<String, String>,
    pub standards: Standards,
    /// Engine options by dotted name (`forecast.window = 3`), kept raw for the engines to read.
    pub options: BTreeMap<String, toml::Value>,
}

impl Settings {
    /// Parse the text of a `catchment.toml`; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Settings, SettingsError> {
        let raw: SettingsFile = toml::from_str(text).map_err(|e| SettingsError::Parse {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        let input_crs = match raw.crs.input {
            None => InputCrs::Wgs84,
            Some(v) => InputCrs::parse(&v).ok_or(SettingsError::Crs {
                file: file.to_string(),
                value: v,
            })?,
        };
        Ok(Settings {
            input_crs,
            planar_epsg: raw.crs.planar,
            files: raw.files,
            standards: raw.standards,
            options: raw.options,
        })
    }

    /// Read `DIR/catchment.toml` if present, else defaults.
    pub fn load(dir: &Path) -> Result<Settings, SettingsError> {
        let path = dir.join("catchment.toml");
        if !path.exists() {
            return Ok(Settings::default());
        }
        let file = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|source| SettingsError::Read {
            file: file.clone(),
            source,
        })?;
        Self::from_toml(&text, &file)
    }

    /// A numeric engine option, e.g. `option_f64("forecast.window")`.
    pub fn option_f64(&self, key: &str) -> Option<f64> {
        match self.options.get(key)? {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) => Some(*f),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_keep_other_defaults() {
        let s = Settings::from_toml(
            "[crs]\ninput = \"gcj02\"\n[standards]\nclass_cap_primary = 40\n[standards.service_radius_m]\nprimary = 2000\n",
            "catchment.toml",
        )
        .unwrap();
        assert_eq!(s.input_crs, InputCrs::Gcj02);
        assert_eq!(s.standards.class_cap_primary, 40);
        assert_eq!(s.standards.class_cap_junior, 50);
        assert_eq!(s.standards.service_radius_m.primary, 2000.0);
        assert_eq!(s.standards.service_radius_m.junior, 1000.0);
    }

    #[test]
    fn unknown_keys_are_errors() {
        let e = Settings::from_toml("[standards]\nclass_cap = 40\n", "catchment.toml").unwrap_err();
        assert!(e.to_string().contains("class_cap"), "{e}");
    }

    #[test]
    fn epsg_parses() {
        assert_eq!(InputCrs::parse("EPSG:4547"), Some(InputCrs::Epsg(4547)));
        assert_eq!(InputCrs::parse("bogus"), None);
    }
}
