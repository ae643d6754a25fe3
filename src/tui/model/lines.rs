//! Line text as logged, for the view: read back from the files on a worker
//! ([`crate::tui::effect::Effect::ReadLines`]) and kept here, so drawing never reads a file.
//! A line not read yet is shown as `…` until its text arrives.
//!
//! The cache belongs to one [`Data`]: when the data is replaced (load, reload) the texts are
//! dropped, and replies read from older data are ignored; live follow keeps the texts of
//! lines it did not read again ([`Lines::rekey`]).

use crate::analyze::finding::Evidence;
use crate::tui::model::data::Data;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Most texts kept; past this the cache starts over (what is on screen is asked again).
const MAX_KEPT: usize = 4096;

/// Which data a text was read from (the address of its shared [`Data`]).
pub type DataKey = usize;

/// The key of `data`.
pub fn key_of(data: &Arc<Data>) -> DataKey {
    Arc::as_ptr(data) as usize
}

/// Line texts read so far, and the lines asked for.
#[derive(Debug, Default)]
pub struct Lines {
    data: DataKey,
    texts: HashMap<Evidence, Option<String>>,
    asked: HashSet<Evidence>,
}

impl Lines {
    /// The text of a line: `None` while it is not read yet, `Some(None)` when the line has no
    /// text (not loaded, or gone).
    pub fn get(&self, line: Evidence) -> Option<Option<&str>> {
        self.texts.get(&line).map(Option::as_deref)
    }

    /// The text to show: the line, empty when it has none, `…` while it is being read.
    pub fn shown(&self, line: Evidence) -> &str {
        match self.get(line) {
            Some(t) => t.unwrap_or(""),
            None => "\u{2026}",
        }
    }

    /// Of the `wanted` lines of `data`, those neither read nor asked yet (now asked).
    pub fn ask(
        &mut self,
        data: DataKey,
        wanted: impl IntoIterator<Item = Evidence>,
    ) -> Vec<Evidence> {
        if data != self.data {
            *self = Lines {
                data,
                ..Lines::default()
            };
        }
        if self.texts.len() + self.asked.len() > MAX_KEPT {
            self.texts.clear();
            self.asked.clear();
        }
        wanted
            .into_iter()
            .filter(|l| !self.texts.contains_key(l) && self.asked.insert(*l))
            .collect()
    }

    /// Moves the cache to `data`, the next data of a live follow: texts of lines that `keep`
    /// says are unchanged stay (no `…` flicker on every poll), the others are read again.
    pub fn rekey(&mut self, data: DataKey, keep: impl Fn(&Evidence) -> bool) {
        self.data = data;
        self.texts.retain(|e, _| keep(e));
        // Replies to what was asked come for the old data and are dropped: ask again.
        self.asked.clear();
    }

    /// Takes texts read from `data` (ignored when the data has changed since).
    pub fn fill(&mut self, data: DataKey, read: Vec<(Evidence, Option<String>)>) {
        if data != self.data {
            return;
        }
        for (line, text) in read {
            self.asked.remove(&line);
            self.texts.insert(line, text);
        }
    }
}

/// Reads `lines` of `data` from the one home of line text ([`crate::export::evidence_text`]).
/// Blocking: the app loop runs it on a worker.
pub fn read(data: &Data, lines: &[Evidence]) -> Vec<(Evidence, Option<String>)> {
    lines
        .iter()
        .map(|&l| (l, crate::export::evidence_text(&data.analysis, l)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn ev(line: u64) -> Evidence {
        Evidence {
            source: SourceId(0),
            line,
        }
    }

    #[test]
    fn asks_once_shows_ellipsis_then_text() {
        let mut l = Lines::default();
        assert_eq!(l.ask(1, [ev(3), ev(4)]), vec![ev(3), ev(4)]);
        assert!(l.ask(1, [ev(3)]).is_empty());
        assert_eq!(l.shown(ev(3)), "\u{2026}");
        l.fill(1, vec![(ev(3), Some("GET /x".into())), (ev(4), None)]);
        assert_eq!(l.shown(ev(3)), "GET /x");
        assert_eq!(l.shown(ev(4)), "");
        assert!(l.ask(1, [ev(3)]).is_empty());
    }

    #[test]
    fn new_data_drops_texts_and_old_replies() {
        let mut l = Lines::default();
        l.ask(1, [ev(3)]);
        l.fill(1, vec![(ev(3), Some("old".into()))]);
        assert_eq!(l.ask(2, [ev(3)]), vec![ev(3)]);
        l.fill(1, vec![(ev(3), Some("stale".into()))]);
        assert_eq!(l.get(ev(3)), None);
    }
}
