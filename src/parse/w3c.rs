//! Streaming parser for W3C extended logs (IIS and HTTPERR), built for GB files.
//!
//! The input is read in blocks of whole lines (512 KiB, small enough to stay in cache). Each
//! block is validated as UTF-8 once and scanned eight bytes at a time for field separators and
//! line ends, giving compact records (spans and numbers, no per-line allocation); the records are
//! then turned into borrowed [`W3cRecord`]s for the sink. When the input spans several blocks,
//! worker threads read and parse blocks while the calling thread feeds the sink in file order,
//! so parsing overlaps with whatever the sink does.
//!
//! Directives: every `#Fields:` rebinds the column map (the list can change mid-file); other `#`
//! lines are skipped; a file without a header uses the Exchange default IIS list or the HTTPERR
//! list. `-` is empty, times are UTC, bad lines are counted diagnostics.

mod batch;
mod block;
mod fields;
mod line;
mod pool;
mod scan;
mod tokens;
mod value;

#[cfg(test)]
mod tests;

use crate::error::{Error, Result};
use crate::index::text::{FileReader, LineText};
use crate::progress::Progress;
use crate::read::{Detected, Opened};
use crate::record::{RawNumbers, RequestSink, W3cRecord};
use crate::source::{MAX_DIAGNOSTICS, SourceId, SourceKind, SourceStats, TextEncoding};
use batch::{Batch, BatchParser, ChunkSpec};
use block::{Block, BlockReader};
use fields::{Maps, Text};
use std::cell::Cell;
use std::io::{self, Read};
use std::sync::Arc;

/// How often progress is reported, in bytes.
const REPORT_EVERY: u64 = 4 * 1024 * 1024;

/// What stays the same while a source is parsed, and where progress was last reported.
struct Target<'a> {
    source: SourceId,
    label: &'a str,
    progress: &'a dyn Progress,
    /// Expected size, for progress.
    total: u64,
    reported: Cell<Option<u64>>,
    /// Blocks also become index chunks, as the sink asked.
    chunks: Option<ChunkSpec>,
}

impl Target<'_> {
    /// Reports progress up to `done` (about every 4 MiB, and at the end); true when the
    /// caller should stop.
    fn report(&self, done: u64, last: bool) -> bool {
        let due = self
            .reported
            .get()
            .is_none_or(|at| done >= at + REPORT_EVERY);
        let repeat = self.reported.get() == Some(done);
        if (due || last) && !repeat {
            self.progress.report(done, self.total.max(done));
            self.reported.set(Some(done));
        }
        self.progress.is_cancelled()
    }
}

/// Parses a W3C stream, pushing each data line to `sink` in file order.
///
/// `server_label` names the server when no `s-computername` is logged (empty: the record's
/// `s-ip`). `total` is the expected size for progress. Cancelling through `progress` stops early
/// and returns the counts so far. Record offsets are stream offsets (a UTF-8 BOM included).
/// Inputs longer than one block (512 KiB) are parsed on worker threads.
pub fn parse_reader<R: Read + Send>(
    reader: R,
    source: SourceId,
    kind: SourceKind,
    server_label: &str,
    sink: &mut dyn RequestSink,
    progress: &dyn Progress,
    total: u64,
) -> io::Result<SourceStats> {
    let target = Target {
        source,
        label: server_label,
        progress,
        total,
        reported: Cell::new(None),
        chunks: sink.wants_chunks().then_some(ChunkSpec {
            label: !server_label.is_empty(),
        }),
    };
    parse_from(reader, kind, &Resume::default(), &target, sink)
}

/// Where a parse of part of a file starts: at line start `offset`, after `lines_before` lines,
/// with `fields` (the last `#Fields:` line before `offset`, if any) in effect. The part must not
/// need a `#Date:` directive from before it (its lines carry a `date`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resume {
    /// File offset of the first byte read.
    pub offset: u64,
    /// Lines before `offset`.
    pub lines_before: u64,
    /// The `#Fields:` directive line in effect at `offset`.
    pub fields: Option<Vec<u8>>,
}

/// Parses a stream that is the part of a file starting at `resume`: record offsets, line numbers
/// and diagnostics are the file's.
fn parse_from<R: Read + Send>(
    reader: R,
    kind: SourceKind,
    resume: &Resume,
    target: &Target<'_>,
    sink: &mut dyn RequestSink,
) -> io::Result<SourceStats> {
    let expected = target.total.saturating_sub(resume.offset);
    let mut blocks = BlockReader::starting_at(reader, expected, resume.offset);
    let mut stats = SourceStats {
        lines: resume.lines_before,
        ..SourceStats::default()
    };
    let mut maps = Maps::new(kind);
    if let Some(fields) = &resume.fields {
        maps.directive(fields);
    }
    let Some(first) = blocks.next(Vec::new())? else {
        return Ok(stats);
    };
    let mut batch = Batch::default();
    match first {
        Block::Data { data, base } => {
            let at_start = maps.clone();
            batch::scan_directives(&data, &mut maps);
            BatchParser::with_chunks(target.chunks).parse(data, base, at_start, &mut batch);
        }
        Block::Overlong { base, head } => BatchParser::overlong(&head, base, &mut batch),
    }
    emit(&batch, resume.lines_before, target, sink);
    merge(&mut stats, &batch.stats);
    let stop = target.report(batch.end, blocks.done());
    if !blocks.done() && !stop {
        let spare = batch.recycle();
        pool::parse_rest(&mut blocks, maps, spare, target, sink, &mut stats)?;
    }
    stats.bytes = blocks.consumed();
    target.report(stats.bytes, true);
    Ok(stats)
}

/// Parses in-memory W3C text (transcoded files, tests); offsets index `bytes`.
pub fn parse_bytes(
    bytes: &[u8],
    source: SourceId,
    kind: SourceKind,
    server_label: &str,
    sink: &mut dyn RequestSink,
    progress: &dyn Progress,
    total: u64,
) -> SourceStats {
    // Reading from a slice cannot fail.
    parse_reader(bytes, source, kind, server_label, sink, progress, total).unwrap_or_default()
}

/// Parses an opened IIS or HTTPERR file and says how to read its lines back: from the file for
/// UTF-8 files, from the decoded text in memory for transcoded ones (offsets match either way).
pub fn parse_opened(
    opened: Opened,
    source: SourceId,
    sink: &mut dyn RequestSink,
    progress: &dyn Progress,
) -> Result<(SourceStats, LineText)> {
    parse_opened_part(opened, source, sink, progress, None)
}

/// [`parse_opened`] of only the bytes `resume.offset..end` of a UTF-8 file (a time window's
/// part, see `pipeline::window`); other encodings are parsed whole.
pub fn parse_opened_part(
    opened: Opened,
    source: SourceId,
    sink: &mut dyn RequestSink,
    progress: &dyn Progress,
    part: Option<(&Resume, u64)>,
) -> Result<(SourceStats, LineText)> {
    let kind = match &opened.kind {
        Detected::Iis => SourceKind::Iis,
        Detected::Httperr => SourceKind::Httperr,
        Detected::W3c => SourceKind::W3c,
        other => {
            return Err(Error::Usage(format!(
                "{}: not a W3C log ({other:?})",
                opened.path.display()
            )));
        }
    };
    let label = opened.server_label.as_str();
    match opened.encoding {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => {
            use std::io::Seek;
            let whole = Resume::default();
            let (resume, end) = part.unwrap_or((&whole, opened.len));
            let end = end.min(opened.len);
            let mut file = &opened.file;
            file.seek(io::SeekFrom::Start(resume.offset))
                .map_err(|e| Error::io(&opened.path, &e))?;
            let target = Target {
                source,
                label,
                progress,
                total: opened.len,
                reported: Cell::new(None),
                chunks: sink.wants_chunks().then_some(ChunkSpec {
                    label: !label.is_empty(),
                }),
            };
            // Read what the file held when opened: IIS may still be appending.
            let reader = file.take(end.saturating_sub(resume.offset));
            let stats = parse_from(reader, kind, resume, &target, sink)
                .map_err(|e| Error::io(&opened.path, &e))?;
            let text = LineText::File(Arc::new(FileReader::new(opened.path, opened.file)));
            Ok((stats, text))
        }
        _ => {
            let text = crate::read::read_text(&opened)?;
            let total = text.len() as u64;
            let stats = parse_bytes(text.as_bytes(), source, kind, label, sink, progress, total);
            Ok((stats, LineText::Memory(Arc::from(text))))
        }
    }
}

/// Adds a batch's counts (line numbers relative to the batch) to the source's.
fn merge(stats: &mut SourceStats, part: &SourceStats) {
    let base = stats.lines;
    for d in &part.diagnostics {
        if stats.diagnostics.len() < MAX_DIAGNOSTICS {
            let mut d = d.clone();
            d.line += base;
            stats.diagnostics.push(d);
        }
    }
    stats.lines += part.lines;
    stats.events += part.events;
    stats.unparsed += part.unparsed;
    if stats.computer.is_empty() {
        stats.computer.clone_from(&part.computer);
    }
    if stats.server_ip.is_empty() {
        stats.server_ip.clone_from(&part.server_ip);
    }
}

/// Hands a batch's records to the sink; `line_base` is the number of lines before the batch.
fn emit(batch: &Batch, line_base: u64, target: &Target<'_>, sink: &mut dyn RequestSink) {
    let text = batch.text.as_str();
    if !batch.chunk.is_empty() {
        sink.chunk(target.source, &batch.chunk, text, line_base);
    }
    let mut raws = batch.raws.iter().peekable();
    for (i, r) in batch.recs.iter().enumerate() {
        let raw = if r.bad == 0 {
            None
        } else {
            while raws.next_if(|x| (x.0 as usize) < i).is_some() {}
            raws.next_if(|x| x.0 as usize == i)
                .map(|x| raw_numbers(text, r, &x.1))
        };
        if !sink.wants(target.source, crate::time::UtcMs(r.ts), &r.hint) {
            continue;
        }
        let line = text
            .get(r.text.start as usize..r.text.end as usize)
            .unwrap_or("");
        let col = |t: Text| {
            let s = r.cols[t as usize];
            if s.start == s.end {
                return "";
            }
            text.get(s.start as usize..s.end as usize).unwrap_or("")
        };
        let server_ip = col(Text::ServerIp);
        let mut server = col(Text::Server);
        if server.is_empty() {
            server = if target.label.is_empty() {
                server_ip
            } else {
                target.label
            };
        }
        let rec = W3cRecord {
            line: line_base + r.line,
            offset: r.offset,
            ts: crate::time::UtcMs(r.ts),
            server,
            server_ip,
            method: col(Text::Method),
            uri_stem: col(Text::UriStem),
            uri_query: col(Text::UriQuery),
            server_port: col(Text::ServerPort),
            username: col(Text::Username),
            client_ip: col(Text::ClientIp),
            client_port: col(Text::ClientPort),
            forwarded_for: col(Text::ForwardedFor),
            user_agent: col(Text::UserAgent),
            referer: col(Text::Referer),
            host: col(Text::Host),
            status: r.status,
            substatus: r.substatus,
            win32: r.win32,
            time_taken: r.time_taken,
            reason: col(Text::Reason),
            raw: raw.as_ref(),
            text: line,
        };
        sink.request(target.source, &rec);
    }
}

/// The logged text of a record's numeric fields that were not numbers that fit.
fn raw_numbers<'a>(text: &'a str, r: &line::Rec, raw: &line::Raw) -> RawNumbers<'a> {
    let get = |n: line::Num| {
        if r.bad & (1 << n as u8) == 0 {
            return "";
        }
        let s = raw[n as usize];
        text.get(s.start as usize..s.end as usize).unwrap_or("")
    };
    RawNumbers {
        status: get(line::Num::Status),
        substatus: get(line::Num::Substatus),
        win32: get(line::Num::Win32),
        time_taken: get(line::Num::TimeTaken),
    }
}
