//! The fuzzy finder: the query, then the best matching values of the field with their counts.

use crate::tui::layout;
use crate::tui::model::Model;
use crate::tui::model::overlay::Overlay;
use crate::tui::view::popup;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Draws the finder.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(Overlay::Picker(p)) = &model.overlay else {
        return;
    };
    let rect = layout::popup(area);
    let rows = usize::from(rect.height.saturating_sub(2));
    let list_rows = rows.saturating_sub(3).max(1);
    let first = (p.selected + 1).saturating_sub(list_rows);
    let name = p.current().map_or("value", |f| f.name());
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{name}: "), theme.style(Role::Heading)),
        Span::styled(clean(&p.query), theme.style(Role::Plain)),
        Span::styled("_", theme.style(Role::Key)),
    ])];
    let wide = p
        .hits
        .iter()
        .filter_map(|&i| p.values.get(i))
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(1);
    for (row, &i) in p.hits.iter().enumerate().skip(first).take(list_rows) {
        let Some((value, n)) = p.values.get(i) else {
            continue;
        };
        let mark = if row == p.selected { ">" } else { " " };
        let line = Line::from(vec![
            Span::raw(format!("{mark} ")),
            Span::styled(format!("{n:>wide$} "), theme.style(Role::Time)),
            Span::styled(clean(value), theme.style(Role::Plain)),
        ]);
        lines.push(if row == p.selected {
            line.style(theme.cursor())
        } else {
            line
        });
    }
    if p.hits.is_empty() {
        lines.push(Line::from(Span::styled(
            "  no value matches",
            theme.style(Role::Dim),
        )));
    }
    let fields: Vec<&str> = p.fields.iter().map(|f| f.name()).collect();
    lines.push(Line::from(Span::styled(
        format!(
            "{} of {} values | fields: {}",
            p.hits.len(),
            p.values.len(),
            fields.join(" ")
        ),
        theme.style(Role::Dim),
    )));
    let title = format!("Find {name} ({} pane)", p.pane.name());
    popup::draw_box(frame, rect, &title, lines, theme);
}
