//! The detail pane for a handshake: its outcome, method, uri, client and package, the Security
//! event that explains a failure, the HCW call it belongs to, then each leg at its time with its
//! status decoded meaning first ([`crate::tui::decode`]), user and front-end view.

use super::hcw::outcome;
use super::styled;
use crate::analyze::handshake::{AuthKind, Handshake, HandshakeOutcome};
use crate::tui::decode;
use crate::tui::model::Model;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use ratatui::text::Line;

mod servers;
mod short;
use servers::LegServers;
pub use short::title;
use short::{leg_forms, leg_short};

/// The status (`403.0`; `403` when its substatus is not known) of a handshake whose logon
/// succeeded but whose request was then refused ([`Handshake::refused_after_logon`]).
pub fn refused(hs: &Handshake) -> Option<String> {
    hs.refused_after_logon()
        .map(|l| l.status_shown(crate::codes::Style::Screen))
}

/// The lines describing a handshake.
pub fn handshake(model: &Model, h: usize, theme: &Theme) -> Vec<Line<'static>> {
    lines_in(model, h, theme, usize::MAX).0
}

/// The shorter forms of [`handshake`]'s lines too long for `cols` columns, by index: the
/// outcome line with its uri cut ([`outcome_short`]), each leg with its least telling parts
/// left out ([`leg_short`]).
pub fn shorts(model: &Model, h: usize, theme: &Theme, cols: usize) -> Vec<(usize, Line<'static>)> {
    let mut out: Vec<(usize, Line<'static>)> = outcome_short(model, h, theme, cols)
        .map(|l| vec![(0, l)])
        .unwrap_or_default();
    out.extend(lines_in(model, h, theme, cols).1);
    out
}

/// [`handshake`]'s lines, with the shorter forms of its legs for `cols` columns.
fn lines_in(
    model: &Model,
    h: usize,
    theme: &Theme,
    cols: usize,
) -> (Vec<Line<'static>>, Vec<(usize, Line<'static>)>) {
    let hs: &Handshake = &model.data.analysis.handshakes[h];
    let mut shorts = Vec::new();
    let end = hs.log_end(&model.data.analysis.sources);
    let mut out = vec![outcome_line(hs, &clean(&hs.uri), theme, end.is_some())];
    if let Some(end) = end {
        // Not the client's doing, as far as the log can tell.
        let words = end.words();
        let mut chars = words.chars();
        let first: String = chars
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        out.push(Line::from(styled(
            format!(" {first}{}", chars.as_str()),
            Role::Warn,
            theme,
        )));
    }
    out.extend(crate::tui::view::events::handshake_line(model, h, theme));
    out.push(call_line(model, h, theme));
    let servers = LegServers::new(model, hs);
    // The leg that could name the user (none when the client gave up at the challenge).
    let final_leg = hs
        .legs
        .last()
        .filter(|_| hs.outcome != HandshakeOutcome::Abandoned);
    for leg in &hs.legs {
        let t = model.fmt_time(model.clock.at(leg.source, leg.ts));
        // Its meaning first: the row is cut at the pane's edge (`decode`).
        let text = clean(&decode::describe_handshake_leg(leg));
        let leg_role = match leg.status {
            _ if leg.win32_code().is_some_and(|w| {
                crate::codes::is_benign_challenge(leg.status, leg.substatus, w)
            }) =>
            {
                Role::Plain
            }
            200..=399 => Role::Ok,
            _ => Role::Error,
        };
        let mut head = vec![styled(
            format!(" {} ", t.get(..8).unwrap_or(&t)),
            Role::Time,
            theme,
        )];
        // A split handshake's legs name their server first, so a cut keeps it.
        if let Some((cell, other)) = servers.cell(leg.source) {
            let role = if other { Role::Warn } else { Role::Dim };
            head.push(styled(format!("{cell} "), role, theme));
        }
        let mut tail = Vec::new();
        if !leg.user.is_empty() {
            tail.push(styled(
                format!(" ({})", clean(&leg.user)),
                Role::Plain,
                theme,
            ));
        } else if final_leg.is_some_and(|f| std::ptr::eq(f, leg))
            && !crate::source::user_logged(
                &model.data.analysis.sources,
                leg.source,
                u64::from(leg.line),
            )
        {
            tail.push(styled(" (user not logged)", Role::Dim, theme));
        }
        // Its parts (status and meaning, code, IIS's words) apart, so a row wrapped between
        // two breaks there, not after the ` - ` that joins them (`crate::tui::view::wrap`).
        let line = |words: &str| {
            let mut spans = head.clone();
            let sep = crate::codes::Style::Screen.sep();
            for (i, part) in words.split(sep).enumerate() {
                if i > 0 {
                    spans.push(styled(sep, leg_role, theme));
                }
                spans.push(styled(part.to_string(), leg_role, theme));
            }
            spans.extend(tail.iter().cloned());
            Line::from(spans)
        };
        // A substatus not known has no shorter forms: they would say its 0 as a code.
        let forms = match leg.substatus_code() {
            Some(sub) => leg_forms(leg.status, sub, leg.win32_code()),
            None => Vec::new(),
        };
        if let Some(short) = leg_short(&text, &forms, cols, |w| line(w).width()) {
            shorts.push((out.len(), line(&short)));
        }
        out.push(line(&text));
        // The front end's view of the leg, when an HttpProxy row is joined to it (cafeReqId).
        let a = &model.data.analysis;
        if let Some(r) = a.proxy_of(leg.source, u64::from(leg.line)) {
            // Under the leg's time column, so a wrapped row goes on under its text
            // (`crate::tui::view::wrap::label_hang`), not at column 0.
            out.push(Line::from(vec![
                styled("          ", Role::Dim, theme),
                styled(
                    format!(
                        "front end: {}",
                        clean(&front_end(
                            crate::analyze::proxyjoin::describe(r),
                            &r.request_id
                        ))
                    ),
                    Role::Dim,
                    theme,
                ),
            ]));
        }
    }
    (out, shorts)
}

/// The outcome and what follows it, with `uri` as given: `FAILED SEC_E_BAD_BINDINGS POST
/// /EWS/mrsproxy.svc from 10.0.5.20 | NTLM`.
/// `ended`: its log ends right after it ([`Handshake::log_end`]): unanswered, not abandoned.
fn outcome_line(hs: &Handshake, uri: &str, theme: &Theme, ended: bool) -> Line<'static> {
    let (outcome, role) = match hs.outcome {
        HandshakeOutcome::Success => match refused(hs) {
            Some(status) => (format!("LOGON OK, REFUSED {status}"), Role::Warn),
            None => ("SUCCEEDED".to_string(), Role::Ok),
        },
        HandshakeOutcome::Abandoned if ended => ("UNANSWERED (log ends)".to_string(), Role::Warn),
        HandshakeOutcome::Abandoned => ("ABANDONED".to_string(), Role::Warn),
        HandshakeOutcome::Failed => {
            use crate::analyze::handshake::Win32Status;
            let last = hs.final_leg().map(|l| l.win32_status());
            let name = match (hs.failure_code, last) {
                (Some(c), _) => {
                    decode::failure_name(c).map_or(format!("0x{c:08X}"), str::to_string)
                }
                (None, Some(Win32Status::Cut(digits))) => {
                    format!("(code cut off: {}...)", clean(digits))
                }
                (None, Some(Win32Status::Unreadable(raw))) => {
                    format!("sc-win32-status {} (unknown)", clean(raw))
                }
                (None, _) => "(code not logged)".to_string(),
            };
            (format!("FAILED {name}"), Role::Error)
        }
    };
    Line::from(vec![
        styled(outcome, role, theme),
        styled(about(hs, uri), Role::Plain, theme),
    ])
}

/// What follows the outcome: ` POST /EWS/mrsproxy.svc from 10.0.5.20 | NTLM` with `uri` as
/// given (cut by [`outcome_short`]).
fn about(hs: &Handshake, uri: &str) -> String {
    let auth = match hs.auth {
        AuthKind::Ntlm => "NTLM",
        AuthKind::Kerberos => "Kerberos",
        AuthKind::Unknown => "auth unknown",
    };
    let via = hs
        .via
        .as_deref()
        .map(|v| format!(" via {}", clean(v)))
        .unwrap_or_default();
    let client = if hs.client.is_empty() {
        crate::wording::CLIENT_NOT_LOGGED_SHORT.to_string()
    } else {
        clean(&hs.client)
    };
    format!(" {} {uri} from {client}{via} | {auth}", clean(&hs.method))
}

/// The first line of [`handshake`] in `cols` columns when it is longer: its uri cut with `…`,
/// so the outcome, the client and the auth stay (`FAILED SEC_E_BAD_BINDINGS POST
/// /autodiscover/autodiscover.svc/WSSec… from 10.0.5.20 | NTLM`). None when it fits, or when
/// even the uri's first characters leave no room (the line is then cut at its end).
pub fn outcome_short(model: &Model, h: usize, theme: &Theme, cols: usize) -> Option<Line<'static>> {
    let hs = model.data.analysis.handshakes.get(h)?;
    let uri = clean(&hs.uri);
    let ended = hs.log_end(&model.data.analysis.sources).is_some();
    let over = outcome_line(hs, &uri, theme, ended)
        .width()
        .checked_sub(cols)
        .filter(|&n| n > 0)?;
    // At least two of the uri's characters before the mark.
    let keep = uri
        .chars()
        .count()
        .checked_sub(over + 1)
        .filter(|&k| k >= 2)?;
    let cut: String = uri.chars().take(keep).chain(['…']).collect();
    Some(outcome_line(hs, &cut, theme, ended))
}

fn call_line(model: &Model, h: usize, theme: &Theme) -> Line<'static> {
    let Some(c) = model.timeline.attribution.call_of(h) else {
        return Line::from(styled(" No HCW call at this time", Role::Dim, theme));
    };
    let call = &model.data.analysis.cmdlets[c];
    let t = model.fmt_time(model.clock.at(call.source, call.start));
    let (word, role) = outcome(call);
    // Only EWS and Autodiscover carry Exchange Online's calls back; other traffic (Outlook on
    // MAPI, OWA) merely ran at the same time and must not read as the call's own.
    let uri = &model.data.analysis.handshakes[h].uri;
    let lead = if crate::analyze::correlate::is_callback_uri(uri) {
        "HCW call"
    } else {
        "Other traffic during HCW call"
    };
    Line::from(vec![
        styled(
            format!(" {lead} {t} {} ", clean(&call.name)),
            Role::Plain,
            theme,
        ),
        styled(word, role, theme),
    ])
}

/// The front end's view of a leg ([`crate::analyze::proxyjoin::describe`]) with what it saw
/// first and its request id (a GUID, 36 columns) last, so a cut at 80 columns keeps the
/// meaning: `NTLM, not authenticated; 401 to the client; … (request 7d3e5a10-…)`.
fn front_end(text: String, request_id: &str) -> String {
    let head = format!("HttpProxy {request_id}: ");
    match text.strip_prefix(&head) {
        Some(view) => format!("{view} (request {request_id})"),
        None => text,
    }
}
