//! A column of a table found once, for the row accessors of [`super::values::Row`].
//!
//! Every accessor names its field canonically (`"lon"`) and finds the column from the name. That
//! costs a lookup per cell: a million students with nine fields each are nine million lookups, a
//! twentieth of loading them. A table's builder that reads many rows finds its columns once
//! ([`RawTable::column`]) and passes the [`Col`] where it would pass the name.

use super::table::RawTable;

/// What a row accessor takes to find a cell: a canonical name, looked up in the table, or a
/// [`Col`] found beforehand.
pub trait Field: Copy {
    /// The canonical name (for messages).
    fn canon(&self) -> &str;
    /// The column's index in `table`, None when absent.
    fn index(&self, table: &RawTable) -> Option<usize>;
}

impl Field for &str {
    fn canon(&self) -> &str {
        self
    }

    fn index(&self, table: &RawTable) -> Option<usize> {
        table.col(self)
    }
}

/// A canonical column and where it is in one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    canon: &'static str,
    index: Option<usize>,
}

impl Field for Col {
    fn canon(&self) -> &str {
        self.canon
    }

    fn index(&self, _table: &RawTable) -> Option<usize> {
        self.index
    }
}

impl RawTable {
    /// The column `canon` of this table, found once (pass it only to rows of this table).
    ///
    /// ```
    /// use catchment::io::RawTable;
    /// let t = RawTable::new("students", "students.csv", 1, vec!["id".into(), "lon".into()]);
    /// assert_eq!(t.column("lon"), t.column("lon"));
    /// assert_ne!(t.column("lon"), t.column("lat"));
    /// ```
    pub fn column(&self, canon: &'static str) -> Col {
        Col {
            canon,
            index: self.col(canon),
        }
    }
}
