//! The bottom-line text input: typing, and what Enter and Esc do for each kind (search, live
//! filter regex, notes path).

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::model::Model;
use crate::tui::model::input::{Input, InputKind};
use crate::tui::update::{filter, goto, notes, search};

/// Opens an input for the focused pane.
pub fn open(model: &mut Model, kind: InputKind) {
    model.input = Some(Input::new(kind, model.focus));
}

/// An action while typing.
pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    let Some(input) = model.input.as_mut() else {
        return Vec::new();
    };
    let kind = input.kind;
    match action {
        Action::Insert(c) => input.text.push(c),
        Action::InputBackspace => {
            if input.text.pop().is_none() {
                return cancel(model);
            }
        }
        Action::InputClear => input.text.clear(),
        Action::Back | Action::Quit => return cancel(model),
        Action::InputSubmit => return submit(model),
        _ => return Vec::new(),
    }
    input.error = None;
    match kind {
        InputKind::Include | InputKind::Exclude => filter::preview(model),
        InputKind::Search
        | InputKind::WritePath
        | InputKind::WriteRedactedPath
        | InputKind::Goto => Vec::new(),
    }
}

fn cancel(model: &mut Model) -> Vec<Effect> {
    let Some(input) = model.input.take() else {
        return Vec::new();
    };
    match input.kind {
        InputKind::Include | InputKind::Exclude => filter::drop_preview(model, input.pane),
        InputKind::Search
        | InputKind::WritePath
        | InputKind::WriteRedactedPath
        | InputKind::Goto => Vec::new(),
    }
}

fn submit(model: &mut Model) -> Vec<Effect> {
    let Some(input) = model.input.clone() else {
        return Vec::new();
    };
    match input.kind {
        InputKind::Search => search::submit(model, &input.text, input.pane),
        InputKind::Include | InputKind::Exclude => filter::commit(model),
        InputKind::WritePath => notes::write_to(model, &input.text, false),
        InputKind::WriteRedactedPath => notes::write_to(model, &input.text, true),
        InputKind::Goto => goto::submit(model, &input.text),
    }
}
