//! Where each handshake's legs lie in the request indexes, worked out once per loaded data:
//! the handshake of every leg row ([`RowTags`]) and, per index, the handshakes whose final
//! loaded leg is one of its rows, in the order of that row's instant (an offset shifts a whole
//! index, so this order holds under any clock and the timeline only merges the indexes).

use crate::analyze::handshake::{Handshake, HandshakeOutcome};
use crate::index::{RequestIndex, RowTags};
use crate::source::SourceId;
use crate::tui::model::data::to_u32;
use std::sync::Arc;

/// No row: the leg's line is not in its index.
const NO_ROW: u32 = u32::MAX;

/// The legs' rows of every handshake.
pub(super) struct LegRows {
    /// Per request index: the handshake each leg row is a leg of.
    pub tags: Vec<RowTags>,
    /// Per request index: `(row, handshake)` of the handshakes whose final loaded leg is one of
    /// its rows, by that row's instant, then row, then handshake.
    pub finals: Vec<Vec<(u32, u32)>>,
    /// Number of failed handshakes.
    pub failed: usize,
}

impl LegRows {
    /// Looks up every leg's row once (`index_of`: a source's position in `requests`); the
    /// rows are kept, four bytes a leg, until the tags, which need to know every tagged row
    /// first, have their values.
    pub fn build(
        requests: &[Arc<RequestIndex>],
        handshakes: &[Handshake],
        index_of: &dyn Fn(SourceId) -> Option<usize>,
    ) -> Self {
        let n = requests.len();
        let mut rows: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut cursors: Vec<RowCursor> = vec![RowCursor::default(); n];
        // Per index, one bit a row: the final loaded leg of some handshake.
        let mut final_bits: Vec<Vec<u64>> = requests
            .iter()
            .map(|idx| vec![0; idx.len().div_ceil(64)])
            .collect();
        let mut failed = 0;
        for hs in handshakes {
            if hs.outcome == HandshakeOutcome::Failed {
                failed += 1;
            }
            let mut last = None;
            for leg in &hs.legs {
                let Some(k) = index_of(leg.source) else {
                    continue;
                };
                let row = cursors[k]
                    .row_of_line(&requests[k], u64::from(leg.line))
                    .map_or(NO_ROW, to_u32);
                rows[k].push(row);
                if row != NO_ROW {
                    last = Some((k, row));
                }
            }
            if let Some((k, r)) = last
                && let Some(w) = final_bits[k].get_mut((r / 64) as usize)
            {
                *w |= 1 << (r % 64);
            }
        }
        let mut tags: Vec<RowTags> = rows
            .iter()
            .zip(requests)
            .map(|(r, idx)| RowTags::marking(idx.len(), r.iter().copied().filter(|&r| r != NO_ROW)))
            .collect();
        // A row that is a leg of two handshakes keeps the later one: the final legs can then
        // be read off the tags only when no row is.
        let once = rows
            .iter()
            .zip(&tags)
            .all(|(r, t)| r.iter().filter(|&&r| r != NO_ROW).count() == t.len());
        let mut finals: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        let mut next = vec![0usize; n];
        for (h, hs) in handshakes.iter().enumerate() {
            let mut last = None;
            for leg in &hs.legs {
                let Some(k) = index_of(leg.source) else {
                    continue;
                };
                let row = rows[k].get(next[k]).copied().unwrap_or(NO_ROW);
                next[k] += 1;
                if row != NO_ROW {
                    tags[k].set(row, to_u32(h));
                    last = Some((k, row));
                }
            }
            if let (false, Some((k, r))) = (once, last) {
                finals[k].push((r, to_u32(h)));
            }
        }
        drop(rows);
        for (k, f) in finals.iter_mut().enumerate() {
            if once {
                let bits = &final_bits[k];
                let is_final = |r: u32| {
                    bits.get((r / 64) as usize)
                        .is_some_and(|w| w >> (r % 64) & 1 == 1)
                };
                f.extend(tags[k].iter().filter(|&(r, _)| is_final(r)));
            } else {
                f.sort_unstable();
            }
            let idx = &requests[k];
            if !in_time_order(f, idx) {
                // Stable: rows and handshakes stay in order within an instant.
                f.sort_by_cached_key(|&(r, _)| idx.ts(r as usize));
            }
            f.shrink_to_fit();
        }
        LegRows {
            tags,
            finals,
            failed,
        }
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

/// Whether `(row, _)` pairs are in the order of their rows' instants.
fn in_time_order(pairs: &[(u32, u32)], idx: &RequestIndex) -> bool {
    let mut prev = i64::MIN;
    pairs.iter().all(|&(r, _)| {
        let t = idx.ts(r as usize).0;
        let ok = prev <= t;
        prev = t;
        ok
    })
}
