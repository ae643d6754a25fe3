//! The findings catalogue: rules that turn cmdlet calls, handshakes and mrsproxy requests into
//! diagnoses with evidence lines, an explanation and a remedy.
//!
//! Rule families live in sub-modules (`ep`, `auth`, `reach`, `hcw`), their fixed texts in
//! `text`. Every rule stays silent on healthy traffic and never emits a finding without evidence.
//! Ids are part of the JSON contract: `ep-hybrid-agent`, `ep-tls-offload`,
//! `ntlm-split-connection`, `credentials-rejected`, `mrs-unreachable`, `iis-no-coverage`,
//! `ntlm-v1-logon` (Security log), `ntlm-stuck-client`, `mrs-refused`, `hcw-<code>` (e.g. `hcw-HCW8078`), `hcw-phase-failed`, the HCW-only diagnoses `hcw-dns`,
//! `hcw-network-path`, `hcw-no-endpoint`, `hcw-unauthorized`, `hcw-tls`, `hcw-server-error`,
//! `hcw-method-not-allowed`, `hcw-request-too-large`, `hcw-no-mrsproxy`, `hcw-autodiscover`,
//! `hcw-agent-registration` (the Hybrid Agent's registration refused), and `hcw-error-<event id>` for uncoded `*ERROR*` entries. Findings a later run fixed carry
//! [`Finding::fixed_by`] and are listed after the open ones.

mod agentreg;
mod auth;
mod census;
mod common;
mod ep;
mod hcw;
mod hcwonly;
mod reach;
mod refusal;
mod refused;
mod repeats;
mod runs;
mod security;
mod stuck;
mod summary;
#[cfg(test)]
mod tests;
mod text;
mod workflow;

use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::correlate::CallLink;
use crate::analyze::finding::{Evidence, Finding, FindingId};
use crate::analyze::handshake::{ClientTallies, Handshake};
use crate::analyze::mrs::MrsRequest;
use crate::analyze::seclink::SecurityLink;
use crate::parse::evtx::SecurityEvent;
use crate::record::HcwEntry;
use crate::source::SourceInfo;
use std::collections::HashSet;

/// Everything the rules look at.
#[derive(Debug, Clone, Copy)]
pub struct DiagnoseInput<'a> {
    /// HCW entries of all HCW sources.
    pub hcw: &'a [HcwEntry],
    /// Cmdlet calls (indices are what [`Handshake::cmdlet`] and [`CallLink::cmdlet`] refer to).
    pub cmdlets: &'a [CmdletCall],
    /// Handshakes (at least all failed and abandoned ones).
    pub handshakes: &'a [Handshake],
    /// Requests to `/EWS/mrsproxy.svc`.
    pub mrs: &'a [MrsRequest],
    /// Output of [`crate::analyze::correlate::correlate`].
    pub links: &'a [CallLink],
    /// Mrsproxy requests seen but not kept (the collector's cap); absence claims are skipped
    /// when non-zero.
    pub mrs_dropped: u64,
    /// Per client: NTLM challenges left unanswered and handshakes completed.
    pub clients: &'a ClientTallies,
    /// Loaded sources: which IIS logs cover which time, and each source's kind.
    pub sources: &'a [SourceInfo],
    /// Windows Security events (4624/4625/4776) of the loaded `.evtx` files, by time.
    pub security: &'a [SecurityEvent],
    /// Failed handshakes linked to the Security event that says why they failed.
    pub security_links: &'a [SecurityLink],
}

impl Default for DiagnoseInput<'_> {
    fn default() -> Self {
        DiagnoseInput {
            hcw: &[],
            cmdlets: &[],
            handshakes: &[],
            mrs: &[],
            links: &[],
            mrs_dropped: 0,
            clients: &crate::analyze::handshake::NO_CLIENTS,
            sources: &[],
            security: &[],
            security_links: &[],
        }
    }
}

/// Runs every rule; open findings come first, then those a later run fixed, each most severe
/// first, then by time.
pub fn diagnose(input: &DiagnoseInput<'_>) -> Vec<Finding> {
    let census = census::Census::of(input.handshakes);
    let mut out = Vec::new();
    out.extend(ep::findings(input, &census));
    out.extend(auth::findings(input, &census));
    let iis_auth = !out.is_empty();
    out.extend(reach::findings(input));
    // `iis-no-coverage` says only that no IIS log covers the calls: it explains none of them.
    let explained = cited(out.iter().filter(|f| f.id != FindingId::IisNoCoverage));
    out.extend(hcw::findings(input));
    out.extend(agentreg::findings(input));
    let all = cited(&out);
    let (class, rest) = hcwonly::findings(input, &explained, &all, iis_auth);
    out.extend(class);
    let rest = repeats::attach(&mut out, input, rest);
    let all = cited(&out);
    out.extend(hcwonly::errors::findings(
        &rest,
        &all,
        input.hcw,
        input.sources,
    ));
    out.extend(refused::findings(input, &all));
    out.extend(security::ntlm_v1(input));
    out.extend(stuck::findings(input));
    summary::refer(&mut out, input);
    security::attach_events(&mut out, input);
    runs::mark_fixed(&mut out, input);
    out.sort_by(|a, b| {
        (a.fixed_by.is_some(), a.severity, a.time, &a.id).cmp(&(
            b.fixed_by.is_some(),
            b.severity,
            b.time,
            &b.id,
        ))
    });
    out
}

fn cited<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> HashSet<Evidence> {
    findings
        .into_iter()
        .flat_map(|f| f.evidence.iter().copied())
        .collect()
}
