//! How long-running domain work reports progress and learns that it should stop.
//!
//! The domain never knows who is listening: the TUI backs this with a channel and an atomic
//! cancel flag, the report command with nothing.

/// Receives progress from a long job.
pub trait Progress: Sync {
    /// `done` of `total` bytes (or units) are finished.
    fn report(&self, done: u64, total: u64);
    /// True when the job should stop early.
    fn is_cancelled(&self) -> bool {
        false
    }
    /// A source finished loading (lets a UI list sources as they arrive).
    fn source_loaded(&self, info: &crate::source::SourceInfo) {
        let _ = info;
    }
}

/// A progress sink that ignores everything.
pub struct NoProgress;

impl Progress for NoProgress {
    fn report(&self, _done: u64, _total: u64) {}
}
