//! Naming one line of either pane independently of order, filters and offsets.

/// One row of a pane: an HCW entry or a W3C request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RowRef {
    /// Index into `Analysis::hcw`.
    Hcw(u32),
    /// `(index into Analysis::requests, row of that index)`.
    Iis(u16, u32),
}

impl RowRef {
    /// The pane that shows this row.
    pub fn pane(self) -> crate::tui::model::pane::PaneId {
        match self {
            RowRef::Hcw(_) => crate::tui::model::pane::PaneId::Hcw,
            RowRef::Iis(..) => crate::tui::model::pane::PaneId::Iis,
        }
    }
}
