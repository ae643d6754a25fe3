//! Day markers in the panes: rows show only the time of day (a date on every row would cost
//! eleven of 80 columns), so where the date in the display zone changes between two visible
//! rows a marker line names the new day and the one above it. The pane title names the
//! cursor's day; any visible row of another day lies beyond a marker that names its day, so
//! every visible row's date can be read off the screen, the first one's too.

use crate::tui::model::Model;
use crate::tui::model::pane::PaneId;
use crate::tui::view::theme::{Role, Theme};
use ratatui::text::{Line, Span};

/// One screen line of a pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The row at this position of the pane.
    Row(usize),
    /// A day marker: the date of the rows below it and of the row above it.
    Day {
        /// The new day (`YYYY-MM-DD`, display zone).
        date: String,
        /// The day of the row above.
        above: String,
    },
}

/// The date of the pane's row at `pos` in the display zone.
fn date_at(model: &Model, p: PaneId, pos: usize) -> Option<String> {
    model
        .row_at(p, pos)
        .map(|r| model.fmt_date(model.time_of(r)))
}

/// The pane's `height` screen lines from position `from`, with a marker before each row whose
/// date differs from the row before it on screen.
fn from(model: &Model, p: PaneId, from: usize, height: usize) -> Vec<Slot> {
    let len = model.pane_len(p);
    let mut out = Vec::with_capacity(height);
    let mut last: Option<String> = None;
    let mut pos = from;
    while out.len() < height && pos < len {
        let date = date_at(model, p, pos);
        if let (Some(prev), Some(d)) = (&last, &date)
            && prev != d
        {
            out.push(Slot::Day {
                date: d.clone(),
                above: prev.clone(),
            });
            if out.len() == height {
                break;
            }
        }
        out.push(Slot::Row(pos));
        last = date;
        pos += 1;
    }
    out
}

/// The pane's screen lines: from its scroll position, moved down as far as the markers
/// require for the cursor to stay on screen.
pub fn layout(model: &Model, p: PaneId, height: usize) -> Vec<Slot> {
    let pane = model.pane(p);
    let mut start = pane.scroll.min(pane.cursor);
    loop {
        let slots = from(model, p, start, height);
        let shown = slots.contains(&Slot::Row(pane.cursor));
        if shown || start >= pane.cursor {
            return slots;
        }
        start += 1;
    }
}

/// A marker line `width` columns wide: `── 2022-03-05 ── (above: 2022-02-19) ───…`.
pub fn marker(date: &str, above: &str, width: usize, theme: &Theme) -> Line<'static> {
    let head = "── ";
    let tail = format!(" ── (above: {above}) ");
    let used = head.chars().count() + date.chars().count() + tail.chars().count();
    let (tail, used) = if used <= width {
        (tail, used)
    } else {
        (" ".to_string(), used - tail.chars().count() + 1)
    };
    Line::from(vec![
        Span::styled(head, theme.style(Role::Dim)),
        Span::styled(date.to_string(), theme.style(Role::Time)),
        Span::styled(tail, theme.style(Role::Dim)),
        Span::styled(
            "─".repeat(width.saturating_sub(used)),
            theme.style(Role::Dim),
        ),
    ])
}
