//! The one place a log line becomes text for tickets, notes and reports: an HCW entry's lines
//! quoted as logged (its stamp in the log's own clock and format), a W3C line read back from its
//! file. Nothing is cut and nothing is escaped here; the writers escape.

use crate::analyze::finding::Evidence;
use crate::pipeline::Analysis;
use crate::record::{HcwEntry, HcwLevel};
use crate::source::SourceKind;
use std::fmt::Write;

/// An HCW entry rebuilt from its parts: its stamp in the log's own clock and format
/// (`2024.11.05 14:23:59.390`, never one that looks like the reports' UTC), level, event id,
/// context, message and continuation lines (padding and hard wraps not kept).
pub fn hcw_entry_text(x: &HcwEntry) -> String {
    // `2024-11-05 14:23:59.390` in the log's own clock, dated the way HCW writes it.
    let mut out = x
        .local
        .format_in(&crate::time::ZoneSpec::Fixed(0))
        .replacen('-', ".", 2);
    match x.level {
        HcwLevel::Info => {}
        HcwLevel::Warning => out.push_str(" WARNING"),
        HcwLevel::Error => out.push_str(" *ERROR*"),
    }
    if let Some(id) = x.event_id {
        let _ = write!(out, " {id}");
    }
    let ctx: Vec<String> = x.context.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let _ = write!(out, " [{}] {}", ctx.join(", "), x.message);
    for l in x.body.lines() {
        out.push('\n');
        out.push_str(l);
    }
    out
}

/// The head of an entry's text: its first line, and when that line's message is empty
/// (`… WARNING 10026 [Client=UX, …] ` with the text below) the first line of text under it —
/// for a finding that leaves the rest (the exception) to the finding it follows.
pub fn entry_head(text: &str) -> String {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").trim_end();
    let said = first
        .rfind("] ")
        .map_or(!first.ends_with(']'), |i| !first[i + 2..].trim().is_empty());
    match lines.find(|l| !l.trim().is_empty()) {
        Some(next) if !said => format!("{first}\n{}", next.trim_end()),
        _ => first.to_string(),
    }
}

/// An HCW entry's physical lines exactly as the log has them (line ends dropped), so an admin
/// who searches the file for it finds it: the stamp stays in the log's own clock and format
/// (`2024.11.05 14:23:59.390`), nothing is rebuilt to look like the UTC the reports use.
/// The rebuilt [`hcw_entry_text`] when the log's text is not at hand.
fn hcw_entry_as_logged(a: &Analysis, x: &HcwEntry) -> String {
    let Some(crate::read::text::LineText::Memory(text)) = a.texts.get(usize::from(x.source.0))
    else {
        return hcw_entry_text(x);
    };
    let start = usize::try_from(x.offset).unwrap_or(usize::MAX);
    let Some(rest) = text.get(start..) else {
        return hcw_entry_text(x);
    };
    let count = usize::try_from(x.end_line.saturating_sub(x.line) + 1).unwrap_or(1);
    let lines: Vec<&str> = rest
        .split_inclusive('\n')
        .take(count)
        .map(|l| l.trim_end_matches(['\n', '\r']))
        .collect();
    lines.join("\n")
}

/// The whole text of an evidence line (raw, not escaped): the HCW entry that starts at or spans
/// it, quoted as logged, or the W3C line read back from the explorer's index, a handshake leg or an MRS request,
/// or a Security event's line.
pub fn evidence_text(a: &Analysis, ev: Evidence) -> Option<String> {
    let src = crate::source::by_id(&a.sources, ev.source)?;
    match src.kind {
        SourceKind::Hcw => {
            let e = a
                .hcw
                .iter()
                .find(|e| e.source == ev.source && e.line == ev.line)
                .or_else(|| {
                    a.hcw.iter().find(|e| {
                        e.source == ev.source && e.line <= ev.line && ev.line <= e.end_line
                    })
                })?;
            Some(hcw_entry_as_logged(a, e))
        }
        SourceKind::Iis | SourceKind::Httperr | SourceKind::W3c => {
            if let Some(idx) = a.requests.iter().find(|i| i.source == ev.source)
                && let Some(row) = idx.row_of_line(ev.line)
            {
                let t = idx.text(row);
                return (!t.is_empty()).then_some(t);
            }
            let offset = a
                .handshakes
                .iter()
                .flat_map(|h| h.legs.iter())
                .find(|l| l.source == ev.source && u64::from(l.line) == ev.line)
                .map(|l| l.offset())
                .or_else(|| {
                    a.mrs
                        .iter()
                        .find(|m| m.source == ev.source && m.line == ev.line)
                        .map(|m| m.offset)
                })
                .or_else(|| a.clients.offset_of(ev.source, ev.line))?;
            a.line_text(ev.source, offset)
        }
        SourceKind::HttpProxy => {
            let row = a
                .proxy
                .iter()
                .find(|r| r.source == ev.source && r.line == ev.line)?;
            a.line_text(ev.source, row.offset)
        }
        SourceKind::Evtx => {
            let e = a.security.events.get(a.security.at(ev.source, ev.line)?)?;
            Some(e.line_text())
        }
    }
}

/// The whole error a failed cmdlet call reported: the `ErrorDetail` (else `Message`) of its
/// FINISH entry's object dump with every continuation line; for a call that failed without a
/// dump, its whole FINISH entry; else the error the analysis kept. None for a call without one.
pub fn whole_error(a: &Analysis, c: &crate::analyze::cmdlet::CmdletCall) -> Option<String> {
    let finish = c.finish_line.and_then(|line| {
        a.hcw
            .iter()
            .find(|e| e.source == c.source && e.line == line)
    });
    let from_dump = finish.and_then(|e| {
        let text = e.full_text();
        ["ErrorDetail", "Message"]
            .iter()
            .filter_map(|k| crate::analyze::cmdlet::dump::property(&text, k))
            .map(|v| {
                v.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .find(|v| !v.is_empty())
    });
    c.error.as_ref()?;
    let whole_entry = || {
        finish.map(|e| {
            e.full_text()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
    };
    if crate::analyze::cmdlet::outcome_unknown(c) {
        // The FINISH lines say nothing about the outcome: say why it is unknown, then them.
        let shown = whole_entry().unwrap_or_default();
        return c
            .error
            .as_ref()
            .map(|e| format!("{e}\n{shown}").trim_end().to_string());
    }
    let shown = from_dump
        .or_else(whole_entry)
        .filter(|e| !e.trim().is_empty())
        .or_else(|| c.error.clone());
    // A text the log ends inside says so, as the call's error does.
    let cut = crate::analyze::cmdlet::CUT_AT_END;
    match shown {
        Some(e) if crate::analyze::cmdlet::error_cut_at_end(c) && !e.ends_with(cut) => {
            Some(format!("{e} {cut}"))
        }
        other => other,
    }
}
