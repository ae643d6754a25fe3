//! Whose Security log a finding quotes. A 4625 is written by the machine the logon was tried
//! on; a 4776 by the machine that checked the password, for a domain account a domain
//! controller. "The server's Security log" is said only when the events were written by the
//! server whose IIS logged the handshakes (or name no machine); otherwise the log is named by
//! its machine.

use super::super::common::{distinct, esc, list};
use crate::parse::evtx::{SecurityEvent, SecurityEventKind};
use crate::source::same_machine;

/// `The server's Security log`, or `The Security log of DC01 (…)` when `events` were written
/// by machines other than `servers` (the IIS servers of the handshakes, or the Exchange
/// servers the HCW log names).
pub fn whose_log(events: &[&SecurityEvent], servers: &[&str]) -> String {
    let elsewhere: Vec<&SecurityEvent> = events
        .iter()
        .copied()
        .filter(|e| {
            e.computer
                .as_deref()
                .is_some_and(|c| !servers.iter().any(|s| same_machine(s, c)))
        })
        .collect();
    if elsewhere.is_empty() {
        return "The server's Security log".to_string();
    }
    let machines = distinct(
        elsewhere
            .iter()
            .filter_map(|e| e.computer.as_deref().map(esc)),
    );
    let checked = elsewhere
        .iter()
        .all(|e| e.kind == SecurityEventKind::CredentialValidation);
    let plural = machines.len() > 1;
    let note = if checked {
        format!(
            " (a 4776 is written by the machine that checked the password: for a domain \
             account, a domain controller{})",
            if plural {
                ""
            } else {
                ", not the Exchange server"
            }
        )
    } else {
        String::new()
    };
    format!("The Security log of {}{note}", list(&machines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::UtcMs;

    fn event(kind: SecurityEventKind, computer: &str) -> SecurityEvent {
        SecurityEvent {
            kind,
            record_id: 1,
            time: UtcMs(0),
            computer: Some(computer.to_string()),
            user: None,
            domain: None,
            logon_type: None,
            auth_package: None,
            lm_package: None,
            workstation: None,
            ip: None,
            port: None,
            status: None,
            sub_status: None,
            source: crate::source::SourceId(0),
            line: 1,
        }
    }

    #[test]
    fn the_server_s_own_log_is_the_server_s_and_another_machine_s_is_named() {
        let own = event(SecurityEventKind::LogonFailure, "EX01.contoso.com");
        assert_eq!(whose_log(&[&own], &["EX01"]), "The server's Security log");
        let dc = event(SecurityEventKind::CredentialValidation, "DC01.contoso.com");
        let said = whose_log(&[&dc], &["EX01"]);
        assert!(
            said.starts_with("The Security log of DC01.contoso.com ("),
            "{said}"
        );
        assert!(said.contains("domain controller"), "{said}");
    }
}
