//! The precise causes the Security log gives for failed handshakes: their linked events grouped
//! by the status that says most, each in words (`bad password (0xC000006A) for … from …`) and,
//! where the status is precise, what to do about it.

use super::super::DiagnoseInput;
use super::super::common::{distinct, esc, list};
use super::linked;
use crate::parse::evtx::SecurityEvent;
use std::collections::BTreeMap;

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
