//! Marks: `m` marks what `y` would copy; the marks list jumps to them, unmarks them, and
//! copies or writes all of them at once.

use crate::time::UtcMs;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::model::marks::Mark;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::{copy, jump, notes, overlay};

/// `m`: marks or unmarks the selection.
pub fn toggle(model: &mut Model) {
    let Some(m) = copy::target(model) else {
        model.say(NoteLevel::Info, "Nothing here to mark");
        return;
    };
    let what = copy::kind_name(m);
    if model.marks.toggle(m) {
        let key = model
            .settings
            .keymap
            .key_for(crate::tui::keymap::Mode::Normal, Action::MarksList)
            .unwrap_or_else(|| "M".into());
        let n = model.marks.len();
        model.say(
            NoteLevel::Info,
            format!("Marked {what} ({n} marked, {key}: list)"),
        );
    } else {
        model.say(NoteLevel::Info, format!("Unmarked {what}"));
    }
}

/// Marks in list and export order: findings first, then the rest by time.
pub fn ordered(model: &Model) -> Vec<Mark> {
    let mut list = model.marks.list.clone();
    list.sort_by_key(|&m| (!matches!(m, Mark::Finding(_)), time_of(model, m)));
    list
}

/// When a mark happened (offsets applied).
pub fn time_of(model: &Model, mark: Mark) -> Option<UtcMs> {
    let a = &model.data.analysis;
    match mark {
        Mark::Finding(f) => a.findings.get(f).and_then(|f| f.time),
        Mark::Handshake(h) => a.handshakes.get(h).map(|hs| {
            let src = hs.legs.first().map(|l| l.source).unwrap_or_default();
            model.clock.at(src, hs.start)
        }),
        Mark::Call(c) => a.cmdlets.get(c).map(|c| model.clock.at(c.source, c.start)),
        Mark::Line(row) => Some(model.time_of(row)),
    }
}

/// `M`: opens the list.
pub fn open(model: &mut Model) {
    if model.marks.is_empty() {
        model.say(
            NoteLevel::Info,
            "Nothing marked yet: m marks the handshake, call, finding or line you are on",
        );
        return;
    }
    model.marks.selected = model.marks.selected.min(model.marks.len() - 1);
    model.overlay = Some(Overlay::Marks);
}

/// An action in the marks list.
pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    let n = model.marks.len();
    let sel = &mut model.marks.selected;
    match action {
        Action::Back | Action::Quit | Action::MarksList => model.overlay = None,
        Action::ToggleHelp => overlay::open_help(model),
        Action::CursorDown => *sel = (*sel + 1).min(n.saturating_sub(1)),
        Action::CursorUp => *sel = sel.saturating_sub(1),
        Action::CursorTop => *sel = 0,
        Action::CursorBottom => *sel = n.saturating_sub(1),
        Action::Copy => return copy::copy(model, false),
        Action::CopyRedacted => return copy::copy(model, true),
        Action::WriteNotes | Action::WriteNotesRedacted => {
            model.overlay = None;
            notes::start_write(model, action == Action::WriteNotesRedacted);
        }
        Action::RemoveItem | Action::ToggleMark => {
            if let Some(&m) = ordered(model).get(model.marks.selected) {
                model.marks.toggle(m);
                model.say(NoteLevel::Info, format!("Unmarked {}", copy::kind_name(m)));
            }
            if model.marks.is_empty() {
                model.overlay = None;
            }
        }
        Action::OpenLine | Action::JumpToEvidence => go(model),
        _ => {}
    }
    Vec::new()
}

fn go(model: &mut Model) {
    let Some(&m) = ordered(model).get(model.marks.selected) else {
        return;
    };
    let data = model.data.clone();
    let row = match m {
        Mark::Finding(f) => {
            model.finding.selected = f;
            model.finding.evidence = 0;
            model.finding.scroll = 0;
            model.overlay = Some(Overlay::Findings);
            return;
        }
        Mark::Handshake(h) => data
            .analysis
            .handshakes
            .get(h)
            .and_then(|hs| data.final_leg_row(hs)),
        Mark::Call(c) => data.analysis.cmdlets.get(c).and_then(|c| data.call_row(c)),
        Mark::Line(r) => Some(r),
    };
    model.overlay = None;
    match row {
        Some(r) if jump::goto(model, r) => {}
        Some(r) => model.say(
            NoteLevel::Warn,
            format!("That line is hidden by a {} filter", r.pane().name()),
        ),
        None => model.say(NoteLevel::Warn, "That line is no longer loaded"),
    }
}
