//! Helpers shared by the rule families: building findings with evidence, facts about calls and
//! handshakes, and wording.

mod labels;

#[cfg(test)]
pub use labels::server_name;
pub use labels::{display_site, iis_on, is_ews, named_servers, vdir};

use super::DiagnoseInput;
use crate::analyze::cmdlet::{CmdletCall, CmdletOutcome};
use crate::analyze::correlate::reaches_mrs;
use crate::analyze::finding::{Evidence, Finding, FindingId, Severity};
use crate::analyze::handshake::Handshake;
use crate::analyze::names::OrgNames;
use crate::escape::escape_control;
use crate::record::HcwEntry;
use crate::source::{SourceId, SourceKind};
use crate::time::UtcMs;
use std::collections::HashSet;

/// Evidence lines kept per finding.
pub const MAX_EVIDENCE: usize = 200;
/// Items named in a sentence before "and N more".
pub const MAX_LISTED: usize = 5;
/// Handshakes whose legs are quoted as evidence per finding.
pub const MAX_HANDSHAKES: usize = 40;

/// A finding under construction; [`Draft::build`] refuses one without evidence.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: FindingId,
    pub severity: Severity,
    pub title: String,
    /// The title once a later run got past the failure, when [`Draft::title`] states it as
    /// present ([`Finding::title_fixed`]).
    pub title_fixed: Option<String>,
    /// Present-tense sentences with their past form for when a later run got past the failure
    /// ([`Finding::said_fixed`], [`Draft::once_fixed`]).
    pub said_fixed: Vec<(String, String)>,
    pub explanation: String,
    pub remedy: String,
    pub evidence: Vec<Evidence>,
    pub references: Vec<&'static str>,
    pub time: Option<UtcMs>,
    /// The source the earliest instant came from ([`Finding::time_source`]).
    pub time_source: Option<SourceId>,
}

impl Draft {
    pub fn new(id: FindingId, severity: Severity) -> Self {
        Draft {
            id,
            severity,
            title: String::new(),
            title_fixed: None,
            said_fixed: Vec::new(),
            explanation: String::new(),
            remedy: String::new(),
            evidence: Vec::new(),
            references: Vec::new(),
            time: None,
            time_source: None,
        }
    }

    /// Says `past` instead of `present` in the explanation and remedy once a later run got past
    /// the failure ([`Finding::said_fixed`]); `present` must be written there as given.
    pub fn once_fixed(&mut self, present: impl Into<String>, past: impl Into<String>) {
        self.said_fixed.push((present.into(), past.into()));
    }

    /// Notes an instant read from `source`: the finding's time is the earliest one (on a tie,
    /// the first noted keeps its source).
    pub fn at(&mut self, t: UtcMs, source: SourceId) {
        if self.time.is_none_or(|old| t < old) {
            self.time = Some(t);
            self.time_source = Some(source);
        }
    }

    pub fn call(&mut self, call: &CmdletCall) {
        self.evidence.push(Evidence {
            source: call.source,
            line: call.line,
        });
        if let Some(l) = call.finish_line {
            self.evidence.push(Evidence {
                source: call.source,
                line: l,
            });
        }
        self.at(call.start, call.source);
    }

    pub fn handshake(&mut self, h: &Handshake) {
        for l in &h.legs {
            self.evidence.push(Evidence {
                source: l.source,
                line: u64::from(l.line),
            });
        }
        if let Some(first) = h.legs.first() {
            self.at(h.start, first.source);
        }
    }

    pub fn build(self) -> Option<Finding> {
        let mut seen = HashSet::new();
        let mut evidence: Vec<Evidence> = self
            .evidence
            .into_iter()
            .filter(|e| seen.insert(*e))
            .collect();
        evidence.truncate(MAX_EVIDENCE);
        if evidence.is_empty() {
            return None;
        }
        Some(Finding {
            id: self.id,
            severity: self.severity,
            title: self.title,
            explanation: self.explanation,
            remedy: self.remedy,
            evidence,
            references: self.references.into_iter().map(str::to_string).collect(),
            time: self.time,
            time_source: self.time_source,
            fixed_by: None,
            title_fixed: self.title_fixed,
            said_fixed: self.said_fixed,
            follows: Vec::new(),
        })
    }
}

/// Indices of calls that make Exchange Online reach `/EWS/mrsproxy.svc` and did not succeed.
pub fn failed_mrs_calls(input: &DiagnoseInput<'_>) -> Vec<usize> {
    input
        .cmdlets
        .iter()
        .enumerate()
        .filter(|(_, c)| reaches_mrs(c) && c.outcome != CmdletOutcome::Success)
        .map(|(i, _)| i)
        .collect()
}

/// Whether the call went through the Hybrid Agent (`*.msappproxy.net`).
pub fn via_agent(call: &CmdletCall) -> bool {
    let has = |s: &str| s.to_ascii_lowercase().contains("msappproxy.net");
    call.remote_server.as_deref().is_some_and(has)
        || call.urls.iter().any(|u| has(u))
        || call.error.as_deref().is_some_and(has)
        || has(&call.command)
}

/// Control characters escaped, owned.
pub fn esc(s: &str) -> String {
    escape_control(s).into_owned()
}

/// Sorted distinct values.
pub fn distinct<I: IntoIterator<Item = String>>(items: I) -> Vec<String> {
    let mut v: Vec<String> = items.into_iter().collect();
    v.sort();
    v.dedup();
    v
}

/// Sorted distinct strings. Many handshakes repeat few values (they share their key, so a
/// value repeats at one address): the rules dedupe these before any work per value, first by
/// address, then by text.
pub fn unique<'a, I: IntoIterator<Item = &'a str>>(items: I) -> Vec<&'a str> {
    let mut seen: HashSet<(usize, usize), crate::hash::SigBuild> = HashSet::default();
    let mut v: Vec<&str> = items
        .into_iter()
        .filter(|s| seen.insert((s.as_ptr() as usize, s.len())))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Sorted distinct values of `f` over the items: [`distinct`] of `f` over each item, with `f`
/// applied once per distinct item.
pub fn distinct_of<'a, I: IntoIterator<Item = &'a str>>(
    items: I,
    f: impl Fn(&str) -> String,
) -> Vec<String> {
    distinct(unique(items).into_iter().map(f))
}

/// `a, b and c` / `a, b, c, d, e and 3 more`.
pub fn list(items: &[String]) -> String {
    let shown: Vec<&str> = items.iter().take(MAX_LISTED).map(String::as_str).collect();
    let more = items.len().saturating_sub(MAX_LISTED);
    match (shown.len(), more) {
        (0, _) => String::new(),
        (1, 0) => shown[0].to_string(),
        (n, 0) => format!("{} and {}", shown[..n - 1].join(", "), shown[n - 1]),
        (_, m) => format!("{} and {m} more", shown.join(", ")),
    }
}

/// `1 time` / `3 times`.
pub fn times(n: usize) -> String {
    if n == 1 {
        "once".into()
    } else {
        format!("{n} times")
    }
}

/// `Test-MigrationServerAvailability (20241105_142000.log:20, 2024-11-05 13:23:13 UTC)`: the
/// call, where its HCW log has it ([`crate::source::cited_line`]: two runs' logs each have a
/// line 20) and when.
pub fn call_desc(sources: &[crate::source::SourceInfo], call: &CmdletCall) -> String {
    format!(
        "{} ({}, {})",
        esc(&call.name),
        esc(&crate::source::cited_line(sources, call.source, call.line)),
        crate::time::sentence_utc(call.start)
    )
}

/// `<calls> failed<how>: "<the first error>". `, each call cited as evidence of `d`. Calls
/// whose log ends (or breaks off) before their result are said to have logged no outcome, not
/// to have failed: `<calls><how> has no result in the log (<why>). `.
pub fn calls_failed(
    d: &mut Draft,
    input: &DiagnoseInput<'_>,
    calls: &[usize],
    how: &str,
) -> String {
    let (unknown, failed): (Vec<usize>, Vec<usize>) = calls
        .iter()
        .partition(|&&c| crate::analyze::cmdlet::outcome_unknown(&input.cmdlets[c]));
    let descs = |of: &[usize]| -> Vec<String> {
        of.iter()
            .map(|&c| call_desc(input.sources, &input.cmdlets[c]))
            .collect()
    };
    let mut out = String::new();
    if !failed.is_empty() {
        out.push_str(&format!("{} failed{how}", list(&descs(&failed))));
        if let Some(e) = failed
            .iter()
            .find_map(|&c| error_excerpt(&input.cmdlets[c]))
        {
            out.push_str(&format!(": \"{e}\""));
        }
        out.push_str(". ");
    }
    if !unknown.is_empty() {
        let how = if failed.is_empty() { how } else { "" };
        out.push_str(&format!(
            "{}{how}{} {} no result in the log",
            list(&descs(&unknown)),
            if how.is_empty() { "" } else { "," },
            if unknown.len() == 1 { "has" } else { "have" }
        ));
        if let Some(e) = unknown
            .iter()
            .find_map(|&c| error_excerpt(&input.cmdlets[c]))
        {
            out.push_str(&format!(" ({e})"));
        }
        out.push_str(". ");
    }
    for &c in calls {
        d.call(&input.cmdlets[c]);
    }
    out
}

/// The first line of the call's error text, shortened between values ([`crate::clip`]), escaped;
/// a text the log ends inside still says so at its end
/// ([`crate::analyze::cmdlet::clip_error`]).
pub fn error_excerpt(call: &CmdletCall) -> Option<String> {
    use crate::analyze::cmdlet::{CUT_AT_END, clip_error};
    let e = call.error.as_deref()?;
    let first = e.lines().find(|l| !l.trim().is_empty())?.trim();
    let clipped = clip_error(first, 300);
    if e.trim_end().ends_with(CUT_AT_END) && !clipped.ends_with(CUT_AT_END) {
        // Its first line is not all of it: the lines after it, where the log ends, are left out.
        return Some(esc(&format!(
            "{}… {CUT_AT_END}",
            clipped.trim_end_matches('…')
        )));
    }
    Some(esc(&clipped))
}

/// The account named in `-Credentials (Get-Credential -UserName DOM\user)`.
pub fn credential_user(call: &CmdletCall) -> Option<String> {
    crate::analyze::names::credential_user(&call.command)
}

/// The mailbox a call names (`-EmailAddress 'admin@contoso.de'` → `admin@contoso.de`), as
/// logged (not escaped); the mailbox whose Autodiscover lookup the call made.
pub fn email_address(call: &CmdletCall) -> Option<&str> {
    const PARAM: &str = "-emailaddress";
    let lower = call.command.to_ascii_lowercase();
    let at = lower
        .match_indices(PARAM)
        .map(|(i, _)| i + PARAM.len())
        .find(|&end| lower[end..].starts_with([' ', ':']))?;
    let rest = call.command[at..]
        .trim_start_matches(':')
        .trim_start()
        .trim_start_matches(['\'', '"']);
    let end = rest
        .find(|c: char| c == '\'' || c == '"' || c == ')' || c.is_whitespace())
        .unwrap_or(rest.len());
    let address = &rest[..end];
    let (user, domain) = address.rsplit_once('@')?;
    (!user.is_empty() && domain.contains('.')).then_some(address)
}

/// The mail domain of the mailbox a call names (`-EmailAddress 'admin@contoso.de'` →
/// `contoso.de`), escaped; the domain whose Autodiscover record the call looks up.
pub fn mail_domain(call: &CmdletCall) -> Option<String> {
    let (_, domain) = email_address(call)?.rsplit_once('@')?;
    let domain = domain.trim_end_matches('.');
    (domain.contains('.') && crate::analyze::names::is_host(domain))
        .then(|| esc(&domain.to_ascii_lowercase()))
}

/// What the loaded logs name (servers, endpoints, account), for filling remedies.
pub fn org_names(input: &DiagnoseInput<'_>) -> OrgNames {
    let mut n = OrgNames::from_logs(input.hcw, input.cmdlets);
    n.machines = crate::source::machine_names(input.sources);
    let names = crate::source::ServerNames::new(input.sources, &n.machines);
    let sited = names.sited().iter().map(|m| m.to_string()).collect();
    n.sited = sited;
    n
}

/// A handshake's server label for [`iis_on`] (its final leg's server when `last`, a split's
/// other half): with its site folder (`EX01/W3SVC3`) when the server logs its name and its
/// leg's log lies in a site folder, so that a machine with several sites loaded is named by
/// site as the rows name it; [`iis_on`] names any other machine without it.
pub fn handshake_label(input: &DiagnoseInput<'_>, h: &Handshake, last: bool) -> String {
    let (label, leg) = match h.split.as_deref() {
        Some(split) if last => (split, h.final_leg()),
        _ => (h.server.as_str(), h.legs.first()),
    };
    site_label(input, label, leg.map(|l| l.source))
}

/// `label` of a log of `source`, with the log's site folder when the label is a logged name
/// ([`handshake_label`]).
pub fn site_label(input: &DiagnoseInput<'_>, label: &str, source: Option<SourceId>) -> String {
    let site = source
        .and_then(|id| crate::source::by_id(input.sources, id))
        .filter(|s| !crate::read::is_folder_label(label) && s.kind == SourceKind::Iis)
        .and_then(|s| crate::read::site_id(&s.stats.folder));
    match site {
        Some(id) => format!("{label}/W3SVC{id}"),
        None => label.to_string(),
    }
}

/// An mrsproxy request's server label for [`iis_on`]: with its log's site folder, as
/// [`handshake_label`] gives a handshake's.
pub fn request_label(input: &DiagnoseInput<'_>, r: &crate::analyze::mrs::MrsRequest) -> String {
    site_label(input, &r.server, Some(r.source))
}

/// The server labels of `requests` for [`iis_on`] ([`request_label`]).
pub fn request_labels<'r>(
    input: &DiagnoseInput<'_>,
    requests: impl IntoIterator<Item = &'r crate::analyze::mrs::MrsRequest>,
) -> Vec<String> {
    requests
        .into_iter()
        .map(|r| request_label(input, r))
        .collect()
}

/// Whether the handshake happened during one of the given calls on a path Exchange Online calls
/// back on (EWS, Autodiscover): other clients' traffic during a call is not caused by it.
pub fn linked_to(h: &Handshake, calls: &[usize]) -> bool {
    h.cmdlet.is_some_and(|c| calls.contains(&c.at()))
        && crate::analyze::correlate::is_callback_uri(&h.uri)
}

/// An HCW entry's message and body on one line, whitespace collapsed, shortened between values
/// ([`crate::clip`]), escaped.
pub fn excerpt(e: &HcwEntry, max_chars: usize) -> String {
    let full = e.full_text();
    let text = full
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    esc(&crate::clip::clip(&text, max_chars))
}
