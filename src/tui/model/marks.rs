//! Marked things for the ticket: findings, handshakes, cmdlet calls and single lines, in the
//! order they were marked.

use crate::tui::model::data::Data;
use crate::tui::model::row::RowRef;

/// One marked thing; the same kinds `y` copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// A finding (index into `findings`).
    Finding(usize),
    /// A handshake (index into `handshakes`).
    Handshake(usize),
    /// A cmdlet call (index into `cmdlets`).
    Call(usize),
    /// One HCW entry or IIS line.
    Line(RowRef),
}

/// The marks and the selection in their list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Marks in the order they were made.
    pub list: Vec<Mark>,
    /// Selected row of the marks list.
    pub selected: usize,
}

impl Marks {
    /// Adds the mark, or removes it when present; true when it is now marked.
    pub fn toggle(&mut self, mark: Mark) -> bool {
        if let Some(i) = self.list.iter().position(|m| *m == mark) {
            self.list.remove(i);
            self.selected = self.selected.min(self.list.len().saturating_sub(1));
            false
        } else {
            self.list.push(mark);
            true
        }
    }

    /// True when the mark is set.
    pub fn has(&self, mark: Mark) -> bool {
        self.list.contains(&mark)
    }

    /// True when a pane row belongs to a mark (the line itself, a leg of a marked handshake,
    /// the START or FINISH of a marked call).
    pub fn covers(&self, data: &Data, row: RowRef) -> bool {
        self.list.iter().any(|&m| match m {
            Mark::Line(r) => r == row,
            Mark::Handshake(h) => data.handshake_of(row) == Some(h),
            Mark::Call(c) => data.call_of(row) == Some(c),
            Mark::Finding(_) => false,
        })
    }

    /// Number of marks.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when nothing is marked.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}
