//! The runs list (`R`): opening it reads the runs on the session clock and selects the run
//! the cursor is in; Enter closes it and puts both panes at the selected run's start (the HCW
//! pane on the run's first entry).

use crate::analyze::overview::runs::{RunSummary, runs};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::model::runs::RunsView;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::goto;
use crate::tui::update::navigate::{self, Scroll};

/// Opens the runs list, or says there is none.
pub fn open(model: &mut Model) {
    let clock = &model.clock;
    let list = runs(&model.data.analysis, &|s| clock.offset(s));
    if list.is_empty() {
        model.say(NoteLevel::Info, "No HCW runs loaded");
        return;
    }
    let current = model.cursor_time().and_then(|at| {
        list.iter()
            .rposition(|r| r.start <= at && at <= r.end)
            .or_else(|| list.iter().rposition(|r| r.start <= at))
    });
    let selected = current.unwrap_or(list.len() - 1);
    model.overlay = Some(Overlay::Runs(Box::new(RunsView {
        runs: list,
        selected,
        current,
    })));
}

/// An action while the runs list is open.
pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    let Some(Overlay::Runs(mut v)) = model.overlay.take() else {
        return Vec::new();
    };
    let last = v.runs.len().saturating_sub(1);
    match action {
        Action::Back | Action::Quit | Action::ToggleRuns => return Vec::new(),
        Action::ToggleHelp => {
            crate::tui::update::overlay::open_help(model);
            return Vec::new();
        }
        Action::CursorDown => v.selected = (v.selected + 1).min(last),
        Action::CursorUp => v.selected = v.selected.saturating_sub(1),
        Action::CursorTop => v.selected = 0,
        Action::CursorBottom => v.selected = last,
        Action::OpenLine | Action::InputSubmit => {
            if let Some(run) = v.runs.get(v.selected) {
                go(model, run);
            }
            return Vec::new();
        }
        _ => {}
    }
    model.overlay = Some(Overlay::Runs(v));
    Vec::new()
}

/// Puts both panes at a run's start and says which run it is.
pub fn go(model: &mut Model, run: &RunSummary) {
    go_to_run(model, run);
    let when = model.fmt_time(run.start);
    model.say(
        NoteLevel::Info,
        format!(
            "HCW run {} ({}), started {} {}",
            run.name,
            crate::escape::escape_control(&run.outcome_words()),
            model.fmt_date(run.start),
            when.get(..8).unwrap_or(&when)
        ),
    );
}

/// Both panes at the run's start; the HCW cursor on the run's first visible entry (of its
/// own lines: a file may hold several runs), focused.
fn go_to_run(model: &mut Model, run: &RunSummary) {
    model.focus = PaneId::Hcw;
    goto::go(model, run.start);
    let data = model.data.clone();
    let first = run
        .sources
        .iter()
        .filter_map(|&s| {
            data.analysis
                .hcw
                .iter()
                .enumerate()
                .filter(|(_, e)| e.source == s && run.holds_entry(e))
                .find_map(|(i, _)| model.pos_of(RowRef::Hcw(crate::tui::model::data::to_u32(i))))
        })
        .min();
    if let Some(pos) = first {
        let sync = model.clock.sync;
        model.clock.sync = false;
        navigate::set(model, PaneId::Hcw, pos, Scroll::Center);
        model.clock.sync = sync;
    }
}
