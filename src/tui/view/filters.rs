//! The filter list: the rules of both panes with their hit counts and state, and how many
//! lines each pane shows.

use crate::tui::layout;
use crate::tui::model::Model;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::pane::PaneId;
use crate::tui::view::popup;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::width;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The list's lines.
pub fn lines(model: &Model, selected: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut i = 0;
    for p in PaneId::ALL {
        let f = model.filter(p);
        if f.stack.is_empty() {
            continue;
        }
        let shows = if f.visible.is_some() {
            format!("shows {} of {} lines", model.pane_len(p), model.base_len(p))
        } else if f.scan.is_some() {
            "counting...".to_string()
        } else {
            format!("shows all {} lines", model.base_len(p))
        };
        out.push(Line::from(vec![
            Span::styled(format!("{} ", p.name()), theme.style(Role::Heading)),
            Span::styled(shows, theme.style(Role::Dim)),
        ]));
        let last = f.stack.len().saturating_sub(1);
        for (r, rule) in f.stack.rules().iter().enumerate() {
            let on = if rule.enabled { "[x]" } else { "[ ]" };
            let hits = if !rule.enabled {
                "off".to_string()
            } else if f.hits_known() {
                format!("{} lines", rule.hits)
            } else {
                "counting...".to_string()
            };
            let typing = if f.preview && r == last {
                " (typing)"
            } else {
                ""
            };
            let mark = if i == selected { ">" } else { " " };
            let role = if rule.enabled { Role::Plain } else { Role::Dim };
            let line = Line::from(vec![
                Span::raw(format!("{mark} {on} ")),
                Span::styled(clean(&rule.label()), theme.style(role)),
                Span::styled(format!("  {hits}{typing}"), theme.style(Role::Time)),
            ]);
            out.push(if i == selected {
                line.style(theme.cursor())
            } else {
                line
            });
            i += 1;
        }
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "Included lines: any [+] rule matches; [-] rules hide lines.",
        theme.style(Role::Dim),
    )));
    out
}

/// Draws the list.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(Overlay::Filters { selected }) = model.overlay else {
        return;
    };
    let lines = lines(model, selected, theme);
    let cols = lines
        .iter()
        .map(|l| l.spans.iter().map(|s| width(&s.content)).sum::<usize>())
        .max()
        .unwrap_or(0);
    let rect = layout::sized_popup(
        area,
        u16::try_from(lines.len()).unwrap_or(u16::MAX),
        u16::try_from(cols.max(40)).unwrap_or(u16::MAX),
    );
    popup::draw_box(frame, rect, "Filters", lines, theme);
}
