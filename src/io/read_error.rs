//! Why a whole file could not be read as a table (as opposed to one bad row, which is a
//! [`crate::model::Diagnostic`] and a reject). Each variant carries the numbers the planner needs to
//! find the place: the line, the text found, the encodings seen.

/// A file that cannot be read as a table at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("the sheet is empty")]
    EmptySheet,
    #[error("the workbook has no sheet")]
    NoSheet,
    #[error("not readable as a spreadsheet: {0}")]
    Spreadsheet(String),
    #[error("not valid GeoJSON: {0}")]
    GeoJson(String),
    #[error("{0}")]
    Shapefile(String),
    #[error("the .dbf file beside the .shp is missing")]
    NoDbf,
    #[error("cannot read the file: {0}")]
    Io(String),
    /// Lines in two encodings: `line` is the first that is not UTF-8, `utf8_line` one that is.
    #[error(
        "line {line} is not UTF-8 text, but line {utf8_line} is: the file mixes encodings (GBK and UTF-8 lines)"
    )]
    MixedEncoding { line: u64, utf8_line: u64 },
    /// A quoted field that never closes; `start` is the first 40 characters after the quote.
    #[error("a quoted field opens on line {line} and is never closed: \"{start}")]
    UnterminatedQuote { line: u64, start: String },
}

impl ReadError {
    /// The line the problem is on, when it is on one.
    pub fn line(&self) -> Option<u64> {
        match self {
            ReadError::MixedEncoding { line, .. } | ReadError::UnterminatedQuote { line, .. } => {
                Some(*line)
            }
            _ => None,
        }
    }

    /// What to do about it.
    pub fn hint(&self, table: &str) -> String {
        match self {
            ReadError::MixedEncoding { .. } => {
                "save the whole file again in one encoding (Excel: CSV UTF-8)".into()
            }
            ReadError::UnterminatedQuote { .. } => {
                "close the quote (\"...\"), or remove the stray quote character".into()
            }
            _ => format!("save the {table} table again as CSV (UTF-8), XLSX or GeoJSON"),
        }
    }
}

/// A polygon that cannot be converted or projected: the first vertex that failed.
#[derive(Debug, thiserror::Error)]
pub enum GeometryError {
    #[error("vertex ({x}, {y}) is not finite")]
    NonFinite { x: f64, y: f64 },
    #[error(transparent)]
    Crs(#[from] crate::crs::CrsError),
}
