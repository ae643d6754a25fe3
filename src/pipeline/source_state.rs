//! What a W3C source keeps between reads so that lines appended later are read as if the file
//! had been loaded whole: its sinks (clock, handshake grouper, MRS collector, span), its counts,
//! the directives in force at the end of what was read (`#Fields:`, `#Date:`) and where it ended.
//!
//! The load builds this state ([`super::w3c::load_one`]); live follow feeds appended complete
//! lines to it through the same W3C parser, with the directives in force put in front and the
//! records moved back to their file lines and offsets.

use super::w3c::Sinks;
use crate::analyze::hint::Hint;
use crate::follow::Position;
use crate::index::RequestIndex;
use crate::read::ends;
use crate::record::{RequestSink, W3cRecord};
use crate::source::{SourceId, SourceInfo};
use crate::time::UtcMs;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Bytes looked at from the start of a W3C file for its first directives.
const HEAD_SCAN: u64 = 64 * 1024;
/// Bytes looked at before the end of what was read for a later directive.
const TAIL_SCAN: u64 = 16 << 20;
/// Bytes read at a time, backwards, for the directives in force at the end.
const BACK_PIECE: u64 = 64 * 1024;
/// Bytes looked at from the end of a file for its last complete line.
const LAST_LINE_SCAN: u64 = 1 << 20;

/// The directives in force at a point of a W3C file, as written (no line end).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Directives {
    fields: Option<Vec<u8>>,
    date: Option<Vec<u8>>,
}

impl Directives {
    /// Takes the last `#Fields:` and `#Date:` lines of `bytes` (keeps earlier ones otherwise).
    pub(super) fn update(&mut self, bytes: &[u8]) {
        let (fields, date) = last_directives(bytes);
        if fields.is_some() {
            self.fields = fields;
        }
        if date.is_some() {
            self.date = date;
        }
    }

    /// The directives in force at `end` of the file: the last ones in the 16 MiB before it,
    /// else in its start.
    pub(super) fn before(path: &Path, end: u64) -> Directives {
        let mut d = Directives::default();
        d.update(&read_at(path, 0, HEAD_SCAN.min(end)));
        let tail = Directives::back(path, end.saturating_sub(TAIL_SCAN), end, BACK_PIECE);
        d.fields = tail.fields.or(d.fields);
        d.date = tail.date.or(d.date);
        d
    }

    /// The last directives between `floor` and `end`, read backwards `piece` bytes at a time
    /// until both are found.
    fn back(path: &Path, floor: u64, end: u64, piece: u64) -> Directives {
        let mut d = Directives::default();
        // The start of the piece read last, up to its first line end: the end of a line that
        // begins in the piece before it.
        let mut carry: Vec<u8> = Vec::new();
        let mut to = end;
        while to > floor && (d.fields.is_none() || d.date.is_none()) {
            let from = to.saturating_sub(piece).max(floor);
            let mut bytes = read_with_room(path, from, to - from, carry.len());
            if bytes.len() as u64 != to - from {
                break;
            }
            bytes.extend_from_slice(&carry);
            let whole = if from == floor {
                0
            } else {
                memchr::memchr2(b'\n', b'\r', &bytes).map_or(bytes.len(), |nl| nl + 1)
            };
            let (fields, date) = last_directives(&bytes[whole..]);
            d.fields = d.fields.or(fields);
            d.date = d.date.or(date);
            bytes.truncate(whole);
            carry = bytes;
            to = from;
        }
        d
    }

    /// The lines put in front of appended text, one per directive.
    fn prefix(&self) -> (Vec<u8>, u64) {
        let mut out = Vec::new();
        let mut lines = 0;
        for d in [&self.fields, &self.date].into_iter().flatten() {
            out.extend_from_slice(d);
            out.push(b'\n');
            lines += 1;
        }
        (out, lines)
    }
}

/// The last `#Fields:` and `#Date:` lines of `bytes` (a line starts it or follows a line end):
/// only lines starting with `#` are looked at, found from the end.
fn last_directives(bytes: &[u8]) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    let mut fields = None;
    let mut date = None;
    for at in memchr::memrchr_iter(b'#', bytes) {
        // A line ends in CRLF, LF or a bare CR (`read::ends`).
        if at > 0 && !matches!(bytes[at - 1], b'\n' | b'\r') {
            continue;
        }
        let rest = &bytes[at..];
        let l = &rest[..ends::line_len(rest)];
        let named = |n: &[u8]| l.len() >= n.len() && l[..n.len()].eq_ignore_ascii_case(n);
        if fields.is_none() && named(b"#Fields:") {
            fields = Some(l.to_vec());
        } else if date.is_none() && named(b"#Date:") {
            date = Some(l.to_vec());
        }
        if fields.is_some() && date.is_some() {
            break;
        }
    }
    (fields, date)
}

/// A W3C source being followed.
#[derive(Debug)]
pub(super) struct W3cState {
    pub(super) sinks: Sinks,
    pub(super) directives: Directives,
    /// Where the next line starts.
    pub(super) at: Position,
}

impl W3cState {
    /// The state after a load that read `info.stats.bytes` bytes (complete lines only).
    pub(super) fn after_load(mut sinks: Sinks, info: &SourceInfo) -> W3cState {
        sinks.index = None;
        let end = info.stats.bytes;
        W3cState {
            sinks,
            directives: Directives::before(&info.path, end),
            at: Position {
                offset: end,
                line_no: info.stats.lines + 1,
            },
        }
    }

    /// Reads complete lines appended at `start` (physical line `first_line`): they feed the
    /// sinks, their rows go to `rows` (explorer), their counts and span to `info`.
    pub(super) fn append(
        &mut self,
        bytes: &[u8],
        start: u64,
        first_line: u64,
        info: &mut SourceInfo,
        rows: Option<&mut RequestIndex>,
    ) {
        let (mut stream, head_lines) = self.directives.prefix();
        let head_len = stream.len() as u64;
        stream.extend_from_slice(bytes);
        // The follower hands over complete lines: a CR ending them is a bare CR's line end.
        let run = ends::trailing_run(&stream);
        ends::end_run(&mut stream, run, true);
        self.sinks.span = info.span;
        super::w3c::name_unlabelled(&mut self.sinks, &info.stats);
        let label = self.sinks.label.clone();
        let mut shift = Shift {
            sinks: &mut self.sinks,
            rows,
            lines: first_line.saturating_sub(1 + head_lines),
            head_len,
            start,
            wanted: false,
        };
        let hook = super::hook::W3cHook {
            chunks: false,
            label: !label.is_empty(),
        };
        let part = match crate::parse::w3c::W3cParser::new(info.id)
            .kind(info.kind)
            .lines_as(crate::read::LineDecoding::of(&info.path, info.encoding))
            .server_label(&label)
            .total(stream.len() as u64)
            .hook(hook)
            .bytes(&stream, &mut shift)
        {
            Ok(stats) => stats,
            Err(never) => match never {},
        };
        info.stats
            .absorb(&part, first_line.saturating_sub(1 + head_lines), head_lines);
        info.stats.bytes = start + bytes.len() as u64;
        info.server = info.stats.server(self.sinks.label.clone());
        info.span = self.sinks.span;
        self.directives.update(bytes);
        self.at = Position {
            offset: start + bytes.len() as u64,
            line_no: info.stats.lines + 1,
        };
    }
}

/// Moves records from stream to file positions; rows go to the explorer's index, and to the
/// sinks when they want them (exactly as during the load).
struct Shift<'a> {
    sinks: &'a mut Sinks,
    rows: Option<&'a mut RequestIndex>,
    /// Added to a stream line number (after the directives put in front).
    lines: u64,
    head_len: u64,
    start: u64,
    /// What the sinks answered for the record about to come.
    wanted: bool,
}

impl RequestSink for Shift<'_> {
    type Row = Hint;
    type Block = crate::index::IndexChunk;
    type Error = std::convert::Infallible;

    fn wants(&mut self, source: SourceId, ts: UtcMs, hint: &Hint) -> bool {
        self.wanted = self.sinks.wants(source, ts, hint);
        self.wanted || self.rows.is_some()
    }

    fn request(
        &mut self,
        source: SourceId,
        rec: &W3cRecord<'_>,
    ) -> Result<bool, std::convert::Infallible> {
        let mut r = *rec;
        r.line = rec.line + self.lines;
        r.offset = (rec.offset + self.start).saturating_sub(self.head_len);
        if let Some(rows) = self.rows.as_deref_mut() {
            let mut on_clock = r;
            on_clock.ts = self.sinks.clock(r.ts);
            rows.push(&on_clock);
        }
        if self.wanted {
            return self.sinks.request(source, &r);
        }
        Ok(true)
    }
}

/// Where a W3C file's complete lines end (its length when a line longer than 1 MiB ends it); a
/// line ends in CRLF, LF or a bare CR, and a CR that ends the file ends a line after a bare CR
/// only (`read::ends`).
pub(super) fn complete_len(path: &Path, len: u64) -> u64 {
    let from = len.saturating_sub(LAST_LINE_SCAN);
    let tail = read_at(path, from, len - from);
    match ends::last_line_end(&tail, false) {
        0 if from == 0 => 0,
        0 => len,
        end => from + end as u64,
    }
}

/// The most [`read_at`] reserves before reading (larger reads grow as they go).
const MAX_PRESIZE: usize = 16 << 20;

/// Up to `len` bytes of a file from `offset` (fewer at its end, none on error).
pub(super) fn read_at(path: &Path, offset: u64, len: u64) -> Vec<u8> {
    read_with_room(path, offset, len, 0)
}

/// [`read_at`] into a buffer with room for `spare` more bytes.
fn read_with_room(path: &Path, offset: u64, len: u64, spare: usize) -> Vec<u8> {
    let read = || -> std::io::Result<Vec<u8>> {
        let mut f = crate::read::open_shared(path)?;
        f.seek(SeekFrom::Start(offset))?;
        // Sized at once: grown from empty, the buffer is copied at every doubling.
        let room = usize::try_from(len).map_or(0, |n| n.min(MAX_PRESIZE));
        let mut out = Vec::with_capacity(room.saturating_add(spare));
        f.take(len).read_to_end(&mut out)?;
        Ok(out)
    };
    read().unwrap_or_default()
}

#[cfg(test)]
mod tests;
