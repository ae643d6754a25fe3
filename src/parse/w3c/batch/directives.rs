//! The directives of a block read ahead of its parse: `#Fields` (and, for logs without
//! `date`, the clock the data lines move) applied to the maps the next block starts with, also
//! behind a zeroed block a crashed writer left; and how many lines a block holds. Also what a
//! directive met during the parse changes for the rest of the block: whether its data lines
//! take their day from the clock, and from which line on the server's name and `cs-username`
//! are logged.

use super::{BOM, Cursor};
use crate::parse::w3c::fields::{ABSENT, Maps, Text};
use crate::parse::w3c::tokens::{Tokens, time_value};

/// The lines of a block as the parser numbers them: one per line feed, and the last line
/// without one at the end of the input.
pub(in crate::parse::w3c) fn lines_in(data: &[u8]) -> u64 {
    let feeds = memchr::memchr_iter(b'\n', data).count() as u64;
    feeds + u64::from(data.last().is_some_and(|&c| c != b'\n'))
}

/// A line without the NUL bytes in front of it (a zeroed block a crashed writer left).
pub(super) fn after_nuls(line: &[u8]) -> &[u8] {
    let at = line.iter().position(|&c| c != 0).unwrap_or(line.len());
    &line[at..]
}

/// Applies the directives of a block to `maps`, so the next block knows its column map (and,
/// for lines without `date`, the clock its data lines moved).
pub(in crate::parse::w3c) fn scan_directives(data: &[u8], maps: &mut Maps) {
    let mut tokens = Tokens::default();
    let mut i = 0;
    while i < data.len() {
        if maps.dateless() && maps.clock.is_set() {
            let end = memchr::memchr(b'\n', &data[i..]).map_or(data.len(), |e| i + e);
            let mut line = &data[i..end];
            if let Some(rest) = line.strip_prefix(BOM) {
                line = rest;
            }
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let line = after_nuls(line);
            if line.first() == Some(&b'#') {
                maps.directive(line);
            } else if let Some(ms) = time_value(line, usize::from(maps.map.time), &mut tokens) {
                maps.clock.observe(ms);
            }
            i = end + 1;
            continue;
        }
        let Some(p) = memchr::memchr(b'#', &data[i..]) else {
            break;
        };
        let at = i + p;
        let line_start = match at {
            0 => true,
            _ if data[at - 1] == b'\n' => true,
            // Behind a zeroed block a crashed writer left (the header IIS writes on restart).
            _ if data[at - 1] == 0 => {
                let k = data[..at].iter().rposition(|&c| c != 0);
                k.is_none_or(|k| data[k] == b'\n')
            }
            3.. => &data[at - 3..at] == BOM && (at == 3 || data[at - 4] == b'\n'),
            _ => false,
        };
        let end = memchr::memchr(b'\n', &data[at..]).map_or(data.len(), |e| at + e);
        if line_start {
            let line = &data[at..end];
            maps.directive(line.strip_suffix(b"\r").unwrap_or(line));
            i = end;
        } else {
            i = at + 1;
        }
    }
}

impl Cursor<'_> {
    /// Works out [`Cursor::clocked`] after the maps changed, and notes from which line on
    /// `cs-username` is logged or not when that changed.
    pub(super) fn refresh(&mut self) {
        self.count_unnamed();
        let named = self.maps.map.text[Text::Server as usize] != ABSENT;
        self.named |= named;
        self.unnamed_from = (!named).then_some(self.stats.events);
        self.clocked = self.maps.dateless() && self.maps.clock.is_set();
        let logged = self.maps.map.text[Text::Username as usize] != ABSENT;
        self.stats.user_logged_from(self.stats.lines + 1, logged);
    }

    /// Adds the lines read since a map without `s-computername` came into force.
    pub(super) fn count_unnamed(&mut self) {
        if let Some(from) = self.unnamed_from.take() {
            self.stats.unnamed += self.stats.events - from;
        }
    }
}
