//! Regex search over a pane's text: the typed input, the running job and its matches.

use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use regex::Regex;

/// Search state of the app.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// Text being typed after `/` (None when not typing).
    pub input: Option<String>,
    /// Why the typed pattern was refused (shown inline under the input).
    pub error: Option<String>,
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

/// Compiles a typed pattern with smart case.
pub fn compile(pattern: &str) -> Result<Regex, String> {
    let insensitive = !pattern.chars().any(char::is_uppercase);
    regex::RegexBuilder::new(pattern)
        .case_insensitive(insensitive)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| first_line(&e.to_string()))
}

fn first_line(text: &str) -> String {
    let last = text
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map(|l| l.trim().trim_start_matches("error:").trim().to_string());
    last.unwrap_or_else(|| text.lines().next().unwrap_or("").to_string())
}
