//! A line a crashed writer cut inside, its NULs and what the writer wrote behind them when it
//! started again on the same physical line (the header IIS logs on a restart, or a request):
//! the rest read as a line of its own, the cut part read as far as it goes (said cut off when
//! its values do not fit, or when a request follows: one request a line), and the time the log
//! had got to before that line. Cold paths.

use super::Cursor;
use crate::parse::w3c::line::{LineError, Rec};

impl Cursor<'_> {
    /// The time of the last of `recs` (in line order) on a line before `cut`, the line a
    /// writer stopped in ([`SourceStats::cut_after`](crate::source::SourceStats::cut_after)).
    pub(super) fn time_before(recs: &[Rec], cut: Option<u64>) -> Option<crate::time::UtcMs> {
        let cut = cut?;
        let at = recs.partition_point(|r| r.line < cut);
        at.checked_sub(1)
            .and_then(|i| recs.get(i))
            .map(|r| crate::time::UtcMs(r.ts))
    }

    /// A line a crash cut, NULs after it, and what the writer wrote behind them when it started
    /// again (the header IIS logs on a restart, or a request) on the same physical line, each
    /// read as this module's doc says. False (nothing done) when no NUL follows the
    /// line's first byte.
    #[cold]
    #[inline(never)]
    pub(super) fn nul_inside(
        &mut self,
        text: &[u8],
        line: (usize, usize, usize, u64),
        dir_day: Option<i64>,
        recs: &mut Vec<Rec>,
    ) -> bool {
        let (start, end, data_end, offset) = line;
        let Some(at) = memchr::memchr(0, &text[start..end]).map(|p| start + p) else {
            return false;
        };
        if at == start {
            return false;
        }
        let nuls = text[at..end].iter().take_while(|&&c| c == 0).count();
        let head_end = text[start..at]
            .iter()
            .rposition(|&c| c != b' ' && c != b'\t')
            .map_or(start, |k| start + k + 1);
        let rest = at + nuls;
        // One request a physical line (rows are found by their line): when a request follows
        // the NULs, the cut part is only said.
        let behind = rest < data_end && text[rest] != b'#';
        self.cut_by_crash(
            text,
            (start, head_end, offset),
            nuls,
            !behind,
            dir_day,
            recs,
        );
        if rest < data_end && !self.nul_directive(&text[at..end]) {
            self.nul_data(
                text,
                (at, end, data_end, offset + (at - start) as u64),
                dir_day,
                recs,
            );
        }
        true
    }

    /// The part of a line before the NULs a crash left: a request when it may be `read` and its
    /// values fit the map (its last value may be cut), else said cut off.
    fn cut_by_crash(
        &mut self,
        text: &[u8],
        (start, end, offset): (usize, usize, u64),
        nuls: usize,
        read: bool,
        dir_day: Option<i64>,
        recs: &mut Vec<Rec>,
    ) {
        self.stats.cut_line = Some(self.stats.lines);
        if !read {
            self.stats.bad_line(
                self.stats.lines,
                &format!(
                    "cut off: {nuls} NUL bytes follow its first part (a zeroed block a crashed \
                     or torn write left), then the next request on the same line, which is \
                     read; this part is not"
                ),
                &String::from_utf8_lossy(&text[start..end.min(start + 400)]),
            );
            return;
        }
        let at = self.start_rec(recs, offset, (start, end));
        let Some(rec) = recs.last_mut() else { return };
        match self.irregular(text, (start, end), dir_day, rec, true) {
            Ok(0) => {
                self.stats.events += 1;
                if rec.bad != 0 {
                    self.raws.push((at, self.raw));
                }
                let last = text[start..end]
                    .rsplit(|&c| c == b' ')
                    .next()
                    .unwrap_or_default();
                let last: String = String::from_utf8_lossy(last).chars().take(40).collect();
                self.stats.note_line(
                    self.stats.lines,
                    &format!(
                        "read, but cut off: the server stopped in the middle of the line, and \
                         {nuls} NUL bytes follow (a crash leaves the unwritten rest of the file \
                         zeroed): its last value, \"{last}\", may be cut off"
                    ),
                    &String::from_utf8_lossy(&text[start..end.min(start + 400)]),
                );
            }
            Ok(_) | Err(_) => {
                recs.pop();
                let err = match self.irregular_count(text, start, end) {
                    found if found == self.maps.map.len => LineError::Time,
                    found => LineError::Fields {
                        found,
                        expected: self.maps.map.len,
                    },
                };
                let mut cut = text[start..end].to_vec();
                cut.resize(cut.len() + nuls, 0);
                self.bad(&cut, err, false);
            }
        }
    }

    /// How many values a line holds, split with the full grammar.
    fn irregular_count(&mut self, text: &[u8], start: usize, end: usize) -> usize {
        self.tokens.split(text, start, end, true)
    }
}
