//! Turning table rows into records: every row becomes a record or a reject with its reason, and the
//! problems found are collected, not thrown.

use super::intern::Interner;
use super::table::{RawRow, RawTable};
use super::values::Row;
use crate::model::{Diagnostic, LoadReport, Reject, SourceRef};

/// Build one record per row with `f` (in parallel); rows that fail become rejects.
/// `required` columns must all be present, else every row is rejected.
pub fn build<T: Send>(
    t: &RawTable,
    required: &[&str],
    report: &mut LoadReport,
    f: impl Fn(Row) -> Result<T, Vec<Diagnostic>> + Sync,
) -> Vec<T> {
    build_interned(t, required, report, |_, row| f(row))
}

/// [`build`], giving `f` the work item's [`Interner`] so that records share the values rows repeat.
pub fn build_interned<T: Send>(
    t: &RawTable,
    required: &[&str],
    report: &mut LoadReport,
    f: impl Fn(&mut Interner, Row) -> Result<T, Vec<Diagnostic>> + Sync,
) -> Vec<T> {
    report.diagnostics.extend(t.notes.iter().cloned());
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| t.col(c).is_none())
        .collect();
    if !missing.is_empty() {
        for c in &missing {
            report.diagnostics.push(t.missing(c));
        }
        reject_all(
            t,
            report,
            &format!("missing column '{}'", missing.join("', '")),
        );
        return Vec::new();
    }
    // Records are written straight into the one vector returned, each work item into its own
    // range (as many places as the item can have rows), then closed up: no second copy of a
    // million records, and no vector per item.
    let bounds = t.row_bounds();
    let starts: Vec<usize> = bounds
        .iter()
        .scan(0, |at, b| {
            *at += b;
            Some(*at - b)
        })
        .collect();
    let mut out: Vec<T> = Vec::with_capacity(bounds.iter().sum());
    let base = Base(out.as_mut_ptr());
    let base = &base;
    let parts: Vec<Item> = t.fold_rows(
        |i| Item {
            start: starts[i],
            bound: bounds[i],
            written: 0,
            bad: Vec::new(),
            interner: Interner::default(),
        },
        |item, raw| match field_count(t, raw)
            .map_or_else(|| f(&mut item.interner, Row::new(t, raw)), |d| Err(vec![d]))
        {
            Ok(v) => {
                assert!(item.written < item.bound, "more rows than line breaks");
                // SAFETY: the slot is inside `out`'s capacity, in this item's own range
                // `start..start + bound` (ranges of items do not overlap), and not yet written.
                unsafe { base.0.add(item.start + item.written).write(v) };
                item.written += 1;
            }
            Err(diags) => {
                let row = Row::new(t, raw);
                let reason = diags
                    .first()
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "unusable row".into());
                let reject = Reject {
                    table: t.table.clone(),
                    id: row_id(&row),
                    source: row.at(),
                    reason,
                };
                item.bad.push((reject, diags));
            }
        },
    );
    let mut len = 0;
    for item in parts {
        if item.start != len {
            // SAFETY: `written` records start at `item.start`; `len` <= `item.start`, and every
            // slot below `len` is already a moved-down record of an earlier item.
            unsafe { std::ptr::copy(base.0.add(item.start), base.0.add(len), item.written) };
        }
        len += item.written;
        for (reject, diags) in item.bad {
            report.rejects.push(reject);
            report.diagnostics.extend(diags);
        }
    }
    // SAFETY: the first `len` slots hold the records, in row order, each once.
    unsafe { out.set_len(len) };
    out
}

/// One work item of [`build`]: where its records go, how many it wrote, its rejected rows.
struct Item {
    start: usize,
    bound: usize,
    written: usize,
    bad: Vec<(Reject, Vec<Diagnostic>)>,
    interner: Interner,
}

/// The records' buffer, written by the work items in disjoint ranges.
struct Base<T>(*mut T);
// SAFETY: items write disjoint slots of one buffer that outlives them; records are `Send`.
unsafe impl<T: Send> Sync for Base<T> {}

/// A CSV row with more or fewer fields than the header (empty fields past the header's end, as
/// Excel writes them, are allowed).
fn field_count(t: &RawTable, raw: &RawRow) -> Option<Diagnostic> {
    let width = t.csv_fields?;
    let cells = &raw.cells;
    if cells.len() == width {
        return None;
    }
    // Built only for a bad row: a million good rows need no copy of the file name.
    let at = SourceRef::new(&t.file, raw.line);
    if cells.len() > width {
        let extra = cells
            .iter()
            .skip(width)
            .position(|c| !c.trim().is_empty())?;
        let value = cells.get(width + extra).unwrap_or("").to_string();
        let d = Diagnostic::error(
            &at,
            format!("the row has {} fields but the header has {width}", cells.len()),
            "a comma inside an unquoted value shifts every column after it: put that value in double quotes, or fix the row",
        );
        return Some(d.field(format!("field {}", width + extra + 1), value));
    }
    if cells.len() < width {
        let header = t.header(cells.len()).to_string();
        let d = Diagnostic::error(
            &at,
            format!(
                "the row has {} fields but the header has {width}",
                cells.len()
            ),
            "add the missing fields (empty ones as ,,) or fix the row",
        );
        return Some(d.field(header, ""));
    }
    None
}

/// Reject every row of a table for one reason (a missing column).
pub fn reject_all(t: &RawTable, report: &mut LoadReport, reason: &str) {
    let rejects = t.map_rows(|raw| {
        let row = Row::new(t, raw);
        Reject {
            table: t.table.clone(),
            id: row_id(&row),
            source: row.at(),
            reason: reason.to_string(),
        }
    });
    report.rejects.extend(rejects.into_iter().flatten());
}

fn row_id(row: &Row) -> String {
    row.text("id")
        .or_else(|| row.text("school_id"))
        .or_else(|| row.text("name"))
        .unwrap_or("")
        .to_string()
}

/// Drop records whose id repeats an earlier one: each is an error and a reject naming the first.
/// Returns how many were dropped.
pub fn dedup_ids<T: Sync>(
    table: &str,
    records: &mut Vec<T>,
    id: impl Fn(&T) -> &str + Sync,
    source: impl Fn(&T) -> &SourceRef,
    report: &mut LoadReport,
) -> usize {
    let first = first_occurrences(records, &id);
    let mut dup = vec![false; records.len()];
    for (i, r) in records.iter().enumerate() {
        let Some(f) = first[i] else { continue };
        let at = source(&records[f as usize]).line;
        dup[i] = true;
        let d = Diagnostic::error(
            source(r),
            format!("duplicate id (first at line {at})"),
            "give every row its own id, or delete the repeated row",
        )
        .field("id", id(r));
        report.rejects.push(Reject {
            table: table.to_string(),
            id: id(r).to_string(),
            source: source(r).clone(),
            reason: d.to_string(),
        });
        report.diagnostics.push(d);
    }
    let n = dup.iter().filter(|d| **d).count();
    if n > 0 {
        *report.tallies.entry("duplicate_ids".into()).or_default() += n as u64;
        let mut i = 0;
        records.retain(|_| {
            i += 1;
            !dup[i - 1]
        });
    }
    n
}

/// For each record whose id an earlier record has, the index of the first such record. The ids
/// are hashed in parallel and the hashes sorted, so only records whose hash repeats are compared
/// (a hash map of a million ids built on one thread was a tenth of the load; sorting the bare
/// hashes moves half the bytes of sorting them with their indices).
fn first_occurrences<T: Sync>(
    records: &[T],
    id: &(impl Fn(&T) -> &str + Sync),
) -> Vec<Option<u32>> {
    use rayon::prelude::*;
    use std::hash::{BuildHasher, BuildHasherDefault};
    let hasher = BuildHasherDefault::<super::fast_hash::FxHasher>::default();
    let hashes: Vec<u64> = records.par_iter().map(|r| hasher.hash_one(id(r))).collect();
    let mut sorted = hashes.clone();
    sorted.par_sort_unstable();
    let repeated: super::fast_hash::FxHashSet<u64> = sorted
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    drop(sorted);
    let mut first = vec![None; records.len()];
    if repeated.is_empty() {
        return first;
    }
    // The records of each repeated hash, in row order.
    let mut groups: super::fast_hash::FxHashMap<u64, Vec<u32>> = Default::default();
    for (i, h) in hashes.iter().enumerate() {
        if repeated.contains(h) {
            groups.entry(*h).or_default().push(i as u32);
        }
    }
    for group in groups.values() {
        // The first equal id before a record is its first.
        for (p, &i) in group.iter().enumerate() {
            let mine = id(&records[i as usize]);
            first[i as usize] = group[..p]
                .iter()
                .find(|&&j| id(&records[j as usize]) == mine)
                .copied();
        }
    }
    first
}
