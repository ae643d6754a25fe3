//! Links HCW cmdlet calls that make Exchange Online call back into on-premises Exchange
//! (`Test-MigrationServerAvailability`, migration endpoints, moves) to the IIS side: the
//! handshakes during the call ([`attribute`], the one definition every view uses) and the
//! mrsproxy requests near it (for the reachability diagnosis).
//!
//! A call's window is START..FINISH (or START + `Time=`, or START + 60 s when it never finished).
//! Handshakes are attributed within [`ATTRIBUTION_TOLERANCE_MS`] of it; mrsproxy requests are
//! looked for within a wider tolerance, because "nothing arrived" must not be concluded from a
//! few seconds of clock drift.

mod attribute;
#[cfg(test)]
pub(crate) mod testcalls;
#[cfg(test)]
mod tests;

pub use attribute::{
    ATTRIBUTION_TOLERANCE_MS, Attribution, attribute, attribution_window, handshake_start,
};

use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::handshake::Handshake;
use crate::analyze::mrs::MrsRequest;
use crate::time::UtcMs;
use serde::Serialize;

/// Tolerance around a call window when looking for its mrsproxy requests, in ms.
pub const DEFAULT_TOLERANCE_MS: i64 = 30_000;
/// Assumed length of a call that has no FINISH, in ms.
pub const UNFINISHED_MS: i64 = 60_000;

/// Cmdlets run in the tenant session that make Exchange Online connect to `/EWS/mrsproxy.svc`.
const MRS_CMDLETS: &[&str] = &[
    "Test-MigrationServerAvailability",
    "New-MigrationEndpoint",
    "Set-MigrationEndpoint",
    "New-MoveRequest",
    "New-MigrationBatch",
    "Start-MigrationBatch",
];

/// The IIS side of one cmdlet call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallLink {
    /// Index of the call in the cmdlet slice.
    pub cmdlet: usize,
    /// Start of the window searched for mrsproxy requests, tolerance included (UTC).
    pub from: UtcMs,
    /// End of that window, tolerance included (UTC).
    pub to: UtcMs,
    /// Indices into the mrs slice of requests completed inside the window, in time order.
    pub mrs: Vec<usize>,
}

/// Whether a call makes Exchange Online connect to the on-premises MRS proxy endpoint.
pub fn reaches_mrs(call: &CmdletCall) -> bool {
    let tenant_side = call
        .session
        .as_deref()
        .is_none_or(|s| !s.eq_ignore_ascii_case("OnPremises"));
    tenant_side
        && MRS_CMDLETS
            .iter()
            .any(|n| n.eq_ignore_ascii_case(&call.name))
}

/// Cmdlets run in the tenant session that make Exchange Online call on-premises servers on
/// another path than the MRS proxy (Autodiscover for federation information, an OAuth test of
/// an on-premises URL): their requests can reach the on-premises IIS.
const ONLINE_CALLS_ON_PREMISES: &[&str] = &["Get-FederationInformation", "Test-OAuthConnectivity"];

/// Whether the log says a call ran in Exchange Online's session (`Session=Tenant`) and it is
/// none that makes Exchange Online call on-premises: no request of it reaches the on-premises
/// IIS, so none is to be looked for there.
pub fn stays_in_online(call: &CmdletCall) -> bool {
    call.session
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("Tenant"))
        && !reaches_mrs(call)
        && !ONLINE_CALLS_ON_PREMISES
            .iter()
            .any(|n| n.eq_ignore_ascii_case(&call.name))
}

/// The call's own window (no tolerance): START to FINISH, START + duration, or START + 60 s.
pub fn call_window(call: &CmdletCall) -> (UtcMs, UtcMs) {
    let end = call
        .end
        .or_else(|| {
            call.duration_ms
                .filter(|d| d.is_finite() && *d >= 0.0)
                .map(|d| call.start.plus_ms(d.round() as i64))
        })
        .unwrap_or_else(|| call.start.plus_ms(UNFINISHED_MS));
    (call.start, end.max(call.start))
}

/// Whether a handshake is on a path Exchange Online uses when it calls back (EWS, Autodiscover).
pub fn is_callback_uri(uri: &str) -> bool {
    starts_with_ci(uri, "/ews/") || starts_with_ci(uri, "/autodiscover/")
}

pub(crate) fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Links MRS-reaching calls to the mrsproxy requests within `tolerance_ms` of their window, and
/// sets [`Handshake::cmdlet`] from [`attribute`] on the logs' own clocks (cleared elsewhere).
pub fn correlate(
    cmdlets: &[CmdletCall],
    handshakes: &mut [Handshake],
    mrs: &[MrsRequest],
    tolerance_ms: i64,
) -> Vec<CallLink> {
    let attribution = attribute(cmdlets, handshakes, &|_| 0);
    // The attributed handshakes are few and by number: walk them beside the list, and write
    // only what changes (a large list stays clean in the cache).
    let mut calls = attribution.by_handshake().iter().peekable();
    for (i, h) in handshakes.iter_mut().enumerate() {
        let call = calls
            .next_if(|&&(x, _)| x as usize == i)
            .and_then(|&(_, c)| crate::analyze::handshake::CallIx::new(c));
        if h.cmdlet != call {
            h.cmdlet = call;
        }
    }
    let tol = tolerance_ms.max(0);
    let mut mrs_by_time: Vec<(UtcMs, usize)> =
        mrs.iter().enumerate().map(|(i, r)| (r.ts, i)).collect();
    mrs_by_time.sort_unstable();
    cmdlets
        .iter()
        .enumerate()
        .filter(|(_, c)| reaches_mrs(c))
        .map(|(ci, call)| {
            let (start, end) = call_window(call);
            let (from, to) = (start.plus_ms(-tol), end.plus_ms(tol));
            CallLink {
                cmdlet: ci,
                from,
                to,
                mrs: in_range(&mrs_by_time, from, to),
            }
        })
        .collect()
}

fn in_range(sorted: &[(UtcMs, usize)], from: UtcMs, to: UtcMs) -> Vec<usize> {
    let lo = sorted.partition_point(|(t, _)| *t < from);
    let hi = sorted.partition_point(|(t, _)| *t <= to);
    sorted[lo..hi.max(lo)].iter().map(|&(_, i)| i).collect()
}
