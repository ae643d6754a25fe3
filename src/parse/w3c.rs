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
//!
//! The parser knows its consumers only through [`RequestSink`] (which can stop or fail the
//! parse) and an optional [`BlockHook`], per-block work run on the parsing threads.

mod address;
mod batch;
mod block;
mod emit;
mod fields;
mod hook;
mod infer;
mod line;
mod pool;
mod repair;
mod scan;
mod share;
mod tokens;
mod value;

#[cfg(test)]
mod tests;

use crate::error::{Error, Result};
use crate::progress::{NoProgress, Progress};
use crate::read::text::{FileReader, LineText};
use crate::read::{Detected, LineDecoding, Opened};
use crate::record::RequestSink;
use crate::source::{SourceId, SourceKind, SourceStats, TextEncoding};
use batch::{Batch, BatchParser};
use block::{Block, BlockReader};
use fields::Maps;
use std::cell::Cell;
use std::io::{self, Read};
use std::sync::Arc;

pub use address::{unmapped, zone_at};
pub use hook::{BlockHook, Column, NoHook, Number, Row, Rows};
pub use infer::fields_of;

/// The values a line's date and time are read from under a `#Fields:` list ([`fields`]).
pub fn clock_of(names: &str) -> Option<(usize, usize)> {
    fields::ColumnMap::clock_of(names)
}
pub(crate) use share::{Cores, shared_by};
#[cfg(test)]
pub(crate) use share::{free_here, sharing};
pub(crate) use tokens::value_at;

/// Binds the fields worked out from the first data line of an IIS file that has none before
/// it and does not fit the default list ([`Maps::headerless`]), and says so on that line.
#[cold]
#[inline(never)]
fn headerless(data: &[u8], maps: &mut Maps, stats: &mut SourceStats, lines_before: u64) {
    if let Some((line, names, text)) = maps.headerless(data) {
        stats.note_line(
            lines_before + line,
            &format!(
                "read, but no #Fields came before: fields worked out from the values ({names})"
            ),
            &text,
        );
    }
}

/// How often progress is reported, in bytes.
const REPORT_EVERY: u64 = 4 * 1024 * 1024;

/// Why a parse stopped short.
#[derive(Debug)]
pub enum ParseError<E> {
    /// Reading the input failed.
    Read(io::Error),
    /// The sink failed.
    Sink(E),
}

impl<E: std::fmt::Display> std::fmt::Display for ParseError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Read(e) => e.fmt(f),
            ParseError::Sink(e) => e.fmt(f),
        }
    }
}

impl<E: std::fmt::Debug + std::fmt::Display> std::error::Error for ParseError<E> {}

/// A W3C parse, set up step by step:
/// `W3cParser::new(source).kind(kind).server_label(label).read(reader, &mut sink)`.
///
/// `server_label` names the server when no `s-computername` is logged (empty: the record's
/// `s-ip`). `total` is the expected size, for progress. Cancelling through `progress` stops
/// early and returns the counts so far, as does a sink that returns `Ok(false)`. Record offsets
/// are stream offsets (a UTF-8 BOM included). Inputs longer than one block (512 KiB) are parsed
/// on worker threads, which also run the [`hook`](W3cParser::hook) on each block.
#[derive(Clone)]
pub struct W3cParser<'a, H = NoHook> {
    source: SourceId,
    kind: SourceKind,
    label: &'a str,
    progress: &'a dyn Progress,
    total: u64,
    hook: H,
    /// Only part of the input: where it starts, and the offset it ends at (`opened` only).
    part: Option<(Resume, u64)>,
    /// The input is Windows-1252 (an ANSI `ex*.log`), not UTF-8.
    decoding: LineDecoding,
}

impl W3cParser<'static> {
    /// A parse of an IIS log for `source`, without hook, progress or label.
    pub fn new(source: SourceId) -> Self {
        W3cParser {
            source,
            kind: SourceKind::Iis,
            label: "",
            progress: &NoProgress,
            total: 0,
            hook: NoHook,
            part: None,
            decoding: LineDecoding::Utf8,
        }
    }
}

impl<'a, H: BlockHook> W3cParser<'a, H> {
    /// The log kind, which picks the default field list of a file without `#Fields`.
    pub fn kind(mut self, kind: SourceKind) -> Self {
        self.kind = kind;
        self
    }

    /// The server of rows that log no `s-computername`.
    pub fn server_label<'b>(self, label: &'b str) -> W3cParser<'b, H>
    where
        'a: 'b,
    {
        W3cParser { label, ..self }
    }

    /// Where progress goes and cancellation comes from.
    pub fn progress<'b>(self, progress: &'b dyn Progress) -> W3cParser<'b, H>
    where
        'a: 'b,
    {
        W3cParser { progress, ..self }
    }

    /// The expected size in bytes, for progress.
    pub fn total(mut self, total: u64) -> Self {
        self.total = total;
        self
    }

    /// Per-block work run on the parsing threads; its output reaches the sink.
    pub fn hook<G: BlockHook>(self, hook: G) -> W3cParser<'a, G> {
        W3cParser {
            source: self.source,
            kind: self.kind,
            label: self.label,
            progress: self.progress,
            total: self.total,
            hook,
            part: self.part,
            decoding: self.decoding,
        }
    }

    /// How lines that are not UTF-8 are decoded: as Windows-1252 (and not counted as damage)
    /// in an ANSI `ex*.log` ([`LineDecoding::of`]).
    pub fn lines_as(mut self, decoding: LineDecoding) -> Self {
        self.decoding = decoding;
        self
    }

    /// Parses only the part of the input from `resume` (a line start) to `end`: the reader
    /// given to [`W3cParser::read`] starts at `resume.offset`, and [`W3cParser::opened`] seeks
    /// there and stops at `end`. Record offsets, line numbers and diagnostics stay the file's.
    pub fn part(mut self, resume: Resume, end: u64) -> Self {
        self.part = Some((resume, end));
        self
    }

    /// Parses a W3C stream, pushing each data line to `sink` in file order.
    pub fn read<R, S>(
        self,
        reader: R,
        sink: &mut S,
    ) -> std::result::Result<SourceStats, ParseError<S::Error>>
    where
        R: Read + Send,
        S: RequestSink<Row = H::Row, Block = H::Block>,
    {
        let target = Target {
            source: self.source,
            label: self.label,
            progress: self.progress,
            total: self.total,
            reported: Cell::new(None),
            first_ip: std::cell::OnceCell::new(),
            other_ip: Cell::new(false),
        };
        let hook = &self.hook;
        let whole = Resume::default();
        let resume = self.part.as_ref().map_or(&whole, |(r, _)| r);
        let expected = self.total.saturating_sub(resume.offset);
        let mut blocks = BlockReader::starting_at(reader, expected, resume.offset)
            .after_bare_cr(resume.after_bare_cr);
        let mut stats = SourceStats {
            lines: resume.lines_before,
            ..SourceStats::default()
        };
        let mut maps = Maps::new(self.kind);
        maps.decoding = self.decoding;
        if let Some(fields) = &resume.fields {
            maps.directive(fields);
        }
        let Some(first) = blocks.next(Vec::new()).map_err(ParseError::Read)? else {
            return Ok(stats);
        };
        let mut batch = Batch {
            first_line: Some(resume.lines_before),
            ..Batch::default()
        };
        match first {
            Block::Data { data, base } => {
                if self.kind == SourceKind::Iis {
                    headerless(&data, &mut maps, &mut stats, resume.lines_before);
                }
                let at_start = maps.clone();
                batch::scan_directives(&data, &mut maps);
                BatchParser::default().parse(data, base, at_start, hook, &mut batch);
            }
            Block::Overlong { base, head } => BatchParser::overlong(&head, base, hook, &mut batch),
        }
        let go_on =
            emit::emit(&batch, resume.lines_before, &target, sink).map_err(ParseError::Sink)?;
        emit::merge(&mut stats, &batch.stats);
        let stop = target.report(batch.end, blocks.done()) || !go_on;
        if !blocks.done() && !stop {
            let spare = batch.recycle();
            pool::parse_rest(&mut blocks, maps, spare, &target, hook, sink, &mut stats)?;
        }
        stats.bytes = blocks.consumed();
        stats.other_ip = target.other_ip.get();
        target.report(stats.bytes, true);
        Ok(stats)
    }

    /// Parses in-memory W3C text (transcoded files, tests); offsets index `bytes`.
    pub fn bytes<S>(self, bytes: &[u8], sink: &mut S) -> std::result::Result<SourceStats, S::Error>
    where
        S: RequestSink<Row = H::Row, Block = H::Block>,
    {
        match self.read(bytes, sink) {
            Ok(stats) => Ok(stats),
            Err(ParseError::Sink(e)) => Err(e),
            // Reading from a slice cannot fail.
            Err(ParseError::Read(_)) => Ok(SourceStats::default()),
        }
    }

    /// Parses an opened IIS or HTTPERR file (its kind and server label replace the parser's)
    /// and says how to read its lines back: from the file for UTF-8 and Windows-1252 files
    /// (streamed, decoded a line at a time), from the decoded text in memory for UTF-16 ones
    /// (offsets match either way).
    pub fn opened<S>(self, opened: Opened, sink: &mut S) -> Result<(SourceStats, LineText)>
    where
        S: RequestSink<Row = H::Row, Block = H::Block>,
        S::Error: std::fmt::Display,
    {
        let failed = |path: &std::path::Path, e: S::Error| Error::Parse {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
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
        let parser = self.kind(kind).server_label(&opened.server_label);
        match opened.encoding {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom | TextEncoding::Windows1252 => {
                use std::io::Seek;
                let decoding = LineDecoding::of(&opened.path, opened.encoding);
                let (start, end) = match &parser.part {
                    Some((r, end)) => (r.offset, (*end).min(opened.len)),
                    None => (0, opened.len),
                };
                let mut file = &opened.file;
                file.seek(io::SeekFrom::Start(start))
                    .map_err(|e| Error::io(&opened.path, &e))?;
                // Read what the file held when opened: IIS may still be appending.
                let stats = parser
                    .total(opened.len)
                    .lines_as(decoding)
                    .read(file.take(end.saturating_sub(start)), sink)
                    .map_err(|e| match e {
                        ParseError::Read(e) => Error::io(&opened.path, &e),
                        ParseError::Sink(e) => failed(&opened.path, e),
                    })?;
                let reader = FileReader::new(opened.path, opened.file)
                    .lines_as(decoding)
                    .w3c();
                Ok((stats, LineText::File(Arc::new(reader))))
            }
            _ => {
                let text = crate::read::ends::text_to_lf(crate::read::read_text(&opened)?);
                let total = text.len() as u64;
                // Transcoded files are parsed whole: their offsets are not the file's.
                let parser = W3cParser {
                    part: None,
                    ..parser
                };
                let stats = parser
                    .total(total)
                    .bytes(text.as_bytes(), sink)
                    .map_err(|e| failed(&opened.path, e))?;
                Ok((stats, LineText::Memory(Arc::from(text))))
            }
        }
    }
}

/// What stays the same while a source is parsed, and where progress was last reported.
struct Target<'a> {
    source: SourceId,
    label: &'a str,
    progress: &'a dyn Progress,
    /// Expected size, for progress.
    total: u64,
    reported: Cell<Option<u64>>,
    /// Without a label: the first `s-ip` logged, which names the server.
    first_ip: std::cell::OnceCell<String>,
    /// Without a label: a row that logs no `s-computername` was named by another `s-ip`.
    other_ip: Cell<bool>,
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
    /// The line end before `offset` is a bare CR (`read::ends`).
    pub after_bare_cr: bool,
}
