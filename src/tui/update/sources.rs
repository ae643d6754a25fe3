//! The sources list: opening it, scrolling, closing.

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::layout;
use crate::tui::model::Model;
use crate::tui::model::overlay::Overlay;
use crate::tui::update::overlay;
use crate::tui::view;
use ratatui::layout::Rect;

/// Opens the list at its top.
pub fn open(model: &mut Model) {
    model.overlay = Some(Overlay::Sources { scroll: 0 });
}

/// An action while the list is open.
pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    match action {
        Action::Back | Action::Quit | Action::ToggleSources => model.overlay = None,
        Action::ToggleHelp => overlay::open_help(model),
        _ => scroll(model, action),
    }
    Vec::new()
}

fn scroll(model: &mut Model, action: Action) {
    let area = Rect::new(0, 0, model.size.0, model.size.1);
    let (rows, cols) = layout::popup_inner(area);
    let theme = view::theme::Theme::new(model.settings.color);
    let total = view::sources::wrapped_len(model, cols, &theme);
    let max = total.saturating_sub(rows);
    let Some(Overlay::Sources { scroll }) = model.overlay.as_mut() else {
        return;
    };
    *scroll = match action {
        Action::CursorDown => scroll.saturating_add(1),
        Action::CursorUp => scroll.saturating_sub(1),
        Action::PageDown => scroll.saturating_add(rows.max(1)),
        Action::PageUp => scroll.saturating_sub(rows.max(1)),
        Action::CursorTop => 0,
        Action::CursorBottom => max,
        _ => *scroll,
    }
    .min(max);
}
