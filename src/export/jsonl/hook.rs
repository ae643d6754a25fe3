//! The export's work on the parsing threads: every row of a block is written as its JSON line
//! (line number included: the parser counts the lines before each block for this hook) into
//! one buffer per block, next to the row's [`Hint`] for the handshake grouper and the MRS
//! collector. The thread that feeds the sink then passes runs of finished lines on as they
//! are, and builds a record only for the rows the grouper or the collector want.

use super::request::{Fields, Frame, Memo};
use crate::analyze::hint::Hint;
use crate::parse::w3c::{BlockHook, Column, Number, Row, Rows};
use crate::pipeline::window::Window;
use crate::time::{UtcMs, ZoneSpec};
use std::cell::Cell;

/// A row as the hook wrote it: its hint, whether it lies inside the time window, its line
/// within the block, and where its line is in the block's buffer (`start..end`, the line feed
/// included; its line number at `number`). Rows outside the window take no room, so the lines
/// of consecutive rows are adjacent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    pub hint: Hint,
    pub inside: bool,
    pub line: u32,
    pub start: u32,
    pub number: (u32, u32),
    pub end: u32,
}

/// A block's rows written, and what the writing thread remembers from block to block.
#[derive(Default)]
pub struct Rendered {
    /// The objects of the rows; the sink takes the buffer and hands back one to reuse.
    pub json: Cell<Vec<u8>>,
    /// Earliest and latest instant of the block's requests inside the window (zone and skew
    /// applied).
    pub span: Option<(UtcMs, UtcMs)>,
    /// The lines before the block, which the line numbers written count from (None: they
    /// were not counted and the numbers count from 0).
    pub first_line: Option<u64>,
    memo: Memo,
}

/// How a file's logged instants move onto the UTC axis: its zone and skew (as the report's).
#[derive(Debug, Clone, Default)]
pub struct Clock {
    pub zone: Option<ZoneSpec>,
    pub skew_ms: i64,
}

impl Clock {
    /// The instant of a logged time.
    #[inline]
    pub fn instant(&self, ts: UtcMs) -> UtcMs {
        if self.zone.is_none() && self.skew_ms == 0 {
            return ts;
        }
        self.zone
            .as_ref()
            .map_or(ts, |z| z.local_to_utc(ts))
            .plus_ms(self.skew_ms)
    }
}

/// Writes the rows of one file's blocks.
#[derive(Debug, Clone)]
pub struct ExportHook {
    pub frame: Frame,
    /// The server label (the log's folder), for rows that log no `s-computername`.
    pub label: String,
    pub clock: Clock,
    /// Requests outside it are not written.
    pub window: Option<Window>,
}

/// The logged text of the numbers of `r` that were not numbers that fit.
fn unread<'a>(r: &Row<'a>, text: &'a str) -> [&'a [u8]; 4] {
    let get = |n: Number| {
        let (a, b) = r.unread_span(n);
        text.get(a as usize..b as usize).unwrap_or("").as_bytes()
    };
    [
        get(Number::Status),
        get(Number::Substatus),
        get(Number::Win32),
        get(Number::TimeTaken),
    ]
}

impl BlockHook for ExportHook {
    type Row = Written;
    type Block = Rendered;

    fn block(&self, rows: &Rows<'_>, per_row: &mut Vec<Written>, out: &mut Rendered) {
        let mut json = out.json.take();
        json.clear();
        // About three bytes of JSON per byte logged; a block of one huge line grows as needed.
        json.reserve(rows.text().len().min(1 << 20) * 3);
        let mut span: Option<(UtcMs, UtcMs)> = None;
        let text = rows.text();
        out.first_line = rows.first_line();
        let first_line = out.first_line.unwrap_or(0);
        for r in rows.iter() {
            let ts = self.clock.instant(UtcMs(r.ts()));
            let inside = self.window.is_none_or(|w| w.contains(ts));
            if !inside {
                per_row.push(Written::default());
                continue;
            }
            span = Some(span.map_or((ts, ts), |(a, b)| (a.min(ts), b.max(ts))));
            // Bytes, not `str`: the fields are cut at ASCII separators of UTF-8 text.
            let server_ip = r.bytes(Column::ServerIp);
            let mut server = r.bytes(Column::Server);
            if server.is_empty() {
                server = if self.label.is_empty() {
                    server_ip
                } else {
                    self.label.as_bytes()
                };
            }
            let rec = Fields {
                ts,
                server,
                server_ip,
                method: r.bytes(Column::Method),
                uri_stem: r.bytes(Column::UriStem),
                uri_query: r.bytes(Column::UriQuery),
                server_port: r.bytes(Column::ServerPort),
                username: r.bytes(Column::Username),
                client_ip: r.bytes(Column::ClientIp),
                client_port: r.bytes(Column::ClientPort),
                forwarded_for: r.bytes(Column::ForwardedFor),
                user_agent: r.bytes(Column::UserAgent),
                referer: r.bytes(Column::Referer),
                host: r.bytes(Column::Host),
                status: r.status(),
                substatus: r.substatus(),
                win32: r.win32(),
                time_taken: r.time_taken(),
                reason: r.bytes(Column::Reason),
                unread: unread(&r, text),
                cut: Number::ALL.into_iter().find(|&n| r.cut(n)),
            };
            let start = json.len();
            let number = out
                .memo
                .write(&self.frame, &mut json, &rec, first_line + r.line());
            json.push(b'\n');
            per_row.push(Written {
                hint: crate::pipeline::hook::hint_of(&r),
                inside,
                line: u32::try_from(r.line()).unwrap_or(u32::MAX),
                start: offset(start),
                number: (offset(number.start), offset(number.end)),
                end: offset(json.len()),
            });
        }
        out.span = span;
        out.json.set(json);
    }

    fn counts_lines(&self) -> bool {
        true
    }
}

/// A position in a block's buffer (a block is at most a few MiB of text).
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}
