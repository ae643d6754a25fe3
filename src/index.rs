//! Compact columnar index of W3C requests for the explorer: one row per data line.
//!
//! A row holds its instant, line number, byte offset, status triple and time taken, and the
//! interned ids of the fields the explorer filters on. Rows live in segments of bit-packed
//! columns sized to their values ([`segment`], [`packed`]): about 10 bytes a row on IIS logs.
//! The line text itself stays in the file and is read back on demand
//! ([`crate::read::text::LineText`]), so a GB log needs tens of MB, not GBs.

mod append;
pub mod chunk;
mod codes;
mod dict;
mod field;
mod instants;
mod intern;
mod locals;
mod merged;
mod packed;
mod segment;
mod tags;

#[cfg(test)]
mod tests;

use crate::read::text::LineText;
use crate::record::{RequestSink, W3cRecord};
use crate::source::SourceId;
use crate::time::UtcMs;
pub use chunk::IndexChunk;
use codes::FieldCodes;
use dict::Dict;
pub use field::{Field, Numbers};
pub use instants::Instants;
pub use intern::Interner;
pub use merged::Merged;
use segment::{Col, Segments};
#[cfg(test)]
use std::sync::Arc;
pub use tags::{RowPart, RowSet};

/// `(sc-status, sc-substatus, sc-win32-status, numbers flags)`: few distinct per source.
type StatusTuple = (u16, u16, u32, u8);

/// Columnar index of one W3C source.
#[derive(Debug, Default, Clone)]
pub struct RequestIndex {
    /// The source.
    pub source: SourceId,
    /// The rows, packed per segment.
    rows: Segments,
    /// Codes of the status column.
    statuses: Dict<StatusTuple>,
    /// Per interned field, codes ↔ pool ids.
    fields: [FieldCodes; chunk::FIELDS],
    /// String pool shared by the interned columns.
    pub strings: Interner,
    text: LineText,
    /// The pool id and code of the last value seen per interned column: consecutive rows often
    /// repeat a value (the same server, method or client), which then costs a comparison.
    recent: [Option<(u32, u32)>; chunk::FIELDS],
    /// Status tuples seen lately and their codes, by a small hash of the tuple: a few
    /// tuples make most rows, so this spares a map lookup for nearly every row.
    recent_status: [Option<(StatusTuple, u32)>; 16],
}

impl RequestIndex {
    /// An empty index whose line text is read back through `text`.
    pub fn new(source: SourceId, text: LineText) -> Self {
        RequestIndex {
            source,
            text,
            ..Default::default()
        }
    }

    /// Sets where line text is read back from (known once the file has been parsed).
    pub fn set_text(&mut self, text: LineText) {
        self.text = text;
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.len() == 0
    }

    /// Stored column `c` of row `i`, None past the end.
    #[inline]
    fn col(&self, c: usize, i: usize) -> Option<i64> {
        (i < self.rows.len()).then(|| self.rows.get(c, i))
    }

    /// Instant of row `i` (UTC, skew applied).
    #[inline]
    pub fn ts(&self, i: usize) -> UtcMs {
        UtcMs(self.col(Col::Ts as usize, i).unwrap_or_default())
    }

    /// 1-based line number of row `i`.
    pub fn line_no(&self, i: usize) -> u64 {
        self.col(Col::Line as usize, i).unwrap_or_default() as u64
    }

    fn status_tuple(&self, i: usize) -> StatusTuple {
        self.col(Col::Status as usize, i)
            .map(|code| self.statuses.value(code))
            .unwrap_or_default()
    }

    /// `(sc-status, sc-substatus, sc-win32-status)` of row `i`.
    pub fn status(&self, i: usize) -> (u16, u16, u32) {
        let (s, sub, w, _) = self.status_tuple(i);
        (s, sub, w)
    }

    /// Which numbers of row `i` are absent or unread.
    pub fn numbers(&self, i: usize) -> Numbers {
        Numbers(self.status_tuple(i).3)
    }

    /// `time-taken` of row `i` in ms.
    pub fn time_taken(&self, i: usize) -> u32 {
        self.col(Col::TimeTaken as usize, i).unwrap_or_default() as u32
    }

    /// Interned id of a field of row `i`.
    #[inline]
    pub fn field_id(&self, field: Field, i: usize) -> u32 {
        let f = field as usize;
        self.col(Col::Fields as usize + f, i)
            .and_then(|code| Some(self.fields.get(f)?.id(code)))
            .unwrap_or_default()
    }

    /// The pool ids of a field's distinct values (few for a server or method column).
    pub fn field_ids(&self, field: Field) -> &[u32] {
        self.fields
            .get(field as usize)
            .map_or(&[], |codes| codes.ids())
    }

    /// For each interned id, whether its string passes `test` (to select rows by a field
    /// without testing each row's text).
    pub fn strings_flagged(&self, test: impl Fn(&str) -> bool) -> Vec<bool> {
        let mut out = vec![false; self.strings.len()];
        for (id, text) in self.strings.iter() {
            if let Some(slot) = out.get_mut(id as usize) {
                *slot = test(text);
            }
        }
        out
    }

    /// Text of a field of row `i` (empty for `-`).
    pub fn field(&self, field: Field, i: usize) -> &str {
        self.strings.get(self.field_id(field, i))
    }

    /// The raw line text of row `i`, read back from the file (not escaped).
    pub fn text(&self, i: usize) -> String {
        match self.col(Col::Offset as usize, i) {
            Some(off) => self.text.line_at(off as u64),
            None => String::new(),
        }
    }

    /// Byte offset of row `i`'s line in the file (or in the decoded text).
    pub fn offset(&self, i: usize) -> u64 {
        self.col(Col::Offset as usize, i).unwrap_or_default() as u64
    }

    /// Where the line text of this index is read from.
    pub fn line_text(&self) -> &LineText {
        &self.text
    }

    /// Calls `f(row, text)` for each row of `rows` with its raw line text (not escaped). Rows
    /// in ascending order are read front to back in big blocks, so scanning millions of rows
    /// costs one pass over the file instead of a seek per row. Stops (false) when `f` does.
    pub fn for_each_text(
        &self,
        rows: &mut dyn Iterator<Item = usize>,
        f: &mut dyn FnMut(usize, &str) -> bool,
    ) -> bool {
        let mut offsets = rows.map(|r| (r, self.offset(r)));
        self.text.for_each_line(&mut offsets, f)
    }

    /// First row whose instant is at or after `at` (rows are in file order, which is time order
    /// within a W3C file; out-of-order rows are tolerated by the caller's merge).
    pub fn lower_bound(&self, at: UtcMs) -> usize {
        partition(self.len(), |i| self.ts(i) < at)
    }

    /// Row of a 1-based line number, if that line is a data row.
    pub fn row_of_line(&self, line: u64) -> Option<usize> {
        let n = self.len();
        let last = n.checked_sub(1)?;
        // Lines rise by at least one a row, so line - row never falls: the row of `line` lies
        // between what the first and the last row's gaps allow (a narrow window when few lines
        // are comments). Rows out of order fall back to searching them all.
        let gap = |i: usize| i128::from(self.line_no(i)) - i as i128;
        let at = |g: i128| usize::try_from((i128::from(line) - g).clamp(0, n as i128)).ok();
        let (lo, hi) = (at(gap(last))?, at(gap(0) - 1)?);
        let i = lo + partition(hi.saturating_sub(lo), |k| self.line_no(lo + k) < line);
        if i < n && self.line_no(i) == line {
            return Some(i);
        }
        let i = partition(n, |i| self.line_no(i) < line);
        (i < n && self.line_no(i) == line).then_some(i)
    }

    /// Shifts every instant by `delta_ms` (a skew applied from the UI).
    pub fn shift(&mut self, delta_ms: i64) {
        self.rows.shift(Col::Ts as usize, delta_ms);
    }

    /// Approximate heap bytes held by the index.
    pub fn heap_bytes(&self) -> usize {
        self.rows.heap_bytes()
            + self.statuses.heap_bytes()
            + self
                .fields
                .iter()
                .map(FieldCodes::heap_bytes)
                .sum::<usize>()
            + self.strings.heap_bytes()
    }
}

/// The first `i` in `0..n` for which `before(i)` is false (`before` true on a prefix).
pub(crate) fn partition(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

impl RequestSink for RequestIndex {
    type Row = ();
    type Block = ();
    type Error = std::convert::Infallible;

    fn request(&mut self, _source: SourceId, rec: &W3cRecord<'_>) -> Result<bool, Self::Error> {
        self.push(rec);
        Ok(true)
    }
}
