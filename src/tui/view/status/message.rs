//! A note too long to share the status line (a copy's file path at 80 columns) is shown whole,
//! wrapped at spaces, in a box just above the line, until the next key clears the note.

use super::{fit, note_role, parts};
use crate::tui::model::{Model, Note};
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear, Paragraph};

/// The note, when it cannot share the status line with the mode, verdict and zone (a copy's
/// file path at 80 columns): [`draw_message`] shows it whole above the line.
pub fn boxed_note(model: &Model) -> Option<&Note> {
    let note = model.note.as_ref()?;
    if model.input.is_some() {
        return None;
    }
    fit::message_needs_box(&parts(model), usize::from(model.size.0)).then_some(note)
}

/// Draws a note too long for the status line in a box just above it (over any popup).
pub fn draw_message(model: &Model, frame: &mut Frame, status: Rect, theme: &Theme) {
    let Some(note) = boxed_note(model) else {
        return;
    };
    let area = frame.area();
    let cols = usize::from(area.width.saturating_sub(2));
    let lines = fit::wrap_message(&clean(&note.text), note_role(note), cols, theme);
    let want = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let h = want.min(status.y.saturating_sub(area.y));
    if h < 3 {
        return;
    }
    let rect = Rect::new(area.x, status.y - h, area.width, h);
    let block = Block::bordered()
        .border_style(theme.style(Role::Title))
        .title(Span::styled(" Message ", theme.style(Role::Title)));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}
