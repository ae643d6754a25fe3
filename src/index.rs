//! Compact columnar index of W3C requests for the explorer: one row per data line.
//!
//! A row costs about 40 bytes: instant, line number, byte offset, status triple and interned ids
//! of the fields the explorer filters on. The line text itself stays in the file and is read
//! back on demand ([`crate::read::text::LineText`]), so a GB log needs tens of MB, not GBs.

pub mod chunk;
mod dict;
mod field;
mod intern;
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
pub use chunk::{ChunkRow, IndexChunk};
use dict::Dict;
pub use field::{Field, Numbers};
pub use intern::Interner;
pub use merged::Merged;
use segment::{COLS, Col, Segments};
#[cfg(test)]
use std::sync::Arc;
pub use tags::RowTags;

/// `(sc-status, sc-substatus, sc-win32-status, numbers flags)`: few distinct per source.
type StatusTuple = (u16, u16, u32, u8);

/// Columnar index of one W3C source.
#[derive(Debug, Default)]
pub struct RequestIndex {
    /// The source.
    pub source: SourceId,
    /// The rows, packed per segment.
    rows: Segments,
    /// Codes of the status column.
    statuses: Dict<StatusTuple>,
    /// Per interned field, codes → pool ids.
    fields: [Dict<u32>; chunk::FIELDS],
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

    /// The status triple of row `i` as shown: `401.1 2148074310`; a number not logged is `-`,
    /// one logged as text that is not a number is that text (HTTPERR: `503` or `-`).
    pub fn status_text(&self, i: usize) -> String {
        let (s, sub, w) = self.status(i);
        let n = self.numbers(i);
        let show = |k: u8, v: u32| {
            if n.unread(k) {
                let t = self.field(Field::Unread, i);
                if t.is_empty() {
                    "?".to_string()
                } else {
                    t.to_string()
                }
            } else if n.absent(k) {
                "-".to_string()
            } else {
                v.to_string()
            }
        };
        let (s, sub, w) = (
            show(Numbers::STATUS, u32::from(s)),
            show(Numbers::SUBSTATUS, u32::from(sub)),
            show(Numbers::WIN32, w),
        );
        let status = if n.absent(Numbers::SUBSTATUS) && !n.unread(Numbers::SUBSTATUS) {
            s
        } else {
            format!("{s}.{sub}")
        };
        if n.absent(Numbers::WIN32) && !n.unread(Numbers::WIN32) {
            status
        } else {
            format!("{status} {w}")
        }
    }

    /// `time-taken` of row `i` as shown: `12 ms`, `-` when not logged, the text when unread.
    pub fn time_taken_text(&self, i: usize) -> String {
        let n = self.numbers(i);
        if n.unread(Numbers::TIME_TAKEN) {
            let t = self.field(Field::Unread, i);
            return if t.is_empty() {
                "?".into()
            } else {
                t.to_string()
            };
        }
        if n.absent(Numbers::TIME_TAKEN) {
            return "-".into();
        }
        format!("{} ms", self.time_taken(i))
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
            .and_then(|code| Some(self.fields.get(f)?.value(code)))
            .unwrap_or_default()
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

    fn status_code(&mut self, tuple: StatusTuple) -> i64 {
        let (s, sub, w, n) = tuple;
        let slot =
            (u32::from(s) ^ u32::from(sub) << 2 ^ w ^ w >> 7 ^ u32::from(n) << 1) as usize % 16;
        if let Some((t, code)) = self.recent_status[slot]
            && t == tuple
        {
            return i64::from(code);
        }
        let code = self.statuses.code(tuple);
        self.recent_status[slot] = Some((tuple, code));
        i64::from(code)
    }

    /// Appends one record (skew already applied to `rec.ts` by the caller if needed).
    pub fn push(&mut self, rec: &W3cRecord<'_>) {
        let raw = rec.raw.copied().unwrap_or_default();
        let unread = [raw.status, raw.substatus, raw.win32, raw.time_taken]
            .into_iter()
            .find(|t| !t.is_empty())
            .unwrap_or("");
        let texts = [
            rec.client_ip,
            rec.uri_stem,
            rec.method,
            rec.username,
            rec.user_agent,
            rec.server,
            rec.reason,
            unread,
        ];
        let mut row = [0i64; COLS];
        row[Col::Ts as usize] = rec.ts.0;
        row[Col::Line as usize] = rec.line as i64;
        row[Col::Offset as usize] = rec.offset as i64;
        row[Col::Status as usize] = self.status_code((
            rec.status.unwrap_or(0),
            rec.substatus.unwrap_or(0),
            rec.win32.unwrap_or(0),
            Numbers::of(rec).0,
        ));
        row[Col::TimeTaken as usize] = i64::from(rec.time_taken.unwrap_or(0));
        for (f, text) in texts.into_iter().enumerate() {
            row[Col::Fields as usize + f] = i64::from(self.intern_col(f, text));
        }
        self.rows.push(&row);
    }

    /// The code of `text` in interned column `col`.
    fn intern_col(&mut self, col: usize, text: &str) -> u32 {
        if let Some((id, code)) = self.recent[col]
            && self.strings.get(id) == text
        {
            return code;
        }
        let id = self.strings.intern(text);
        let code = self.fields[col].code(id);
        self.recent[col] = Some((id, code));
        code
    }

    /// Appends rows `from..` of `other` (later rows of the same source, e.g. read by live
    /// follow), interning their values into this index's pool. Line text keeps coming from
    /// this index's file, at the offsets `other` recorded.
    pub fn append(&mut self, other: &RequestIndex, from: usize) {
        for i in from.min(other.len())..other.len() {
            let mut row = [0i64; COLS];
            for c in [Col::Ts, Col::Line, Col::Offset, Col::TimeTaken] {
                row[c as usize] = other.rows.get(c as usize, i);
            }
            row[Col::Status as usize] = self.status_code(other.status_tuple(i));
            for (f, field) in Field::ALL.into_iter().enumerate() {
                let id = self.strings.intern(other.field(field, i));
                row[Col::Fields as usize + f] = i64::from(self.fields[f].code(id));
            }
            self.rows.push(&row);
        }
    }

    /// Appends a block's rows built on a parser thread: `text` is the block text its spans
    /// index, `line_base` the lines before the block, `label` the server when none is logged,
    /// `clock` maps a logged instant to the source's clock (zone, skew). Each distinct value of
    /// the block is interned once per column.
    pub fn append_chunk(
        &mut self,
        chunk: &IndexChunk,
        text: &str,
        line_base: u64,
        label: &str,
        clock: &dyn Fn(i64) -> i64,
    ) {
        let values = chunk.values.len();
        // Per column, per block-local id: its code (u32::MAX until first used).
        let mut codes = vec![u32::MAX; values * chunk::FIELDS];
        let mut pool = vec![u32::MAX; values];
        for (i, ids) in chunk.ids.iter().enumerate() {
            let mut row = [0i64; COLS];
            row[Col::Ts as usize] = clock(chunk.ts[i]);
            row[Col::Line as usize] = chunk.line[i].wrapping_add(line_base) as i64;
            row[Col::Offset as usize] = chunk.offset[i] as i64;
            row[Col::Status as usize] = self.status_code((
                chunk.status[i],
                chunk.substatus[i],
                chunk.win32[i],
                chunk.numbers[i],
            ));
            row[Col::TimeTaken as usize] = i64::from(chunk.time_taken[i]);
            for (f, &local) in ids.iter().enumerate() {
                let local = local as usize;
                let Some(slot) = codes.get_mut(f * values + local) else {
                    continue;
                };
                if *slot == u32::MAX {
                    let Some(id) = pool.get_mut(local) else {
                        continue;
                    };
                    if *id == u32::MAX {
                        let span = chunk.values.get(local).copied().unwrap_or((0, 0));
                        let value = if span == chunk::LABEL {
                            label
                        } else {
                            text.get(span.0 as usize..span.1 as usize).unwrap_or("")
                        };
                        *id = self.strings.intern(value);
                    }
                    *slot = self.fields[f].code(*id);
                }
                row[Col::Fields as usize + f] = i64::from(*slot);
            }
            self.rows.push(&row);
        }
    }

    /// Approximate heap bytes held by the index.
    pub fn heap_bytes(&self) -> usize {
        self.rows.heap_bytes()
            + self.statuses.heap_bytes()
            + self.fields.iter().map(Dict::heap_bytes).sum::<usize>()
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
