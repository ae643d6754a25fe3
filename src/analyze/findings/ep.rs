//! Extended Protection rules: `ep-hybrid-agent` (the Hybrid Agent re-originates TLS, so front-end
//! EWS must not require channel binding on the servers it publishes) and `ep-tls-offload` (TLS
//! terminated in front of Exchange for many clients or virtual directories).

mod accepted;
mod agent_fix;
mod offload;
mod standin;

use super::DiagnoseInput;
use super::census::Census;
use super::common::{
    Draft, MAX_HANDSHAKES, calls_failed, distinct, distinct_of, esc, excerpt, failed_mrs_calls,
    handshake_label, iis_on, is_ews, list, org_names, unique, via_agent,
};
use super::reach::{is_connectivity_failure, says_unreachable};
use super::text::{EP_DOC, EP_SCRIPT_DOC, HYBRID_AGENT_DOC, SSPI_DOC, code_label};
use crate::analyze::finding::{Evidence, Finding, FindingId, Severity};
use crate::analyze::handshake::SEC_E_BAD_BINDINGS;
use crate::analyze::mrs::is_mrsproxy;
use crate::record::{HcwEntry, HcwLevel};
use offload::{offload_is_clear, tls_offload};
use std::collections::BTreeSet;

pub fn findings(input: &DiagnoseInput<'_>, census: &Census) -> Vec<Finding> {
    let hs = input.handshakes;
    let bb = census.failed_with(hs, |c| c == SEC_E_BAD_BINDINGS);
    if bb.is_empty() {
        return Vec::new();
    }
    let ews_bb: Vec<usize> = bb.iter().copied().filter(|&i| is_ews(&hs[i].uri)).collect();

    let mut calls = Vec::new();
    // Failing calls that named a published host, not the agent's endpoint: classic hybrid,
    // where one address carrying the failures is a device that ends TLS, not the agent.
    let mut classic = Vec::new();
    let mut legs = BTreeSet::new();
    let failed = failed_mrs_calls(input);
    let seen = calls_seen_in_iis(input, &failed);
    for &ci in &failed {
        let call = &input.cmdlets[ci];
        let linked: Vec<usize> = ews_bb
            .iter()
            .copied()
            .filter(|&h| hs[h].cmdlet.map(|c| c.at()) == Some(ci))
            .collect();
        if linked.is_empty() && (seen.contains(&ci) || is_connectivity_failure(call)) {
            // IIS logged this call's mrsproxy handshakes and none failed on the binding: they
            // say why it failed, and another client's EP failures do not. Nor do EP failures
            // at another time explain a call that says it reached nothing or got a server
            // error: Extended Protection answers 401.
            continue;
        }
        let hosts = distinct(linked.iter().map(|&h| hs[h].client.to_string()));
        let published = !via_agent(call) && call.remote_server.is_some();
        if via_agent(call) || (!published && !linked.is_empty() && hosts.len() == 1) {
            calls.push(ci);
            legs.extend(linked);
        } else if published && !linked.is_empty() {
            classic.push(ci);
        }
    }
    let mut out = Vec::new();
    let notes = if calls.is_empty() && failed.iter().all(|c| !seen.contains(c)) {
        agent_path_errors(input)
    } else {
        Vec::new()
    };
    let mut unaligned = false;
    if (!calls.is_empty() || !notes.is_empty()) && legs.is_empty() {
        unaligned = !calls.is_empty();
        let mrs_legs: Vec<usize> = ews_bb
            .iter()
            .copied()
            .filter(|&h| is_mrsproxy(&hs[h].uri))
            .collect();
        if !mrs_legs.is_empty() {
            legs.extend(mrs_legs);
        } else {
            // Other EWS paths stand in only while no mrsproxy handshake tells another story,
            // and never an end user's client.
            legs.extend(standin::stand_ins(input, &ews_bb));
        }
    }
    let mut warning = false;
    if legs.is_empty() {
        let mrs_hosts = distinct_of(
            ews_bb
                .iter()
                .filter(|&&h| is_mrsproxy(&hs[h].uri))
                .map(|&h| hs[h].client.as_str()),
            str::to_string,
        );
        // One or two addresses (an agent, or the recommended pair of agents); three or more
        // clients are a device in front of Exchange (`offload_is_clear`).
        if !mrs_hosts.is_empty() && classic.is_empty() && !offload_is_clear(input, &bb) {
            warning = true;
            legs.extend(
                ews_bb
                    .iter()
                    .copied()
                    .filter(|&h| mrs_hosts.iter().any(|m| **m == *hs[h].client)),
            );
        }
    }
    if !legs.is_empty() {
        let hosts: BTreeSet<&str> = legs.iter().map(|&h| hs[h].client.as_str()).collect();
        let same_hosts: Vec<usize> = ews_bb
            .iter()
            .copied()
            .filter(|h| hosts.contains(hs[*h].client.as_str()))
            .collect();
        legs.extend(same_hosts);
        let legs: Vec<usize> = legs.iter().copied().collect();
        out.extend(hybrid_agent(
            input, &calls, &notes, &legs, warning, unaligned,
        ));
    }
    let rest: Vec<usize> = bb.into_iter().filter(|h| !legs.contains(h)).collect();
    if !rest.is_empty() {
        out.extend(tls_offload(input, &rest, &classic));
    }
    out
}

/// The failed calls that some mrsproxy handshake was correlated with: IIS saw them.
fn calls_seen_in_iis(input: &DiagnoseInput<'_>, failed: &[usize]) -> BTreeSet<usize> {
    if failed.is_empty() {
        return BTreeSet::new();
    }
    input
        .handshakes
        .iter()
        .filter_map(|h| h.cmdlet.map(|c| (c.at(), h)))
        .filter(|(c, h)| failed.contains(c) && is_mrsproxy(&h.uri))
        .map(|(c, _)| c)
        .collect()
}

/// The client is the Exchange server itself: a loopback address, or an address that some
/// mrsproxy request from it was logged with as its `s-ip` (a Hybrid Agent installed on the
/// Exchange server reaches the published name on the server's own address).
fn is_server_itself(input: &DiagnoseInput<'_>, client: &str) -> bool {
    let loopback = client
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback());
    loopback
        || input
            .mrs
            .iter()
            .any(|r| r.client == client && r.server_ip.eq_ignore_ascii_case(client))
}

/// HCW warnings and errors about the Hybrid Agent path (`*.msappproxy.net`), such as the
/// agent validation of the HybridConnectorInstall page (event 10349), which is not a cmdlet;
/// not those that say the path reached nothing or got a server error (not what EP answers).
fn agent_path_errors<'a>(input: &DiagnoseInput<'a>) -> Vec<&'a HcwEntry> {
    input
        .hcw
        .iter()
        .filter(|e| e.level != HcwLevel::Info)
        .filter(|e| {
            let t = e.full_text().to_ascii_lowercase();
            t.contains("msappproxy.net") && t.contains("/ews/") && !says_unreachable(&t)
        })
        .collect()
}

fn hybrid_agent(
    input: &DiagnoseInput<'_>,
    calls: &[usize],
    notes: &[&HcwEntry],
    legs: &[usize],
    warning: bool,
    unaligned: bool,
) -> Option<Finding> {
    let hs = input.handshakes;
    let names = org_names(input);
    let labels = || legs.iter().map(|&h| hs[h].server.as_str());
    let site_labels: Vec<String> = legs
        .iter()
        .map(|&h| handshake_label(input, &hs[h], false))
        .collect();
    let hosts = distinct_of(legs.iter().map(|&h| hs[h].client.as_str()), esc);
    let uris = distinct_of(legs.iter().map(|&h| hs[h].uri.as_str()), esc);
    let severity = if warning {
        Severity::Warning
    } else {
        Severity::Error
    };
    let mut d = Draft::new(FindingId::EpHybridAgent, severity);
    let code = code_label(SEC_E_BAD_BINDINGS);
    let n = legs.len();
    let plural = if n == 1 { "" } else { "s" };
    // Said in the past once a later run got past the failing calls (`Finding::title_fixed`).
    let title = |rejects: &str, blocks: &str| {
        if warning {
            format!(
                "Extended Protection {rejects} {} requests from {} (SEC_E_BAD_BINDINGS)",
                list(&uris),
                list(&hosts)
            )
        } else {
            format!(
                "Extended Protection {blocks} the Hybrid Agent: SEC_E_BAD_BINDINGS on {} ({n} handshake{plural})",
                list(&uris)
            )
        }
    };
    d.title = title("rejects", "blocks");
    d.title_fixed = Some(title("rejected", "blocked"));

    let mut why = String::new();
    if !calls.is_empty() {
        let remotes = distinct(
            calls
                .iter()
                .map(|&c| &input.cmdlets[c])
                .filter(|c| via_agent(c))
                .map(|c| {
                    c.remote_server
                        .as_deref()
                        .map_or("*.msappproxy.net".into(), esc)
                }),
        );
        let how = if remotes.is_empty() {
            String::new()
        } else {
            format!(", going through the Hybrid Agent ({})", list(&remotes))
        };
        why.push_str(&calls_failed(&mut d, input, calls, &how));
    }
    if let Some(first) = notes.first() {
        why.push_str(&format!(
            "HCW logged {} about the Hybrid Agent path ({}): \"{}\". ",
            if notes.len() == 1 {
                "an error".to_string()
            } else {
                format!("{} errors", notes.len())
            },
            esc(&crate::source::cited_line(
                input.sources,
                first.source,
                first.line
            )),
            excerpt(first, 300)
        ));
        for e in notes {
            d.evidence.push(Evidence {
                source: e.source,
                line: e.line,
            });
            d.at(e.ts, e.source);
        }
    }
    why.push_str(&format!(
        "{} logged {n} NTLM handshake{plural} for {} from {} that ended in 401 1 {code}: \
         the channel binding in the client's token did not match the TLS connection Exchange \
         saw, which is how Extended Protection (EP) rejects a request. ",
        iis_on(&names, site_labels.iter().map(String::as_str)),
        list(&uris),
        list(&hosts)
    ));
    let (meanwhile, accepted) = accepted::elsewhere(input, &names, legs);
    why.push_str(&meanwhile);
    if warning {
        let many = format!("{} addresses", hosts.len());
        let (from, that, is, agent, device) = if hosts.len() == 1 {
            (
                "a single address",
                "that address",
                "is",
                "the agent host",
                "a load balancer or reverse proxy",
            )
        } else {
            (
                many.as_str(),
                "those addresses",
                "are",
                "Hybrid Agent hosts (Microsoft recommends more than one agent)",
                "load balancers or reverse proxies",
            )
        };
        why.push_str(&format!(
            "No loaded HCW call failed with these legs to confirm it, but failures only on the MRS proxy \
             from {from} are the Hybrid Agent pattern: if {that} {is} {agent}, the explanation \
             below applies; if {that} {is} {device} that terminate{s} TLS, fix {fix} \
             instead (TLS pass-through or SSL bridging with the Exchange certificate). ",
            s = if hosts.len() == 1 { "s" } else { "" },
            fix = if hosts.len() == 1 {
                "that device"
            } else {
                "those devices"
            },
        ));
    } else if notes.is_empty() && calls.iter().all(|&c| !via_agent(&input.cmdlets[c])) {
        why.push_str(&format!(
            "All of them came from one address, {}: the Hybrid Agent host (or another proxy \
             that opens its own TLS connection to Exchange). ",
            list(&hosts)
        ));
    }
    why.push_str(
        "The Hybrid Agent is an application-proxy connector: it ends Exchange Online's TLS \
         session and opens its own to Exchange, so the binding can never match while EP is \
         enabled on the front-end EWS virtual directory (Exchange Server 2019 CU14 and later \
         turn EP on during setup). HCW's message ('The connection to the server … could not be \
         completed' or '(401) Unauthorized … Negotiate,NTLM') reads like a network or password \
         problem; the IIS status code is what shows it is Extended Protection.",
    );
    if unaligned && standin::covers_a_call(input, calls) {
        why.push_str(
            " The HCW call and these IIS legs did not fall into the same time window; check the \
             clock offset between the HCW machine and the Exchange servers.",
        );
    } else if unaligned {
        why.push_str(
            " No loaded IIS log covers the time of the HCW call: these legs are from another \
             time (an earlier or later attempt); load the IIS logs of the call's time to \
             confirm.",
        );
    }
    d.explanation = why;
    // Each client once: a client is checked against every mrsproxy request.
    let own = distinct_of(
        unique(legs.iter().map(|&h| hs[h].client.as_str()))
            .into_iter()
            .filter(|c| is_server_itself(input, c)),
        esc,
    );
    d.remedy = agent_fix::remedy(input, &names, calls, labels(), &hosts, &own);
    for &h in legs.iter().take(MAX_HANDSHAKES) {
        d.handshake(&hs[h]);
    }
    d.evidence.extend(accepted);
    d.references = vec![EP_DOC, EP_SCRIPT_DOC, HYBRID_AGENT_DOC, SSPI_DOC];
    d.build()
}
