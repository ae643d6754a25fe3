//! `ntlm-stuck-client`: a client (address and user agent) that leaves NTLM handshakes at the
//! challenge again and again, more than its address completes: the server sends
//! `401 1 2148074254` (the normal challenge) and the client never sends leg 3, then starts over.
//! Clients that keep an old password after a change do this (Outlook for Mac and mobile mail
//! apps on EWS are the usual ones), and so does a monitor that only probes authentication. It
//! is context for the hybrid failure, or a warning when it is on the MRS proxy.
//!
//! Read from the per-client counts the grouper keeps for every handshake
//! ([`ClientTallies`](crate::analyze::handshake::ClientTallies)), so the text report, which
//! keeps few abandoned handshakes, says what the explorer and the JSON report say.

use super::DiagnoseInput;
use super::common::{Draft, MAX_LISTED, esc, iis_on, list, org_names, site_label};
use super::text::SSPI_DOC;
use crate::analyze::finding::{Evidence, Finding, FindingId, Severity};
use crate::analyze::handshake::{ClientTally, Completed};
use crate::analyze::mrs::is_mrsproxy;
use crate::source::SourceInfo;
use crate::time::UtcMs;

/// Challenges one client leaves unanswered before it counts as stuck.
pub const STUCK_MIN: u64 = 20;

pub fn findings(input: &DiagnoseInput<'_>) -> Option<Finding> {
    let mut stuck: Vec<(&ClientTally, &Completed)> = input
        .clients
        .clients()
        .filter(|(t, done)| t.abandoned >= STUCK_MIN && t.abandoned > done.count)
        .collect();
    if stuck.is_empty() {
        return None;
    }
    stuck.sort_by(|(a, _), (b, _)| {
        (b.abandoned, &a.client, &a.agent).cmp(&(a.abandoned, &b.client, &b.agent))
    });
    let mrs = stuck
        .iter()
        .any(|(t, _)| t.uris.iter().any(|u| is_mrsproxy(u)));
    let severity = if mrs {
        Severity::Warning
    } else {
        Severity::Info
    };
    let total: u64 = stuck.iter().map(|(t, _)| t.abandoned).sum();
    let n = stuck.len();
    let mut d = Draft::new(FindingId::NtlmStuckClient, severity);
    d.title = format!(
        "{n} client{} left {total} NTLM handshakes at the challenge, again and again",
        if n == 1 { "" } else { "s" },
    );
    let clients: Vec<String> = stuck
        .iter()
        .take(MAX_LISTED)
        .map(|c| describe(c, input.sources))
        .collect();
    let more = n.saturating_sub(MAX_LISTED);
    let names = org_names(input);
    let servers = servers(input, &names, &stuck);
    d.explanation = format!(
        "{servers} logged NTLM handshakes that stopped at the challenge: the server sent \
         401 1 2148074254 (the normal challenge) and the client never sent its answer, then \
         started over. {}.{} A client that keeps an old password after a change does this \
         (Outlook for Mac and mobile mail apps on EWS are the usual ones), and so does a \
         monitor that only probes authentication; the user agent says which.{}",
        clients.join(". "),
        if more > 0 {
            format!(
                " And {more} more client{}.",
                if more == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        },
        if mrs {
            " Some of them are on the MRS proxy (/EWS/mrsproxy.svc): if the address is the \
             Hybrid Agent's or Exchange Online's, check the migration endpoint's credentials."
        } else {
            " None of them is on the MRS proxy: this is not what fails the hybrid migration \
             test."
        }
    );
    d.remedy = "Find the device or program behind each address (the user agent names it) and \
                have its user sign in again with the current password, or remove the account \
                from it; account lockouts often follow such clients. A monitor needs valid \
                credentials or an anonymous health URL (/owa/healthcheck.htm)."
        .to_string();
    for (t, _) in stuck.iter().take(MAX_LISTED) {
        for s in &t.samples {
            d.evidence.push(Evidence {
                source: s.source,
                line: s.line,
            });
            d.at(UtcMs(s.ts), s.source);
        }
    }
    d.references = vec![SSPI_DOC];
    d.build()
}

/// `IIS on …` for the servers the stuck clients left challenges on. A machine that logs its
/// name in more than one loaded site is named by the sites of the sample challenges (the
/// counts are kept per logged server name, not per site), and said so.
fn servers(
    input: &DiagnoseInput<'_>,
    names: &crate::analyze::names::OrgNames,
    stuck: &[(&ClientTally, &Completed)],
) -> String {
    let mut labels = Vec::new();
    let mut by_samples = false;
    for (t, _) in stuck {
        for server in &t.servers {
            let sited = !crate::read::is_folder_label(server)
                && names
                    .sited
                    .iter()
                    .any(|m| crate::source::same_machine(m, server));
            let sampled: Vec<String> = t
                .samples
                .iter()
                .filter(|s| {
                    crate::source::by_id(input.sources, s.source)
                        .is_some_and(|i| &i.server == server)
                })
                .map(|s| site_label(input, server, Some(s.source)))
                .collect();
            if sited && !sampled.is_empty() {
                by_samples |= t.abandoned > sampled.len() as u64;
                labels.extend(sampled);
            } else {
                labels.push(server.clone());
            }
        }
    }
    let on = iis_on(names, labels.iter().map(String::as_str));
    if by_samples {
        format!("{on} (the site of the sample lines; the counts below are per machine)")
    } else {
        on
    }
}

/// One client: address, agent, counts and when, and the handshakes its address completed with
/// the user the latest one logged (whom to ask, when the password changed during the logs).
fn describe((t, done): &(&ClientTally, &Completed), sources: &[SourceInfo]) -> String {
    let agent = if t.agent.is_empty() || t.agent == "-" {
        "no user agent".to_string()
    } else {
        esc(&t.agent)
    };
    let uris: Vec<String> = t.uris.iter().map(|u| esc(u)).collect();
    // A log without cs-username cannot say whom to ask: said, not left out as if none.
    let unlogged = t
        .samples
        .first()
        .is_some_and(|s| !crate::source::user_logged(sources, s.source, s.line));
    let last = match &done.last_user {
        Some((user, at)) => format!(
            ", the last as {} at {}",
            esc(user),
            crate::time::sentence_utc(UtcMs(*at))
        ),
        None if unlogged => {
            " (the log's #Fields has no cs-username: which user, it does not say)".to_string()
        }
        None => String::new(),
    };
    format!(
        "{} ({agent}) left {} challenges unanswered on {} from {} to {}; its address \
         completed {} handshake{}{last}",
        esc(crate::wording::client(&t.client)),
        t.abandoned,
        list(&uris),
        crate::time::sentence_utc(UtcMs(t.first)),
        crate::time::sentence_utc(UtcMs(t.last)),
        done.count,
        if done.count == 1 { "" } else { "s" },
    )
}
