//! Applying what background jobs report: load progress and result, search and filter results,
//! re-merges, clipboard and file results, live follow updates.

use crate::tui::effect::Effect;
use crate::tui::model::load::LoadState;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::model::search::{SearchRun, SearchState};
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::{copy, filter, live, loaded, notes, search, time};
use crate::tui::worker::WorkerMsg;
use crate::tui::worker::job::JobKind;
use std::sync::Arc;

/// Applies one worker message.
pub fn apply(model: &mut Model, msg: WorkerMsg) -> Vec<Effect> {
    match msg {
        WorkerMsg::Progress { done: d, total: t } => {
            if let LoadState::Loading { done, total, .. } = &mut model.load {
                *done = d;
                *total = t;
            }
        }
        WorkerMsg::SourceLoaded(info) => {
            if let LoadState::Loading { sources, .. } = &mut model.load {
                sources.push(*info);
            }
        }
        WorkerMsg::Loaded(Ok(done)) => {
            let (data, timeline) = *done;
            loaded(model, data, timeline);
            return vec![Effect::StartFollow];
        }
        WorkerMsg::Loaded(Err(e)) => {
            model.say(NoteLevel::Warn, format!("Load failed: {e}"));
            model.load = LoadState::Failed(e.to_string());
        }
        WorkerMsg::SearchProgress {
            generation,
            done: d,
            total: t,
        } => {
            if let Some(SearchRun {
                generation: g,
                state: SearchState::Running { done, total },
                ..
            }) = model.search.run.as_mut()
                && *g == generation
            {
                *done = d;
                *total = t;
            }
        }
        WorkerMsg::Crashed(kind, e) => {
            match kind {
                JobKind::Follow => model.live.polling = false,
                JobKind::Load => {
                    model.say(NoteLevel::Warn, format!("Load failed: {e}"));
                    model.load = LoadState::Failed(e);
                    return Vec::new();
                }
                _ => {}
            }
            model.say(NoteLevel::Warn, e);
            for f in &mut model.filters {
                f.scan = None;
            }
            if let Some(SearchRun { state, .. }) = model.search.run.as_mut()
                && matches!(state, SearchState::Running { .. })
            {
                *state = SearchState::Done {
                    matches: Vec::new(),
                };
            }
        }
        WorkerMsg::SearchDone {
            generation,
            matches,
        } => search::done(model, generation, matches),
        WorkerMsg::Merged {
            generation,
            merged,
            clock,
        } => {
            if generation == model.merge_generation {
                let keep: Vec<Option<RowRef>> =
                    PaneId::ALL.iter().map(|&p| model.cursor_row(p)).collect();
                model.timeline.merged = Arc::new(merged);
                model.timeline.merged_clock = *clock;
                filter::reorder(model);
                time::restore_cursors(model, &keep);
            }
        }
        WorkerMsg::FilterProgress {
            pane,
            generation,
            done,
            total,
        } => filter::progress(model, pane, generation, done, total),
        WorkerMsg::Filtered(out) => return filter::done(model, *out),
        WorkerMsg::Copied { what, result } => copy::copied(model, &what, result),
        WorkerMsg::Written(result) => notes::written(model, result),
        WorkerMsg::Lines { data, read } => crate::tui::update::lines::read(model, data, read),
        WorkerMsg::Built { to, text } => return vec![copy::built(to, text)],
        WorkerMsg::Following(n) => live::following(model, n),
        WorkerMsg::Live(followed) => return live::arrived(model, *followed),
    }
    Vec::new()
}
