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
}

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
