//! The text and Markdown report's findings: in Markdown each finding's ticket text (one
//! Markdown writer with [`crate::export`]); in text its heading (severity, id, title, time),
//! whether a later run got past it, the explanation, the evidence lines quoted (only the head
//! of an entry whose exception another finding quotes), the remedy and the references.

use super::Doc;
use super::Style;
use crate::escape::escape_control;
use crate::export::finding_markdown;
use crate::pipeline::Analysis;
use crate::report::evidence_text;
use crate::report::json::source_path;
use crate::time::ZoneSpec;
use std::fmt::Write;

impl Doc {
    pub(super) fn findings(&mut self, a: &Analysis) {
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
                    escape_control(&super::super::fixed_elsewhere(a, f))
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
}
