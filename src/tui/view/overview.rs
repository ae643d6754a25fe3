//! The overview popup: five small tables (virtual directories, clients, users, HCW calls, HCW
//! runs), the selected row highlighted, columns sized per table.

use crate::tui::model::Model;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::overview::{OverviewLine, OverviewView};
use crate::tui::view::popup;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Widest a non-first column gets.
const MAX_COL: usize = 24;

/// Draws the overview.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(Overlay::Overview(v)) = &model.overlay else {
        return;
    };
    let (rows, cols) = crate::tui::layout::popup_inner(area);
    let widths = widths(v, cols);
    let rows = rows.max(1);
    let first = v.selected.saturating_sub(rows.saturating_sub(2));
    let lines: Vec<Line<'static>> = v
        .lines
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, l)| line(l, &widths[i], i == v.selected, theme))
        .collect();
    let title = if v.filtered {
        "Overview of the filtered lines - Enter keeps a row's lines"
    } else {
        "Overview - Enter keeps a row's lines"
    };
    popup::draw_box(frame, crate::tui::layout::popup(area), title, lines, theme);
}

fn line(l: &OverviewLine, widths: &[usize], selected: bool, theme: &Theme) -> Line<'static> {
    if l.heading {
        let text = l.cells.first().map(|c| clean(c)).unwrap_or_default();
        return Line::from(Span::styled(text, theme.style(Role::Heading)));
    }
    let role = match (l.pick.is_some() || l.run.is_some(), l.bad) {
        (false, _) => Role::Dim,
        (true, true) => Role::Error,
        (true, false) => Role::Plain,
    };
    let mut spans = vec![Span::raw(if selected { "> " } else { "  " })];
    for (c, cell) in l.cells.iter().enumerate() {
        let w = widths.get(c).copied().unwrap_or(0);
        let text = fit(&clean(cell), w);
        let numeric = c > 0 && !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit());
        let padded = if numeric {
            format!("{text:>w$}")
        } else {
            format!("{text:<w$}")
        };
        let sep = if c + 1 < l.cells.len() { "  " } else { "" };
        spans.push(Span::styled(format!("{padded}{sep}"), theme.style(role)));
    }
    let line = Line::from(spans);
    if selected {
        line.style(theme.cursor())
    } else {
        line
    }
}

/// Column widths for each line: the widest cell of its table, the first column taking what the
/// others leave, a column cut to [`MAX_COL`] getting back what the screen has to spare.
fn widths(v: &OverviewView, cols: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); v.lines.len()];
    let mut start = 0;
    while start < v.lines.len() {
        let end = v.lines[start + 1..]
            .iter()
            .position(|l| l.heading)
            .map_or(v.lines.len(), |p| start + 1 + p);
        let table = &v.lines[start..end];
        let n = table.iter().map(|l| l.cells.len()).max().unwrap_or(0);
        let mut w: Vec<usize> = (0..n)
            .map(|c| {
                table
                    .iter()
                    .filter(|l| !l.heading)
                    .filter_map(|l| l.cells.get(c))
                    .map(|s| s.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let natural = w.clone();
        for x in w.iter_mut().skip(1) {
            *x = (*x).min(MAX_COL);
        }
        let rest: usize = w.iter().skip(1).map(|x| x + 2).sum::<usize>() + 2;
        if let Some(first) = w.first_mut() {
            *first = (*first).min(cols.saturating_sub(rest).max(8));
        }
        // Room the table leaves on a wide screen goes back to the columns cut to MAX_COL
        // (a cmdlet's name), left to right.
        let used: usize = w.iter().map(|x| x + 2).sum::<usize>();
        let mut spare = cols.saturating_sub(used);
        for (x, want) in w.iter_mut().zip(&natural).skip(1) {
            let more = want.saturating_sub(*x).min(spare);
            *x += more;
            spare -= more;
        }
        for slot in &mut out[start..end] {
            slot.clone_from(&w);
        }
        start = end;
    }
    out
}

/// `text` cut to `w` characters, with `…` when cut.
fn fit(text: &str, w: usize) -> String {
    if text.chars().count() <= w {
        return text.to_string();
    }
    let mut s: String = text.chars().take(w.saturating_sub(1)).collect();
    s.push('…');
    s
}
