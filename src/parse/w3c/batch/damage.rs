//! What a block's parse says of lines it could not read as written: a directive behind NULs,
//! values beyond `#Fields` or numbers kept as text, bytes that are not UTF-8, lines that are
//! not requests (cut off, wrong field count, no date or time). Cold paths, out of the hot loop.

use super::Cursor;
use super::directives::after_nuls;
use crate::parse::w3c::line::{LineError, Num, Rec};
use crate::source::MAX_DIAGNOSTICS;

impl Cursor<'_> {
    /// A directive behind a zeroed block (a crashed writer's NULs, then the header IIS writes
    /// when it starts again): applied, and said. False when no directive follows the NULs.
    #[cold]
    #[inline(never)]
    pub(super) fn nul_directive(&mut self, line: &[u8]) -> bool {
        let directive = after_nuls(line);
        if directive.first() != Some(&b'#') {
            return false;
        }
        self.stats.note_line(
            self.stats.lines,
            "read, but NUL bytes come before this directive (a zeroed block a crashed or torn \
             write left): read without them",
            &String::from_utf8_lossy(&directive[..directive.len().min(400)]),
        );
        self.maps.directive(directive);
        self.refresh();
        true
    }

    /// A data line behind a zeroed block (the NULs a crash or torn write left, the writer going
    /// on behind them): read without them, and said. `line` is the line's `(start, end,
    /// data_end, offset)`; false (nothing pushed) when it cannot be read without them either.
    #[cold]
    #[inline(never)]
    pub(super) fn nul_data(
        &mut self,
        text: &[u8],
        line: (usize, usize, usize, u64),
        dir_day: Option<i64>,
        recs: &mut Vec<Rec>,
    ) -> bool {
        let (start, end, data_end, offset) = line;
        let nuls = text[start..data_end]
            .iter()
            .take_while(|&&c| c == 0)
            .count();
        let from = start + nuls;
        if from >= data_end {
            return false;
        }
        let at = self.start_rec(recs, offset + nuls as u64, (from, end));
        let Some(rec) = recs.last_mut() else {
            return false;
        };
        let Ok(extra) = self.irregular(text, (from, data_end), dir_day, rec, false) else {
            recs.pop();
            return false;
        };
        self.stats.events += 1;
        self.stats.note_line(
            self.stats.lines,
            "read, but NUL bytes come before the line (a zeroed block a crashed or torn write \
             left): read without them",
            &String::from_utf8_lossy(&text[from..end.min(from + 400)]),
        );
        if extra > 0 || rec.bad & !rec.cut != 0 {
            let rec = *rec;
            self.kept(text, &rec, extra);
        }
        if rec.bad != 0 {
            self.raws.push((at, self.raw));
        }
        true
    }

    /// A line of nothing but NUL bytes (and blanks): a zeroed block, the lines a crash kept
    /// from the disk, counted and said as such (not as a line cut off or short of values).
    /// False when the line holds anything else.
    #[cold]
    #[inline(never)]
    pub(super) fn zeroed(&mut self, line: &[u8]) -> bool {
        if !line.iter().all(|&c| c == 0 || c.is_ascii_whitespace()) {
            return false;
        }
        let nuls = line.iter().filter(|&&c| c == 0).count();
        self.stats.bad_line(
            self.stats.lines,
            "only NUL bytes (a zeroed block: the server stopped before these lines reached the \
             disk), no request to read",
            &format!("{nuls} NUL bytes"),
        );
        true
    }

    /// Lists a line that was read but not as written: extra values, numbers kept as text.
    #[cold]
    #[inline(never)]
    pub(super) fn kept(&mut self, text: &[u8], rec: &Rec, extra: usize) {
        let line = text
            .get(rec.text.start as usize..rec.text.end as usize)
            .unwrap_or_default();
        let mut why = Vec::new();
        if extra > 0 {
            why.push(format!(
                "{} beyond the {} of #Fields ignored",
                crate::wording::count(extra, "value"),
                self.maps.map.len
            ));
        }
        for n in Num::ALL {
            if (rec.bad & !rec.cut) & (1 << n as u8) != 0 {
                let s = self.raw[n as usize];
                let raw = text
                    .get(s.start as usize..s.end as usize)
                    .unwrap_or_default();
                let raw: String = String::from_utf8_lossy(raw).chars().take(40).collect();
                why.push(format!(
                    "{} \"{raw}\" is not a number that fits, kept as text",
                    n.name()
                ));
            }
        }
        let head = &line[..line.len().min(400)];
        self.stats.note_line(
            self.stats.lines,
            &format!("read, but {}", why.join("; ")),
            &String::from_utf8_lossy(head),
        );
    }

    /// The input's last line, read as a request though no line break ends it: a copy taken
    /// while the writer wrote it (or a crash) may have cut it inside its last value (`2148` of
    /// `2148074310`), which is then read as logged; the note names that value.
    #[cold]
    #[inline(never)]
    pub(super) fn unterminated(&mut self, line: &[u8]) {
        self.stats.cut_line = Some(self.stats.lines);
        let last = line.rsplit(|&c| c == b' ').next().unwrap_or_default();
        let last: String = String::from_utf8_lossy(last).chars().take(40).collect();
        self.stats.note_line(
            self.stats.lines,
            &format!(
                "read, but it ends without a line break (the log was cut while being written \
                 or copied): its last value, \"{last}\", may be cut off"
            ),
            &String::from_utf8_lossy(&line[..line.len().min(400)]),
        );
    }

    /// Counts a line that had bytes that are not UTF-8 (now U+FFFD in `line`), first `byte`.
    #[cold]
    #[inline(never)]
    pub(super) fn not_utf8(&mut self, line: &[u8], byte: u8) {
        self.stats.not_utf8 += 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let head = &line[..line.len().min(400)];
        let reason = crate::parse::w3c::repair::reason(byte);
        self.stats
            .note_line(self.stats.lines, &reason, &String::from_utf8_lossy(head));
    }

    #[cold]
    #[inline(never)]
    pub(super) fn bad(&mut self, line: &[u8], err: LineError, cut: bool) {
        let n = self.stats.lines;
        let restart = memchr::memmem::find(line, b"#Software:").is_some_and(|at| at > 0);
        let nuls = line.iter().rev().take_while(|&&c| c == 0).count();
        if restart || nuls > 0 || cut {
            self.stats.cut_line = Some(n);
        }
        if self.stats.diagnostics.len() >= MAX_DIAGNOSTICS {
            self.stats.unparsed += 1;
            return;
        }
        let reason = match err {
            LineError::Fields { found, expected } => {
                format!("{found} fields where #Fields lists {expected}")
            }
            LineError::Time => "no valid date and time".to_string(),
            LineError::NoDate => {
                "no date: #Fields has no date field and no #Date directive came before".to_string()
            }
        };
        let reason = if restart {
            "cut off by a restart: the server stopped in the middle of the line, and the header \
             the writer logs when it starts again (#Software: …) went on on it"
                .to_string()
        } else if nuls > 0 {
            format!(
                "cut off: the server stopped in the middle of the line, and {nuls} NUL bytes \
                 follow (a crash leaves the unwritten rest of the file zeroed); \
                 {reason}"
            )
        } else if cut {
            format!(
                "cut off: the last line ends without a line break (the log was still being \
                 written or copied); {reason}"
            )
        } else {
            reason
        };
        let head = &line[..line.len().min(400)];
        self.stats
            .bad_line(n, &reason, &String::from_utf8_lossy(head));
    }
}
