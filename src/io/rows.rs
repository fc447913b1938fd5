//! Turning table rows into records: every row becomes a record or a reject with its reason, and the
//! problems found are collected, not thrown.

use super::table::RawTable;
use super::values::Row;
use crate::model::{Diagnostic, LoadReport, Reject, SourceRef};
use rayon::prelude::*;
use std::collections::HashMap;

/// Build one record per row with `f` (in parallel); rows that fail become rejects.
/// `required` columns must all be present, else every row is rejected.
pub fn build<T: Send>(
    t: &RawTable,
    required: &[&str],
    report: &mut LoadReport,
    f: impl Fn(Row) -> Result<T, Vec<Diagnostic>> + Sync,
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
    let results: Vec<Result<T, Vec<Diagnostic>>> =
        t.rows.par_iter().map(|r| f(Row::new(t, r))).collect();
    let mut out = Vec::with_capacity(results.len());
    for (raw, res) in t.rows.iter().zip(results) {
        match res {
            Ok(v) => out.push(v),
            Err(diags) => {
                let row = Row::new(t, raw);
                let reason = diags
                    .first()
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "unusable row".into());
                report.rejects.push(Reject {
                    table: t.table.clone(),
                    id: row_id(&row),
                    source: row.at(),
                    reason,
                });
                report.diagnostics.extend(diags);
            }
        }
    }
    out
}

/// Reject every row of a table for one reason (a missing column).
pub fn reject_all(t: &RawTable, report: &mut LoadReport, reason: &str) {
    for raw in &t.rows {
        let row = Row::new(t, raw);
        report.rejects.push(Reject {
            table: t.table.clone(),
            id: row_id(&row),
            source: row.at(),
            reason: reason.to_string(),
        });
    }
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
pub fn dedup_ids<T>(
    table: &str,
    records: &mut Vec<T>,
    id: impl Fn(&T) -> &str,
    source: impl Fn(&T) -> &SourceRef,
    report: &mut LoadReport,
) -> usize {
    let mut first: HashMap<&str, u64> = HashMap::with_capacity(records.len());
    let mut dup = vec![false; records.len()];
    for (i, r) in records.iter().enumerate() {
        let line = source(r).line;
        if let Some(&at) = first.get(id(r)) {
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
        } else {
            first.insert(id(r), line);
        }
    }
    drop(first);
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
