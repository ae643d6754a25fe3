//! A handshake as ticket text: title with the verdict, request, every leg with both clocks and
//! its decoded meaning (and the front end's HttpProxy row joined to it), the Security event
//! that says why it failed, the verdict in plain words and the correlated HCW call.

use super::md;
use super::{Lookup, decode};
use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::finding::Evidence;
use crate::analyze::handshake::{AbandonedAt, AuthKind, Handshake, HandshakeOutcome, Leg};
use crate::source::SourceInfo;
use crate::time::ZoneSpec;
use std::fmt::Write;

/// Markdown for one handshake, in UTC and the display zone, from the handshake alone.
pub fn handshake_markdown(
    h: &Handshake,
    sources: &[SourceInfo],
    display: &ZoneSpec,
    cmdlet: Option<&CmdletCall>,
) -> String {
    handshake_ticket(h, sources, display, cmdlet, &|_: Evidence| None::<String>)
}

/// Markdown for one handshake as a ticket holds it: with what `lookup` knows of the server's
/// side (the HttpProxy row of each leg, the linked Security event).
pub fn handshake_ticket(
    h: &Handshake,
    sources: &[SourceInfo],
    display: &ZoneSpec,
    cmdlet: Option<&CmdletCall>,
    lookup: &dyn Lookup,
) -> String {
    let end = h.log_end(sources);
    let mut out = format!("### {}\n\n", title(h, end.is_some()));
    // Each server as screens and reports name it: its machine's one name (`EX01` for
    // `ex01.contoso.com` and for `EX01/W3SVC1`), the site only beside another site of EX01.
    let machines = crate::source::machine_names(sources);
    let names = crate::source::ServerNames::new(sources, &machines);
    let name = |s: &'_ str| names.name(s).to_string();
    let server = match h.legs.first() {
        Some(l) => names.at(&h.server, l.source).into_owned(),
        None => name(&h.server),
    };
    let _ = writeln!(out, "- Server: {}", md::code(&server));
    let _ = writeln!(out, "- Client: {}", md::code(&h.client));
    if let Some(via) = &h.via {
        let _ = writeln!(out, "- Via (device in the middle): {}", md::code(via));
    }
    if let Some(split) = &h.split {
        let _ = writeln!(
            out,
            "- Split: challenge on {}, final leg on {}",
            md::code(&name(&h.server)),
            md::code(&name(split))
        );
    }
    let request = format!("{} {}", h.method, h.uri);
    let _ = writeln!(out, "- Request: {}", md::code(request.trim()));
    let _ = writeln!(out, "- User agent: {}", md::code(&h.user_agent));
    let _ = writeln!(
        out,
        "- Started: {}",
        crate::time::stamp(
            h.start,
            crate::source::resolution(sources, h.legs.first().map(|l| l.source)),
            display
        )
    );
    // Under its label the words need not say "grouping" again ("Grouping: sure: …").
    let words = h.grouping_words_naming(|s| names.name(s));
    let words = words.strip_prefix("grouping ").unwrap_or(&words);
    let _ = writeln!(out, "- Grouping: {}", md::prose(words));
    out.push_str("\nLegs:\n\n");
    for (i, leg) in h.legs.iter().enumerate() {
        leg_item(&mut out, i + 1, leg, sources, display);
        if let Some((view, at)) = lookup.front_end(leg.source, u64::from(leg.line)) {
            let view = view.strip_prefix("HttpProxy ").unwrap_or(&view);
            let _ = writeln!(
                out,
                "   - Front end: {} request {}",
                md::code(&md::location(sources, at.source, at.line)),
                md::prose(view)
            );
        }
    }
    if h.legs.is_empty() {
        out.push_str("(no legs recorded)\n");
    }
    if let Some((text, at, delta_ms)) = lookup.security_event(h) {
        let _ = write!(
            out,
            "\nSecurity event (same user or address, {}): {}\n\n{}",
            delta_words(delta_ms),
            md::code(&md::location(sources, at.source, at.line)),
            md::block(&text, "")
        );
    }
    let _ = writeln!(out, "\nVerdict: {}", verdict(h, sources));
    if let Some(c) = cmdlet {
        let _ = writeln!(
            out,
            "\nCorrelated HCW call: {} {} — started {} — {}",
            md::code(&c.name),
            super::cmdlet::call_word(c),
            crate::time::stamp(
                c.start,
                crate::source::resolution(sources, c.source),
                display
            ),
            md::code(&md::location(sources, c.source, c.line)),
        );
    }
    out
}

/// `137 ms after the final leg`, `1.5 s before the final leg`.
fn delta_words(ms: i64) -> String {
    let size = ms.unsigned_abs();
    let size = if size < 1000 {
        format!("{size} ms")
    } else {
        format!("{}.{} s", size / 1000, size % 1000 / 100)
    };
    match ms {
        0 => "at the time of the final leg".to_string(),
        1.. => format!("{size} after the final leg"),
        _ => format!("{size} before the final leg"),
    }
}

/// `ended`: its log ends right after it ([`Handshake::log_end`]).
fn title(h: &Handshake, ended: bool) -> String {
    let auth = match h.auth {
        AuthKind::Ntlm => "NTLM",
        AuthKind::Kerberos => "Kerberos",
        AuthKind::Unknown => "Windows authentication",
    };
    match h.outcome {
        HandshakeOutcome::Success => match h.refused_after_logon() {
            Some(l) => format!(
                "{auth} handshake succeeded, request REFUSED — HTTP {}",
                l.status_shown(crate::codes::Style::Report)
            ),
            None => format!("{auth} handshake succeeded"),
        },
        HandshakeOutcome::Abandoned => {
            let how = if ended { "UNANSWERED" } else { "ABANDONED" };
            match h.abandoned_at {
                Some(AbandonedAt::Anonymous) => {
                    format!("{auth} handshake {how} after the anonymous request")
                }
                _ => format!("{auth} handshake {how} after the challenge"),
            }
        }
        HandshakeOutcome::Failed => match failure(h) {
            Some(code) => format!("{auth} handshake FAILED — {}", code_label(code)),
            None if h.failure_cut().is_some() => {
                format!("{auth} handshake FAILED — code cut off (the log ends inside it)")
            }
            None => match h.legs.last() {
                Some(l) => format!(
                    "{auth} handshake FAILED — HTTP {}",
                    l.status_shown(crate::codes::Style::Report)
                ),
                None => format!("{auth} handshake FAILED"),
            },
        },
    }
}

fn failure(h: &Handshake) -> Option<u32> {
    h.failure_code
        .or_else(|| h.legs.last().and_then(Leg::win32_code).filter(|&w| w != 0))
}

fn code_label(code: u32) -> String {
    match decode::failure_name(code) {
        Some(name) => format!("{name} ({})", decode::hex(code)),
        None if code >= 0x8000_0000 => decode::hex(code),
        None => format!("win32 {code}"),
    }
}

fn leg_item(out: &mut String, n: usize, leg: &Leg, sources: &[SourceInfo], display: &ZoneSpec) {
    let triple = format!(
        "{} {} {}",
        leg.status,
        leg.substatus_shown(),
        leg.win32_shown()
    );
    let _ = writeln!(
        out,
        "{n}. {} — {}",
        crate::time::stamp(
            leg.ts,
            crate::source::resolution(sources, leg.source),
            display
        ),
        md::code(&triple)
    );
    let meaning = leg.describe();
    let _ = writeln!(out, "   - Meaning: {}", md::prose(&meaning));
    let user = if leg.user.is_empty()
        && !crate::source::user_logged(sources, leg.source, u64::from(leg.line))
    {
        crate::source::USER_NOT_LOGGED.to_string()
    } else {
        md::code(&leg.user)
    };
    let _ = writeln!(out, "   - User: {user}");
    let _ = writeln!(
        out,
        "   - Line: {}",
        md::code(&md::location(sources, leg.source, u64::from(leg.line)))
    );
}

/// The outcome in plain words.
fn verdict(h: &Handshake, sources: &[SourceInfo]) -> String {
    if let Some(end) = h.log_end(sources) {
        let asked = match h.abandoned_at {
            Some(AbandonedAt::Anonymous) => "The server asked for credentials (401 2 5)",
            _ => "The server sent its challenge",
        };
        let next = if end.crash {
            "IIS did not log the rest of that line"
        } else {
            "load the server's next log, if there is one, to see how it went on"
        };
        return format!(
            "{asked}, and {}. The client did not necessarily give up: {next}.",
            end.words()
        );
    }
    match h.outcome {
        HandshakeOutcome::Success => {
            let user = h
                .legs
                .iter()
                .rev()
                .map(|l| l.user.as_str())
                .find(|u| !u.is_empty() && *u != "-")
                .map(md::code)
                .unwrap_or_else(|| {
                    let logged = h.final_leg().is_none_or(|l| {
                        crate::source::user_logged(sources, l.source, u64::from(l.line))
                    });
                    if logged {
                        "an unnamed user".to_string()
                    } else {
                        "a user the log does not name (no cs-username in #Fields)".to_string()
                    }
                });
            let logon = match h.auth {
                AuthKind::Kerberos => {
                    format!("The client logged on as {user} with Kerberos (no NTLM challenge).")
                }
                _ => format!("The client logged on as {user}."),
            };
            match h.refused_after_logon() {
                Some(l) => format!(
                    "{logon} Then the server refused the request: HTTP {} ({}). The logon is \
                     not the problem; the refusal is.",
                    l.status_shown(crate::codes::Style::Report),
                    l.substatus_code()
                        .and_then(|sub| crate::codes::iis_status(l.status, sub))
                        .or_else(|| crate::codes::http::http_phrase(l.status))
                        .unwrap_or("see the status")
                ),
                None => logon,
            }
        }
        HandshakeOutcome::Abandoned if h.abandoned_at == Some(AbandonedAt::Anonymous) => {
            "The server asked for credentials (401 2 5) and the client sent nothing more: a \
             probe, a client that cannot do Windows authentication, or one that gave up."
                .to_string()
        }
        HandshakeOutcome::Abandoned => "The server sent its challenge but no answer followed: \
             the client gave up, the connection broke, or the answer reached another server."
            .to_string(),
        HandshakeOutcome::Failed => match failure(h) {
            Some(decode::BAD_BINDINGS) => {
                "Extended Protection rejected the logon. The NTLM answer \
                 was not bound to the TLS connection it arrived on (channel binding mismatch), \
                 which happens when something between client and server ends TLS and opens a new \
                 connection: an SSL-offloading load balancer, an inspection proxy, or the Hybrid \
                 Agent (App Proxy connector)."
                    .to_string()
            }
            Some(decode::INVALID_TOKEN) => {
                "The server had no pending NTLM context for the answer: \
                 the legs travelled over different TCP connections or reached different servers \
                 (load balancer without affinity, connection-pooling proxy)."
                    .to_string()
            }
            Some(decode::LOGON_DENIED | decode::UNKNOWN_CREDENTIALS) => {
                "The credentials were rejected (wrong user name or password, or the account may \
                 not log on)."
                    .to_string()
            }
            Some(code) => format!("The server rejected the logon with {}.", code_label(code)),
            None => "The server rejected the logon.".to_string(),
        },
    }
}
