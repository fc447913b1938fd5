//! Helpers shared by the commands: error printing in `error:` / `hint:` form.

/// An error for the user with a hint on what to do, printed as `error: ...` then `hint: ...`.
#[derive(Debug)]
pub struct Hinted {
    pub message: String,
    pub hint: String,
}

impl std::fmt::Display for Hinted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {}

/// Build a hinted error.
#[allow(dead_code)]
pub fn hinted(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    Hinted {
        message: message.into(),
        hint: hint.into(),
    }
    .into()
}

/// Print an error chain as `error: ...`, with `hint: ...` where one was given.
pub fn print_error(e: &anyhow::Error) {
    eprintln!("error: {e:#}");
    if let Some(h) = e.chain().find_map(|c| c.downcast_ref::<Hinted>()) {
        eprintln!("hint: {}", h.hint);
    }
}
