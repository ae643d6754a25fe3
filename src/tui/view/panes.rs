//! The HCW and IIS panes: a title line (pane, date and zone of the cursor, position, filter
//! counts) and the visible rows. A two-column gutter shows the cursor (`>`) or a leg of the
//! selected handshake (`*`), then a mark (`#`) or a line that arrived while following (`+`);
//! search matches are highlighted. Where the day changes between two visible rows, a marker
//! line names it (`days.rs`).

use crate::source::SourceKind;
use crate::tui::model::Model;
use crate::tui::model::pane::PaneId;
use crate::tui::view::cut::edge_mark;
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::{days, rows};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// Why a pane without lines is empty although logs of its kind were loaded: none of their
/// lines could be read (a file whose lines all miss a field, a cut header). `None` when no
/// such log was loaded.
fn unread(model: &Model, p: PaneId) -> Option<String> {
    let kinds: &[SourceKind] = match p {
        PaneId::Hcw => &[SourceKind::Hcw],
        PaneId::Iis => &[SourceKind::Iis, SourceKind::Httperr, SourceKind::W3c],
    };
    let (files, unparsed) = model
        .data
        .analysis
        .sources
        .iter()
        .filter(|s| kinds.contains(&s.kind))
        .fold((0u64, 0u64), |(f, u), s| (f + 1, u + s.stats.unparsed));
    if files == 0 {
        return None;
    }
    let logs = if files == 1 { "log" } else { "logs" };
    Some(format!(
        "No line read from {files} {} {logs}: {unparsed} unparsed (I: each file and why).",
        p.name()
    ))
}

/// Why the IIS pane has no line although IIS logs were given: the time window left them out.
fn outside_window(model: &Model, p: PaneId) -> Option<String> {
    (p == PaneId::Iis)
        .then(|| model.iis_left_out())
        .flatten()
        .map(|l| l.pane_text())
}

/// Draws one pane.
pub fn draw(model: &Model, frame: &mut Frame, p: PaneId, area: Rect, theme: &Theme) {
    let focused = model.focus == p;
    if model.empty_panes()[p.index()] && area.height <= 1 {
        let (long, short) = match p {
            PaneId::Hcw => (
                "No HCW log loaded: add the wizard's log folder (%AppData%\\Microsoft\\Exchange Hybrid Configuration)",
                "No HCW log: add %AppData%\\Microsoft\\Exchange Hybrid Configuration",
            ),
            PaneId::Iis => (
                "No IIS log loaded: add the u_ex*.log files or their folder (inetpub\\logs\\LogFiles\\W3SVC1)",
                "No IIS log: add u_ex*.log or inetpub\\logs\\LogFiles\\W3SVC1",
            ),
        };
        // The folder is what the admin needs: a narrow pane gets the short text, not a cut path.
        let room = usize::from(area.width).saturating_sub(p.name().chars().count() + 3);
        let outside = outside_window(model, p);
        let what = match &outside {
            Some(text) => text.as_str(),
            None if long.chars().count() <= room => long,
            None => short,
        };
        let line = Line::from(vec![
            Span::styled(format!(" {} ", p.name()), theme.style(Role::Title)),
            Span::styled(format!(" {what}"), theme.style(Role::Dim)),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let mut borders = Borders::TOP;
    if p == PaneId::Iis && model.areas().wide {
        borders |= Borders::LEFT;
    }
    let block = Block::new()
        .borders(borders)
        .border_style(theme.style(Role::Dim))
        .title(title(model, p, focused, theme))
        .title_top(position(model, p).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let len = model.pane_len(p);
    if len == 0 {
        let text = match p {
            _ if model.filter(p).is_active() => {
                "No line matches this pane's filters (L lists them).".to_string()
            }
            _ => outside_window(model, p)
                .or_else(|| unread(model, p))
                .unwrap_or_else(|| {
                    match p {
                        PaneId::Hcw => "No HCW log loaded.",
                        PaneId::Iis => "No IIS log loaded (add u_ex*.log files or their folder).",
                    }
                    .to_string()
                }),
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.style(Role::Dim))),
            inner,
        );
        return;
    }
    let pane = model.pane(p);
    let height = usize::from(inner.height);
    let legs_of = model.current_handshake();
    let regex = model
        .search
        .run
        .as_ref()
        .filter(|r| r.pane == p)
        .map(|r| &r.regex);
    let slots = days::layout(model, p, height);
    // What every row shares, once per frame; the gutter and the flag take two columns.
    let shared = rows::Frame::of(model, Some(usize::from(inner.width).saturating_sub(2)));
    let mut lines = Vec::with_capacity(height);
    let mut cursor_y = None;
    for slot in &slots {
        let pos = match slot {
            days::Slot::Row(pos) => *pos,
            days::Slot::Day { date, above } => {
                lines.push(days::marker(date, above, usize::from(inner.width), theme));
                continue;
            }
        };
        let Some(row) = model.row_at(p, pos) else {
            break;
        };
        if pos == pane.cursor {
            cursor_y = Some(lines.len());
        }
        let mut vm = rows::row_in(model, row, &shared);
        let is_leg = legs_of.is_some() && model.data.handshake_of(row) == legs_of;
        if let (true, Some(first)) = (is_leg, vm.spans.first_mut()) {
            first.1 = Role::Leg;
        }
        if let Some(re) = regex {
            vm = vm.highlight(re);
        }
        let gutter = if pos == pane.cursor {
            ">"
        } else if is_leg {
            "*"
        } else {
            " "
        };
        let gutter_role = if is_leg { Role::Leg } else { Role::Plain };
        let (flag, flag_role) = if model.marks.covers(&model.data, row) {
            ("#", Role::Heading)
        } else if model
            .live
            .is_new(model.data.source_of(row), model.data.line_of(row))
        {
            ("+", Role::Ok)
        } else {
            (" ", Role::Plain)
        };
        let mut line = vm.line(theme);
        line.spans
            .insert(0, Span::styled(flag, theme.style(flag_role)));
        line.spans
            .insert(0, Span::styled(gutter, theme.style(gutter_role)));
        lines.push(edge_mark(
            line,
            usize::from(inner.width),
            theme.style(Role::Dim),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(y) = cursor_y.filter(|_| focused) {
        let y = inner.y + u16::try_from(y).unwrap_or(0);
        let row = Rect::new(inner.x, y, inner.width, 1);
        frame.buffer_mut().set_style(row, theme.cursor());
    }
}

fn title(model: &Model, p: PaneId, focused: bool, theme: &Theme) -> Line<'static> {
    let role = if focused {
        Role::TitleFocus
    } else {
        Role::Title
    };
    let mut spans = vec![Span::styled(format!(" {} ", p.name()), theme.style(role))];
    let date = model
        .cursor_row(p)
        .map(|r| model.fmt_date(model.time_of(r)))
        .unwrap_or_default();
    let mut info = if date.is_empty() {
        format!(" {}", model.zone_label())
    } else {
        format!(" {date} {}", model.zone_label())
    };
    if p != model.focus && model.clock.sync {
        info.push_str(&synced(model, p));
    }
    info.push(' ');
    spans.push(Span::styled(info, theme.style(Role::Plain)));
    Line::from(spans)
}

/// Farther than this from the focused cursor, the other pane's line is not "at the same
/// instant" and its title says how far it is.
const NEAR_MS: i64 = 60_000;

/// ` (synced)` on the other pane's title, or ` (synced: nearest line 3 d later)` when its
/// nearest line is far from the focused cursor's instant (logs of other days, a gap), so the
/// title never implies lines that are not there.
fn synced(model: &Model, p: PaneId) -> String {
    let times = model
        .cursor_row(model.focus)
        .zip(model.cursor_row(p))
        .map(|(f, o)| (model.time_of(f).0, model.time_of(o).0));
    let Some((focused, other)) = times else {
        return " (synced)".to_string();
    };
    let gap = other - focused;
    if gap.abs() <= NEAR_MS {
        return " (synced)".to_string();
    }
    let way = if gap > 0 { "later" } else { "earlier" };
    format!(" (synced: nearest line {} {way})", span(gap.unsigned_abs()))
}

/// A gap in whole units: `90 s`, `5 min`, `3 h`, `1101 d`.
fn span(ms: u64) -> String {
    let s = ms / 1000;
    match s {
        0..120 => format!("{s} s"),
        120..7200 => format!("{} min", s / 60),
        7200..172_800 => format!("{} h", s / 3600),
        _ => format!("{} d", s / 86_400),
    }
}

fn position(model: &Model, p: PaneId) -> Line<'static> {
    let len = model.pane_len(p);
    let f = model.filter(p);
    let scanning = f
        .scan
        .filter(|s| s.total > 0)
        .map(|s| format!("filtering {}% ", (s.done.min(s.total) * 100) / s.total));
    let mut text = String::from(" ");
    text.push_str(&scanning.unwrap_or_default());
    if len > 0 {
        text.push_str(&format!("{}/{len}", model.pane(p).cursor + 1));
    } else if f.visible.is_some() {
        // Filtered to nothing: `0 of 136`, not ` of 136`.
        text.push('0');
    }
    if f.visible.is_some() {
        text.push_str(&format!(" of {}", model.base_len(p)));
    }
    text.push(' ');
    if text.trim().is_empty() {
        return Line::default();
    }
    Line::from(text)
}
