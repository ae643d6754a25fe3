//! The shared layout of the text and Markdown reports: findings, failed calls, failed
//! handshakes, sources, unparsed lines, skipped files. Only the markup differs by [`Style`]; in
//! Markdown, findings and failed calls are the ticket texts of [`crate::export`] (one Markdown
//! writer), so `report --redact` and a redacted copy of a finding read the same. Error texts
//! are whole: wrapped in the text report, fenced in Markdown. This file holds the markup and
//! the order of the sections; each section is written in `doc/` (`findings.rs`, `cmdlets.rs`,
//! `handshakes.rs`, `security.rs`, `sources.rs`).

use super::wrap;
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
        if let Some(apart) = crate::analyze::overview::apart::apart(a) {
            self.para(&apart.sentence());
        }
        if let Some(s) = &a.skew {
            self.para(&crate::analyze::skew::skew_sentence(s, &a.sources));
        }
    }
}

mod cmdlets;
mod findings;
mod handshakes;
mod security;
mod sources;
