//! The domain's error type: input problems that stop a file from loading, always naming the path.

use std::path::PathBuf;

/// Errors that stop a file or a command (bad lines are diagnostics, never errors).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The path does not exist.
    #[error("{}: no such file or folder", .0.display())]
    NotFound(PathBuf),
    /// The path exists but cannot be read.
    #[error("{}: cannot read: {}", .path.display(), .reason)]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// The OS error, short.
        reason: String,
    },
    /// Wrong usage (bad `--tz`, unknown code …).
    #[error("{0}")]
    Usage(String),
    /// A consumer of a parse failed and stopped it.
    #[error("{}: {}", .path.display(), .reason)]
    Parse {
        /// The file being parsed.
        path: PathBuf,
        /// What the consumer said.
        reason: String,
    },
}

impl Error {
    /// Wraps an I/O error for a path.
    pub fn io(path: &std::path::Path, err: &std::io::Error) -> Self {
        if err.kind() == std::io::ErrorKind::NotFound {
            return Error::NotFound(path.to_path_buf());
        }
        Error::Unreadable {
            path: path.to_path_buf(),
            reason: short_io(err),
        }
    }
}

fn short_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => err.to_string(),
    }
}

/// Result alias.
pub type Result<T> = std::result::Result<T, Error>;
