//! A finding as ticket text: severity and title, explanation, evidence lines, remedy, links.

use super::{Lookup, md, remedy};
use crate::analyze::finding::{Evidence, Finding, Severity};
use crate::source::SourceInfo;
use crate::time::ZoneSpec;
use std::fmt::Write;

/// Evidence lines listed before the rest is summarised as a count.
pub const MAX_EVIDENCE: usize = 20;

/// Markdown for one finding; `lookup` supplies the whole text of an evidence line if known.
pub fn finding_markdown(
    f: &Finding,
    sources: &[SourceInfo],
    display: &ZoneSpec,
    lookup: &dyn Lookup,
) -> String {
    // A failure a later run got past is said to be fixed before anything else (the text
    // report's "[fixed by a later run]").
    let fixed = if f.fixed_by.is_some() {
        " (fixed by a later run)"
    } else {
        ""
    };
    let mut out = format!(
        "### {}{fixed}: {}\n\n",
        severity(f.severity),
        md::prose(&f.title)
    );
    let _ = write!(out, "Finding {}", md::code(&f.id.to_string()));
    if let Some(t) = f.time {
        let _ = write!(
            out,
            ", at {}",
            crate::time::stamp(
                t,
                crate::source::resolution(sources, f.time_source),
                display
            )
        );
    }
    out.push_str("\n\n");
    if let Some(x) = f.fixed_by {
        let _ = write!(
            out,
            "Fixed by a later run: {} got past it at {}{}.\n\n",
            md::code(&crate::source::cited_run(sources, x.source, x.line)),
            crate::time::sentence_utc(x.time),
            md::prose(&lookup.fixed_elsewhere(f))
        );
    }
    let explanation = md::prose(&f.explanation);
    if !explanation.is_empty() {
        out.push_str(&explanation);
        out.push_str("\n\n");
    }
    if !f.evidence.is_empty() {
        out.push_str("Evidence:\n\n");
        let mut quoted = Vec::new();
        for &ev in f.evidence.iter().take(MAX_EVIDENCE) {
            let follows: Vec<String> = f.followed_at(ev).iter().map(|id| id.to_string()).collect();
            evidence_item(&mut out, ev, sources, lookup, &follows, &mut quoted);
        }
        if f.evidence.len() > MAX_EVIDENCE {
            let _ = writeln!(
                out,
                "- … and {} more lines",
                f.evidence.len() - MAX_EVIDENCE
            );
        }
        out.push('\n');
    }
    let remedy = remedy::remedy_markdown(&f.remedy);
    if !remedy.is_empty() {
        let _ = write!(out, "What to do:\n\n{remedy}\n\n");
    }
    if !f.references.is_empty() {
        out.push_str("References:\n\n");
        for r in &f.references {
            let _ = writeln!(out, "- {}", md::prose(r));
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// One evidence line, quoted whole; for a finding that `follows` others (they quote the
/// cause), only the entry's head and where the rest is.
fn evidence_item(
    out: &mut String,
    ev: Evidence,
    sources: &[SourceInfo],
    lookup: &dyn Lookup,
    follows: &[String],
    quoted: &mut Vec<(String, String)>,
) {
    let loc = md::code(&md::location(sources, ev.source, ev.line));
    let text = lookup.line(ev).map(|t| {
        if follows.is_empty() {
            t
        } else {
            super::lines::entry_head(&t)
        }
    });
    if !follows.is_empty() {
        let ids: Vec<String> = follows.iter().map(|id| md::code(id)).collect();
        let see = format!("(the exception it repeats: see {})", ids.join(", "));
        match text {
            Some(t) if !t.trim().is_empty() => {
                let _ = writeln!(out, "- {loc}: {see}");
                out.push_str(&md::block(&t, "  "));
            }
            _ => {
                let _ = writeln!(out, "- {loc} {see}");
            }
        }
        return;
    }
    match text {
        Some(text) if text.contains('\n') => {
            match repeated_tail(&text, quoted) {
                Some((kept, lines, at)) => {
                    let _ = writeln!(out, "- {loc}: (then the same {lines} lines as {at} above)");
                    out.push_str(&md::block(kept, "  "));
                }
                None => {
                    let _ = writeln!(out, "- {loc}:");
                    out.push_str(&md::block(&text, "  "));
                }
            }
            quoted.push((text, loc));
        }
        Some(text) if !text.trim().is_empty() => {
            let _ = writeln!(out, "- {loc}: {}", md::code(text.trim_end()));
        }
        _ => {
            let _ = writeln!(out, "- {loc}");
        }
    }
}

/// Lines an entry must repeat of one quoted above before they are left out.
const REPEAT_LINES: usize = 5;

/// When `text` ends in the same lines as an entry `quoted` above (two calls that failed with
/// one exception: the same error and stack trace under a different stamp and time), the lines
/// before them, how many are the same, and the location of the entry they repeat: a ticket
/// quotes a 30-line stack trace once.
fn repeated_tail<'t>(
    text: &'t str,
    quoted: &[(String, String)],
) -> Option<(&'t str, usize, String)> {
    let line = |l: &'t str| l.trim_end_matches('\r');
    let lines: Vec<&str> = text.split('\n').collect();
    let (same, at) = quoted
        .iter()
        .map(|(q, at)| {
            let same = q
                .split('\n')
                .rev()
                .zip(lines.iter().rev())
                .take_while(|(a, b)| a.trim_end_matches('\r') == line(b))
                .count();
            (same, at)
        })
        .max_by_key(|&(same, _)| same)?;
    // The entry's first line (its stamp and message) stays whatever else repeats.
    let same = same.min(lines.len().saturating_sub(1));
    if same < REPEAT_LINES {
        return None;
    }
    let keep = lines.len() - same;
    let end = lines[..keep].iter().map(|l| l.len() + 1).sum::<usize>();
    let kept = text.get(..end.saturating_sub(1))?;
    Some((line(kept), same, at.clone()))
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}
