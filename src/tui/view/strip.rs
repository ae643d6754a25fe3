//! The timeline strip: one row under the panes, the window's start and end time at its ends
//! and a column per slice of time between — request volume as shade blocks, failures (failed
//! handshakes, HTTPERR errors, failed calls) as red full blocks, HCW calls as `|` (failed: a
//! red `!`), an HCW run's start as `[` and its end as `]` (coloured by how the run went; a
//! failed call in the same column keeps its `!`). The column under the cursor is reversed; the
//! focused pane's visible span is underlined; a window over a date change labels its ends
//! `MM-DD HH:MM`, one over a change of year `YYYY-MM-DD`. Evidence the strip leaves out (a
//! Security log's events of other days, text logs that do not overlap the HCW runs,
//! [`crate::tui::model::strip`]) is said at the end it lies past, by its kind and how far
//! (`EVT 2019< 13:00:00 … 13:01:44`, `IIS 2024< …`); the `<` or `>` is reversed while the
//! cursor is on a row there. Only blocks conhost's default fonts draw (`░▒▓█`) and ASCII.
//!
//! Drawing sums the precomputed fine buckets ([`crate::tui::model::strip`]) into columns: a
//! few thousand additions, whatever the number of rows loaded.

use crate::analyze::overview::runs::RunOutcome;
use crate::analyze::overview::timeline::Timeline;
use crate::time::UtcMs;
use crate::tui::model::Model;
use crate::tui::model::strip::MAX_ZOOM;
use crate::tui::view::theme::{Role, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::time::DAY_MS;

/// Columns: what one slice of the window holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Cell {
    requests: u64,
    failures: u64,
    calls: u32,
    failed_calls: u32,
    /// A run starts here (how it went).
    run_start: Option<RunOutcome>,
    /// A run ends here.
    run_end: Option<RunOutcome>,
}

/// The window shown at a zoom around `at`, inside the loaded range.
pub fn window(t: &Timeline, zoom: u32, at: Option<UtcMs>) -> (i64, i64) {
    let (lo, hi) = (t.start.0, t.end().0);
    let full = (hi - lo).max(1);
    let w = (full >> zoom.min(MAX_ZOOM)).max(1);
    let center = at.map_or(lo + full / 2, |a| a.0);
    let start = (center - w / 2).clamp(lo, hi - w);
    (start, start + w)
}

fn cells(t: &Timeline, from: i64, to: i64, cols: usize) -> Vec<Cell> {
    let mut out = vec![Cell::default(); cols];
    if t.buckets.is_empty() || cols == 0 {
        return out;
    }
    let span = (to - from).max(1);
    let col_of = |at: i64| -> Option<usize> {
        if at < from || at >= to {
            return None;
        }
        usize::try_from((i128::from(at - from) * cols as i128 / i128::from(span)) as i64).ok()
    };
    for (i, b) in t.buckets.iter().enumerate() {
        let mid = t.start.0 + t.bucket_ms * i as i64 + t.bucket_ms / 2;
        if let Some(c) = col_of(mid) {
            out[c].requests += b.requests;
            out[c].failures += b.failures;
        }
    }
    let first = t.calls.partition_point(|c| c.at.0 < from);
    for call in t.calls[first..].iter().take_while(|c| c.at.0 < to) {
        if let Some(c) = col_of(call.at.0) {
            out[c].calls += 1;
            out[c].failed_calls += u32::from(call.failed);
        }
    }
    for run in &t.runs {
        if let Some(c) = col_of(run.start.0) {
            out[c].run_start = Some(run.outcome);
        }
        if let Some(c) = col_of(run.end.0.min(to - 1)).filter(|_| run.end.0 >= from) {
            out[c].run_end = Some(run.outcome);
        }
    }
    out
}

fn glyph(c: Cell, max: u64) -> (char, Role) {
    if c.failed_calls > 0 {
        return ('!', Role::Error);
    }
    if let Some(o) = c.run_start {
        return ('[', crate::tui::view::runs::outcome_role(o));
    }
    if let Some(o) = c.run_end {
        return (']', crate::tui::view::runs::outcome_role(o));
    }
    if c.failures > 0 {
        return ('█', Role::Error);
    }
    if c.calls > 0 {
        return ('|', Role::Ok);
    }
    if c.requests == 0 || max == 0 {
        return (' ', Role::Dim);
    }
    let q = c.requests * 4 / max.max(1);
    let g = match q {
        0 => '░',
        1 => '▒',
        2 | 3 => '▓',
        _ => '█',
    };
    (g, Role::Dim)
}

/// Draws the strip.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(t) = model.strip.fine.as_deref() else {
        return;
    };
    if area.height == 0 || t.buckets.is_empty() {
        return;
    }
    let at = model.cursor_time();
    let (from, to) = window(t, model.strip.zoom, at);
    // A window that reaches the end of the logs ends at the last line, not at the end of the
    // last bucket a few seconds later (past midnight for a day that ends at 23:59:59).
    let end = model.strip.last.map_or(to, |last| to.min(last.0));
    // A window over a date change names the dates: `00:00:00 … 00:00:01` could be a second.
    let (first, last) = (model.fmt_date(UtcMs(from)), model.fmt_date(UtcMs(end)));
    let dated = end - from >= DAY_MS || first != last;
    // Over a change of year the year says more than the minute: `08-23 10:50 … 03-12 09:23`
    // reads as one August to March.
    let yearly = first.get(..4) != last.get(..4);
    let label = |ms: i64| {
        if yearly {
            model.fmt_date(UtcMs(ms))
        } else if dated {
            let (d, t) = (model.fmt_date(UtcMs(ms)), model.fmt_time(UtcMs(ms)));
            format!("{} {}", d.get(5..).unwrap_or(&d), t.get(..5).unwrap_or(&t))
        } else {
            let s = model.fmt_time(UtcMs(ms));
            s.get(..8).unwrap_or(&s).to_string()
        }
    };
    let [before, after] = model.strip.outside;
    let mut left = String::new();
    if let Some((at, kind)) = before {
        left = format!("{} {}", kind.tag(), farther(model, at.0, from));
    }
    let left_mark = left.len();
    if before.is_some() {
        left.push('<');
    }
    left.push_str(&format!(
        "{}{} ",
        if before.is_some() { " " } else { "" },
        label(from)
    ));
    let mut right = format!(" {}", label(end));
    let right_mark = right.len() + 1;
    if let Some((at, kind)) = after {
        right.push_str(&format!(" >{} {}", kind.tag(), farther(model, at.0, end)));
    }
    if model.strip.zoom > 0 {
        right.push_str(&format!(" z{}", model.strip.zoom));
    }
    let width = usize::from(area.width);
    let cols = width.saturating_sub(left.chars().count() + right.chars().count());
    if cols < 8 {
        return;
    }
    let cs = cells(t, from, to, cols);
    let max = cs.iter().map(|c| c.requests).max().unwrap_or(0);
    let span = (to - from).max(1);
    let col_of = |ms: i64| {
        (ms >= from && ms < to)
            .then(|| ((i128::from(ms - from) * cols as i128) / i128::from(span)) as usize)
    };
    let cursor = at.and_then(|a| col_of(a.0));
    let (vis_a, vis_b) = visible_span(model)
        .map(|(a, b)| {
            (
                col_of(a.0.clamp(from, to - 1)).unwrap_or(0),
                col_of(b.0.clamp(from, to - 1)).unwrap_or(0),
            )
        })
        .unwrap_or((usize::MAX, 0));
    // The cursor on a row the strip leaves out reverses the end's mark it lies past.
    let last = model.strip.last.map_or(t.end().0, |l| l.0);
    let (cursor_before, cursor_after) =
        at.map_or((false, false), |a| (a.0 < t.start.0, a.0 > last));
    let marked = |text: String, mark: Option<usize>| -> Vec<Span<'static>> {
        let base = theme.style(Role::Time);
        match mark.filter(|&i| text.is_char_boundary(i) && i < text.len()) {
            Some(i) => vec![
                Span::styled(text[..i].to_string(), base),
                Span::styled(text[i..i + 1].to_string(), base.patch(theme.cursor())),
                Span::styled(text[i + 1..].to_string(), base),
            ],
            None => vec![Span::styled(text, base)],
        }
    };
    let mut spans = marked(
        left,
        (cursor_before && before.is_some()).then_some(left_mark),
    );
    for (i, c) in cs.into_iter().enumerate() {
        let (g, role) = glyph(c, max);
        let mut style: Style = theme.style(role);
        if (vis_a..=vis_b).contains(&i) {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        if cursor == Some(i) {
            style = style.patch(theme.cursor());
        }
        spans.push(Span::styled(g.to_string(), style));
    }
    spans.extend(marked(
        right,
        (cursor_after && after.is_some()).then_some(right_mark),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// How far `at`, outside the strip, lies from the strip's end `edge`: its year when that
/// differs, else its date (`02-06`), else its time (`12:40`).
fn farther(model: &Model, at: i64, edge: i64) -> String {
    let (d, e) = (model.fmt_date(UtcMs(at)), model.fmt_date(UtcMs(edge)));
    if d.get(..4) != e.get(..4) {
        return d.get(..4).unwrap_or(&d).to_string();
    }
    if d != e {
        return d.get(5..).unwrap_or(&d).to_string();
    }
    let t = model.fmt_time(UtcMs(at));
    t.get(..5).unwrap_or(&t).to_string()
}

/// First and last instant the focused pane shows.
fn visible_span(model: &Model) -> Option<(UtcMs, UtcMs)> {
    let p = model.focus;
    let len = model.pane_len(p);
    if len == 0 {
        return None;
    }
    let first = model.pane(p).scroll.min(len - 1);
    let last = (first + model.page(p)).min(len) - 1;
    let t = |pos| model.row_at(p, pos).map(|r| model.time_of(r));
    Some((t(first)?, t(last)?))
}
