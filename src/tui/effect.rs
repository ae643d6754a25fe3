//! Work that `update` asks the app loop to do, because `update` itself does no I/O.

use crate::tui::model::pane::PaneId;
use regex::Regex;
use std::path::PathBuf;

/// A request from `update` to the loop.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Leave the app with this exit code.
    Quit(i32),
    /// Search a pane's text in the background; results carry the generation.
    Search {
        /// Only results of the newest generation are kept.
        generation: u64,
        /// The pane whose text is searched.
        pane: PaneId,
        /// The compiled pattern.
        regex: Regex,
    },
    /// Rebuild the time-merged IIS order after a source's offset changed.
    Remerge {
        /// Only the newest generation is kept.
        generation: u64,
    },
    /// Scan a pane's rows with its filter stack (as it is when the scan starts).
    Filter {
        /// The pane.
        pane: PaneId,
        /// Every row (a new stack) or only rows the last scan did not cover (appended).
        full: bool,
        /// Wait ~50 ms first, dropped if another request for the pane comes meanwhile (typing).
        delay: bool,
    },
    /// Stop a pane's filter scan (its filter was removed).
    CancelFilter {
        /// The pane.
        pane: PaneId,
    },
    /// Put text on the clipboard (native, OSC 52 or a file) and report where it went.
    Copy {
        /// What it is, for the message (`handshake`, `3 marked items` …).
        what: String,
        /// The text.
        text: String,
    },
    /// Write the notes file (never over an existing file: a free name is picked next to it).
    Write {
        /// Where.
        path: PathBuf,
        /// The file's name when `path` names a folder.
        name: String,
        /// The Markdown.
        text: String,
    },
    /// Read these lines as logged (for the view) on a worker; the texts come back as
    /// [`crate::tui::worker::WorkerMsg::Lines`].
    ReadLines {
        /// The data they are read from ([`crate::tui::model::lines::key_of`]).
        data: crate::tui::model::lines::DataKey,
        /// The lines.
        lines: Vec<crate::analyze::finding::Evidence>,
    },
    /// Build a ticket text (copy, notes) on a worker; it comes back as
    /// [`crate::tui::worker::WorkerMsg::Built`].
    Build(Box<crate::tui::ticket::Ticket>),
    /// Start following the loaded files as they grow.
    StartFollow,
    /// Poll the followed files and build the next data on a worker; it comes back as
    /// [`crate::tui::worker::WorkerMsg::Live`].
    Poll,
    /// Load the same paths again with this time window (a fresh start of the explorer).
    Reload {
        /// The window.
        window: crate::pipeline::window::WindowMode,
    },
}
