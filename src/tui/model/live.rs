//! Live follow as the model sees it: whether it is on, which lines arrived since the load, and
//! whether a poll is being applied.

use crate::source::SourceId;
use std::collections::HashMap;

/// What a follow poll found (the domain's [`crate::pipeline::Delta`]).
pub type LiveUpdate = crate::pipeline::Delta;

/// Follow state.
#[derive(Debug, Default)]
pub struct Live {
    /// The user wants new lines shown (toggled by a key; on after loading).
    pub enabled: bool,
    /// Sources being followed (0 until following starts).
    pub followed: usize,
    /// Per source, the first line number that arrived after the load (rows from there on are
    /// marked as new).
    pub new_from: HashMap<SourceId, u64>,
    /// A poll is running or its data not swapped in yet: the next waits for it.
    pub polling: bool,
    /// Rows added since the load.
    pub new_rows: u64,
}

impl Live {
    /// True when a row of `source` at `line` arrived after the load.
    pub fn is_new(&self, source: SourceId, line: u64) -> bool {
        self.new_from.get(&source).is_some_and(|&from| line >= from)
    }

    /// Notes that lines of `source` from `line` on are new (keeps an earlier start).
    pub fn mark_new(&mut self, source: SourceId, line: u64) {
        let from = self.new_from.entry(source).or_insert(line);
        *from = (*from).min(line);
    }
}
