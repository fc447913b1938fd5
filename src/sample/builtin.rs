//! The committed standard sample, embedded in the binary so every command works from any folder.

use crate::io::ProjectSource;

/// The files of `fixtures/linxi/`, embedded at compile time.
const FILES: [(&str, &[u8]); 12] = [
    (
        "README.md",
        include_bytes!("../../fixtures/linxi/README.md"),
    ),
    (
        "births.csv",
        include_bytes!("../../fixtures/linxi/births.csv"),
    ),
    (
        "boundary.geojson",
        include_bytes!("../../fixtures/linxi/boundary.geojson"),
    ),
    (
        "catchment.toml",
        include_bytes!("../../fixtures/linxi/catchment.toml"),
    ),
    (
        "gazetteer.csv",
        include_bytes!("../../fixtures/linxi/gazetteer.csv"),
    ),
    (
        "history.csv",
        include_bytes!("../../fixtures/linxi/history.csv"),
    ),
    (
        "housing.csv",
        include_bytes!("../../fixtures/linxi/housing.csv"),
    ),
    (
        "resources.csv",
        include_bytes!("../../fixtures/linxi/resources.csv"),
    ),
    (
        "schools.csv",
        include_bytes!("../../fixtures/linxi/schools.csv"),
    ),
    (
        "sites.csv",
        include_bytes!("../../fixtures/linxi/sites.csv"),
    ),
    (
        "students.csv",
        include_bytes!("../../fixtures/linxi/students.csv"),
    ),
    (
        "units.geojson",
        include_bytes!("../../fixtures/linxi/units.geojson"),
    ),
];

/// The display name of the built-in sample.
pub const BUILTIN_NAME: &str = "linxi (built-in sample)";

/// The built-in Linxi sample as a project source: every file of `fixtures/linxi/`.
pub fn builtin() -> ProjectSource {
    ProjectSource::Embedded {
        name: BUILTIN_NAME.to_string(),
        files: FILES
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeds_every_file_of_the_generator() {
        let ProjectSource::Embedded { name, files } = builtin() else {
            panic!("not embedded");
        };
        assert_eq!(name, BUILTIN_NAME);
        let generated = crate::sample::generate(&crate::sample::SampleSpec::default());
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        let expected: Vec<&str> = generated.files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, expected);
        assert!(files.iter().all(|f| !f.1.is_empty()));
    }
}
