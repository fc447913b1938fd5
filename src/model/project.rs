//! A loaded planning project, and the report of what loading found.

use super::records::*;
use crate::crs::PlanarCrs;
use crate::standards::Settings;
use geo::MultiPolygon;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// Where a record came from: the file (as the planner named it) and the 1-based line or feature.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SourceRef {
    /// Shared between the records of one file: a million students hold one copy of its name.
    pub file: Arc<str>,
    /// 1-based line in a CSV (the header is line 1), row in a sheet, or feature number in GeoJSON.
    pub line: u64,
}

impl SourceRef {
    pub fn new(file: impl AsRef<str>, line: u64) -> Self {
        SourceRef {
            file: Arc::from(file.as_ref()),
            line,
        }
    }

    /// A place in a file whose name is already shared (no copy of the name is made).
    pub fn shared(file: &Arc<str>, line: u64) -> Self {
        SourceRef {
            file: Arc::clone(file),
            line,
        }
    }
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data is still usable.
    Warning,
    /// The data is not usable until this is fixed.
    Error,
}

/// One problem found in the input, printed as
/// `file:line: field 'x' value 'y': what is wrong; what to do`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    /// 1-based line or feature; None when the problem concerns the whole file.
    pub line: Option<u64>,
    pub field: Option<String>,
    pub value: Option<String>,
    /// What is wrong, with the numbers.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl Diagnostic {
    /// An error at a place in a file.
    pub fn error(at: &SourceRef, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: at.file.to_string(),
            line: (at.line > 0).then_some(at.line),
            field: None,
            value: None,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A warning at a place in a file.
    pub fn warning(at: &SourceRef, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(at, message, hint)
        }
    }

    /// Name the field and the offending value.
    pub fn field(mut self, field: impl Into<String>, value: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self.value = Some(value.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        f.write_str(":")?;
        if let Some(field) = &self.field {
            write!(f, " field '{field}'")?;
        }
        if let Some(value) = &self.value {
            write!(f, " value '{value}'")?;
        }
        if self.field.is_some() || self.value.is_some() {
            f.write_str(":")?;
        }
        write!(f, " {}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, "; {}", self.hint)?;
        }
        Ok(())
    }
}

/// A record that could not be used, kept with the reason so nothing is lost silently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reject {
    /// Which table: `students`, `schools`, ...
    pub table: String,
    pub id: String,
    pub source: SourceRef,
    pub reason: String,
}

/// What loading found: problems, file encodings and rejects.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadReport {
    pub diagnostics: Vec<Diagnostic>,
    /// (file, encoding) for each table read: `UTF-8`, `UTF-8 (BOM)`, `GBK`, `xlsx`, `GeoJSON`, ...
    pub encodings: Vec<(String, String)>,
    pub rejects: Vec<Reject>,
    /// Named counts for summaries: `students_outside_boundary`, `duplicate_ids`,
    /// `unmatched_addresses`, ...
    #[serde(default)]
    pub tallies: std::collections::BTreeMap<String, u64>,
}

impl LoadReport {
    /// Whether any problem makes the data unusable.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

/// A fully loaded planning project. Every table is optional except `schools`; empty vectors mean the
/// file was absent.
#[derive(Debug, Clone)]
pub struct Project {
    /// A display name: the folder name, or `linxi (built-in sample)`.
    pub name: String,
    pub settings: Settings,
    /// The projected CRS all `xy_m` are in.
    pub planar: PlanarCrs,
    /// County boundary in WGS84 degrees and in planar metres.
    pub boundary: Option<(MultiPolygon<f64>, MultiPolygon<f64>)>,
    pub schools: Vec<School>,
    pub students: Vec<Student>,
    pub units: Vec<Unit>,
    pub history: Vec<HistoryRow>,
    pub births: Vec<BirthRow>,
    pub housing: Vec<HousingProject>,
    pub sites: Vec<Site>,
    pub resources: Vec<Resources>,
    pub gazetteer: Vec<GazetteerEntry>,
    pub report: LoadReport,
}

impl Project {
    /// A project named `name` with these settings and planar CRS and no records: the start for
    /// building a project in code (tests, benches).
    pub fn new(name: impl Into<String>, settings: Settings, planar: PlanarCrs) -> Project {
        Project {
            name: name.into(),
            settings,
            planar,
            boundary: None,
            schools: Vec::new(),
            students: Vec::new(),
            units: Vec::new(),
            history: Vec::new(),
            births: Vec::new(),
            housing: Vec::new(),
            sites: Vec::new(),
            resources: Vec::new(),
            gazetteer: Vec::new(),
            report: LoadReport::default(),
        }
    }

    /// The school with this id.
    pub fn school(&self, id: &str) -> Option<&School> {
        self.schools.iter().find(|s| s.id == id)
    }
}
