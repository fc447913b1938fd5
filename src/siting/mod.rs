//! Where to build new schools and kindergartens, how big, and by when.
