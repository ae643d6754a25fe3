//! Ticket-ready copy: what `y` copies where the user is (the handshake, the cmdlet call, the
//! finding, the line, or every mark), and the same redacted (`Y`).
//!
//! The text comes from [`crate::export`]; the clipboard itself is the app loop's (an
//! [`Effect::Copy`]), which reports back which path it used.

use crate::analyze::finding::Evidence;
use crate::export::{ExportItem, evidence_text, marked_markdown};
use crate::index::Field;
use crate::redact::{Kind, Redactor};
use crate::tui::clipboard::{CopyPath, CopyReport};
use crate::tui::effect::Effect;
use crate::tui::error::ShellError;
use crate::tui::model::marks::Mark;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::marks;

/// Most user names seeded into the redactor.
const MAX_SEEDS: usize = 10_000;
/// Shortest bare user name seeded into the redactor.
const MIN_SEED: usize = 4;

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
        (plural(list.len(), "marked item"), list)
    } else {
        let Some(t) = target(model) else {
            model.say(NoteLevel::Info, "Nothing here to copy");
            return Vec::new();
        };
        (kind_name(t).to_string(), vec![t])
    };
    let mut text = markdown(model, &list);
    let mut what = what;
    if redacted {
        text = redactor(model).redact(&text);
        what.push_str(", redacted");
    }
    vec![Effect::Copy { what, text }]
}

/// Ticket Markdown for marks, in the given order.
pub fn markdown(model: &Model, list: &[Mark]) -> String {
    let a = &model.data.analysis;
    let texts: Vec<Option<(RowRef, String)>> = list
        .iter()
        .map(|m| match *m {
            Mark::Line(row) => Some((row, raw_text(model, row))),
            _ => None,
        })
        .collect();
    let mut items: Vec<ExportItem<'_>> = Vec::new();
    for (m, text) in list.iter().zip(&texts) {
        let item = match *m {
            Mark::Handshake(h) => a.handshakes.get(h).map(|hs| {
                let call = model.timeline.attribution.call_of(h);
                ExportItem::Handshake(hs, call.and_then(|c| a.cmdlets.get(c)))
            }),
            Mark::Call(c) => a.cmdlets.get(c).map(ExportItem::Cmdlet),
            Mark::Finding(f) => a.findings.get(f).map(ExportItem::Finding),
            Mark::Line(_) => text.as_ref().map(|(row, t)| ExportItem::Line {
                source: model.data.source_of(*row),
                line: model.data.line_of(*row),
                text: t,
            }),
        };
        items.extend(item);
    }
    marked_markdown(&items, &a.sources, &model.zone(), a)
}

/// A row's text as logged, from the one home of line text ([`crate::export::evidence_text`]):
/// the IIS line read back from the file; the HCW entry rebuilt whole.
pub fn raw_text(model: &Model, row: RowRef) -> String {
    let line = Evidence {
        source: model.data.source_of(row),
        line: model.data.line_of(row),
    };
    evidence_text(&model.data.analysis, line).unwrap_or_default()
}

/// The redactor of this session: the analysis' own ([`crate::redact::for_analysis`], the same
/// as `report --redact` uses), which also learns the bare user names the explorer's index holds
/// (`DOMAIN\user` and `user@domain` are found by the redactor itself). Names shorter than four
/// characters are left out: seeded, `svc` would also replace the extension of
/// `/EWS/mrsproxy.svc`.
pub fn redactor(model: &Model) -> Redactor {
    let mut r = crate::redact::for_analysis(&model.data.analysis);
    let mut seeded = 0;
    for idx in &model.data.analysis.requests {
        let mut seen = vec![false; idx.strings.len()];
        for row in 0..idx.len() {
            let id = idx.field_id(Field::User, row) as usize;
            if id == 0 || seen.get(id).copied().unwrap_or(true) || seeded >= MAX_SEEDS {
                continue;
            }
            seen[id] = true;
            seeded += 1;
            let user = idx.field(Field::User, row).trim();
            if !user.contains(['\\', '@', '/']) && user.chars().count() >= MIN_SEED {
                r.seed(Kind::User, user);
            }
        }
    }
    r
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

/// `1 mark`, `3 marks`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
