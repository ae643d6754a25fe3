//! `hcw-error-<event id>`: `*ERROR*` entries without an HCW code, no class of failure and no
//! other finding citing them, grouped by event id (one finding per kind of error).

use super::super::common::{Draft, esc, excerpt, times};
use super::super::text::HCW_DOC;
use crate::analyze::finding::{Evidence, Finding, FindingId, Severity};
use crate::record::HcwEntry;
use std::collections::{BTreeMap, HashSet};

const EXCERPT_CHARS: usize = 400;
const TITLE_CHARS: usize = 100;

fn evidence(e: &HcwEntry) -> Evidence {
    Evidence {
        source: e.source,
        line: e.line,
    }
}

/// The first non-empty line of the entry, shortened between values ([`crate::clip`]), escaped.
fn headline(e: &HcwEntry) -> String {
    let full = e.full_text();
    let first = full
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let first = first
        .strip_prefix("FINISH")
        .map_or(first, |r| r.split_once("Results=").map_or(r, |(_, x)| x))
        .trim();
    esc(&crate::clip::clip(first, TITLE_CHARS))
}

/// `Page=Configuring, Task=MRSProxy` / `Cmdlet=Set-X`.
fn scope(e: &HcwEntry) -> String {
    ["Page", "Activity", "Task", "Phase", "Cmdlet"]
        .iter()
        .filter_map(|k| e.ctx(k).map(|v| format!("{k}={}", esc(v))))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn findings(entries: &[&HcwEntry], cited: &HashSet<Evidence>) -> Vec<Finding> {
    let mut by_id: BTreeMap<Option<u32>, Vec<&HcwEntry>> = BTreeMap::new();
    for e in entries {
        if !cited.contains(&evidence(e)) {
            by_id.entry(e.event_id).or_default().push(e);
        }
    }
    by_id
        .into_iter()
        .filter_map(|(id, list)| finding(id, &list))
        .collect()
}

fn finding(id: Option<u32>, list: &[&HcwEntry]) -> Option<Finding> {
    let first = list.first()?;
    let mut d = Draft::new(FindingId::HcwError(id), Severity::Error);
    d.title = format!("HCW error: {}", headline(first));
    let ctx = scope(first);
    let mut why = format!(
        "HCW logged an *ERROR*{} without an HCW code {}{}: \"{}\"",
        id.map(|i| format!(" with event id {i}"))
            .unwrap_or_default(),
        times(list.len()),
        if ctx.is_empty() {
            String::new()
        } else {
            format!(" ({ctx})")
        },
        excerpt(first, EXCERPT_CHARS)
    );
    let mut others: Vec<String> = list[1..].iter().map(|e| headline(e)).collect();
    others.sort();
    others.dedup();
    others.retain(|h| *h != headline(first));
    if !others.is_empty() {
        why.push_str(&format!(
            "; also: {}",
            others
                .iter()
                .take(3)
                .map(|h| format!("\"{h}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    why.push_str(
        ". The wizard went on, but the step that logged it did not do its work; later \
         warnings or failed checks often follow from it.",
    );
    d.explanation = why;
    let cmdlet = first.ctx("Cmdlet").map(esc);
    d.remedy = match cmdlet {
        Some(c) => format!(
            "Run {c} yourself{} to see the full error, fix what it names and run HCW again.",
            first
                .ctx("Session")
                .map(|s| format!(" (HCW ran it in the {} session)", esc(s)))
                .unwrap_or_default()
        ),
        None => "Read the entry and the lines just before it in the HCW log (the step named in \
                 its context), fix what it names and run HCW again."
            .to_string(),
    };
    d.references = vec![HCW_DOC];
    for e in list {
        d.evidence.push(evidence(e));
        d.at(e.ts);
    }
    d.build()
}
