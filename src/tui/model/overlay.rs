//! Popups drawn over the panes: help, the findings list, one entry shown whole.

use crate::tui::model::row::RowRef;

/// The open popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Help generated from the keymap.
    Help {
        /// First line shown.
        scroll: usize,
    },
    /// The findings list (its selection lives in [`FindingCursor`] so it survives closing).
    Findings,
    /// One HCW entry or IIS line, whole.
    Entry {
        /// The row shown.
        row: RowRef,
        /// First line shown.
        scroll: usize,
    },
}

/// The selected finding and which of its evidence lines the next Enter jumps to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FindingCursor {
    /// Selected finding.
    pub selected: usize,
    /// Next evidence line to jump to.
    pub evidence: usize,
    /// First detail line shown.
    pub scroll: usize,
}
