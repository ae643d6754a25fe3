//! The detail pane: the selected handshake decoded leg by leg (`handshake`), or the line under
//! the cursor: an HCW entry with its cmdlet call (`hcw`, the call's handshakes in `during`) or
//! an IIS request with its status decoded (here).

use crate::analyze::cmdlet::CmdletOutcome;
use crate::escape::escape_control;
use crate::tui::decode;
use crate::tui::keymap::Mode;
use crate::tui::model::Model;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::view::cut::cut_line;
use crate::tui::view::rows::{self, clean};
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::{fit_or_short, label_hang, wrap_hanging};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

mod during;
mod handshake;
mod hcw;

pub use during::call_handshakes;
pub use handshake::{handshake, refused};
pub use hcw::outcome;

/// Draws the detail pane.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let (title, lines, shorts) = content_in(model, theme, usize::from(area.width));
    let block = Block::new().borders(Borders::TOP);
    let inner = block.inner(area);
    let fits = |lines: &[Line<'static>]| rows_of(lines, inner.width) <= usize::from(inner.height);
    // A failed call's outcome is said with its meaning when everything then shows whole; else
    // by its word, so the error's own words keep the rows; else with the error on its row.
    let (title, lines) = match failed_call(model) {
        Some(e) if !fits(&lines) => {
            let word = hcw::hcw_said(model, e, theme, hcw::Said::Word);
            if fits(&word) {
                (title, word)
            } else {
                let title = match hcw::open_hint(model, true) {
                    Some(hint) => format!("{title} | {hint}"),
                    None => title,
                };
                (title, hcw::hcw_said(model, e, theme, hcw::Said::Brief))
            }
        }
        _ => (title, lines),
    };
    // The title rides on the top border: cut like a line, never mid-word (`legs in two f`).
    let title = cut_line(
        &Line::from(clean(&title)),
        usize::from(area.width).saturating_sub(2),
    )
    .to_string();
    let block = block
        .border_style(theme.style(Role::Dim))
        .title(Span::styled(format!(" {title} "), theme.style(Role::Title)));
    frame.render_widget(block, area);
    let lines = fit_or_short(
        lines,
        shorts,
        usize::from(inner.width),
        usize::from(inner.height),
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Screen rows `lines` take wrapped at `cols` columns.
fn rows_of(lines: &[Line<'static>], cols: u16) -> usize {
    lines
        .iter()
        .map(|l| wrap_hanging(l, usize::from(cols), label_hang(l)).len())
        .sum()
}

/// The HCW entry under the cursor when it is a failed call's, whose outcome a small pane says
/// by its word ([`hcw::Said::Word`]: `FAILED after 4.1 s`, and the error says why) or with the
/// error on its row ([`hcw::Said::Brief`]); None for anything else. An `ERROR` is always said
/// with its meaning: it may be a log that ends before the call's result, not a failure.
fn failed_call(model: &Model) -> Option<u32> {
    let row = model.cursor_row(model.focus)?;
    let RowRef::Hcw(e) = row else {
        return None;
    };
    let c = model.data.call_of(row)?;
    let failed = model.data.analysis.cmdlets.get(c)?.outcome == CmdletOutcome::Failed;
    failed.then_some(e)
}

/// Title and lines for the current selection.
pub fn content(model: &Model, theme: &Theme) -> (String, Vec<Line<'static>>) {
    let (title, lines, _) = content_in(model, theme, usize::MAX);
    (title, lines)
}

/// Lines that come with a shorter form for a pane of their width ([`fit_or_short`]).
type Shorts = Vec<(usize, Line<'static>)>;

/// [`content`] for a pane `cols` wide, with the shorter forms of its lines.
fn content_in(model: &Model, theme: &Theme, cols: usize) -> (String, Vec<Line<'static>>, Shorts) {
    let (title, lines) = content_lines(model, theme);
    match (model.focus == PaneId::Iis)
        .then(|| model.current_handshake())
        .flatten()
    {
        // The title with the split's servers kept, the outcome line with its uri cut rather
        // than its auth, the legs with their meaning kept.
        Some(h) => (
            handshake::title(model, h, cols.saturating_sub(2)),
            lines,
            handshake::shorts(model, h, theme, cols),
        ),
        None => (title, lines, Vec::new()),
    }
}

fn content_lines(model: &Model, theme: &Theme) -> (String, Vec<Line<'static>>) {
    let Some(row) = model.cursor_row(model.focus) else {
        return ("Detail".into(), nothing_here(model, theme));
    };
    let hs = (model.focus == PaneId::Iis)
        .then(|| model.current_handshake())
        .flatten();
    if let Some(h) = hs {
        // The grouping words ride in the title, so the legs keep every line of a small pane.
        return (
            handshake::title(model, h, usize::MAX),
            handshake(model, h, theme),
        );
    }
    if let Some(event) = super::events::detail(model, row, theme) {
        return event;
    }
    match row {
        RowRef::Hcw(e) => (
            format!("HCW entry {}", model.data.line_of(row)),
            hcw::hcw(model, e, theme),
        ),
        RowRef::Iis(..) => (
            format!("IIS line {}", model.data.line_of(row)),
            iis(model, row, theme),
        ),
    }
}

/// The focused pane has no line (no log of its kind, the time window, filters): say so and
/// how to get back, instead of an empty detail after `Tab`.
fn nothing_here(model: &Model, theme: &Theme) -> Vec<Line<'static>> {
    let other = match model.focus {
        PaneId::Hcw => PaneId::Iis,
        PaneId::Iis => PaneId::Hcw,
    };
    let key = model
        .settings
        .keymap
        .key_for(Mode::Normal, crate::tui::action::Action::FocusNextPane)
        .unwrap_or_else(|| "Tab".into());
    let back = if model.pane_len(other) > 0 {
        format!("; {key}: back to the {} pane", other.name())
    } else {
        String::new()
    };
    vec![Line::from(styled(
        format!(
            "The {} pane has no line (the pane says why){back}",
            model.focus.name()
        ),
        Role::Dim,
        theme,
    ))]
}

fn styled(text: impl Into<String>, role: Role, theme: &Theme) -> Span<'static> {
    Span::styled(text.into(), theme.style(role))
}

fn iis(model: &Model, row: RowRef, theme: &Theme) -> Vec<Line<'static>> {
    let RowRef::Iis(k, r) = row else {
        return Vec::new();
    };
    let Some(idx) = model.data.analysis.requests.get(usize::from(k)) else {
        return Vec::new();
    };
    let st = idx.status(r as usize);
    let role = rows::status_role(model, row, st);
    let mut out = Vec::new();
    if let Some(text) = decode::describe_row(&model.data.analysis.sources, idx, r as usize) {
        out.push(Line::from(styled(text, role, theme)));
    }
    let reason = idx.field(crate::index::Field::Reason, r as usize);
    if let Some(text) = decode::describe_reason(reason) {
        let role = if crate::codes::httperr::httperr_is_failure(reason) {
            Role::Error
        } else {
            Role::Plain
        };
        out.push(Line::from(styled(text, role, theme)));
    }
    let line = crate::tui::update::lines::line_of(model, row);
    out.push(Line::from(styled(
        escape_control(model.lines.shown(line)).into_owned(),
        Role::Plain,
        theme,
    )));
    out
}
