//! Positions in a pane and the rows and instants they stand for.
//!
//! Every position ↔ row conversion of the app is here; a pane shows all its rows today, and a
//! filter stack will narrow them by changing only these functions.

use crate::time::UtcMs;
use crate::tui::model::Model;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::model::timeline::{self, OrderKey};

impl Model {
    /// Number of rows a pane shows.
    pub fn pane_len(&self, p: PaneId) -> usize {
        match p {
            PaneId::Hcw => self.timeline.hcw_order.len(),
            PaneId::Iis => self.timeline.merged.len(),
        }
    }

    /// The row at a position of a pane.
    pub fn row_at(&self, p: PaneId, pos: usize) -> Option<RowRef> {
        match p {
            PaneId::Hcw => self.timeline.hcw_order.get(pos).map(|&e| RowRef::Hcw(e)),
            PaneId::Iis => self
                .timeline
                .merged
                .rows
                .get(pos)
                .map(|&(k, r)| RowRef::Iis(k, r)),
        }
    }

    /// The position of a row in its pane.
    pub fn pos_of(&self, row: RowRef) -> Option<usize> {
        match row {
            RowRef::Hcw(e) => self.timeline.hcw_pos.get(e as usize).map(|&p| p as usize),
            RowRef::Iis(..) => {
                let clock = &self.timeline.merged_clock;
                let want = timeline::key(&self.data, clock, row);
                let rows = &self.timeline.merged.rows;
                let p = rows.partition_point(|&(k, r)| {
                    timeline::key(&self.data, clock, RowRef::Iis(k, r)) < want
                });
                (self.row_at(PaneId::Iis, p) == Some(row)).then_some(p)
            }
        }
    }

    /// A row's instant with session offsets applied.
    pub fn time_of(&self, row: RowRef) -> UtcMs {
        timeline::time_of(&self.data, &self.clock, row)
    }

    /// A row's order key under the current offsets.
    pub fn key(&self, row: RowRef) -> OrderKey {
        timeline::key(&self.data, &self.clock, row)
    }

    /// The row under a pane's cursor.
    pub fn cursor_row(&self, p: PaneId) -> Option<RowRef> {
        self.row_at(p, self.pane(p).cursor)
    }

    /// The instant under the focused cursor.
    pub fn cursor_time(&self) -> Option<UtcMs> {
        self.cursor_row(self.focus).map(|r| self.time_of(r))
    }

    /// The position of the row nearest to an instant (ties: the earlier row).
    pub fn pos_near(&self, p: PaneId, at: UtcMs) -> Option<usize> {
        let len = self.pane_len(p);
        if len == 0 {
            return None;
        }
        let clock = match p {
            PaneId::Hcw => &self.clock,
            PaneId::Iis => &self.timeline.merged_clock,
        };
        let t = |pos: usize| {
            self.row_at(p, pos)
                .map(|r| timeline::time_of(&self.data, clock, r).0)
                .unwrap_or(i64::MAX)
        };
        let i = partition(len, |pos| t(pos) < at.0);
        if i == 0 {
            return Some(0);
        }
        if i == len {
            return Some(len - 1);
        }
        let before = at.0 - t(i - 1);
        let after = t(i) - at.0;
        Some(if after < before { i } else { i - 1 })
    }

    /// The handshake whose leg is under the IIS cursor.
    pub fn current_handshake(&self) -> Option<usize> {
        self.cursor_row(PaneId::Iis)
            .and_then(|r| self.data.handshake_of(r))
    }
}

/// First index in `0..len` for which `pred` is false (pred must be monotone).
fn partition(len: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}
