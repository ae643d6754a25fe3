//! The headless report: the same analysis the explorer shows, as text, Markdown, JSON or a
//! self-contained HTML page.
//!
//! Text and Markdown lead with the findings, then the evidence (failed calls, failed
//! handshakes, sources and unparsed lines). JSON is a documented contract (README).

pub mod html;
pub mod json;
pub mod markdown;
pub mod text;

mod doc;
mod lines;

pub use doc::LISTED_HANDSHAKES;
pub use lines::{evidence_text, wrap};

/// The one-line summary every report starts with: sources, findings, failed or unfinished
/// cmdlet calls, failed and abandoned handshakes (what the list of them holds) and unparsed
/// lines.
pub(crate) fn summary_line(a: &crate::pipeline::Analysis) -> String {
    use crate::analyze::cmdlet::CmdletOutcome;
    use crate::analyze::handshake::HandshakeOutcome;
    let failed_calls = a
        .cmdlets
        .iter()
        .filter(|c| c.outcome != CmdletOutcome::Success)
        .count();
    // What the handshake list below holds: every failed one, and the abandoned ones kept or
    // only counted (`Analysis::handshakes_unkept`).
    let count = |outcome| a.handshakes.iter().filter(|h| h.outcome == outcome).count() as u64;
    let failed_hs = count(HandshakeOutcome::Failed);
    // Those the log ends in are unanswered, as the list says, not abandoned by the client.
    let unanswered_hs = a
        .handshakes
        .iter()
        .filter(|h| h.outcome == HandshakeOutcome::Abandoned && h.log_end(&a.sources).is_some())
        .count() as u64;
    let abandoned_hs = count(HandshakeOutcome::Abandoned) - unanswered_hs + a.handshakes_unkept;
    let unparsed: u64 = a.sources.iter().map(|s| s.stats.unparsed).sum();
    // Evidence quotes HCW lines as logged, in the HCW machine's clock: say so beside the UTC.
    let hcw = a
        .sources
        .iter()
        .any(|s| s.kind == crate::source::SourceKind::Hcw);
    let as_logged = if hcw {
        " (evidence lines are quoted as logged: HCW lines in the HCW machine's local time)"
    } else {
        ""
    };
    // Without an IIS log no handshake was read: "0 failed" would read as none failing.
    let handshakes = match no_iis(a) {
        Some(why) => format!("no handshakes read ({why})"),
        None => {
            // The noun follows the count said last: "1 failed and 0 abandoned handshakes".
            let last = if unanswered_hs == 0 {
                abandoned_hs
            } else {
                unanswered_hs
            };
            let noun = if last == 1 && failed_hs + abandoned_hs + unanswered_hs == 1 {
                "handshake"
            } else {
                "handshakes"
            };
            if unanswered_hs == 0 {
                format!("{failed_hs} failed and {abandoned_hs} abandoned {noun}")
            } else {
                format!(
                    "{failed_hs} failed, {abandoned_hs} abandoned and {unanswered_hs} \
                     unanswered (the log ends) {noun}"
                )
            }
        }
    };
    // Without an HCW log no call was read: "0 failed" would read as the wizard running clean.
    let calls = if hcw {
        crate::wording::count(failed_calls, "failed or unfinished cmdlet call")
    } else {
        format!("no HCW calls read ({NO_HCW})")
    };
    let line = format!(
        "{}, {}, {calls}, {handshakes}, {}. All times UTC{as_logged}.",
        crate::wording::count(a.sources.len(), "source"),
        crate::wording::count(a.findings.len(), "finding"),
        crate::wording::count(
            usize::try_from(unparsed).unwrap_or(usize::MAX),
            "unparsed line"
        ),
    );
    let line = match unclocked(a) {
        Some(said) => format!("{line} {said}"),
        None => line,
    };
    match &a.window {
        Some(w) => format!("{line} {}", w.summary()),
        None => line,
    }
}

/// What to say of HCW logs whose header names no clock (a pasted excerpt): their instants are
/// read as UTC, which "All times UTC" must not vouch for.
fn unclocked(a: &crate::pipeline::Analysis) -> Option<String> {
    let (who, verb) = crate::source::unclocked_hcw(&a.sources)?;
    Some(format!(
        "{who} {verb} no clock (no zone hcwlens knows, no Date Time Offset): read as UTC; if \
         the wizard's machine was in another zone, give its offset with --tz hcw=+HH:MM."
    ))
}

/// Why the report read no handshake, when it loaded no IIS (or other W3C) log: none was given,
/// or the time window left them out. `None` when one was read.
pub(crate) fn no_iis(a: &crate::pipeline::Analysis) -> Option<&'static str> {
    use crate::source::SourceKind;
    if a.sources
        .iter()
        .any(|s| matches!(s.kind, SourceKind::Iis | SourceKind::W3c))
    {
        return None;
    }
    Some(match &a.window {
        Some(w) if !w.skipped.is_empty() => {
            "no IIS log loaded within the time window, --all reads everything"
        }
        _ => "no IIS log loaded",
    })
}

/// The handshake list's "none" when no IIS log was read ([`no_iis`]): what to add.
pub(crate) fn no_iis_sentence(why: &str) -> String {
    let why = why.strip_prefix("no IIS log loaded").unwrap_or(why);
    format!(
        "None read: no IIS log was loaded{why}. Handshakes are read from the IIS logs of the \
         Exchange servers (inetpub\\logs\\LogFiles\\W3SVC1)."
    )
}

/// Why the report read no HCW call: no HCW log was loaded.
pub(crate) const NO_HCW: &str = "no HCW log loaded";

/// The failed calls' "none" when no HCW log was loaded: where the wizard writes them.
pub(crate) const NO_HCW_SENTENCE: &str = "None read: no HCW log was loaded. The wizard writes its \
     logs to %AppData%\\Microsoft\\Exchange Hybrid Configuration on the machine that ran it.";

/// Where an abandoned handshake stopped, in words (`at the challenge`); empty otherwise.
pub(crate) fn stopped_at(at: Option<crate::analyze::handshake::AbandonedAt>) -> &'static str {
    use crate::analyze::handshake::AbandonedAt;
    match at {
        Some(AbandonedAt::Challenge) => "at the challenge",
        Some(AbandonedAt::Anonymous) => "at the anonymous leg",
        None => "",
    }
}

/// The protocol a handshake's legs show, as an admin names it (`NTLM`).
pub(crate) fn auth_name(auth: crate::analyze::handshake::AuthKind) -> &'static str {
    use crate::analyze::handshake::AuthKind;
    match auth {
        AuthKind::Ntlm => "NTLM",
        AuthKind::Kerberos => "Kerberos",
        AuthKind::Unknown => "protocol unknown",
    }
}

/// (`A later run at 2024-11-26 23:51:09 UTC succeeded`, `20241126_154933.log:32`) for a failed
/// call a later run got past, as the text report notes it under the call; not escaped.
pub(crate) fn later_sentence(
    a: &crate::pipeline::Analysis,
    c: &crate::analyze::cmdlet::CmdletCall,
) -> Option<(String, String)> {
    let ok = crate::analyze::cmdlet::later_success(&a.cmdlets, c)?;
    let words = crate::analyze::cmdlet::later_words(c, ok);
    let mut chars = words.chars();
    let first = chars.next()?.to_uppercase().collect::<String>();
    Some((
        format!("{first}{}", chars.as_str()),
        crate::source::cited_run(&a.sources, ok.source, Some(ok.line)),
    ))
}

/// `, with another remote server, mail.canadadrey.ca` when the later run that fixed a finding
/// got past its failed call by testing another server than the one the call failed with
/// (`analyze::cmdlet::other_server`): "fixed" then says only that the wizard got past it, not
/// that the failing name works now. Every writer of "Fixed by a later run" appends it; not
/// escaped.
pub(crate) fn fixed_elsewhere(
    a: &crate::pipeline::Analysis,
    f: &crate::analyze::finding::Finding,
) -> String {
    let mut others: Vec<String> = f
        .evidence
        .iter()
        .filter_map(|ev| {
            let call = a
                .cmdlets
                .iter()
                .find(|c| c.source == ev.source && c.line == ev.line)?;
            let ok = crate::analyze::cmdlet::later_success(&a.cmdlets, call)?;
            crate::analyze::cmdlet::other_server(call, ok).map(str::to_string)
        })
        .collect();
    others.sort();
    others.dedup();
    match others.as_slice() {
        [] => String::new(),
        [one] => format!(", with another remote server, {one}"),
        more => format!(", with other remote servers, {}", more.join(", ")),
    }
}
