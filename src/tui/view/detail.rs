//! The detail pane: the selected handshake decoded leg by leg, or the line under the cursor
//! (an HCW entry with its cmdlet call, or an IIS request with its status decoded).

use crate::analyze::cmdlet::{CmdletCall, CmdletOutcome};
use crate::analyze::handshake::{AuthKind, Handshake, HandshakeOutcome};
use crate::escape::escape_control;
use crate::tui::decode;
use crate::tui::keymap::Mode;
use crate::tui::model::Model;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::view::cut::cut_line;
use crate::tui::view::rows::{self, clean};
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

mod during;

pub use during::call_handshakes;

/// Draws the detail pane.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let (title, lines) = content(model, theme);
    // The title rides on the top border: cut like a line, never mid-word (`legs in two f`).
    let title = cut_line(
        &Line::from(clean(&title)),
        usize::from(area.width).saturating_sub(2),
    )
    .to_string();
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.style(Role::Dim))
        .title(Span::styled(format!(" {title} "), theme.style(Role::Title)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = fit(lines, usize::from(inner.width), usize::from(inner.height));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Title and lines for the current selection.
pub fn content(model: &Model, theme: &Theme) -> (String, Vec<Line<'static>>) {
    let Some(row) = model.cursor_row(model.focus) else {
        return ("Detail".into(), nothing_here(model, theme));
    };
    let hs = (model.focus == PaneId::Iis)
        .then(|| model.current_handshake())
        .flatten();
    if let Some(h) = hs {
        // The grouping words ride in the title, so the legs keep every line of a small pane.
        let words = clean(&model.data.analysis.handshakes[h].grouping_words());
        return (format!("Handshake - {words}"), handshake(model, h, theme));
    }
    if let Some(event) = super::events::detail(model, row, theme) {
        return event;
    }
    match row {
        RowRef::Hcw(e) => (
            format!("HCW entry {}", model.data.line_of(row)),
            hcw(model, e, theme),
        ),
        RowRef::Iis(..) => (
            format!("IIS line {}", model.data.line_of(row)),
            iis(model, row, theme),
        ),
    }
}

/// The focused pane has no line (no log of its kind, the time window, filters): say so and
/// how to get back, instead of an empty detail after `Tab`.
fn nothing_here(model: &Model, theme: &Theme) -> Vec<Line<'static>> {
    let other = match model.focus {
        PaneId::Hcw => PaneId::Iis,
        PaneId::Iis => PaneId::Hcw,
    };
    let key = model
        .settings
        .keymap
        .key_for(Mode::Normal, crate::tui::action::Action::FocusNextPane)
        .unwrap_or_else(|| "Tab".into());
    let back = if model.pane_len(other) > 0 {
        format!("; {key}: back to the {} pane", other.name())
    } else {
        String::new()
    };
    vec![Line::from(styled(
        format!(
            "The {} pane has no line (the pane says why){back}",
            model.focus.name()
        ),
        Role::Dim,
        theme,
    ))]
}

fn styled(text: impl Into<String>, role: Role, theme: &Theme) -> Span<'static> {
    Span::styled(text.into(), theme.style(role))
}

/// The status (`403.0`) of a handshake whose logon succeeded but whose request was then refused
/// ([`Handshake::refused_after_logon`]).
pub fn refused(hs: &Handshake) -> Option<String> {
    hs.refused_after_logon()
        .map(|(status, sub)| format!("{status}.{sub}"))
}

/// The lines describing a handshake.
pub fn handshake(model: &Model, h: usize, theme: &Theme) -> Vec<Line<'static>> {
    let hs: &Handshake = &model.data.analysis.handshakes[h];
    let (outcome, role) = match hs.outcome {
        HandshakeOutcome::Success => match refused(hs) {
            Some(status) => (format!("LOGON OK, REFUSED {status}"), Role::Warn),
            None => ("SUCCEEDED".to_string(), Role::Ok),
        },
        HandshakeOutcome::Abandoned => ("ABANDONED".to_string(), Role::Warn),
        HandshakeOutcome::Failed => {
            let name = match (hs.failure_code, hs.final_leg().and_then(|l| l.win32_text())) {
                (Some(c), _) => {
                    decode::failure_name(c).map_or(format!("0x{c:08X}"), str::to_string)
                }
                (None, Some(crate::analyze::handshake::WIN32_NOT_LOGGED) | None) => {
                    "(code not logged)".to_string()
                }
                (None, Some(raw)) => format!("sc-win32-status {} (unknown)", clean(raw)),
            };
            (format!("FAILED {name}"), Role::Error)
        }
    };
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
    let mut out = vec![Line::from(vec![
        styled(outcome, role, theme),
        styled(
            format!(
                " {} {} from {}{via} | {auth}",
                clean(&hs.method),
                clean(&hs.uri),
                clean(&hs.client)
            ),
            Role::Plain,
            theme,
        ),
    ])];
    out.extend(super::events::handshake_line(model, h, theme));
    out.push(call_line(model, h, theme));
    let first_source = hs.legs.first().map(|l| l.source);
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
        let mut spans = vec![
            styled(format!(" {} ", t.get(..8).unwrap_or(&t)), Role::Time, theme),
            styled(text, leg_role, theme),
        ];
        if !leg.user.is_empty() {
            spans.push(styled(
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
            spans.push(styled(" (user not logged)", Role::Dim, theme));
        }
        if let Some(other) = hs
            .split
            .as_deref()
            .filter(|_| Some(leg.source) != first_source)
        {
            spans.push(styled(format!(" on {}", clean(other)), Role::Warn, theme));
        }
        out.push(Line::from(spans));
        // The front end's view of the leg, when an HttpProxy row is joined to it (cafeReqId).
        let a = &model.data.analysis;
        if let Some(r) = a.proxy_of(leg.source, u64::from(leg.line)) {
            let view = clean(&crate::analyze::proxyjoin::describe(r));
            out.push(Line::from(styled(
                format!("          front end: {view}"),
                Role::Dim,
                theme,
            )));
        }
    }
    out
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

/// `succeeded after 7.3 s` · `FAILED after 51.4 s`, with its colour.
pub fn outcome(call: &CmdletCall) -> (String, Role) {
    let took = call.duration_ms.map(duration).unwrap_or_default();
    match call.outcome {
        CmdletOutcome::Success => (format!("succeeded{took}"), Role::Ok),
        CmdletOutcome::Failed => (format!("FAILED{took}"), Role::Error),
        CmdletOutcome::Error => (format!("ERROR{took}"), Role::Error),
    }
}

fn duration(ms: f64) -> String {
    if ms >= 1000.0 {
        format!(" after {:.1} s", ms / 1000.0)
    } else {
        format!(" after {ms:.0} ms")
    }
}

fn hcw(model: &Model, e: u32, theme: &Theme) -> Vec<Line<'static>> {
    let data = &model.data;
    let Some(entry) = data.analysis.hcw.get(e as usize) else {
        return Vec::new();
    };
    let t = model.fmt_time(model.time_of(RowRef::Hcw(e)));
    let mut head = format!("{t} {}", model.zone_label());
    if let Some(id) = entry.event_id {
        head.push_str(&format!(" | event {id}"));
    }
    let is_call = data.call_of(RowRef::Hcw(e)).is_some();
    for key in ["Cmdlet", "Task", "Thread"] {
        if key == "Cmdlet" && is_call {
            continue;
        }
        if let Some(v) = entry.ctx(key) {
            head.push_str(&format!(" | {key}={}", clean(v)));
        }
    }
    if let Some(k) = model
        .settings
        .keymap
        .key_for(Mode::Normal, crate::tui::action::Action::OpenLine)
    {
        let what = if is_call { "whole call" } else { "whole entry" };
        head.push_str(&format!(" | {k}: {what}"));
    }
    let mut out = vec![Line::from(styled(head, Role::Plain, theme))];
    let role = rows::hcw_role(model, e);
    if let Some(c) = data.call_of(RowRef::Hcw(e)) {
        let call = &data.analysis.cmdlets[c];
        let (word, r) = outcome(call);
        let mut spans = vec![
            styled(clean(&call.name), Role::Title, theme),
            styled(" ", Role::Plain, theme),
            styled(word, r, theme),
        ];
        if let Some(ok) = crate::analyze::cmdlet::later_success(&data.analysis.cmdlets, call) {
            let clock = model.fmt_time(ok.start);
            let when = format!(
                "{} {}",
                model.fmt_date(ok.start),
                clock.get(..5).unwrap_or("")
            );
            let note = format!(" (a later run at {when} {} succeeded)", model.zone_label());
            spans.push(styled(note, Role::Dim, theme));
        }
        out.push(Line::from(spans));
        if let Some(err) = &call.error {
            out.push(Line::from(styled(clean(err), Role::Error, theme)));
        }
        out.push(call_handshakes(model, c, theme));
        if crate::analyze::correlate::reaches_mrs(call)
            && let Some(offer) = crate::tui::update::open::skew_offer(model)
        {
            out.push(Line::from(styled(offer, Role::Warn, theme)));
        }
    } else {
        let text = entry.full_text();
        for l in text.lines().filter(|l| !stack_frame(l)).take(8) {
            out.push(Line::from(styled(clean(l), role, theme)));
        }
    }
    out
}

/// A .NET stack trace's frame or separator (`   at …`, `--- End of inner exception stack
/// trace ---`): the detail pane's few rows go to the exception's message instead (Enter shows
/// the whole entry, frames included).
fn stack_frame(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("at ") || (t.starts_with("--- End of ") && t.trim_end().ends_with(" ---"))
}

fn iis(model: &Model, row: RowRef, theme: &Theme) -> Vec<Line<'static>> {
    let RowRef::Iis(k, r) = row else {
        return Vec::new();
    };
    let Some(idx) = model.data.analysis.requests.get(usize::from(k)) else {
        return Vec::new();
    };
    let st = idx.status(r as usize);
    let role = rows::status_role(model, row, st);
    let mut out = Vec::new();
    if let Some(text) = decode::describe_row(idx, r as usize) {
        out.push(Line::from(styled(text, role, theme)));
    }
    let reason = idx.field(crate::index::Field::Reason, r as usize);
    if let Some(text) = decode::describe_reason(reason) {
        let role = if crate::codes::httperr::httperr_is_failure(reason) {
            Role::Error
        } else {
            Role::Plain
        };
        out.push(Line::from(styled(text, role, theme)));
    }
    let line = crate::tui::update::lines::line_of(model, row);
    out.push(Line::from(styled(
        escape_control(model.lines.shown(line)).into_owned(),
        Role::Plain,
        theme,
    )));
    out
}
