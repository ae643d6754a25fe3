//! Reachability: `mrs-unreachable` (a test call failed with a timeout or 5xx and no mrsproxy
//! request reached the IIS logs that cover its window, or, with no IIS log loaded, HTTP.sys
//! logged its mrsproxy connections arriving and dropped them) and `iis-no-coverage` (the
//! loaded IIS logs do not cover the failing call, so nothing can be said about it). A call
//! whose error says the TLS certificate was not trusted is left to `hcw-tls`: TLS ends before
//! any request is sent, so IIS logging none is what that failure looks like, not a sign of a
//! blocked path.

mod coverage;
mod failure;
mod httperr;

use failure::tls_refused;
pub use failure::{is_connectivity_failure, says_unreachable};

use super::DiagnoseInput;
use super::common::{
    Draft, call_desc, distinct, error_excerpt, esc, failed_mrs_calls, iis_on, list, org_names,
    via_agent,
};
use super::text::{
    HTTPERR_DOC, HYBRID_AGENT_BLOG, HYBRID_AGENT_DOC, MRS_PROXY_DOC, PH_EWS_HOST, PH_TARGET_URI,
    TMSA_DOC,
};
use crate::analyze::correlate::{DEFAULT_TOLERANCE_MS, call_window};
use crate::analyze::finding::{Finding, FindingId, Severity};
use crate::analyze::names::OrgNames;
use crate::source::{SourceId, SourceInfo, SourceKind};

/// The HTTPERR reasons (or statuses) of the mrsproxy requests `at`.
fn reasons_of(input: &DiagnoseInput<'_>, at: &[usize]) -> Vec<String> {
    at.iter()
        .map(|&i| &input.mrs[i])
        .filter(|r| kind_of(input.sources, r.source) == Some(SourceKind::Httperr))
        .map(|r| {
            if r.reason.is_empty() {
                format!("status {}", r.status)
            } else {
                r.reason.clone()
            }
        })
        .collect()
}

fn kind_of(sources: &[SourceInfo], id: SourceId) -> Option<SourceKind> {
    crate::source::by_id(sources, id).map(|s| s.kind)
}

pub fn findings(input: &DiagnoseInput<'_>) -> Vec<Finding> {
    if input.mrs_dropped > 0 {
        return Vec::new();
    }
    let iis: Vec<&SourceInfo> = input
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::Iis && s.span.is_some())
        .collect();
    let httperr_only = iis.is_empty();
    let mut unreachable = Vec::new();
    let mut uncovered = Vec::new();
    for ci in failed_mrs_calls(input) {
        let call = &input.cmdlets[ci];
        if !is_connectivity_failure(call) || tls_refused(input, call) {
            continue;
        }
        let (start, end) = call_window(call);
        let in_window: Vec<usize> = match input.links.iter().find(|l| l.cmdlet == ci) {
            Some(l) => l.mrs.clone(),
            None => {
                let from = start.plus_ms(-DEFAULT_TOLERANCE_MS);
                let to = end.plus_ms(DEFAULT_TOLERANCE_MS);
                (0..input.mrs.len())
                    .filter(|&i| input.mrs[i].ts >= from && input.mrs[i].ts <= to)
                    .collect()
            }
        };
        let reached_iis = in_window
            .iter()
            .any(|&i| kind_of(input.sources, input.mrs[i].source) != Some(SourceKind::Httperr));
        if reached_iis {
            continue;
        }
        let covering: Vec<&SourceInfo> = iis
            .iter()
            .copied()
            .filter(|s| s.span.is_some_and(|(a, b)| a <= start && b >= end))
            .collect();
        if httperr_only {
            // No IIS log to say the requests never got there, but HTTP.sys logged them
            // arriving and dropped them: said as such, not left to a network-path guess.
            if httperr::arrived(&reasons_of(input, &in_window)) {
                unreachable.push((ci, covering, in_window));
            }
        } else if covering.is_empty() {
            uncovered.push(ci);
        } else {
            unreachable.push((ci, covering, in_window));
        }
    }
    let mut out = Vec::new();
    if !unreachable.is_empty() {
        out.extend(mrs_unreachable(input, &unreachable));
    }
    if !uncovered.is_empty() {
        out.extend(coverage::no_coverage(input, &uncovered, &iis));
    }
    out
}

fn mrs_unreachable(
    input: &DiagnoseInput<'_>,
    calls: &[(usize, Vec<&SourceInfo>, Vec<usize>)],
) -> Option<Finding> {
    let agent = calls.iter().all(|(c, _, _)| via_agent(&input.cmdlets[*c]));
    let mut d = Draft::new(FindingId::MrsUnreachable, Severity::Error);
    let names = org_names(input);
    let targets = distinct(
        calls
            .iter()
            .filter_map(|(c, _, _)| input.cmdlets[*c].remote_server.as_deref().map(esc)),
    );
    let target = if targets.is_empty() {
        "the endpoint".to_string()
    } else {
        list(&targets)
    };
    d.title = if agent {
        format!(
            "The Hybrid Agent could not reach Exchange: no mrsproxy request arrived for {target}"
        )
    } else {
        format!(
            "Exchange Online's MRS requests never reached IIS: no mrsproxy request for {target}"
        )
    };
    let mut why = String::new();
    let mut servers = Vec::new();
    let mut httperr = Vec::new();
    let mut dropped_on: Vec<String> = Vec::new();
    // Calls that failed with the same words are named together, the words quoted once.
    let mut said: Vec<(Option<String>, Vec<String>)> = Vec::new();
    for (ci, _, _) in calls {
        let call = &input.cmdlets[*ci];
        let excerpt = error_excerpt(call);
        let desc = call_desc(input.sources, call);
        match said.iter_mut().find(|(e, _)| *e == excerpt) {
            Some((_, descs)) => descs.push(desc),
            None => said.push((excerpt, vec![desc])),
        }
    }
    for (excerpt, descs) in &said {
        why.push_str(&format!("{} failed", list(descs)));
        if let Some(e) = excerpt {
            why.push_str(&format!(": \"{e}\""));
        }
        why.push_str(". ");
    }
    for (ci, covering, in_window) in calls {
        let call = &input.cmdlets[*ci];
        d.call(call);
        // Each log by its site, where its machine has several loaded.
        servers.extend(
            covering
                .iter()
                .map(|s| super::common::site_label(input, &s.server, Some(s.id))),
        );
        for &i in in_window {
            let r = &input.mrs[i];
            d.evidence.push(r.cited());
            dropped_on.push(super::common::request_label(input, r));
            httperr.push(if r.reason.is_empty() {
                format!("status {}", r.status)
            } else {
                esc(&r.reason)
            });
        }
    }
    if servers.is_empty() {
        why.push_str("No IIS log is loaded to show what reached IIS. ");
    } else {
        why.push_str(&format!(
            "The loaded logs of {} cover that time but contain no request to /EWS/mrsproxy.svc \
             within {} s of it, so the requests never got to IIS there. ",
            iis_on(&names, servers.iter().map(String::as_str)),
            DEFAULT_TOLERANCE_MS / 1000
        ));
    }
    let reasons = distinct(httperr);
    if !reasons.is_empty() {
        why.push_str(&format!(
            "HTTP.sys (HTTPERR) did see mrsproxy traffic and dropped it before IIS ({}). ",
            list(&reasons)
        ));
    }
    if agent {
        why.push_str(&format!(
            "The {} through the Hybrid Agent: Exchange Online reached the agent, but the \
             agent got no answer from the Exchange server it publishes (a 504 Gateway Timeout \
             or a timeout in HCW). Usual causes: the agent host cannot reach the TargetUri on \
             443 (firewall, DNS, proxy), the published server is down or not the one whose \
             logs were loaded.",
            if calls.len() == 1 {
                "call went"
            } else {
                "calls went"
            }
        ));
        let (server, note) = match names.published_servers().first() {
            Some(s) => (
                s.fqdn.clone().unwrap_or_else(|| s.name.clone()),
                format!(
                    " (HCW published EWS from {}, filled in below; use the TargetUri host if it \
                     differs)",
                    s.name
                ),
            ),
            None => (PH_TARGET_URI.to_string(), String::new()),
        };
        d.remedy = format!(
            "On the agent host: run Get-HybridApplication to see TargetUri{note}, then \
             Test-HybridConnectivity and\n   \
             Test-NetConnection {server} -Port 443\n\
             Make sure that server is up and answers https://{server}/EWS/mrsproxy.svc (a 401 \
             is the expected answer). If TargetUri is a load-balanced name, load the IIS and \
             HTTPERR logs of every server behind it."
        );
        d.references = vec![HYBRID_AGENT_BLOG, HYBRID_AGENT_DOC, TMSA_DOC];
    } else {
        let host = targets
            .first()
            .cloned()
            .or_else(|| names.published_host.clone())
            .unwrap_or_else(|| PH_EWS_HOST.to_string());
        if httperr::arrived(&reasons) {
            let at = iis_on(&names, dropped_on.iter().map(String::as_str))
                .trim_start_matches("IIS on ")
                .to_string();
            why.push_str(&httperr::causes(&reasons, &at));
            d.remedy = httperr::remedy(&host, &at, &reasons);
        } else {
            why.push_str(
                "Usual causes: inbound TCP 443 from Exchange Online blocked by a firewall, NAT or \
                 publishing that forwards to another server, external DNS for the endpoint \
                 pointing elsewhere, a reverse proxy or WAF dropping the request, or a broken \
                 IPv6 path. If the name is load-balanced, the requests may have gone to a server \
                 whose logs were not loaded.",
            );
            d.remedy = format!(
                "From outside your network, check that https://{host}/EWS/mrsproxy.svc answers \
                 (a 401 asking for Negotiate/NTLM is the expected answer); verify external DNS, \
                 firewall and NAT rules for inbound 443 from Exchange Online, and that MRS proxy \
                 is enabled:\n   \
                 Get-WebServicesVirtualDirectory | Format-Table Server,Identity,MRSProxyEnabled\n\
                 Load the IIS (W3SVC1) and HTTPERR logs of every server behind the name{behind}.",
                behind = behind(&names),
            );
        }
        d.references = vec![TMSA_DOC, MRS_PROXY_DOC, HTTPERR_DOC, HYBRID_AGENT_BLOG];
    }
    d.explanation = why;
    d.build()
}

/// ` (HCW published EWS from EX01)` when the HCW log says so.
fn behind(names: &OrgNames) -> String {
    let published: Vec<String> = names
        .published_servers()
        .iter()
        .map(|s| s.name.clone())
        .collect();
    if published.is_empty() {
        String::new()
    } else {
        format!(" (HCW published EWS from {})", list(&published))
    }
}
