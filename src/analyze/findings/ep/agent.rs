//! `ep-hybrid-agent`, worded: the failed calls, HCW's notes on the agent path and the IIS legs
//! [`super::findings`] chose, said as the Hybrid Agent's TLS meeting Extended Protection on
//! front-end EWS (or, with no call to confirm it, as the pattern it is), with the fix.

use super::super::DiagnoseInput;
use super::super::common::{
    Draft, MAX_HANDSHAKES, calls_failed, distinct, distinct_of, esc, excerpt, handshake_label,
    iis_on, list, org_names, unique, via_agent,
};
use super::super::text::{EP_DOC, EP_SCRIPT_DOC, HYBRID_AGENT_DOC, SSPI_DOC, code_label};
use super::{accepted, agent_fix, since, standin};
use crate::analyze::finding::{Evidence, Finding, FindingId, Severity};
use crate::analyze::handshake::SEC_E_BAD_BINDINGS;
use crate::record::HcwEntry;

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

pub fn hybrid_agent(
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
    let hosts = distinct_of(
        legs.iter().map(|&h| crate::wording::client(&hs[h].client)),
        esc,
    );
    let uris = distinct_of(legs.iter().map(|&h| hs[h].uri.as_str()), esc);
    let since = since::after_last(input, &names, legs);
    // What followed the last rejection makes it history (accepted since) or leaves it in doubt
    // (only refused for the credentials since): either way not the open error it was.
    let severity = if warning || since.is_some() {
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
    if since.is_some() {
        d.title = title("rejected", "blocked");
    } else {
        d.title = title("rejects", "blocks");
        d.title_fixed = Some(title("rejected", "blocked"));
    }

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
    if let Some(since) = &since {
        why.push_str(&since.said);
    }
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
    match &since {
        Some(s) if s.accepted => {
            d.remedy = format!(
                "Nothing to change while these requests succeed; check with \
                 -ShowExtendedProtection that front-end EWS stays as it is now (a CU setup turns \
                 EP on again unless run with /DoNotEnableEP_FEEWS). Should the rejections \
                 return, this was the fix:\n{}",
                d.remedy
            );
        }
        Some(_) => {
            d.remedy = format!(
                "First fix the credentials (credentials-rejected), then check with \
                 -ShowExtendedProtection whether front-end EWS is still protected on these \
                 servers; only if it is, or the binding is rejected again:\n{}",
                d.remedy
            );
        }
        None => {}
    }
    for &h in legs.iter().take(MAX_HANDSHAKES) {
        d.handshake(&hs[h]);
    }
    d.evidence.extend(accepted);
    d.evidence
        .extend(since.into_iter().flat_map(|s| s.evidence));
    d.references = vec![EP_DOC, EP_SCRIPT_DOC, HYBRID_AGENT_DOC, SSPI_DOC];
    d.build()
}
