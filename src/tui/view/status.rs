//! The two bottom lines: status (note, work under way from `activity`, counts from `totals`,
//! title, fitted to the width by [`fit`]) and key hints generated from the keymap; a note too
//! long for the line is shown whole in a box above it.

mod activity;
pub mod fit;
mod message;
mod totals;

pub use message::{boxed_note, draw_message};

use crate::tui::model::input::InputKind;
use crate::tui::model::load::LoadState;
use crate::tui::model::pane::PaneId;
use crate::tui::model::{Model, Note, NoteLevel};
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::width;
use activity::{filter_part, filter_short, follow_part, percent, search_part};
use fit::{Keep, Part};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use totals::{counts, damage, offsets, sources};

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
        if let Some(err) = input.error.as_ref().filter(|_| error_fits(model)) {
            spans.push(Span::styled(
                format!("  {}", clean(err)),
                theme.style(Role::NoteWarn),
            ));
        } else if input.error.is_some() {
            // The error takes the key hints' line instead (`hint_line`).
        } else if matches!(input.kind, InputKind::Include | InputKind::Exclude)
            && let Some(part) = filter_part(model, input.pane)
        {
            spans.push(Span::styled(format!("  ({part})"), theme.style(Role::Dim)));
        }
        return Line::from(spans);
    }
    let cols = usize::from(model.size.0);
    let mut parts = parts(model);
    if boxed_note(model).is_some() {
        parts.retain(|p| p.keep != Keep::Message);
    }
    fit::line(fit::fit(parts, cols), theme)
}

/// True when the input's error fits on the status line after the prompt and the text; else it
/// is shown whole on the hint line below (at 80 columns the go-to prompt and its error do not
/// share a line: `… 25:99_  not a time: `25:99` (us`).
fn error_fits(model: &Model) -> bool {
    let Some(input) = &model.input else {
        return true;
    };
    let err = input.error.as_deref().map_or(0, |e| width(&clean(e)) + 2);
    width(input.kind.prompt()) + width(&clean(&input.text)) + 1 + err <= usize::from(model.size.0)
}

/// Everything the status line could say, before fitting.
fn parts(model: &Model) -> Vec<Part> {
    let mut parts = Vec::new();
    if let Some(note) = &model.note {
        parts.push(Part::new(clean(&note.text), note_role(note), Keep::Message));
    }
    match &model.load {
        LoadState::Loading { done, total, .. } => {
            let text = format!("Loading {}", percent(*done, *total));
            parts.push(Part::new(text, Role::Plain, Keep::Mode));
        }
        LoadState::Failed(_) => parts.push(Part::new("Load failed", Role::NoteWarn, Keep::Mode)),
        LoadState::Ready => {
            // Said once: a note that says the search's matches stands for it.
            if let Some(s) =
                search_part(model).filter(|_| !model.note.as_ref().is_some_and(|n| n.search))
            {
                parts.push(Part::new(s, Role::Plain, Keep::Search));
            }
            for p in PaneId::ALL {
                if let Some(f) = filter_part(model, p) {
                    let part = Part::new(f, Role::Heading, Keep::Mode);
                    parts.push(match filter_short(model, p) {
                        Some(short) => part.or_short(short),
                        None => part,
                    });
                }
            }
            if let Some((text, short, role)) = follow_part(model) {
                parts.push(Part::new(text, role, Keep::Mode).or_short(short));
            }
            if let Some(w) = &model.data.analysis.window {
                let long = format!("window {} (T widens)", w.window.label());
                parts.push(Part::new(long, Role::Warn, Keep::Mode).or_short("windowed"));
            }
            parts.push(Part::new(model.zone_label(), Role::Time, Keep::Zone));
            parts.extend(counts(model));
            parts.extend(damage(model));
            parts.push(offsets(model));
            if !model.clock.sync {
                parts.push(Part::new("sync off", Role::Warn, Keep::Mode));
            }
            parts.push(Part::new(sources(model), Role::Plain, Keep::Extra));
        }
    }
    parts.push(Part::new(
        clean(&model.settings.title),
        Role::Dim,
        Keep::Title,
    ));
    parts
}

fn note_role(note: &Note) -> Role {
    match note.level {
        NoteLevel::Info => Role::Heading,
        NoteLevel::Warn => Role::NoteWarn,
    }
}

/// The hint line: keys of the current mode.
pub fn hint_line(model: &Model, theme: &Theme) -> Line<'static> {
    if let Some(err) = model.input.as_ref().and_then(|i| i.error.as_ref())
        && !error_fits(model)
    {
        return Line::from(Span::styled(clean(err), theme.style(Role::NoteWarn)));
    }
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
