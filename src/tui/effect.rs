//! Work that `update` asks the app loop to do, because `update` itself does no I/O.

use crate::tui::model::pane::PaneId;
use regex::Regex;

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
}
