//! Pane rows as plain data (text pieces with roles), built for visible rows only.
//!
//! HCW: `HH:MM:SS.mmm LVL message`; IIS: `HH:MM:SS c-ip METHOD /uri status.sub win32 user`
//! ([`iis`], fitted to the pane); HTTPERR: `HH:MM:SS c-ip METHOD /uri status s-reason` (a
//! number not logged shows as `-`); a server cell after the time when the logs name more
//! than one server. What every row of a frame shares is derived once ([`Frame`]).
//! All log text is escaped here, before it can reach the terminal.

use crate::escape::escape_control;
use crate::record::HcwLevel;
use crate::tui::model::Model;
use crate::tui::model::data::call_failed;
use crate::tui::model::row::RowRef;
use crate::tui::view::server::ServerColumn;
use crate::tui::view::theme::{Role, Theme};
use ratatui::text::{Line, Span};
use regex::Regex;

mod iis;

const MAX_TEXT: usize = 600;

/// One row: text pieces with roles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowVm {
    /// Pieces in order.
    pub spans: Vec<(String, Role)>,
}

impl RowVm {
    fn push(&mut self, text: impl Into<String>, role: Role) {
        self.spans.push((text.into(), role));
    }

    /// The row as one string.
    pub fn text(&self) -> String {
        self.spans.iter().map(|(t, _)| t.as_str()).collect()
    }

    /// Splits pieces so that regex matches get the Match role.
    pub fn highlight(self, regex: &Regex) -> RowVm {
        let mut out = RowVm::default();
        for (text, role) in self.spans {
            let mut at = 0;
            for m in regex.find_iter(&text) {
                if m.start() == m.end() {
                    continue;
                }
                if m.start() > at {
                    out.push(&text[at..m.start()], role);
                }
                out.push(m.as_str(), Role::Match);
                at = m.end();
            }
            if at < text.len() {
                out.push(&text[at..], role);
            }
        }
        out
    }

    /// A styled line.
    pub fn line(&self, theme: &Theme) -> Line<'static> {
        Line::from(
            self.spans
                .iter()
                .map(|(t, r)| Span::styled(t.clone(), theme.style(*r)))
                .collect::<Vec<_>>(),
        )
    }
}

/// Escapes control characters, keeping the whole text (popups wrap it).
pub fn clean_full(text: &str) -> String {
    escape_control(text).into_owned()
}

/// Escapes control characters and caps the length of a log text for one screen line.
pub fn clean(text: &str) -> String {
    let mut end = text.len().min(MAX_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    escape_control(&text[..end]).into_owned()
}

/// What every row of a frame shares, derived once per frame: the columns a row may take and
/// the server column.
pub struct Frame<'a> {
    /// Columns a row may take (`None`: whole).
    pub cols: Option<usize>,
    /// The server column of request and event rows, when shown.
    pub servers: Option<ServerColumn<'a>>,
}

impl<'a> Frame<'a> {
    /// What rows drawn in `cols` columns (`None`: whole) share.
    pub fn of(model: &'a Model, cols: Option<usize>) -> Frame<'a> {
        Frame {
            cols,
            servers: ServerColumn::of(model),
        }
    }
}

/// The row of any pane, whole (one row alone: rows drawn together share a [`Frame`]).
pub fn row(model: &Model, r: RowRef) -> RowVm {
    row_in(model, r, &Frame::of(model, None))
}

/// The row of any pane in the frame's columns: a request row too wide gives up parts an
/// admin can spare ([`iis::row`]); what still does not fit the pane cuts at its edge.
pub fn row_in(model: &Model, r: RowRef, frame: &Frame<'_>) -> RowVm {
    match r {
        RowRef::Hcw(e) => hcw(model, e),
        RowRef::Iis(k, i) => super::events::row(model, r, frame.servers.as_ref())
            .unwrap_or_else(|| iis::row(model, k, i, frame)),
    }
}

/// The role of an HCW entry: failing calls and errors red, warnings yellow.
pub fn hcw_role(model: &Model, e: u32) -> Role {
    let data = &model.data;
    let failed_call = data
        .call_of(RowRef::Hcw(e))
        .is_some_and(|c| call_failed(&data.analysis.cmdlets[c]));
    if failed_call {
        return Role::Error;
    }
    match data.analysis.hcw.get(e as usize).map(|x| x.level) {
        Some(HcwLevel::Error) => Role::Error,
        Some(HcwLevel::Warning) => Role::Warn,
        _ => Role::Plain,
    }
}

/// The one-line text of an HCW entry (message, else its first body line; FINISH lines of a
/// cmdlet name the cmdlet and, when it did not succeed, its outcome as a ticket's heading
/// words it, before the FINISH text so a cut at the pane's edge keeps it:
/// `Test-MigrationServerAvailability FAILED: FINISH Time=5428,0ms …`).
pub fn hcw_text(model: &Model, e: u32) -> String {
    let data = &model.data;
    let Some(entry) = data.analysis.hcw.get(e as usize) else {
        return String::new();
    };
    let first = if entry.message.trim().is_empty() {
        entry.body.lines().next().unwrap_or("")
    } else {
        entry.message.as_str()
    };
    let call = data
        .call_of(RowRef::Hcw(e))
        .map(|c| &data.analysis.cmdlets[c]);
    match call {
        Some(c) if c.line != entry.line => {
            let outcome = match c.outcome {
                crate::analyze::cmdlet::CmdletOutcome::Success => String::new(),
                _ => format!(" {}", crate::export::call_word(c)),
            };
            clean(&format!("{}{outcome}: {}", c.name, first.trim()))
        }
        // A parameterless call logs a bare `START `, and some command lines start with their
        // arguments: the name comes from the bracket context.
        Some(c) if first.trim() == "START" => clean(&format!("START {}", c.name)),
        Some(c) if lacks_name(first, &c.name) => {
            let args = first.trim().trim_start_matches("START").trim_start();
            clean(&format!("START {} {args}", c.name))
        }
        Some(_) => clean(first.trim()),
        None => match scope(entry) {
            Some(what) => clean(&format!("{what}: {}", first.trim())),
            None => clean(first.trim()),
        },
    }
}

/// True for `START <args>` whose command line does not begin with the cmdlet's name.
fn lacks_name(first: &str, name: &str) -> bool {
    let Some(rest) = first.trim().strip_prefix("START ") else {
        return false;
    };
    let rest = rest.trim_start();
    !name.is_empty()
        && !rest
            .get(..name.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(name))
}

/// For bare `START` / `FINISH` lines: what started or finished, from the bracket context.
fn scope(entry: &crate::record::HcwEntry) -> Option<&str> {
    let t = entry.message.trim_start();
    let t = if t.is_empty() {
        entry.body.trim_start()
    } else {
        t
    };
    if !(t.starts_with("START") || t.starts_with("FINISH")) {
        return None;
    }
    const KEYS: [&str; 8] = [
        "Cmdlet",
        "Action",
        "Task",
        "Activity",
        "Workflow",
        "Page",
        "ExecuteHighlandsServiceRequest",
        "fn",
    ];
    KEYS.iter().find_map(|k| entry.ctx(k))
}

fn hcw(model: &Model, e: u32) -> RowVm {
    let mut vm = RowVm::default();
    let Some(entry) = model.data.analysis.hcw.get(e as usize) else {
        return vm;
    };
    let t = model.time_of(RowRef::Hcw(e));
    vm.push(model.fmt_time(t), Role::Time);
    let role = hcw_role(model, e);
    let level = match entry.level {
        HcwLevel::Error => " ERR ",
        HcwLevel::Warning => " WRN ",
        HcwLevel::Info => "     ",
    };
    vm.push(level, role);
    vm.push(hcw_text(model, e), role);
    vm
}

/// The role of a request's status: failed final legs and 5xx red, handshake challenges dim.
pub fn status_role(model: &Model, r: RowRef, (status, sub, win32): (u16, u16, u32)) -> Role {
    let failed_leg = model.data.handshake_of(r).is_some_and(|h| {
        let hs = &model.data.analysis.handshakes[h];
        hs.outcome == crate::analyze::handshake::HandshakeOutcome::Failed
            && model.data.final_leg_row(hs) == Some(r)
    });
    match (status, sub, win32) {
        _ if failed_leg => Role::Error,
        _ if crate::codes::is_benign_challenge(status, sub, win32) => Role::Dim,
        (401, 1, w) if w != 0 => Role::Error,
        (500..=599, _, _) => Role::Error,
        (400..=499, _, _) => Role::Warn,
        (200..=399, _, _) => Role::Ok,
        _ => Role::Plain,
    }
}
