//! Help, generated from the keymap: every binding with its description, grouped; two columns
//! when there is room. Changing the keymap changes this screen.

use crate::tui::model::Model;
use crate::tui::model::overlay::Overlay;
use crate::tui::view::popup;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::{width, wrap_hanging, wrap_line};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

const KEY_COL: usize = 15;
const TWO_COLUMNS_FROM: usize = 110;

/// The help text for a popup `cols` wide.
pub fn lines(model: &Model, cols: usize) -> Vec<Line<'static>> {
    let theme = Theme::new(model.settings.color);
    let sections = model.settings.keymap.help_sections();
    let mut blocks: Vec<Vec<Line<'static>>> = Vec::new();
    for (title, rows) in sections {
        let mut b = vec![Line::from(Span::styled(title, theme.style(Role::Heading)))];
        for (keys, desc) in rows {
            b.push(Line::from(vec![
                Span::styled(format!("  {keys:<KEY_COL$}"), theme.style(Role::Key)),
                Span::styled(format!(" {desc}"), theme.style(Role::Plain)),
            ]));
        }
        blocks.push(b);
    }
    let mut out: Vec<Line<'static>> = if cols >= TWO_COLUMNS_FROM {
        two_columns(blocks, cols / 2)
            .iter()
            .flat_map(|l| wrap_line(l, cols))
            .collect()
    } else {
        // A description too long for the row goes on under itself, not under the keys.
        blocks
            .iter()
            .flatten()
            .flat_map(|l| {
                let hang = if l.spans.len() == 2 { KEY_COL + 3 } else { 0 };
                wrap_hanging(l, cols, hang)
            })
            .collect()
    };
    out.push(Line::default());
    let path = model
        .settings
        .keymap_path
        .as_deref()
        .map_or_else(|| "keymap.toml in your config folder".to_string(), clean);
    out.push(Line::from(Span::styled(
        format!("Change keys in {path}"),
        theme.style(Role::Dim),
    )));
    let last = out.pop().unwrap_or_default();
    out.extend(wrap_line(&last, cols));
    out
}

fn two_columns(blocks: Vec<Vec<Line<'static>>>, colw: usize) -> Vec<Line<'static>> {
    let total: usize = blocks.iter().map(Vec::len).sum();
    let mut left: Vec<Line<'static>> = Vec::new();
    let mut right: Vec<Line<'static>> = Vec::new();
    for b in blocks {
        if left.len() < total / 2 {
            left.extend(b);
        } else {
            right.extend(b);
        }
    }
    let n = left.len().max(right.len());
    (0..n)
        .map(|i| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            if let Some(l) = left.get(i) {
                let w: usize = l.spans.iter().map(|s| width(&s.content)).sum();
                spans.extend(l.spans.iter().cloned());
                spans.push(Span::raw(" ".repeat(colw.saturating_sub(w))));
            } else {
                spans.push(Span::raw(" ".repeat(colw)));
            }
            if let Some(r) = right.get(i) {
                spans.extend(r.spans.iter().cloned());
            }
            Line::from(spans)
        })
        .collect()
}

/// Draws help as a popup.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let scroll = match model.overlay {
        Some(Overlay::Help { scroll }) => scroll,
        _ => 0,
    };
    let (_, cols) = crate::tui::layout::popup_inner(area);
    popup::draw_lines(
        frame,
        area,
        "Help - keys",
        lines(model, cols),
        scroll,
        theme,
    );
}
