//! Cursor moves, scrolling, focus, and keeping the other pane at the same instant.

use crate::tui::model::Model;
use crate::tui::model::pane::PaneId;

/// How a move scrolls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scroll {
    /// As little as needed to keep the cursor visible.
    Keep,
    /// Put the cursor in the middle (after jumps).
    Center,
}

/// Moves a pane's cursor by `delta` rows.
pub fn by(model: &mut Model, p: PaneId, delta: isize) {
    let cur = model.pane(p).cursor;
    let pos = cur.saturating_add_signed(delta);
    set(model, p, pos, Scroll::Keep);
}

/// Moves a pane's cursor to a position (clamped).
pub fn to(model: &mut Model, p: PaneId, pos: usize) {
    set(model, p, pos, Scroll::Keep);
}

/// Sets the cursor, scrolls, and syncs the other pane when `p` is focused and sync is on.
pub fn set(model: &mut Model, p: PaneId, pos: usize, how: Scroll) {
    let len = model.pane_len(p);
    if len == 0 {
        return;
    }
    let pos = pos.min(len - 1);
    model.panes[p.index()].cursor = pos;
    scroll(model, p, how);
    if p == model.focus && model.clock.sync {
        sync_other(model);
    }
}

/// Puts the unfocused pane's cursor on the row nearest the focused cursor's instant.
pub fn sync_other(model: &mut Model) {
    let Some(t) = model.cursor_time() else {
        return;
    };
    let other = model.focus.other();
    if let Some(pos) = model.pos_near(other, t) {
        model.panes[other.index()].cursor = pos;
        scroll(model, other, Scroll::Center);
    }
}

/// Switches focus to the other pane (its cursor already sits at the same instant when synced).
pub fn switch_focus(model: &mut Model) {
    model.focus = model.focus.other();
}

/// Re-clamps both panes after a resize or a data change.
pub fn keep_visible(model: &mut Model) {
    for p in PaneId::ALL {
        let len = model.pane_len(p);
        let pane = &mut model.panes[p.index()];
        pane.cursor = pane.cursor.min(len.saturating_sub(1));
        scroll(model, p, Scroll::Keep);
    }
}

fn scroll(model: &mut Model, p: PaneId, how: Scroll) {
    let page = model.page(p);
    let len = model.pane_len(p);
    let pane = &mut model.panes[p.index()];
    let max = len.saturating_sub(page);
    pane.scroll = match how {
        Scroll::Center => pane.cursor.saturating_sub(page / 2),
        Scroll::Keep if pane.cursor < pane.scroll => pane.cursor,
        Scroll::Keep if pane.cursor >= pane.scroll + page => pane.cursor + 1 - page,
        Scroll::Keep => pane.scroll,
    }
    .min(max);
}
