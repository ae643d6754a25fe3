//! A bordered, scrollable popup over the panes (plain box drawing, no rounded corners).

use crate::tui::layout;
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::wrap_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// Draws lines in a centred popup, wrapped to its width, from line `scroll` on.
pub fn draw_lines(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    scroll: usize,
    theme: &Theme,
) {
    let rect = layout::popup(area);
    let block = Block::bordered()
        .border_style(theme.style(Role::Title))
        .title(Span::styled(format!(" {title} "), theme.style(Role::Title)));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let cols = usize::from(inner.width);
    let wrapped: Vec<Line<'static>> = lines.iter().flat_map(|l| wrap_line(l, cols)).collect();
    let rows = usize::from(inner.height);
    let max = wrapped.len().saturating_sub(rows);
    let from = scroll.min(max);
    let shown: Vec<Line<'static>> = wrapped.into_iter().skip(from).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
    if max > 0 && inner.height > 0 {
        let more = format!(
            " {}-{} of {} ",
            from + 1,
            (from + rows).min(max + rows),
            max + rows
        );
        let w = u16::try_from(more.len()).unwrap_or(0).min(rect.width);
        let at = Rect::new(
            (rect.x + rect.width).saturating_sub(w + 1),
            (rect.y + rect.height).saturating_sub(1),
            w,
            1,
        );
        frame.render_widget(
            Paragraph::new(Span::styled(more, theme.style(Role::Dim))),
            at,
        );
    }
}

/// Draws lines, unwrapped and clipped, in a bordered box at `rect`.
pub fn draw_box(
    frame: &mut Frame,
    rect: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    theme: &Theme,
) {
    let block = Block::bordered()
        .border_style(theme.style(Role::Title))
        .title(Span::styled(format!(" {title} "), theme.style(Role::Title)));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}
