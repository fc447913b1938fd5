//! The built-in Linxi sample: a deterministic, seeded generator of a plausible county dataset.
