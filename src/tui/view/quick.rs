//! The quick filter menu: the selected line's values, one letter each.

use crate::tui::layout;
use crate::tui::model::Model;
use crate::tui::model::overlay::Overlay;
use crate::tui::update::quick::choices;
use crate::tui::view::popup;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The menu's lines.
pub fn lines(model: &Model, theme: &Theme) -> Vec<Line<'static>> {
    let Some(Overlay::Quick { row }) = model.overlay else {
        return Vec::new();
    };
    let choices = choices(model, row);
    // Each label padded past the longest (`workstation`), so no value runs into its name.
    let wide = choices
        .iter()
        .map(|c| c.label.chars().count() + 1)
        .max()
        .unwrap_or(0)
        .max(11);
    let mut out: Vec<Line<'static>> = choices
        .into_iter()
        .map(|c| {
            Line::from(vec![
                Span::styled(format!(" {} ", c.key), theme.style(Role::Key)),
                Span::styled(format!("{:<wide$}", c.label), theme.style(Role::Plain)),
                Span::styled(clean(&c.value), theme.style(Role::Time)),
            ])
        })
        .collect();
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        " letter: keep only these lines; capital: hide them",
        theme.style(Role::Dim),
    )));
    out
}

/// Draws the menu.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let lines = lines(model, theme);
    let rows = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let rect = layout::sized_popup(area, rows, 60);
    popup::draw_box(frame, rect, "Filter by this line", lines, theme);
}
