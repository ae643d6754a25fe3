//! Windows Security events in the explorer. They are rows of the IIS pane (merged by time with
//! the requests of the same servers, so a failed leg and the event that says why sit together),
//! drawn as `HH:MM:SS [server] 4625 bad password (0xC000006A) DOMAIN\user WORKSTATION
//! 10.0.5.20 type 3 NTLM V2`; the detail pane decodes the event and names the handshake it
//! explains, and a handshake's detail names its event. Log text is escaped here.

use crate::analyze::handshake::HandshakeOutcome;
use crate::pipeline::{SecurityEvent, SecurityEventKind};
use crate::source::SourceKind;
use crate::tui::model::Model;
use crate::tui::model::row::RowRef;
use crate::tui::view::rows::{RowVm, clean};
use crate::tui::view::server::ServerColumn;
use crate::tui::view::theme::{Role, Theme};
use ratatui::text::{Line, Span};

/// The Security event a pane row shows, if the row is one.
pub fn event_of(model: &Model, row: RowRef) -> Option<&SecurityEvent> {
    model.event_at(row)
}

/// How an event is coloured: failures red, NTLM V1 logons yellow, other logons plain.
fn role(e: &SecurityEvent) -> Role {
    if e.is_failure() {
        Role::Error
    } else if e.is_ntlm_v1() {
        Role::Warn
    } else {
        Role::Plain
    }
}

/// The pane row of a Security event, its server cell from the frame's `servers`; `None`
/// when the row is not one.
pub fn row(model: &Model, row: RowRef, servers: Option<&ServerColumn<'_>>) -> Option<RowVm> {
    let e = event_of(model, row)?;
    let RowRef::Iis(k, r) = row else {
        return None;
    };
    let mut vm = RowVm::default();
    let t = model.fmt_time(model.time_of(row));
    vm.spans
        .push((t.get(..8).unwrap_or(&t).to_string(), Role::Time));
    if let Some(servers) = servers {
        let idx = model.data.analysis.requests.get(usize::from(k))?;
        vm.spans.push((servers.cell(idx, r as usize), Role::Dim));
    }
    let role = role(e);
    vm.spans
        .push((format!(" {} {}", e.id(), e.reason_words()), role));
    let mut rest = String::new();
    for part in [e.account(), e.workstation.clone(), e.ip.clone()]
        .into_iter()
        .flatten()
    {
        rest.push(' ');
        rest.push_str(&part);
    }
    if let Some(t) = e.logon_type {
        rest.push_str(&format!(" type {t}"));
    }
    if let Some(p) = e.package_label() {
        rest.push(' ');
        rest.push_str(&p);
    }
    let text_role = if role == Role::Error {
        Role::Error
    } else {
        Role::Plain
    };
    vm.spans.push((clean(&rest), text_role));
    Some(vm)
}

/// Title and lines of the detail pane for a Security event row; `None` when the row is not one.
pub fn detail(model: &Model, row: RowRef, theme: &Theme) -> Option<(String, Vec<Line<'static>>)> {
    let e = event_of(model, row)?;
    let style = |r: Role| theme.style(r);
    let title = format!("Security event {} (record {})", e.id(), e.record_id);
    let mut out = vec![Line::from(Span::styled(e.describe(), style(role(e))))];
    for (name, code) in [("Status", e.status), ("SubStatus", e.sub_status)] {
        let Some(code) = code.filter(|&c| c != 0) else {
            continue;
        };
        let words = crate::codes::ntstatus::lookup(code)
            .map(|i| format!("{} - {}", i.name, i.meaning))
            .unwrap_or_else(|| "not in the table".to_string());
        out.push(Line::from(Span::styled(
            clean(&format!("{name} {}: {words}", crate::codes::hex(code))),
            style(Role::Plain),
        )));
    }
    let log = &model.data.analysis.security;
    let index = log.at(e.source, e.line);
    let handshake = index
        .and_then(|i| log.handshake_for(i))
        .and_then(|h| model.data.analysis.handshakes.get(h));
    if let Some(h) = handshake {
        out.push(Line::from(Span::styled(
            clean(&format!(
                "Explains the failed handshake {} {} from {}",
                h.method, h.uri, h.client
            )),
            style(Role::Error),
        )));
    } else if e.kind == SecurityEventKind::LogonFailure {
        out.push(Line::from(Span::styled(
            "No failed IIS handshake from this user or address within 2 s",
            style(Role::Dim),
        )));
    }
    // The event as one line, like every line shown as logged: from the line cache.
    let line = crate::tui::update::lines::line_of(model, row);
    out.push(Line::from(Span::styled(
        crate::escape::escape_control(model.lines.shown(line)).into_owned(),
        style(Role::Plain),
    )));
    Some((title, out))
}

/// The line naming the Security event that explains a failed handshake, if one is linked:
/// `Security 4625: bad password (0xC000006A), NTLM, … from 10.0.5.20`.
pub fn handshake_line(model: &Model, h: usize, theme: &Theme) -> Option<Line<'static>> {
    let hs = model.data.analysis.handshakes.get(h)?;
    if hs.outcome != HandshakeOutcome::Failed {
        return None;
    }
    let e = model.data.analysis.security.event_for(h)?;
    let t = model.fmt_time(model.clock.at(e.source, e.time));
    Some(Line::from(vec![
        Span::styled(
            format!(" {} ", t.get(..8).unwrap_or(&t)),
            theme.style(Role::Time),
        ),
        Span::styled(e.summary(), theme.style(Role::Error)),
    ]))
}

/// What the sources list says of an `.evtx` file: `636 records (4624: 126, 4625: 15, 4776: 21)`,
/// and how many events the time window left out; `None` for other sources.
pub fn source_counts(model: &Model, s: &crate::source::SourceInfo) -> Option<String> {
    if s.kind != SourceKind::Evtx {
        return None;
    }
    let f = model
        .data
        .analysis
        .security
        .sources
        .iter()
        .find(|f| f.source == s.id)?;
    let counts: Vec<String> = [4624, 4625, 4776]
        .iter()
        .map(|id| format!("{id}: {}", f.counts.get(id).copied().unwrap_or(0)))
        .collect();
    let mut text = format!("{} records ({})", f.records, counts.join(", "));
    if f.outside > 0 {
        text.push_str(&format!(", {} events outside the time window", f.outside));
    }
    Some(text)
}
