//! One shared copy of each value a table repeats on every row.
//!
//! A million pupils name about a thousand schools, a few hundred planning units and a few thousand
//! birth dates, and every row names its file. Holding those as one `String` per row costs about
//! 130 bytes a pupil (the heap copies and the allocator's bookkeeping); sharing one `Arc<str>` per
//! distinct value costs 16 bytes a field. Rows are built in parallel work items, each with its own
//! [`Interner`]: no lock and no shared counter on the hot path, at the price of one copy of a
//! value per work item that meets it.

use super::fast_hash::FxHashSet;
use crate::model::SourceRef;
use std::sync::Arc;

/// The values one work item has met, each held once.
#[derive(Default)]
pub struct Interner {
    /// The file the rows come from, shared by every [`SourceRef`] this item makes.
    file: Option<Arc<str>>,
    values: FxHashSet<Arc<str>>,
    /// The last value of each column passed to [`Interner::get_in`]: registers list pupils school
    /// by school, so the next row's school is most often the last one.
    last: [Option<Arc<str>>; COLUMNS],
}

/// Columns [`Interner::get_in`] remembers a last value for.
pub const COLUMNS: usize = 4;

impl Interner {
    /// The shared copy of `value`, made on first sight.
    ///
    /// ```
    /// use catchment::io::intern::Interner;
    /// use std::sync::Arc;
    /// let mut i = Interner::default();
    /// let a = i.get("SCH0001");
    /// let b = i.get("SCH0001");
    /// assert!(Arc::ptr_eq(&a, &b));
    /// assert_eq!(&*i.get("SCH0002"), "SCH0002");
    /// ```
    pub fn get(&mut self, value: &str) -> Arc<str> {
        if let Some(v) = self.values.get(value) {
            return Arc::clone(v);
        }
        let v: Arc<str> = Arc::from(value);
        self.values.insert(Arc::clone(&v));
        v
    }

    /// [`Interner::get`] for a value of column `column` (below [`COLUMNS`]; others are looked up),
    /// answering at once when it repeats the column's last value.
    ///
    /// ```
    /// use catchment::io::intern::Interner;
    /// use std::sync::Arc;
    /// let mut i = Interner::default();
    /// let a = i.get_in(0, "SCH0001");
    /// assert!(Arc::ptr_eq(&a, &i.get_in(0, "SCH0001")));
    /// assert!(Arc::ptr_eq(&a, &i.get_in(1, "SCH0001")));
    /// assert_eq!(&*i.get_in(0, "SCH0002"), "SCH0002");
    /// assert!(Arc::ptr_eq(&a, &i.get("SCH0001")));
    /// ```
    pub fn get_in(&mut self, column: usize, value: &str) -> Arc<str> {
        let Some(slot) = self.last.get_mut(column) else {
            return self.get(value);
        };
        if let Some(v) = slot.as_ref().filter(|v| ***v == *value) {
            return Arc::clone(v);
        }
        let v = self.get(value);
        self.last[column] = Some(Arc::clone(&v));
        v
    }

    /// Line `line` of `file`, sharing the file's name with the item's other rows.
    pub fn source(&mut self, file: &str, line: u64) -> SourceRef {
        match &self.file {
            Some(f) if &**f == file => SourceRef::shared(f, line),
            _ => {
                let f: Arc<str> = Arc::from(file);
                let s = SourceRef::shared(&f, line);
                self.file = Some(f);
                s
            }
        }
    }
}
