//! Fitting text into a box: wrapping at spaces by display columns and, when even that does not fit,
//! cutting each line instead (at a word or group boundary, `cut.rs`) so every line keeps its start.

use crate::tui::view::cut::cut_line;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Display width of a string (one column per character; wide glyphs are rare in these logs).
pub fn width(text: &str) -> usize {
    text.chars().count()
}

/// Wraps a styled line into lines of at most `cols` columns, at spaces where possible,
/// keeping styles.
pub fn wrap_line(line: &Line<'static>, cols: usize) -> Vec<Line<'static>> {
    wrap_hanging(line, cols, 0)
}

/// [`wrap_line`] with continuation lines indented by `indent` columns, so they stand under
/// the text they continue (a reason under its reason, a path under its path) instead of at
/// column 0; they may also break after a path separator (`/`, `\`). An indent that leaves
/// less than half the width is not used.
pub fn wrap_hanging(line: &Line<'static>, cols: usize, indent: usize) -> Vec<Line<'static>> {
    let cols = cols.max(1);
    let indent = if indent * 2 <= cols { indent } else { 0 };
    let chars: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| {
            let style = line.style.patch(s.style);
            s.content.chars().map(move |c| (c, style))
        })
        .collect();
    if chars.len() <= cols {
        return vec![line.clone()];
    }
    let pad = (' ', line.style);
    let mut out = Vec::new();
    let mut start = 0;
    // Room on the current line: the whole width first, then what the indent leaves.
    let mut room = cols;
    while chars.len() - start > room {
        let window = &chars[start..start + room + 1];
        let space = window
            .iter()
            .rposition(|(c, _)| *c == ' ')
            .filter(|&p| p > room / 3);
        let sep = (indent > 0)
            .then(|| {
                window[..room]
                    .iter()
                    .rposition(|(c, _)| matches!(c, '/' | '\\'))
                    .filter(|&p| p > room / 3)
            })
            .flatten();
        let (end, next) = match (space, sep) {
            (Some(p), Some(q)) if q >= p => (start + q + 1, start + q + 1),
            (Some(p), _) => (start + p, start + p + 1),
            (None, Some(q)) => (start + q + 1, start + q + 1),
            (None, None) => (start + room, start + room),
        };
        let mut piece = if out.is_empty() {
            Vec::new()
        } else {
            vec![pad; indent]
        };
        piece.extend_from_slice(&chars[start..end]);
        out.push(spans_of(&piece));
        start = next;
        room = cols - indent;
    }
    let mut piece = if out.is_empty() {
        Vec::new()
    } else {
        vec![pad; indent]
    };
    piece.extend_from_slice(&chars[start..]);
    out.push(spans_of(&piece));
    out
}

fn spans_of(chars: &[(char, Style)]) -> Line<'static> {
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

/// Wrapped when everything then fits in `rows`, else one screen line per line, each too long
/// cut at a boundary with `…` ([`cut_line`]).
pub fn fit(lines: Vec<Line<'static>>, cols: usize, rows: usize) -> Vec<Line<'static>> {
    let wrapped: Vec<Line<'static>> = lines.iter().flat_map(|l| wrap_line(l, cols)).collect();
    if wrapped.len() <= rows {
        wrapped
    } else {
        lines.iter().map(|l| cut_line(l, cols)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_styled_lines_by_columns() {
        let l = Line::from(vec![Span::raw("abc"), Span::raw("defg")]);
        let w = wrap_line(&l, 5);
        let text: Vec<String> = w.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, vec!["abcde", "fg"]);
        let l = Line::from(vec![
            Span::raw("one two "),
            Span::styled("three", Style::new().bold()),
        ]);
        let w = wrap_line(&l, 10);
        let text: Vec<String> = w.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, vec!["one two", "three"]);
        assert_eq!(w[1].spans[0].style, Style::new().bold());
    }

    #[test]
    fn continuation_lines_hang_under_their_text() {
        let l = Line::from("     the .log of the same run holds the same calls");
        let w = wrap_hanging(&l, 30, 5);
        let text: Vec<String> = w.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            text,
            vec!["     the .log of the same run", "     holds the same calls"]
        );
        let l = Line::from("SKIP /srv/logs/HCW_NewMigrationEndpoint_FAIL/20220305_144855.xhcw");
        let w = wrap_hanging(&l, 50, 5);
        let text: Vec<String> = w.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            text,
            vec![
                "SKIP /srv/logs/HCW_NewMigrationEndpoint_FAIL/",
                "     20220305_144855.xhcw"
            ]
        );
    }

    #[test]
    fn fit_cuts_instead_of_wrapping_when_too_tall() {
        let lines = vec![Line::from("aaaa bbbb"), Line::from("cc")];
        assert_eq!(fit(lines.clone(), 5, 3).len(), 3);
        assert_eq!(fit(lines, 4, 2).len(), 2);
    }
}
