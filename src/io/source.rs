//! Finding a project's files, in a folder or in memory, by conventional name or as renamed in
//! `catchment.toml`.

use super::read_error::ReadError;
use super::ProjectSource;
use std::borrow::Cow;
use std::path::PathBuf;

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
    pub fn read(&self, name: &str) -> Result<Cow<'a, [u8]>, ReadError> {
        let (_, bytes) = self
            .entries
            .iter()
            .find(|(n, _)| n == name)
            .ok_or_else(|| ReadError::Io("no such file".into()))?;
        match (bytes, &self.dir) {
            (Some(b), _) => Ok(Cow::Borrowed(*b)),
            (None, Some(d)) => std::fs::read(d.join(name))
                .map(Cow::Owned)
                .map_err(|e| ReadError::Io(e.to_string())),
            (None, None) => Err(ReadError::Io("no such file".into())),
        }
    }
}
