//! Live follow in the model: the follow tick asks for a poll ([`poll`], one at a time), and
//! the data a poll built on a worker ([`crate::tui::worker::follow`]) is swapped in
//! ([`arrived`]); cursors, marks, the findings selection, filters and searches are put back
//! where they were. No domain work happens here: jobs still reading the old data finish on it
//! (results for renumbered rows are dropped by their generation).

use crate::pipeline::{Applied, FollowNote};
use crate::source::{SourceId, SourceKind};
use crate::tui::effect::Effect;
use crate::tui::model::lines::key_of;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::{filter, navigate, search, time};
use crate::tui::worker::follow::{Followed, Next};
use marks::{finding_keys, mark_places, restore_marks};

mod marks;

/// `P`: pauses or resumes following.
pub fn toggle(model: &mut Model) {
    if model.live.followed == 0 {
        model.say(
            NoteLevel::Info,
            "Not following: no loaded log can be watched",
        );
        return;
    }
    model.live.enabled = !model.live.enabled;
    let text = match (model.live.enabled, hcw_only(model)) {
        (true, false) => "Following: new lines appear as the logs grow",
        (true, true) => "Following the HCW log only (the time window ends)",
        (false, _) => "Follow paused: new lines are read when you resume",
    };
    model.say(NoteLevel::Info, text);
}

/// True when only the HCW logs are followed while other logs are loaded: a time window with
/// an end (lines appended after it lie outside, so the load follows no W3C file then).
pub fn hcw_only(model: &Model) -> bool {
    let a = &model.data.analysis;
    a.window.as_ref().is_some_and(|w| w.window.until.is_some())
        && a.sources.iter().any(|s| s.kind != SourceKind::Hcw)
}

/// Following started.
pub fn following(model: &mut Model, sources: usize) {
    model.live.followed = sources;
}

/// The follow tick: asks for a poll unless following is paused or a poll is still being
/// applied (what arrives meanwhile is read by the next poll, together).
pub fn poll(model: &mut Model) -> Vec<Effect> {
    if !model.live.enabled || model.live.polling || model.is_loading() {
        return Vec::new();
    }
    model.live.polling = true;
    vec![Effect::Poll]
}

/// A poll finished: its messages are shown, and the data it built (on a worker) is swapped
/// in; cursors, marks, the findings selection, filters and searches are put back on the rows
/// and items they were on.
pub fn arrived(model: &mut Model, followed: Followed) -> Vec<Effect> {
    model.live.polling = false;
    for note in &followed.notes {
        let (level, text) = match note {
            FollowNote::Vanished(s) => (
                NoteLevel::Warn,
                format!(
                    "{} is gone; what was loaded stays on screen",
                    file_name(model, *s)
                ),
            ),
            FollowNote::Failed(s, m) => (
                NoteLevel::Warn,
                format!("Following {}: {m}", file_name(model, *s)),
            ),
            // Said once the rows show it (below).
            FollowNote::Renamed { .. } => continue,
        };
        model.say(level, text);
    }
    let fx = match followed.next {
        // Built on data no longer shown (a reload): dropped.
        Some(next) if next.base == key_of(&model.data) => swap(model, *next),
        _ => return Vec::new(),
    };
    // Rows that change server under the cursor: said last (over "read again", "is new"),
    // with what they showed before.
    for note in &followed.notes {
        if let FollowNote::Renamed { source, from, to } = note {
            let text = format!(
                "{}: server now {} (was {}), a new log joined its folder",
                file_name(model, *source),
                crate::escape::escape_control(to),
                crate::escape::escape_control(from)
            );
            model.say(NoteLevel::Info, text);
        }
    }
    fx
}

/// Swaps in the next data and puts everything back on it.
fn swap(model: &mut Model, next: Next) -> Vec<Effect> {
    let tail: Vec<bool> = PaneId::ALL
        .iter()
        .map(|&p| model.pane_len(p) > 0 && model.pane(p).cursor + 1 >= model.pane_len(p))
        .collect();
    let keep: Vec<Option<(SourceId, u64)>> = PaneId::ALL
        .iter()
        .map(|&p| model.cursor_row(p).map(|r| place_of(model, r)))
        .collect();
    let marks = mark_places(model);
    let findings_before = finding_keys(&model.data.analysis.findings);
    // Lines of a W3C file read again are other lines now: marks and texts of the old ones go.
    let gone = next.renumbered();
    let reread: Vec<SourceId> = next
        .applied
        .iter()
        .flat_map(|d| d.replaced.iter().chain(&d.added).copied())
        .collect();
    let (hcw_changed, appended) = (next.hcw_changed(), next.iis_appended());
    let clock_moved = next.clock != model.clock;
    model.data = next.data;
    model.timeline = next.timeline;
    // A re-merge started on the old rows is not wanted any more.
    model.merge_generation += 1;
    let key = key_of(&model.data);
    model.lines.rekey(key, |e| !reread.contains(&e.source));
    for &(source, line) in &next.new_from {
        model.live.mark_new(source, line);
    }
    model.live.new_rows += next.new_rows;
    say_reread(model, &next.applied);
    restore_marks(model, marks, &findings_before, &gone);
    let mut fx = Vec::new();
    if clock_moved {
        // An offset changed while the poll was being applied: the orders follow it.
        fx.extend(time::retime(model));
    }
    if hcw_changed {
        model.filters[PaneId::Hcw.index()].anchor = None;
        fx.extend(filter::data_changed(model, PaneId::Hcw, true));
        fx.extend(search::rerun(model, PaneId::Hcw));
    }
    if !gone.is_empty() {
        fx.extend(filter::data_changed(model, PaneId::Iis, true));
        fx.extend(search::rerun(model, PaneId::Iis));
    } else if appended {
        fx.extend(filter::data_changed(model, PaneId::Iis, false));
    }
    restore(model, &tail, &keep);
    fx
}

/// Says which files were read again whole or joined.
fn say_reread(model: &mut Model, done: &[Applied]) {
    for d in done {
        for &source in &d.replaced {
            if model.data.kind(source) != Some(SourceKind::Hcw) {
                let name = file_name(model, source);
                model.say(NoteLevel::Info, format!("{name} was replaced: read again"));
            }
        }
        for &source in &d.added {
            let name = file_name(model, source);
            model.say(NoteLevel::Info, format!("{name} is new: added"));
        }
    }
}

/// Where a row is in its file, to find it again after the rows were numbered anew.
fn place_of(model: &Model, row: RowRef) -> (SourceId, u64) {
    (model.data.source_of(row), model.data.line_of(row))
}

fn restore(model: &mut Model, tail: &[bool], keep: &[Option<(SourceId, u64)>]) {
    for (i, &p) in PaneId::ALL.iter().enumerate() {
        let len = model.pane_len(p);
        if len == 0 {
            continue;
        }
        let pos = if tail[i] {
            Some(len - 1)
        } else {
            keep[i]
                .and_then(|(s, l)| model.data.row_of(s, l))
                .and_then(|r| model.pos_of(r))
        };
        if let Some(pos) = pos {
            model.panes[p.index()].cursor = pos;
        }
    }
    navigate::keep_visible(model);
    let focus = model.focus;
    let cursor = model.pane(focus).cursor;
    let how = if tail[focus.index()] {
        navigate::Scroll::Keep
    } else {
        navigate::Scroll::Center
    };
    navigate::set(model, focus, cursor, how);
}

fn file_name(model: &Model, source: SourceId) -> String {
    crate::source::by_id(&model.data.analysis.sources, source)
        .and_then(|s| s.path.file_name())
        .map(|f| crate::escape::escape_control(&f.to_string_lossy()).into_owned())
        .unwrap_or_else(|| "a log".into())
}
