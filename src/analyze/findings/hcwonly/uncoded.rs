//! An HCW `(401) Unauthorized` whose `/EWS/mrsproxy.svc` requests the loaded IIS logs hold,
//! answered 401 while the call ran, in a field set that leaves out `sc-substatus` or
//! `sc-win32-status`: the requests arrived, but the code that tells Extended Protection from
//! refused credentials or split legs was not logged (or the log ends inside it). The finding
//! says so, cites them, and asks for the fields (or a log written past them) instead of for
//! other servers' logs.

use super::super::DiagnoseInput;
use super::super::common::{distinct, esc, iis_on, list, org_names};
use super::Item;
use crate::analyze::finding::Evidence;
use crate::analyze::mrs::MrsRequest;
use crate::source::SourceKind;

/// The IIS mrsproxy requests answered 401 while an item's call ran, from a log without the
/// codes of a 401, in log order.
pub fn requests<'a>(input: &DiagnoseInput<'a>, items: &[Item<'_>]) -> Vec<&'a MrsRequest> {
    let mut found: Vec<usize> = items
        .iter()
        .filter_map(|i| i.call)
        .filter_map(|c| input.cmdlets.iter().position(|x| std::ptr::eq(x, c)))
        .filter_map(|ci| input.links.iter().find(|l| l.cmdlet == ci))
        .flat_map(|l| l.mrs.iter().copied())
        .filter(|&i| {
            let r = &input.mrs[i];
            r.status == 401
                && !(r.substatus_logged && r.win32_logged)
                && crate::source::by_id(input.sources, r.source)
                    .is_some_and(|s| s.kind == SourceKind::Iis)
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found.into_iter().map(|i| &input.mrs[i]).collect()
}

/// Whether every one of the requests logged its codes but the log ends inside its
/// `sc-win32-status`: a log cut while written, not a field set without the codes.
fn all_cut(requests: &[&MrsRequest]) -> bool {
    requests
        .iter()
        .all(|r| r.substatus_logged && r.win32_cut.is_some())
}

/// The fields the requests' logs leave out, as said in a sentence.
fn missing(requests: &[&MrsRequest]) -> &'static str {
    if requests.iter().any(|r| !r.substatus_logged) {
        "sc-substatus and sc-win32-status"
    } else {
        "sc-win32-status"
    }
}

/// `IIS on FBEX1 logged 3 requests to /EWS/mrsproxy.svc answered 401 while the call ran (from
/// 10.30.9.5)` (`answered`: what goes after the uri), the requests cited as evidence: how the
/// sentences on a call's mrsproxy requests begin (also `challenged.rs`).
pub(super) fn logged_during(
    input: &DiagnoseInput<'_>,
    requests: &[&MrsRequest],
    answered: &str,
    evidence: &mut Vec<Evidence>,
) -> String {
    evidence.extend(requests.iter().map(|r| r.cited()));
    format!(
        "{} logged {} to /EWS/mrsproxy.svc{answered} while the call ran (from {})",
        iis_on(
            &org_names(input),
            requests.iter().map(|r| r.server.as_str())
        ),
        crate::wording::count(requests.len(), "request"),
        list(&distinct(
            requests
                .iter()
                .map(|r| esc(crate::wording::client(&r.client))),
        )),
    )
}

/// `IIS on FBEX1 logged 3 requests to /EWS/mrsproxy.svc answered 401 while the call ran (from
/// 10.30.9.5), but its log leaves out sc-win32-status: …` with the lines as evidence.
pub fn cite(
    input: &DiagnoseInput<'_>,
    requests: &[&MrsRequest],
    evidence: &mut Vec<Evidence>,
) -> String {
    let n = requests.len();
    let head = logged_during(input, requests, " answered 401", evidence);
    if all_cut(requests) {
        let digits = distinct(
            requests
                .iter()
                .filter_map(|r| r.win32_cut.as_deref())
                .map(|d| format!("{}…", esc(d))),
        );
        return format!(
            "{head}, but the log ends inside {} sc-win32-status ({}: the server stopped while \
             writing the line): the code that tells these causes apart is cut off, so the IIS \
             log cannot say which it was.",
            if n == 1 { "its" } else { "their" },
            list(&digits),
        );
    }
    format!(
        "{head}, but its log leaves out {}: the code that tells these causes apart was not \
         logged, so the IIS log cannot say which it was.",
        missing(requests)
    )
}

/// The first step of the remedy when the requests arrived without their codes.
pub fn remedy_step(requests: &[&MrsRequest], host: &str) -> String {
    if all_cut(requests) {
        return format!(
            "The loaded IIS log of the servers behind {host} ends inside the code of this \
             call's failing /EWS/mrsproxy.svc request (cut off while it was written or \
             copied): load that log again once IIS has written past the line (or a copy taken \
             later), or run HCW again and load the new log: hcwlens then names the cause from \
             the failing leg."
        );
    }
    format!(
        "The loaded IIS logs hold this call's /EWS/mrsproxy.svc requests without {}: on the \
         servers behind {host}, add the Substatus and Win32 Status fields to the W3C logging of \
         Default Web Site (IIS Manager, Logging, Select Fields; Exchange logs both by default), \
         run HCW again and load the new log: hcwlens then names the cause from the failing leg.",
        missing(requests)
    )
}
