//! How rows get into the request index: one record at a time ([`RequestIndex::push`], EVTX
//! events and tests), a parsed block's chunk ([`RequestIndex::append_chunk`], the W3C load), or
//! the rows of another index of the same source ([`RequestIndex::append`], live follow). Every
//! value is turned into its column's code here.

use super::segment::{COLS, Col};
use super::{Field, IndexChunk, Numbers, RequestIndex, StatusTuple, chunk};
use crate::record::W3cRecord;

impl RequestIndex {
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
}
