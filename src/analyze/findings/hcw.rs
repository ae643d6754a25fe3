//! HCW's own verdicts: `hcw-<code>` for each HCWnnnn code in a warning or error entry, and
//! `hcw-phase-failed` for workflow tasks and phases whose FINISH says FAILED. An uncoded
//! `*ERROR*` that logged the same exception as a code's entry is folded in afterwards
//! ([`super::repeats::attach`]); a workflow exception that did, and the FAILED steps after it,
//! are folded in here ([`super::workflow::fold`]), so the report does not give that cause twice.

use super::DiagnoseInput;
use super::common::{Draft, esc, excerpt, times};
use super::text::{EP_DOC, HCW_DOC, HYBRID_AGENT_BLOG, TMSA_DOC, hcw_code};
use crate::analyze::finding::{Evidence, Finding, FindingId, Severity};
use crate::record::{HcwEntry, HcwLevel};
use std::collections::{BTreeMap, HashSet};

const EXCERPT_CHARS: usize = 400;

pub fn findings(input: &DiagnoseInput<'_>) -> Vec<Finding> {
    let mut out = codes(input.hcw);
    let folded = super::workflow::fold(&mut out, input);
    out.extend(phase_failed(input, &folded));
    out
}

fn evidence(e: &HcwEntry) -> Evidence {
    Evidence {
        source: e.source,
        line: e.line,
    }
}

/// `Page=Configuring, Task=MRSProxy, Phase=Configure`.
fn context(e: &HcwEntry) -> String {
    ["Page", "Activity", "Task", "Phase"]
        .iter()
        .filter_map(|k| e.ctx(k).map(|v| format!("{k}={}", esc(v))))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The text after the code on the line where it appears.
fn code_text(e: &HcwEntry, code: &str) -> String {
    let text = e.full_text();
    let line = text.lines().find(|l| l.contains(code)).unwrap_or("");
    let after = line
        .split_once(code)
        .map_or("", |(_, r)| r)
        .trim_start_matches([' ', '-', '\u{2013}', ':'])
        .trim();
    let short = crate::clip::clip(after, 120);
    esc(short.trim_end())
}

fn codes(hcw: &[HcwEntry]) -> Vec<Finding> {
    let mut by_code: BTreeMap<String, Vec<&HcwEntry>> = BTreeMap::new();
    for e in hcw.iter().filter(|e| e.level != HcwLevel::Info) {
        if let Some(code) = e.hcw_code() {
            by_code.entry(code).or_default().push(e);
        }
    }
    let mut out = Vec::new();
    for (code, mut entries) in by_code {
        entries.sort_by_key(|e| (e.ts, e.source, e.line));
        let error = entries.iter().any(|e| e.level == HcwLevel::Error);
        let severity = if error {
            Severity::Error
        } else {
            Severity::Warning
        };
        let first = entries[0];
        let mut d = Draft::new(FindingId::HcwCode(code.clone()), severity);
        let text = code_text(first, &code);
        d.title = if text.is_empty() {
            format!("HCW reported {code}")
        } else {
            format!("{code}: {text}")
        };
        let known = hcw_code(&code);
        let mut why = String::new();
        if let Some(k) = &known {
            why.push_str(k.meaning);
            why.push(' ');
            for &(present, past) in k.was {
                d.once_fixed(present, past);
            }
        }
        let ctx = context(first);
        why.push_str(&format!(
            "HCW logged it {} as {}{}: \"{}\"",
            times(entries.len()),
            if error { "an error" } else { "a warning" },
            if ctx.is_empty() {
                String::new()
            } else {
                format!(" ({ctx})")
            },
            excerpt(first, EXCERPT_CHARS)
        ));
        d.explanation = why;
        d.remedy = match &known {
            Some(k) => k.remedy.to_string(),
            None => format!(
                "Read the *ERROR* and WARNING entries just before the first {code} line; they \
                 name the cmdlet or check that failed. Fix that and run HCW again."
            ),
        };
        for e in &entries {
            d.evidence.push(evidence(e));
            d.at(e.ts, e.source);
        }
        d.references = if code == "HCW8078" {
            vec![HCW_DOC, TMSA_DOC, HYBRID_AGENT_BLOG, EP_DOC]
        } else {
            vec![HCW_DOC]
        };
        out.extend(d.build());
    }
    out
}

pub(super) fn is_failed_scope(e: &HcwEntry) -> bool {
    matches!(e.event_id, Some(10271 | 10273 | 10268))
        && (e.full_text().contains("Results=FAILED")
            || (e.level == HcwLevel::Error && e.full_text().contains("FINISH")))
}

pub(super) fn scope_label(e: &HcwEntry) -> String {
    match (e.event_id, e.ctx("Task"), e.ctx("Phase")) {
        (Some(10271), Some(t), Some(p)) => format!("task {}, phase {}", esc(t), esc(p)),
        (Some(10268), _, _) => "the Hybrid workflow".to_string(),
        (_, Some(t), _) => format!("task {}", esc(t)),
        _ => "a workflow step".to_string(),
    }
}

/// `task Initial, phase Configure (20240131_203602.log:12)`: a failed step and where it is
/// logged (two runs' logs each have a line 12; [`crate::source::cited_line`]).
pub(super) fn step_cited(input: &DiagnoseInput<'_>, e: &HcwEntry) -> String {
    format!(
        "{} ({})",
        scope_label(e),
        esc(&crate::source::cited_line(input.sources, e.source, e.line))
    )
}

/// `folded`: FAILED steps and workflow exceptions an HCW code's finding already cites
/// ([`super::workflow::fold`]).
fn phase_failed(input: &DiagnoseInput<'_>, folded: &HashSet<Evidence>) -> Option<Finding> {
    let hcw = input.hcw;
    let failed: Vec<&HcwEntry> = hcw
        .iter()
        .filter(|e| is_failed_scope(e) && !folded.contains(&evidence(e)))
        .collect();
    let first = failed.first()?;
    let tasks: Vec<&str> = failed.iter().filter_map(|e| e.ctx("Task")).collect();
    let exceptions: Vec<&HcwEntry> = hcw
        .iter()
        .filter(|e| {
            e.event_id == Some(10241)
                && !folded.contains(&evidence(e))
                && (tasks.is_empty() || e.ctx("Task").is_some_and(|t| tasks.contains(&t)))
        })
        .collect();
    let labels: Vec<String> = failed.iter().map(|e| step_cited(input, e)).collect();
    let mut d = Draft::new(FindingId::HcwPhaseFailed, Severity::Error);
    d.title = format!("HCW workflow failed: {}", scope_label(first));
    let mut why = format!("HCW reported FAILED for {}. ", labels.join("; "));
    if !exceptions.is_empty() {
        let ex: Vec<String> = exceptions
            .iter()
            .map(|e| format!("\"{}\"", excerpt(e, EXCERPT_CHARS)))
            .collect();
        why.push_str(&format!(
            "Workflow exceptions logged for it: {}. ",
            ex.join("; ")
        ));
    }
    why.push_str(
        "A failed task means its configuration was not completed; the *ERROR* entries and HCW \
         codes just before it say why (see the hcw-HCWnnnn findings).",
    );
    d.explanation = why;
    d.remedy = "Fix the cause named by the workflow exception or HCW code before the failed \
                step, then run HCW again."
        .to_string();
    for e in exceptions.iter().chain(failed.iter()) {
        d.evidence.push(evidence(e));
        d.at(e.ts, e.source);
    }
    d.references = vec![HCW_DOC];
    d.build()
}
