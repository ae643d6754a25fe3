//! The server side of an HCW-only refusal: when the loaded IIS (or HTTPERR) logs hold the
//! `/EWS/mrsproxy.svc` requests that were answered with the status HCW quotes (`403`, `405`,
//! `413`, `5xx`) during the failing call, they are the evidence that names the server which
//! refused, so the finding cites them and says which server logged them.

use super::super::DiagnoseInput;
use super::super::common::{distinct, esc, iis_on, list, named_servers, org_names, request_labels};
use super::Item;
use crate::analyze::cmdlet::CauseKind;
use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::finding::Evidence;
use crate::analyze::mrs::MrsRequest;
use crate::analyze::names::OrgNames;
use crate::record::HcwEntry;
use crate::source::{SourceId, SourceKind};
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
            r.status == status && kind_of(input, r).is_some()
        }));
    }
    found.sort_unstable();
    found.dedup();
    found.into_iter().map(|i| &input.mrs[i]).collect()
}

/// The servers a remedy's commands name, each known for certain: those whose own dump in this
/// run showed the MRS proxy off (`mrs_off`), else those a refusing IIS or HTTPERR line names
/// (`s-computername`, or a log folder named like a server HCW names; never a folder alone),
/// else the servers the items' HCW runs published EWS from ([`run_names`]). Empty when no log
/// names one.
pub fn servers(
    input: &DiagnoseInput<'_>,
    kind: CauseKind,
    items: &[Item<'_>],
    mrs_off: &[String],
) -> Vec<String> {
    if !mrs_off.is_empty() {
        return mrs_off.to_vec();
    }
    let names = org_names(input);
    let refused = refusals(input, kind, items);
    let logged = named_servers(&names, refused.iter().map(|r| r.server.as_str()));
    if !logged.is_empty() {
        return logged;
    }
    run_names(input, items)
        .published_servers()
        .iter()
        .map(|s| s.name.clone())
        .collect()
}

/// What the HCW runs the items come from name (their published servers, the endpoint they
/// test): another run among the loaded logs may be another organisation's.
pub fn run_names(input: &DiagnoseInput<'_>, items: &[Item<'_>]) -> OrgNames {
    let sources: Vec<SourceId> = items.iter().map(|i| i.entry.source).collect();
    let hcw: Vec<HcwEntry> = input
        .hcw
        .iter()
        .filter(|e| sources.contains(&e.source))
        .cloned()
        .collect();
    let calls: Vec<CmdletCall> = input
        .cmdlets
        .iter()
        .filter(|c| sources.contains(&c.source))
        .cloned()
        .collect();
    OrgNames::from_logs(&hcw, &calls)
}

fn around(input: &DiagnoseInput<'_>, ts: UtcMs) -> Vec<usize> {
    let (from, to) = (ts.plus_ms(-ENTRY_BEFORE_MS), ts.plus_ms(ENTRY_AFTER_MS));
    (0..input.mrs.len())
        .filter(|&i| input.mrs[i].ts >= from && input.mrs[i].ts <= to)
        .collect()
}

/// IIS or HTTPERR, the logs that write an answer's status.
fn kind_of(input: &DiagnoseInput<'_>, r: &MrsRequest) -> Option<SourceKind> {
    crate::source::by_id(input.sources, r.source)
        .map(|s| s.kind)
        .filter(|k| matches!(k, SourceKind::Iis | SourceKind::Httperr))
}

/// `IIS on EX01 logged the refusal: 2 requests to /EWS/mrsproxy.svc answered 413 0 0 (from
/// 10.0.0.5).` (and the same for HTTP.sys when HTTPERR logged it) with the lines as evidence;
/// nothing when neither logged any.
pub fn cite(
    input: &DiagnoseInput<'_>,
    requests: &[&MrsRequest],
    evidence: &mut Vec<Evidence>,
) -> String {
    let (iis, httperr): (Vec<&MrsRequest>, Vec<&MrsRequest>) = requests
        .iter()
        .copied()
        .partition(|r| kind_of(input, r) == Some(SourceKind::Iis));
    for r in requests {
        evidence.push(r.cited());
    }
    let names = org_names(input);
    let mut out = Vec::new();
    if !iis.is_empty() {
        let statuses = distinct(iis.iter().map(|r| {
            let decoded = (r.substatus != 0)
                .then(|| crate::codes::iis::iis_status(r.status, r.substatus))
                .flatten()
                .map(|m| format!(" ({}.{}: {m})", r.status, r.substatus))
                .unwrap_or_default();
            format!("{} {} {}{decoded}", r.status, r.substatus, r.win32)
        }));
        out.push(format!(
            "{} logged the refusal: {} to /EWS/mrsproxy.svc answered {} (from {}).",
            iis_on(
                &names,
                request_labels(input, iis.iter().copied())
                    .iter()
                    .map(String::as_str)
            ),
            count(iis.len()),
            list(&statuses),
            clients(&iis)
        ));
    }
    if !httperr.is_empty() {
        let reasons = distinct(httperr.iter().map(|r| {
            format!("{} {}", r.status, esc(&r.reason))
                .trim_end()
                .to_string()
        }));
        let on = iis_on(&names, httperr.iter().map(|r| r.server.as_str()));
        out.push(format!(
            "HTTP.sys (HTTPERR) on {} refused {} to /EWS/mrsproxy.svc before IIS saw them: {} \
             (from {}).",
            on.trim_start_matches("IIS on "),
            count(httperr.len()),
            list(&reasons),
            clients(&httperr)
        ));
    }
    out.join(" ")
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 request".to_string()
    } else {
        format!("{n} requests")
    }
}

fn clients(requests: &[&MrsRequest]) -> String {
    list(&distinct(
        requests
            .iter()
            .map(|r| esc(crate::wording::client(&r.client))),
    ))
}
