//! Live follow as the model sees it: whether it is on, which lines arrived since the load, and
//! updates waiting for the data to be free (a background job may be reading it).

use crate::index::RequestIndex;
use crate::read::text::LineText;
use crate::record::HcwEntry;
use crate::source::SourceId;
use std::collections::HashMap;

/// What a follow poll found for one source.
#[derive(Debug)]
pub enum LiveUpdate {
    /// New W3C rows (a small index of just them, in file order).
    Appended {
        /// The source.
        source: SourceId,
        /// The new rows.
        rows: Box<RequestIndex>,
        /// Handshakes finished among the rows read so far (their legs are indexed rows).
        handshakes: Vec<crate::analyze::handshake::Handshake>,
        /// `/EWS/mrsproxy.svc` requests among the new rows.
        mrs: Vec<crate::analyze::mrs::MrsRequest>,
    },
    /// A W3C file was rotated or truncated and read again from its start.
    Reloaded {
        /// The source.
        source: SourceId,
        /// Every row of the file as it is now.
        index: Box<RequestIndex>,
    },
    /// An HCW log changed and was parsed again whole.
    Hcw {
        /// The source.
        source: SourceId,
        /// All its entries, on the UTC axis.
        entries: Vec<HcwEntry>,
        /// Its decoded text (entries' offsets index it).
        text: LineText,
    },
    /// The file is gone (what was loaded stays).
    Vanished {
        /// The source.
        source: SourceId,
    },
    /// Reading the file failed (it is tried again at the next poll).
    Failed {
        /// The source.
        source: SourceId,
        /// Why.
        message: String,
    },
}

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
    /// Updates not applied yet because a background job holds the data.
    pub pending: Vec<LiveUpdate>,
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
