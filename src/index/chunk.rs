//! One parsed block's rows in columns, built on the parser thread that parsed the block, for
//! [`RequestIndex::append_chunk`](super::RequestIndex::append_chunk).
//!
//! The six interned columns hold block-local ids; each distinct value is kept once as a byte
//! span of the block text. The thread that appends the chunk then interns each distinct value
//! once per block instead of every field of every row, and touches little of the text that
//! another core just parsed.

use crate::hash::HashChains;
use crate::parse::w3c::{Column, Number, Row, Rows};

/// A value that is not in the block text: the server label given for the file.
pub const LABEL: (u32, u32) = (u32::MAX, u32::MAX);

/// The numbers and interned-field spans of one row, in [`super::Field`] order.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChunkRow {
    pub ts: i64,
    /// Line number within the block (1-based).
    pub line: u64,
    pub offset: u64,
    pub status: u16,
    pub substatus: u16,
    pub win32: u32,
    pub time_taken: u32,
    /// Which numbers were not logged or not numbers ([`super::Numbers`] bits).
    pub numbers: u8,
    /// Client, uri, method, user, agent, server, reason, unread number: byte spans of the
    /// block text, or [`LABEL`].
    pub fields: [(u32, u32); FIELDS],
}

/// Number of interned columns.
pub const FIELDS: usize = 8;

/// A block's rows, columnar, with block-local value ids.
#[derive(Debug, Default)]
pub struct IndexChunk {
    pub(super) ts: Vec<i64>,
    pub(super) line: Vec<u64>,
    pub(super) offset: Vec<u64>,
    pub(super) status: Vec<u16>,
    pub(super) substatus: Vec<u16>,
    pub(super) win32: Vec<u32>,
    pub(super) time_taken: Vec<u32>,
    pub(super) numbers: Vec<u8>,
    /// Per row, the local ids of the interned columns.
    pub(super) ids: Vec<[u32; FIELDS]>,
    /// Local id → span of its value (empty span: the empty value; [`LABEL`]: the label).
    pub(super) values: Vec<(u32, u32)>,
    chains: HashChains,
    /// Local id of the label, once used.
    label: Option<u32>,
    /// Per column, the span and local id of the previous row's value: consecutive rows often
    /// repeat one (server, method, agent, an empty reason), which then costs a compare.
    recent: [Option<((u32, u32), u32)>; FIELDS],
}

impl IndexChunk {
    /// Empties the chunk, keeping its storage.
    pub fn clear(&mut self) {
        self.ts.clear();
        self.line.clear();
        self.offset.clear();
        self.status.clear();
        self.substatus.clear();
        self.win32.clear();
        self.time_taken.clear();
        self.numbers.clear();
        self.ids.clear();
        self.values.clear();
        self.chains.clear();
        self.label = None;
        self.recent = [None; FIELDS];
    }

    /// A copy holding only the rows whose logged instant `keep` accepts (a time window);
    /// None when it accepts every row.
    pub fn retained(&self, keep: &dyn Fn(i64) -> bool) -> Option<IndexChunk> {
        if self.ts.iter().all(|&t| keep(t)) {
            return None;
        }
        let mut out = IndexChunk {
            values: self.values.clone(),
            label: self.label,
            ..IndexChunk::default()
        };
        for (i, &t) in self.ts.iter().enumerate().filter(|(_, t)| keep(**t)) {
            out.ts.push(t);
            out.line.push(self.line[i]);
            out.offset.push(self.offset[i]);
            out.status.push(self.status[i]);
            out.substatus.push(self.substatus[i]);
            out.win32.push(self.win32[i]);
            out.time_taken.push(self.time_taken[i]);
            out.numbers.push(self.numbers[i]);
            out.ids.push(self.ids[i]);
        }
        Some(out)
    }

    /// Rows held.
    pub fn len(&self) -> usize {
        self.ts.len()
    }

    /// True when no row is held.
    pub fn is_empty(&self) -> bool {
        self.ts.is_empty()
    }

    /// Adds a row whose field spans index `text` (the block text).
    pub fn push(&mut self, text: &[u8], row: &ChunkRow) {
        self.ts.push(row.ts);
        self.line.push(row.line);
        self.offset.push(row.offset);
        self.status.push(row.status);
        self.substatus.push(row.substatus);
        self.win32.push(row.win32);
        self.time_taken.push(row.time_taken);
        self.numbers.push(row.numbers);
        let mut ids = [0u32; FIELDS];
        for (f, (id, &span)) in ids.iter_mut().zip(&row.fields).enumerate() {
            if let Some((last, last_id)) = self.recent[f]
                && (span == last
                    || (span != LABEL
                        && last != LABEL
                        && Self::bytes(text, span) == Self::bytes(text, last)))
            {
                *id = last_id;
                continue;
            }
            *id = self.local(text, span);
            self.recent[f] = Some((span, *id));
        }
        self.ids.push(ids);
    }

    fn bytes(text: &[u8], span: (u32, u32)) -> &[u8] {
        text.get(span.0 as usize..span.1 as usize).unwrap_or(&[])
    }

    fn local(&mut self, text: &[u8], span: (u32, u32)) -> u32 {
        if span == LABEL {
            if let Some(id) = self.label {
                return id;
            }
            let id = self.chains.add_unfiled();
            self.values.push(LABEL);
            self.label = Some(id);
            return id;
        }
        let value = Self::bytes(text, span);
        let hash = self.chains.hash(value);
        let values = &self.values;
        let found = self.chains.find(hash, |id| {
            values
                .get(id as usize)
                .is_some_and(|&v| Self::bytes(text, v) == value)
        });
        found.unwrap_or_else(|| {
            self.values.push(span);
            self.chains.add(hash)
        })
    }
}

impl IndexChunk {
    /// Refills the chunk with every row of a parsed block. `label`: a server label was given,
    /// so rows that log no `s-computername` take it.
    pub fn fill(&mut self, rows: &Rows<'_>, label: bool) {
        self.clear();
        let text = rows.text().as_bytes();
        for row in rows.iter() {
            self.push(text, &ChunkRow::of(&row, label));
        }
    }
}

impl ChunkRow {
    /// The index row of a parsed row: numbers, and spans of the interned fields (the server
    /// falls back to the label, then to `s-ip`, as the parser's records do).
    pub fn of(r: &Row<'_>, label: bool) -> ChunkRow {
        let server = match r.span(Column::Server) {
            (a, b) if a != b => (a, b),
            _ if label => LABEL,
            _ => r.span(Column::ServerIp),
        };
        let mut numbers = super::Numbers::default();
        numbers.set(0, r.status().is_none(), r.unread(Number::Status));
        numbers.set(1, r.substatus().is_none(), r.unread(Number::Substatus));
        numbers.set(2, r.win32().is_none(), r.unread(Number::Win32));
        numbers.set(3, r.time_taken().is_none(), r.unread(Number::TimeTaken));
        let first_unread = Number::ALL
            .into_iter()
            .find(|&n| r.unread(n))
            .map_or((0, 0), |n| r.unread_span(n));
        ChunkRow {
            ts: r.ts(),
            line: r.line(),
            offset: r.offset(),
            status: r.status().unwrap_or(0),
            substatus: r.substatus().unwrap_or(0),
            win32: r.win32().unwrap_or(0),
            time_taken: r.time_taken().unwrap_or(0),
            numbers: numbers.0,
            fields: [
                r.span(Column::ClientIp),
                r.span(Column::UriStem),
                r.span(Column::Method),
                r.span(Column::Username),
                r.span(Column::UserAgent),
                server,
                r.span(Column::Reason),
                first_unread,
            ],
        }
    }
}
