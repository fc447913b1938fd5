//! Atomic writes: temp file in the same folder, then rename.

use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` atomically: a temporary file beside it, flushed, then renamed over it.
/// Creates the parent folder.
///
/// A file inside an output folder being staged (see [`super::OutDir`]) is written directly: the
/// whole folder is published by one rename, so a file of its own needs no temporary name and no
/// fsync (a forecast of 1,000 schools writes 1,000 charts; an fsync each made it I/O-bound).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    if is_staging(dir) {
        return std::fs::write(path, bytes);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Whether `dir` is (inside) a staging folder being filled: one of its ancestors holds the marker
/// file of an unfinished output ([`super::OutDir`]).
fn is_staging(dir: &Path) -> bool {
    dir.ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .any(|a| a.join(super::out_dir::PARTIAL_MARKER).is_file())
}

/// Write named files (`(file name, bytes)` pairs, as the sample generator and the engines' output
/// builders return them) into `dir`, each atomically.
pub fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    for (name, bytes) in files {
        write_atomic(&dir.join(name), bytes)?;
    }
    Ok(())
}

/// Write CSV rows (first row = header) as UTF-8 with a BOM, so Excel shows Chinese correctly.
pub fn write_csv_bom(path: &Path, rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut out = Vec::with_capacity(rows.len() * 32 + 3);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    {
        let mut w = csv::Writer::from_writer(&mut out);
        for row in rows {
            w.write_record(row).map_err(std::io::Error::other)?;
        }
        w.flush()?;
    }
    write_atomic(path, &out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers = std::fs::read_dir(p.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1);
    }

    #[test]
    fn csv_has_bom() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        write_csv_bom(
            &p,
            &[
                vec!["学校".into(), "n".into()],
                vec!["一小".into(), "3".into()],
            ],
        )
        .unwrap();
        let b = std::fs::read(&p).unwrap();
        assert!(b.starts_with(b"\xEF\xBB\xBF"));
        assert!(String::from_utf8_lossy(&b).contains("一小,3"));
    }
}
