//! Per-pane filter state: the rule stack, which rows the newest finished scan kept, the visible
//! rows derived from that in pane order, and the scan in flight.
//!
//! A scan reports *membership* (one bit per row, per id space: the HCW pane has one space
//! indexed by entry, the IIS pane one per request index), never positions. The visible rows are
//! derived from membership by walking the pane's current order ([`visible_rows`]), so a re-merge
//! after a clock nudge or rows appended by live follow never leave a stale position behind.

use crate::filter::FilterStack;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::model::timeline::Timeline;
use std::sync::Arc;

/// A growable bit set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bits(Vec<u64>);

impl Bits {
    /// An empty set able to hold `n` bits without growing.
    pub fn with_len(n: usize) -> Self {
        Bits(vec![0; n.div_ceil(64)])
    }

    /// True when bit `i` is set.
    pub fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Sets bit `i`.
    pub fn set(&mut self, i: usize) {
        let w = i / 64;
        if self.0.len() <= w {
            self.0.resize(w + 1, 0);
        }
        self.0[w] |= 1 << (i % 64);
    }

    /// Sets every bit set in `other`.
    pub fn union(&mut self, other: &Bits) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }
}

/// Which rows a scan kept, and how many rows of each id space it looked at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Membership {
    /// Kept rows, per id space.
    pub spaces: Vec<Bits>,
    /// Rows scanned per id space (`0..covered[s]`); rows appended later are not known yet.
    pub covered: Vec<usize>,
}

impl Membership {
    /// True when row `r` of space `s` was kept.
    pub fn has(&self, s: usize, r: usize) -> bool {
        self.spaces.get(s).is_some_and(|b| b.get(r))
    }

    /// Adds a scan of rows beyond the ones covered.
    pub fn extend(&mut self, more: &Membership) {
        if self.spaces.len() < more.spaces.len() {
            self.spaces.resize(more.spaces.len(), Bits::default());
        }
        if self.covered.len() < more.covered.len() {
            self.covered.resize(more.covered.len(), 0);
        }
        for (a, b) in self.spaces.iter_mut().zip(&more.spaces) {
            a.union(b);
        }
        for (a, &b) in self.covered.iter_mut().zip(&more.covered) {
            *a = (*a).max(b);
        }
    }
}

/// A scan in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scan {
    /// Its generation.
    pub generation: u64,
    /// Rows scanned so far.
    pub done: u64,
    /// Rows to scan.
    pub total: u64,
}

/// The filter of one pane.
#[derive(Debug, Clone, Default)]
pub struct PaneFilter {
    /// The rules, in the order the user added them.
    pub stack: FilterStack,
    /// Bumped on every change of the stack; results of older generations are dropped.
    pub generation: u64,
    /// The newest finished scan of this generation (None: no filter, or not scanned yet).
    pub member: Option<Membership>,
    /// The generation `member` belongs to.
    pub member_generation: u64,
    /// The rows shown, in pane order (None: every row).
    pub visible: Option<Arc<Vec<RowRef>>>,
    /// The scan in flight.
    pub scan: Option<Scan>,
    /// The last rule is the one being typed (shown live, dropped on Esc).
    pub preview: bool,
    /// The row the cursor was on when the filter changed, restored once the scan is done.
    pub anchor: Option<RowRef>,
}

impl PaneFilter {
    /// True when some rule is enabled (the pane shows a subset).
    pub fn is_active(&self) -> bool {
        self.stack.is_active()
    }

    /// True when the rule hit counts belong to the current stack.
    pub fn hits_known(&self) -> bool {
        self.member.is_some() && self.member_generation == self.generation && self.scan.is_none()
    }
}

/// The rows of a pane's order that `member` keeps, in that order.
pub fn visible_rows(timeline: &Timeline, pane: PaneId, member: &Membership) -> Vec<RowRef> {
    match pane {
        PaneId::Hcw => timeline
            .hcw_order
            .iter()
            .filter(|&&e| member.has(0, e as usize))
            .map(|&e| RowRef::Hcw(e))
            .collect(),
        PaneId::Iis => timeline
            .merged
            .iter()
            .filter(|&(k, r)| member.has(usize::from(k), r as usize))
            .map(|(k, r)| RowRef::Iis(k, r))
            .collect(),
    }
}
