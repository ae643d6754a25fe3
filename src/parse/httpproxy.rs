//! Exchange HttpProxy logs (`Logging\HttpProxy\<Protocol>\HttpProxy_*.LOG`): the front end's
//! ("CAFE") record of each request it authenticated and proxied to a back end.
//!
//! The files are CSV after `#Software/#Version/#Log-type/#Date/#Fields` lines. Columns differ by
//! Exchange build, so they are bound by name from `#Fields` (which may repeat and rebind).
//! Values may be quoted (RFC 4180, possibly over several lines). `DateTime` is UTC. A row that
//! cannot be read is a counted diagnostic, never a panic.
//!
//! This module owns the parse as a whole ([`ProxyParser`], fed a piece at a time); what it
//! gives is in `log.rs`, how text becomes records in `lines.rs`, what a record is in
//! `record.rs`, and below them the field list (`columns.rs`), CSV (`csv.rs`) and a row's
//! values (`row.rs`).

mod columns;
mod csv;
mod lines;
mod log;
mod record;
mod row;

#[cfg(test)]
mod tests;

pub use columns::Columns;
pub use csv::{CsvError, split};
pub use log::{ProxyHeader, ProxyLog, ProxyRequest};
pub use row::parse_instant;

use crate::source::SourceId;
// The tests (`use super::*`) build instants.
#[cfg(test)]
use crate::time::UtcMs;

/// Parses a whole decoded HttpProxy log, keeping every row.
pub fn parse_httpproxy(text: &str, source: SourceId) -> ProxyLog {
    parse_httpproxy_keeping(text, source, &|_| true)
}

/// Parses a whole decoded HttpProxy log, checking every row but keeping only those whose
/// `RequestId` `keep` accepts (the report keeps the rows its handshake legs name).
pub fn parse_httpproxy_keeping(
    text: &str,
    source: SourceId,
    keep: &dyn Fn(&str) -> bool,
) -> ProxyLog {
    let mut parser = ProxyParser::new(source, keep);
    parser.feed(text, true);
    parser.finish()
}

/// A parse fed the text a piece at a time (whole lines), so a big file is read through a small
/// buffer; [`parse_httpproxy_keeping`] feeds it all at once.
pub struct ProxyParser<'k> {
    source: SourceId,
    keep: &'k dyn Fn(&str) -> bool,
    log: ProxyLog,
    cols: Option<Columns>,
    instants: row::InstantCheck,
    /// Physical lines consumed so far.
    lines: u64,
    /// Bytes consumed so far (the offset of the next piece's text).
    offset: u64,
    /// Why a data row before any `#Fields` line is not read.
    no_fields: String,
}

impl<'k> ProxyParser<'k> {
    /// A parse of source `source` keeping the rows whose `RequestId` `keep` accepts.
    pub fn new(source: SourceId, keep: &'k dyn Fn(&str) -> bool) -> Self {
        ProxyParser {
            source,
            keep,
            log: ProxyLog::default(),
            cols: None,
            instants: row::InstantCheck::default(),
            lines: 0,
            offset: 0,
            no_fields: "data row before any #Fields line".to_string(),
        }
    }

    /// Reads the rows before any `#Fields` line (a file cut at its start) by `fields`, the
    /// list of another file of the same folder, saying so with `note` on the first row
    /// (`first`).
    pub fn fields_from(mut self, fields: &str, note: &str, first: &str) -> Self {
        self.cols = Some(Columns::bind(fields));
        self.log.stats.note_line(1, note, first);
        self
    }

    /// Says why the rows before any `#Fields` line are not read (`reason` after the words
    /// "data row before any #Fields line").
    pub fn unread_because(mut self, reason: &str) -> Self {
        self.no_fields = format!("{}: {reason}", self.no_fields);
        self
    }

    /// Parses the text that follows what was consumed so far and returns how many bytes of it
    /// were consumed: with `last` (the text runs to the end of the file) all of it, otherwise
    /// the whole lines, less a quoted record still open at their end (fed again with more).
    pub fn feed(&mut self, text: &str, last: bool) -> usize {
        let text = if last {
            text
        } else {
            &text[..memchr::memrchr(b'\n', text.as_bytes()).map_or(0, |i| i + 1)]
        };
        // Most pieces hold no quote at all (one quick scan says so).
        let consumed = match memchr::memchr(b'"', text.as_bytes()) {
            None => self.plain_lines(text, last),
            Some(_) => self.lines_of(text, last),
        };
        let consumed = if last { text.len() } else { consumed };
        self.offset += consumed as u64;
        self.log.stats.bytes = self.offset;
        consumed
    }

    /// The log parsed so far.
    pub fn finish(self) -> ProxyLog {
        self.log
    }
}
