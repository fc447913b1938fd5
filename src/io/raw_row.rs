//! One input row as read from any format, remembering where it came from. Its own file so the CSV
//! row scanner ([`super::csv_rows`]) and the table ([`super::table`]) both build on it.

use geo::Geometry;

/// One input row.
#[derive(Debug, Clone)]
pub struct RawRow {
    /// 1-based line in the CSV, row in the sheet, or feature number in GeoJSON/Shapefile.
    pub line: u64,
    pub cells: Cells,
    /// The feature's geometry, for GeoJSON and Shapefile input (in the input CRS).
    pub geometry: Option<Geometry<f64>>,
}

/// A row's cells: one text and where each cell lies in it.
///
/// A CSV line without quotes is taken whole, with the cells' bounds, in one copy
/// ([`Cells::set_line`]): a million lines copied cell by cell cost more than reading them.
///
/// ```
/// use catchment::io::Cells;
/// let mut c = Cells::default();
/// c.set_line("P1,g1,,SCH1", b',');
/// assert_eq!(c.len(), 4);
/// assert_eq!(c.iter().collect::<Vec<_>>(), ["P1", "g1", "", "SCH1"]);
/// assert_eq!((c.get(3), c.get(4)), (Some("SCH1"), None));
/// assert_eq!(Cells::from(vec!["a".to_string(), "b".into()]).get(1), Some("b"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cells {
    text: String,
    /// (start, end) byte offsets of each cell in `text`.
    bounds: Vec<(u32, u32)>,
}

impl Cells {
    /// No cells.
    pub fn clear(&mut self) {
        self.text.clear();
        self.bounds.clear();
    }

    /// `line` (no line break) split at every `delim`, replacing the cells.
    pub fn set_line(&mut self, line: &str, delim: u8) {
        self.clear();
        self.text.push_str(line);
        let mut from = 0u32;
        for (i, b) in line.bytes().enumerate() {
            if b == delim {
                self.bounds.push((from, i as u32));
                from = i as u32 + 1;
            }
        }
        self.bounds.push((from, line.len() as u32));
    }

    /// The cells of a csv record, replacing these.
    pub fn set_record(&mut self, record: &csv::StringRecord) {
        self.clear();
        for cell in record {
            self.push(cell);
        }
    }

    /// Add a cell at the end.
    pub fn push(&mut self, cell: &str) {
        let start = self.text.len() as u32;
        self.text.push_str(cell);
        self.bounds.push((start, self.text.len() as u32));
    }

    /// How many cells.
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Whether there are no cells.
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }

    /// Cell `i`, None past the last.
    pub fn get(&self, i: usize) -> Option<&str> {
        let &(a, b) = self.bounds.get(i)?;
        self.text.get(a as usize..b as usize)
    }

    /// Every cell, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.bounds
            .iter()
            .map(|&(a, b)| self.text.get(a as usize..b as usize).unwrap_or_default())
    }
}

impl From<Vec<String>> for Cells {
    fn from(cells: Vec<String>) -> Cells {
        let mut c = Cells::default();
        for cell in &cells {
            c.push(cell);
        }
        c
    }
}

impl std::ops::Index<usize> for Cells {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        self.get(i)
            .unwrap_or_else(|| panic!("cell {i} of a row of {} cells", self.len()))
    }
}
