//! Ticket-ready text: handshakes, cmdlet calls, findings and raw log lines as plain Markdown
//! that pastes cleanly into a ticket or an e-mail.
//!
//! Everything is pure. Every value that comes from a log goes through [`crate::escape`], raw log
//! text sits in code spans or fenced blocks, PowerShell commands in `powershell` fences, and
//! every instant is given in UTC and in the display zone. Texts are never cut. No colours, no
//! control characters, no tables wider than the text. This is the one Markdown writer: the
//! Markdown report's findings and failed calls are these same texts.

mod cmdlet;
mod decode;
mod finding;
mod handshake;
pub mod jsonl;
mod lines;
mod md;
mod remedy;

#[cfg(test)]
mod tests;

use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::finding::{Evidence, Finding};
use crate::analyze::handshake::Handshake;
use crate::pipeline::Analysis;
use crate::source::{SourceId, SourceInfo};
use crate::time::ZoneSpec;
use std::fmt::Write;

/// Where the writers find what an item only points to: the whole text of an evidence line and
/// the whole error of a cmdlet call. An [`Analysis`] knows both; a closure over evidence lines
/// is enough where the error the call kept will do.
pub trait Lookup {
    /// The whole raw text of an evidence line, if known.
    fn line(&self, ev: Evidence) -> Option<String>;
    /// The whole error text of a call.
    fn error(&self, c: &CmdletCall) -> Option<String> {
        c.error.clone()
    }
    /// A later run that got past a failed call: the sentence and where that run is logged.
    fn later(&self, _c: &CmdletCall) -> Option<(String, String)> {
        None
    }
    /// `, with another remote server, …` when the later run that fixed `f` tested another
    /// server than its failed calls (`report::fixed_elsewhere`); not escaped.
    fn fixed_elsewhere(&self, _f: &Finding) -> String {
        String::new()
    }
    /// The front end's view of an IIS line (its HttpProxy row joined through `cafeReqId`, in
    /// words) and where that row is logged.
    fn front_end(&self, _source: SourceId, _line: u64) -> Option<(String, Evidence)> {
        None
    }
    /// The Security event linked to a failed handshake: its line, where it is logged and how
    /// many ms after the final leg it was written.
    fn security_event(&self, _h: &Handshake) -> Option<(String, Evidence, i64)> {
        None
    }
}

impl<F: Fn(Evidence) -> Option<String>> Lookup for F {
    fn line(&self, ev: Evidence) -> Option<String> {
        self(ev)
    }
}

impl Lookup for Analysis {
    fn line(&self, ev: Evidence) -> Option<String> {
        evidence_text(self, ev)
    }
    fn error(&self, c: &CmdletCall) -> Option<String> {
        whole_error(self, c)
    }
    fn later(&self, c: &CmdletCall) -> Option<(String, String)> {
        crate::report::later_sentence(self, c)
    }
    fn fixed_elsewhere(&self, f: &Finding) -> String {
        crate::report::fixed_elsewhere(self, f)
    }
    fn front_end(&self, source: SourceId, line: u64) -> Option<(String, Evidence)> {
        let r = self.proxy_of(source, line)?;
        let at = Evidence {
            source: r.source,
            line: r.line,
        };
        Some((crate::analyze::proxyjoin::describe(r), at))
    }
    fn security_event(&self, h: &Handshake) -> Option<(String, Evidence, i64)> {
        let i = self.handshakes.iter().position(|x| std::ptr::eq(x, h))?;
        let link = self.security.links.iter().find(|l| l.handshake == i)?;
        let e = self.security.events.get(link.event)?;
        let at = Evidence {
            source: e.source,
            line: e.line,
        };
        Some((e.line_text(), at, link.delta_ms))
    }
}

/// Markdown for one cmdlet call as a ticket and the Markdown report hold it: the call, its
/// whole error, and the later run that got past it when one did.
pub fn cmdlet_ticket(
    c: &CmdletCall,
    sources: &[SourceInfo],
    display: &ZoneSpec,
    lookup: &dyn Lookup,
) -> String {
    let md = cmdlet_markdown_with(c, sources, display, lookup.error(c).as_deref());
    match lookup.later(c) {
        Some((later, at)) => format!(
            "{}\n\n{} ({}).\n",
            md.trim_end(),
            md_prose(&later),
            code_span(&at)
        ),
        None => md,
    }
}

pub use cmdlet::{
    call_outcome_text, call_word, cmdlet_markdown, cmdlet_markdown_with, ended_word, outcome_text,
    outcome_word,
};
pub use finding::{MAX_EVIDENCE, finding_markdown};
pub use handshake::{handshake_markdown, handshake_ticket};
pub use lines::{entry_head, evidence_text, hcw_entry_text, whole_error};
pub use md::{block as text_block, code as code_span, prose as md_prose};
pub use remedy::{fence as powershell_fence, remedy_markdown, starts_with_command};

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
    lookup: &dyn Lookup,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(item) = items.get(i) {
        i += 1;
        let part = match *item {
            ExportItem::Handshake(h, c) => handshake_ticket(h, sources, display, c, lookup),
            ExportItem::Cmdlet(c) => cmdlet_ticket(c, sources, display, lookup),
            ExportItem::Finding(f) => finding_markdown(f, sources, display, lookup),
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
    if let Some(info) = crate::source::by_id(sources, source) {
        // The server as screens name it ([`crate::source::ServerNames`]), the clock as the
        // reports word it (`UTC+01:00`, `UTC (assumed)`, `UTC+02:00 (--tz)`).
        let machines = crate::source::machine_names(sources);
        let names = crate::source::ServerNames::new(sources, &machines);
        let _ = write!(
            out,
            " ({}, {}, clock {})",
            md::code(&names.of_source(info)),
            info.kind.tag(),
            crate::report::text::zone_label(info)
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
