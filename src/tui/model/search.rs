//! Regex search over a pane's text: the running job and its matches (the typed pattern lives
//! in [`crate::tui::model::input`]).

use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use regex::Regex;

/// Search state of the app.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The last submitted search.
    pub run: Option<SearchRun>,
    /// Generation counter; results of older generations are dropped.
    pub generation: u64,
}

/// A submitted search.
#[derive(Debug, Clone)]
pub struct SearchRun {
    /// The pattern as typed.
    pub pattern: String,
    /// The compiled pattern (smart case: case-insensitive unless it has capitals).
    pub regex: Regex,
    /// The pane searched.
    pub pane: PaneId,
    /// Its generation.
    pub generation: u64,
    /// Go to the first match when it is done (false when the search only re-counts after a
    /// filter changed the rows).
    pub jump: bool,
    /// Progress or result.
    pub state: SearchState,
}

/// Where a search is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchState {
    /// Still scanning.
    Running {
        /// Rows scanned.
        done: u64,
        /// Rows in all.
        total: u64,
    },
    /// Finished: matching rows in pane order.
    Done {
        /// Matches, sorted by the pane's order key.
        matches: Vec<RowRef>,
    },
}

/// Compiles a typed pattern with smart case (the filter engine's rules, so search and filters
/// agree).
pub fn compile(pattern: &str) -> Result<Regex, String> {
    crate::filter::compile(pattern)
}
