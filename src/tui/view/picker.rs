//! The fuzzy finder: the query, then the best matching values, each labelled with its field
//! (`ip`, `user`, `uri`, `cmdlet`, `server`, `failure`) and its count.

use crate::tui::layout;
use crate::tui::model::Model;
use crate::tui::model::overlay::Overlay;
use crate::tui::view::popup;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Width of the field label column.
const LABEL: usize = 8;

/// Draws the finder.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(Overlay::Picker(p)) = &model.overlay else {
        return;
    };
    let rect = layout::popup(area);
    let rows = usize::from(rect.height.saturating_sub(2));
    let list_rows = rows.saturating_sub(3).max(1);
    let first = (p.selected + 1).saturating_sub(list_rows);
    let prompt = p
        .scope
        .map_or("find".to_string(), |k| format!("find {}", k.label()));
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{prompt}: "), theme.style(Role::Heading)),
        Span::styled(clean(&p.query), theme.style(Role::Plain)),
        Span::styled("_", theme.style(Role::Key)),
    ])];
    let wide = p
        .hits
        .iter()
        .filter_map(|&i| p.all.get(i))
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(1);
    for (row, &i) in p.hits.iter().enumerate().skip(first).take(list_rows) {
        let Some(c) = p.all.get(i) else {
            continue;
        };
        let mark = if row == p.selected { ">" } else { " " };
        let role = if c.kind == crate::filter::CandidateKind::Failure {
            Role::Error
        } else {
            Role::Plain
        };
        let line = Line::from(vec![
            Span::raw(format!("{mark} ")),
            Span::styled(
                format!("{:<LABEL$}", c.kind.label()),
                theme.style(Role::Key),
            ),
            Span::styled(format!("{:>wide$}  ", c.count), theme.style(Role::Time)),
            Span::styled(clean(&c.value), theme.style(role)),
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
    let kinds: Vec<&str> = p.kinds().iter().map(|k| k.label()).collect();
    lines.push(Line::from(Span::styled(
        format!(
            "{} of {} values | Tab: one field ({})",
            p.matched,
            p.all.len(),
            kinds.join(" ")
        ),
        theme.style(Role::Dim),
    )));
    let title = match p.scope {
        Some(k) => format!("Find a {} - Enter keeps its lines", k.label()),
        None => "Find any value - Enter keeps its lines".to_string(),
    };
    popup::draw_box(frame, rect, &title, lines, theme);
}
