//! The text and Markdown report's failed cmdlet calls: in Markdown each call's ticket text; in
//! text the call, its outcome as its ticket words it, its whole error text and a later run
//! that got past it. A load without an HCW log says so instead.

use super::Doc;
use super::Style;
use crate::analyze::cmdlet::CmdletOutcome;
use crate::escape::escape_control;
use crate::export::{cmdlet_ticket, whole_error};
use crate::pipeline::Analysis;
use crate::report::json::source_path;
use crate::source::SourceKind;
use crate::time::ZoneSpec;
use std::fmt::Write;

impl Doc {
    pub(super) fn cmdlets(&mut self, a: &Analysis) {
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
            self.para(&format!(
                "None ({} in all).",
                crate::wording::count(a.cmdlets.len(), "call")
            ));
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
}
