//! The one-line text input at the bottom: a search, a filter regex being typed, or a file path.

use crate::tui::model::pane::PaneId;

/// What the typed text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A search regex (`/`).
    Search,
    /// A regex keeping matching lines, applied as it is typed.
    Include,
    /// A regex hiding matching lines, applied as it is typed.
    Exclude,
    /// Where to write the notes file.
    WritePath,
    /// Where to write the notes file, redacted.
    WriteRedactedPath,
    /// A time to go to (`13:23`, `+5m` …).
    Goto,
}

impl InputKind {
    /// The prompt before the text.
    pub fn prompt(self) -> &'static str {
        match self {
            InputKind::Search => "/",
            InputKind::Include => "keep lines matching /",
            InputKind::Exclude => "hide lines matching /",
            InputKind::WritePath => "write notes to: ",
            InputKind::WriteRedactedPath => "write redacted notes to: ",
            InputKind::Goto => "go to time (13:23, 2024-11-05 13:23, +5m, -30s): ",
        }
    }
}

/// Text being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// What it is for.
    pub kind: InputKind,
    /// The pane it applies to (the focused one when it opened).
    pub pane: PaneId,
    /// The text so far.
    pub text: String,
    /// Why the text is refused (shown inline after it).
    pub error: Option<String>,
}

impl Input {
    /// An empty input.
    pub fn new(kind: InputKind, pane: PaneId) -> Self {
        Input {
            kind,
            pane,
            text: String::new(),
            error: None,
        }
    }
}
