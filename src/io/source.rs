//! Finding a project's files, in a folder or in memory, by conventional name or as renamed in
//! `catchment.toml`.

use super::read_error::ReadError;
use super::ProjectSource;
use std::path::{Path, PathBuf};

/// Files at least this large are mapped rather than read: a county's 75 MB of students is then
/// never copied, and the system need not zero 75 MB of fresh memory to copy it into.
const MAP_MIN_BYTES: u64 = 1 << 20;

/// A file's bytes, held by the table that keeps them (a large CSV body is parsed from them when
/// its rows are visited).
pub enum Bytes {
    Owned(Vec<u8>),
    /// The file mapped read-only, as ripgrep reads large files. Another program truncating the
    /// file while it is read is the one hazard (the system then stops the process); rewriting it in
    /// place shows as changed bytes, found by the parse like any other bad bytes.
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Owned(v) => v,
            Bytes::Mapped(m) => m,
        }
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytes({} bytes)", self.len())
    }
}

impl Default for Bytes {
    fn default() -> Bytes {
        Bytes::Owned(Vec::new())
    }
}

impl Clone for Bytes {
    /// A copy in memory (a mapped file is copied out).
    fn clone(&self) -> Bytes {
        Bytes::Owned(self.to_vec())
    }
}

/// A file as read: borrowed from an embedded project, or held.
pub enum FileBytes<'a> {
    Borrowed(&'a [u8]),
    Held(Bytes),
}

impl std::ops::Deref for FileBytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Borrowed(b) => b,
            FileBytes::Held(b) => b,
        }
    }
}

impl FileBytes<'_> {
    /// The bytes, held (borrowed ones copied).
    pub fn into_held(self) -> Bytes {
        match self {
            FileBytes::Borrowed(b) => Bytes::Owned(b.to_vec()),
            FileBytes::Held(b) => b,
        }
    }
}

/// Read a file, mapping it when it is large.
fn read_file(path: &Path) -> std::io::Result<Bytes> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.len() >= MAP_MIN_BYTES {
        // SAFETY: the map is read-only and private to this process; see `Bytes::Mapped` for what
        // another program changing the file can do.
        if let Ok(m) = unsafe { memmap2::Mmap::map(&file) } {
            return Ok(Bytes::Mapped(m));
        }
    }
    let mut v = Vec::new();
    std::io::Read::read_to_end(&mut &file, &mut v)?;
    Ok(Bytes::Owned(v))
}

/// The files of a project, listed once.
pub struct Files<'a> {
    dir: Option<PathBuf>,
    /// (file name, bytes when embedded).
    entries: Vec<(String, Option<&'a [u8]>)>,
}

impl<'a> Files<'a> {
    /// List the folder (or the embedded files).
    pub fn list(source: &'a ProjectSource) -> std::io::Result<Files<'a>> {
        match source {
            ProjectSource::Dir(dir) => {
                let mut entries = Vec::new();
                for e in std::fs::read_dir(dir)? {
                    let e = e?;
                    if e.file_type().map(|t| t.is_file()).unwrap_or(false) {
                        entries.push((e.file_name().to_string_lossy().into_owned(), None));
                    }
                }
                entries.sort();
                Ok(Files {
                    dir: Some(dir.clone()),
                    entries,
                })
            }
            ProjectSource::Embedded { files, .. } => Ok(Files {
                dir: None,
                entries: files
                    .iter()
                    .map(|(n, b)| (n.clone(), Some(b.as_slice())))
                    .collect(),
            }),
        }
    }

    /// The exact name of a file present (matched without regard to case).
    pub fn find(&self, name: &str) -> Option<&str> {
        let want = name.to_lowercase();
        self.entries
            .iter()
            .find(|(n, _)| n.to_lowercase() == want)
            .map(|(n, _)| n.as_str())
    }

    /// How to name a file in messages: its path in a folder, its name when embedded.
    pub fn display(&self, name: &str) -> String {
        match &self.dir {
            Some(d) => d.join(name).display().to_string(),
            None => name.to_string(),
        }
    }

    /// Read a file present in the listing.
    pub fn read(&self, name: &str) -> Result<FileBytes<'a>, ReadError> {
        let (_, bytes) = self
            .entries
            .iter()
            .find(|(n, _)| n == name)
            .ok_or_else(|| ReadError::Io("no such file".into()))?;
        match (bytes, &self.dir) {
            (Some(b), _) => Ok(FileBytes::Borrowed(b)),
            (None, Some(d)) => read_file(&d.join(name))
                .map(FileBytes::Held)
                .map_err(|e| ReadError::Io(e.to_string())),
            (None, None) => Err(ReadError::Io("no such file".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_is_mapped_a_small_one_read_and_both_give_the_file_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let large: Vec<u8> = (0..MAP_MIN_BYTES as usize + 7)
            .map(|i| b"id,grade\n"[i % 9])
            .collect();
        std::fs::write(dir.path().join("students.csv"), &large).unwrap();
        std::fs::write(dir.path().join("schools.csv"), b"id,name\n").unwrap();
        let source = ProjectSource::Dir(dir.path().to_path_buf());
        let files = Files::list(&source).unwrap();
        let FileBytes::Held(big) = files.read("students.csv").unwrap() else {
            panic!("a file in a folder is held")
        };
        assert!(matches!(big, Bytes::Mapped(_)));
        assert_eq!(&*big, &large[..]);
        let FileBytes::Held(small) = files.read("schools.csv").unwrap() else {
            panic!("a file in a folder is held")
        };
        assert!(matches!(small, Bytes::Owned(_)));
        assert_eq!(&*small, b"id,name\n");
        assert_eq!(&*big.clone(), &large[..], "a copy has the same bytes");
    }
}
