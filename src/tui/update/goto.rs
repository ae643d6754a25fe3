//! Jump to a time (`:`): the typed text is read by [`crate::time::goto::parse_goto`] in the
//! display zone shown on screen, relative to the instant under the cursor; both panes go to
//! the rows nearest that instant; the status line says where the focused cursor landed
//! ([`said`]).

use crate::time::UtcMs;
use crate::time::goto::parse_goto;
use crate::tui::effect::Effect;
use crate::tui::model::input::InputKind;
use crate::tui::model::pane::PaneId;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::input;
use crate::tui::update::navigate::{self, Scroll};

mod said;

/// Opens the time prompt.
pub fn start(model: &mut Model) {
    input::open(model, InputKind::Goto);
}

/// Goes to the typed time, or leaves the prompt open with the reason it cannot.
pub fn submit(model: &mut Model, text: &str) -> Vec<Effect> {
    let Some(cursor) = model.cursor_time().or_else(|| first_time(model)) else {
        model.input = None;
        model.say(NoteLevel::Warn, "Nothing loaded to go to");
        return Vec::new();
    };
    match parse_goto(text, cursor, &model.zone()) {
        Ok(at) => {
            model.input = None;
            go(model, at);
        }
        Err(e) => {
            if let Some(input) = model.input.as_mut() {
                input.error = Some(e);
            }
        }
    }
    Vec::new()
}

/// Puts both panes' cursors on the rows nearest `at` (the focused pane first, so the other is
/// placed by the instant asked for, not by where the focused cursor landed).
pub fn go(model: &mut Model, at: UtcMs) {
    let focus = model.focus;
    for p in [focus, focus.other()] {
        if let Some(pos) = model.pos_near(p, at) {
            center(model, p, pos);
        }
    }
    if let Some(text) = said::landed_note(model, at, loaded_range(model)) {
        model.say(NoteLevel::Info, text);
    }
}

fn center(model: &mut Model, p: PaneId, pos: usize) {
    // With sync on, `set` on the focused pane would move the other pane to the instant the
    // focused cursor landed on; each pane is placed by the instant asked for instead.
    let sync = model.clock.sync;
    model.clock.sync = false;
    navigate::set(model, p, pos, Scroll::Center);
    model.clock.sync = sync;
}

fn first_time(model: &Model) -> Option<UtcMs> {
    PaneId::ALL
        .into_iter()
        .filter_map(|p| model.row_at(p, 0).map(|r| model.time_of(r)))
        .min()
}

fn loaded_range(model: &Model) -> Option<(UtcMs, UtcMs)> {
    let spans = model.data.analysis.sources.iter().filter_map(|s| s.span);
    let lo = spans.clone().map(|s| s.0).min()?;
    let hi = spans.map(|s| s.1).max()?;
    Some((lo, hi))
}
