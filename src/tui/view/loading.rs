//! The screen while loading: a gauge (ASCII, moves with progress or with the slow tick while
//! the total is unknown) and the sources found so far. Keys keep working meanwhile.

use crate::source::SourceKind;
use crate::tui::model::Model;
use crate::tui::model::clock::zone_offset_text;
use crate::tui::model::load::LoadState;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

const BAR: usize = 30;

/// `[#########.....]` for a known fraction, a moving block otherwise.
pub fn gauge(done: u64, total: u64, ticks: u32) -> String {
    match done
        .min(total)
        .saturating_mul(BAR as u64)
        .checked_div(total)
    {
        Some(f) => {
            let filled = usize::try_from(f).unwrap_or(BAR).min(BAR);
            format!("[{}{}]", "#".repeat(filled), ".".repeat(BAR - filled))
        }
        None => {
            let at = (ticks as usize) % (BAR - 3);
            format!("[{}###{}]", ".".repeat(at), ".".repeat(BAR - 3 - at))
        }
    }
}

/// Draws the loading (or load failed) screen.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.style(Role::Dim))
        .title(Span::styled(" hcwlens ", theme.style(Role::TitleFocus)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = Vec::new();
    match &model.load {
        LoadState::Loading {
            done,
            total,
            sources,
            ticks,
        } => {
            lines.push(Line::from(format!(
                " Loading {}",
                clean(&model.settings.title)
            )));
            let pct = (done.min(total).saturating_mul(100))
                .checked_div(*total)
                .map_or(String::new(), |p| format!(" {p}%"));
            lines.push(Line::from(Span::styled(
                format!(" {}{pct}", gauge(*done, *total, *ticks)),
                theme.style(Role::Key),
            )));
            lines.push(Line::default());
            if !sources.is_empty() {
                lines.push(Line::from(Span::styled(
                    " Sources loaded",
                    theme.style(Role::Heading),
                )));
            }
            for s in sources {
                let file = s
                    .path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let unit = match s.kind {
                    SourceKind::Hcw => "entries",
                    _ => "requests",
                };
                let zone = s.span.map_or_else(
                    || s.zone.label(),
                    |(start, _)| format!("UTC{}", zone_offset_text(&s.zone, start)),
                );
                let mut text = format!(
                    "  {} {:<28} {:<10} {:>9} {unit}",
                    s.kind.tag(),
                    clean(&file),
                    zone,
                    s.stats.events
                );
                if s.stats.unparsed > 0 {
                    text.push_str(&format!(", {} lines skipped", s.stats.unparsed));
                }
                lines.push(Line::from(text));
            }
        }
        LoadState::Failed(msg) => {
            lines.push(Line::from(Span::styled(
                " Could not load the logs:",
                theme.style(Role::Error),
            )));
            lines.push(Line::from(format!(" {}", clean(msg))));
            lines.push(Line::default());
            lines.push(Line::from(" Press q to quit."));
        }
        LoadState::Ready => {}
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
