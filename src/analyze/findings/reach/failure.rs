//! Which failed calls `mrs-unreachable` is about: those whose error says the endpoint could
//! not be reached or answered with a server error, except an untrusted TLS certificate, which
//! ends before any request is sent and is `hcw-tls`'s.

use super::super::DiagnoseInput;
use crate::analyze::cmdlet::{CauseKind, CmdletCall, cause_of};

/// Whether the error says the endpoint could not be reached or answered with a server error.
pub fn is_connectivity_failure(call: &CmdletCall) -> bool {
    let mut text = call.error.clone().unwrap_or_default();
    for u in &call.urls {
        text.push(' ');
        text.push_str(u);
    }
    says_unreachable(&text)
}

/// Whether an error text says the endpoint could not be reached or answered with a server
/// error (5xx), the text of [`is_connectivity_failure`].
pub fn says_unreachable(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    const MARKERS: &[&str] = &[
        "timed out",
        "timeout",
        "gateway",
        "service unavailable",
        "unable to connect",
        "no connection could be made",
        "actively refused",
        "could not be resolved",
        "no such host",
        "name or service not known",
        "unreachable",
        "connection was closed",
        "underlying connection was closed",
    ];
    MARKERS.iter().any(|m| t.contains(m)) || has_5xx(&t)
}

fn has_5xx(t: &str) -> bool {
    t.as_bytes().windows(5).any(|w| {
        w[0] == b'('
            && w[1] == b'5'
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
            && w[4] == b')'
    })
}

/// Whether the call's error is classed as an untrusted TLS certificate (as `hcw-tls` classes
/// it, from its FINISH entry).
pub(super) fn tls_refused(input: &DiagnoseInput<'_>, call: &CmdletCall) -> bool {
    let Some(line) = call.finish_line else {
        return false;
    };
    input
        .hcw
        .iter()
        .find(|e| e.source == call.source && e.line == line)
        .and_then(cause_of)
        .is_some_and(|c| c.kind == CauseKind::TlsTrust)
}
