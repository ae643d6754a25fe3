//! The findings catalogue: rules that turn cmdlet calls, handshakes and mrsproxy requests into
//! diagnoses with evidence lines, an explanation and a remedy.
//!
//! Rule families live in sub-modules (`ep`, `auth`, `reach`, `hcw`), their fixed texts in
//! `text`. Every rule stays silent on healthy traffic and never emits a finding without evidence.
//! Ids are part of the JSON contract: `ep-hybrid-agent`, `ep-tls-offload`,
//! `ntlm-split-connection`, `credentials-rejected`, `mrs-unreachable`, `iis-no-coverage`,
//! `hcw-<code>` (e.g. `hcw-HCW8078`) and `hcw-phase-failed`.

mod auth;
mod common;
mod ep;
mod hcw;
mod reach;
#[cfg(test)]
mod tests;
mod text;

use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::correlate::CallLink;
use crate::analyze::finding::Finding;
use crate::analyze::handshake::Handshake;
use crate::analyze::mrs::MrsRequest;
use crate::record::HcwEntry;
use crate::source::SourceInfo;

/// Everything the rules look at.
#[derive(Debug, Clone, Copy, Default)]
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
    /// Loaded sources: which IIS logs cover which time, and each source's kind.
    pub sources: &'a [SourceInfo],
}

/// Runs every rule; findings come back most severe first, then by time.
pub fn diagnose(input: &DiagnoseInput<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(ep::findings(input));
    out.extend(auth::findings(input));
    out.extend(reach::findings(input));
    out.extend(hcw::findings(input));
    out.sort_by(|a, b| (a.severity, a.time, &a.id).cmp(&(b.severity, b.time, &b.id)));
    out
}
