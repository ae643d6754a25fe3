//! Pane rows as plain data (text pieces with roles), built for visible rows only.
//!
//! HCW: `HH:MM:SS.mmm LVL message`; IIS: `HH:MM:SS c-ip METHOD /uri status.sub win32 user`;
//! HTTPERR: `HH:MM:SS c-ip METHOD /uri status s-reason` (a number not logged shows as `-`).
//! All log text is escaped here, before it can reach the terminal.

use crate::escape::escape_control;
use crate::index::Field;
use crate::record::HcwLevel;
use crate::tui::model::Model;
use crate::tui::model::data::call_failed;
use crate::tui::model::row::RowRef;
use crate::tui::view::theme::{Role, Theme};
use ratatui::text::{Line, Span};
use regex::Regex;

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

/// The row of any pane.
pub fn row(model: &Model, r: RowRef) -> RowVm {
    match r {
        RowRef::Hcw(e) => hcw(model, e),
        RowRef::Iis(k, i) => super::events::row(model, r).unwrap_or_else(|| iis(model, k, i)),
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
/// cmdlet name the cmdlet and its outcome).
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
                crate::analyze::cmdlet::CmdletOutcome::Success => "",
                crate::analyze::cmdlet::CmdletOutcome::Failed => " -> Failed",
                crate::analyze::cmdlet::CmdletOutcome::Error => " -> Error",
            };
            clean(&format!("{}: {}{outcome}", c.name, first.trim()))
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

/// The server cell of a request row when several servers are loaded: as wide as the widest
/// server's name needs, at most 8 columns (14 from 120 columns on), each cut by [`server_cell`].
pub fn server_column(model: &Model, idx: &crate::index::RequestIndex, row: usize) -> String {
    let cap = if model.size.0 >= 120 { 14 } else { 8 };
    let width = model
        .data
        .analysis
        .sources
        .iter()
        .filter(|s| s.kind != crate::source::SourceKind::Hcw)
        .map(|s| server_cell(&clean(&s.server), cap).chars().count())
        .max()
        .unwrap_or(cap)
        .clamp(4, cap);
    let short = server_cell(&clean(idx.field(Field::Server, row)), width);
    format!(" {short:<width$}")
}

/// A server label in `width` characters that still tells servers apart: a site folder is
/// shortened to its number (`EX01/W3SVC2` → `EX01/2`, the default site's `/W3SVC1` dropped),
/// and a longer name keeps its head and its tail, where names of one farm differ
/// (`EXCHANGE-FE-01` → `EXC…E-01`).
pub fn server_cell(label: &str, width: usize) -> String {
    let (name, site) = match label.rsplit_once('/') {
        Some((name, folder))
            if folder.len() > 5
                && folder
                    .get(..5)
                    .is_some_and(|h| h.eq_ignore_ascii_case("W3SVC"))
                && folder.bytes().skip(5).all(|b| b.is_ascii_digit()) =>
        {
            let id = folder.get(5..).unwrap_or("");
            (
                name,
                if id == "1" {
                    String::new()
                } else {
                    format!("/{id}")
                },
            )
        }
        _ => (label, String::new()),
    };
    let n = name.chars().count();
    let room = width.saturating_sub(site.len());
    if n <= room {
        return format!("{name}{site}");
    }
    let tail = room.saturating_sub(1) / 2 + usize::from(room > 2);
    let head = room.saturating_sub(1 + tail);
    let mut out: String = name.chars().take(head).collect();
    out.push('…');
    out.extend(name.chars().skip(n - tail.min(n)));
    out.push_str(&site);
    out.chars().take(width.max(1)).collect()
}

fn iis(model: &Model, k: u16, i: u32) -> RowVm {
    let mut vm = RowVm::default();
    let Some(idx) = model.data.analysis.requests.get(usize::from(k)) else {
        return vm;
    };
    let r = RowRef::Iis(k, i);
    let row = i as usize;
    let t = model.fmt_time(model.time_of(r));
    vm.push(t.get(..8).unwrap_or(&t).to_string(), Role::Time);
    if model.data.analysis.requests.len() > 1 {
        vm.push(server_column(model, idx, row), Role::Dim);
    }
    let st = idx.status(row);
    let reason = idx.field(Field::Reason, row);
    let mut role = status_role(model, r, st);
    if crate::codes::httperr::httperr_is_failure(reason) {
        role = Role::Error;
    } else if idx.numbers(row).absent(crate::index::Numbers::STATUS) && role == Role::Plain {
        role = Role::Dim;
    }
    let text_role = if role == Role::Error {
        Role::Error
    } else {
        Role::Plain
    };
    vm.push(
        format!(
            " {} {} {} ",
            clean(idx.field(Field::Client, row)),
            clean(idx.field(Field::Method, row)),
            clean(idx.field(Field::Uri, row))
        ),
        text_role,
    );
    vm.push(idx.status_text(row), role);
    if !reason.is_empty() {
        vm.push(format!(" {}", clean(reason)), role);
    }
    let user = idx.field(Field::User, row);
    if !user.is_empty() {
        vm.push(format!(" {}", clean(user)), text_role);
    }
    vm
}

#[cfg(test)]
mod tests {
    use super::server_cell;

    #[test]
    fn server_cells_keep_servers_of_one_farm_apart() {
        let cells: Vec<String> = ["EXCHANGE-FE-01/W3SVC1", "EXCHANGE-FE-02/W3SVC1"]
            .iter()
            .map(|l| server_cell(l, 8))
            .collect();
        assert_eq!(cells, ["EXC…E-01", "EXC…E-02"]);
        assert_eq!(server_cell("EX01/W3SVC1", 8), "EX01");
        assert_eq!(server_cell("EX01/w3svc1", 8), "EX01");
        assert_eq!(server_cell("EX01/W3SVC2", 8), "EX01/2");
        assert_eq!(server_cell("EXCHANGE-FE-01/W3SVC2", 8), "EX…-01/2");
        assert_eq!(server_cell("EXCHANGE-FE-01/W3SVC1", 14), "EXCHANGE-FE-01");
        assert_eq!(server_cell("10.0.0.5", 8), "10.0.0.5");
        for w in 0..10 {
            for l in [
                "",
                "a",
                "EXCHANGE-FE-01",
                "ÄÖÜ-Ümlaut-Server-01/W3SVC3",
                "x/ÄÖÜ-Ü",
            ] {
                assert!(server_cell(l, w).chars().count() <= w.max(1), "{l} {w}");
            }
        }
    }
}
