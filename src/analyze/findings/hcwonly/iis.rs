//! The IIS side of an HCW-only refusal: when the loaded IIS logs hold the `/EWS/mrsproxy.svc`
//! requests that were answered with the status HCW quotes (`403`, `405`, `413`, `5xx`) during
//! the failing call, they are the evidence that names the server which refused, so the finding
//! cites them and says which server logged them.

use super::super::DiagnoseInput;
use super::super::common::{distinct, iis_on, list, org_names};
use super::Item;
use crate::analyze::cmdlet::CauseKind;
use crate::analyze::finding::Evidence;
use crate::analyze::mrs::MrsRequest;
use crate::source::SourceKind;
use crate::time::UtcMs;

/// How far before an `*ERROR*` entry (no call, so no window of its own) its requests are looked
/// for: the Hybrid Agent's test logs its error at the end of a run of several minutes.
const ENTRY_BEFORE_MS: i64 = 10 * 60 * 1000;
/// And after it (HCW's clock may run a little behind the server's).
const ENTRY_AFTER_MS: i64 = 60 * 1000;

/// Whether the class is an HTTP answer IIS would have logged with the same status.
fn logged_by_iis(kind: CauseKind) -> bool {
    matches!(
        kind,
        CauseKind::NoEndpoint
            | CauseKind::MethodNotAllowed
            | CauseKind::RequestTooLarge
            | CauseKind::ServerError
    )
}

/// The IIS mrsproxy requests answered with an item's status while it failed, in log order.
pub fn refusals<'a>(
    input: &DiagnoseInput<'a>,
    kind: CauseKind,
    items: &[Item<'_>],
) -> Vec<&'a MrsRequest> {
    if !logged_by_iis(kind) {
        return Vec::new();
    }
    let mut found: Vec<usize> = Vec::new();
    for item in items {
        let Some(status) = item.cause.status else {
            continue;
        };
        let window: Vec<usize> = match item.call {
            Some(c) => input
                .cmdlets
                .iter()
                .position(|x| std::ptr::eq(x, c))
                .and_then(|ci| input.links.iter().find(|l| l.cmdlet == ci))
                .map(|l| l.mrs.clone())
                .unwrap_or_default(),
            None => around(input, item.entry.ts),
        };
        found.extend(window.into_iter().filter(|&i| {
            let r = &input.mrs[i];
            r.status == status && is_iis(input, r)
        }));
    }
    found.sort_unstable();
    found.dedup();
    found.into_iter().map(|i| &input.mrs[i]).collect()
}

fn around(input: &DiagnoseInput<'_>, ts: UtcMs) -> Vec<usize> {
    let (from, to) = (ts.plus_ms(-ENTRY_BEFORE_MS), ts.plus_ms(ENTRY_AFTER_MS));
    (0..input.mrs.len())
        .filter(|&i| input.mrs[i].ts >= from && input.mrs[i].ts <= to)
        .collect()
}

fn is_iis(input: &DiagnoseInput<'_>, r: &MrsRequest) -> bool {
    input
        .sources
        .iter()
        .any(|s| s.id == r.source && s.kind == SourceKind::Iis)
}

/// `IIS on EX01 logged the refusal: 2 requests to /EWS/mrsproxy.svc answered 413 0 0 (from
/// 10.0.0.5).` with the lines as evidence; nothing when IIS logged none.
pub fn cite(
    input: &DiagnoseInput<'_>,
    requests: &[&MrsRequest],
    evidence: &mut Vec<Evidence>,
) -> String {
    if requests.is_empty() {
        return String::new();
    }
    let names = org_names(input);
    let statuses = distinct(
        requests
            .iter()
            .map(|r| format!("{} {} {}", r.status, r.substatus, r.win32)),
    );
    let clients = distinct(
        requests
            .iter()
            .map(|r| super::super::common::esc(&r.client)),
    );
    for r in requests {
        evidence.push(Evidence {
            source: r.source,
            line: r.line,
        });
    }
    format!(
        "{} logged the refusal: {} to /EWS/mrsproxy.svc answered {} (from {}).",
        iis_on(&names, requests.iter().map(|r| r.server.as_str())),
        if requests.len() == 1 {
            "1 request".to_string()
        } else {
            format!("{} requests", requests.len())
        },
        list(&statuses),
        list(&clients)
    )
}
