//! Keeping the timeline strip current: [`refresh`] recomputes its fine buckets when the data,
//! a pane's filter result or a clock offset changed (checked after every message, cheap when
//! nothing did), over the range [`crate::tui::model::strip`] says, and `z` / `Z` zoom around
//! the cursor.

use crate::analyze::overview::timeline::{Select, timeline_with};
use crate::source::SourceKind;
use crate::time::UtcMs;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::model::filter::Membership;
use crate::tui::model::pane::PaneId;
use crate::tui::model::strip::{FINE, MAX_ZOOM, StripKey};
use crate::tui::model::{Model, NoteLevel};
use std::collections::HashMap;
use std::sync::Arc;

/// Zooms in (`true`) or out one step. Zooming in centres on the cursor: a focused pane
/// without lines has none, so `z` says so (it would zoom on the middle of the logs instead).
pub fn zoom(model: &mut Model, zoom_in: bool) {
    if zoom_in && model.cursor_time().is_none() {
        let pane = model.focus;
        let hint = if model.pane_len(pane.other()) > 0 {
            let key = model
                .settings
                .keymap
                .key_for(Mode::Normal, Action::FocusNextPane)
                .unwrap_or_else(|| "Tab".into());
            format!(" ({key}: the {} pane)", pane.other().name())
        } else {
            String::new()
        };
        let text = format!("No {} line to zoom in around{hint}", pane.name());
        model.say(NoteLevel::Info, text);
        return;
    }
    let z = model.strip.zoom;
    model.strip.zoom = if zoom_in {
        (z + 1).min(MAX_ZOOM)
    } else {
        z.saturating_sub(1)
    };
}

fn key(model: &Model) -> StripKey {
    let member = |p: PaneId| {
        let f = model.filter(p);
        if f.is_active() && f.member.is_some() {
            f.member_generation.max(1)
        } else {
            0
        }
    };
    StripKey {
        data: Arc::as_ptr(&model.data) as usize,
        rows: model
            .data
            .analysis
            .requests
            .iter()
            .map(|r| r.len())
            .sum::<usize>()
            + model.data.analysis.hcw.len(),
        members: [member(PaneId::Hcw), member(PaneId::Iis)],
        offsets: model.clock.offsets.clone(),
    }
}

/// Recomputes the fine timeline when what it depends on changed.
pub fn refresh(model: &mut Model) {
    if model.is_loading() {
        return;
    }
    let key = key(model);
    if model.strip.fine.is_some() && key == model.strip.key {
        return;
    }
    let (fine, last, outside) = match compute(model) {
        Some((t, last, outside)) => (Some(Arc::new(t)), Some(last), outside),
        None => (None, None, [None, None]),
    };
    model.strip.fine = fine;
    model.strip.last = last;
    model.strip.outside = outside;
    model.strip.key = key;
    model.strip.computed += 1;
}

fn membership(model: &Model, p: PaneId) -> Option<&Membership> {
    let f = model.filter(p);
    if f.is_active() {
        f.member.as_ref()
    } else {
        None
    }
}

fn kept(m: &Membership, space: usize, row: usize) -> bool {
    row >= m.covered.get(space).copied().unwrap_or(0) || m.has(space, row)
}

/// Where each loaded source's lines lie (offsets applied), and whether the strip spans it
/// ([`crate::analyze::overview::apart::charted`], the HTML timeline's rule).
fn spans(model: &Model) -> Vec<(UtcMs, UtcMs, SourceKind, bool)> {
    let a = &model.data.analysis;
    let clock = &model.clock;
    let spans: Vec<_> = a
        .sources
        .iter()
        .filter_map(|s| {
            let (lo, hi) = s.span?;
            let shift = clock.offset(s.id);
            Some((lo.plus_ms(shift), hi.plus_ms(shift), s.kind))
        })
        .collect();
    let charted = crate::analyze::overview::apart::charted(&spans);
    spans
        .into_iter()
        .zip(charted)
        .map(|((lo, hi, k), c)| (lo, hi, k, c))
        .collect()
}

/// The fine timeline, its last instant and the evidence outside it.
type Computed = (
    crate::analyze::overview::timeline::Timeline,
    UtcMs,
    [Option<(UtcMs, SourceKind)>; 2],
);

/// The fine timeline, the last instant it covers, and the evidence outside it.
fn compute(model: &Model) -> Option<Computed> {
    let a = &model.data.analysis;
    let clock = &model.clock;
    let shift = |s| clock.offset(s);
    let spans = spans(model);
    let spanned = spans.iter().filter(|s| s.3);
    let lo = spanned.clone().map(|s| s.0).min()?;
    let hi = spanned.map(|s| s.1).max()?;
    let before = spans
        .iter()
        .filter(|s| s.0 < lo)
        .min_by_key(|s| s.0)
        .map(|s| (s.0, s.2));
    let after = spans
        .iter()
        .filter(|s| s.1 > hi)
        .max_by_key(|s| s.1)
        .map(|s| (s.1, s.2));
    let iis = membership(model, PaneId::Iis);
    let hcw = membership(model, PaneId::Hcw);
    let rows = |k: usize, r: usize| iis.is_none_or(|m| kept(m, k, r));
    let entries: HashMap<_, usize> = match hcw {
        Some(_) => a
            .hcw
            .iter()
            .enumerate()
            .map(|(i, e)| ((e.source, e.line), i))
            .collect(),
        None => HashMap::new(),
    };
    let lines = |s, line| {
        if let (Some(m), Some(&i)) = (hcw, entries.get(&(s, line))) {
            return kept(m, 0, i);
        }
        match (iis, a.requests.iter().position(|r| r.source == s)) {
            (Some(m), Some(k)) => a.requests[k]
                .row_of_line(line)
                .is_none_or(|r| kept(m, k, r)),
            _ => true,
        }
    };
    let sel = Select {
        rows: &rows,
        lines: &lines,
        shift: &shift,
    };
    let hi = hi.max(UtcMs(lo.0 + 1));
    Some((timeline_with(a, &sel, lo, hi, FINE), hi, [before, after]))
}
