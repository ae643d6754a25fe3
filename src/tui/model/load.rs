//! Loading as the UI sees it: progress, the sources found so far, and how it ended.

use crate::source::SourceInfo;

/// The state of the background load.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadState {
    /// Reading and analysing.
    Loading {
        /// Units done.
        done: u64,
        /// Units in all (0 when not known yet).
        total: u64,
        /// Sources finished so far, in the order they arrived.
        sources: Vec<SourceInfo>,
        /// Slow ticks since the start (moves the gauge while the total is unknown).
        ticks: u32,
    },
    /// Everything is loaded.
    Ready,
    /// The load failed; the message says why.
    Failed(String),
}

impl LoadState {
    /// A fresh load.
    pub fn start() -> Self {
        LoadState::Loading {
            done: 0,
            total: 0,
            sources: Vec::new(),
            ticks: 0,
        }
    }
}
