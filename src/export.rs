//! Ticket-ready text: handshakes, cmdlet calls, findings and raw log lines as plain Markdown
//! that pastes cleanly into a ticket or an e-mail.
//!
//! Everything is pure. Every value that comes from a log goes through [`crate::escape`], raw log
//! text sits in code spans or fenced blocks, and every instant is given in UTC and in the
//! display zone. No colours, no control characters, no tables wider than the text.

mod cmdlet;
mod decode;
mod finding;
mod handshake;
mod md;

#[cfg(test)]
mod tests;

use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::finding::{Evidence, Finding};
use crate::analyze::handshake::Handshake;
use crate::source::{SourceId, SourceInfo};
use crate::time::ZoneSpec;
use std::fmt::Write;

pub use cmdlet::cmdlet_markdown;
pub use finding::{MAX_EVIDENCE, finding_markdown};
pub use handshake::handshake_markdown;

/// One marked thing to export, borrowed from the analysis.
#[derive(Debug, Clone, Copy)]
pub enum ExportItem<'a> {
    /// A handshake and its correlated HCW call, if any.
    Handshake(&'a Handshake, Option<&'a CmdletCall>),
    /// A cmdlet call.
    Cmdlet(&'a CmdletCall),
    /// A finding.
    Finding(&'a Finding),
    /// A raw log line.
    Line {
        /// Its source.
        source: SourceId,
        /// 1-based line number.
        line: u64,
        /// The raw text (escaped on export).
        text: &'a str,
    },
}

/// Markdown for one raw log line, named by file and line.
pub fn line_markdown(source: &SourceInfo, line_no: u64, text: &str) -> String {
    lines_markdown(std::slice::from_ref(source), source.id, &[(line_no, text)])
}

/// Markdown for several marked items, in the given order, separated by rules. Consecutive
/// lines of the same source are joined into one block.
pub fn marked_markdown(
    items: &[ExportItem<'_>],
    sources: &[SourceInfo],
    display: &ZoneSpec,
    line_text: &dyn Fn(Evidence) -> Option<String>,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(item) = items.get(i) {
        i += 1;
        let part = match *item {
            ExportItem::Handshake(h, c) => handshake_markdown(h, sources, display, c),
            ExportItem::Cmdlet(c) => cmdlet_markdown(c, sources, display),
            ExportItem::Finding(f) => finding_markdown(f, sources, display, line_text),
            ExportItem::Line { source, line, text } => {
                let mut run = vec![(line, text)];
                while let Some(&ExportItem::Line {
                    source: s,
                    line,
                    text,
                }) = items.get(i)
                {
                    if s != source {
                        break;
                    }
                    run.push((line, text));
                    i += 1;
                }
                lines_markdown(sources, source, &run)
            }
        };
        parts.push(part);
    }
    parts.join("\n---\n\n")
}

fn lines_markdown(sources: &[SourceInfo], source: SourceId, lines: &[(u64, &str)]) -> String {
    let file = md::file_name(sources, source);
    let head = match lines {
        [(n, _)] => md::code(&format!("{file}:{n}")),
        _ => {
            let nums: Vec<String> = lines.iter().map(|(n, _)| n.to_string()).collect();
            format!("{} lines {}", md::code(&file), nums.join(", "))
        }
    };
    let mut out = head;
    if let Some(info) = md::find(sources, source) {
        let _ = write!(
            out,
            " ({}, {}, clock UTC{})",
            md::code(&info.server),
            info.kind.tag(),
            info.utc_offset()
        );
    }
    out.push_str(":\n\n");
    let body: Vec<&str> = lines
        .iter()
        .map(|(_, t)| t.trim_end_matches(['\r', '\n']))
        .collect();
    out.push_str(&md::block(&body.join("\n"), ""));
    out
}
