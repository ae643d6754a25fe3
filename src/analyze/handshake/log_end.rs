//! An unanswered handshake whose log ends within its window: no answer could be logged after
//! its last leg (a crash, a copy taken while IIS wrote, a window's edge), so "the client
//! abandoned it" is not what the log says. Said on the handshake by every view
//! ([`Handshake::log_end`], [`LogEnd::words`]). A log a crash cut inside a line and IIS went
//! on writing after (a restart, a torn write) ends there too, for the handshakes just before
//! that line: their answer may be on the line the crash cut ([`LogEnd::crash`]).

use super::{Handshake, HandshakeOutcome, WINDOW_MS};
use crate::source::{SourceInfo, by_id};

/// Where the log of an unanswered handshake's last leg ends, within [`WINDOW_MS`] after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogEnd {
    /// The log's last line.
    pub line: u64,
    /// That line is cut off (read or not): the log stopped in the middle of it.
    pub cut: bool,
    /// The line of the handshake's last leg.
    pub leg_line: u64,
    /// [`LogEnd::line`] is a line a crash cut, and the log goes on after it (IIS restarted,
    /// or wrote on behind a torn block).
    pub crash: bool,
}

impl Handshake {
    /// Where its log ends when this abandoned handshake's last leg is among the log's last
    /// [`WINDOW_MS`] and no other loaded log of its server goes on past it (a rotation's next
    /// file would hold the answer, and was searched for it).
    pub fn log_end(&self, sources: &[SourceInfo]) -> Option<LogEnd> {
        if self.outcome != HandshakeOutcome::Abandoned {
            return None;
        }
        let last = self.legs.last()?;
        let src = by_id(sources, last.source)?;
        let (_, end) = src.span?;
        if end.0.saturating_sub(last.ts.0) > WINDOW_MS {
            return self.crash_cut(src);
        }
        let goes_on = sources.iter().any(|s| {
            s.id != src.id
                && s.kind == src.kind
                && s.server == src.server
                && s.span.is_some_and(|(from, to)| {
                    to.0 > last.ts.0 && from.0 <= last.ts.0.saturating_add(WINDOW_MS)
                })
        });
        if goes_on {
            return None;
        }
        let line = src.stats.lines.max(u64::from(last.line));
        let cut = src.stats.cut_line == Some(line);
        Some(LogEnd {
            line,
            cut,
            leg_line: u64::from(last.line),
            crash: false,
        })
    }

    /// Where a crash cut the log of this abandoned handshake's last leg, when that leg is the
    /// line before the cut one, or the log had got no further than [`WINDOW_MS`] after it
    /// before the cut line (the same file): the answer may be on the line the crash cut.
    fn crash_cut(&self, src: &SourceInfo) -> Option<LogEnd> {
        let last = self.legs.last()?;
        let (cut, leg_line) = (src.stats.cut_line?, u64::from(last.line));
        // The log goes on after the cut line (a last line cut off is where the log ends).
        if leg_line >= cut || cut >= src.stats.lines || leg_line == u64::from(super::Leg::LINE_MAX)
        {
            return None;
        }
        let soon = match src.stats.cut_after {
            Some(at) => at.0.saturating_sub(last.ts.0) <= WINDOW_MS,
            // Nothing read before the cut in its part of the file: only the line right before.
            None => leg_line + 1 == cut,
        };
        soon.then_some(LogEnd {
            line: cut,
            cut: true,
            leg_line,
            crash: true,
        })
    }
}

impl LogEnd {
    /// `the log ends within 5 s after it (line 34, cut off): an answer may not have been
    /// logged`, or `a crash cut the log on the next line (line 28): its answer may be on the
    /// line the crash cut`, to follow where it stopped (`Unanswered at the challenge, and …`).
    pub fn words(&self) -> String {
        let answer = "its answer may be on the line the crash cut";
        if self.crash && self.line == self.leg_line + 1 {
            return format!(
                "a crash cut the log on the next line (line {}): {answer}",
                self.line
            );
        }
        if self.crash {
            return format!(
                "a crash cut the log within {} s after it (line {}): {answer}",
                WINDOW_MS / 1000,
                self.line
            );
        }
        let cut = if self.cut { ", cut off" } else { "" };
        let (line, answer) = (self.line, "an answer may not have been logged");
        if line == self.leg_line {
            format!("the log ends with it (line {line}{cut}): {answer}")
        } else {
            format!(
                "the log ends within {} s after it (line {line}{cut}): {answer}",
                WINDOW_MS / 1000
            )
        }
    }
}
