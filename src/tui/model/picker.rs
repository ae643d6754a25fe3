//! The fuzzy finder: the distinct values of one field (client IPs, users, URIs, cmdlets …) with
//! how often each occurs, narrowed as the user types.

use crate::filter::FilterField;
use crate::tui::model::pane::PaneId;

/// Most candidates listed at once.
pub const SHOWN: usize = 200;

/// The finder's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// The pane whose rows it filters.
    pub pane: PaneId,
    /// The fields `Tab` cycles through.
    pub fields: Vec<FilterField>,
    /// The field shown (index into `fields`).
    pub field: usize,
    /// The typed query.
    pub query: String,
    /// Distinct values of the field with their counts, most frequent first.
    pub values: Vec<(String, u64)>,
    /// Values matching the query, best first (indexes into `values`), at most [`SHOWN`].
    pub hits: Vec<usize>,
    /// Selected row of `hits`.
    pub selected: usize,
}

impl Picker {
    /// The field shown.
    pub fn current(&self) -> Option<FilterField> {
        self.fields.get(self.field).copied()
    }

    /// The selected value.
    pub fn chosen(&self) -> Option<&str> {
        let i = *self.hits.get(self.selected)?;
        self.values.get(i).map(|(v, _)| v.as_str())
    }
}
