//! The HTML report's failed cmdlet calls: each with its outcome as its ticket words it, its
//! start and line, its whole error text and a later run that got past it. A load without an HCW
//! log says so instead.

use super::Html;
use super::source_path;
use crate::analyze::cmdlet::CmdletOutcome;
use crate::export::whole_error;
use crate::pipeline::Analysis;

pub fn cmdlets(h: &mut Html, a: &Analysis) {
    h.raw("<h2 id=\"calls\">Failed cmdlet calls</h2>\n");
    let bad: Vec<_> = a
        .cmdlets
        .iter()
        .filter(|c| c.outcome != CmdletOutcome::Success)
        .collect();
    let hcw = a
        .sources
        .iter()
        .any(|s| s.kind == crate::source::SourceKind::Hcw);
    if bad.is_empty() && !hcw {
        h.raw("<p>");
        h.push_text(super::super::NO_HCW_SENTENCE);
        h.raw("</p>\n");
        return;
    }
    if bad.is_empty() {
        h.raw(&format!(
            "<p>None ({} in all).</p>\n",
            crate::wording::count(a.cmdlets.len(), "call")
        ));
        return;
    }
    for c in bad {
        h.raw("<h3 class=\"bad\">");
        h.push_text(&c.name);
        let dur = c
            .duration_ms
            .and_then(crate::wording::call_duration)
            .map(|d| format!(", {d}"))
            .unwrap_or_default();
        h.raw(" ");
        h.push_text(crate::export::call_outcome_text(c));
        h.raw(&format!(
            "</h3>\n<p class=\"muted\">{}{dur} · ",
            crate::time::stamp_utc(c.start, crate::source::resolution(&a.sources, c.source))
        ));
        h.push_text(&format!("{}:{}", source_path(a, c.source), c.line));
        h.raw("</p>\n");
        if let Some(e) = whole_error(a, c) {
            h.raw("<pre>");
            h.push_text(e.trim_end());
            h.raw("</pre>\n");
        }
        if let Some((later, at)) = super::super::later_sentence(a, c) {
            h.raw("<p>");
            h.push_text(&format!("{later} ({at})."));
            h.raw("</p>\n");
        }
    }
}
