//! Cutting a styled line that is too long for its box: at a word or group boundary, with `…`,
//! so a cut line never ends mid-word nor in a bracket it opened (`(press ])` cut to a bare
//! `(`), and the reader sees that text is missing.

mod middle;

pub use middle::shorten_words;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// What ends a cut line.
const MARK: char = '…';

fn opens(c: char) -> Option<char> {
    match c {
        '(' => Some(')'),
        '[' => Some(']'),
        '{' => Some('}'),
        _ => None,
    }
}

/// Separators dropped from the end of the kept text before the mark (`a, b,…` reads `a, b…`,
/// an exception chain's `--->…` reads `…`).
fn trailing(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | ':' | '|' | '-' | '=' | '>')
}

/// `line` when it fits `cols` columns; else its longest start of at most `cols - 1` columns
/// that ends before a space or before an opening bracket outside any bracket group,
/// separators trimmed, then `…` (however early that boundary: a value cut in part, a host
/// name or a quoted text, reads as whole). A cut line always ends in `…`, even when a word
/// ends exactly at the edge. A start with no such boundary is cut at `cols - 1`, back to
/// before the first bracket still open there when that leaves some text.
pub fn cut_line(line: &Line<'static>, cols: usize) -> Line<'static> {
    let chars = styled_chars(line);
    if chars.len() <= cols {
        return line.clone();
    }
    let room = cols.saturating_sub(1);
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut best = None;
    for (i, &(c, _)) in chars.iter().enumerate().take(cols + 1) {
        // A cut line always ends in the mark, even when a word ends exactly at the edge:
        // without it the reader cannot tell that text follows. The mark then costs that word.
        if i == cols {
            break;
        }
        let boundary = c.is_whitespace() || opens(c).is_some();
        if boundary && open.is_empty() && kept(&chars[..i]) > 0 {
            best = Some(i);
        }
        if let Some(close) = opens(c) {
            open.push((close, i));
        } else if open.last().is_some_and(|&(close, _)| close == c) {
            open.pop();
        }
    }
    let end = match best {
        Some(i) => i,
        None => open
            .first()
            .map(|&(_, at)| at)
            .filter(|&at| at <= room && kept(&chars[..at]) > 0)
            .unwrap_or(room),
    };
    let n = kept(&chars[..end.min(chars.len())]);
    let style = chars.get(n.saturating_sub(1)).map(|&(_, s)| s);
    let mut out = spans_of(&chars[..n]);
    out.spans
        .push(Span::styled(MARK.to_string(), style.unwrap_or_default()));
    out
}

/// A pane's row in `cols` columns: whole when it fits, else its first `cols - 1` characters
/// and `…` in `mark`'s style at the edge, so a row the pane clips does not read as the whole
/// line (`-RemoteServer '7c2f5e1a-93b4-4d6e-a` was a GUID's start, not a GUID). Unlike
/// [`cut_line`] it keeps every column up to the edge: rows are columns of a log, read across;
/// only a number the edge would cut is left out whole (`Time=…`, not `Time=5428,0m…`, which
/// reads as 5428 minutes; `401.1 …`, not `401.1 21480…`).
pub fn edge_mark(line: Line<'static>, cols: usize, mark: Style) -> Line<'static> {
    let chars = styled_chars(&line);
    if chars.len() <= cols || cols == 0 {
        return line;
    }
    let end = number_start(&chars[..cols - 1], chars[cols - 1].0).unwrap_or(cols - 1);
    let mut out = spans_of(&chars[..end]);
    out.spans.push(Span::styled(MARK.to_string(), mark));
    out
}

/// Where a number the cut splits starts: `kept` ends in digits (and at most a short unit after
/// them, `5428,0m`) and `next` goes on with the same token. None when the cut splits no number,
/// or the number is not a value of its own (part of a word or a path).
fn number_start(kept: &[(char, Style)], next: char) -> Option<usize> {
    if next.is_whitespace() {
        return None;
    }
    let unit = kept
        .iter()
        .rev()
        .take_while(|(c, _)| c.is_ascii_alphabetic())
        .count();
    let digits_end = kept.len() - unit;
    let start = kept[..digits_end]
        .iter()
        .rposition(|&(c, _)| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map_or(0, |p| p + 1);
    let number = &kept[start..digits_end];
    // A value of its own: after a space or a `key=` (not inside a word or a path, `acf84`,
    // `/OAB/3971…`, whose start reads as a start).
    let value = kept[..start]
        .last()
        .is_some_and(|&(c, _)| c.is_whitespace() || matches!(c, '=' | ':' | '(' | '\'' | '"'));
    let is_number = number.first().is_some_and(|(c, _)| c.is_ascii_digit());
    (is_number && unit <= 3 && value && !(unit > 0 && next.is_ascii_digit())).then_some(start)
}

/// How many of `chars` remain once trailing separators are dropped.
fn kept(chars: &[(char, Style)]) -> usize {
    chars
        .iter()
        .rposition(|&(c, _)| !trailing(c))
        .map_or(0, |p| p + 1)
}

/// The characters of a line, each with the style it is drawn in (the line's patched by its
/// span's).
pub(super) fn styled_chars(line: &Line<'static>) -> Vec<(char, Style)> {
    line.spans
        .iter()
        .flat_map(|s| {
            let style = line.style.patch(s.style);
            s.content.chars().map(move |c| (c, style))
        })
        .collect()
}

/// Characters with their styles as a line, one span per run of one style.
pub(super) fn spans_of(chars: &[(char, Style)]) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut style = None;
    for &(c, st) in chars {
        if style.is_some_and(|s| s != st) {
            spans.push(Span::styled(
                std::mem::take(&mut text),
                style.unwrap_or_default(),
            ));
        }
        style = Some(st);
        text.push(c);
    }
    if !text.is_empty() {
        spans.push(Span::styled(text, style.unwrap_or_default()));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, cols: usize) -> String {
        cut_line(&Line::from(text.to_string()), cols).to_string()
    }

    #[test]
    fn a_clipped_row_ends_in_the_mark_at_the_edge() {
        let row = Line::from("  13:23:44 START -RemoteServer '7c2f5e1a-93b4'");
        let dim = Style::new().dim();
        assert_eq!(edge_mark(row.clone(), 80, dim), row);
        let cut = edge_mark(row, 30, dim);
        assert_eq!(cut.to_string(), "  13:23:44 START -RemoteServe…");
        assert_eq!(cut.spans.last().map(|s| s.style), Some(dim));
    }

    #[test]
    fn a_line_that_fits_is_whole() {
        assert_eq!(cut("one two", 7), "one two");
    }

    #[test]
    fn never_leaves_a_bracket_it_opened() {
        let text =
            "1 IIS handshake during this call, none failed; 1 refused after logon: 403.0 (press ])";
        for cols in 10..text.chars().count() {
            let out = cut(text, cols);
            assert!(out.chars().count() <= cols, "{cols}: {out}");
            let kept = out.trim_end_matches(MARK);
            let opened = kept.matches('(').count();
            let closed = kept.matches(')').count();
            assert_eq!(opened, closed, "{cols}: {out}");
        }
        assert_eq!(
            cut(text, 80),
            "1 IIS handshake during this call, none failed; 1 refused after logon: 403.0…"
        );
    }

    #[test]
    fn cuts_between_words_and_drops_separators() {
        assert_eq!(
            cut("2 failed: SEC_E_LOGON_DENIED, SEC_E_LOGON_DENIED", 40),
            "2 failed: SEC_E_LOGON_DENIED…"
        );
        assert_eq!(
            cut("09:00 UTC | event 10276 | Thread=21", 30),
            "09:00 UTC | event 10276…"
        );
    }

    #[test]
    fn a_word_ending_at_the_edge_still_shows_that_text_follows() {
        // Kept whole without the mark, the row would read as complete.
        assert_eq!(
            cut(
                "normal anonymous challenge - 5 ERROR_ACCESS_DENIED - Logon failed",
                50
            ),
            "normal anonymous challenge - 5…"
        );
        assert_eq!(cut("one two three", 7), "one…");
        assert_eq!(cut("x (press ])", 4), "x…");
        // Every cut of a line ends in the mark, whatever the width.
        let text = "13:23:44.783 UTC | event 10276 | Thread=21 | Enter: whole call";
        for cols in 2..text.chars().count() {
            let out = cut(text, cols);
            assert!(out.ends_with(MARK), "{cols}: {out}");
            assert!(out.chars().count() <= cols, "{cols}: {out}");
        }
    }

    #[test]
    fn an_early_boundary_wins_over_a_value_cut_in_part() {
        // The wrapped error's second row at 80 columns: the space before the host is at 24.
        let row = "connection to the server \
                   '7c2f5e1a-93b4-4d6e-a0f8-2b51c9d47e36.resource.mailboxmigration.his.msappproxy.net' \
                   could not be completed.";
        assert_eq!(cut(row, 80), "connection to the server…");
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_where_it_must() {
        assert_eq!(cut("abcdefghij", 5), "abcd…");
        assert_eq!(cut("ab (cdefghij)", 8), "ab…");
    }

    #[test]
    fn keeps_styles() {
        let l = Line::from(vec![
            Span::styled("FAILED", Style::new().bold()),
            Span::raw(" POST /EWS/mrsproxy.svc from 10.0.0.1"),
        ]);
        let out = cut_line(&l, 20);
        assert_eq!(out.to_string(), "FAILED POST…");
        assert_eq!(out.spans[0].style, Style::new().bold());
    }

    /// A pane row clipped at `cols` ([`edge_mark`]), as text.
    fn edge(text: &str, cols: usize) -> String {
        edge_mark(Line::from(text.to_string()), cols, Style::default()).to_string()
    }

    #[test]
    fn a_pane_row_never_ends_in_part_of_a_number() {
        // `5428,0m…` read as 5428 minutes; an address or a code cut short reads as another.
        let finish = "Test-MigrationServerAvailability FAILED: FINISH Time=5428,0ms Results=1";
        assert_eq!(
            edge(finish, 61),
            "Test-MigrationServerAvailability FAILED: FINISH Time=…"
        );
        assert_eq!(
            edge(finish, 62),
            "Test-MigrationServerAvailability FAILED: FINISH Time=5428,0ms…"
        );
        assert_eq!(edge("POST /EWS 401.1 2148074310", 20), "POST /EWS 401.1 …");
        assert_eq!(edge("10:00 10.1.20.98 GET", 14), "10:00 …");
        // Elsewhere the row keeps every column: a word with digits, a GUID, a hex value.
        assert_eq!(
            edge("CONTOSO\\HealthMailboxacf84c9", 27),
            "CONTOSO\\HealthMailboxacf84…"
        );
        assert_eq!(edge("GET /OAB/39716283-12c3", 16), "GET /OAB/397162…");
        assert_eq!(edge("code 0x80090346 x", 12), "code 0x8009…");
    }
}
