//! A ticket text (what `y`/`Y` copy, what `w`/`W` write) as `update` resolves it: which marks,
//! in which order, with which call each handshake belongs to. Turning it into text reads log
//! lines back from the files, so [`Ticket::text`] runs on a worker
//! ([`crate::tui::effect::Effect::Build`]), never in `update` or `view`.

use crate::analyze::finding::Evidence;
use crate::export::{ExportItem, evidence_text, marked_markdown};
use crate::time::ZoneSpec;
use crate::tui::model::data::Data;
use crate::tui::model::marks::Mark;
use crate::tui::model::row::RowRef;
use std::path::PathBuf;
use std::sync::Arc;

/// Where a built text goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// The clipboard; `what` names it in the message.
    Copy {
        /// `handshake`, `3 marked items, redacted` …
        what: String,
    },
    /// The notes file.
    Write {
        /// Where.
        path: PathBuf,
        /// The file's name when `path` names a folder (`hcwlens-notes.md`).
        name: String,
    },
}

/// One part of a ticket.
#[derive(Debug, Clone)]
pub enum Piece {
    /// Text as is.
    Text(String),
    /// Marks as ticket Markdown; each handshake with the cmdlet call it was attributed to.
    Marks(Vec<(Mark, Option<usize>)>),
}

/// Everything needed to write a ticket text, without reading a file yet.
#[derive(Debug, Clone)]
pub struct Ticket {
    /// The data the marks point into.
    pub data: Arc<Data>,
    /// Display zone of the times.
    pub zone: ZoneSpec,
    /// Redact the whole text ([`Data::redactor`]).
    pub redacted: bool,
    /// The parts, in order.
    pub pieces: Vec<Piece>,
    /// Where the text goes.
    pub to: Destination,
}

impl Ticket {
    /// The text (blocking: reads the marked lines back from their files).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Marks(list) => out.push_str(&markdown(&self.data, &self.zone, list)),
            }
        }
        if self.redacted {
            out = self.data.redactor().redact(&out);
        }
        out
    }
}

/// Ticket Markdown for marks, in the given order.
pub fn markdown(data: &Data, zone: &ZoneSpec, list: &[(Mark, Option<usize>)]) -> String {
    let a = &data.analysis;
    let texts: Vec<Option<(RowRef, String)>> = list
        .iter()
        .map(|(m, _)| match *m {
            Mark::Line(row) => Some((row, raw_text(data, row))),
            _ => None,
        })
        .collect();
    let mut items: Vec<ExportItem<'_>> = Vec::new();
    for ((m, call), text) in list.iter().zip(&texts) {
        let item = match *m {
            Mark::Handshake(h) => a
                .handshakes
                .get(h)
                .map(|hs| ExportItem::Handshake(hs, call.and_then(|c| a.cmdlets.get(c)))),
            Mark::Call(c) => a.cmdlets.get(c).map(ExportItem::Cmdlet),
            Mark::Finding(f) => a.findings.get(f).map(ExportItem::Finding),
            Mark::Line(_) => text.as_ref().map(|(row, t)| ExportItem::Line {
                source: data.source_of(*row),
                line: data.line_of(*row),
                text: t,
            }),
        };
        items.extend(item);
    }
    marked_markdown(&items, &a.sources, zone, a)
}

/// A row's text as logged, from the one home of line text ([`crate::export::evidence_text`]):
/// the IIS line read back from the file; the HCW entry rebuilt whole.
pub fn raw_text(data: &Data, row: RowRef) -> String {
    let line = Evidence {
        source: data.source_of(row),
        line: data.line_of(row),
    };
    evidence_text(&data.analysis, line).unwrap_or_default()
}
