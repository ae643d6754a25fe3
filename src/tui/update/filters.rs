//! The filter list popup: every rule of both panes with its hit count; switch rules on and off,
//! remove them.

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::pane::PaneId;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::{filter, overlay};

/// `L`: opens the list (a note when there is nothing to list).
pub fn open(model: &mut Model) {
    if filter::count(model) == 0 {
        model.say(
            NoteLevel::Info,
            "No filters: c filters by this line's fields, i/x by a regex, f finds a value",
        );
        return;
    }
    model.overlay = Some(Overlay::Filters { selected: 0 });
}

/// An action in the list.
pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    let Some(Overlay::Filters { selected }) = model.overlay else {
        return Vec::new();
    };
    let n = filter::count(model);
    let fx = match action {
        Action::Back | Action::Quit | Action::FilterList => {
            model.overlay = None;
            return Vec::new();
        }
        Action::ToggleHelp => {
            overlay::open_help(model);
            return Vec::new();
        }
        Action::CursorDown => return select(model, (selected + 1).min(n.saturating_sub(1))),
        Action::CursorUp => return select(model, selected.saturating_sub(1)),
        Action::CursorTop => return select(model, 0),
        Action::CursorBottom => return select(model, n.saturating_sub(1)),
        Action::ToggleItem => filter::toggle(model, selected),
        Action::RemoveItem => filter::remove(model, selected),
        Action::ClearFilters => {
            let mut fx = filter::clear(model, PaneId::Hcw);
            fx.extend(filter::clear(model, PaneId::Iis));
            fx
        }
        _ => return Vec::new(),
    };
    let n = filter::count(model);
    model.overlay = (n > 0).then(|| Overlay::Filters {
        selected: selected.min(n - 1),
    });
    fx
}

fn select(model: &mut Model, selected: usize) -> Vec<Effect> {
    model.overlay = Some(Overlay::Filters { selected });
    Vec::new()
}
