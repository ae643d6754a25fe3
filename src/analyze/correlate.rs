//! Links HCW cmdlet calls that make Exchange Online call back into on-premises Exchange
//! (`Test-MigrationServerAvailability`, migration endpoints, moves) to the IIS mrsproxy requests
//! and EWS / Autodiscover handshakes inside their time window.
//!
//! A call's window is START..FINISH (or START + `Time=`, or START + 60 s when it never finished),
//! widened by a tolerance for clock skew between the HCW machine and the Exchange servers.

#[cfg(test)]
pub(crate) mod testcalls;
#[cfg(test)]
mod tests;

use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::handshake::Handshake;
use crate::analyze::mrs::MrsRequest;
use crate::time::UtcMs;
use serde::Serialize;

/// Default tolerance around a call window, in ms.
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
    /// Window start, tolerance included (UTC).
    pub from: UtcMs,
    /// Window end, tolerance included (UTC).
    pub to: UtcMs,
    /// Indices into the mrs slice of requests completed inside the window, in time order.
    pub mrs: Vec<usize>,
    /// Indices into the handshake slice of EWS / Autodiscover handshakes that started inside the
    /// window, in time order (a handshake can appear in several overlapping links; its
    /// [`Handshake::cmdlet`] names the closest call).
    pub handshakes: Vec<usize>,
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

/// Links MRS-reaching calls to mrsproxy requests and EWS handshakes within `tolerance_ms` of
/// their window, and sets [`Handshake::cmdlet`] to the closest such call (cleared elsewhere).
pub fn correlate(
    cmdlets: &[CmdletCall],
    handshakes: &mut [Handshake],
    mrs: &[MrsRequest],
    tolerance_ms: i64,
) -> Vec<CallLink> {
    let tol = tolerance_ms.max(0);
    let mut mrs_by_time: Vec<(UtcMs, usize)> =
        mrs.iter().enumerate().map(|(i, r)| (r.ts, i)).collect();
    mrs_by_time.sort_unstable();
    let mut hs_by_time: Vec<(UtcMs, usize)> = handshakes
        .iter()
        .enumerate()
        .filter(|(_, h)| is_callback_uri(&h.uri))
        .map(|(i, h)| (h.start, i))
        .collect();
    hs_by_time.sort_unstable();

    let mut best: Vec<Option<(i64, std::cmp::Reverse<UtcMs>, usize)>> =
        vec![None; handshakes.len()];
    let mut links = Vec::new();
    for (ci, call) in cmdlets.iter().enumerate().filter(|(_, c)| reaches_mrs(c)) {
        let (start, end) = call_window(call);
        let (from, to) = (start.plus_ms(-tol), end.plus_ms(tol));
        let link_mrs = in_range(&mrs_by_time, from, to);
        let link_hs = in_range(&hs_by_time, from, to);
        for &h in &link_hs {
            let at = handshakes[h].start;
            let distance = if at < start {
                start.0.saturating_sub(at.0)
            } else if at > end {
                at.0.saturating_sub(end.0)
            } else {
                0
            };
            let candidate = (distance, std::cmp::Reverse(start), ci);
            if best[h].is_none_or(|b| candidate < b) {
                best[h] = Some(candidate);
            }
        }
        links.push(CallLink {
            cmdlet: ci,
            from,
            to,
            mrs: link_mrs,
            handshakes: link_hs,
        });
    }
    for (h, b) in handshakes.iter_mut().zip(best) {
        h.cmdlet = b.map(|(_, _, ci)| ci);
    }
    links
}

fn in_range(sorted: &[(UtcMs, usize)], from: UtcMs, to: UtcMs) -> Vec<usize> {
    let lo = sorted.partition_point(|(t, _)| *t < from);
    let hi = sorted.partition_point(|(t, _)| *t <= to);
    sorted[lo..hi.max(lo)].iter().map(|&(_, i)| i).collect()
}
