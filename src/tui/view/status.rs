//! The two bottom lines: status (note, search, counts, offsets, sources, title) and key hints
//! generated from the keymap.

use crate::source::SourceKind;
use crate::tui::model::clock::format_delta;
use crate::tui::model::input::InputKind;
use crate::tui::model::load::LoadState;
use crate::tui::model::pane::PaneId;
use crate::tui::model::search::SearchState;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::search::match_index;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::width;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the status and hint lines.
pub fn draw(model: &Model, frame: &mut Frame, status: Rect, hints: Rect, theme: &Theme) {
    frame.render_widget(Paragraph::new(status_line(model, theme)), status);
    frame.render_widget(Paragraph::new(hint_line(model, theme)), hints);
}

/// The status line.
pub fn status_line(model: &Model, theme: &Theme) -> Line<'static> {
    if let Some(input) = &model.input {
        let mut spans = vec![
            Span::styled(
                format!("{}{}", input.kind.prompt(), clean(&input.text)),
                theme.style(Role::Plain),
            ),
            Span::styled("_", theme.style(Role::Key)),
        ];
        if let Some(err) = &input.error {
            spans.push(Span::styled(
                format!("  {}", clean(err)),
                theme.style(Role::NoteWarn),
            ));
        } else if matches!(input.kind, InputKind::Include | InputKind::Exclude)
            && let Some(part) = filter_part(model, input.pane)
        {
            spans.push(Span::styled(format!("  ({part})"), theme.style(Role::Dim)));
        }
        return Line::from(spans);
    }
    let mut parts: Vec<(String, Role)> = Vec::new();
    if let Some(note) = &model.note {
        let role = match note.level {
            NoteLevel::Info => Role::Heading,
            NoteLevel::Warn => Role::NoteWarn,
        };
        parts.push((clean(&note.text), role));
    }
    match &model.load {
        LoadState::Loading { done, total, .. } => {
            parts.push((format!("Loading {}", percent(*done, *total)), Role::Plain));
        }
        LoadState::Failed(_) => parts.push(("Load failed".into(), Role::NoteWarn)),
        LoadState::Ready => {
            if let Some(s) = search_part(model) {
                parts.push((s, Role::Plain));
            }
            for p in PaneId::ALL {
                if let Some(f) = filter_part(model, p) {
                    parts.push((f, Role::Heading));
                }
            }
            if let Some(f) = follow_part(model) {
                parts.push(f);
            }
            parts.push((model.zone_label(), Role::Time));
            parts.push((counts(model), Role::Plain));
            parts.push((offsets(model), Role::Plain));
            if !model.clock.sync {
                parts.push(("sync off".into(), Role::Warn));
            }
            parts.push((sources(model), Role::Plain));
        }
    }
    parts.push((clean(&model.settings.title), Role::Dim));
    let mut spans = Vec::new();
    for (i, (text, role)) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" | ", theme.style(Role::Dim)));
        }
        spans.push(Span::styled(text, theme.style(role)));
    }
    Line::from(spans)
}

fn percent(done: u64, total: u64) -> String {
    done.min(total)
        .saturating_mul(100)
        .checked_div(total)
        .map_or_else(|| "...".to_string(), |p| format!("{p}%"))
}

fn search_part(model: &Model) -> Option<String> {
    let run = model.search.run.as_ref()?;
    let pat = clean(&run.pattern);
    Some(match &run.state {
        SearchState::Running { done, total } => {
            format!("/{pat} searching {}", percent(*done, *total))
        }
        SearchState::Done { matches } if matches.is_empty() => format!("/{pat} no match"),
        SearchState::Done { matches } => {
            let at = model
                .cursor_row(run.pane)
                .map_or(0, |r| match_index(model, r).0);
            format!("/{pat} {at}/{}", matches.len())
        }
    })
}

/// `IIS 3 of 18 lines`, or `IIS filtering 45%` while the scan runs.
fn filter_part(model: &Model, p: PaneId) -> Option<String> {
    let f = model.filter(p);
    if !f.is_active() {
        return None;
    }
    if let Some(s) = f.scan.filter(|s| s.total > 0) {
        return Some(format!(
            "{} filtering {}",
            p.name(),
            percent(s.done, s.total)
        ));
    }
    f.visible.as_ref()?;
    Some(format!(
        "{} {} of {} lines",
        p.name(),
        model.pane_len(p),
        model.base_len(p)
    ))
}

fn follow_part(model: &Model) -> Option<(String, Role)> {
    if model.live.followed == 0 {
        return None;
    }
    let new = model.live.new_rows;
    let more = if new > 0 {
        format!(", {new} new")
    } else {
        String::new()
    };
    Some(if model.live.enabled {
        (format!("following{more}"), Role::Ok)
    } else {
        (format!("follow paused{more}"), Role::Warn)
    })
}

fn counts(model: &Model) -> String {
    let a = &model.data.analysis;
    let events = a.hcw.len() + a.requests.iter().map(|r| r.len()).sum::<usize>();
    let failed = model.data.failed_handshakes;
    let mut text = format!(
        "{} events, {failed} failed handshake{}, {} finding{}",
        events,
        plural(failed),
        a.findings.len(),
        plural(a.findings.len())
    );
    let httperr = model
        .timeline
        .failures
        .iter()
        .filter(|f| f.kind == crate::tui::model::timeline::FailureKind::HttpErr)
        .count();
    if httperr > 0 {
        text.push_str(&format!(", {httperr} HTTP.sys error{}", plural(httperr)));
    }
    text
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn offsets(model: &Model) -> String {
    let srcs = &model.data.analysis.sources;
    let parts: Vec<String> = srcs
        .iter()
        .filter_map(|s| {
            let total = s.skew_ms.saturating_add(model.clock.offset(s.id));
            if total == 0 {
                return None;
            }
            let many = srcs.iter().filter(|o| o.kind == s.kind).count() > 1;
            let name = if many {
                format!("{} {}", s.kind.tag(), clean(&s.server))
            } else {
                s.kind.tag().to_string()
            };
            Some(format!("{name} {}", format_delta(total)))
        })
        .collect();
    if parts.is_empty() {
        "no offsets".to_string()
    } else {
        format!("offset {}", parts.join(", "))
    }
}

fn sources(model: &Model) -> String {
    let kinds = [SourceKind::Hcw, SourceKind::Iis, SourceKind::Httperr];
    let parts: Vec<String> = kinds
        .iter()
        .map(|&k| (k, model.source_count(k)))
        .filter(|&(_, n)| n > 0)
        .map(|(k, n)| format!("{n} {}", k.tag()))
        .collect();
    if parts.is_empty() {
        "no sources".to_string()
    } else {
        parts.join(" + ")
    }
}

/// The hint line: keys of the current mode.
pub fn hint_line(model: &Model, theme: &Theme) -> Line<'static> {
    let keymap = &model.settings.keymap;
    let mode = model.mode();
    let hints = keymap.hints(mode);
    let cols = usize::from(model.size.0);
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, label) in hints {
        let w = width(&key) + width(&label) + 2;
        if used + w > cols {
            break;
        }
        spans.push(Span::styled(key, theme.style(Role::Key)));
        spans.push(Span::styled(format!(":{label} "), theme.style(Role::Plain)));
        used += w;
    }
    Line::from(spans)
}
