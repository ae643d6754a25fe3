//! HCW `.log` / `.boot` text: entries, continuation lines, hard-wrap joins, and the header.
//!
//! An entry is a header line (`stamp level id [context] message`) plus every following line that
//! is not a header. Continuation lines lose their 38-space indent; lines HCW hard-wrapped are
//! joined back without a separator. Stamps stay naive here (`ts == local`) until
//! [`apply_zone`] puts them on the UTC axis with the clock read by [`header_zone`].

mod clock;
mod finish;
mod glued;
mod header;
mod line;
mod meridiem;
mod runs;
mod stamp;
mod unwrap;
mod zones;

pub use clock::{RunClock, header_clock, place, repeated_reading};
pub use finish::{Finish, finish_of, parse_duration, start_text};
pub use header::{
    HcwHeader, StampEvidence, apply_zone, header_zone, is_run_start, machine_zone, read_header,
};
pub use line::{
    HeaderLine, LineKind, classify, classify_in, is_header_line, split_context, starts_entry,
};
pub use meridiem::meridiem;
pub use runs::{LaterRun, RunBreak, entry_run, later_runs, run_breaks, run_index, skew_words};
pub use stamp::{DayOrder, day_order};
pub use unwrap::{is_indented, unwrap_text};
pub use zones::windows_zone;

use crate::record::HcwEntry;
use crate::source::{SourceId, SourceStats};
use line::MESSAGE_COLUMN;

/// HCW wraps a logical line when `prefix + content` reaches this many characters.
const WRAP_TOTAL: usize = 1024;
/// Fallback for builds with another limit: a longer physical line than this was wrapped.
const WRAP_FALLBACK_PHYSICAL: usize = 880;

/// One parsed HCW file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HcwLog {
    /// Entries in file order (`ts == local` until [`apply_zone`]).
    pub entries: Vec<HcwEntry>,
    /// Zone, culture and machine read from the first entries.
    pub header: HcwHeader,
    /// Line counts and diagnostics.
    pub stats: SourceStats,
}

/// What a diagnostic says of a last line without a line break.
const CUT_OFF: &str =
    "cut off: the last line ends without a line break (the log was still being written or copied)";

/// What a diagnostic says of a last line cut inside its `[Client=…]` context.
const CUT_IN_CONTEXT: &str = "cut off: the last line ends without a line break inside its \
     [Client=…] context (the log was still being written or copied): the entry's cmdlet and \
     thread are lost";

/// Parses decoded HCW text (CRLF or LF, an optional BOM is skipped). Never fails: lines that
/// cannot belong to any entry are counted in `stats.unparsed`; lines with NUL bytes are noted
/// in `stats.diagnostics` and read without them. Entry offsets index the text without its NUL
/// bytes ([`without_nul`]), which is what an entry is quoted from.
pub fn parse_hcw(text: &str, source: SourceId) -> HcwLog {
    let mut stats = SourceStats {
        bytes: text.len() as u64,
        ..SourceStats::default()
    };
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut entries = Vec::new();
    let mut open: Option<Building> = None;
    let mut offset = bom;
    let mut line_no = 0u64;
    let order = day_order(&text[bom..]);
    for whole in text[bom..].split_inclusive('\n') {
        line_no += 1;
        // Another run's line 1 glued to a cut line: read as two lines with one number.
        let pieces = glued::split(whole, order);
        let glued = pieces.len() > 1;
        if glued {
            stats.note_line(line_no, glued::GLUED, whole.trim_end_matches(['\r', '\n']));
        }
        let last_piece = pieces.len() - 1;
        for (k, raw) in pieces.into_iter().enumerate() {
            // Whether the piece ends its line: a piece cut off by a glued line 1 is not the log's
            // last line.
            let ended = k < last_piece || raw.ends_with('\n');
            // CRLF, and CR CR LF from a log converted to CRLF once more on its way (a text-mode
            // transfer): no CR is part of the line, nor of a hard-wrapped text rejoined.
            let line = raw.trim_end_matches('\n').trim_end_matches('\r');
            // NUL bytes are damage (a torn write, a zeroed block): noted, and the line read without
            // them, so a header behind them still starts its entry.
            let cleaned: String;
            let mut nuls = 0;
            let line = if line.contains('\0') {
                stats.note_line(
                    line_no,
                    "NUL bytes in the line (damaged), read without them",
                    line,
                );
                nuls = line.len();
                cleaned = line.replace('\0', "");
                nuls -= cleaned.len();
                cleaned.as_str()
            } else {
                line
            };
            // A byte order mark inside the text: logs saved with one, joined byte for byte
            // (`copy /b a.log+b.log`, UTF-16 logs alike). The line after it is read without it.
            let (line, mark) = match line.strip_prefix('\u{feff}') {
                Some(rest) => (rest, '\u{feff}'.len_utf8()),
                None => (line, 0),
            };
            match classify_in(line, order) {
                LineKind::Header(h) => {
                    // No line feed after a `[…]` that never closes: cut off in its context.
                    if !ended && h.context.is_empty() && h.message.starts_with('[') {
                        stats.note_line(line_no, CUT_IN_CONTEXT, line);
                    }
                    if let Some(done) = open.take() {
                        entries.push(done.finish());
                    }
                    open = Some(Building::new(h, source, line_no, offset + mark));
                }
                LineKind::BadStamp(reason) => {
                    // No line feed after it: the log's last line, cut off while it was written
                    // (the wizard still running) or copied.
                    let cut = !ended;
                    let reason = if cut {
                        format!("{CUT_OFF}; {reason}")
                    } else {
                        reason.to_string()
                    };
                    stats.bad_line(line_no, &reason, line);
                    if let Some(b) = open.as_mut() {
                        b.continuation(line, line_no);
                    }
                }
                LineKind::Text => match open.as_mut() {
                    Some(b) => b.continuation(line, line_no),
                    None if line.trim().is_empty() => {}
                    None => stats.bad_line(line_no, "text before the first entry", line),
                },
            }
            offset += raw.len() - nuls;
        }
    }
    if let Some(done) = open.take() {
        entries.push(done.finish());
    }
    stats.lines = line_no;
    stats.events = entries.len() as u64;
    let header = read_header(&entries);
    let line_of = |e: &HcwEntry| {
        let at = usize::try_from(e.offset).unwrap_or(usize::MAX);
        text.get(at..).and_then(|t| t.lines().next()).unwrap_or("")
    };
    if let Some(e) = entries.first()
        && let Some(reason) = stamp::other_calendar(e.local, header.culture.as_deref())
    {
        stats.note_line(e.line, &reason, line_of(e));
    }
    for (i, before) in clock::set_backs(&entries) {
        let e = &entries[i];
        let hms = |t: crate::time::UtcMs| t.rfc3339().get(11..19).unwrap_or("").to_string();
        let reason = format!(
            "the wall clock is set back an hour here ({} after {}: daylight saving time ended); \
             the entries from here on are read with an offset an hour less",
            hms(e.local),
            hms(before)
        );
        stats.note_line(e.line, &reason, line_of(e));
    }
    HcwLog {
        entries,
        header,
        stats,
    }
}

/// HCW text without NUL bytes (a crashed writer's zeroed padding, a torn write), as its
/// entries are read and quoted: a run of thousands would bury the line it sits in.
pub fn without_nul(text: String) -> String {
    if text.contains('\0') {
        text.replace('\0', "")
    } else {
        text
    }
}

/// An entry being assembled, with what the wrap check needs about the last physical line.
struct Building {
    entry: HcwEntry,
    wrap_width: usize,
    last_chars: usize,
    last_physical: usize,
    last_is_rule: bool,
    in_message: bool,
    has_body: bool,
}

impl Building {
    fn new(h: HeaderLine<'_>, source: SourceId, line: u64, offset: usize) -> Self {
        let last_chars = h.message.chars().count();
        Building {
            wrap_width: WRAP_TOTAL.saturating_sub(h.prefix_chars),
            last_physical: h.prefix_chars + last_chars,
            last_chars,
            last_is_rule: is_rule(h.message),
            in_message: true,
            has_body: false,
            entry: HcwEntry {
                source,
                line,
                end_line: line,
                offset: offset as u64,
                local: h.local,
                ts: h.local,
                level: h.level,
                event_id: h.event_id,
                context: h.context,
                message: h.message.to_string(),
                body: String::new(),
            },
        }
    }

    fn continuation(&mut self, line: &str, line_no: u64) {
        let indented = line.len() >= MESSAGE_COLUMN
            && line.as_bytes()[..MESSAGE_COLUMN].iter().all(|&c| c == b' ');
        let content = if indented {
            &line[MESSAGE_COLUMN..]
        } else {
            line
        };
        let wrapped = indented && !self.last_is_rule && self.wrap_width > 0 && {
            self.last_chars == self.wrap_width
                || (self.last_chars > self.wrap_width
                    && self.last_physical >= WRAP_FALLBACK_PHYSICAL)
        };
        let target = if wrapped && self.in_message {
            &mut self.entry.message
        } else {
            if !wrapped {
                if self.has_body {
                    self.entry.body.push('\n');
                }
                self.in_message = false;
                self.has_body = true;
            }
            &mut self.entry.body
        };
        target.push_str(content);
        let chars = content.chars().count();
        self.last_chars = chars;
        self.last_physical = if indented {
            MESSAGE_COLUMN + chars
        } else {
            chars
        };
        self.last_is_rule = is_rule(content);
        self.entry.end_line = line_no;
    }

    fn finish(self) -> HcwEntry {
        self.entry
    }
}

/// A table rule (`-----`, `=====`): HCW draws these exactly as wide as the wrap width.
fn is_rule(s: &str) -> bool {
    let t = s.trim_end();
    t.len() >= 3 && (t.bytes().all(|c| c == b'-') || t.bytes().all(|c| c == b'='))
}

#[cfg(test)]
mod tests;
