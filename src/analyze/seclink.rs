//! Linking a failed IIS handshake to the Security event that says why it failed: a 4625 or a
//! failed 4776 within a couple of seconds, for the same user (`DOMAIN\user` or UPN,
//! case-insensitive) and, when both sides logged it, the same client address.
//!
//! Time alone is too weak (a busy server rejects many logons a second), so a link needs the
//! user or the address to agree (the client's, or behind a device that names it in
//! X-Forwarded-For, the device's), and neither may disagree; and the event must be a network
//! logon (type 3, as IIS logs NTLM over HTTP) or a 4776, which logs no type.
//!
//! A 4625 is written by the machine the logon was tried on (for a split handshake, the server
//! of its final leg), so it explains only a handshake of that machine's IIS log (`EX01` is
//! `ex01.contoso.com`; a server known only by its address or by the folder its log was copied
//! into is not compared): the same user failing on another server in the same second is
//! another logon. A 4776 is written by whoever checked the password, for a domain account a
//! domain controller, so it may come from another machine. Each event explains at most one
//! handshake.

use crate::analyze::handshake::{Handshake, HandshakeOutcome};
use crate::parse::evtx::{SecurityEvent, SecurityEventKind};
use serde::Serialize;

/// How far apart (ms) a handshake's final leg and the event may be.
pub const LINK_WINDOW_MS: i64 = 2_000;

/// A failed handshake and the Security event that explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SecurityLink {
    /// Index into the handshakes.
    pub handshake: usize,
    /// Index into the Security events.
    pub event: usize,
    /// Event time minus the handshake's final leg, in ms.
    pub delta_ms: i64,
}

/// Links failed handshakes to matching failure events (events sorted by time), one to one:
/// each failed logon writes its own event, so an event explains at most one handshake. The
/// closest pairs are linked first; closeness is measured to the second IIS logged the final
/// leg in (IIS writes whole seconds at the end of a request, so an event at `:36.686` is in
/// the request logged `:36`, not the one logged `:37`).
pub fn link_failures(
    handshakes: &[Handshake],
    events: &[SecurityEvent],
    window_ms: i64,
) -> Vec<SecurityLink> {
    if events.is_empty() {
        return Vec::new();
    }
    // (distance to the leg's second, |delta|, handshake, event, delta) of every matching pair.
    let mut pairs: Vec<(i64, i64, usize, usize, i64)> = Vec::new();
    for (hi, h) in handshakes.iter().enumerate() {
        if h.outcome != HandshakeOutcome::Failed {
            continue;
        }
        let at = h.final_leg().map_or(h.start, |l| l.ts);
        let user = h
            .legs
            .iter()
            .rev()
            .map(|l| l.user.as_str())
            .find(|u| !u.is_empty());
        // The logon failed where the final leg was logged (a split handshake's other server).
        let final_server = h.split.as_deref().unwrap_or(&h.server);
        let from = events.partition_point(|e| e.time.0 < at.0.saturating_sub(window_ms));
        let matching = events[from..]
            .iter()
            .enumerate()
            .take_while(|(_, e)| e.time.0 <= at.0.saturating_add(window_ms))
            .filter(|(_, e)| {
                e.is_failure()
                    && over_network(e)
                    && on_that_machine(final_server, e)
                    && agrees(user, &h.client, h.via.as_deref(), e)
            });
        for (i, e) in matching {
            let delta = e.time.0 - at.0;
            pairs.push((
                outside_second(at.0, e.time.0),
                delta.abs(),
                hi,
                from + i,
                delta,
            ));
        }
    }
    pairs.sort_unstable();
    let mut linked_h = vec![false; handshakes.len()];
    let mut linked_e = vec![false; events.len()];
    let mut links = Vec::new();
    for (_, _, hi, ei, delta_ms) in pairs {
        if linked_h[hi] || linked_e[ei] {
            continue;
        }
        linked_h[hi] = true;
        linked_e[ei] = true;
        links.push(SecurityLink {
            handshake: hi,
            event: ei,
            delta_ms,
        });
    }
    links.sort_unstable_by_key(|l| l.handshake);
    links
}

/// How far (ms) `event` lies outside the second a leg logged at `leg` covers: a time on a whole
/// second (IIS's resolution) stands for that second up to `.999`; a finer time for itself.
fn outside_second(leg: i64, event: i64) -> i64 {
    let end = if leg.rem_euclid(1000) == 0 {
        leg + 999
    } else {
        leg
    };
    if event < leg {
        leg - event
    } else {
        (event - end).max(0)
    }
}

/// Whether the event can be an HTTP request's logon: IIS authenticates NTLM and Negotiate as a
/// network logon (type 3); 4776 logs no type. An interactive or RDP logon (2, 10 …) is someone
/// else's, however close in time.
fn over_network(e: &SecurityEvent) -> bool {
    matches!(e.logon_type, None | Some(3))
}

/// Whether the event can have been written by the server whose IIS logged the handshake: a
/// 4625 only by that machine, when both name one; a 4776 by any (a domain controller).
fn on_that_machine(server: &str, e: &SecurityEvent) -> bool {
    if e.kind != SecurityEventKind::LogonFailure {
        return true;
    }
    match e.computer.as_deref() {
        Some(computer) if named(server) && named(computer) => {
            crate::source::same_machine(server, computer)
        }
        _ => true,
    }
}

/// Whether a Security log written by `machine` is another machine's than every server in
/// `servers` (the IIS logs loaded): then none of its 4625s can explain their handshakes.
/// False when a name is unknown (an address, nothing) or when there are no servers.
pub fn another_machine(machine: &str, servers: &[&str]) -> bool {
    named(machine)
        && !servers.is_empty()
        && servers
            .iter()
            .all(|s| named(s) && !crate::source::same_machine(s, machine))
}

/// Whether a server label names a machine as a log wrote it (`EX01`, `ex01.contoso.com`): not
/// an address, nothing, or a folder label (`iislogs/W3SVC1`: the folder a log was copied
/// into, a guess that may name no machine at all).
fn named(label: &str) -> bool {
    let name = label.trim();
    !name.is_empty()
        && name != "-"
        && name.parse::<std::net::IpAddr>().is_err()
        && !crate::read::is_folder_label(name)
}

/// Whether the user and the address do not disagree and at least one of them agrees. The
/// server's Security log sees the connection: behind a device that names the client in
/// X-Forwarded-For, that device's address (`via`) is as good as the client's.
fn agrees(user: Option<&str>, client: &str, via: Option<&str>, e: &SecurityEvent) -> bool {
    let by_user = user.and_then(|u| same_user(u, e));
    let by_addr =
        e.ip.as_deref()
            .filter(|_| !client.is_empty())
            .map(|ip| same_address(ip, client) || via.is_some_and(|v| same_address(ip, v)));
    by_user != Some(false)
        && by_addr != Some(false)
        && (by_user == Some(true) || by_addr == Some(true))
}

/// Whether the account IIS logged is the event's: the names equal and the domains do not
/// differ, a NetBIOS domain against a DNS one or a UPN suffix being no difference. The event
/// names the account as the client sent it: `DOMAIN\user` as `TargetDomainName` and
/// `TargetUserName`, a UPN as the whole `TargetUserName`. A UPN's name part need not be the
/// account name (`alice.smith@contoso.com` is `CONTOSO\asmith`), so a UPN against the other
/// form with another name says nothing (`None`).
fn same_user(iis: &str, e: &SecurityEvent) -> Option<bool> {
    let logged = e.user.as_deref()?;
    let (d1, u1) = split_account(iis);
    let (d2, u2) = match split_account(logged) {
        (Some(d), u) => (Some(d), u),
        (None, u) => (e.domain.as_deref(), u),
    };
    if !u1.eq_ignore_ascii_case(u2) {
        let upn = |a: &str| !a.contains('\\') && a.contains('@');
        return (upn(iis) == upn(logged)).then_some(false);
    }
    Some(match (d1, d2) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b) || a.contains('.') || b.contains('.'),
        _ => true,
    })
}

/// `DOMAIN\user` → (`DOMAIN`, `user`); `user@contoso.com` → (`contoso.com`, `user`).
pub fn split_account(account: &str) -> (Option<&str>, &str) {
    if let Some((d, u)) = account.split_once('\\') {
        return (Some(d), u);
    }
    match account.rsplit_once('@') {
        Some((u, d)) => (Some(d), u),
        None => (None, account),
    }
}

/// Addresses equal once IPv4-mapped IPv6 prefixes, zone suffixes and brackets are removed.
pub fn same_address(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> &str {
        let s = s.trim().trim_start_matches('[').trim_end_matches(']');
        let s = s.split('%').next().unwrap_or(s);
        s.strip_prefix("::ffff:")
            .or_else(|| s.strip_prefix("::FFFF:"))
            .unwrap_or(s)
    }
    norm(a).eq_ignore_ascii_case(norm(b))
}

#[cfg(test)]
mod tests;
