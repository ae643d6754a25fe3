//! A run's line 1 glued to the line before it: a log cut while the wizard wrote its last line
//! (no line break) with another run's log joined after it byte for byte (`copy /b a.log+b.log`).
//! The physical line then holds the cut text and, from the next run's stamp on, its line 1
//! (`…[Client=UX, Page=Configuring, Thread=1]2026.11.05 15:41:02.100   Current Time Zone: …`).
//! It is read as two lines with one line number.

use super::header::{ZONE_LINE, opens_run};
use super::line::{LineKind, classify_in};
use super::stamp::DayOrder;

/// What the sources list says of such a line.
pub(super) const GLUED: &str = "cut off: the line breaks off without its line break and the next \
     run's line 1 follows on the same line (a log cut while the wizard wrote it, another run's \
     log joined after it): read as two lines";

/// Characters of the wizard's own stamp, `yyyy.MM.dd HH:mm:ss.fff`.
const STAMP_CHARS: usize = 23;

/// The line cut at every run's line 1 that does not begin it: one piece when none does. Every
/// piece but the last has no line break.
pub(super) fn split(raw: &str, order: DayOrder) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = raw;
    while let Some(at) = glued_at(rest, order) {
        pieces.push(&rest[..at]);
        rest = &rest[at..];
    }
    pieces.push(rest);
    pieces
}

/// Where in `line` (after its start) a run's line 1 begins, when one does: the wizard's own
/// stamp (`yyyy.MM.dd HH:mm:ss.fff`, what it writes) before `Current Time Zone:`, in a line that
/// is not itself a line 1 (`12/6/2026 2:03:11.100 PM   Current Time Zone:` of a copy that
/// rewrote the stamps is one line).
fn glued_at(line: &str, order: DayOrder) -> Option<usize> {
    let opens = |text: &str| match classify_in(text.trim_end_matches(['\r', '\n']), order) {
        LineKind::Header(h) => opens_run(h.event_id, h.message),
        _ => false,
    };
    if opens(line) {
        return None;
    }
    line.match_indices(ZONE_LINE).find_map(|(k, _)| {
        let end = line[..k].trim_end_matches(' ').len();
        let start = end.checked_sub(STAMP_CHARS).filter(|&s| s > 0)?;
        let tail = line.get(start..)?;
        (wizard_stamp(tail) && opens(tail)).then_some(start)
    })
}

/// Whether `text` starts with the wizard's own date, `yyyy.MM.dd `.
fn wizard_stamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() > STAMP_CHARS
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'.'
        && b[7] == b'.'
        && b[10] == b' '
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_one_glued_to_a_cut_line_is_split_off() {
        let cut = "2026.11.05 14:22:40.369         10062 [Client=UX, Page=Configuring, Thread=1]";
        let one =
            "2026.11.05 15:41:02.100               Current Time Zone: Atlantis (15:41:02)\r\n";
        let joined = format!("{cut}{one}");
        assert_eq!(split(&joined, DayOrder::DayFirst), vec![cut, one]);
        // A line 1 at the start, and a message quoting the words, stay one line.
        assert_eq!(split(one, DayOrder::DayFirst), vec![one]);
        let quoted =
            "2026.11.05 14:22:40.369         10017 [Client=UX, Thread=1] Current Time Zone: x\r\n";
        assert_eq!(split(quoted, DayOrder::DayFirst), vec![quoted]);
        // A line 1 whose stamp a copy rewrote (month first, 12-hour clock) is one line.
        let rewritten =
            "12/6/2026 2:03:11.100 PM               Current Time Zone: Zone (14:03:11)\r\n";
        assert_eq!(split(rewritten, DayOrder::MonthFirst), vec![rewritten]);
    }
}
