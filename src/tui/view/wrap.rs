//! Fitting text into a box: wrapping at spaces by display columns and, when even that does not fit,
//! cutting each line instead (at a word or group boundary, `cut.rs`) so every line keeps its start.

use crate::tui::view::cut::{cut_line, spans_of, styled_chars};
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
    wrap_at_most(line, cols, indent, usize::MAX).0
}

/// [`wrap_hanging`] into at most `limit` rows (at least one): the rows, and the text left
/// over when the line needs more.
fn wrap_at_most(
    line: &Line<'static>,
    cols: usize,
    indent: usize,
    limit: usize,
) -> (Vec<Line<'static>>, Option<Line<'static>>) {
    let cols = cols.max(1);
    let indent = if indent * 2 <= cols { indent } else { 0 };
    let chars = styled_chars(line);
    if chars.len() <= cols {
        return (vec![line.clone()], None);
    }
    let pad = (' ', line.style);
    let seps = separators(line);
    let mut out = Vec::new();
    let mut start = 0;
    // Room on the current line: the whole width first, then what the indent leaves.
    let mut room = cols;
    while chars.len() - start > room {
        if out.len() + 1 >= limit.max(1) {
            return (out, Some(spans_of(&chars[start..])));
        }
        let window = &chars[start..start + room + 1];
        // At the last space, however early, when the word after it then fits a row whole (a
        // host name is not broken after `Check DNS for `); a word longer than any row is
        // broken where this row ends instead (`token_break`), unless the space is late.
        let next_room = cols - indent;
        let space = window
            .iter()
            .rposition(|(c, _)| *c == ' ')
            .filter(|&p| p > room / 3 || (p > 0 && word_at(&chars[start + p + 1..]) <= next_room));
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
            (None, None) => {
                let q = token_break(&window[..room]);
                (start + q, start + q)
            }
        };
        // At a separator of parts (either of its spaces): the row ends before it, the next
        // starts after it.
        let (end, next) = seps
            .iter()
            .find(|&&(s, e)| s > start && (s..e).contains(&end))
            .map_or((end, next), |&(s, e)| (s, e));
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
    (out, None)
}

/// Where `line`'s separators of parts are, as ranges of its characters: its spans that are
/// exactly the explorer's separator (` - `, [`crate::codes::Style::Screen`]), as a leg row
/// joins its status and meaning, its code and IIS's words. A row breaking at one neither ends
/// on its dash (`… (leg 0) -`) nor starts with it: the break parts them. Text that merely
/// holds ` - ` (a log line's empty fields) is not parted so: every character of it stays.
fn separators(line: &Line<'static>) -> Vec<(usize, usize)> {
    let sep = crate::codes::Style::Screen.sep();
    let mut at = 0;
    let mut out = Vec::new();
    for span in &line.spans {
        let n = span.content.chars().count();
        if span.content == sep {
            out.push((at, at + n));
        }
        at += n;
    }
    out
}

/// Columns of the word `chars` start with (up to its first space).
fn word_at(chars: &[(char, Style)]) -> usize {
    chars.iter().take_while(|(c, _)| *c != ' ').count()
}

/// Where a row that holds no space to wrap at ends (`row` is the room it has): a word longer
/// than any row is broken after its last separator in the row's last two thirds, the
/// weakest bond first: a query's `;`, `&` or `,` (so a request id stays whole), else a host
/// name's or path's `.`, `/` or `\`, else `-`, else at the edge. Every character is kept, so
/// the text reads and copies in parts (`…example.` / `com`) rather than losing a middle to `…`.
fn token_break(row: &[(char, Style)]) -> usize {
    let after = |set: &[char]| {
        row.iter()
            .rposition(|(c, _)| set.contains(c))
            .filter(|&p| p + 1 > row.len() / 3)
            .map(|p| p + 1)
    };
    after(&[';', '&', ','])
        .or_else(|| after(&['.', '/', '\\']))
        .or_else(|| after(&['-']))
        .unwrap_or(row.len())
}

/// Where a wrapped line goes on: under its text when it starts with a label column (a field's
/// name, `Status  `; a leg's time, ` 13:23:48 `: a first span of at most 10 columns ending in a
/// space, text after it), so a long decode does not run on under the labels; else column 0.
pub fn label_hang(line: &Line<'static>) -> usize {
    match line.spans.as_slice() {
        [label, _, ..] if label.content.ends_with(' ') && width(&label.content) <= 10 => {
            width(&label.content)
        }
        _ => 0,
    }
}

/// `lines` in `rows` screen lines of `cols` columns: wrapped when everything then fits; else
/// each line gets one row, and the rows left over go first to the lines that then show whole
/// (those needing the fewest first), then, in order, to lines shown in part (a line with a
/// label column goes on under its text, [`label_hang`]); a line without
/// room for all of itself is cut at a boundary with `…` ([`cut_line`]). No row is left empty
/// while a line is cut.
pub fn fit(lines: Vec<Line<'static>>, cols: usize, rows: usize) -> Vec<Line<'static>> {
    fit_or_short(lines, Vec::new(), cols, rows)
}

/// [`fit`], where some lines come with a shorter form of one row (`shorts`: the line's index
/// and that form, its least telling part cut, as a handshake's uri): a line that does not get
/// the rows to show whole shows that form in one row instead of being cut at its end.
pub fn fit_or_short(
    lines: Vec<Line<'static>>,
    shorts: Vec<(usize, Line<'static>)>,
    cols: usize,
    rows: usize,
) -> Vec<Line<'static>> {
    let mut short: Vec<Option<Line<'static>>> = vec![None; lines.len()];
    for (i, l) in shorts {
        if let Some(slot) = short.get_mut(i) {
            *slot = Some(l);
        }
    }
    let wrapped: Vec<Vec<Line<'static>>> = lines
        .iter()
        .map(|l| wrap_hanging(l, cols, label_hang(l)))
        .collect();
    if wrapped.iter().map(Vec::len).sum::<usize>() <= rows {
        return wrapped.into_iter().flatten().collect();
    }
    let mut spare = rows.saturating_sub(lines.len());
    let mut take = vec![1usize; lines.len()];
    let mut whole: Vec<usize> = (0..lines.len()).filter(|&i| wrapped[i].len() > 1).collect();
    whole.sort_by_key(|&i| (wrapped[i].len(), i));
    for i in whole {
        let extra = wrapped[i].len() - 1;
        if extra <= spare {
            take[i] = wrapped[i].len();
            spare -= extra;
        }
    }
    for i in 0..lines.len() {
        if take[i] == 1 && wrapped[i].len() > 1 && spare > 0 && short[i].is_none() {
            take[i] = spare + 1;
            spare = 0;
        }
    }
    let mut out = Vec::with_capacity(rows);
    for (i, line) in lines.iter().enumerate() {
        if let Some(s) = short[i].take().filter(|_| take[i] < wrapped[i].len()) {
            out.push(cut_line(&s, cols));
            continue;
        }
        let hang = label_hang(line);
        let (mut shown, rest) = wrap_at_most(line, cols, hang, take[i]);
        if let Some(rest) = rest {
            // The cut row goes on under the text too (as `wrap_at_most` indents).
            let pad = if shown.is_empty() || hang * 2 > cols {
                0
            } else {
                hang
            };
            let mut row = cut_line(&rest, cols - pad);
            if pad > 0 {
                row.spans.insert(0, Span::raw(" ".repeat(pad)));
            }
            shown.push(row);
        }
        out.extend(shown);
    }
    out
}

#[cfg(test)]
mod tests;
