//! One failure, one finding. HCW logs a failed step's exception more than once: as the
//! cmdlet's FINISH error, as the `*ERROR*` of the page or task that ran it, and in the HCWnnnn
//! warning that sums it up. This module owns when two entries of one log state the same
//! exception ([`repeats`]) and folds an uncoded `*ERROR*` that only repeats what a finding
//! already cites into that finding ([`attach`]): the finding cites it and says so, and no
//! generic `hcw-error-<event id>` states the cause again.

use super::DiagnoseInput;
use super::common::list;
use crate::analyze::cmdlet::error_chain;
use crate::analyze::finding::{Evidence, Finding, FindingId, Severity};
use crate::parse::hcw::{is_indented, unwrap_text};
use crate::record::{HcwEntry, HcwLevel};
use std::collections::HashMap;

/// Shortest message worth matching (shorter ones are too generic to tell causes apart).
const MESSAGE_MIN: usize = 24;
/// How far apart two entries of one failure can be: HCW logs the repeats as it unwinds the
/// failed step (a FINISH and its page's exception 63 ms apart, the MRSProxy task's `*ERROR*
/// 10165` and the HCW8078 warning under a second apart in the runs we have).
pub(super) const REPEAT_WINDOW_MS: i64 = 60_000;

/// Whether `a` and `b`, entries of the same log, state the same exception: logged on the same
/// thread (when both name one) within [`REPEAT_WINDOW_MS`], and the whole innermost message of
/// one (at least [`MESSAGE_MIN`] characters) appears in the text of the other. The same
/// message from another step, or minutes later, is another failure.
pub(super) fn repeats(a: &HcwEntry, b: &HcwEntry) -> bool {
    if a.source != b.source || std::ptr::eq(a, b) {
        return false;
    }
    let other_thread = matches!((a.ctx("Thread"), b.ctx("Thread")), (Some(x), Some(y)) if x != y);
    let apart = (a.ts.0 - b.ts.0).abs();
    if other_thread || apart > REPEAT_WINDOW_MS {
        return false;
    }
    let holds = |x: &HcwEntry, y: &HcwEntry| {
        let texts = texts(y);
        messages(x)
            .iter()
            .any(|m| texts.iter().any(|t| t.contains(m.as_str())))
    };
    holds(a, b) || holds(b, a)
}

/// The innermost messages of an entry: the last link of its exception chain
/// (`Outer: a ---> Inner: b`, MRS's `a --> b`), and its last body line that is not a stack
/// frame or an exception type name (HCWnnnn warnings put the message on a line of its own);
/// a FINISH's `Results=` and a leading exception type left out, whitespace collapsed.
fn messages(e: &HcwEntry) -> Vec<String> {
    let chain = error_chain(e);
    let last_link = chain
        .rsplit("-->")
        .map(|s| s.trim_start_matches('-').trim())
        .find(|s| !s.is_empty());
    let last_line = e
        .body
        .lines()
        .filter(|l| !is_indented(l))
        .map(str::trim)
        .filter(|l| !l.is_empty() && e.hcw_code().is_none_or(|c| !l.contains(&c)))
        .rfind(|l| !is_type_name(l));
    let mut out: Vec<String> = Vec::new();
    for m in [last_link, last_line].into_iter().flatten() {
        let m = m.split_once("Results=").map_or(m, |(_, r)| r);
        let text = collapse(bare(m));
        if text.chars().count() >= MESSAGE_MIN && !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// The entry's text as logged and with hard wraps undone, whitespace collapsed.
fn texts(e: &HcwEntry) -> [String; 2] {
    let full = e.full_text();
    let unwrapped = collapse(&unwrap_text(&full));
    [collapse(&full), unwrapped]
}

/// The message without what HCW wraps around it: a leading exception type, a `Workflow
/// Exception:` label or an HCW code, and a trailing `[Task=Initial, Phase=Configure]` context.
fn bare(m: &str) -> &str {
    let m = strip_type(m);
    let m = match m.split_once("Exception: ") {
        Some((label, rest)) if is_label(label) => rest.trim(),
        _ => m,
    };
    let m = match m.split_once(' ') {
        Some((code, rest)) if is_hcw_code(code) => rest.trim(),
        _ => m,
    };
    match m.strip_suffix(']').and_then(|x| x.rsplit_once(" [")) {
        Some((text, ctx)) if ctx.split(", ").all(|kv| kv.contains('=')) => text.trim_end(),
        _ => m,
    }
}

/// `Workflow ` of `Workflow Exception:`: one to three capitalised words.
fn is_label(l: &str) -> bool {
    let words: Vec<&str> = l.split_whitespace().collect();
    (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase()) && w.chars().all(char::is_alphabetic)
        })
}

/// `HCW8001`.
fn is_hcw_code(w: &str) -> bool {
    w.strip_prefix("HCW")
        .is_some_and(|d| d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()))
}

/// `System.Net.WebException: The remote …` → `The remote …`.
fn strip_type(m: &str) -> &str {
    let m = m.trim();
    match m.split_once(char::is_whitespace) {
        Some((first, rest)) if is_type_name(first.trim_end_matches(':')) => rest.trim(),
        _ => m,
    }
}

/// `Microsoft.Exchange.Migration.MigrationServerConnectionFailedException`.
fn is_type_name(l: &str) -> bool {
    l.ends_with("Exception")
        && l.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'`'))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Folds each entry of `rest` (uncoded `*ERROR*` entries no finding cites and no class
/// explains) that repeats an HCW entry a finding of `out` cites into that finding (a diagnosis
/// before an HCWnnnn code's, [`rank`]): the finding cites it next to the entry it repeats, says
/// so, and is an error. Returns the entries left for `hcw-error-<event id>`.
pub(super) fn attach<'a>(
    out: &mut [Finding],
    input: &DiagnoseInput<'a>,
    rest: Vec<&'a HcwEntry>,
) -> Vec<&'a HcwEntry> {
    let entries: HashMap<Evidence, &HcwEntry> = input.hcw.iter().map(|e| (at(e), e)).collect();
    let mut left = Vec::new();
    let mut folded: Vec<Vec<(&HcwEntry, &HcwEntry)>> = vec![Vec::new(); out.len()];
    for e in rest {
        let home = (0..2).find_map(|r| {
            out.iter()
                .enumerate()
                .filter(|(_, f)| rank(f) == r)
                .find_map(|(i, f)| {
                    f.evidence
                        .iter()
                        .filter_map(|ev| entries.get(ev))
                        .find(|x| repeats(x, e))
                        .map(|x| (i, *x))
                })
        });
        match home {
            Some((i, cited)) => folded[i].push((e, cited)),
            None => left.push(e),
        }
    }
    for (f, pairs) in out.iter_mut().zip(folded) {
        if pairs.is_empty() {
            continue;
        }
        let mut said = Vec::new();
        for (e, cited) in pairs {
            let pos =
                f.evidence
                    .iter()
                    .position(|ev| *ev == at(cited))
                    .map_or(f.evidence.len(), |p| {
                        if e.line < cited.line { p } else { p + 1 }
                    });
            f.evidence.insert(pos, at(e));
            f.at(e.ts, e.source);
            said.push(format!(
                "{} it as {}",
                if e.line < cited.line {
                    "before"
                } else {
                    "after"
                },
                label(input.sources, e)
            ));
            if e.level == HcwLevel::Error {
                f.severity = Severity::Error;
            }
        }
        f.explanation = format!(
            "{}. HCW logged the same exception {}, in which hcwlens recognises no \
             cause: this finding stands for {}.",
            f.explanation.trim_end().trim_end_matches('.'),
            list(&said),
            if said.len() == 1 { "both" } else { "them all" }
        );
    }
    left
}

/// Which findings take a repeat first: a diagnosis (0) before an HCWnnnn code's (1); never a
/// generic `hcw-error` (2).
fn rank(f: &Finding) -> u8 {
    match f.id {
        FindingId::HcwError(_) => 2,
        FindingId::HcwCode(_) => 1,
        _ => 0,
    }
}

/// `*ERROR* 10165 (20240131_203602.log:27)`: the entry and where it is logged
/// ([`crate::source::cited_line`]: two runs' logs each have a line 27).
pub(super) fn label(sources: &[crate::source::SourceInfo], e: &HcwEntry) -> String {
    let at = super::common::esc(&crate::source::cited_line(sources, e.source, e.line));
    match e.event_id {
        Some(id) => format!("*ERROR* {id} ({at})"),
        None => format!("*ERROR* ({at})"),
    }
}

/// The evidence of an HCW entry: its line.
pub(super) fn at(e: &HcwEntry) -> Evidence {
    Evidence {
        source: e.source,
        line: e.line,
    }
}

#[cfg(test)]
mod tests {
    use super::repeats;
    use crate::record::{HcwEntry, HcwLevel};
    use crate::time::UtcMs;

    fn entry(line: u64, ms: i64, thread: &str, cmdlet: Option<&str>, message: &str) -> HcwEntry {
        let mut context = vec![("Client".to_string(), "UX".to_string())];
        if let Some(c) = cmdlet {
            context.push(("Cmdlet".to_string(), c.to_string()));
        }
        context.push(("Thread".to_string(), thread.to_string()));
        HcwEntry {
            line,
            end_line: line,
            ts: UtcMs(ms),
            local: UtcMs(ms),
            level: HcwLevel::Error,
            event_id: Some(10224),
            context,
            message: message.to_string(),
            ..HcwEntry::default()
        }
    }

    const NULL_REF: &str = "System.NullReferenceException: Object reference not set to an \
                            instance of an object.";

    #[test]
    fn a_finish_and_its_exception_entry_are_one_failure() {
        let finish = entry(
            7,
            0,
            "9",
            Some("Set-FederatedOrganizationIdentifier"),
            "FINISH Time=6140.9ms Results=PowerShell failed to invoke \
             'Set-FederatedOrganizationIdentifier': Object reference not set to an instance of \
             an object.",
        );
        let thrown = entry(
            8,
            63,
            "9",
            None,
            "Microsoft.Online.CSE.Hybrid.PowerShell.PowerShellInvokeException: PowerShell failed \
             to invoke 'Set-FederatedOrganizationIdentifier': Object reference not set to an \
             instance of an object.",
        );
        assert!(repeats(&finish, &thrown) && repeats(&thrown, &finish));
    }

    #[test]
    fn the_same_message_on_another_thread_or_minutes_later_is_another_failure() {
        let first = entry(10, 0, "9", None, NULL_REF);
        assert!(repeats(&first, &entry(11, 500, "9", None, NULL_REF)));
        assert!(!repeats(&first, &entry(11, 500, "14", None, NULL_REF)));
        assert!(!repeats(&first, &entry(40, 300_000, "9", None, NULL_REF)));
    }

    #[test]
    fn messages_that_only_start_alike_are_not_the_same() {
        let said = |end: &str| {
            format!(
                "Connection attempt to the MRS proxy on EX01.contoso.local port 443 failed \
                 after three retries: {end}"
            )
        };
        let a = entry(10, 0, "9", None, &said("access denied"));
        let b = entry(11, 10, "9", None, &said("timed out"));
        assert!(!repeats(&a, &b));
    }
}
