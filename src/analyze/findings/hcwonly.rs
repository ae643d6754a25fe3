//! Diagnoses from the HCW log alone: the exception chain of each failed call (and of each
//! uncoded `*ERROR*` entry) is classified ([`crate::analyze::cmdlet::classify`]) into
//! `hcw-dns`, `hcw-network-path`, `hcw-no-endpoint`, `hcw-unauthorized`, `hcw-tls` or
//! `hcw-server-error`, each naming the host from the log; uncoded `*ERROR*` entries that fit no
//! class and no other finding become `hcw-error-<event id>` ([`errors`]).
//!
//! IIS-based findings take precedence: a call they already cite is left out here (its class
//! finding is dropped when no call is left), except for `hcw-dns`, which IIS logs cannot show.
//! When the IIS logs gave an authentication diagnosis at all (EP, credentials, split legs),
//! `hcw-unauthorized` is left out even for calls they could not cite (an unapplied clock skew):
//! its only advice is to read those IIS codes.

mod advice;
mod challenged;
pub(super) mod errors;
mod iis;
mod item;
mod meaning;
mod offered;
mod refusals;
mod remedy;
mod server_side;
mod substatus;
mod tls;
mod uncoded;
mod vdir;
mod was;

use super::DiagnoseInput;
use super::common::{Draft, call_desc, esc, list};
use crate::analyze::cmdlet::{CauseKind, CmdletOutcome, cause_of, later_success, later_words};
use crate::analyze::finding::{Evidence, Finding, Severity};
use crate::record::{HcwEntry, HcwLevel};
use crate::source::SourceId;
pub(super) use item::Item;
use item::item_lines;
use server_side::server_side;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Every classified failure, by class; the `*ERROR*` entries left over (no class).
fn classify_all<'a>(
    input: &DiagnoseInput<'a>,
) -> (BTreeMap<CauseKind, Vec<Item<'a>>>, Vec<&'a HcwEntry>) {
    let mut by_kind: BTreeMap<CauseKind, Vec<Item<'a>>> = BTreeMap::new();
    let mut finishes: HashSet<(SourceId, u64)> = HashSet::new();
    let entries: HashMap<(SourceId, u64), &HcwEntry> =
        input.hcw.iter().map(|e| ((e.source, e.line), e)).collect();
    for call in input.cmdlets {
        if call.outcome == CmdletOutcome::Success {
            continue;
        }
        let Some(&entry) = call
            .finish_line
            .and_then(|l| entries.get(&(call.source, l)))
        else {
            continue;
        };
        if let Some(cause) = cause_of(entry) {
            finishes.insert((entry.source, entry.line));
            by_kind.entry(cause.kind).or_default().push(Item {
                call: Some(call),
                entry,
                cause,
            });
        }
    }
    let mut rest = Vec::new();
    for e in input.hcw.iter().filter(|e| is_uncoded_error(e)) {
        if finishes.contains(&(e.source, e.line)) {
            continue;
        }
        match cause_of(e) {
            Some(cause) => by_kind.entry(cause.kind).or_default().push(Item {
                call: None,
                entry: e,
                cause,
            }),
            None => rest.push(e),
        }
    }
    (by_kind, rest)
}

fn is_uncoded_error(e: &HcwEntry) -> bool {
    e.level == HcwLevel::Error && e.hcw_code().is_none()
}

/// The HCW-only class findings, and the uncoded `*ERROR*` entries no class explains and no
/// other finding cites (for [`super::repeats::attach`], then [`errors`]). `explained`: lines
/// cited by IIS-based findings; `cited`: lines cited by any other finding (an `*ERROR*` entry
/// there needs no finding of its own); `iis_auth`: the IIS logs gave an authentication finding.
pub fn findings<'a>(
    input: &DiagnoseInput<'a>,
    explained: &HashSet<Evidence>,
    cited: &HashSet<Evidence>,
    iis_auth: bool,
) -> (Vec<Finding>, Vec<&'a HcwEntry>) {
    let (by_kind, rest) = classify_all(input);
    let mut out = Vec::new();
    for (kind, items) in by_kind {
        if kind == CauseKind::Unauthorized && iis_auth {
            continue;
        }
        let had_calls = items.iter().any(|i| i.call.is_some());
        let kept: Vec<Item<'_>> = items
            .into_iter()
            .filter(|i| {
                kind == CauseKind::NameNotResolved || !item_lines(i).any(|l| explained.contains(&l))
            })
            .collect();
        if kept.is_empty() || (had_calls && kept.iter().all(|i| i.call.is_none())) {
            continue;
        }
        out.extend(class_finding(input, kind, &kept));
    }
    let rest = rest
        .into_iter()
        .filter(|e| {
            !cited.contains(&Evidence {
                source: e.source,
                line: e.line,
            })
        })
        .collect();
    (out, rest)
}

fn class_finding(
    input: &DiagnoseInput<'_>,
    kind: CauseKind,
    items: &[Item<'_>],
) -> Option<Finding> {
    let hosts = super::common::distinct(items.iter().filter_map(|i| i.host().map(|h| esc(&h))));
    let a = advice::Advice::new(input, kind, items, &hosts);
    let mut d = Draft::new(advice::id(kind), Severity::Error);
    d.title = a.title();
    d.title_fixed = a.title_was();
    if let Some(was) = a.meaning_was() {
        d.once_fixed(a.meaning(), was);
    }
    let mut why = a.meaning();
    why.push(' ');
    for i in items {
        why.push_str(&describe(input, i));
        why.push(' ');
    }
    why.push_str(&a.context());
    let refused = iis::refusals(input, kind, items);
    let mut iis_lines = Vec::new();
    let seen = iis::cite(input, &refused, &mut iis_lines);
    if !seen.is_empty() {
        why = format!("{} {seen}", why.trim_end());
    }
    if kind == CauseKind::Unauthorized {
        let uncoded = uncoded::requests(input, items);
        let challenged = challenged::requests(input, items);
        let said = if !uncoded.is_empty() {
            uncoded::cite(input, &uncoded, &mut iis_lines)
        } else if !challenged.is_empty() {
            challenged::cite(input, &challenged, &mut iis_lines)
        } else {
            String::new()
        };
        if !said.is_empty() {
            why = format!("{} {said}", why.trim_end());
        }
    }
    d.explanation = why.trim_end().to_string();
    d.remedy = a.remedy();
    d.references = a.references();
    if kind == CauseKind::Unauthorized {
        server_side(input, items, &mut d);
    }
    for i in items {
        match i.call {
            Some(c) => d.call(c),
            None => {
                d.evidence.push(Evidence {
                    source: i.entry.source,
                    line: i.entry.line,
                });
                d.at(i.entry.ts, i.entry.source);
            }
        }
    }
    d.evidence.extend(iis_lines);
    d.build()
}

/// `Test-MigrationServerAvailability (20241105_142000.log:20, …) failed: "…"; a later run at …
/// succeeded.`
fn describe(input: &DiagnoseInput<'_>, i: &Item<'_>) -> String {
    let mut s = match i.call {
        Some(c) => format!(
            "{} failed: \"{}\"",
            call_desc(input.sources, c),
            i.cause.detail
        ),
        None => format!(
            "HCW logged an *ERROR* ({}, {}): \"{}\"",
            esc(&crate::source::cited_line(
                input.sources,
                i.entry.source,
                i.entry.line
            )),
            crate::time::sentence_utc(i.entry.ts),
            i.cause.detail
        ),
    };
    if let Some(c) = i.call
        && let Some(ok) = later_success(input.cmdlets, c)
    {
        s.push_str(&format!("; {}", esc(&later_words(c, ok))));
    }
    s.push('.');
    s
}

/// `mail.contoso.com` / `mail.contoso.com and mail.fabrikam.com` / `the endpoint`.
pub(super) fn hosts_text(hosts: &[String]) -> String {
    if hosts.is_empty() {
        "the endpoint".to_string()
    } else {
        list(hosts)
    }
}
