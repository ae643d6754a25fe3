//! One parsed block's rows in columns, built on the parser thread that parsed the block, for
//! [`RequestIndex::append_chunk`](super::RequestIndex::append_chunk).
//!
//! The chunk is built a column at a time. The status tuple and the eight interned fields are
//! block-local ids of the block's distinct values, each value kept once with its hash (a byte
//! span of the block text for a field). The thread that appends the chunk then takes in each
//! distinct value once per block by the hash worked out here, and copies the columns mapping
//! ids to codes: it touches little of the text another core just parsed, and hashes nothing.

use super::StatusTuple;
use super::locals::Locals;
use crate::hash::{self, head8, same};
use crate::parse::w3c::{Column, Number, Row, Rows};

mod retain;

/// A value that is not in the block text: the server label given for the file.
pub const LABEL: (u32, u32) = (u32::MAX, u32::MAX);

/// The empty value (also `-`).
const EMPTY: (u32, u32) = (0, 0);

/// Number of interned columns.
pub const FIELDS: usize = 8;

/// A distinct value of one column of a block.
#[derive(Debug, Clone, Copy)]
pub(super) struct Value {
    /// Byte span of the block text ([`LABEL`]: the label).
    pub span: (u32, u32),
    /// [`hash::bytes`] of the text (0 for the label, hashed by the appending thread).
    pub hash: u64,
}

/// A block's rows, columnar, with block-local value ids.
#[derive(Debug, Default)]
pub struct IndexChunk {
    pub(super) ts: Vec<i64>,
    /// Line number within the block (1-based).
    pub(super) line: Vec<u64>,
    pub(super) offset: Vec<u64>,
    pub(super) time_taken: Vec<u32>,
    /// Per row, its status tuple's local id in `statuses`.
    pub(super) status: Vec<u32>,
    pub(super) statuses: Vec<StatusTuple>,
    /// Per interned column ([`super::Field`] order), per row: its value's local id in `values`.
    pub(super) ids: [Vec<u32>; FIELDS],
    /// Per interned column, its distinct values in order of first appearance.
    pub(super) values: [Vec<Value>; FIELDS],
    locals: Locals,
}

impl IndexChunk {
    /// Empties the chunk, keeping its storage.
    pub fn clear(&mut self) {
        self.ts.clear();
        self.line.clear();
        self.offset.clear();
        self.time_taken.clear();
        self.status.clear();
        self.statuses.clear();
        for (ids, values) in self.ids.iter_mut().zip(&mut self.values) {
            ids.clear();
            values.clear();
        }
    }

    /// Rows held.
    pub fn len(&self) -> usize {
        self.ts.len()
    }

    /// True when no row is held.
    pub fn is_empty(&self) -> bool {
        self.ts.is_empty()
    }

    /// Refills the chunk with every row of a parsed block. `label`: a server label was given,
    /// so rows that log no `s-computername` take it (the parser's records fall back to the
    /// label, then to `s-ip`; so does the index).
    pub fn fill(&mut self, rows: &Rows<'_>, label: bool) {
        self.clear();
        self.numbers(rows);
        let text = rows.text().as_bytes();
        let n = rows.len();
        self.column(0, n, text, rows.spans(Column::ClientIp));
        self.column(1, n, text, rows.spans(Column::UriStem));
        self.column(2, n, text, rows.spans(Column::Method));
        self.column(3, n, text, rows.spans(Column::Username));
        self.column(4, n, text, rows.spans(Column::UserAgent));
        if label && rows.spans(Column::Server).all(|(a, b)| a == b) {
            // No row logs its machine: every row takes the label.
            self.one_value(5, n, LABEL);
        } else {
            let servers = rows.spans(Column::Server).zip(rows.spans(Column::ServerIp));
            let server = servers.map(|(name, ip)| match name {
                (a, b) if a != b => (a, b),
                _ if label => LABEL,
                _ => ip,
            });
            self.column(5, n, text, server);
        }
        self.column(6, n, text, rows.spans(Column::Reason));
        if rows.iter().any(|r| r.any_unread()) {
            let unread = rows.iter().map(|r| {
                if !r.any_unread() {
                    return EMPTY;
                }
                Number::ALL
                    .into_iter()
                    .find(|&n| r.unread(n))
                    .map_or(EMPTY, |n| r.unread_span(n))
            });
            self.column(7, n, text, unread);
        } else {
            // Every number of the block read: no row has an unread text.
            self.one_value(7, n, EMPTY);
        }
    }

    /// The numbers of every row, and the local ids of their status tuples, in one pass over
    /// the rows.
    fn numbers(&mut self, rows: &Rows<'_>) {
        let n = rows.len();
        self.locals.start(n);
        self.ts.reserve(n);
        self.line.reserve(n);
        self.offset.reserve(n);
        self.time_taken.reserve(n);
        self.status.reserve(n);
        let mut last: Option<(StatusTuple, u32)> = None;
        for r in rows.iter() {
            self.ts.push(r.ts());
            self.line.push(r.line());
            self.offset.push(r.offset());
            self.time_taken.push(r.time_taken().unwrap_or(0));
            let tuple = status_tuple(&r);
            let id = match last {
                Some((t, id)) if t == tuple => id,
                _ => {
                    let (s, sub, w, n) = tuple;
                    let packed = u64::from(s) | u64::from(sub) << 16 | u64::from(w) << 32;
                    let h = hash::finish(hash::mix(packed, u64::from(n)));
                    let statuses = &mut self.statuses;
                    let next = u32::try_from(statuses.len()).unwrap_or(u32::MAX);
                    let (id, new) = self
                        .locals
                        .find_or_add(h, next, |id| statuses[id as usize] == tuple);
                    if new {
                        statuses.push(tuple);
                    }
                    last = Some((tuple, id));
                    id
                }
            };
            self.status.push(id);
        }
    }

    /// Interned column `f` of the block's `n` rows when every row holds `only` ([`EMPTY`] or
    /// [`LABEL`]).
    fn one_value(&mut self, f: usize, n: usize, only: (u32, u32)) {
        if n > 0 {
            let hash = if only == LABEL { 0 } else { hash::bytes(b"") };
            let id = new_value(&mut self.values[f], only, hash);
            self.ids[f].resize(n, id);
        }
    }

    /// Interned column `f` of the block's `n` rows, given the span of each row's value.
    fn column(
        &mut self,
        f: usize,
        n: usize,
        text: &[u8],
        spans: impl Iterator<Item = (u32, u32)> + Clone,
    ) {
        // A column the block does not log (or a server label on every row): one value.
        if let Some(only) = one_class(spans.clone()) {
            self.one_value(f, n, only);
            return;
        }
        let (ids, values) = (&mut self.ids[f], &mut self.values[f]);
        let locals = &mut self.locals;
        locals.start(n);
        // Local ids of the empty value and the label, once used; values seen lately by their
        // length and last eight bytes, which spares hashing the values rows repeat (server,
        // method, agent, URI).
        let (mut empty, mut label) = (u32::MAX, u32::MAX);
        let mut seen = [Seen::default(); SEEN];
        ids.reserve(n);
        ids.extend(spans.map(|span| {
            let value = bytes(text, span);
            if !value.is_empty() && value != b"-" {
                let tail = hash::tail8(value);
                let key = tail ^ (value.len() as u64) << 56;
                let at = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> SEEN_SHIFT) as usize;
                let recent = seen[at];
                let before = bytes(text, recent.span);
                if recent.tail == tail && before.len() == value.len() {
                    // Same length and last eight bytes: the same value unless it differs before.
                    let hit = match value.len() {
                        0..=8 => true,
                        9..=16 => head8(before) == head8(value),
                        _ => before == value,
                    };
                    if hit {
                        return recent.id;
                    }
                }
                let h = hash::bytes(value);
                let next = u32::try_from(values.len()).unwrap_or(u32::MAX);
                let (id, new) = locals.find_or_add(h, next, |id| {
                    values
                        .get(id as usize)
                        .is_some_and(|v| same(bytes(text, v.span), value))
                });
                if new {
                    values.push(Value { span, hash: h });
                }
                seen[at] = Seen { tail, span, id };
                id
            } else if span == LABEL {
                if label == u32::MAX {
                    label = new_value(values, LABEL, 0);
                }
                label
            } else {
                if empty == u32::MAX {
                    empty = new_value(values, EMPTY, hash::bytes(b""));
                }
                empty
            }
        }));
    }
}

/// [`EMPTY`] or [`LABEL`] when every span is that one (empty spans taken as [`EMPTY`]).
fn one_class(mut spans: impl Iterator<Item = (u32, u32)>) -> Option<(u32, u32)> {
    match spans.next()? {
        LABEL => spans.all(|s| s == LABEL).then_some(LABEL),
        (a, b) if a == b => spans.all(|s| s.0 == s.1 && s != LABEL).then_some(EMPTY),
        _ => None,
    }
}

/// Slots of the per-column cache of values seen lately (a power of two): room for the
/// addresses and users of a busy block (hundreds each), which are hashed again on every miss.
const SEEN: usize = 1024;

/// The shift that takes a hash to a slot of [`SEEN`].
const SEEN_SHIFT: u32 = 64 - SEEN.trailing_zeros();

/// A value seen lately: its last eight bytes (all of a value of up to eight), span (the
/// empty span: none yet) and local id.
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    tail: u64,
    span: (u32, u32),
    id: u32,
}

/// Adds a value to a column's values; its local id.
fn new_value(values: &mut Vec<Value>, span: (u32, u32), hash: u64) -> u32 {
    values.push(Value { span, hash });
    u32::try_from(values.len() - 1).unwrap_or(u32::MAX)
}

/// The bytes of a span of the block text (none for [`LABEL`] or a span out of range).
#[inline]
pub(super) fn bytes(text: &[u8], span: (u32, u32)) -> &[u8] {
    text.get(span.0 as usize..span.1 as usize).unwrap_or(&[])
}

/// `(status, substatus, win32, numbers flags)` of a parsed row.
fn status_tuple(r: &Row<'_>) -> StatusTuple {
    let mut numbers = super::Numbers::default();
    numbers.set(0, r.status().is_none(), r.unread(Number::Status));
    numbers.set(1, r.substatus().is_none(), r.unread(Number::Substatus));
    numbers.set(2, r.win32().is_none(), r.unread(Number::Win32));
    numbers.set(3, r.time_taken().is_none(), r.unread(Number::TimeTaken));
    (
        r.status().unwrap_or(0),
        r.substatus().unwrap_or(0),
        r.win32().unwrap_or(0),
        numbers.0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_class_is_every_span_empty_or_every_span_the_label() {
        let one = |spans: &[(u32, u32)]| one_class(spans.iter().copied());
        assert_eq!(one(&[]), None);
        assert_eq!(one(&[(0, 0), (7, 7), (3, 3)]), Some(EMPTY));
        assert_eq!(one(&[LABEL, LABEL]), Some(LABEL));
        // The label is empty too, but not the empty value.
        assert_eq!(one(&[(0, 0), LABEL]), None);
        assert_eq!(one(&[LABEL, (0, 0)]), None);
        assert_eq!(one(&[(0, 0), (4, 9)]), None);
        assert_eq!(one(&[(4, 9), (0, 0)]), None);
        assert_eq!(one(&[(u32::MAX, u32::MAX - 1)]), None);
    }
}
