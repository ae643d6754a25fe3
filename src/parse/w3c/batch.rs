//! Turning a block of whole lines into a batch: the block's text (validated once as UTF-8, or
//! repaired line by line when it is not) plus one compact record per data line. Directives are
//! handled here: every `#Fields:` rebinds the column map, other `#` lines are skipped.
//!
//! Blocks can be parsed out of order: line numbers and diagnostics are relative to the block,
//! and [`scan_directives`] lets the reader know the column map at the start of each block.
//!
//! This file owns the per-line loop; beside it, what a block hands on (`output`), directives
//! read ahead and their effect on the block (`directives`), what is said of lines not read
//! as written (`damage`), and a line a crash cut with the writer's restart glued on (`crash`).

use super::fields::{ColumnMap, Maps, Text};
use super::hook::BlockHook;
use super::line::{LineError, Raw, Rec, Span, parse_fields};
use super::repair::repair;
use super::scan::{Edges, scan_lines};
use super::tokens::{Tokens, time_value};
use super::value::DayCache;
use crate::read::LineDecoding;
use crate::source::SourceStats;

pub(super) use directives::{lines_in, scan_directives};
pub(super) use output::Batch;
use output::{first_value, run_hook};

mod crash;
mod damage;
mod directives;
mod output;

/// Parses blocks; one per thread (it keeps scratch space between blocks).
#[derive(Debug, Default)]
pub(super) struct BatchParser {
    edges: Edges,
    /// Lines split with the full grammar.
    tokens: Tokens,
    days: DayCache,
}

/// The state of one block being parsed.
struct Cursor<'a> {
    maps: Maps,
    days: &'a mut DayCache,
    tokens: &'a mut Tokens,
    /// Number spans of the current line.
    raw: Raw,
    raws: Vec<(u32, Raw)>,
    stats: SourceStats,
    /// Stream offset of the block.
    base: u64,
    /// Stream offsets of the lines of a repaired block (its text no longer matches the stream),
    /// each with the first byte of the line that is not UTF-8 (0: none).
    raw_offsets: Option<Vec<(u64, u8)>>,
    /// Data lines take their day from the `#Date:` clock ([`Maps::dateless`] and a clock set);
    /// worked out again after each directive, not for every line.
    clocked: bool,
    /// The events count when a map without `s-computername` came into force (none while the
    /// map has it): [`SourceStats::unnamed`] counted per directive, not per line.
    unnamed_from: Option<u64>,
    /// A map with `s-computername` was in force in the block.
    named: bool,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl BatchParser {
    /// Parses a block of whole lines starting at stream offset `base`, with the column maps in
    /// effect at its start, into `batch` (whose record storage is reused), then runs `hook`.
    pub fn parse<H: BlockHook>(
        &mut self,
        data: Vec<u8>,
        base: u64,
        maps: Maps,
        hook: &H,
        batch: &mut Batch<H::Row, H::Block>,
    ) {
        batch.recs.clear();
        batch.raws.clear();
        batch.end = base + data.len() as u64;
        let decoding = maps.decoding;
        let mut cur = Cursor {
            maps,
            days: &mut self.days,
            tokens: &mut self.tokens,
            raw: Raw::default(),
            raws: std::mem::take(&mut batch.raws),
            stats: SourceStats::default(),
            base,
            raw_offsets: None,
            clocked: false,
            unnamed_from: None,
            named: false,
        };
        cur.refresh();
        batch.text = match String::from_utf8(data) {
            // A Windows-1252 log's block that happens to be valid UTF-8 beyond ASCII (`Ã¼`
            // written as C3 BC) is still Windows-1252, as its lines read back.
            Ok(text) if decoding == LineDecoding::Windows1252 && !text.is_ascii() => {
                let (text, offsets) = repair(text.as_bytes(), base, decoding);
                cur.raw_offsets = Some(offsets);
                text
            }
            Ok(text) => text,
            Err(err) => {
                let (text, offsets) = repair(err.as_bytes(), base, decoding);
                cur.raw_offsets = Some(offsets);
                text
            }
        };
        let (text, recs) = (batch.text.as_bytes(), &mut batch.recs);
        scan_lines(text, &mut self.edges, |edges, start, end| {
            cur.line(text, edges, start, end, recs);
        });
        cur.count_unnamed();
        batch.stats = cur.stats;
        batch.stats.cut_after = Cursor::time_before(&batch.recs, batch.stats.cut_line);
        // Every record up to the first named one when the name came in with a later header
        // block of the block (no further than the first few when the block has no name).
        let first = if cur.named { batch.recs.len() } else { 64 };
        batch.stats.computer = first_value(text, &batch.recs, Text::Server, first);
        batch.stats.server_ip = first_value(text, &batch.recs, Text::ServerIp, 64);
        batch.raws = cur.raws;
        run_hook(hook, batch);
    }
}

/// The map whose field count is `n`: the bound one, else the legacy one.
fn fits(maps: &Maps, n: usize) -> Option<&ColumnMap> {
    if n == maps.map.len {
        return Some(&maps.map);
    }
    maps.legacy.as_ref().filter(|m| m.len == n)
}

impl Cursor<'_> {
    /// Starts the record of the current line at the end of `recs`, its text `start..end` at
    /// byte `offset`, to be filled where it is kept (a record is too large to build aside and
    /// copy); its index in `recs`.
    #[inline]
    fn start_rec(&self, recs: &mut Vec<Rec>, offset: u64, (start, end): (usize, usize)) -> u32 {
        recs.push(Rec {
            line: self.stats.lines,
            offset,
            text: Span::new(start, end),
            ..Rec::default()
        });
        u32::try_from(recs.len() - 1).unwrap_or(u32::MAX)
    }

    /// One physical line `start..end` (line feed excluded) of the block text.
    fn line(
        &mut self,
        text: &[u8],
        edges: &mut Edges,
        start: usize,
        end: usize,
        recs: &mut Vec<Rec>,
    ) {
        self.stats.lines += 1;
        // Nothing ends it, not even a CR (a log with bare-CR line ends, a CRLF cut between its
        // two bytes): the input's last line, cut off while it was written.
        let unterminated = end == text.len() && text.get(end.wrapping_sub(1)) != Some(&b'\r');
        let offset = match &self.raw_offsets {
            Some(raw) => {
                let (at, bad) = raw
                    .get(self.stats.lines as usize - 1)
                    .copied()
                    .unwrap_or((self.base, 0));
                if bad != 0 {
                    self.not_utf8(&text[start..end], bad);
                }
                at
            }
            None => self.base + start as u64,
        };
        let mut end = end;
        // CRLF, and CR CR LF from a log converted to CRLF once more on its way (a text-mode
        // transfer): no CR is part of the last value.
        while end > start && text[end - 1] == b'\r' {
            end -= 1;
        }
        let mut start = start;
        let mut offset = offset;
        if text.get(start..start + 3) == Some(BOM) {
            start += 3;
            offset += 3;
            edges.skip_to(start);
        }
        if start >= end {
            return;
        }
        if text[start] == b'#' {
            if self.maps.directive(&text[start..end])
                && let Some(note) = self.maps.codes_note()
            {
                let line = String::from_utf8_lossy(&text[start..end]);
                self.stats.note_line(self.stats.lines, note, &line);
            }
            return self.refresh();
        }
        let (fields, data_end) = edges.close(end);
        let odd = edges.odd;
        if data_end <= start {
            return;
        }
        let dir_day = self.dir_day(&text[start..data_end]);
        if (odd || fields != self.maps.map.len)
            && self.nul_inside(text, (start, end, data_end, offset), dir_day, recs)
        {
            return;
        }
        let at = self.start_rec(recs, offset, (start, end));
        let Some(rec) = recs.last_mut() else { return };
        let parsed = if !odd && fields == self.maps.map.len {
            parse_fields(
                text,
                edges,
                &self.maps.map,
                self.days,
                dir_day,
                rec,
                &mut self.raw,
                unterminated,
            )
            .map(|()| 0)
        } else {
            self.irregular(text, (start, data_end), dir_day, rec, unterminated)
        };
        match parsed {
            Ok(extra) => {
                self.stats.events += 1;
                if extra > 0 || rec.bad & !rec.cut != 0 {
                    self.kept(text, rec, extra);
                }
                if rec.bad != 0 {
                    self.raws.push((at, self.raw));
                }
                if unterminated {
                    self.unterminated(&text[start..end]);
                }
            }
            Err(_) if text[start] == 0 && self.nul_directive(&text[start..end]) => {
                recs.pop();
            }
            Err(e) => {
                recs.pop();
                let line = (start, end, data_end, offset);
                if text[start] == 0 && self.nul_data(text, line, dir_day, recs) {
                    return;
                }
                if text[start] == 0 && self.zeroed(&text[start..end]) {
                    return;
                }
                // No line feed after it: the input's last line, cut off while it was written.
                let cut = text[end..].iter().all(|&c| c == b'\r');
                self.bad(&text[start..end], e, cut);
            }
        }
    }

    /// The `#Date:` day of a data line when the map has no `date` (rolling the clock over).
    #[inline]
    fn dir_day(&mut self, line: &[u8]) -> Option<i64> {
        if !self.clocked {
            return None;
        }
        self.observe(line)
    }

    #[cold]
    #[inline(never)]
    fn observe(&mut self, line: &[u8]) -> Option<i64> {
        let ms = time_value(line, usize::from(self.maps.map.time), self.tokens)?;
        self.maps.clock.observe(ms)
    }

    /// A line that is not plain (runs of spaces, tabs, quotes) or whose value count differs from
    /// the map: split again with the full grammar, then without quotes; a line with more values
    /// than a declared `#Fields` list is read from its first values. Returns the extra values.
    #[cold]
    #[inline(never)]
    fn irregular(
        &mut self,
        text: &[u8],
        (start, end): (usize, usize),
        dir_day: Option<i64>,
        rec: &mut Rec,
        unterminated: bool,
    ) -> Result<usize, LineError> {
        let mut found = self.tokens.split(text, start, end, true);
        if fits(&self.maps, found).is_none() && self.tokens.quoted {
            let plain = self.tokens.split(text, start, end, false);
            if fits(&self.maps, plain).is_some() {
                found = plain;
            } else {
                found = self.tokens.split(text, start, end, true);
            }
        }
        let map = match fits(&self.maps, found) {
            Some(map) => map,
            None if self.maps.declared && found > self.maps.map.len => &self.maps.map,
            None => {
                return Err(LineError::Fields {
                    found,
                    expected: self.maps.map.len,
                });
            }
        };
        parse_fields(
            text,
            &*self.tokens,
            map,
            self.days,
            dir_day,
            rec,
            &mut self.raw,
            unterminated && found == map.len,
        )?;
        Ok(found - map.len)
    }
}
