//! Exchange HttpProxy logs (`Logging\HttpProxy\<Protocol>\HttpProxy_*.LOG`): the front end's
//! ("CAFE") record of each request it authenticated and proxied to a back end.
//!
//! The files are CSV after `#Software/#Version/#Log-type/#Date/#Fields` lines. Columns differ by
//! Exchange build, so they are bound by name from `#Fields` (which may repeat and rebind).
//! Values may be quoted (RFC 4180, possibly over several lines). `DateTime` is UTC. A row that
//! cannot be read is a counted diagnostic, never a panic.

mod columns;
mod csv;
mod row;

#[cfg(test)]
mod tests;

pub use columns::Columns;
pub use csv::{CsvError, split};
pub use row::parse_instant;

use crate::source::{SourceId, SourceStats};
use crate::time::UtcMs;
use serde::Serialize;

/// One request as the front end logged it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProxyRequest {
    /// Source file.
    pub source: SourceId,
    /// 1-based physical line where the row starts.
    pub line: u64,
    /// Byte offset of that line in the decoded text.
    pub offset: u64,
    /// `DateTime` (UTC).
    #[serde(serialize_with = "crate::parse::httpproxy::ser_ts")]
    pub ts: UtcMs,
    /// `RequestId`: the GUID front-end IIS lines carry as `cafeReqId=`.
    pub request_id: String,
    /// `Protocol` (Ews, Autodiscover, Mapi…).
    pub protocol: String,
    /// `UrlHost` (absent in old builds: empty).
    pub url_host: String,
    /// `UrlStem`.
    pub url_stem: String,
    /// `UrlQuery`.
    pub url_query: String,
    /// `AuthenticationType` (NTLM, Negotiate, Basic, FBA, Kerberos, OAuth…).
    pub authentication_type: String,
    /// `IsAuthenticated`, when logged as true/false.
    pub is_authenticated: Option<bool>,
    /// `AuthenticatedUser`.
    pub authenticated_user: String,
    /// `ClientIpAddress` as logged (IPv6 may carry a zone, `fe80::1%3`).
    pub client_ip: String,
    /// `ServerHostName`: the front end that logged the row.
    pub server_host_name: String,
    /// `HttpStatus` returned to the client.
    pub http_status: Option<u16>,
    /// `BackEndStatus`: what the back end answered.
    pub backend_status: Option<u16>,
    /// `TargetServer`: the back end the request went to.
    pub target_server: String,
    /// `GenericErrors`.
    pub generic_errors: String,
    /// `GenericInfo`.
    pub generic_info: String,
    /// `Method`.
    pub method: String,
    /// `UserAgent`.
    pub user_agent: String,
}

/// Serialises an instant as RFC 3339.
pub(crate) fn ser_ts<S: serde::Serializer>(ts: &UtcMs, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&ts.rfc3339())
}

/// What the `#` lines say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyHeader {
    /// `#Version`: the Exchange build.
    pub version: Option<String>,
    /// `#Log-type`.
    pub log_type: Option<String>,
    /// The first `ServerHostName` of the rows: the front end that wrote the file.
    pub server: Option<String>,
}

/// A parsed file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProxyLog {
    /// Rows in file order (those kept).
    pub rows: Vec<ProxyRequest>,
    /// Header values.
    pub header: ProxyHeader,
    /// Line counts and diagnostics.
    pub stats: SourceStats,
}

/// How many physical lines one quoted value may span before the row is given up.
const MAX_RECORD_LINES: usize = 64;

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

    /// The loop of [`ProxyParser::feed`] for text that may hold quoted values (one may span
    /// lines); returns the bytes consumed.
    fn lines_of(&mut self, text: &str, last: bool) -> usize {
        let mut offset = 0usize;
        let mut lines = split_lines(text)
            .map(|(l, quoted)| {
                let at = offset;
                offset += l.len() + 1;
                (at, l, quoted)
            })
            .enumerate()
            .peekable();
        while let Some((i, (at, raw, quoted))) = lines.next() {
            let line_no = self.lines + i as u64 + 1;
            let first = raw.strip_suffix('\r').unwrap_or(raw);
            if lines.peek().is_none() && (first.is_empty() || !last) {
                // Not a line: what follows the final `\n` (nothing, unless `last`).
                self.lines += i as u64;
                return at;
            }
            let lines_before = self.log.stats.lines;
            self.log.stats.lines += 1;
            let first = first.strip_prefix('\u{feff}').unwrap_or(first);
            let (first, at) = self.after_nuls(first, line_no, at);
            if self.blank_or_directive(first) {
                continue;
            }
            let mut record = std::borrow::Cow::Borrowed(first);
            let mut spanned = 1;
            while quoted && csv::open_quote(&record) && spanned < MAX_RECORD_LINES {
                // A line that starts a row of its own ends the record: its quote was never
                // closed (a row cut off by a crash or a torn write), and the rows after it are
                // read, not taken into its value.
                if lines
                    .peek()
                    .is_some_and(|&(_, (_, next, _))| self.starts_row(next))
                {
                    break;
                }
                let Some((_, (_, next, _))) = lines.next() else {
                    break;
                };
                if !last && lines.peek().is_none() {
                    // The record goes on in text not fed yet: parse it again with more.
                    self.log.stats.lines = lines_before;
                    self.lines += i as u64;
                    return at;
                }
                self.log.stats.lines += 1;
                spanned += 1;
                let owned = record.to_mut();
                owned.push('\n');
                owned.push_str(next.strip_suffix('\r').unwrap_or(next));
            }
            self.record(&record, quoted, line_no, at);
        }
        // Only `last` gets here (without it the final piece returns above).
        text.len()
    }

    /// [`ProxyParser::lines_of`] for text without a `"`, so every line is one record: line
    /// ends are all the scan looks for.
    fn plain_lines(&mut self, text: &str, last: bool) -> usize {
        let b = text.as_bytes();
        let mut at = 0usize;
        let mut ends = memchr::memchr_iter(b'\n', b);
        let mut i = 0u64;
        loop {
            let end = ends.next();
            let raw = &text[at..end.unwrap_or(b.len())];
            let first = raw.strip_suffix('\r').unwrap_or(raw);
            if end.is_none() && (first.is_empty() || !last) {
                // Not a line: what follows the final `\n` (nothing, unless `last`).
                self.lines += i;
                return at;
            }
            i += 1;
            self.log.stats.lines += 1;
            let first = first.strip_prefix('\u{feff}').unwrap_or(first);
            let (first, from) = self.after_nuls(first, self.lines + i, at);
            if !self.blank_or_directive(first) {
                self.record(first, false, self.lines + i, from);
            }
            match end {
                Some(e) => at = e + 1,
                None => {
                    self.lines += i;
                    return text.len();
                }
            }
        }
    }

    /// A line without the NUL bytes in front of it (a zeroed block a crash or a torn write
    /// left; the writer goes on behind it), said once per line, and where it starts then.
    fn after_nuls<'t>(&mut self, line: &'t str, line_no: u64, at: usize) -> (&'t str, usize) {
        if !line.starts_with('\0') {
            return (line, at);
        }
        let rest = line.trim_start_matches('\0');
        self.log.stats.note_line(
            line_no,
            "NUL bytes before the line (damaged), read without them",
            rest,
        );
        (rest, at + (line.len() - rest.len()))
    }

    /// Whether a physical line starts a data row: `DateTime` is the first column and the line
    /// begins with an instant and its comma. A quoted value going on past a line break never
    /// does (its text would have to start with a stamp written as a row's).
    fn starts_row(&self, line: &str) -> bool {
        let Some(c) = self.cols.as_ref().filter(|c| c.date_time == Some(0)) else {
            return false;
        };
        let Some(end) = memchr::memchr(b',', line.as_bytes()) else {
            return false;
        };
        c.count > 1 && row::parse_instant(&line[..end]).is_some()
    }

    /// Whether the first line of a record (line ending and byte order mark stripped) is blank
    /// or a `#` directive (read here), so no data row.
    fn blank_or_directive(&mut self, first: &str) -> bool {
        if row::trim(first).is_empty() {
            return true;
        }
        let Some(rest) = first.strip_prefix('#') else {
            return false;
        };
        directive(rest, &mut self.log.header, &mut self.cols);
        true
    }

    /// Checks one data record (its line endings stripped) that starts on line `line_no`, `at`
    /// bytes into the text being fed, and keeps its row if wanted. `quoted`: whether it holds
    /// a `"`.
    fn record(&mut self, record: &str, quoted: bool, line_no: u64, at: usize) {
        let log = &mut self.log;
        let Some(c) = self.cols.as_ref() else {
            log.stats.bad_line(line_no, &self.no_fields, record);
            return;
        };
        if row::valid_and_not_kept(record, quoted, c, self.keep, &mut self.instants) {
            log.stats.events += 1;
            if log.header.server.is_none() {
                log.header.server = row::plain_value(record, c.server_host_name)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string);
            }
            return;
        }
        let place = (self.source, line_no, self.offset + at as u64);
        let keep = self.keep;
        let built = csv::split(record)
            .map_err(|e| e.reason().to_string())
            .and_then(|fields| {
                let r = row::build(&fields, c, place, keep);
                if r.is_ok() && log.header.server.is_none() {
                    log.header.server = c
                        .server_host_name
                        .and_then(|i| fields.get(i))
                        .map(|v| v.trim())
                        .filter(|v| !v.is_empty())
                        .map(str::to_string);
                }
                r
            });
        match built {
            Ok(r) => {
                log.stats.events += 1;
                log.rows.extend(r);
            }
            Err(reason) => log.stats.bad_line(line_no, &reason, record),
        }
    }
}

/// The pieces between `\n`s, the last one (empty after a final `\n`) included, as
/// `str::split('\n')` gives them but found with `memchr`, each with whether it holds a `"`
/// (one pass finds both).
fn split_lines(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        let b = t.as_bytes();
        let (end, quoted) = match memchr::memchr2(b'\n', b'"', b) {
            Some(i) if b[i] == b'\n' => (Some(i), false),
            Some(i) => (memchr::memchr(b'\n', &b[i..]).map(|n| i + n), true),
            None => (None, false),
        };
        match end {
            Some(i) => {
                rest = Some(&t[i + 1..]);
                Some((&t[..i], quoted))
            }
            None => {
                rest = None;
                Some((t, quoted))
            }
        }
    })
}

fn directive(rest: &str, header: &mut ProxyHeader, cols: &mut Option<Columns>) {
    let Some((name, value)) = rest.split_once(':') else {
        return;
    };
    let value = value.trim();
    match name.trim().to_ascii_lowercase().as_str() {
        "fields" => *cols = Some(Columns::bind(value)),
        "version" => header.version = Some(value.to_string()),
        "log-type" => header.log_type = Some(value.to_string()),
        _ => {}
    }
}
