//! Where each handshake's legs lie in the request indexes, worked out once per loaded data:
//! which rows are a leg of some handshake (a bit a row; the handshake of such a row is found
//! among the handshakes that start near its instant, [`LegRows::handshake_of`]) and, per index,
//! the handshakes whose final loaded leg is one of its rows, in the order of that row's instant
//! (an offset shifts a whole index, so this order holds under any clock and the timeline only
//! merges the indexes).

use crate::analyze::handshake::Handshake;
use crate::index::{RequestIndex, RowSet};
use crate::source::SourceId;
use crate::tui::model::data::to_u32;
use std::sync::Arc;

mod order;
mod piece;
#[cfg(test)]
mod tests;

/// Handshakes a thread looks up at least: fewer cost less than starting a thread.
const PER_THREAD: usize = 50_000;

/// Threads to look up the legs of `handshakes` over `indexes` request indexes on: one per
/// [`PER_THREAD`], at most one per core and four; two for a single index (the thread that
/// merges the indexes' order has nothing to do then, and the second run's lists are a few MB
/// against an index of hundreds).
fn parts_for(handshakes: usize, indexes: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = if indexes < 2 { 2 } else { 4 };
    (handshakes / PER_THREAD).clamp(1, cores.min(most))
}

/// The legs' rows of every handshake.
#[derive(Debug, Default)]
pub(super) struct LegRows {
    /// Per request index: the rows that are a leg of some handshake.
    legs: Vec<RowSet>,
    /// The least and the most a leg row's instant lies after its handshake's start (ms): the
    /// handshake of a leg row starts within these of the row's instant.
    spread: (i64, i64),
    /// Handshake numbers by start, when the handshakes are not in that order (else empty).
    by_start: Vec<u32>,
    /// Per request index: `(row, handshake)` of the handshakes whose final loaded leg is one of
    /// its rows, by that row's instant, then row, then handshake.
    pub finals: Vec<Vec<(u32, u32)>>,
    /// Number of failed handshakes.
    pub failed: usize,
}

impl LegRows {
    /// Looks up every leg's row once (`index_of`: a source's position in `requests`); a big
    /// load of several servers on a few threads ([`parts_for`]).
    pub fn build(
        requests: &[Arc<RequestIndex>],
        handshakes: &[Handshake],
        index_of: &(dyn Fn(SourceId) -> Option<usize> + Sync),
    ) -> Self {
        let parts = parts_for(handshakes.len(), requests.len());
        Self::build_in(requests, handshakes, index_of, parts)
    }

    /// [`LegRows::build`] with the handshakes cut into `parts` runs, each looked up on its own
    /// thread; the same lookups for any `parts`.
    pub(super) fn build_in(
        requests: &[Arc<RequestIndex>],
        handshakes: &[Handshake],
        index_of: &(dyn Fn(SourceId) -> Option<usize> + Sync),
        parts: usize,
    ) -> Self {
        let joined = piece::build_parts(requests, handshakes, index_of, parts);
        let finals = order::ordered(joined.finals, requests);
        let by_start = if handshakes.is_sorted_by_key(|h| h.start) {
            Vec::new()
        } else {
            let mut order: Vec<u32> = (0..handshakes.len()).map(to_u32).collect();
            order.sort_by_key(|&h| handshakes[h as usize].start);
            order
        };
        LegRows {
            legs: joined.legs,
            spread: joined.spread,
            by_start,
            finals,
            failed: joined.failed,
        }
    }

    /// The handshake row `r` of request index `k` is a leg of (the last one when it is a leg
    /// of several), among the `handshakes` it was built from.
    pub fn handshake_of(
        &self,
        requests: &[Arc<RequestIndex>],
        handshakes: &[Handshake],
        index_of: &dyn Fn(SourceId) -> Option<usize>,
        k: usize,
        r: u32,
    ) -> Option<usize> {
        if !self.legs.get(k)?.contains(r) {
            return None;
        }
        let idx = requests.get(k)?;
        let (line, ts) = (idx.line_no(r as usize), idx.ts(r as usize).0);
        // A row is the row of its line's legs (the first row of that line).
        let is_leg = |hs: &Handshake| {
            hs.legs
                .iter()
                .any(|l| u64::from(l.line) == line && index_of(l.source) == Some(k))
        };
        let (from, to) = (
            ts.saturating_sub(self.spread.1),
            ts.saturating_sub(self.spread.0),
        );
        if self.by_start.is_empty() {
            let first = handshakes.partition_point(|h| h.start.0 < from);
            let near = handshakes
                .get(first..)?
                .iter()
                .take_while(|h| h.start.0 <= to);
            return near
                .enumerate()
                .filter(|(_, hs)| is_leg(hs))
                .last()
                .map(|(i, _)| first + i);
        }
        let start = |h: u32| handshakes.get(h as usize).map_or(i64::MAX, |x| x.start.0);
        let first = self.by_start.partition_point(|&h| start(h) < from);
        let near = self.by_start.get(first..)?.iter();
        near.take_while(|&&h| start(h) <= to)
            .filter(|&&h| handshakes.get(h as usize).is_some_and(is_leg))
            .map(|&h| h as usize)
            .max()
    }
}

/// Finds the rows of lines that come near each other (a handshake's legs, the next handshake's):
/// rows follow lines one for one between comment lines, so the row one line further on is
/// tried first, then the index is searched.
#[derive(Debug, Default, Clone, Copy)]
struct RowCursor {
    /// The last line found and its row.
    last: Option<(u64, usize)>,
}

impl RowCursor {
    fn row_of_line(&mut self, idx: &RequestIndex, line: u64) -> Option<usize> {
        let guess = self.last.and_then(|(l, r)| {
            let g = i128::try_from(r).ok()? + i128::from(line) - i128::from(l);
            usize::try_from(g).ok()
        });
        // The guess is the row when it holds the line and the row before holds an earlier one
        // (the first row of the line, as the index's own search gives).
        let hit = guess.filter(|&g| {
            g < idx.len()
                && idx.line_no(g) == line
                && g.checked_sub(1).is_none_or(|p| idx.line_no(p) < line)
        });
        let row = hit.or_else(|| idx.row_of_line(line));
        if let Some(r) = row {
            self.last = Some((line, r));
        }
        row
    }
}
