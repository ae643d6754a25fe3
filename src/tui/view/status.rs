//! The two bottom lines: status (note, search, counts, offsets, sources, title, fitted to the
//! width by [`fit`]) and key hints generated from the keymap; a note too long for the line is
//! shown whole in a box above it.

pub mod fit;
mod message;

pub use message::{boxed_note, draw_message};

use crate::source::SourceKind;
use crate::tui::model::clock::format_delta;
use crate::tui::model::input::InputKind;
use crate::tui::model::load::LoadState;
use crate::tui::model::pane::PaneId;
use crate::tui::model::search::SearchState;
use crate::tui::model::timeline::FailureKind;
use crate::tui::model::{Model, Note, NoteLevel};
use crate::tui::update::search::match_index;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::width;
use fit::{Keep, Part};
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
            if let Some(s) = search_part(model) {
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
            if let Some((text, role)) = follow_part(model) {
                parts.push(Part::new(text, role, Keep::Mode));
            }
            if let Some(w) = &model.data.analysis.window {
                let long = format!("window {} (T widens)", w.window.label());
                parts.push(Part::new(long, Role::Warn, Keep::Mode).or_short("windowed"));
            }
            parts.push(Part::new(model.zone_label(), Role::Time, Keep::Zone));
            parts.extend(counts(model));
            let unparsed: u64 = model
                .data
                .analysis
                .sources
                .iter()
                .map(|s| s.stats.unparsed)
                .sum();
            if unparsed > 0 {
                let long = format!("{unparsed} unparsed line{} (I)", plural(unparsed as usize));
                let short = format!("{unparsed} unparsed");
                parts.push(Part::new(long, Role::Warn, Keep::Useful).or_short(short));
            }
            let not_utf8: u64 = model
                .data
                .analysis
                .sources
                .iter()
                .map(|s| s.stats.not_utf8)
                .sum();
            if not_utf8 > 0 {
                let long = format!("{not_utf8} line{} not UTF-8 (I)", plural(not_utf8 as usize));
                let short = format!("{not_utf8} not UTF-8");
                parts.push(Part::new(long, Role::Warn, Keep::Useful).or_short(short));
            }
            let (text, keep) = offsets(model);
            parts.push(Part::new(text, Role::Plain, keep));
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

/// `IIS 3/18` once the filter's scan is done.
fn filter_short(model: &Model, p: PaneId) -> Option<String> {
    let f = model.filter(p);
    (f.scan.is_none_or(|s| s.total == 0) && f.visible.is_some())
        .then(|| format!("{} {}/{}", p.name(), model.pane_len(p), model.base_len(p)))
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

/// Events (kept least), failed handshakes and findings (kept longest) as separate parts.
fn counts(model: &Model) -> [Part; 3] {
    let a = &model.data.analysis;
    let events = a.hcw.len() + a.requests.iter().map(|r| r.len()).sum::<usize>();
    let failed = model.data.failed_handshakes;
    let findings = a.findings.len();
    let count = |kind: FailureKind| {
        let list = &model.timeline.failures;
        list.iter().filter(|f| f.kind == kind).count()
    };
    let mut long = vec![format!("{failed} failed handshake{}", plural(failed))];
    let mut short = vec![format!("{failed} failed")];
    let httperr = count(FailureKind::HttpErr);
    if httperr > 0 {
        long.push(format!("{httperr} HTTP.sys error{}", plural(httperr)));
        short.push(format!("{httperr} HTTP.sys"));
    }
    let logons = count(FailureKind::Logon);
    if logons > 0 {
        long.push(format!("{logons} failed logon{}", plural(logons)));
        short.push(format!("{logons} bad logon{}", plural(logons)));
    }
    let (long, short) = (long.join(", "), short.join(", "));
    [
        Part::new(format!("{events} events"), Role::Plain, Keep::Extra),
        Part::new(long, Role::Plain, Keep::Verdict).or_short(short),
        Part::new(
            format!("{findings} finding{}", plural(findings)),
            Role::Plain,
            Keep::Verdict,
        ),
    ]
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Offsets in force (kept a while: they change every time shown), or `no offsets` (an extra).
fn offsets(model: &Model) -> (String, Keep) {
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
                format!("{} {}", s.kind.tag(), clean(&s.name()))
            } else {
                s.kind.tag().to_string()
            };
            Some(format!("{name} {}", format_delta(total)))
        })
        .collect();
    if parts.is_empty() {
        ("no offsets".to_string(), Keep::Extra)
    } else {
        (format!("offset {}", parts.join(", ")), Keep::Useful)
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
