//! Where each part of the screen goes, as a pure function of the terminal size.
//!
//! `update` uses it too (page sizes, keeping the cursor visible), so the view and the model
//! always agree on how many rows a pane shows.

use ratatui::layout::Rect;

/// Width from which the panes sit side by side.
pub const WIDE: u16 = 140;

/// The screen's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// HCW pane (title line + rows).
    pub hcw: Rect,
    /// IIS pane.
    pub iis: Rect,
    /// Timeline strip between the panes and the detail (height 0 on tiny screens).
    pub strip: Rect,
    /// Detail pane.
    pub detail: Rect,
    /// Status line.
    pub status: Rect,
    /// Key hints line.
    pub hints: Rect,
    /// Panes side by side.
    pub wide: bool,
}

/// Splits the screen (both panes have sources).
pub fn areas(area: Rect) -> Areas {
    areas_with(area, [false, false])
}

/// Splits the screen; a pane marked empty (`[hcw, iis]`: no log of its kind loaded) shrinks to
/// one full-width line and gives its rows to the other (when both are empty, neither does).
pub fn areas_with(area: Rect, empty: [bool; 2]) -> Areas {
    let mut a = split(area);
    let top = Rect::new(area.x, area.y, area.width, a.strip.y - area.y);
    if top.height < 3 {
        return a;
    }
    match empty {
        [true, false] => {
            a.hcw = Rect::new(top.x, top.y, top.width, 1);
            a.iis = Rect::new(top.x, top.y + 1, top.width, top.height - 1);
            a.wide = false;
        }
        [false, true] => {
            a.hcw = Rect::new(top.x, top.y, top.width, top.height - 1);
            a.iis = Rect::new(top.x, top.y + top.height - 1, top.width, 1);
            a.wide = false;
        }
        _ => {}
    }
    a
}

fn split(area: Rect) -> Areas {
    let h = area.height;
    let bars = h.min(2);
    let rest = h - bars;
    let wide = area.width >= WIDE;
    let detail_h = if wide {
        (rest / 3).clamp(6.min(rest), 14.min(rest))
    } else {
        (rest / 4).clamp(6.min(rest), 12.min(rest))
    };
    // The strip takes a row once the panes keep at least a dozen.
    let strip_h = u16::from(rest >= detail_h + 13);
    let panes_h = rest - detail_h - strip_h;
    let top = Rect::new(area.x, area.y, area.width, panes_h);
    let (hcw, iis) = if wide {
        let left = area.width / 2;
        (
            Rect::new(top.x, top.y, left, top.height),
            Rect::new(top.x + left, top.y, area.width - left, top.height),
        )
    } else {
        let hcw_h = (u32::from(panes_h) * 2 / 5) as u16;
        (
            Rect::new(top.x, top.y, top.width, hcw_h),
            Rect::new(top.x, top.y + hcw_h, top.width, panes_h - hcw_h),
        )
    };
    let strip = Rect::new(area.x, area.y + panes_h, area.width, strip_h);
    let detail = Rect::new(area.x, area.y + panes_h + strip_h, area.width, detail_h);
    let status_y = detail.y + detail_h;
    Areas {
        hcw,
        iis,
        strip,
        detail,
        status: Rect::new(area.x, status_y, area.width, bars.min(1)),
        hints: Rect::new(area.x, status_y + 1, area.width, bars.saturating_sub(1)),
        wide,
    }
}

/// Rows a pane of this area shows (its first line is the title).
pub fn rows_of(pane: Rect) -> usize {
    usize::from(pane.height.saturating_sub(1))
}

/// The rectangle of a popup: the full width on narrow screens, centred on wide ones; the
/// status and hint lines below stay visible.
pub fn popup(area: Rect) -> Rect {
    let w = if area.width <= 90 {
        area.width
    } else {
        (area.width * 4 / 5).max(88)
    };
    let h = if area.height > 10 {
        area.height - 2
    } else {
        area.height
    };
    Rect::new(area.x + (area.width - w) / 2, area.y, w, h)
}

/// A popup just big enough for `rows` × `cols` inside its border (capped by the popup area),
/// centred.
pub fn sized_popup(area: Rect, rows: u16, cols: u16) -> Rect {
    let max = popup(area);
    let w = cols.saturating_add(2).min(max.width);
    let h = rows.saturating_add(2).min(max.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        max.y + (max.height - h) / 2,
        w,
        h,
    )
}

/// Rows and columns inside a bordered popup.
pub fn popup_inner(area: Rect) -> (usize, usize) {
    let p = popup(area);
    (
        usize::from(p.height.saturating_sub(2)),
        usize::from(p.width.saturating_sub(2)),
    )
}
