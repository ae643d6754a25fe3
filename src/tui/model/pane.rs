//! The two log panes and their cursor state.

/// Which pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneId {
    /// HCW entries.
    Hcw,
    /// IIS / HTTPERR requests of every W3C source, merged by time.
    Iis,
}

impl PaneId {
    /// Both panes, HCW first.
    pub const ALL: [PaneId; 2] = [PaneId::Hcw, PaneId::Iis];

    /// The other pane.
    pub fn other(self) -> PaneId {
        match self {
            PaneId::Hcw => PaneId::Iis,
            PaneId::Iis => PaneId::Hcw,
        }
    }

    /// Position in [`crate::tui::model::Model::panes`].
    pub fn index(self) -> usize {
        match self {
            PaneId::Hcw => 0,
            PaneId::Iis => 1,
        }
    }

    /// `HCW` or `IIS`.
    pub fn name(self) -> &'static str {
        match self {
            PaneId::Hcw => "HCW",
            PaneId::Iis => "IIS",
        }
    }
}

/// Cursor and scroll of one pane, as positions in the pane's row order.
///
/// Positions index the pane's visible rows ([`crate::tui::model::Model::row_at`]); a filter
/// stack will narrow those rows without changing this type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pane {
    /// Row under the cursor.
    pub cursor: usize,
    /// First row shown.
    pub scroll: usize,
}
