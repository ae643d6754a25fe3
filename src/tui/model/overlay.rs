//! Popups drawn over the panes: help, the findings list, one entry shown whole, the filter
//! list, the quick field filter menu, the fuzzy finder, the marks list and the sources list.

use crate::tui::model::picker::Picker;
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
    /// The filter rules of both panes, with their hit counts.
    Filters {
        /// Selected rule (HCW rules first, then IIS).
        selected: usize,
    },
    /// Filter by a field of one line (same client IP, URI, user …).
    Quick {
        /// The line the values come from.
        row: RowRef,
    },
    /// The fuzzy finder over a field's distinct values.
    Picker(Box<Picker>),
    /// The marks list (its selection lives in the model's marks).
    Marks,
    /// Every file loaded or skipped: kind, server, zone, lines, unparsed lines, or why not.
    Sources {
        /// First line shown.
        scroll: usize,
    },
    /// The overview tables (`O`).
    Overview(Box<crate::tui::model::overview::OverviewView>),
    /// The HCW runs list (`R`).
    Runs(Box<crate::tui::model::runs::RunsView>),
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
