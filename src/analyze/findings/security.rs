//! What the server's Security log adds to the catalogue: the event that says why a handshake
//! failed becomes evidence of every finding citing that handshake (placed after its final leg),
//! its decoded reason names the precise cause of `credentials-rejected`, and successful NTLM V1
//! logons (4624 with `LmPackageName` `NTLM V1`) are a finding of their own, `ntlm-v1-logon`.

mod cause;
mod ntlm_v1;
mod whose;

use super::DiagnoseInput;
use super::common::{MAX_EVIDENCE, distinct, list};
use crate::analyze::finding::{Evidence, Finding};
use crate::parse::evtx::SecurityEvent;
pub use cause::{Cause, causes};
pub use ntlm_v1::ntlm_v1;
use std::collections::HashMap;
pub use whose::whose_log;

/// `STATUS_BAD_BINDINGS`: an Extended Protection failure, not a rejected credential.
const STATUS_BAD_BINDINGS: u32 = 0xC000_035B;

/// The 4625 event reference (status and sub-status values).
pub const EVENT_4625_DOC: &str = "https://learn.microsoft.com/previous-versions/windows/it-pro/windows-10/security/threat-protection/auditing/event-4625";

/// The evidence line of an event.
pub fn evidence(e: &SecurityEvent) -> Evidence {
    Evidence {
        source: e.source,
        line: e.line,
    }
}

/// The event linked to handshake `h` (its index in `input.handshakes`).
pub fn linked<'a>(input: &DiagnoseInput<'a>, h: usize) -> Option<&'a SecurityEvent> {
    let l = input.security_links.iter().find(|l| l.handshake == h)?;
    input.security.get(l.event)
}

/// Whether the event linked to handshake `h` says the server rejected the credentials (any
/// logon failure except a channel-binding mismatch, which is Extended Protection's).
pub fn rejected_by_event(input: &DiagnoseInput<'_>, h: usize) -> bool {
    linked(input, h).is_some_and(|e| e.reason_code() != Some(STATUS_BAD_BINDINGS))
}

/// Failure events (4625, failed 4776) for `account` while `call` ran (with the link window's
/// slack either side), by time. The account must agree (`DOMAIN\user` or UPN, case-insensitive):
/// time alone says nothing on a busy server.
pub fn during_call<'a>(
    input: &DiagnoseInput<'a>,
    call: &crate::analyze::cmdlet::CmdletCall,
    account: &str,
) -> Vec<&'a SecurityEvent> {
    use crate::analyze::seclink::LINK_WINDOW_MS;
    use crate::analyze::seclink::split_account;
    let from = call.start.0.saturating_sub(LINK_WINDOW_MS);
    let to = call
        .end
        .unwrap_or(call.start)
        .0
        .saturating_add(LINK_WINDOW_MS);
    let (domain, user) = split_account(account.trim());
    let first = input.security.partition_point(|e| e.time.0 < from);
    input.security[first..]
        .iter()
        .take_while(|e| e.time.0 <= to)
        .filter(|e| e.is_failure())
        .filter(|e| {
            e.user
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(user))
                && match (domain, e.domain.as_deref()) {
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b) || a.contains('.'),
                    _ => true,
                }
        })
        .collect()
}

/// Puts the linked event after the final leg of each handshake a finding cites, and, where
/// the rule did not already quote the Security log, says what the events recorded.
pub fn attach_events(findings: &mut [Finding], input: &DiagnoseInput<'_>) {
    // Per final leg, its event and the server whose IIS logged that leg.
    let mut after: HashMap<Evidence, (&SecurityEvent, &str)> = HashMap::new();
    for l in input.security_links {
        let (Some(h), Some(e)) = (
            input.handshakes.get(l.handshake),
            input.security.get(l.event),
        ) else {
            continue;
        };
        if let Some(leg) = h.legs.last() {
            after.insert(
                Evidence {
                    source: leg.source,
                    line: u64::from(leg.line),
                },
                (e, h.split.as_deref().unwrap_or(&h.server)),
            );
        }
    }
    if after.is_empty() {
        return;
    }
    for f in findings.iter_mut() {
        let mut out = Vec::with_capacity(f.evidence.len());
        let mut events: Vec<&SecurityEvent> = Vec::new();
        let mut servers: Vec<&str> = Vec::new();
        for &ev in &f.evidence {
            out.push(ev);
            if let Some(&(e, server)) = after.get(&ev) {
                let own = evidence(e);
                if !f.evidence.contains(&own) && !out.contains(&own) {
                    out.push(own);
                    events.push(e);
                    servers.push(server);
                }
            }
        }
        if events.is_empty() {
            continue;
        }
        out.truncate(MAX_EVIDENCE);
        f.evidence = out;
        if !f.explanation.contains("Security log") {
            let said = distinct(events.iter().map(|e| e.describe()));
            f.explanation.push_str(&format!(
                " {} recorded: {}.",
                whose_log(&events, &servers),
                list(&said)
            ));
        }
    }
}
