//! Why an address could not be placed, with the names that explain it and what to do.

/// An address the gazetteer cannot place. Each message quotes the address and says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("no village or township of the gazetteer in '{address}'; check the spelling or add the place to the gazetteer")]
    NotFound { address: String },
    #[error("'{address}': {village} is in {found_in}, not in {township}; correct the township or the village")]
    WrongTownship {
        address: String,
        village: String,
        /// The townships the village is in, joined with "or".
        found_in: String,
        township: String,
    },
    #[error("'{address}' names {township} but no village of it in the gazetteer, and the gazetteer has no position for {township}; add the village, or a gazetteer row for the township")]
    TownshipUnplaced { address: String, township: String },
    #[error("'{address}' matches {places}; {}", ambiguity_hint(*.same_township))]
    Ambiguous {
        address: String,
        /// `东风村委会 in 林西镇 and 大井镇`.
        places: String,
        /// All the places are in one township (only the suffix tells them apart).
        same_township: bool,
    },
}

fn ambiguity_hint(same_township: bool) -> &'static str {
    if same_township {
        "write the village's full name (with 村 or 社区)"
    } else {
        "add the township"
    }
}
