//! `mrs-refused`: requests to `/EWS/mrsproxy.svc` that the server refused with a status that
//! names its cause (403, 405, 413, 500, 503), which no other finding cites. The findings about
//! a failed wizard call cite the refusals in its window; this one says what the IIS or HTTPERR
//! log shows on its own: logs loaded without the HCW log (run on another machine), or
//! mailbox moves that fail after the wizard succeeded, or refusals from another server during a
//! failed call that another finding explains by its own requests. The IIS side of catalogue rows 4, 7, 8
//! and 11; what each status means and what to do is the shared table in `refusal.rs`.

use super::DiagnoseInput;
use super::common::{
    Draft, MAX_EVIDENCE, call_desc, failed_mrs_calls, iis_on, list, named_servers, org_names,
    request_labels,
};
use super::refusal::Refusal;
use super::text::{IIS_STATUS_DOC, MRS_PROXY_DOC};
use crate::analyze::correlate::{CallLink, DEFAULT_TOLERANCE_MS, attribution_window};
use crate::analyze::finding::{Evidence, Finding, FindingId, Severity};
use crate::analyze::mrs::MrsRequest;
use crate::time::UtcMs;
use std::collections::{BTreeMap, HashSet};

pub fn findings(input: &DiagnoseInput<'_>, cited: &HashSet<Evidence>) -> Option<Finding> {
    let mut by: BTreeMap<Refusal, Vec<&MrsRequest>> = BTreeMap::new();
    let mut kept = Vec::new();
    for (i, r) in input.mrs.iter().enumerate() {
        let ev = r.cited();
        if let Some(kind) = Refusal::of(r.status, r.substatus)
            && !cited.contains(&ev)
        {
            by.entry(kind).or_default().push(r);
            kept.push(i);
        }
    }
    if by.is_empty() {
        return None;
    }
    let total: usize = by.values().map(Vec::len).sum();
    let names = org_names(input);
    let all = by.values().flatten();
    // Each by the site that logged it, where its machine has several loaded.
    let labels = request_labels(input, all.clone().copied());
    let servers = iis_on(&names, labels.iter().map(String::as_str));
    // HTTPERR lines are HTTP.sys's answers, before IIS: say which layer refused.
    let httperr = all.clone().filter(|r| !r.reason.is_empty()).count();
    let servers = match httperr {
        0 => servers,
        n if n == total => servers.replacen("IIS on", "HTTP.sys on", 1),
        _ => servers.replacen("IIS on", "IIS and HTTP.sys on", 1),
    };
    let statuses: Vec<String> = by.keys().map(|k| k.status()).collect();
    let mut d = Draft::new(FindingId::MrsRefused, Severity::Warning);
    d.title = format!(
        "{total} request{} to /EWS/mrsproxy.svc refused: {}",
        if total == 1 { "" } else { "s" },
        list(&statuses)
    );
    let parts: Vec<String> = by
        .iter()
        .map(|(k, v)| {
            let first = v.iter().map(|r| r.ts).min().unwrap_or(UtcMs(0));
            let last = v.iter().map(|r| r.ts).max().unwrap_or(UtcMs(0));
            let clients = super::common::distinct_of(
                v.iter().map(|r| crate::wording::client(&r.client)),
                super::common::esc,
            );
            let reasons = super::common::distinct_of(
                v.iter()
                    .map(|r| r.reason.as_str())
                    .filter(|r| !r.is_empty()),
                super::common::esc,
            );
            let said = if reasons.is_empty() {
                String::new()
            } else {
                format!(" (HTTP.sys logged the reason {})", list(&reasons))
            };
            format!(
                "{} {} time{} from {} between {} and {}{said}: {}",
                k.status(),
                v.len(),
                if v.len() == 1 { "" } else { "s" },
                list(&clients),
                crate::time::sentence_utc(first),
                crate::time::sentence_utc(last),
                k.cause()
            )
        })
        .collect();
    d.explanation = format!(
        "{servers} answered requests to the MRS proxy, which Exchange Online's mailbox \
         replication service calls for hybrid moves and for the migration endpoint test, with \
         a refusal: {}. These requests reached the server, so DNS, the firewall and the \
         certificate are not at issue; {}",
        parts.join("; "),
        during_calls(input, &kept)
    );
    d.remedy = by
        .iter()
        .map(|(k, v)| {
            let servers = named_servers(&names, v.iter().map(|r| r.server.as_str()));
            format!("{}: {}", k.code(), k.remedy(&servers))
        })
        .collect::<Vec<_>>()
        .join("\n");
    for v in by.values() {
        for r in v.iter().take(MAX_EVIDENCE / by.len().max(1)) {
            d.evidence.push(r.cited());
            d.at(r.ts, r.source);
        }
    }
    d.references = vec![MRS_PROXY_DOC, IIS_STATUS_DOC];
    d.build()
}

/// What the wizard's calls say about the refused requests (indices into `input.mrs`): the
/// failed calls some of them came during (within the tolerance handshakes are attributed
/// with; another finding may explain such a call by other requests: these refusals are a
/// cause beside it), else the failed call nearest to those that came only near one (within
/// the wider tolerance mrsproxy requests are looked for), else that none explains them.
fn during_calls(input: &DiagnoseInput<'_>, kept: &[usize]) -> String {
    let failed = failed_mrs_calls(input);
    let links: Vec<&CallLink> = input
        .links
        .iter()
        .filter(|l| failed.contains(&l.cmdlet))
        .collect();
    let (mut during, mut near): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for &i in kept {
        let Some(r) = input.mrs.get(i) else { continue };
        let mut nearest: Option<(i64, usize)> = None;
        let mut inside = false;
        for l in links.iter().filter(|l| l.mrs.contains(&i)) {
            let (from, to) = attribution_window(&input.cmdlets[l.cmdlet], 0);
            let gap = (from.0 - r.ts.0).max(r.started().0 - to.0).max(0);
            if gap == 0 {
                inside = true;
                if !during.contains(&l.cmdlet) {
                    during.push(l.cmdlet);
                }
            } else if nearest.is_none_or(|(g, _)| gap < g) {
                nearest = Some((gap, l.cmdlet));
            }
        }
        if let Some((_, c)) = nearest.filter(|_| !inside)
            && !near.contains(&c)
        {
            near.push(c);
        }
    }
    let desc = |calls: &[usize]| -> Vec<String> {
        let mut calls = calls.to_vec();
        calls.sort_unstable();
        calls
            .iter()
            .map(|&c| call_desc(input.sources, &input.cmdlets[c]))
            .collect()
    };
    let its = |n: usize| if n == 1 { "its" } else { "their" };
    match (during.len(), near.len()) {
        (0, 0) => "no wizard call in the loaded logs explains them.".to_string(),
        (0, n) => format!(
            "they came within {} s of {}, which failed, though not while it ran: if the HCW \
             machine's clock and the server's differ by that much, they may be part of {} \
             failure.",
            DEFAULT_TOLERANCE_MS / 1000,
            list(&desc(&near)),
            its(n)
        ),
        (n, _) => format!(
            "they came during {}, which failed: they are part of {} failure.",
            list(&desc(&during)),
            its(n)
        ),
    }
}
