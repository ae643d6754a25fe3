//! The one-line message the status bar shows until the next key, and whether it says where the
//! cursor is among a search's matches (the status bar's own search part then steps aside, so
//! the position is said once: `Match 2 of 6`, not `Match 2 of 6 | /mapi 2/6`).

/// How loud a note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteLevel {
    /// Plain information.
    Info,
    /// Something did not work.
    Warn,
}

/// A one-line message in the status bar, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The text.
    pub text: String,
    /// Its level.
    pub level: NoteLevel,
    /// It says the search's matches or the cursor's place among them.
    pub search: bool,
}

impl Note {
    /// A note about anything.
    pub fn new(level: NoteLevel, text: impl Into<String>) -> Self {
        Note {
            text: text.into(),
            level,
            search: false,
        }
    }

    /// A note that says the search's matches or the cursor's place among them.
    pub fn search(level: NoteLevel, text: impl Into<String>) -> Self {
        Note {
            search: true,
            ..Note::new(level, text)
        }
    }
}
