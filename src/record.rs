//! The two shapes of event every parser produces: an HCW entry (owned, rich, few) and a W3C
//! request (borrowed from the read buffer, many, pushed to a [`RequestSink`]).
//!
//! HCW logs are megabytes, so entries own their text. IIS logs are gigabytes, so a request is a
//! set of slices into the current line that lives only for the call; sinks keep what they need.

use crate::source::SourceId;
use crate::time::UtcMs;
use serde::Serialize;

/// Severity column of an HCW entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum HcwLevel {
    /// Blank level column.
    #[default]
    Info,
    /// `WARNING`.
    Warning,
    /// `*ERROR*` (or `ERROR` in pasted copies).
    Error,
}

/// One HCW log entry: the header line plus its continuation lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HcwEntry {
    /// The source file.
    pub source: SourceId,
    /// 1-based line number of the header line.
    pub line: u64,
    /// 1-based line number of the last continuation line (== `line` when none).
    pub end_line: u64,
    /// Byte offset of the header line in the decoded text.
    pub offset: u64,
    /// The stamp as written (wall clock of the HCW machine), as unzoned milliseconds.
    pub local: UtcMs,
    /// The stamp on the UTC axis (zone and skew applied).
    pub ts: UtcMs,
    /// Level column.
    pub level: HcwLevel,
    /// Event id (`10277`), absent on the first line of a file.
    pub event_id: Option<u32>,
    /// Bracket context in order; keys can repeat.
    pub context: Vec<(String, String)>,
    /// Text after `] ` on the header line (may be empty).
    pub message: String,
    /// Continuation lines without their 38-space indent, hard wraps re-joined, `\n` separated.
    pub body: String,
}

impl HcwEntry {
    /// The first value of a context key (`Cmdlet`, `Thread`, `Task` …).
    pub fn ctx(&self, key: &str) -> Option<&str> {
        self.context
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Message and body as one text (`message\nbody`), for search and display.
    pub fn full_text(&self) -> String {
        match (self.message.is_empty(), self.body.is_empty()) {
            (_, true) => self.message.clone(),
            (true, false) => self.body.clone(),
            (false, false) => format!("{}\n{}", self.message, self.body),
        }
    }

    /// An `HCWnnnn` code in the message or body, if any.
    pub fn hcw_code(&self) -> Option<String> {
        find_hcw_code(&self.message).or_else(|| find_hcw_code(&self.body))
    }
}

fn find_hcw_code(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(pos) = memchr::memmem::find(&b[i..], b"HCW") {
        let at = i + pos;
        let digits = &b[at + 3..];
        let n = digits.iter().take_while(|c| c.is_ascii_digit()).count();
        let before_ok = at == 0 || !b[at - 1].is_ascii_alphanumeric();
        if n == 4 && before_ok {
            return Some(text[at..at + 7].to_string());
        }
        i = at + 3;
    }
    None
}

/// One W3C data line (IIS or HTTPERR), borrowed from the parser's buffer.
///
/// String fields are empty when the column is absent or `-`.
#[derive(Debug, Clone, Copy, Default)]
pub struct W3cRecord<'a> {
    /// 1-based physical line number.
    pub line: u64,
    /// Byte offset of the line start in the (decoded) file.
    pub offset: u64,
    /// `date` + `time`, UTC, second resolution.
    pub ts: UtcMs,
    /// `s-computername` when logged, else the source's server label.
    pub server: &'a str,
    /// `s-ip`.
    pub server_ip: &'a str,
    /// `cs-method`.
    pub method: &'a str,
    /// `cs-uri-stem` (HTTPERR: the path part of `cs-uri`).
    pub uri_stem: &'a str,
    /// `cs-uri-query`.
    pub uri_query: &'a str,
    /// `s-port`.
    pub server_port: &'a str,
    /// `cs-username`.
    pub username: &'a str,
    /// The line's `#Fields` list has no `cs-username`: an empty `username` is then unknown,
    /// not `-` (a request that may have been authenticated).
    pub user_unlogged: bool,
    /// `c-ip`.
    pub client_ip: &'a str,
    /// `c-port` (HTTPERR) or a `REMOTE_PORT`-style custom field.
    pub client_port: &'a str,
    /// `X-Forwarded-For` custom field.
    pub forwarded_for: &'a str,
    /// `cs(User-Agent)`, `+` kept as written.
    pub user_agent: &'a str,
    /// `cs(Referer)`.
    pub referer: &'a str,
    /// `cs-host`.
    pub host: &'a str,
    /// `sc-status`.
    pub status: Option<u16>,
    /// `sc-substatus`.
    pub substatus: Option<u16>,
    /// `sc-win32-status` (unsigned 32-bit).
    pub win32: Option<u32>,
    /// `time-taken` in ms.
    pub time_taken: Option<u32>,
    /// HTTPERR `s-reason`.
    pub reason: &'a str,
    /// `s-sitename` (`W3SVC2`): the IIS site that logged the request, when the file logs it.
    pub site: &'a str,
    /// Numeric fields whose logged text is not a number that fits (their value is then `None`);
    /// `None` when every number was a number, `-` or not logged.
    pub raw: Option<&'a RawNumbers<'a>>,
    /// The whole line as read.
    pub text: &'a str,
}

/// The text of numeric fields that could not be read as numbers, exactly as logged (empty for
/// fields that were numbers, `-` or not logged). A value that does not fit is never a silent 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RawNumbers<'a> {
    /// `sc-status`.
    pub status: &'a str,
    /// `sc-substatus`.
    pub substatus: &'a str,
    /// `sc-win32-status`.
    pub win32: &'a str,
    /// `time-taken`.
    pub time_taken: &'a str,
    /// The one whose text the log ends inside: the last value of the input's last line, which
    /// no line break ends, a number that could have gone on (`2148` of `2148074310`). Its text
    /// is above; it is never read as the number.
    pub cut: Option<crate::parse::w3c::Number>,
}

impl RawNumbers<'_> {
    /// The text of `sc-win32-status` when the log ends inside it ([`RawNumbers::cut`]).
    pub fn win32_cut(&self) -> Option<&str> {
        (self.cut == Some(crate::parse::w3c::Number::Win32)).then_some(self.win32)
    }

    /// The text of `sc-substatus` when the log ends inside it ([`RawNumbers::cut`]).
    pub fn substatus_cut(&self) -> Option<&str> {
        (self.cut == Some(crate::parse::w3c::Number::Substatus)).then_some(self.substatus)
    }

    /// True when every numeric field was a number, `-` or not logged.
    pub fn is_empty(&self) -> bool {
        self.status.is_empty()
            && self.substatus.is_empty()
            && self.win32.is_empty()
            && self.time_taken.is_empty()
    }
}

/// Receives W3C requests in file order, one source at a time: the one thing the W3C parser
/// knows about its consumers.
///
/// Each callback that can end the parse returns `Ok(true)` to go on, `Ok(false)` to stop (the
/// parser returns the counts so far) or `Err` to fail (the parser stops and hands it back).
/// `Row` and `Block` are what a [`BlockHook`](crate::parse::w3c::BlockHook) made of each row
/// and each block on the parsing threads; a sink without a hook takes `()` for both.
pub trait RequestSink {
    /// What the hook made of one data line, for [`wants`](RequestSink::wants).
    type Row;
    /// What the hook made of one block, for [`block`](RequestSink::block).
    type Block;
    /// Why the sink failed.
    type Error;

    /// Called once per parsed data line that the sink [`wants`](RequestSink::wants).
    fn request(&mut self, source: SourceId, rec: &W3cRecord<'_>) -> Result<bool, Self::Error>;

    /// Called before each data line with its log time and what the hook made of it: whether
    /// [`request`] needs to see it. When it does not, the parser skips building the record; a
    /// sink that declines notes here whatever it keeps of every line (a time span, say).
    ///
    /// [`request`]: RequestSink::request
    fn wants(&mut self, _source: SourceId, _ts: UtcMs, _row: &Self::Row) -> bool {
        true
    }

    /// A parsed block with what the hook made of it, before the block's [`request`] calls:
    /// `text` is the block text (spans the hook kept index it), `line_base` the lines before
    /// the block.
    ///
    /// [`request`]: RequestSink::request
    fn block(
        &mut self,
        _source: SourceId,
        _out: &Self::Block,
        _text: &str,
        _line_base: u64,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// A closure is a sink that takes every record and never stops.
impl<F: FnMut(SourceId, &W3cRecord<'_>)> RequestSink for F {
    type Row = ();
    type Block = ();
    type Error = std::convert::Infallible;

    fn request(&mut self, source: SourceId, rec: &W3cRecord<'_>) -> Result<bool, Self::Error> {
        self(source, rec);
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_hcw_codes() {
        assert_eq!(
            find_hcw_code("HCW8078 Migration Endpoint"),
            Some("HCW8078".into())
        );
        assert_eq!(find_hcw_code("xHCW8078"), None);
        assert_eq!(find_hcw_code("HCW80"), None);
    }
}
