//! What the server's Security log adds to the catalogue: the event that says why a handshake
//! failed becomes evidence of every finding citing that handshake (placed after its final leg),
//! its decoded reason names the precise cause of `credentials-rejected`, and successful NTLM V1
//! logons (4624 with `LmPackageName` `NTLM V1`) are a finding of their own, `ntlm-v1-logon`.

mod whose;

use super::DiagnoseInput;
use super::common::{Draft, MAX_EVIDENCE, distinct, esc, list};
use crate::analyze::finding::{Evidence, Finding, FindingId, Severity};
use crate::parse::evtx::SecurityEvent;
use std::collections::{BTreeMap, HashMap};
pub use whose::whose_log;

/// Security events quoted per finding.
const MAX_EVENTS: usize = 40;

/// `STATUS_BAD_BINDINGS`: an Extended Protection failure, not a rejected credential.
const STATUS_BAD_BINDINGS: u32 = 0xC000_035B;

/// Microsoft's article on the LAN Manager authentication level policy.
pub const LM_LEVEL_DOC: &str = "https://learn.microsoft.com/previous-versions/windows/it-pro/windows-10/security/threat-protection/security-policy-settings/network-security-lan-manager-authentication-level";
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

/// One precise cause over several handshakes.
pub struct Cause<'a> {
    /// The status that says most (the sub-status when set).
    pub code: Option<u32>,
    /// `bad password (0xC000006A)`.
    pub words: String,
    /// The linked events, one per handshake.
    pub events: Vec<&'a SecurityEvent>,
}

/// The causes the Security log gives for these handshakes, the most frequent first.
pub fn causes<'a>(input: &DiagnoseInput<'a>, handshakes: &[usize]) -> Vec<Cause<'a>> {
    let mut by_code: BTreeMap<Option<u32>, Vec<&'a SecurityEvent>> = BTreeMap::new();
    for &h in handshakes {
        if let Some(e) = linked(input, h) {
            by_code.entry(e.reason_code()).or_default().push(e);
        }
    }
    let mut out: Vec<Cause<'a>> = by_code
        .into_iter()
        .map(|(code, events)| Cause {
            code,
            words: events[0].reason_words(),
            events,
        })
        .collect();
    out.sort_by(|a, b| {
        b.events
            .len()
            .cmp(&a.events.len())
            .then(a.code.cmp(&b.code))
    });
    out
}

impl Cause<'_> {
    /// `bad password (0xC000006A) for CONTOSO\jdoe from 10.0.5.20 (2 handshakes)`.
    pub fn sentence(&self) -> String {
        let accounts = distinct(
            self.events
                .iter()
                .filter_map(|e| e.account())
                .map(|a| esc(&a)),
        );
        let from = distinct(self.events.iter().filter_map(|e| e.ip.as_deref()).map(esc));
        let mut s = self.words.clone();
        if !accounts.is_empty() {
            s.push_str(&format!(" for {}", list(&accounts)));
        }
        if !from.is_empty() {
            s.push_str(&format!(" from {}", list(&from)));
        }
        let n = self.events.len();
        s.push_str(&format!(
            " ({n} handshake{})",
            if n == 1 { "" } else { "s" }
        ));
        s
    }

    /// What to do about this cause, when the status says something precise.
    pub fn remedy(&self) -> Option<&'static str> {
        Some(match self.code? {
            0xC000_006A => {
                "The password sent is wrong: update the password stored in the client, service \
                 or migration endpoint that uses the account; after a password change every \
                 device still sending the old one fails this way (and can lock the account out)."
            }
            0xC000_0064 => {
                "No account of that name exists in the domain that checked it: correct the \
                 account name the client sends (its domain part, or the UPN)."
            }
            0xC000_006D => {
                "Unknown user name or bad password (no sub-status): check both the name and the \
                 password the client sends."
            }
            0xC000_0234 => {
                "The account is locked out: unlock it (Unlock-ADAccount) and find the client \
                 still sending an old password (its address is in the event; event 4740 on the \
                 PDC emulator names the lockout source)."
            }
            0xC000_0072 => {
                "The account is disabled: enable it (Enable-ADAccount) or give the client or \
                 service an account in use."
            }
            0xC000_0071 | 0xC000_0224 => {
                "The password has expired or must be changed: reset it (for a service account, \
                 consider a password that does not expire) and update it wherever it is stored."
            }
            0xC000_0193 => {
                "The account has expired: extend it (Set-ADAccountExpiration) or use another \
                 account."
            }
            0xC000_006E..=0xC000_0070 => {
                "An account restriction refuses this logon (logon hours, 'Log On To' \
                 workstations, blank password): relax it for this server."
            }
            0xC000_015B => {
                "The account lacks 'Access this computer from the network' on this server (or \
                 is listed in 'Deny access to this computer from the network'): check the user \
                 rights assignment."
            }
            0xC000_0133 => {
                "The clocks of the server and the domain controller differ too much: \
                 resynchronise them (w32tm /resync)."
            }
            0xC000_0418 => {
                "NTLM is blocked by the 'Network security: Restrict NTLM' policies: add an \
                 exception for this server or let the client use Kerberos."
            }
            0xC000_005E | 0xC000_018D | 0xC000_0192 => {
                "The server could not have the credentials checked by a domain controller: \
                 check its secure channel (Test-ComputerSecureChannel -Repair) and that a \
                 domain controller is reachable."
            }
            _ => return None,
        })
    }
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

/// `ntlm-v1-logon`: successful logons (4624) that used NTLM V1, by account and client.
pub fn ntlm_v1(input: &DiagnoseInput<'_>) -> Option<Finding> {
    let v1: Vec<&SecurityEvent> = input
        .security
        .iter()
        .filter(|e| e.is_ntlm_v1() && !e.is_failure())
        .collect();
    let anonymous_n = v1.iter().filter(|e| e.is_anonymous()).count();
    let v1: Vec<&SecurityEvent> = v1.into_iter().filter(|e| !e.is_anonymous()).collect();
    let (first, last) = (v1.first()?, v1.last()?);
    let mut groups: BTreeMap<(String, String, String), Vec<&SecurityEvent>> = BTreeMap::new();
    for e in &v1 {
        let key = (
            esc(&e.account().unwrap_or_else(|| "(no account)".to_string())),
            esc(e.workstation.as_deref().unwrap_or("")),
            esc(e.ip.as_deref().unwrap_or("")),
        );
        groups.entry(key).or_default().push(e);
    }
    // Said by the load's one name for the machine (`EX01`, the Security log's `EX01.contoso.com`).
    let machines = crate::source::machine_names(input.sources);
    let computers = distinct(
        v1.iter()
            .filter_map(|e| e.computer.as_deref())
            .map(|c| esc(crate::source::shown_name(&machines, c))),
    );
    let accounts = distinct(groups.keys().map(|k| k.0.clone()));
    let clients =
        distinct(
            groups
                .keys()
                .filter_map(|(_, ws, ip)| match (ws.is_empty(), ip.is_empty()) {
                    (false, false) => Some(format!("{ws} ({ip})")),
                    (false, true) => Some(ws.clone()),
                    (true, false) => Some(ip.clone()),
                    (true, true) => None,
                }),
        );
    let on = if computers.is_empty() {
        "this server".to_string()
    } else {
        list(&computers)
    };
    let n = v1.len();
    let plural = if n == 1 { "" } else { "s" };
    let mut d = Draft::new(FindingId::NtlmV1Logon, Severity::Warning);
    d.title = format!(
        "NTLM V1 accepted for {n} logon{plural} on {on}: {}",
        list(&accounts)
    );
    let mut why = format!(
        "The Security log of {on} recorded {n} successful logon{plural} (event 4624) with \
         LmPackageName NTLM V1 between {} and {}: ",
        crate::time::sentence_utc(first.time),
        crate::time::sentence_utc(last.time)
    );
    let mut whom: Vec<(usize, String)> = groups
        .iter()
        .map(|((account, ws, ip), es)| {
            let mut s = account.clone();
            match (ws.is_empty(), ip.is_empty()) {
                (false, false) => s.push_str(&format!(" from {ws} ({ip})")),
                (false, true) => s.push_str(&format!(" from {ws}")),
                (true, false) => s.push_str(&format!(" from {ip}")),
                (true, true) => {}
            }
            let last = es
                .last()
                .map(|e| crate::time::sentence_utc(e.time))
                .unwrap_or_default();
            s.push_str(&format!(" {}x, last at {last}", es.len()));
            (es.len(), s)
        })
        .collect();
    whom.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let whom: Vec<String> = whom.into_iter().map(|(_, s)| s).collect();
    why.push_str(&list(&whom));
    why.push_str(
        ". An NTLM V1 response can be cracked offline and relayed, and a server that accepts it \
         lets any client downgrade; these clients send it because their LAN Manager \
         authentication level allows it (or they are too old for NTLMv2).",
    );
    if anonymous_n > 0 {
        let left_out = if anonymous_n == 1 {
            "1 anonymous logon logged as NTLM V1 is left out: it carries no password.".to_string()
        } else {
            format!(
                "{anonymous_n} anonymous logons logged as NTLM V1 are left out: they carry no \
                 password."
            )
        };
        why.push(' ');
        why.push_str(&left_out);
    }
    d.explanation = why;
    let targets = if clients.is_empty() {
        "the clients these events name".to_string()
    } else {
        list(&clients)
    };
    d.remedy = format!(
        "1. On {targets}: set \"Network security: LAN Manager authentication level\" to \"Send \
         NTLMv2 response only\" (LmCompatibilityLevel 3) or higher, or replace the software or \
         device that cannot use NTLMv2. Check the current value with:\n   \
         Get-ItemProperty HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa -Name LmCompatibilityLevel\n\
         2. Before refusing NTLM V1, find every client still using it: 4624 events with \
         LmPackageName NTLM V1 on {on} and on the domain controllers.\n\
         3. Then set the policy to \"Send NTLMv2 response only. Refuse LM & NTLM\" \
         (LmCompatibilityLevel 5) by Group Policy on the domain controllers (they check domain \
         accounts) and on {on}."
    );
    for e in v1.iter().take(MAX_EVENTS) {
        d.evidence.push(evidence(e));
        d.at(e.time, e.source);
    }
    d.references = vec![LM_LEVEL_DOC];
    d.build()
}
