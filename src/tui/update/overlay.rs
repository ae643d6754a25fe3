//! Popups: help, the findings list and the whole-entry view; scrolling and closing them.

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::layout;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::{copy, jump, marks};
use crate::tui::view;
use ratatui::layout::Rect;

/// Opens help.
pub fn open_help(model: &mut Model) {
    model.overlay = Some(Overlay::Help { scroll: 0 });
}

/// Opens the findings list.
pub fn open_findings(model: &mut Model) {
    if model.data.analysis.findings.is_empty() {
        model.say(NoteLevel::Info, "No findings for these logs");
    }
    let n = model.data.analysis.findings.len();
    model.finding.selected = model.finding.selected.min(n.saturating_sub(1));
    model.overlay = Some(Overlay::Findings);
}

/// Opens the row under the focused cursor whole.
pub fn open_line(model: &mut Model) {
    if let Some(row) = model.cursor_row(model.focus) {
        model.overlay = Some(Overlay::Entry { row, scroll: 0 });
    }
}

/// An action while a popup is open.
pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    match action {
        Action::Back | Action::Quit => {
            model.overlay = None;
            return Vec::new();
        }
        Action::ToggleHelp => {
            if matches!(model.overlay, Some(Overlay::Help { .. })) {
                model.overlay = None;
            } else {
                open_help(model);
            }
            return Vec::new();
        }
        Action::ToggleFindings => {
            model.overlay = None;
            return Vec::new();
        }
        Action::Copy => return copy::copy(model, false),
        Action::CopyRedacted => return copy::copy(model, true),
        Action::ToggleMark => {
            marks::toggle(model);
            return Vec::new();
        }
        _ => {}
    }
    if matches!(model.overlay, Some(Overlay::Findings)) {
        findings(model, action);
    } else {
        scroll(model, action);
    }
    Vec::new()
}

fn findings(model: &mut Model, action: Action) {
    let n = model.data.analysis.findings.len();
    let sel = model.finding.selected;
    if matches!(action, Action::PageDown | Action::PageUp) {
        let area = Rect::new(0, 0, model.size.0, model.size.1);
        let (rows, cols) = layout::popup_inner(area);
        let page = view::findings::detail_rows(model, rows);
        let theme = view::theme::Theme::new(model.settings.color);
        let total = view::findings::detail_lines(model, cols, &theme).len();
        let max = total.saturating_sub(page);
        let s = &mut model.finding.scroll;
        *s = if action == Action::PageDown {
            s.saturating_add(page.saturating_sub(1).max(1)).min(max)
        } else {
            s.saturating_sub(page.saturating_sub(1).max(1))
        };
        return;
    }
    let new = match action {
        Action::CursorDown => (sel + 1).min(n.saturating_sub(1)),
        Action::CursorUp => sel.saturating_sub(1),
        Action::CursorTop => 0,
        Action::CursorBottom => n.saturating_sub(1),
        Action::JumpToEvidence | Action::OpenLine => {
            jump::evidence(model);
            return;
        }
        _ => sel,
    };
    if new != sel {
        model.finding.selected = new;
        model.finding.evidence = 0;
        model.finding.scroll = 0;
    }
}

fn scroll(model: &mut Model, action: Action) {
    let area = Rect::new(0, 0, model.size.0, model.size.1);
    let (rows, cols) = layout::popup_inner(area);
    let total = match &model.overlay {
        Some(Overlay::Help { .. }) => view::help::lines(model, cols).len(),
        Some(Overlay::Entry { row, .. }) => view::entry::lines(model, *row, cols).len(),
        _ => 0,
    };
    let max = total.saturating_sub(rows);
    let page = rows.max(1);
    let Some(Overlay::Help { scroll } | Overlay::Entry { scroll, .. }) = model.overlay.as_mut()
    else {
        return;
    };
    *scroll = match action {
        Action::CursorDown => scroll.saturating_add(1),
        Action::CursorUp => scroll.saturating_sub(1),
        Action::PageDown => scroll.saturating_add(page),
        Action::PageUp => scroll.saturating_sub(page),
        Action::CursorTop => 0,
        Action::CursorBottom => max,
        _ => *scroll,
    }
    .min(max);
}
