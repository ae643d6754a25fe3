//! An HCW cmdlet call as ticket text: command, both clocks, duration, outcome and error.

use super::{md, remedy};
use crate::analyze::cmdlet::{CmdletCall, CmdletOutcome};
use crate::escape::escape_keep_newlines;
use crate::source::SourceInfo;
use crate::time::ZoneSpec;
use std::fmt::Write;

/// Markdown for one cmdlet call, in UTC and the display zone, with the error the analysis kept.
pub fn cmdlet_markdown(c: &CmdletCall, sources: &[SourceInfo], display: &ZoneSpec) -> String {
    cmdlet_markdown_with(c, sources, display, c.error.as_deref())
}

/// Markdown for one cmdlet call with `error` as its whole error text.
pub fn cmdlet_markdown_with(
    c: &CmdletCall,
    sources: &[SourceInfo],
    display: &ZoneSpec,
    error: Option<&str>,
) -> String {
    let mut out = format!(
        "### HCW cmdlet {} — {}\n\n",
        md::code(&c.name),
        call_word(c)
    );
    match (&c.session, &c.thread) {
        (Some(s), Some(t)) => {
            let _ = writeln!(out, "- Session: {}, thread {}", md::code(s), md::code(t));
        }
        (Some(s), None) => {
            let _ = writeln!(out, "- Session: {}", md::code(s));
        }
        (None, Some(t)) => {
            let _ = writeln!(out, "- Thread: {}", md::code(t));
        }
        (None, None) => {}
    }
    let res = crate::source::resolution(sources, c.source);
    let _ = writeln!(
        out,
        "- Started: {}",
        crate::time::stamp(c.start, res, display)
    );
    match c.end {
        Some(end) => {
            let _ = writeln!(out, "- Finished: {}", crate::time::stamp(end, res, display));
        }
        None => {
            let words =
                crate::analyze::cmdlet::run_ended_words(c).unwrap_or("no FINISH entry in the log");
            let _ = writeln!(out, "- Finished: {words}");
        }
    }
    let duration = c
        .duration_ms
        .or_else(|| c.end.map(|e| e.0.saturating_sub(c.start.0) as f64))
        .and_then(crate::wording::call_duration);
    if let Some(d) = duration {
        let _ = writeln!(out, "- Duration: {d}");
    }
    let _ = writeln!(out, "- Outcome: {}", call_outcome_text(c));
    if let Some(r) = &c.remote_server {
        let _ = writeln!(out, "- Remote server: {}", md::code(r));
    }
    for url in &c.urls {
        let _ = writeln!(out, "- URL in the error: {}", md::code(url));
    }
    let log = md::location(sources, c.source, c.line);
    match c.finish_line {
        Some(f) if f != c.line => {
            let _ = writeln!(out, "- Log: {} (FINISH at line {f})", md::code(&log));
        }
        _ => {
            let _ = writeln!(out, "- Log: {}", md::code(&log));
        }
    }
    if !c.command.trim().is_empty() {
        out.push_str("\nCommand:\n\n");
        out.push_str(&remedy::fence(&escape_keep_newlines(&c.command), ""));
    }
    if let Some(err) = error.filter(|e| !e.trim().is_empty()) {
        out.push_str("\nError:\n\n");
        out.push_str(&md::block(err.trim(), ""));
    }
    out
}

/// A call's outcome in one word, as a ticket's heading and the explorer's rows say it:
/// [`outcome_word`], or `incomplete` for a call its log ends in before its result
/// ([`call_outcome_text`] says what that means).
pub fn call_word(c: &CmdletCall) -> &'static str {
    ended_word(c.outcome, crate::analyze::cmdlet::log_ends_in(c))
}

/// [`outcome_word`], or `incomplete` when `log_ends`: the log ends inside the call.
pub fn ended_word(o: CmdletOutcome, log_ends: bool) -> &'static str {
    if log_ends {
        INCOMPLETE
    } else {
        outcome_word(o)
    }
}

/// The word of a call its log ends in before its result.
const INCOMPLETE: &str = "incomplete";

/// `succeeded`, `FAILED`, `ERROR`: the outcome in one word ([`outcome_text`] says what it
/// means); a call's word is [`call_word`].
pub fn outcome_word(o: CmdletOutcome) -> &'static str {
    match o {
        CmdletOutcome::Success => "succeeded",
        CmdletOutcome::Failed => "FAILED",
        CmdletOutcome::Error => "ERROR",
    }
}

/// What a call's outcome means ([`outcome_text`]), an error's case as its log shows it, and
/// for a call its log ends in before its result ([`crate::analyze::cmdlet::log_ends_in`]: a
/// copy taken while it ran, or a wizard killed while it hung) `incomplete (the log ends inside
/// this call, before its result)`, not an error PowerShell reported.
pub fn call_outcome_text(c: &CmdletCall) -> &'static str {
    if crate::analyze::cmdlet::log_ends_in(c) {
        "incomplete (the log ends inside this call, before its result)"
    } else if crate::analyze::cmdlet::error_cut_at_end(c) {
        "failed (its output says so; the log ends inside its error text)"
    } else if c.outcome == CmdletOutcome::Error && !crate::analyze::cmdlet::outcome_unknown(c) {
        // The log says which of the outcome's cases it is: its FINISH reported the error, or
        // the log goes on without one.
        if c.finish_line.is_some() {
            "error (PowerShell reported an error)"
        } else {
            "error (no FINISH was logged for it, though the log goes on)"
        }
    } else {
        outcome_text(c.outcome)
    }
}

/// What an outcome means, for a reader (`error (PowerShell reported an error, …)`): the one
/// home of that wording, for a ticket and the text report alike.
pub fn outcome_text(o: CmdletOutcome) -> &'static str {
    match o {
        CmdletOutcome::Success => "succeeded",
        CmdletOutcome::Failed => "failed (the call returned, but its result says Failed)",
        CmdletOutcome::Error => {
            "error (PowerShell reported an error, the call never finished, or the log ends before its result)"
        }
    }
}
