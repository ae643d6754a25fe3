//! From the text fed to a [`ProxyParser`] to its records: physical lines (`\r\n` or `\n`, a
//! byte order mark, NUL bytes a torn write left in front of a line), a quoted value going on
//! over line breaks joined into one record (up to [`MAX_RECORD_LINES`]; a line that starts a
//! row of its own ends it), and, fed a piece at a time, where the next piece must start.

use super::{ProxyParser, csv, row};

/// How many physical lines one quoted value may span before the row is given up.
const MAX_RECORD_LINES: usize = 64;

impl ProxyParser<'_> {
    /// The loop of [`ProxyParser::feed`] for text that may hold quoted values (one may span
    /// lines); returns the bytes consumed.
    pub(super) fn lines_of(&mut self, text: &str, last: bool) -> usize {
        let mut offset = 0usize;
        let mut lines = split_lines(text)
            .map(|(l, quoted)| {
                let at = offset;
                offset += l.len() + 1;
                (at, l, quoted)
            })
            .enumerate()
            .peekable();
        while let Some((i, (at, raw, quoted))) = lines.next() {
            let line_no = self.lines + i as u64 + 1;
            let first = raw.strip_suffix('\r').unwrap_or(raw);
            if lines.peek().is_none() && (first.is_empty() || !last) {
                // Not a line: what follows the final `\n` (nothing, unless `last`).
                self.lines += i as u64;
                return at;
            }
            let lines_before = self.log.stats.lines;
            self.log.stats.lines += 1;
            let first = first.strip_prefix('\u{feff}').unwrap_or(first);
            let (first, at) = self.after_nuls(first, line_no, at);
            if self.blank_or_directive(first) {
                continue;
            }
            let mut record = std::borrow::Cow::Borrowed(first);
            let mut spanned = 1;
            while quoted && csv::open_quote(&record) && spanned < MAX_RECORD_LINES {
                // A line that starts a row of its own ends the record: its quote was never
                // closed (a row cut off by a crash or a torn write), and the rows after it are
                // read, not taken into its value.
                if lines
                    .peek()
                    .is_some_and(|&(_, (_, next, _))| self.starts_row(next))
                {
                    break;
                }
                let Some((_, (_, next, _))) = lines.next() else {
                    break;
                };
                if !last && lines.peek().is_none() {
                    // The record goes on in text not fed yet: parse it again with more.
                    self.log.stats.lines = lines_before;
                    self.lines += i as u64;
                    return at;
                }
                self.log.stats.lines += 1;
                spanned += 1;
                let owned = record.to_mut();
                owned.push('\n');
                owned.push_str(next.strip_suffix('\r').unwrap_or(next));
            }
            self.record(&record, quoted, line_no, at);
        }
        // Only `last` gets here (without it the final piece returns above).
        text.len()
    }

    /// [`ProxyParser::lines_of`] for text without a `"`, so every line is one record: line
    /// ends are all the scan looks for.
    pub(super) fn plain_lines(&mut self, text: &str, last: bool) -> usize {
        let b = text.as_bytes();
        let mut at = 0usize;
        let mut ends = memchr::memchr_iter(b'\n', b);
        let mut i = 0u64;
        loop {
            let end = ends.next();
            let raw = &text[at..end.unwrap_or(b.len())];
            let first = raw.strip_suffix('\r').unwrap_or(raw);
            if end.is_none() && (first.is_empty() || !last) {
                // Not a line: what follows the final `\n` (nothing, unless `last`).
                self.lines += i;
                return at;
            }
            i += 1;
            self.log.stats.lines += 1;
            let first = first.strip_prefix('\u{feff}').unwrap_or(first);
            let (first, from) = self.after_nuls(first, self.lines + i, at);
            if !self.blank_or_directive(first) {
                self.record(first, false, self.lines + i, from);
            }
            match end {
                Some(e) => at = e + 1,
                None => {
                    self.lines += i;
                    return text.len();
                }
            }
        }
    }

    /// A line without the NUL bytes in front of it (a zeroed block a crash or a torn write
    /// left; the writer goes on behind it), said once per line, and where it starts then.
    fn after_nuls<'t>(&mut self, line: &'t str, line_no: u64, at: usize) -> (&'t str, usize) {
        if !line.starts_with('\0') {
            return (line, at);
        }
        let rest = line.trim_start_matches('\0');
        self.log.stats.note_line(
            line_no,
            "NUL bytes before the line (damaged), read without them",
            rest,
        );
        (rest, at + (line.len() - rest.len()))
    }

    /// Whether a physical line starts a data row: `DateTime` is the first column and the line
    /// begins with an instant and its comma. A quoted value going on past a line break never
    /// does (its text would have to start with a stamp written as a row's).
    fn starts_row(&self, line: &str) -> bool {
        let Some(c) = self.cols.as_ref().filter(|c| c.date_time == Some(0)) else {
            return false;
        };
        let Some(end) = memchr::memchr(b',', line.as_bytes()) else {
            return false;
        };
        c.count > 1 && row::parse_instant(&line[..end]).is_some()
    }
}

/// The pieces between `\n`s, the last one (empty after a final `\n`) included, as
/// `str::split('\n')` gives them but found with `memchr`, each with whether it holds a `"`
/// (one pass finds both).
fn split_lines(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        let b = t.as_bytes();
        let (end, quoted) = match memchr::memchr2(b'\n', b'"', b) {
            Some(i) if b[i] == b'\n' => (Some(i), false),
            Some(i) => (memchr::memchr(b'\n', &b[i..]).map(|n| i + n), true),
            None => (None, false),
        };
        match end {
            Some(i) => {
                rest = Some(&t[i + 1..]);
                Some((&t[..i], quoted))
            }
            None => {
                rest = None;
                Some((t, quoted))
            }
        }
    })
}
