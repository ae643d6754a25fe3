//! Submitting a search as a background job, and stepping through its matches.

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::Mode;
use crate::tui::model::input::InputKind;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::model::search::{SearchRun, SearchState, compile};
use crate::tui::model::{Model, Note, NoteLevel};
use crate::tui::update::input;
use crate::tui::update::jump::goto;
use regex::Regex;

/// Opens the search input.
pub fn start(model: &mut Model) {
    input::open(model, InputKind::Search);
}

/// Runs a typed search (an empty one steps to the next match of the last search).
pub fn submit(model: &mut Model, pattern: &str, pane: PaneId) -> Vec<Effect> {
    if pattern.is_empty() {
        model.input = None;
        if model.search.run.is_some() {
            step(model, true);
        }
        return Vec::new();
    }
    let regex = match compile(pattern) {
        Ok(r) => r,
        Err(e) => {
            if let Some(input) = model.input.as_mut() {
                input.error = Some(e);
            }
            return Vec::new();
        }
    };
    model.input = None;
    run(model, pattern.to_string(), regex, pane, true)
}

fn run(model: &mut Model, pattern: String, regex: Regex, pane: PaneId, jump: bool) -> Vec<Effect> {
    model.search.generation += 1;
    let generation = model.search.generation;
    model.search.run = Some(SearchRun {
        pattern,
        regex: regex.clone(),
        pane,
        generation,
        jump,
        state: SearchState::Running {
            done: 0,
            total: model.pane_len(pane) as u64,
        },
    });
    vec![Effect::Search {
        generation,
        pane,
        regex,
    }]
}

/// Searches again after the rows of the searched pane changed (a filter was applied).
pub fn rerun(model: &mut Model, pane: PaneId) -> Vec<Effect> {
    match model.search.run.as_ref() {
        Some(r) if r.pane == pane => {
            let (pattern, regex) = (r.pattern.clone(), r.regex.clone());
            run(model, pattern, regex, pane, false)
        }
        _ => Vec::new(),
    }
}

/// Results of a search job arrived: keep them and go to the first match from the cursor.
pub fn done(model: &mut Model, generation: u64, matches: Vec<RowRef>) {
    let Some(run) = model.search.run.as_mut() else {
        return;
    };
    if run.generation != generation {
        return;
    }
    let pattern = run.pattern.clone();
    let n = matches.len();
    run.state = SearchState::Done { matches };
    if !run.jump {
        return;
    }
    let pane = run.pane;
    if n == 0 {
        let text = no_match(model, &pattern, pane);
        model.note = Some(Note::search(NoteLevel::Warn, text));
        return;
    }
    let here = model.cursor_row(pane).map(|r| match_index(model, r));
    if let Some((at, true)) = here {
        model.note = Some(Note::search(NoteLevel::Info, format!("Match {at} of {n}")));
        return;
    }
    step(model, true);
}

/// Why a search found nothing, naming the pane it searched (the other may hold matches):
/// `No match for /EWS in the HCW pane`; a pane without lines (no log of its kind, a filter
/// hiding all) says it had none to search and which key goes to the other pane.
fn no_match(model: &Model, pattern: &str, pane: PaneId) -> String {
    let name = pane.name();
    if model.pane_len(pane) > 0 {
        return format!("No match for /{pattern} in the {name} pane");
    }
    let key = model
        .settings
        .keymap
        .key_for(Mode::Normal, Action::FocusNextPane)
        .unwrap_or_else(|| "Tab".into());
    format!(
        "No {name} line to search for /{pattern} ({key}: the {} pane)",
        pane.other().name()
    )
}

/// `n` / `N`: the next or previous match in the searched pane (wrapping around).
pub fn step(model: &mut Model, forward: bool) {
    let Some(run) = model.search.run.as_ref() else {
        model.say(NoteLevel::Info, "No search yet: press / to search");
        return;
    };
    let SearchState::Done { matches } = &run.state else {
        model.say(NoteLevel::Info, "Still searching...");
        return;
    };
    if matches.is_empty() {
        let text = no_match(model, &run.pattern, run.pane);
        model.note = Some(Note::search(NoteLevel::Warn, text));
        return;
    }
    let pane = run.pane;
    let n = matches.len();
    let cur = model.cursor_row(pane).map(|r| model.key(r));
    let after = cur.map_or(0, |c| matches.partition_point(|&m| model.key(m) <= c));
    let before = cur.map_or(n, |c| matches.partition_point(|&m| model.key(m) < c));
    let (idx, wrapped) = if forward {
        if after < n { (after, false) } else { (0, true) }
    } else if before > 0 {
        (before - 1, false)
    } else {
        (n - 1, true)
    };
    let target = matches[idx];
    goto(model, target);
    let note = if wrapped {
        format!("Match {} of {n} (wrapped)", idx + 1)
    } else {
        format!("Match {} of {n}", idx + 1)
    };
    model.note = Some(Note::search(NoteLevel::Info, note));
}

/// `(matches up to and including this row, is this row a match)`.
pub fn match_index(model: &Model, row: RowRef) -> (usize, bool) {
    let Some(SearchState::Done { matches }) = model.search.run.as_ref().map(|r| &r.state) else {
        return (0, false);
    };
    let k = model.key(row);
    let upto = matches.partition_point(|&m| model.key(m) <= k);
    let hit = upto > 0 && matches[upto - 1] == row;
    (upto, hit)
}

/// Re-sorts matches after offsets changed the pane order.
pub fn resort(model: &mut Model) {
    let data = model.data.clone();
    let clock = model.clock.clone();
    if let Some(SearchState::Done { matches }) = model.search.run.as_mut().map(|r| &mut r.state) {
        matches.sort_by_key(|&m| crate::tui::model::timeline::key(&data, &clock, m));
    }
}
