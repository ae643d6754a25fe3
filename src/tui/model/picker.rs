//! The fuzzy finder: every distinct client address, user, URI, cmdlet, server and handshake
//! failure of the load at once, each labelled with its field and counted, narrowed as the user
//! types (`Tab` keeps one field). The candidates are built once per load and shared.

use crate::filter::{Candidate, CandidateKind};
use std::sync::Arc;

/// Most candidates listed at once.
pub const SHOWN: usize = 200;

/// The finder's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// Every candidate of the load, most lines first.
    pub all: Arc<Vec<Candidate>>,
    /// The one field shown (`Tab`); `None`: every field.
    pub scope: Option<CandidateKind>,
    /// The typed query.
    pub query: String,
    /// Candidates matching the query, best first (indexes into `all`), at most [`SHOWN`].
    pub hits: Vec<usize>,
    /// How many candidates matched, before the cut to [`SHOWN`].
    pub matched: usize,
    /// Selected row of `hits`.
    pub selected: usize,
}

impl Picker {
    /// The selected candidate.
    pub fn chosen(&self) -> Option<&Candidate> {
        self.all.get(*self.hits.get(self.selected)?)
    }

    /// The kinds the load has values of, in `Tab` order.
    pub fn kinds(&self) -> Vec<CandidateKind> {
        CandidateKind::ALL
            .into_iter()
            .filter(|k| self.all.iter().any(|c| c.kind == *k))
            .collect()
    }
}

/// The candidates of the loaded data, kept while the data and its row count stay the same.
#[derive(Debug, Clone, Default)]
pub struct FinderCache {
    /// Identity of the data and rows loaded when built.
    pub key: (usize, usize),
    /// The candidates.
    pub list: Option<Arc<Vec<Candidate>>>,
    /// How many times they were built (tests check it is once per load).
    pub built: u64,
}
