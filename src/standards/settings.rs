//! `catchment.toml`: per-project file names, input CRS, standards overrides and engine options.

use super::option_values::OptionValues;
use super::{keys, Standards};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub use crate::crs::InputCrs;

/// Errors reading `catchment.toml`. Each names the file and the key as written there.
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
    #[error("{file}: unknown key '{key}'; did you mean {}?", quoted(.closest))]
    UnknownKey {
        file: String,
        key: String,
        closest: Vec<String>,
    },
    #[error("{file}: field '{key}' value '{value}': out of range; use {expected}")]
    OutOfRange {
        file: String,
        key: String,
        value: String,
        expected: String,
    },
    #[error("{file}: field '{key}' value '{value}': must be {expected}")]
    WrongType {
        file: String,
        key: String,
        value: String,
        expected: String,
    },
}

fn quoted(keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(" or ")
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
    /// Engine options as written (`forecast.window = 3`), each typed; `catchment::options` resolves
    /// them with the command line's flags into each engine's options.
    pub options: OptionValues,
}

impl Settings {
    /// Parse the text of a `catchment.toml`; `file` names it in errors. Unknown keys are errors
    /// naming the closest known key; dotted keys and `[forecast]`/`[zones]` tables are read as
    /// engine options; every standard is range-checked.
    pub fn from_toml(text: &str, file: &str) -> Result<Settings, SettingsError> {
        let parse_err = |e: &dyn std::fmt::Display| SettingsError::Parse {
            file: file.to_string(),
            message: e.to_string(),
        };
        let mut table: toml::Table = toml::from_str(text).map_err(|e| parse_err(&e))?;
        let options = take_options(&mut table, file)?;
        check_keys(&table, file)?;
        let raw: SettingsFile = toml::Value::Table(table)
            .try_into()
            .map_err(|e| parse_err(&e))?;
        let input_crs = match raw.crs.input {
            None => InputCrs::Wgs84,
            Some(v) => InputCrs::parse(&v).ok_or(SettingsError::Crs {
                file: file.to_string(),
                value: v,
            })?,
        };
        if let Some((key, value, expected)) =
            keys::range_problems(&raw.standards).into_iter().next()
        {
            return Err(SettingsError::OutOfRange {
                file: file.to_string(),
                key,
                value,
                expected: expected.to_string(),
            });
        }
        Ok(Settings {
            input_crs,
            planar_epsg: raw.crs.planar,
            files: raw.files,
            standards: raw.standards,
            options,
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
}

/// Remove `[options]`, `[forecast]` and `[zones]` from `table` and return their leaves, each
/// checked against [`keys::KNOWN_OPTIONS`] and typed.
fn take_options(table: &mut toml::Table, file: &str) -> Result<OptionValues, SettingsError> {
    let mut leaves = Vec::new();
    if let Some(v) = table.remove("options") {
        keys::leaves("", &v, &mut leaves);
    }
    for group in keys::OPTION_GROUPS {
        if let Some(v) = table.remove(*group) {
            keys::leaves(group, &v, &mut leaves);
        }
    }
    let known: Vec<String> = keys::KNOWN_OPTIONS.iter().map(|k| k.to_string()).collect();
    let mut out = OptionValues::default();
    for (key, value) in leaves {
        if !known.contains(&key) {
            return Err(SettingsError::UnknownKey {
                file: file.to_string(),
                closest: keys::suggest(&key, &known),
                key,
            });
        }
        if let Err(expected) = out.set(&key, &value) {
            return Err(SettingsError::WrongType {
                file: file.to_string(),
                key,
                value: value.to_string(),
                expected: expected.into(),
            });
        }
    }
    Ok(out)
}

/// Every key left in `table` (after the options) must be a known one.
fn check_keys(table: &toml::Table, file: &str) -> Result<(), SettingsError> {
    let standards = keys::standards_keys();
    let all = keys::all_keys();
    for (top, value) in table {
        let mut leaves = Vec::new();
        keys::leaves(top, value, &mut leaves);
        for (key, _) in leaves {
            let known = match top.as_str() {
                "files" => true,
                "crs" => key == "crs.input" || key == "crs.planar",
                "standards" => standards.contains(&key),
                _ => false,
            };
            if !known {
                let pool = if top == "standards" { &standards } else { &all };
                return Err(SettingsError::UnknownKey {
                    file: file.to_string(),
                    closest: keys::suggest(&key, pool),
                    key,
                });
            }
        }
    }
    Ok(())
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
    fn unknown_keys_name_the_closest_known_key() {
        let e = Settings::from_toml("[options]\nforcast.window = 4\n", "c.toml").unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.toml: unknown key 'forcast.window'; did you mean 'forecast.window'?"
        );
        let e = Settings::from_toml("[standards]\nclass_cap_primay = 40\n", "c.toml").unwrap_err();
        assert!(
            e.to_string()
                .contains("did you mean 'standards.class_cap_primary'"),
            "{e}"
        );
        let e = Settings::from_toml("[crs]\ninptu = \"gcj02\"\n", "c.toml").unwrap_err();
        assert!(e.to_string().contains("'crs.input'"), "{e}");
    }

    #[test]
    fn dotted_keys_and_option_tables_are_read() {
        for text in [
            "[options]\nzones.count_expandable = true\n",
            "[options]\n\"zones.count_expandable\" = true\n",
            "[zones]\ncount_expandable = true\n",
            "zones.count_expandable = true\n",
        ] {
            let s = Settings::from_toml(text, "c.toml").unwrap();
            assert_eq!(s.options.zones.count_expandable, Some(true), "{text}");
        }
        let s = Settings::from_toml("standards.class_cap_primary = 40\n", "c.toml").unwrap();
        assert_eq!(s.standards.class_cap_primary, 40);
        let e = Settings::from_toml("zones.count_expandable = 1\n", "c.toml").unwrap_err();
        assert!(e.to_string().contains("must be true or false"), "{e}");
        let e = Settings::from_toml("[forecast]\nwindow = \"3\"\n", "c.toml").unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.toml: field 'forecast.window' value '\"3\"': must be a number"
        );
        let s = Settings::from_toml("[forecast]\nmodel = \"persistence\"\n", "c.toml").unwrap();
        assert_eq!(s.options.forecast.model.as_deref(), Some("persistence"));
    }

    #[test]
    fn standards_are_range_checked() {
        let e = Settings::from_toml("[standards]\nclass_cap_primary = 0\n", "c.toml").unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.toml: field 'standards.class_cap_primary' value '0': out of range; use a class cap of 1-100 pupils"
        );
        let e = Settings::from_toml("[standards.service_radius_m]\nprimary = -500\n", "c.toml")
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("'standards.service_radius_m.primary' value '-500'"),
            "{e}"
        );
    }

    #[test]
    fn epsg_parses() {
        assert_eq!(InputCrs::parse("EPSG:4547"), Some(InputCrs::Epsg(4547)));
        assert_eq!(InputCrs::parse("bogus"), None);
    }
}
