//! The export's per-block work on the parser's threads: every row's JSON object (all of it but
//! the line number, which depends on the lines before the block, and the handshake, which
//! depends on later rows) into one byte buffer per block, and every row's [`Hint`] for the
//! handshake grouper and the MRS collector, worked out as the load's hook does
//! ([`hint_of`]). The sink ([`super::sink`]) then only copies bytes for most rows.

use super::request::{self, Context};
use crate::analyze::hint::Hint;
use crate::parse::w3c::{BlockHook, Column, Number, Row, Rows};
use crate::pipeline::hook::hint_of;
use crate::record::{RawNumbers, W3cRecord};
use crate::source::SourceKind;
use crate::time::{UtcMs, ZoneSpec};
use std::sync::Arc;

/// What the hook keeps of one row.
#[derive(Debug, Clone, Copy, Default)]
pub struct RowJson {
    pub hint: Hint,
    /// The row's instant on the source's clock (zone and skew applied).
    pub ts: UtcMs,
    /// Line number within the block (1-based).
    pub line: u64,
    /// The object up to the line number is `bytes[start..split]`, the rest `bytes[split..end]`.
    pub start: u32,
    pub split: u32,
    pub end: u32,
    /// The block's last row: once it is written the sink lets the block's buffer go, so that
    /// the parser refills it rather than a new one.
    pub last: bool,
}

/// The JSON of one block's rows (shared with the sink, which keeps it while the block's rows
/// come).
#[derive(Debug, Default)]
pub struct BlockJson {
    pub bytes: Arc<Vec<u8>>,
}

/// The hook of one W3C file.
#[derive(Debug, Clone)]
pub struct ExportHook {
    pub kind: SourceKind,
    /// `log.file.path`.
    pub file: String,
    /// The server label given for the source (empty when none).
    pub label: String,
    pub zone: Option<ZoneSpec>,
    pub skew_ms: i64,
}

impl ExportHook {
    /// A row's instant moved onto the source's clock, as the report moves it.
    pub fn shift(&self, ts: UtcMs) -> UtcMs {
        if self.zone.is_none() && self.skew_ms == 0 {
            return ts;
        }
        self.zone
            .as_ref()
            .map_or(ts, |z| z.local_to_utc(ts))
            .plus_ms(self.skew_ms)
    }
}

impl BlockHook for ExportHook {
    type Row = RowJson;
    type Block = BlockJson;

    fn block(&self, rows: &Rows<'_>, per_row: &mut Vec<RowJson>, out: &mut BlockJson) {
        // The sink may still hold the buffer of the block this storage held last.
        let mut fresh = Vec::new();
        let mut shared = false;
        let bytes = match Arc::get_mut(&mut out.bytes) {
            Some(b) => b,
            None => {
                shared = true;
                &mut fresh
            }
        };
        bytes.clear();
        let mut stamp = (i64::MIN, String::new());
        for r in rows.iter() {
            let ts = self.shift(UtcMs(r.ts()));
            if stamp.0 != ts.0 {
                stamp = (ts.0, ts.rfc3339());
            }
            let raw = raw_numbers(&r, rows.text());
            let rec = record(&r, &self.label, raw.as_ref());
            let cx = Context {
                kind: self.kind,
                file: &self.file,
                timestamp: &stamp.1,
            };
            let start = bytes.len();
            // Each logged string is checked for escapes on its own (the row's line is not
            // known here).
            request::head(bytes, &rec, &cx, false);
            let split = bytes.len();
            request::tail(bytes, &rec, self.kind);
            per_row.push(RowJson {
                hint: hint_of(&r),
                ts,
                line: r.line(),
                start: offset(start),
                split: offset(split),
                end: offset(bytes.len()),
                last: false,
            });
        }
        if let Some(r) = per_row.last_mut() {
            r.last = true;
        }
        if shared {
            out.bytes = Arc::new(fresh);
        }
    }
}

/// A block's JSON is far below 4 GiB (blocks are a few MiB of text).
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The logged text of the row's numbers that were not numbers that fit; `None` when all were.
fn raw_numbers<'a>(r: &Row<'a>, text: &'a str) -> Option<RawNumbers<'a>> {
    let get = |n: Number| {
        let (a, b) = r.unread_span(n);
        text.get(a as usize..b as usize).unwrap_or("")
    };
    let raw = RawNumbers {
        status: get(Number::Status),
        substatus: get(Number::Substatus),
        win32: get(Number::Win32),
        time_taken: get(Number::TimeTaken),
    };
    (!raw.is_empty()).then_some(raw)
}

/// The row as the record the parser hands the sink (its line number block-relative, its
/// instant as logged, without the line's text).
fn record<'a>(r: &Row<'a>, label: &'a str, raw: Option<&'a RawNumbers<'a>>) -> W3cRecord<'a> {
    let server_ip = r.str(Column::ServerIp);
    let mut server = r.str(Column::Server);
    if server.is_empty() {
        server = if label.is_empty() { server_ip } else { label };
    }
    W3cRecord {
        line: r.line(),
        offset: r.offset(),
        ts: UtcMs(r.ts()),
        server,
        server_ip,
        method: r.str(Column::Method),
        uri_stem: r.str(Column::UriStem),
        uri_query: r.str(Column::UriQuery),
        server_port: r.str(Column::ServerPort),
        username: r.str(Column::Username),
        client_ip: r.str(Column::ClientIp),
        client_port: r.str(Column::ClientPort),
        forwarded_for: r.str(Column::ForwardedFor),
        user_agent: r.str(Column::UserAgent),
        referer: r.str(Column::Referer),
        host: r.str(Column::Host),
        status: r.status(),
        substatus: r.substatus(),
        win32: r.win32(),
        time_taken: r.time_taken(),
        reason: r.str(Column::Reason),
        raw,
        text: "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::w3c::W3cParser;
    use crate::record::RequestSink;
    use crate::source::SourceId;

    /// Checks every row the hook wrote against the object the record makes.
    struct Check {
        hook: ExportHook,
        block: Arc<Vec<u8>>,
        base: u64,
        row: RowJson,
        rows: usize,
    }

    impl RequestSink for Check {
        type Row = RowJson;
        type Block = BlockJson;
        type Error = std::convert::Infallible;

        fn block(
            &mut self,
            _: SourceId,
            out: &BlockJson,
            _: &str,
            line_base: u64,
        ) -> Result<bool, Self::Error> {
            self.block = Arc::clone(&out.bytes);
            self.base = line_base;
            Ok(true)
        }

        fn wants(&mut self, _: SourceId, _: UtcMs, row: &RowJson) -> bool {
            self.row = *row;
            true
        }

        fn request(&mut self, _: SourceId, rec: &W3cRecord<'_>) -> Result<bool, Self::Error> {
            let mut r = *rec;
            r.ts = self.hook.shift(r.ts);
            let stamp = r.ts.rfc3339();
            let cx = Context {
                kind: self.hook.kind,
                file: &self.hook.file,
                timestamp: &stamp,
            };
            let mut want = Vec::new();
            request::write(&mut want, &r, &cx);
            let mut got = Vec::new();
            super::super::sink::write_row(&mut got, &self.block, self.base, &self.row);
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want)
            );
            assert_eq!(self.row.ts, r.ts);
            assert_eq!(self.base + self.row.line, r.line);
            self.rows += 1;
            Ok(true)
        }
    }

    /// The hook writes every row of the W3C fixtures (damaged, quoted, oversized lines
    /// among them) byte for byte as the record would be written, on the shifted clock.
    #[test]
    fn rows_are_written_as_their_records() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/w3c");
        let mut files = 0;
        for entry in std::fs::read_dir(dir).expect("fixtures") {
            let path = entry.expect("entry").path();
            let Ok(o) = crate::read::open(&path) else {
                continue;
            };
            let kind = match o.kind {
                crate::read::Detected::Iis => SourceKind::Iis,
                crate::read::Detected::Httperr => SourceKind::Httperr,
                crate::read::Detected::W3c => SourceKind::W3c,
                _ => continue,
            };
            let hook = ExportHook {
                kind,
                file: path.display().to_string(),
                label: o.server_label.clone(),
                zone: Some(ZoneSpec::Fixed(3600)),
                skew_ms: -1500,
            };
            let mut check = Check {
                hook: hook.clone(),
                block: Arc::default(),
                base: 0,
                row: RowJson::default(),
                rows: 0,
            };
            // A file the parser refuses (no `#Date` to read times by) has no rows to check.
            let _ = W3cParser::new(SourceId(0)).hook(hook).opened(o, &mut check);
            files += usize::from(check.rows > 0);
        }
        assert!(files >= 10, "{files} files with rows");
    }
}
