//! Where the Hybrid Agent got through meanwhile: another loaded server that answered the same
//! agent host's mrsproxy requests with success while the failing server rejected its binding
//! (a load balancer spreading the agent's calls over servers set differently).

use super::super::DiagnoseInput;
use super::super::common::{distinct_of, esc, iis_on, list, request_labels};
use crate::analyze::finding::Evidence;
use crate::analyze::handshake::Handshake;
use crate::analyze::names::OrgNames;
use crate::source::same_machine;
use crate::time::UtcMs;
use std::collections::BTreeSet;

/// How far around the rejected handshakes an acceptance counts as "meanwhile".
const AROUND_MS: i64 = 5 * 60 * 1000;

/// Accepted requests cited as evidence (the first of them).
const CITED: usize = 3;

/// The sentence saying which other servers accepted the rejected handshakes' clients on the
/// MRS proxy around the time of the rejections, and the first of those requests as evidence;
/// nothing when none did.
pub(super) fn elsewhere(
    input: &DiagnoseInput<'_>,
    names: &OrgNames,
    legs: &[usize],
) -> (String, Vec<Evidence>) {
    let hs = input.handshakes;
    let rejected: Vec<&Handshake> = legs.iter().filter_map(|&h| hs.get(h)).collect();
    let (Some(first), Some(last)) = (
        rejected.iter().map(|h| h.start.0).min(),
        rejected
            .iter()
            .map(|h| h.legs.last().map_or(h.start.0, |l| l.ts.0))
            .max(),
    ) else {
        return (String::new(), Vec::new());
    };
    let hosts: BTreeSet<&str> = rejected.iter().map(|h| h.client.as_str()).collect();
    let rejecting: BTreeSet<&str> = rejected.iter().map(|h| h.server.as_str()).collect();
    let (from, to) = (UtcMs(first - AROUND_MS), UtcMs(last + AROUND_MS));
    let accepted: Vec<_> = input
        .mrs
        .iter()
        .filter(|r| (200..300).contains(&r.status) && r.reason.is_empty())
        .filter(|r| r.ts >= from && r.ts <= to && hosts.contains(r.client.as_str()))
        .filter(|r| !rejecting.iter().any(|s| same_machine(s, &r.server)))
        .collect();
    if accepted.is_empty() {
        return (String::new(), Vec::new());
    }
    let n = accepted.len();
    let clients = distinct_of(
        accepted.iter().map(|r| crate::wording::client(&r.client)),
        esc,
    );
    let labels = request_labels(input, accepted.iter().copied());
    let servers = iis_on(names, labels.iter().map(String::as_str));
    let cited = accepted.iter().take(CITED).map(|r| r.cited()).collect();
    let said = format!(
        "Meanwhile {servers} accepted {n} mrsproxy request{s} from {} (HTTP 2xx): Extended \
         Protection does not reject the agent there, so the servers the agent reaches are set \
         differently. The change below is for the server{s2} that rejected it; compare them \
         with -ShowExtendedProtection. ",
        list(&clients),
        s = if n == 1 { "" } else { "s" },
        s2 = if rejecting.len() == 1 { "" } else { "s" },
    );
    (said, cited)
}
