//! The shared layout of the text and Markdown reports: findings, failed calls, failed
//! handshakes, sources, unparsed lines, skipped files. Only the markup differs by [`Style`].

use super::evidence_text;
use super::json::source_path;
use crate::analyze::cmdlet::CmdletOutcome;
use crate::analyze::handshake::{Handshake, HandshakeOutcome};
use crate::escape::escape_control;
use crate::pipeline::Analysis;
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

const MAX_HANDSHAKES: usize = 50;

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
            Style::Markdown => format!("`{}`", text.replace('`', "'")),
            Style::Text => text.to_string(),
        }
    }

    fn block(&mut self, text: &str) {
        match self.style {
            Style::Markdown => {
                let _ = writeln!(self.out, "```\n{}\n```\n", text.trim_end());
            }
            Style::Text => {
                for line in text.trim_end().lines() {
                    let _ = writeln!(self.out, "    {line}");
                }
                self.out.push('\n');
            }
        }
    }

    /// Writes the whole report.
    pub fn render(mut self, a: &Analysis) -> String {
        self.heading(1, "hcwlens report");
        self.summary(a);
        self.findings(a);
        self.cmdlets(a);
        self.handshakes(a);
        self.sources(a);
        self.out
    }

    fn summary(&mut self, a: &Analysis) {
        let failed_calls = a
            .cmdlets
            .iter()
            .filter(|c| c.outcome != CmdletOutcome::Success)
            .count();
        let failed_hs = a
            .handshakes
            .iter()
            .filter(|h| h.outcome == HandshakeOutcome::Failed)
            .count();
        let unparsed: u64 = a.sources.iter().map(|s| s.stats.unparsed).sum();
        self.para(&format!(
            "{} source(s), {} finding(s), {} failed or unfinished cmdlet call(s), {} failed handshake(s), {} unparsed line(s). All times UTC.",
            a.sources.len(),
            a.findings.len(),
            failed_calls,
            failed_hs,
            unparsed
        ));
        if let Some(s) = &a.skew {
            self.para(&format!(
                "Clock skew suggested: shift HCW by {:+} ms ({} of {} test calls line up). Apply with --skew hcw={:+}ms.",
                s.offset_ms, s.matched_calls, s.total_calls, s.offset_ms
            ));
        }
    }

    fn findings(&mut self, a: &Analysis) {
        self.heading(2, "Findings");
        if a.findings.is_empty() {
            self.para("No findings.");
            return;
        }
        for (i, f) in a.findings.iter().enumerate() {
            let when = f.time.map(|t| format!(" ({t})")).unwrap_or_default();
            self.heading(
                3,
                &format!("{}. [{:?}] {} - {}{when}", i + 1, f.severity, f.id, f.title),
            );
            self.para(&f.explanation);
            if !f.evidence.is_empty() {
                self.para("Evidence:");
                for &ev in &f.evidence {
                    let loc = format!("{}:{}", source_path(a, ev.source), ev.line);
                    let text = evidence_text(a, ev).unwrap_or_default();
                    let line = format!("{} {}", self.code(&loc), self.code(&text));
                    self.bullet(0, &line);
                }
                self.out.push('\n');
            }
            self.para("Remedy:");
            self.block(&f.remedy);
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
        if bad.is_empty() {
            self.para(&format!("None ({} calls in all).", a.cmdlets.len()));
            return;
        }
        for c in bad {
            let dur = c
                .duration_ms
                .map(|d| format!(", {:.1} s", d / 1000.0))
                .unwrap_or_default();
            let head = format!(
                "{} {:?} at {}{dur} ({}:{})",
                escape_control(&c.name),
                c.outcome,
                c.start,
                source_path(a, c.source),
                c.line
            );
            self.bullet(0, &head);
            if let Some(e) = &c.error {
                let mut e = escape_control(e).into_owned();
                if e.len() > 300 {
                    let mut cut = 300;
                    while !e.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    e.truncate(cut);
                    e.push('…');
                }
                self.bullet(1, &e);
            }
        }
        self.out.push('\n');
    }

    fn handshakes(&mut self, a: &Analysis) {
        self.heading(2, "Failed and abandoned handshakes");
        if !a.handshake_summary.is_empty() {
            for c in &a.handshake_summary {
                let name = c.failure_name.clone().unwrap_or_default();
                let line = format!(
                    "{} {:?} {} x{}",
                    escape_control(&c.uri),
                    c.outcome,
                    name,
                    c.count
                );
                self.bullet(0, line.trim_end());
            }
            self.out.push('\n');
        }
        let bad: Vec<&Handshake> = a
            .handshakes
            .iter()
            .filter(|h| h.outcome != HandshakeOutcome::Success)
            .collect();
        if bad.is_empty() {
            self.para("None.");
            return;
        }
        for h in bad.iter().take(MAX_HANDSHAKES) {
            let name = h
                .failure_code
                .and_then(crate::codes::failure_name)
                .unwrap_or("");
            let head = format!(
                "{} {} {} {} from {} on {}: {:?} {} ({})",
                h.start,
                escape_control(&h.method),
                escape_control(&h.uri),
                "",
                escape_control(&h.client),
                escape_control(&h.server),
                h.outcome,
                name,
                escape_control(&h.grouping_words())
            );
            self.bullet(0, &head.replace("  ", " "));
            for l in &h.legs {
                let leg = format!(
                    "line {}: {} {} {} - {}",
                    l.line,
                    l.status,
                    l.substatus,
                    l.win32,
                    crate::codes::describe_leg(l.status, l.substatus, l.win32)
                );
                self.bullet(1, &leg);
            }
        }
        if bad.len() > MAX_HANDSHAKES {
            self.para(&format!(
                "… and {} more (see --format json).",
                bad.len() - MAX_HANDSHAKES
            ));
        } else {
            self.out.push('\n');
        }
    }

    fn sources(&mut self, a: &Analysis) {
        self.heading(2, "Sources");
        for s in &a.sources {
            let line = format!(
                "{} ({}, {}, {} {:?}): {} lines, {} events, {} unparsed",
                self.code(&escape_control(&s.path.display().to_string())),
                s.kind.name(),
                escape_control(&s.server),
                s.zone.label(),
                s.zone_origin,
                s.stats.lines,
                s.stats.events,
                s.stats.unparsed
            );
            self.bullet(0, &line);
            for d in s.stats.diagnostics.iter().take(5) {
                let text = format!("line {}: {} - {}", d.line, d.reason, self.code(&d.text));
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
