//! Fitting text into a box: hard wrapping by display columns and, when even that does not fit,
//! cutting each line instead so every line keeps its start.

use ratatui::text::{Line, Span};

/// Display width of a string (one column per character; wide glyphs are rare in these logs).
pub fn width(text: &str) -> usize {
    text.chars().count()
}

/// Wraps a styled line into lines of at most `cols` columns, keeping styles.
pub fn wrap_line(line: &Line<'static>, cols: usize) -> Vec<Line<'static>> {
    let cols = cols.max(1);
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut cur: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in &line.spans {
        let mut text: &str = &span.content;
        while !text.is_empty() {
            let room = cols - used;
            let n = width(text);
            if n <= room {
                cur.push(Span::styled(text.to_string(), span.style));
                used += n;
                break;
            }
            let b = text.char_indices().nth(room).map_or(text.len(), |(b, _)| b);
            cur.push(Span::styled(text[..b].to_string(), span.style));
            out.push(Line::from(std::mem::take(&mut cur)));
            used = 0;
            text = &text[b..];
        }
        if used == cols {
            out.push(Line::from(std::mem::take(&mut cur)));
            used = 0;
        }
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(Line::from(cur));
    }
    out
}

/// Wrapped when everything then fits in `rows`, else one (cut) screen line per line.
pub fn fit(lines: Vec<Line<'static>>, cols: usize, rows: usize) -> Vec<Line<'static>> {
    let wrapped: Vec<Line<'static>> = lines.iter().flat_map(|l| wrap_line(l, cols)).collect();
    if wrapped.len() <= rows {
        wrapped
    } else {
        lines
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
    }

    #[test]
    fn fit_cuts_instead_of_wrapping_when_too_tall() {
        let lines = vec![Line::from("aaaa bbbb"), Line::from("cc")];
        assert_eq!(fit(lines.clone(), 5, 3).len(), 3);
        assert_eq!(fit(lines, 4, 3).len(), 2);
    }
}
