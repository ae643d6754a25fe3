//! Extended Protection rules: `ep-hybrid-agent` (the Hybrid Agent re-originates TLS, so front-end
//! EWS must not require channel binding on the servers it publishes) and `ep-tls-offload` (TLS
//! terminated in front of Exchange for many clients or virtual directories). This file sorts the
//! failed channel bindings between the two: which failed calls and legs are the agent's, and
//! what is left to the offload rule.

mod accepted;
mod agent;
mod agent_fix;
mod offload;
mod since;
mod standin;

use super::DiagnoseInput;
use super::census::Census;
use super::common::{distinct, distinct_of, failed_mrs_calls, is_ews, via_agent};
use super::reach::{is_connectivity_failure, says_unreachable};
use crate::analyze::finding::Finding;
use crate::analyze::handshake::SEC_E_BAD_BINDINGS;
use crate::analyze::mrs::is_mrsproxy;
use crate::record::{HcwEntry, HcwLevel};
use agent::hybrid_agent;
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
