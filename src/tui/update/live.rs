//! Live follow in the model: what a poll found ([`crate::pipeline::Delta`]) is taken in by the
//! domain, then the lookups are rebuilt and cursors, marks, the findings selection, filters and
//! searches are put back where they were.
//!
//! The data is shared with background jobs through an `Arc`; updates wait in
//! [`crate::tui::model::live::Live::pending`] until no job holds it, and are applied then
//! (tried again on every tick and worker message).

use crate::analyze::finding::Finding;
use crate::pipeline::{Applied, FollowNote};
use crate::source::{SourceId, SourceKind};
use crate::tui::effect::Effect;
use crate::tui::model::data::{Data, to_u32};
use crate::tui::model::live::LiveUpdate;
use crate::tui::model::marks::Mark;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::model::timeline::{insert, merge};
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::time::MERGE_INLINE_LIMIT;
use crate::tui::update::{filter, navigate, search};
use std::sync::Arc;

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
    let text = if model.live.enabled {
        "Following: new lines appear as the logs grow"
    } else {
        "Follow paused: new lines are read when you resume"
    };
    model.say(NoteLevel::Info, text);
}

/// Following started.
pub fn following(model: &mut Model, sources: usize) {
    model.live.followed = sources;
}

/// A poll found changes.
pub fn arrived(model: &mut Model, updates: Vec<LiveUpdate>) -> Vec<Effect> {
    model.live.pending.extend(updates);
    apply_pending(model)
}

/// Applies waiting updates if no job holds the data: the domain takes each in
/// ([`crate::pipeline::Analysis::apply`]), then the lookups are rebuilt and cursors, marks and
/// the findings selection are put back on the rows and items they were on.
pub fn apply_pending(model: &mut Model) -> Vec<Effect> {
    if model.live.pending.is_empty() || Arc::get_mut(&mut model.data).is_none() {
        return Vec::new();
    }
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
    let hcw_ends = hcw_ends(model);
    let mut done = Vec::new();
    for delta in std::mem::take(&mut model.live.pending) {
        for note in &delta.notes {
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
            };
            model.say(level, text);
        }
        let Some(data) = Arc::get_mut(&mut model.data) else {
            continue;
        };
        done.push(data.analysis.apply(delta));
    }
    if done.iter().all(|d| *d == Applied::default()) {
        return Vec::new();
    }
    if let Some(data) = Arc::get_mut(&mut model.data) {
        rebuild(data);
    }
    let hcw_changed = done.iter().any(|d| d.hcw);
    let reread: Vec<SourceId> = done
        .iter()
        .flat_map(|d| d.replaced.iter().chain(&d.added).copied())
        .collect();
    // Lines of a W3C file read again are other lines now: marks on the old ones go.
    let gone: Vec<SourceId> = reread
        .iter()
        .copied()
        .filter(|&s| model.data.kind(s).is_some_and(|k| k != SourceKind::Hcw))
        .collect();
    let mut appended: Vec<(u16, u32)> = Vec::new();
    for d in &done {
        for &(source, k, before) in &d.appended {
            let idx = &model.data.analysis.requests[k];
            if let Some(line) = (before < idx.len()).then(|| idx.line_no(before)) {
                model.live.mark_new(source, line);
            }
            model.live.new_rows += (idx.len() - before) as u64;
            let k16 = u16::try_from(k).unwrap_or(u16::MAX);
            appended.extend((before..idx.len()).map(|r| (k16, to_u32(r))));
        }
    }
    note_reread(model, &done, &hcw_ends);
    restore_marks(model, marks, &findings_before, &gone);
    let data = model.data.clone();
    let clock = model.clock.clone();
    model.timeline.retime(&data, &clock);
    let iis_reread = !gone.is_empty();
    let mut fx = Vec::new();
    if iis_reread {
        let rows: usize = data.analysis.requests.iter().map(|i| i.len()).sum();
        if rows <= MERGE_INLINE_LIMIT {
            model.timeline.merged = Arc::new(merge(&data.analysis.requests, &clock));
            model.timeline.merged_clock = clock.clone();
        } else {
            model.merge_generation += 1;
            fx.push(Effect::Remerge {
                generation: model.merge_generation,
            });
        }
    } else if !appended.is_empty() {
        let merged_clock = model.timeline.merged_clock.clone();
        let merged = Arc::make_mut(&mut model.timeline.merged);
        insert(merged, &data, &merged_clock, appended.clone());
    }
    if hcw_changed {
        model.filters[PaneId::Hcw.index()].anchor = None;
        fx.extend(filter::data_changed(model, PaneId::Hcw, true));
        fx.extend(search::rerun(model, PaneId::Hcw));
    }
    if iis_reread {
        fx.extend(filter::data_changed(model, PaneId::Iis, true));
        fx.extend(search::rerun(model, PaneId::Iis));
    } else if !appended.is_empty() {
        fx.extend(filter::data_changed(model, PaneId::Iis, false));
    }
    restore(model, &tail, &keep);
    fx
}

/// The last line of each HCW source's entries.
fn hcw_ends(model: &Model) -> Vec<(SourceId, u64)> {
    let a = &model.data.analysis;
    a.sources
        .iter()
        .filter(|s| s.kind == SourceKind::Hcw)
        .map(|s| {
            let end = a
                .hcw
                .iter()
                .filter(|e| e.source == s.id)
                .map(|e| e.end_line)
                .max();
            (s.id, end.unwrap_or(0))
        })
        .collect()
}

/// Marks what was read again as new: the lines an HCW log gained, a replaced W3C file or a
/// new file whole (with a message).
fn note_reread(model: &mut Model, done: &[Applied], hcw_ends: &[(SourceId, u64)]) {
    for d in done {
        for &source in &d.replaced {
            match hcw_ends.iter().find(|(s, _)| *s == source) {
                Some(&(_, before)) => {
                    if hcw_ends_of(model, source) > before {
                        model.live.mark_new(source, before + 1);
                    }
                }
                None => {
                    model.live.mark_new(source, 1);
                    let name = file_name(model, source);
                    model.say(NoteLevel::Info, format!("{name} was replaced: read again"));
                }
            }
        }
        for &source in &d.added {
            model.live.mark_new(source, 1);
            let name = file_name(model, source);
            model.say(NoteLevel::Info, format!("{name} is new: added"));
        }
    }
}

fn hcw_ends_of(model: &Model, source: SourceId) -> u64 {
    let a = &model.data.analysis;
    a.hcw
        .iter()
        .filter(|e| e.source == source)
        .map(|e| e.end_line)
        .max()
        .unwrap_or(0)
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

/// Where each mark points, by something that survives a rebuild: a row's file line, a call's
/// or handshake's first line, a finding's id and rank among findings of that id.
#[derive(Debug, Clone)]
enum Place {
    Row(SourceId, u64),
    Call(SourceId, u64),
    Handshake(SourceId, u64),
    Finding(usize),
    /// What it pointed at is gone already.
    Gone,
}

fn mark_places(model: &Model) -> Vec<Place> {
    let a = &model.data.analysis;
    model
        .marks
        .list
        .iter()
        .map(|&m| match m {
            Mark::Line(r) => Place::Row(model.data.source_of(r), model.data.line_of(r)),
            Mark::Call(c) => a
                .cmdlets
                .get(c)
                .map_or(Place::Gone, |c| Place::Call(c.source, c.line)),
            Mark::Handshake(h) => a
                .handshakes
                .get(h)
                .and_then(|h| h.legs.first())
                .map_or(Place::Gone, |l| Place::Handshake(l.source, l.line)),
            Mark::Finding(i) => Place::Finding(i),
        })
        .collect()
}

/// A finding's identity across diagnoses: its id and how many of that id come before it.
fn finding_keys(findings: &[Finding]) -> Vec<(String, usize)> {
    (0..findings.len())
        .map(|i| {
            let id = &findings[i].id;
            (
                id.to_string(),
                findings[..i].iter().filter(|g| &g.id == id).count(),
            )
        })
        .collect()
}

/// Puts marks and the findings list's selection back on what they pointed at; marks on lines
/// of `gone` sources (read again) and on items that no longer exist are dropped.
fn restore_marks(
    model: &mut Model,
    places: Vec<Place>,
    before: &[(String, usize)],
    gone: &[SourceId],
) {
    let data = model.data.clone();
    let a = &data.analysis;
    let after = finding_keys(&a.findings);
    let finding = |i: usize| {
        before
            .get(i)
            .and_then(|k| after.iter().position(|x| x == k))
    };
    model.marks.list = places
        .into_iter()
        .filter_map(|p| match p {
            Place::Row(s, _) if gone.contains(&s) => None,
            Place::Row(s, l) => data.row_of(s, l).map(Mark::Line),
            Place::Call(s, l) => a
                .cmdlets
                .iter()
                .position(|c| c.source == s && c.line == l)
                .map(Mark::Call),
            Place::Handshake(s, l) => a
                .handshakes
                .iter()
                .position(|h| h.legs.first().is_some_and(|x| x.source == s && x.line == l))
                .map(Mark::Handshake),
            Place::Finding(i) => finding(i).map(Mark::Finding),
            Place::Gone => None,
        })
        .collect();
    model.marks.selected = model
        .marks
        .selected
        .min(model.marks.list.len().saturating_sub(1));
    let count = a.findings.len();
    let f = &mut model.finding;
    match finding(f.selected) {
        Some(j) if j == f.selected => {}
        Some(j) => {
            f.selected = j;
            f.evidence = 0;
            f.scroll = 0;
        }
        None => {
            f.selected = f.selected.min(count.saturating_sub(1));
            f.evidence = 0;
            f.scroll = 0;
        }
    }
}

/// Rebuilds the lookups after rows were replaced.
fn rebuild(data: &mut Data) {
    let analysis = std::mem::take(&mut data.analysis);
    *data = Data::new(analysis);
}

fn file_name(model: &Model, source: SourceId) -> String {
    model
        .data
        .analysis
        .sources
        .iter()
        .find(|s| s.id == source)
        .and_then(|s| s.path.file_name())
        .map(|f| crate::escape::escape_control(&f.to_string_lossy()).into_owned())
        .unwrap_or_else(|| "a log".into())
}
