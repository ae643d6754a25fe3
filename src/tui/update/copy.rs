//! Ticket-ready copy: what `y` copies where the user is (the handshake, the cmdlet call, the
//! finding, the line, or every mark), and the same redacted (`Y`).
//!
//! `update` only resolves what is copied (a [`Ticket`]); a worker writes its text through
//! [`crate::export`] (reading the marked lines back), then the clipboard itself is the app
//! loop's (an [`Effect::Copy`]), which reports back which path it used.

use crate::tui::clipboard::{CopyPath, CopyReport};
use crate::tui::effect::Effect;
use crate::tui::error::ShellError;
use crate::tui::model::marks::Mark;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::pane::PaneId;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::ticket::{Destination, Piece, Ticket};
use crate::tui::update::marks;
use crate::wording::count;

/// What `y` copies and `m` marks here: the finding in the findings list, the entry in the
/// entry popup, else the handshake under the IIS cursor, the cmdlet call of a START/FINISH
/// entry, or the line.
pub fn target(model: &Model) -> Option<Mark> {
    match &model.overlay {
        Some(Overlay::Findings) => {
            let n = model.data.analysis.findings.len();
            (n > 0).then(|| Mark::Finding(model.finding.selected.min(n - 1)))
        }
        Some(Overlay::Entry { row, .. }) => Some(
            model
                .data
                .call_of(*row)
                .map_or(Mark::Line(*row), Mark::Call),
        ),
        _ => {
            let row = model.cursor_row(model.focus)?;
            if model.focus == PaneId::Iis
                && let Some(h) = model.current_handshake()
            {
                return Some(Mark::Handshake(h));
            }
            if let Some(c) = model.data.call_of(row) {
                return Some(Mark::Call(c));
            }
            Some(Mark::Line(row))
        }
    }
}

/// `handshake`, `cmdlet call`, `finding`, `line`.
pub fn kind_name(mark: Mark) -> &'static str {
    match mark {
        Mark::Handshake(_) => "handshake",
        Mark::Call(_) => "cmdlet call",
        Mark::Finding(_) => "finding",
        Mark::Line(_) => "line",
    }
}

/// `y` / `Y`: copies the selection, or every mark while the marks list is open.
pub fn copy(model: &mut Model, redacted: bool) -> Vec<Effect> {
    let (what, list) = if matches!(model.overlay, Some(Overlay::Marks)) {
        let list = marks::ordered(model);
        if list.is_empty() {
            model.say(NoteLevel::Info, "Nothing marked");
            return Vec::new();
        }
        (count(list.len(), "marked item"), list)
    } else {
        let Some(t) = target(model) else {
            model.say(NoteLevel::Info, "Nothing here to copy");
            return Vec::new();
        };
        (kind_name(t).to_string(), vec![t])
    };
    let mut what = what;
    if redacted {
        what.push_str(", redacted");
    }
    let pieces = vec![Piece::Marks(resolve(model, &list))];
    vec![ticket(model, pieces, redacted, Destination::Copy { what })]
}

/// The marks with the cmdlet call each handshake was attributed to.
pub fn resolve(model: &Model, list: &[Mark]) -> Vec<(Mark, Option<usize>)> {
    list.iter()
        .map(|&m| match m {
            Mark::Handshake(h) => (m, model.timeline.attribution.call_of(h)),
            _ => (m, None),
        })
        .collect()
}

/// The effect building a ticket text on a worker.
pub fn ticket(model: &Model, pieces: Vec<Piece>, redacted: bool, to: Destination) -> Effect {
    Effect::Build(Box::new(Ticket {
        data: model.data.clone(),
        zone: model.zone(),
        redacted,
        pieces,
        to,
    }))
}

/// A ticket text was built: put it where it goes.
pub fn built(to: Destination, text: String) -> Effect {
    match to {
        Destination::Copy { what } => Effect::Copy { what, text },
        Destination::Write { path, name } => Effect::Write { path, name, text },
    }
}

/// The clipboard reported back.
pub fn copied(model: &mut Model, what: &str, result: Result<CopyReport, ShellError>) {
    match result {
        Ok(r) => {
            let size = size(r.bytes);
            let text = match &r.path {
                CopyPath::Native => format!("Copied {what} ({size}) to the clipboard"),
                CopyPath::Osc52 => format!("Copied {what} ({size}) via OSC 52"),
                CopyPath::File(p) => format!(
                    "No clipboard here: {what} ({size}) written to {}",
                    p.display()
                ),
            };
            model.say(NoteLevel::Info, text);
        }
        Err(e) => model.say(NoteLevel::Warn, format!("Copy failed: {e}")),
    }
}

/// `812 B`, `1.2 KB`, `3.4 MB`.
pub fn size(bytes: usize) -> String {
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.1} KB", b / 1024.0)
    } else {
        format!("{:.1} MB", b / (1024.0 * 1024.0))
    }
}
