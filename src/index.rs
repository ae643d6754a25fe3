//! Compact columnar index of W3C requests for the explorer: one row per data line.
//!
//! A row costs about 40 bytes: instant, line number, byte offset, status triple and interned ids
//! of the fields the explorer filters on. The line text itself stays in the file and is read
//! back on demand ([`crate::read::text::LineText`]), so a GB log needs tens of MB, not GBs.

pub mod chunk;
mod intern;

#[cfg(test)]
mod tests;

use crate::read::text::LineText;
use crate::record::{RequestSink, W3cRecord};
use crate::source::SourceId;
use crate::time::UtcMs;
pub use chunk::{ChunkRow, IndexChunk};
pub use intern::Interner;
use std::sync::Arc;

/// Columnar index of one W3C source.
#[derive(Debug, Default, Clone)]
pub struct RequestIndex {
    /// The source.
    pub source: SourceId,
    ts: Vec<i64>,
    line: Vec<u64>,
    offset: Vec<u64>,
    status: Vec<u16>,
    substatus: Vec<u16>,
    win32: Vec<u32>,
    time_taken: Vec<u32>,
    numbers: Vec<u8>,
    client: Vec<u32>,
    uri: Vec<u32>,
    method: Vec<u32>,
    user: Vec<u32>,
    agent: Vec<u32>,
    server: Vec<u32>,
    reason: Vec<u32>,
    unread: Vec<u32>,
    /// String pool shared by the interned columns.
    pub strings: Interner,
    text: LineText,
    /// The id of the last value seen per interned column: consecutive rows often repeat a
    /// value (the same server, method or client), which then costs a comparison, not a hash.
    recent: [u32; chunk::FIELDS],
}

/// Which numbers of a row were not logged (or `-`) or not numbers that fit: one bit per number
/// for each, so a missing value is never shown as 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Numbers(pub u8);

impl Numbers {
    /// `sc-status`, `sc-substatus`, `sc-win32-status`, `time-taken`: bit positions.
    pub const STATUS: u8 = 0;
    pub const SUBSTATUS: u8 = 1;
    pub const WIN32: u8 = 2;
    pub const TIME_TAKEN: u8 = 3;

    /// The flags of a record: absent numbers in the low four bits, unread ones in the high.
    pub fn of(rec: &W3cRecord<'_>) -> Self {
        let raw = rec.raw.copied().unwrap_or_default();
        let mut n = Numbers::default();
        n.set(Self::STATUS, rec.status.is_none(), !raw.status.is_empty());
        n.set(
            Self::SUBSTATUS,
            rec.substatus.is_none(),
            !raw.substatus.is_empty(),
        );
        n.set(Self::WIN32, rec.win32.is_none(), !raw.win32.is_empty());
        n.set(
            Self::TIME_TAKEN,
            rec.time_taken.is_none(),
            !raw.time_taken.is_empty(),
        );
        n
    }

    /// Marks number `k` as absent (`None`) and, when `unread`, as text that is not a number.
    pub fn set(&mut self, k: u8, none: bool, unread: bool) {
        self.0 |= u8::from(none) << k | u8::from(unread) << (k + 4);
    }

    /// Number `k` has no value.
    pub fn absent(self, k: u8) -> bool {
        self.0 & (1 << k) != 0
    }

    /// Number `k` was logged as text that is not a number that fits.
    pub fn unread(self, k: u8) -> bool {
        self.0 & (1 << (k + 4)) != 0
    }
}

/// A field the index keeps interned, for quick filters and pickers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// `c-ip`.
    Client,
    /// `cs-uri-stem`.
    Uri,
    /// `cs-method`.
    Method,
    /// `cs-username`.
    User,
    /// `cs(User-Agent)`.
    Agent,
    /// Server label.
    Server,
    /// HTTPERR `s-reason`.
    Reason,
    /// The text of a number that is not a number that fits (the first such of the row).
    Unread,
}

impl Field {
    /// Every field, in column order (the order of an [`IndexChunk`] row's ids).
    pub const ALL: [Field; chunk::FIELDS] = [
        Field::Client,
        Field::Uri,
        Field::Method,
        Field::User,
        Field::Agent,
        Field::Server,
        Field::Reason,
        Field::Unread,
    ];
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
        self.ts.len()
    }

    /// True when no rows.
    pub fn is_empty(&self) -> bool {
        self.ts.is_empty()
    }

    /// Instant of row `i` (UTC, skew applied).
    pub fn ts(&self, i: usize) -> UtcMs {
        UtcMs(self.ts.get(i).copied().unwrap_or_default())
    }

    /// 1-based line number of row `i`.
    pub fn line_no(&self, i: usize) -> u64 {
        self.line.get(i).copied().unwrap_or_default()
    }

    /// `(sc-status, sc-substatus, sc-win32-status)` of row `i`.
    pub fn status(&self, i: usize) -> (u16, u16, u32) {
        (
            self.status.get(i).copied().unwrap_or_default(),
            self.substatus.get(i).copied().unwrap_or_default(),
            self.win32.get(i).copied().unwrap_or_default(),
        )
    }

    /// Which numbers of row `i` are absent or unread.
    pub fn numbers(&self, i: usize) -> Numbers {
        Numbers(self.numbers.get(i).copied().unwrap_or_default())
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
        self.time_taken.get(i).copied().unwrap_or_default()
    }

    /// Interned id of a field of row `i`.
    pub fn field_id(&self, field: Field, i: usize) -> u32 {
        let col = match field {
            Field::Client => &self.client,
            Field::Uri => &self.uri,
            Field::Method => &self.method,
            Field::User => &self.user,
            Field::Agent => &self.agent,
            Field::Server => &self.server,
            Field::Reason => &self.reason,
            Field::Unread => &self.unread,
        };
        col.get(i).copied().unwrap_or_default()
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
        let Some(&off) = self.offset.get(i) else {
            return String::new();
        };
        self.text.line_at(off)
    }

    /// Byte offset of row `i`'s line in the file (or in the decoded text).
    pub fn offset(&self, i: usize) -> u64 {
        self.offset.get(i).copied().unwrap_or_default()
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
        self.ts.partition_point(|&t| t < at.0)
    }

    /// Row of a 1-based line number, if that line is a data row.
    pub fn row_of_line(&self, line: u64) -> Option<usize> {
        self.line.binary_search(&line).ok()
    }

    /// Shifts every instant by `delta_ms` (a skew applied from the UI).
    pub fn shift(&mut self, delta_ms: i64) {
        for t in &mut self.ts {
            *t = t.saturating_add(delta_ms);
        }
    }

    /// Appends one record (skew already applied to `rec.ts` by the caller if needed).
    pub fn push(&mut self, rec: &W3cRecord<'_>) {
        self.ts.push(rec.ts.0);
        self.line.push(rec.line);
        self.offset.push(rec.offset);
        self.status.push(rec.status.unwrap_or(0));
        self.substatus.push(rec.substatus.unwrap_or(0));
        self.win32.push(rec.win32.unwrap_or(0));
        self.time_taken.push(rec.time_taken.unwrap_or(0));
        self.numbers.push(Numbers::of(rec).0);
        let client = self.intern_col(0, rec.client_ip);
        self.client.push(client);
        let uri = self.intern_col(1, rec.uri_stem);
        self.uri.push(uri);
        let method = self.intern_col(2, rec.method);
        self.method.push(method);
        let user = self.intern_col(3, rec.username);
        self.user.push(user);
        let agent = self.intern_col(4, rec.user_agent);
        self.agent.push(agent);
        let server = self.intern_col(5, rec.server);
        self.server.push(server);
        let reason = self.intern_col(6, rec.reason);
        self.reason.push(reason);
        let raw = rec.raw.copied().unwrap_or_default();
        let unread = [raw.status, raw.substatus, raw.win32, raw.time_taken]
            .into_iter()
            .find(|t| !t.is_empty())
            .unwrap_or("");
        let unread = self.intern_col(7, unread);
        self.unread.push(unread);
    }

    fn intern_col(&mut self, col: usize, text: &str) -> u32 {
        let last = self.recent[col];
        if (last != 0 || text.is_empty()) && self.strings.get(last) == text {
            return last;
        }
        let id = self.strings.intern(text);
        self.recent[col] = id;
        id
    }

    /// Appends rows `from..` of `other` (later rows of the same source, e.g. read by live
    /// follow), interning their values into this index's pool. Line text keeps coming from
    /// this index's file, at the offsets `other` recorded.
    pub fn append(&mut self, other: &RequestIndex, from: usize) {
        let all = from.min(other.len())..other.len();
        self.ts.extend_from_slice(&other.ts[all.clone()]);
        self.line.extend_from_slice(&other.line[all.clone()]);
        self.offset.extend_from_slice(&other.offset[all.clone()]);
        self.status.extend_from_slice(&other.status[all.clone()]);
        self.substatus
            .extend_from_slice(&other.substatus[all.clone()]);
        self.win32.extend_from_slice(&other.win32[all.clone()]);
        self.time_taken
            .extend_from_slice(&other.time_taken[all.clone()]);
        self.numbers.extend_from_slice(&other.numbers[all.clone()]);
        for field in Field::ALL {
            for i in all.clone() {
                let id = self.strings.intern(other.field(field, i));
                match field {
                    Field::Client => self.client.push(id),
                    Field::Uri => self.uri.push(id),
                    Field::Method => self.method.push(id),
                    Field::User => self.user.push(id),
                    Field::Agent => self.agent.push(id),
                    Field::Server => self.server.push(id),
                    Field::Reason => self.reason.push(id),
                    Field::Unread => self.unread.push(id),
                }
            }
        }
    }

    /// Appends a block's rows built on a parser thread: `text` is the block text its spans
    /// index, `line_base` the lines before the block, `label` the server when none is logged,
    /// `clock` maps a logged instant to the source's clock (zone, skew). Each distinct value of
    /// the block is interned once.
    pub fn append_chunk(
        &mut self,
        chunk: &IndexChunk,
        text: &str,
        line_base: u64,
        label: &str,
        clock: &dyn Fn(i64) -> i64,
    ) {
        self.ts.extend(chunk.ts.iter().map(|&t| clock(t)));
        self.line.extend(chunk.line.iter().map(|&l| l + line_base));
        self.offset.extend_from_slice(&chunk.offset);
        self.status.extend_from_slice(&chunk.status);
        self.substatus.extend_from_slice(&chunk.substatus);
        self.win32.extend_from_slice(&chunk.win32);
        self.time_taken.extend_from_slice(&chunk.time_taken);
        self.numbers.extend_from_slice(&chunk.numbers);
        let mut global = vec![u32::MAX; chunk.values.len()];
        let strings = &mut self.strings;
        let mut id_of = |local: u32| -> u32 {
            let Some(slot) = global.get_mut(local as usize) else {
                return 0;
            };
            if *slot == u32::MAX {
                let span = chunk.values.get(local as usize).copied().unwrap_or((0, 0));
                let value = if span == chunk::LABEL {
                    label
                } else {
                    text.get(span.0 as usize..span.1 as usize).unwrap_or("")
                };
                *slot = strings.intern(value);
            }
            *slot
        };
        for ids in &chunk.ids {
            let [client, uri, method, user, agent, server, reason, unread] = ids.map(&mut id_of);
            self.client.push(client);
            self.uri.push(uri);
            self.method.push(method);
            self.user.push(user);
            self.agent.push(agent);
            self.server.push(server);
            self.reason.push(reason);
            self.unread.push(unread);
        }
    }

    /// Approximate heap bytes held by the index.
    pub fn heap_bytes(&self) -> usize {
        self.len() * (8 * 3 + 2 * 2 + 1 + 4 * 10) + self.strings.heap_bytes()
    }
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

/// Rows of several indexes merged by instant: `(index position, row)` pairs.
#[derive(Debug, Default, Clone)]
pub struct Merged {
    /// `(which index, row)` in time order; ties keep source order then file order.
    pub rows: Vec<(u16, u32)>,
}

impl Merged {
    /// Merges all rows of `indexes` by instant.
    pub fn build(indexes: &[Arc<RequestIndex>]) -> Self {
        let total: usize = indexes.iter().map(|i| i.len()).sum();
        let mut rows: Vec<(u16, u32)> = Vec::with_capacity(total);
        for (k, idx) in indexes.iter().enumerate() {
            let k = u16::try_from(k).unwrap_or(u16::MAX);
            rows.extend((0..idx.len()).map(|r| (k, u32::try_from(r).unwrap_or(u32::MAX))));
        }
        rows.sort_by_key(|&(k, r)| (indexes[usize::from(k)].ts[r as usize], k, r));
        Merged { rows }
    }

    /// Instant of merged row `m`.
    pub fn ts(&self, indexes: &[Arc<RequestIndex>], m: usize) -> UtcMs {
        self.rows
            .get(m)
            .map(|&(k, r)| indexes[usize::from(k)].ts(r as usize))
            .unwrap_or_default()
    }

    /// First merged row at or after `at`.
    pub fn lower_bound(&self, indexes: &[Arc<RequestIndex>], at: UtcMs) -> usize {
        self.rows
            .partition_point(|&(k, r)| indexes[usize::from(k)].ts[r as usize] < at.0)
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}
