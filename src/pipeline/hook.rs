//! The work done on each parsed W3C block on the parsing threads, for the load's sinks: the
//! [`Hint`] of every request (what the handshake grouper and the MRS collector decide on before
//! a record is built) and, for the explorer, the block's [`IndexChunk`].

use crate::analyze::hint::{Hint, HintFields, Leg};
use crate::index::IndexChunk;
use crate::parse::w3c::{BlockHook, Column, Number, Row, Rows};

/// Hints for every row; index chunks when the explorer keeps an index.
#[derive(Debug, Clone, Copy, Default)]
pub struct W3cHook {
    /// Build an index chunk of every block.
    pub chunks: bool,
    /// A server label was given: rows that log no `s-computername` take it in the index.
    pub label: bool,
}

impl BlockHook for W3cHook {
    type Row = Hint;
    type Block = IndexChunk;

    fn block(&self, rows: &Rows<'_>, per_row: &mut Vec<Hint>, out: &mut IndexChunk) {
        per_row.extend(rows.iter().map(|r| hint_of(&r)));
        if self.chunks {
            out.fill(rows, self.label);
        } else {
            out.clear();
        }
    }
}

/// The hint of a parsed row.
#[inline]
pub fn hint_of(r: &Row<'_>) -> Hint {
    Hint::new(&HintFields {
        status: r.status(),
        substatus: match r.substatus() {
            Some(n) => Some(n),
            None => Leg::substatus_of(None, r.cut_bytes(Number::Substatus)),
        },
        win32: r.win32(),
        username: r.bytes(Column::Username),
        user_unlogged: !r.user_logged(),
        client_ip: r.bytes(Column::ClientIp),
        forwarded_for: r.bytes(Column::ForwardedFor),
        uri_stem: r.bytes(Column::UriStem),
    })
}
