//! The shared layout of the text and Markdown reports: findings, failed calls, failed
//! handshakes, sources, unparsed lines, skipped files. Only the markup differs by [`Style`]; in
//! Markdown, findings and failed calls are the ticket texts of [`crate::export`] (one Markdown
//! writer), so `report --redact` and a redacted copy of a finding read the same. Error texts
//! are whole: wrapped in the text report, fenced in Markdown.

use super::json::source_path;
use super::{evidence_text, wrap};
use crate::analyze::cmdlet::CmdletOutcome;
use crate::escape::escape_control;
use crate::export::{cmdlet_ticket, finding_markdown, whole_error};
use crate::pipeline::Analysis;
use crate::source::SourceKind;
use crate::time::ZoneSpec;
use crate::wording::count;
use std::fmt::Write;

/// Markup flavour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
}

/// A report being written.
pub struct Doc {
    style: Style,
    out: String,
}

/// Failed and abandoned handshakes listed; the rest are only counted.
pub const LISTED_HANDSHAKES: usize = 50;
/// Width error texts are wrapped to in the text report.
const WRAP: usize = 100;

impl Doc {
    /// A new, empty document.
    pub fn new(style: Style) -> Self {
        Doc {
            style,
            out: String::new(),
        }
    }

    fn heading(&mut self, level: usize, text: &str) {
        match self.style {
            Style::Markdown => {
                let _ = writeln!(self.out, "{} {text}\n", "#".repeat(level));
            }
            Style::Text => {
                let rule = if level == 1 { '=' } else { '-' };
                let _ = writeln!(
                    self.out,
                    "{text}\n{}\n",
                    rule.to_string().repeat(text.chars().count())
                );
            }
        }
    }

    fn para(&mut self, text: &str) {
        let _ = writeln!(self.out, "{}\n", text.trim_end());
    }

    fn bullet(&mut self, depth: usize, text: &str) {
        let _ = writeln!(self.out, "{}- {text}", "  ".repeat(depth));
    }

    fn code(&self, text: &str) -> String {
        match self.style {
            Style::Markdown => crate::export::code_span(text),
            Style::Text => text.to_string(),
        }
    }

    /// Plain text indented by four, long lines wrapped (a command line stays whole, to paste).
    fn text_block(&mut self, text: &str) {
        for line in text.trim_end().lines() {
            let lead = line.len() - line.trim_start().len();
            if crate::export::starts_with_command(line) {
                let _ = writeln!(self.out, "    {line}");
                continue;
            }
            for (i, part) in wrap(line.trim_start(), WRAP).iter().enumerate() {
                let extra = if i == 0 { 0 } else { 2 };
                let _ = writeln!(self.out, "    {}{part}", " ".repeat(lead + extra));
            }
        }
        self.out.push('\n');
    }

    /// Writes the whole report.
    pub fn render(mut self, a: &Analysis) -> String {
        self.heading(1, "hcwlens report");
        self.summary(a);
        self.findings(a);
        self.cmdlets(a);
        self.handshakes(a);
        self.security(a);
        self.sources(a);
        self.out
    }

    fn summary(&mut self, a: &Analysis) {
        self.para(&super::summary_line(a));
        if let Some(found) = &a.found {
            self.para(&format!("--auto: {}", escape_control(found)));
        }
        if let Some(s) = &a.skew {
            self.para(&crate::analyze::skew::skew_sentence(s, &a.sources));
        }
    }

    fn findings(&mut self, a: &Analysis) {
        self.heading(2, "Findings");
        if a.findings.is_empty() {
            self.para("No findings.");
            return;
        }
        for (i, f) in a.findings.iter().enumerate() {
            if self.style == Style::Markdown {
                let md = finding_markdown(f, &a.sources, &ZoneSpec::Fixed(0), a);
                let _ = writeln!(self.out, "{}\n", md.trim_end());
                continue;
            }
            let when = f
                .time
                .map(|t| {
                    let res = crate::source::resolution(&a.sources, f.time_source);
                    format!(" ({})", crate::time::stamp_utc(t, res))
                })
                .unwrap_or_default();
            let fixed = if f.fixed_by.is_some() {
                " [fixed by a later run]"
            } else {
                ""
            };
            self.heading(
                3,
                &format!(
                    "{}. [{:?}]{fixed} {} - {}{when}",
                    i + 1,
                    f.severity,
                    f.id,
                    f.title
                ),
            );
            if let Some(x) = f.fixed_by {
                self.para(&format!(
                    "Fixed by a later run: {} got past it at {}{}.",
                    self.code(&escape_control(&crate::source::cited_run(
                        &a.sources, x.source, x.line
                    ))),
                    crate::time::sentence_utc(x.time),
                    escape_control(&super::fixed_elsewhere(a, f))
                ));
            }
            self.para(&f.explanation);
            if !f.evidence.is_empty() {
                self.para("Evidence:");
                // A finding that follows the diagnosis of its failure quotes only the head of
                // its entries: the diagnosis quotes the exception.
                for &ev in &f.evidence {
                    let follows: Vec<String> =
                        f.followed_at(ev).iter().map(|id| id.to_string()).collect();
                    let mut loc = format!("{}:{}", source_path(a, ev.source), ev.line);
                    let mut text = evidence_text(a, ev).unwrap_or_default();
                    if !follows.is_empty() {
                        text = crate::export::entry_head(&text);
                        loc.push_str(&format!(
                            " (the exception it repeats: see {})",
                            follows.join(", ")
                        ));
                    }
                    match text.split_once('\n') {
                        None => self.bullet(0, &format!("{loc} {text}")),
                        Some(_) => {
                            self.bullet(0, &loc);
                            for l in text.lines() {
                                let _ = writeln!(self.out, "    {}", l.trim_end());
                            }
                        }
                    }
                }
                self.out.push('\n');
            }
            self.para("Remedy:");
            self.text_block(&f.remedy);
            if !f.references.is_empty() {
                self.para(&format!("References: {}", f.references.join(", ")));
            }
        }
    }

    fn cmdlets(&mut self, a: &Analysis) {
        let bad: Vec<_> = a
            .cmdlets
            .iter()
            .filter(|c| c.outcome != CmdletOutcome::Success)
            .collect();
        self.heading(2, "Failed cmdlet calls");
        let hcw = a.sources.iter().any(|s| s.kind == SourceKind::Hcw);
        if bad.is_empty() && !hcw {
            self.para(crate::report::NO_HCW_SENTENCE);
            return;
        }
        if bad.is_empty() {
            self.para(&format!("None ({} calls in all).", a.cmdlets.len()));
            return;
        }
        if self.style == Style::Markdown {
            for c in bad {
                let md = cmdlet_ticket(c, &a.sources, &ZoneSpec::Fixed(0), a);
                let _ = writeln!(self.out, "{}\n", md.trim_end());
            }
            return;
        }
        for c in bad {
            let dur = c
                .duration_ms
                .and_then(crate::wording::call_duration)
                .map(|d| format!(", {d}"))
                .unwrap_or_default();
            // What the outcome means, worded as the call's ticket words it (one home): a bare
            // "Error" was read as "it failed" when the log may just end before the result.
            let head = format!(
                "{} {} at {}{dur} ({}:{})",
                escape_control(&c.name),
                crate::export::call_outcome_text(c),
                crate::time::sentence_utc(c.start),
                source_path(a, c.source),
                c.line
            );
            self.bullet(0, &head);
            if let Some(e) = whole_error(a, c) {
                self.out.push('\n');
                self.text_block(&crate::escape::escape_keep_newlines(&e));
            }
            if let Some(ok) = crate::analyze::cmdlet::later_success(&a.cmdlets, c) {
                let note = format!(
                    "{} ({})",
                    escape_control(&crate::analyze::cmdlet::later_words(c, ok)),
                    escape_control(&crate::source::cited_run(
                        &a.sources,
                        ok.source,
                        Some(ok.line)
                    ))
                );
                self.bullet(1, &note);
            }
        }
        self.out.push('\n');
    }

    fn sources(&mut self, a: &Analysis) {
        // An HCW log that names no machine (a `.boot`) by its run's: one run, one machine.
        let source_label = |a: &Analysis, s| {
            let label = super::text::source_label(s, &a.machines);
            match crate::source::run_machine(&a.sources, s) {
                Some((name, ext)) => format!(
                    "{} as named by the run's .{} · {label}",
                    escape_control(name),
                    escape_control(&ext)
                ),
                None => label,
            }
        };
        self.heading(2, "Sources");
        for s in &a.sources {
            // An exported event log is binary: records, not lines.
            let evtx = s.kind == SourceKind::Evtx;
            let (unit, bad) = if evtx {
                ("record", "unreadable")
            } else {
                ("line", "unparsed")
            };
            let mut line = format!(
                "{} ({}): {}, {}, {} {bad}",
                self.code(&escape_control(&s.path.display().to_string())),
                source_label(a, s),
                count(usize::try_from(s.stats.lines).unwrap_or(usize::MAX), unit),
                count(
                    usize::try_from(s.stats.events).unwrap_or(usize::MAX),
                    "event"
                ),
                s.stats.unparsed
            );
            if s.stats.not_utf8 > 0 {
                line.push_str(&format!(", {} with bytes not UTF-8", s.stats.not_utf8));
            }
            if let Some(note) = s.encoding.guess_note() {
                line.push_str(&format!(", {note}"));
            }
            self.bullet(0, &line);
            for d in s.stats.diagnostics.iter().take(5) {
                let at = match (evtx, d.line) {
                    (true, 0) => "the file".to_string(),
                    (true, n) => format!("record {n}"),
                    (false, n) => format!("line {n}"),
                };
                let text = format!("{at}: {} - {}", d.reason, self.code(&d.text));
                self.bullet(1, &text);
            }
        }
        for s in &a.skipped {
            let line = format!(
                "skipped {}: {}",
                self.code(&escape_control(&s.path.display().to_string())),
                escape_control(&s.reason)
            );
            self.bullet(0, &line);
        }
        self.out.push('\n');
    }
}

mod handshakes;
mod security;
