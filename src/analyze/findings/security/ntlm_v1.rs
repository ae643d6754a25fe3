//! `ntlm-v1-logon`: successful logons (4624 with `LmPackageName` `NTLM V1`) found in the
//! Security log, grouped by account and client, with how to move those clients to NTLMv2.

use super::super::DiagnoseInput;
use super::super::common::{Draft, distinct, esc, list};
use super::evidence;
use crate::analyze::finding::{Finding, FindingId, Severity};
use crate::parse::evtx::SecurityEvent;
use std::collections::BTreeMap;

/// Security events quoted per finding.
const MAX_EVENTS: usize = 40;

/// Microsoft's article on the LAN Manager authentication level policy.
pub const LM_LEVEL_DOC: &str = "https://learn.microsoft.com/previous-versions/windows/it-pro/windows-10/security/threat-protection/security-policy-settings/network-security-lan-manager-authentication-level";

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
