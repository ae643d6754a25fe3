//! What the rejected hosts got on the MRS proxy after the last rejection of their binding: the
//! server that rejected them accepting them since (Extended Protection was changed: the
//! rejection is history), or only refusals for another reason (the binding check was passed,
//! or not reached: said with care). Nothing when a rejection is the last word.

use super::super::DiagnoseInput;
use super::super::auth::is_logon_failure;
use super::super::common::{distinct, distinct_of, esc, iis_on, list, request_labels};
use super::super::text::code_label;
use crate::analyze::finding::Evidence;
use crate::analyze::handshake::{Handshake, HandshakeOutcome, SEC_E_BAD_BINDINGS};
use crate::analyze::mrs::is_mrsproxy;
use crate::analyze::names::OrgNames;
use crate::source::same_machine;
use crate::time::{UtcMs, sentence_utc};
use std::collections::BTreeSet;

/// Accepted requests cited as evidence (the first of them).
const CITED: usize = 3;

/// What followed the last rejection.
pub(super) struct Since {
    /// The sentence for the explanation.
    pub said: String,
    /// The rejecting server accepted the hosts since: the rejection is history.
    pub accepted: bool,
    /// The first accepted requests.
    pub evidence: Vec<Evidence>,
}

/// When a handshake ended (its last leg).
fn end(h: &Handshake) -> UtcMs {
    h.legs.last().map_or(h.start, |l| l.ts)
}

/// What the hosts of the rejected handshakes `legs` got on the MRS proxy after the last of
/// them; None when nothing, or another rejection of their binding, came after it.
pub(super) fn after_last(
    input: &DiagnoseInput<'_>,
    names: &OrgNames,
    legs: &[usize],
) -> Option<Since> {
    let hs = input.handshakes;
    let rejected: Vec<&Handshake> = legs.iter().filter_map(|&h| hs.get(h)).collect();
    let last = rejected.iter().map(|h| end(h)).max()?;
    let hosts: BTreeSet<&str> = rejected.iter().map(|h| h.client.as_str()).collect();
    let rejecting: BTreeSet<&str> = rejected.iter().map(|h| h.server.as_str()).collect();
    let later =
        |h: &&Handshake| hosts.contains(h.client.as_str()) && is_mrsproxy(&h.uri) && h.start > last;
    let failed_later: Vec<&Handshake> = hs
        .iter()
        .filter(later)
        .filter(|h| h.outcome == HandshakeOutcome::Failed)
        .collect();
    if failed_later
        .iter()
        .any(|h| h.failure_code == Some(SEC_E_BAD_BINDINGS))
    {
        return None;
    }
    let at = sentence_utc(last);
    let accepted: Vec<_> = input
        .mrs
        .iter()
        .filter(|r| (200..300).contains(&r.status) && r.reason.is_empty() && r.ts > last)
        .filter(|r| hosts.contains(r.client.as_str()))
        .filter(|r| rejecting.iter().any(|s| same_machine(s, &r.server)))
        .collect();
    if let Some(first) = accepted.first() {
        let n = accepted.len();
        let servers = iis_on(
            names,
            request_labels(input, accepted.iter().copied())
                .iter()
                .map(String::as_str),
        );
        let clients = distinct_of(
            accepted.iter().map(|r| crate::wording::client(&r.client)),
            esc,
        );
        let said = format!(
            "After the last rejection ({at}) {servers} accepted {n} mrsproxy request{s} from {} \
             (HTTP 2xx, the first at {}): Extended Protection no longer rejects them \
             there, so it was changed since. ",
            list(&clients),
            sentence_utc(first.ts),
            s = if n == 1 { "" } else { "s" },
        );
        let evidence = accepted.iter().take(CITED).map(|r| r.cited()).collect();
        return Some(Since {
            said,
            accepted: true,
            evidence,
        });
    }
    let refused: Vec<&&Handshake> = failed_later
        .iter()
        .filter(|h| h.failure_code.is_some_and(is_logon_failure))
        .collect();
    if refused.is_empty() || refused.len() < failed_later.len() {
        return None;
    }
    let codes = distinct(
        refused
            .iter()
            .filter_map(|h| h.failure_code)
            .map(code_label),
    );
    let (first, latest) = (
        refused.iter().map(|h| h.start).min()?,
        refused.iter().map(|h| end(h)).max()?,
    );
    let n = refused.len();
    let said = format!(
        "After the last rejection ({at}) no request from {} was rejected for its binding: \
         {n} later mrsproxy handshake{s} ({} to {}) ended in {} instead, the credentials \
         refused (see credentials-rejected). Whether IIS checks the binding before the \
         account is not documented, so this does not prove that Extended Protection was \
         changed; if it was changed between these attempts, check it with \
         -ShowExtendedProtection before changing it again. ",
        list(&distinct_of(
            hosts.iter().map(|h| crate::wording::client(h)),
            esc
        )),
        sentence_utc(first),
        sentence_utc(latest),
        list(&codes),
        s = if n == 1 { "" } else { "s" },
    );
    Some(Since {
        said,
        accepted: false,
        evidence: Vec::new(),
    })
}
