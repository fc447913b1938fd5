//! Reading a planning project from disk and writing outputs safely.
//!
//! Input: a folder of tables (CSV in UTF-8 or GBK, XLSX, GeoJSON, Shapefile), found by their
//! conventional names. Output: every file is written to a temporary name and renamed into place, so a
//! crash never leaves a half-written file.
//!
//! Loading never stops at the first problem: every row becomes a record or a reject with its reason,
//! and every problem is a [`Diagnostic`] in [`Project::report`]. Only folder-level failures (no such
//! folder, an unreadable `catchment.toml`) are [`LoadError`]s.

// Row builders return a `Diagnostic` (file, line, field, value, message, hint) on the error path;
// it is large by design and only built for bad rows, so boxing it would buy nothing.
#![allow(clippy::result_large_err)]

mod aliases;
mod atomic;
mod build_boundary;
mod build_points;
mod build_schools;
mod build_students;
mod build_tables;
mod build_units;
mod checks;
mod column;
mod consistency;
mod coords;
mod csv_line;
mod csv_read;
mod csv_rows;
mod dates;
mod encoding;
mod fast_hash;
mod gcj_check;
mod geojson_read;
mod history_checks;
mod inside;
pub mod intern;
mod kg_infer;
pub mod locate_tables;
mod out_dir;
mod planar_fill;
mod raw_row;
mod read_error;
mod rows;
mod shp_read;
mod source;
mod table;
mod unit_overlap;
mod values;
mod xlsx_read;

pub use aliases::markdown_table as header_table;
pub use atomic::{write_atomic, write_csv_bom, write_files};
pub use coords::InputConverter;
pub use csv_line::{push_fixed1, push_record, push_u64};
pub use encoding::decode as decode_text;
pub use inside::InsideIndex;
pub use kg_infer::{KgInferred, KgSource};
pub use out_dir::{
    check_out_file, read_manifest, Manifest, OutDir, OutDirError, OutRules, MANIFEST,
    PROJECT_OUTPUTS,
};
pub use planar_fill::all_lonlats as located_lonlats;
pub use raw_row::Cells;
pub use read_error::ReadError;
pub use table::RawTable;

use crate::address::Gazetteer;
use crate::crs::PlanarCrs;
use crate::model::{Diagnostic, LoadReport, Project, SourceRef};
use crate::standards::{InputCrs, Settings};
use source::Files;
use std::path::PathBuf;

/// Where a project's files come from.
#[derive(Debug, Clone)]
pub enum ProjectSource {
    /// A folder on disk.
    Dir(PathBuf),
    /// Files held in memory (the built-in sample): a display name and (file name, bytes) pairs.
    Embedded {
        name: String,
        files: Vec<(String, Vec<u8>)>,
    },
}

/// Errors that stop loading altogether (a missing folder, an unreadable settings file). Problems in
/// the data itself are not errors here: they are collected in [`Project::report`].
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: no such project folder")]
    NoFolder { path: String },
    #[error(transparent)]
    Settings(#[from] crate::standards::SettingsError),
    #[error("{file}: cannot read: {source}")]
    Read { file: String, source: ReadError },
}

/// The formats each table may come in, in order of preference.
const FORMATS: &[(&str, &[&str])] = &[
    ("schools", &["csv", "xlsx", "xls", "geojson", "json"]),
    ("students", &["csv", "xlsx", "xls"]),
    ("units", &["geojson", "json", "shp", "csv", "xlsx", "xls"]),
    ("boundary", &["geojson", "json", "shp"]),
    ("history", &["csv", "xlsx", "xls"]),
    ("births", &["csv", "xlsx", "xls"]),
    ("housing", &["csv", "xlsx", "xls", "geojson", "json"]),
    ("sites", &["csv", "xlsx", "xls", "geojson", "json"]),
    ("resources", &["csv", "xlsx", "xls"]),
    ("gazetteer", &["csv", "xlsx", "xls"]),
];

/// Load every table of a project, collecting problems in `report` rather than stopping at the first.
/// History years are checked against today's school year (see [`load_project_on`]).
pub fn load_project(source: &ProjectSource) -> Result<Project, LoadError> {
    load_project_on(source, history_checks::current_school_year())
}

/// [`load_project`] with the current school year given (the calendar year it started in), so that
/// a history year after it is an error independent of the clock.
pub fn load_project_on(source: &ProjectSource, school_year: i32) -> Result<Project, LoadError> {
    let name = match source {
        ProjectSource::Dir(p) => {
            if !p.is_dir() {
                return Err(LoadError::NoFolder {
                    path: p.display().to_string(),
                });
            }
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string())
        }
        ProjectSource::Embedded { name, .. } => name.clone(),
    };
    let files = Files::list(source).map_err(|e| LoadError::Read {
        file: match source {
            ProjectSource::Dir(p) => p.display().to_string(),
            ProjectSource::Embedded { name, .. } => name.clone(),
        },
        source: ReadError::Io(e.to_string()),
    })?;
    let mut phases = LoadPhases::start();
    let settings = read_settings(&files)?;
    let mut report = LoadReport::default();
    let conv = converter(&settings, &files, &mut report);
    let mut l = Loader {
        files: &files,
        settings: &settings,
        report: &mut report,
        used: Vec::new(),
        present: Vec::new(),
    };
    let gazetteer = l
        .table("gazetteer")
        .map(|t| build_tables::gazetteer(&t, &conv, l.report))
        .unwrap_or_default();
    phases.done("gazetteer");
    let schools_t = l.table("schools");
    if schools_t.is_none() && !l.present.iter().any(|t| t == "schools") {
        l.report.diagnostics.push(Diagnostic::error(
            &SourceRef::new(files.display("schools.csv"), 0),
            "no schools table",
            "add schools.csv (or .xlsx/.geojson) with id, name, level, lon, lat, classrooms",
        ));
    }
    let kg_given = schools_t
        .as_ref()
        .map(build_schools::kg_classes_given)
        .unwrap_or_default();
    let mut schools = schools_t
        .map(|t| build_schools::build(&t, &conv, l.report))
        .unwrap_or_default();
    phases.done("schools");
    let index = Gazetteer::new(gazetteer.clone());
    let students_t = l.table("students");
    phases.done("read students");
    let students = students_t
        .map(|t| build_students::build(&t, &conv, &index, l.report))
        .unwrap_or_default();
    phases.done("build students");
    let units = l
        .table("units")
        .map(|t| build_units::build(&t, &conv, l.report))
        .unwrap_or_default();
    let boundary_t = l.table("boundary");
    let boundary_file = boundary_t
        .as_ref()
        .map(|t| t.file.clone())
        .unwrap_or_default();
    let boundary = boundary_t.and_then(|t| build_boundary::build(&t, &conv, l.report));
    let history = l
        .table("history")
        .map(|t| build_tables::history(&t, l.report))
        .unwrap_or_default();
    let births = l
        .table("births")
        .map(|t| build_tables::births(&t, l.report))
        .unwrap_or_default();
    let housing = l
        .table("housing")
        .map(|t| build_points::housing(&t, &conv, l.report))
        .unwrap_or_default();
    let sites = l
        .table("sites")
        .map(|t| build_points::sites(&t, &conv, l.report))
        .unwrap_or_default();
    let resources = l
        .table("resources")
        .map(|t| build_tables::resources(&t, l.report))
        .unwrap_or_default();
    phases.done("other tables");
    l.unknown_renames();
    kg_infer::infer(
        &mut schools,
        &kg_given,
        &students,
        &history,
        &settings.standards,
        l.report,
    );

    phases.done("kg infer");
    let mut project = Project {
        name,
        settings: settings.clone(),
        planar: PlanarCrs::choose(&[]),
        boundary: boundary.map(|b| (b, geo::MultiPolygon::new(vec![]))),
        schools,
        students,
        units,
        history,
        births,
        housing,
        sites,
        resources,
        gazetteer,
        report: LoadReport::default(),
    };
    let planar = planar_crs(&project, &files, &mut report);
    planar_fill::fill(&mut project, &planar, &mut report);
    phases.done("planar fill");
    if let Some((ll, _)) = project.boundary.take() {
        match planar_fill::project_multipolygon(&planar, &ll) {
            Ok(xy) => project.boundary = Some((ll, xy)),
            Err(e) => report.diagnostics.push(Diagnostic::error(
                &SourceRef::new(&boundary_file, 0),
                format!("cannot project the boundary to {}: {e}", planar.name),
                "check the boundary's coordinates and [crs] input",
            )),
        }
    }
    project.planar = planar;
    phases.done("boundary");
    checks::references(&project, &mut report);
    phases.done("references");
    // The remaining checks read only the project: two groups run side by side, each into its own
    // report, appended in this order (as if run one after the other).
    let (geometry, tables) = rayon::join(
        || {
            let mut r = LoadReport::default();
            unit_overlap::check(&project.units, &mut r);
            // The boundary test runs once: the datum check starts from its count, and its
            // warning still comes before the points' own.
            let mut outside = LoadReport::default();
            let points_outside = checks::outside_boundary(&project, &mut outside);
            gcj_check::check(
                &project,
                &project.planar,
                &boundary_file,
                points_outside,
                &mut r,
            );
            r.diagnostics.extend(outside.diagnostics);
            r.tallies.extend(outside.tallies);
            r
        },
        || {
            let mut r = LoadReport::default();
            consistency::check(&project, &mut r);
            history_checks::check(&project.history, school_year, &mut r);
            r
        },
    );
    for r in [geometry, tables] {
        report.diagnostics.extend(r.diagnostics);
        report.rejects.extend(r.rejects);
        report.encodings.extend(r.encodings);
        report.tallies.extend(r.tallies);
    }
    phases.done("checks");
    project.report = report;
    Ok(project)
}

/// Times of the load's phases on stderr when `CATCHMENT_TIMINGS` is set (`load: students 0.41 s`),
/// for profiling large projects; silent otherwise.
struct LoadPhases {
    last: Option<std::time::Instant>,
}

impl LoadPhases {
    fn start() -> LoadPhases {
        let on = std::env::var_os("CATCHMENT_TIMINGS").is_some();
        LoadPhases {
            last: on.then(std::time::Instant::now),
        }
    }

    fn done(&mut self, phase: &str) {
        if let Some(last) = &mut self.last {
            eprintln!("load: {phase} {:.3} s", last.elapsed().as_secs_f64());
            *last = std::time::Instant::now();
        }
    }
}

fn read_settings(files: &Files) -> Result<Settings, LoadError> {
    let Some(name) = files.find("catchment.toml") else {
        return Ok(Settings::default());
    };
    let display = files.display(name);
    let bytes = files.read(name).map_err(|source| LoadError::Read {
        file: display.clone(),
        source,
    })?;
    let (text, _) = encoding::decode(&bytes);
    Ok(Settings::from_toml(&text, &display)?)
}

fn converter(settings: &Settings, files: &Files, report: &mut LoadReport) -> InputConverter {
    InputConverter::new(&settings.input_crs).unwrap_or_else(|e| {
        report.diagnostics.push(
            Diagnostic::error(
                &SourceRef::new(files.display("catchment.toml"), 0),
                e.to_string(),
                "use wgs84, gcj02 or a projected EPSG code",
            )
            .field("crs.input", format!("{:?}", settings.input_crs)),
        );
        InputConverter::new(&InputCrs::Wgs84).expect("WGS84 needs no projection")
    })
}

fn planar_crs(p: &Project, files: &Files, report: &mut LoadReport) -> PlanarCrs {
    if let Some(code) = p.settings.planar_epsg {
        match PlanarCrs::from_epsg(code) {
            Ok(c) => return c,
            Err(e) => report.diagnostics.push(
                Diagnostic::error(
                    &SourceRef::new(files.display("catchment.toml"), 0),
                    e.to_string(),
                    "use a projected EPSG code in metres, or remove [crs] planar",
                )
                .field("crs.planar", code.to_string()),
            ),
        }
    }
    PlanarCrs::choose_at(planar_fill::mean_lonlat(p))
}

/// Finds and reads tables, noting each file's encoding.
struct Loader<'a, 'f> {
    files: &'a Files<'f>,
    settings: &'a Settings,
    report: &'a mut LoadReport,
    used: Vec<String>,
    /// Tables whose file exists (readable or not).
    present: Vec<String>,
}

impl Loader<'_, '_> {
    /// The table's file, read; None when absent or unreadable (an error is recorded then).
    fn table(&mut self, table: &str) -> Option<RawTable> {
        self.used.push(table.to_string());
        let name = self.find(table)?;
        self.present.push(table.to_string());
        let display = self.files.display(&name);
        let ext = name.rsplit('.').next().unwrap_or("").to_lowercase();
        let result = self.files.read(&name).and_then(|bytes| match ext.as_str() {
            "xlsx" | "xls" | "xlsm" | "ods" => {
                xlsx_read::read_xlsx(table, &display, &bytes).map(|t| (t, ext.clone()))
            }
            "geojson" | "json" => {
                geojson_read::read_geojson(table, &display, &bytes).map(|t| (t, "GeoJSON".into()))
            }
            "shp" => self.shapefile(table, &name, &display, &bytes),
            _ => csv_read::read_csv_owned(table, &display, bytes).map(|(t, e)| (t, e.to_string())),
        });
        match result {
            Ok((t, enc)) => {
                self.report.encodings.push((display, enc));
                Some(t)
            }
            Err(e) => {
                self.report.diagnostics.push(Diagnostic::error(
                    &SourceRef::new(&display, e.line().unwrap_or(0)),
                    e.to_string(),
                    e.hint(table),
                ));
                None
            }
        }
    }

    /// The file for a table: as renamed in catchment.toml, else by its conventional name.
    fn find(&mut self, table: &str) -> Option<String> {
        if let Some(renamed) = self.settings.files.get(table) {
            let found = self.files.find(renamed).map(str::to_string);
            if found.is_none() {
                self.report.diagnostics.push(
                    Diagnostic::error(
                        &SourceRef::new(self.files.display("catchment.toml"), 0),
                        format!("names the {table} file '{renamed}', which is not in the project folder"),
                        "correct the name under [files] or add the file",
                    )
                    .field(format!("files.{table}"), renamed),
                );
            }
            return found;
        }
        let exts = FORMATS
            .iter()
            .find(|(t, _)| *t == table)
            .map(|(_, e)| *e)
            .unwrap_or(&["csv"]);
        let present: Vec<String> = exts
            .iter()
            .filter_map(|e| self.files.find(&format!("{table}.{e}")).map(str::to_string))
            .collect();
        if present.len() > 1 {
            self.report.diagnostics.push(Diagnostic::warning(
                &SourceRef::new(self.files.display(&present[0]), 0),
                format!(
                    "several {table} files ({}); using the first",
                    present.join(", ")
                ),
                "remove the others, or choose one under [files] in catchment.toml",
            ));
        }
        present.into_iter().next()
    }

    fn shapefile(
        &self,
        table: &str,
        name: &str,
        display: &str,
        shp: &[u8],
    ) -> Result<(RawTable, String), ReadError> {
        let stem = &name[..name.len() - 4];
        let sibling = |ext: &str| {
            self.files
                .find(&format!("{stem}.{ext}"))
                .and_then(|n| self.files.read(n).ok())
        };
        let dbf = sibling("dbf").ok_or(ReadError::NoDbf)?;
        let cpg = sibling("cpg");
        let src = shp_read::ShapefileBytes {
            shp,
            dbf: &dbf,
            cpg: cpg.as_deref(),
        };
        shp_read::read_shapefile(table, display, &src)
            .map(|(t, enc)| (t, format!("Shapefile, attributes {enc}")))
    }

    /// Renames in catchment.toml for tables catchment does not know.
    fn unknown_renames(&mut self) {
        for (table, file) in &self.settings.files {
            if !self.used.contains(table) {
                self.report.diagnostics.push(
                    Diagnostic::warning(
                        &SourceRef::new(self.files.display("catchment.toml"), 0),
                        format!("unknown table '{table}' under [files]"),
                        format!(
                            "use one of: {}",
                            FORMATS
                                .iter()
                                .map(|(t, _)| *t)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .field(format!("files.{table}"), file),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod defaults_tests;
