//! How rows get into the request index: one record at a time ([`RequestIndex::push`], EVTX
//! events and tests), a parsed block's chunk ([`RequestIndex::append_chunk`], the W3C load), or
//! the rows of another index of the same source ([`RequestIndex::append`], live follow). Every
//! value is turned into its column's code here.

use super::segment::{COLS, Col};
use super::{Field, IndexChunk, Numbers, RequestIndex, StatusTuple, chunk};
use crate::hash;
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
        let code = self.fields[col].code_of(&mut self.strings, text);
        self.recent[col] = Some((self.fields[col].id(i64::from(code)), code));
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
                let code = self.fields[f].code_of(&mut self.strings, other.field(field, i));
                row[Col::Fields as usize + f] = i64::from(code);
            }
            self.rows.push(&row);
        }
    }

    /// Appends a block's rows built on a parser thread: `text` is the block text its spans
    /// index, `line_base` the lines before the block, `label` the server when none is logged,
    /// `clock` maps a logged instant to the source's clock (zone, skew). Each distinct value of
    /// the block is looked up once per column, by the hash the parser thread worked out; then
    /// the columns are copied into the open segment, local ids mapped to codes.
    pub fn append_chunk(
        &mut self,
        chunk: &IndexChunk,
        text: &str,
        line_base: u64,
        label: &str,
        clock: &dyn Fn(i64) -> i64,
    ) {
        let label = if label == "-" { "" } else { label };
        let label_hash = hash::bytes(label.as_bytes());
        // The codes of every column's distinct values, one column after another.
        let mut codes = Vec::with_capacity(chunk.values.iter().map(Vec::len).sum());
        let mut starts = [0usize; chunk::FIELDS + 1];
        for (f, values) in chunk.values.iter().enumerate() {
            for v in values {
                let (value, h) = match v.span {
                    chunk::LABEL => (label, label_hash),
                    (a, b) => match text.get(a as usize..b as usize) {
                        Some(value) => (value, v.hash),
                        None => ("", hash::bytes(b"")),
                    },
                };
                codes.push(i64::from(self.fields[f].code(&mut self.strings, value, h)));
            }
            starts[f + 1] = codes.len();
        }
        let statuses: Vec<i64> = (chunk.statuses.iter())
            .map(|&t| i64::from(self.statuses.code(t)))
            .collect();
        let coded = |ids: &[u32], codes: &[i64], out: &mut Vec<i64>| {
            if let [only] = codes {
                // Every local id is 0: a column the block does not log, a label.
                out.resize(out.len() + ids.len(), *only);
                return;
            }
            out.extend(
                ids.iter()
                    .map(|&l| codes.get(l as usize).copied().unwrap_or(0)),
            );
        };
        self.rows.extend(chunk.len(), &mut |c, rows, out| match c {
            TS => out.extend(chunk.ts[rows].iter().map(|&t| clock(t))),
            LINE => out.extend(
                chunk.line[rows]
                    .iter()
                    .map(|&l| l.wrapping_add(line_base) as i64),
            ),
            OFFSET => out.extend(chunk.offset[rows].iter().map(|&o| o as i64)),
            STATUS => coded(&chunk.status[rows], &statuses, out),
            TIME_TAKEN => out.extend(chunk.time_taken[rows].iter().map(|&t| i64::from(t))),
            _ => {
                let f = c - Col::Fields as usize;
                let codes = codes.get(starts[f]..starts[f + 1]).unwrap_or(&[]);
                coded(&chunk.ids[f][rows], codes, out);
            }
        });
    }
}

const TS: usize = Col::Ts as usize;
const LINE: usize = Col::Line as usize;
const OFFSET: usize = Col::Offset as usize;
const STATUS: usize = Col::Status as usize;
const TIME_TAKEN: usize = Col::TimeTaken as usize;
