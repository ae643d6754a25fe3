//! The redactor for one loaded analysis, the same for `Y`, `W` and `report --redact`: it knows
//! the organisation's names before it sees a ticket, and has numbered them in one fixed order,
//! so a finding redacts to the same text wherever it is copied or written.
//!
//! Learned from the logs: server names (`s-computername`, the folder label a source was given,
//! the servers the HCW log names in FQDNs, `Name='…'`/`Fqdn='…'`), accepted and tenant domains,
//! published names, NetBIOS domains (`CONTOSO\user`), bare account names IIS logged and the
//! accounts and workstations of failed or NTLM V1 Security events. Then
//! every HCW entry, finding and failed call is run through the redactor once, in log order, so
//! every value in them already has its number.

use super::{Kind, Redactor};
use crate::export::{evidence_text, hcw_entry_text, whole_error};
use crate::pipeline::Analysis;
use std::collections::HashSet;

/// Bare account names shorter than this are not seeded: `svc` would also hide `.svc`.
const MIN_USER: usize = 4;
/// Most bare account names seeded.
const MAX_USERS: usize = 10_000;

/// The redactor for `a`; clone it for each text that leaves the machine.
pub fn for_analysis(a: &Analysis) -> Redactor {
    let mut r = Redactor::new();
    for s in &a.sources {
        let host = s.server.split(['/', '\\']).next().unwrap_or("");
        // A label made from the file's own name (`20220219_032402` for a .boot file) is no
        // server; a folder label may well be one, and hiding it costs nothing.
        let stem = s.path.file_stem().map(|f| f.to_string_lossy());
        let from_file = stem.is_some_and(|f| f.eq_ignore_ascii_case(host));
        if !from_file && host.chars().any(char::is_alphabetic) {
            r.seed(Kind::Host, host);
        }
    }
    for name in hcw_names(a) {
        r.seed(Kind::Host, &name);
    }
    // One pass over all entries: the learned terms are compiled once, not once per entry.
    let hcw: Vec<String> = a.hcw.iter().map(hcw_entry_text).collect();
    r.redact(&hcw.join("\n"));
    let mut users: HashSet<&str> = HashSet::new();
    let legs = a
        .handshakes
        .iter()
        .flat_map(|h| h.legs.iter().map(|l| l.user.as_str()));
    for user in legs.chain(a.mrs.iter().map(|m| m.user.as_str())) {
        let user = user.trim();
        if users.len() < MAX_USERS
            && !user.contains(['\\', '@', '/'])
            && user.chars().count() >= MIN_USER
            && users.insert(user)
        {
            r.seed(Kind::User, user);
        }
    }
    // Security events the report and the findings quote: their bare accounts and workstations.
    for e in a
        .security
        .events
        .iter()
        .filter(|e| e.is_failure() || e.is_ntlm_v1())
    {
        let user = e.user.as_deref().unwrap_or("").trim();
        if !user.contains(' ')
            && user.chars().count() >= MIN_USER
            && super::accounts::is_learnable_user(user)
        {
            r.seed(Kind::User, user);
        }
        if let Some(w) = e.workstation.as_deref()
            && w.chars().any(char::is_alphabetic)
        {
            r.seed(Kind::Host, w);
        }
    }
    let mut texts: Vec<String> = Vec::new();
    for f in &a.findings {
        texts.extend([f.title.clone(), f.explanation.clone(), f.remedy.clone()]);
        texts.extend(f.evidence.iter().filter_map(|&ev| evidence_text(a, ev)));
    }
    for c in &a.cmdlets {
        texts.push(c.command.clone());
        texts.extend(whole_error(a, c));
    }
    r.redact(&texts.join("\n"));
    r
}

/// Single-label server names the HCW log gives as `Name='EX01'` or `Identity='EX01'` of an
/// `ExchangeServer` object, or as the first label of its `Fqdn='EX01.contoso.com'`.
fn hcw_names(a: &Analysis) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in &a.hcw {
        for line in e.body.lines().chain(std::iter::once(e.message.as_str())) {
            if !line.contains("ExchangeServer {") {
                continue;
            }
            for key in ["Name='", "Identity='", "Fqdn='"] {
                for (at, _) in line.match_indices(key) {
                    let before = line[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric()) {
                        continue;
                    }
                    let rest = &line[at + key.len()..];
                    let value = rest.split('\'').next().unwrap_or("");
                    let label = value.split('.').next().unwrap_or("").trim();
                    let plain = label
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
                    if plain && label.chars().count() >= 2 && !out.iter().any(|o| o == label) {
                        out.push(label.to_string());
                    }
                }
            }
        }
    }
    out
}
