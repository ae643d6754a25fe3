//! Live follow in the model: new W3C rows are appended and merged in, an HCW log that changed
//! replaces its entries (calls paired and correlated again), a rotated W3C file is read again.
//!
//! The data is shared with background jobs through an `Arc`; updates wait in
//! [`crate::tui::model::live::Live::pending`] until no job holds it, and are applied then
//! (tried again on every tick and worker message).

use crate::analyze::cmdlet::pair_cmdlets;
use crate::source::SourceId;
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

/// Applies waiting updates if no job holds the data.
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
    let mut fx = Vec::new();
    let (mut hcw_changed, mut iis_appended, mut iis_reloaded) = (false, Vec::new(), false);
    let mut diagnosis_due = false;
    let handshakes_before = model.data.analysis.handshakes.len();
    for u in std::mem::take(&mut model.live.pending) {
        match u {
            LiveUpdate::Appended {
                source,
                rows,
                handshakes,
                mrs,
            } => {
                let Some(data) = Arc::get_mut(&mut model.data) else {
                    continue;
                };
                let Some(k) = data.request_index_of(source) else {
                    continue;
                };
                let new = data.append_rows(k, &rows);
                // Healthy handshakes change no finding; only others call for a new diagnosis.
                diagnosis_due |= !mrs.is_empty()
                    || handshakes
                        .iter()
                        .any(|h| h.outcome != crate::analyze::handshake::HandshakeOutcome::Success);
                data.add_handshakes(handshakes);
                if !mrs.is_empty() {
                    data.analysis.mrs.extend(mrs);
                    data.analysis.mrs.sort_by_key(|m| (m.ts, m.source, m.line));
                }
                if let Some(first) = new.clone().next() {
                    let line = data.analysis.requests[k].line_no(first);
                    model.live.mark_new(source, line);
                    model.live.new_rows += new.len() as u64;
                    let k16 = u16::try_from(k).unwrap_or(u16::MAX);
                    iis_appended.extend(new.map(|r| (k16, to_u32(r))));
                }
            }
            LiveUpdate::Reloaded { source, index } => {
                let Some(data) = Arc::get_mut(&mut model.data) else {
                    continue;
                };
                let Some(k) = data.request_index_of(source) else {
                    continue;
                };
                let text = index.line_text().clone();
                data.analysis.requests[k] = *index;
                rebuild(data);
                set_text(model, source, text);
                let k16 = u16::try_from(k).unwrap_or(u16::MAX);
                model
                    .marks
                    .list
                    .retain(|m| !matches!(m, Mark::Line(RowRef::Iis(x, _)) if *x == k16));
                model.live.mark_new(source, 1);
                iis_reloaded = true;
                let name = file_name(model, source);
                model.say(NoteLevel::Info, format!("{name} was replaced: read again"));
            }
            LiveUpdate::Hcw {
                source,
                entries,
                text,
            } => {
                replace_hcw(model, source, entries);
                set_text(model, source, text);
                hcw_changed = true;
            }
            LiveUpdate::Vanished { source } => {
                let name = file_name(model, source);
                model.say(
                    NoteLevel::Warn,
                    format!("{name} is gone; what was loaded stays on screen"),
                );
            }
            LiveUpdate::Failed { source, message } => {
                let name = file_name(model, source);
                model.say(NoteLevel::Warn, format!("Following {name}: {message}"));
            }
        }
    }
    if diagnosis_due || hcw_changed {
        rediagnose(model);
    }
    let data = model.data.clone();
    let clock = model.clock.clone();
    if hcw_changed || iis_reloaded {
        model.timeline.retime(&data, &clock);
    } else {
        model
            .timeline
            .handshakes_added(&data, &clock, handshakes_before);
    }
    if iis_reloaded {
        if data
            .analysis
            .requests
            .iter()
            .map(|i| i.len())
            .sum::<usize>()
            <= MERGE_INLINE_LIMIT
        {
            model.timeline.merged = Arc::new(merge(&data.analysis.requests, &clock));
            model.timeline.merged_clock = clock.clone();
        } else {
            model.merge_generation += 1;
            fx.push(Effect::Remerge {
                generation: model.merge_generation,
            });
        }
    } else if !iis_appended.is_empty() {
        let merged_clock = model.timeline.merged_clock.clone();
        let merged = Arc::make_mut(&mut model.timeline.merged);
        insert(merged, &data, &merged_clock, iis_appended.clone());
    }
    if hcw_changed {
        fx.extend(filter::data_changed(model, PaneId::Hcw, true));
        fx.extend(search::rerun(model, PaneId::Hcw));
    }
    if iis_reloaded {
        fx.extend(filter::data_changed(model, PaneId::Iis, true));
        fx.extend(search::rerun(model, PaneId::Iis));
    } else if !iis_appended.is_empty() {
        fx.extend(filter::data_changed(model, PaneId::Iis, false));
    }
    restore(model, &tail, &keep);
    fx
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

/// Replaces an HCW source's entries and pairs the calls again (the caller then links and
/// diagnoses them).
fn replace_hcw(model: &mut Model, source: SourceId, entries: Vec<crate::record::HcwEntry>) {
    let before_max = model
        .data
        .analysis
        .hcw
        .iter()
        .filter(|e| e.source == source)
        .map(|e| e.end_line)
        .max()
        .unwrap_or(0);
    let marks: Vec<(Mark, Option<(SourceId, u64)>)> = model
        .marks
        .list
        .iter()
        .map(|&m| {
            let place = match m {
                Mark::Line(r @ RowRef::Hcw(_)) => Some(place_of(model, r)),
                Mark::Call(c) => model
                    .data
                    .analysis
                    .cmdlets
                    .get(c)
                    .map(|c| (c.source, c.line)),
                _ => None,
            };
            (m, place)
        })
        .collect();
    let Some(data) = Arc::get_mut(&mut model.data) else {
        return;
    };
    let a = &mut data.analysis;
    a.hcw.retain(|e| e.source != source);
    a.hcw.extend(entries);
    a.hcw.sort_by_key(|e| e.ts);
    a.cmdlets = pair_cmdlets(&a.hcw);
    rebuild(data);
    let after_max = model
        .data
        .analysis
        .hcw
        .iter()
        .filter(|e| e.source == source)
        .map(|e| e.end_line)
        .max()
        .unwrap_or(0);
    if after_max > before_max {
        model.live.mark_new(source, before_max + 1);
    }
    let data = model.data.clone();
    model.marks.list = marks
        .into_iter()
        .filter_map(|(m, place)| match (m, place) {
            (Mark::Line(RowRef::Hcw(_)), Some((s, l))) => data.hcw_row(s, l).map(Mark::Line),
            (Mark::Call(_), Some((s, l))) => data
                .analysis
                .cmdlets
                .iter()
                .position(|c| c.source == s && c.line == l)
                .map(Mark::Call),
            (Mark::Call(_), None) => None,
            (m, _) => Some(m),
        })
        .collect();
    model.filters[PaneId::Hcw.index()].anchor = None;
}

/// Correlates and diagnoses again; finding marks and the findings list's selection stay on the
/// same findings (the k-th finding of an id stays the k-th of that id).
fn rediagnose(model: &mut Model) {
    let Some(data) = Arc::get_mut(&mut model.data) else {
        return;
    };
    let key = |f: &[crate::analyze::finding::Finding], i: usize| {
        let id = &f[i].id;
        (id.clone(), f[..i].iter().filter(|g| &g.id == id).count())
    };
    let before: Vec<(crate::analyze::finding::FindingId, usize)> =
        (0..data.analysis.findings.len())
            .map(|i| key(&data.analysis.findings, i))
            .collect();
    crate::pipeline::rediagnose(&mut data.analysis);
    let after = &data.analysis.findings;
    let now: Vec<Option<usize>> = before
        .iter()
        .map(|k| (0..after.len()).find(|&j| key(after, j) == *k))
        .collect();
    let count = after.len();
    model.marks.list.retain_mut(|m| match m {
        Mark::Finding(i) => match now.get(*i).copied().flatten() {
            Some(j) => {
                *i = j;
                true
            }
            None => false,
        },
        _ => true,
    });
    model.marks.selected = model
        .marks
        .selected
        .min(model.marks.list.len().saturating_sub(1));
    let f = &mut model.finding;
    match now.get(f.selected).copied().flatten() {
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

/// Keeps the analysis' read-back text of a source in step with its rows.
fn set_text(model: &mut Model, source: SourceId, text: crate::read::text::LineText) {
    let Some(data) = Arc::get_mut(&mut model.data) else {
        return;
    };
    if let Some(slot) = data.analysis.texts.get_mut(usize::from(source.0)) {
        *slot = text;
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
