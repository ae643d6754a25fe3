//! What stops the explorer or one of its jobs, typed so callers can tell the cases apart; each
//! displays as the one-line message the user sees.

use std::io;
use std::path::PathBuf;

/// Errors of the terminal shell (loading errors are the domain's [`crate::error::Error`]).
#[derive(Debug, thiserror::Error)]
pub enum ShellError {
    /// The logs could not be loaded.
    #[error(transparent)]
    Load(#[from] crate::error::Error),
    /// The async runtime did not start.
    #[error("cannot start: {0}")]
    Runtime(io::Error),
    /// Raw mode or the alternate screen is not available.
    #[error("cannot use this terminal: {0}")]
    Terminal(io::Error),
    /// Reading the terminal (its size, its events) failed.
    #[error("reading the terminal failed: {0}")]
    TerminalRead(String),
    /// Drawing on the terminal failed.
    #[error("drawing failed: {0}")]
    Draw(String),
    /// A file or folder could not be written.
    #[error("{}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The notes would overwrite a loaded log.
    #[error("{} is a loaded log", .0.display())]
    LoadedLog(PathBuf),
    /// Every numbered name next to the notes file is taken.
    #[error("{}: no free name", .0.display())]
    NoFreeName(PathBuf),
    /// No native clipboard on this system.
    #[error("no native clipboard: {0}")]
    NoClipboard(String),
    /// The native clipboard refused the text.
    #[error("native clipboard: {0}")]
    Clipboard(String),
    /// The OSC 52 sequence could not be written to the terminal.
    #[error("terminal: {0}")]
    Osc52(io::Error),
    /// A background job panicked (a bug).
    #[error("crashed (a bug; please report it at {report_to}): {detail}")]
    Crashed {
        /// Where to report it.
        report_to: String,
        /// The panic message.
        detail: String,
    },
}

impl ShellError {
    /// A write error for `path`.
    pub fn write(path: impl Into<PathBuf>, source: io::Error) -> Self {
        ShellError::Write {
            path: path.into(),
            source,
        }
    }
}
