//! Positions in a pane and the rows and instants they stand for.
//!
//! Every position ↔ row conversion of the app is here. A pane shows its whole order (HCW
//! entries by instant, IIS rows merged by instant) or, while its filter is active, the visible
//! subset of that order ([`crate::tui::model::filter::PaneFilter::visible`]), which keeps the
//! same order, so both are searched by the same order key.

use crate::time::UtcMs;
use crate::tui::model::Model;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::model::timeline::{self, OrderKey};

impl Model {
    /// Number of rows a pane shows.
    pub fn pane_len(&self, p: PaneId) -> usize {
        match &self.filter(p).visible {
            Some(v) => v.len(),
            None => self.base_len(p),
        }
    }

    /// Number of rows of a pane's whole order (what it shows without a filter).
    pub fn base_len(&self, p: PaneId) -> usize {
        match p {
            PaneId::Hcw => self.timeline.hcw_order.len(),
            PaneId::Iis => self.timeline.merged.len(),
        }
    }

    /// The row at a position of a pane.
    pub fn row_at(&self, p: PaneId, pos: usize) -> Option<RowRef> {
        if let Some(v) = &self.filter(p).visible {
            return v.get(pos).copied();
        }
        match p {
            PaneId::Hcw => self.timeline.hcw_order.get(pos).map(|&e| RowRef::Hcw(e)),
            PaneId::Iis => self
                .timeline
                .merged
                .get(pos)
                .map(|(k, r)| RowRef::Iis(k, r)),
        }
    }

    /// The position of a row in its pane (None when the pane's filter hides it).
    pub fn pos_of(&self, row: RowRef) -> Option<usize> {
        let p = row.pane();
        if let (RowRef::Hcw(e), None) = (row, &self.filter(p).visible) {
            return self.timeline.hcw_pos.get(e as usize).map(|&p| p as usize);
        }
        let want = self.order_key(row);
        let at = partition(self.pane_len(p), |pos| {
            self.row_at(p, pos)
                .is_some_and(|r| self.order_key(r) < want)
        });
        (self.row_at(p, at) == Some(row)).then_some(at)
    }

    /// The key a row is sorted by in its pane (the IIS order may lag behind a clock change
    /// while a worker re-merges).
    fn order_key(&self, row: RowRef) -> OrderKey {
        let clock = match row {
            RowRef::Hcw(_) => &self.clock,
            RowRef::Iis(..) => &self.timeline.merged_clock,
        };
        timeline::key(&self.data, clock, row)
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
