//! Applying filter scan results: keeping the newest, extending it with rows appended later,
//! and deriving what the pane shows from it, with the cursor put back where it was.

use crate::tui::effect::Effect;
use crate::tui::model::Model;
use crate::tui::model::filter::{Scan, visible_rows};
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::update::navigate::{self, Scroll};
use crate::tui::update::search;
use crate::tui::worker::scan::{FilterOutcome, space_lens};
use std::sync::Arc;

/// Scan progress.
pub fn progress(model: &mut Model, p: PaneId, generation: u64, done: u64, total: u64) {
    if let Some(s) = model.filters[p.index()].scan.as_mut()
        && s.generation == generation
    {
        s.done = done;
        s.total = total;
    }
}

/// A scan finished: keep its result if it is still wanted, then show it.
pub fn done(model: &mut Model, out: FilterOutcome) -> Vec<Effect> {
    let p = out.pane;
    let f = &mut model.filters[p.index()];
    if out.generation != f.generation {
        return Vec::new();
    }
    if out.full {
        f.stack.set_hits(&out.hits);
        f.member = Some(out.member);
    } else {
        let current = f.member_generation == out.generation;
        let Some(m) = f.member.as_mut().filter(|_| current) else {
            f.scan = None;
            return Vec::new();
        };
        m.extend(&out.member);
        let hits: Vec<u64> = f
            .stack
            .rules()
            .iter()
            .zip(&out.hits)
            .map(|(r, h)| r.hits + h)
            .collect();
        f.stack.set_hits(&hits);
    }
    f.member_generation = out.generation;
    f.scan = None;
    rebuild(model, p);
    let mut fx = catch_up(model, p);
    if out.full {
        fx.extend(search::rerun(model, p));
    }
    fx
}

/// Asks for a scan of rows appended since the last one, if any and none is running.
pub fn catch_up(model: &mut Model, p: PaneId) -> Vec<Effect> {
    let lens = space_lens(&model.data, p);
    let f = &mut model.filters[p.index()];
    let Some(m) = f.member.as_ref() else {
        return Vec::new();
    };
    let behind = lens
        .iter()
        .enumerate()
        .any(|(s, &n)| m.covered.get(s).copied().unwrap_or(0) < n);
    if !behind || f.scan.is_some() || !f.stack.is_active() || f.member_generation != f.generation {
        return Vec::new();
    }
    f.scan = Some(Scan {
        generation: f.generation,
        done: 0,
        total: 0,
    });
    vec![Effect::Filter {
        pane: p,
        full: false,
        delay: false,
    }]
}

/// The pane's rows or row numbers changed under its filter (rows appended, or a file read
/// again): show what is known, and scan what is not.
pub fn data_changed(model: &mut Model, p: PaneId, renumbered: bool) -> Vec<Effect> {
    if !model.filter(p).is_active() {
        return Vec::new();
    }
    if renumbered {
        let f = &mut model.filters[p.index()];
        f.member = None;
        f.visible = None;
        return super::changed(model, p, false);
    }
    refresh(model, p);
    catch_up(model, p)
}

/// Re-derives the visible rows of both panes after their order changed (clock offsets).
pub fn reorder(model: &mut Model) {
    for p in PaneId::ALL {
        refresh(model, p);
    }
}

fn refresh(model: &mut Model, p: PaneId) {
    let f = model.filter(p);
    let visible = match (&f.member, f.is_active()) {
        (Some(m), true) => Some(Arc::new(visible_rows(&model.timeline, p, m))),
        _ => None,
    };
    model.filters[p.index()].visible = visible;
}

/// Shows the newest result and puts the cursor back on its row (or the nearest instant).
pub(super) fn rebuild(model: &mut Model, p: PaneId) {
    let keep: Option<RowRef> = model.filter(p).anchor.or_else(|| model.cursor_row(p));
    let at = keep.map(|r| model.time_of(r));
    refresh(model, p);
    let found = keep.and_then(|r| model.pos_of(r));
    if found.is_some() || model.filter(p).scan.is_none() {
        model.filters[p.index()].anchor = None;
    }
    let pos = found
        .or_else(|| at.and_then(|t| model.pos_near(p, t)))
        .unwrap_or(0);
    if model.pane_len(p) > 0 {
        navigate::set(model, p, pos, Scroll::Center);
    } else {
        model.panes[p.index()] = Default::default();
    }
}
