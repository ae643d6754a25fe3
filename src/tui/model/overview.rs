//! The overview popup (`O`): the tables of [`crate::analyze::overview`] as lines, each row
//! carrying the field filter Enter applies (or, in the runs section, the run it goes to).

use crate::filter::FilterField;
use crate::tui::model::pane::PaneId;

/// The filter a row stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    /// The pane the filter goes on.
    pub pane: PaneId,
    /// The field.
    pub field: FilterField,
    /// The value.
    pub value: String,
}

/// One line of the overview: a section heading, a column header or a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewLine {
    /// Cell texts (raw log text: the view escapes them).
    pub cells: Vec<String>,
    /// A section heading.
    pub heading: bool,
    /// Counts failures (drawn as such).
    pub bad: bool,
    /// What Enter applies; `None` for headings.
    pub pick: Option<Pick>,
    /// For a row of the runs section: the run Enter goes to (index into `OverviewView::runs`).
    pub run: Option<usize>,
}

/// The open overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewView {
    /// Every line, sections in order.
    pub lines: Vec<OverviewLine>,
    /// The selected line (always one with a pick, when any exists).
    pub selected: usize,
    /// True when the counts were narrowed by active filters.
    pub filtered: bool,
    /// The HCW runs its last section lists.
    pub runs: Vec<crate::analyze::overview::runs::RunSummary>,
}

impl OverviewView {
    /// The selectable lines' indices.
    pub fn picks(&self) -> impl Iterator<Item = usize> + '_ {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.pick.is_some() || l.run.is_some())
            .map(|(i, _)| i)
    }

    /// Moves the selection by `delta` selectable lines (clamped).
    pub fn step(&mut self, delta: isize) {
        let picks: Vec<usize> = self.picks().collect();
        let Some(at) = picks.iter().position(|&i| i == self.selected) else {
            self.selected = picks.first().copied().unwrap_or(0);
            return;
        };
        let to = at
            .saturating_add_signed(delta)
            .min(picks.len().saturating_sub(1));
        self.selected = picks[to];
    }
}
