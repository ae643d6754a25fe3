//! The runs list (`R`): every loaded HCW run with how it went, one selected; Enter puts both
//! panes at its start.

use crate::analyze::overview::runs::RunSummary;

/// The open runs list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunsView {
    /// The runs, oldest first, on the session clock (offsets applied).
    pub runs: Vec<RunSummary>,
    /// The selected run.
    pub selected: usize,
    /// The run the cursor was in when the list opened.
    pub current: Option<usize>,
}
