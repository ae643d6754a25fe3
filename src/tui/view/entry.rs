//! One line shown whole: an HCW entry with every continuation line (object dumps one property
//! per line), the whole cmdlet call for a START or FINISH ([`crate::tui::view::call`]), or an
//! IIS request with its fields and decoded status.

use crate::index::Field;
use crate::record::HcwLevel;
use crate::tui::decode;
use crate::tui::model::Model;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::row::RowRef;
use crate::tui::view::dump;
use crate::tui::view::popup;
use crate::tui::view::rows::{self, clean, clean_full};
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::{label_hang, wrap_hanging};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The popup's lines, wrapped to `cols`.
pub fn lines(model: &Model, row: RowRef, cols: usize) -> Vec<Line<'static>> {
    let theme = Theme::new(model.settings.color);
    let raw = match row {
        RowRef::Hcw(e) => match model.data.call_of(row) {
            Some(c) => crate::tui::view::call::lines(model, c, cols, &theme),
            None => hcw(model, e, &theme),
        },
        RowRef::Iis(k, r) => iis(model, k, r, &theme),
    };
    raw.iter()
        .flat_map(|l| wrap_hanging(l, cols, label_hang(l)))
        .collect()
}

fn field(name: &str, value: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name:<9}"), theme.style(Role::Heading)),
        Span::styled(value, theme.style(Role::Plain)),
    ])
}

fn source_text(model: &Model, row: RowRef, line: u64) -> String {
    let id = model.data.source_of(row);
    let sources = &model.data.analysis.sources;
    crate::source::by_id(sources, id)
        .map(|s| {
            // As the report cites it: the file's name, with as much of its path as tells it
            // from the loaded files of that name (`W3SVC1/u_ex250312.log`).
            let file = crate::source::cited_name(sources, id);
            format!("{} {} line {line}", s.kind.tag(), clean(&file))
        })
        .unwrap_or_default()
}

/// An HCW entry whole: time, source, level, bracket context, message and body.
pub fn hcw(model: &Model, e: u32, theme: &Theme) -> Vec<Line<'static>> {
    let Some(entry) = model.data.analysis.hcw.get(e as usize) else {
        return Vec::new();
    };
    let row = RowRef::Hcw(e);
    let t = model.time_of(row);
    let mut out = vec![
        field(
            "Time",
            format!(
                "{} {} ({})",
                t.format_in(&model.zone()),
                model.zone_label(),
                t.rfc3339()
            ),
            theme,
        ),
        field(
            "Written",
            entry.local.rfc3339().replace('Z', " (HCW clock)"),
            theme,
        ),
        field("Source", source_text(model, row, entry.line), theme),
    ];
    let level = match entry.level {
        HcwLevel::Info => "info",
        HcwLevel::Warning => "WARNING",
        HcwLevel::Error => "*ERROR*",
    };
    let id = entry
        .event_id
        .map_or(String::new(), |i| format!(", event {i}"));
    out.push(field("Level", format!("{level}{id}"), theme));
    for (k, v) in &entry.context {
        out.push(field(
            "",
            format!("{}={}", clean_full(k), clean_full(v)),
            theme,
        ));
    }
    out.push(Line::default());
    let role = rows::hcw_role(model, e);
    if !entry.message.trim().is_empty() {
        out.push(Line::from(Span::styled(
            clean_full(&entry.message),
            theme.style(role),
        )));
    }
    for l in dump::expand(&entry.body) {
        out.push(Line::from(Span::styled(clean_full(&l), theme.style(role))));
    }
    out
}

fn iis(model: &Model, k: u16, r: u32, theme: &Theme) -> Vec<Line<'static>> {
    let Some(idx) = model.data.analysis.requests.get(usize::from(k)) else {
        return Vec::new();
    };
    let row = RowRef::Iis(k, r);
    let i = r as usize;
    let t = model.time_of(row);
    let res = crate::source::resolution(&model.data.analysis.sources, idx.source);
    let mut out = vec![
        field(
            "Time",
            format!(
                "{} {}",
                crate::time::clock(t, &model.zone(), res),
                model.zone_label()
            ),
            theme,
        ),
        field("Source", source_text(model, row, idx.line_no(i)), theme),
    ];
    if let Some(text) = decode::describe_row(&model.data.analysis.sources, idx, i) {
        out.push(field("Status", text, theme));
    }
    if let Some(text) = decode::describe_reason(idx.field(Field::Reason, i)) {
        out.push(field("Reason", text, theme));
    }
    for (name, f) in [
        ("Client", Field::Client),
        ("Method", Field::Method),
        ("URI", Field::Uri),
        ("User", Field::User),
        ("Agent", Field::Agent),
    ] {
        let v = idx.field(f, i);
        if !v.is_empty() {
            out.push(field(name, clean_full(v), theme));
        }
    }
    let server = idx.field(Field::Server, i);
    if !server.is_empty() {
        out.push(field("Server", server_text(model, row, server), theme));
    }
    out.push(field("Took", idx.time_taken_text(i), theme));
    if let Some(h) = model.data.handshake_of(row) {
        out.push(Line::default());
        out.extend(crate::tui::view::detail::handshake(model, h, theme));
    }
    out.push(Line::default());
    let text = model
        .lines
        .shown(crate::tui::update::lines::line_of(model, row));
    out.push(Line::from(Span::styled(
        crate::escape::escape_control(text).into_owned(),
        theme.style(Role::Plain),
    )));
    if text.len() >= crate::read::text::MAX_LINE {
        out.push(Line::from(Span::styled(
            format!(
                "\u{2026} the line goes on: only its first {} KiB are read back",
                crate::read::text::MAX_LINE / 1024
            ),
            theme.style(Role::Dim),
        )));
    }
    out
}

/// A request's server by its machine's one name, and the spelling its line logs when that
/// differs (`EX01 (logged ex01.contoso.com)`). The rows of a file that logs no
/// `s-computername` (an HTTPERR log, a field list without it) hold the name the load gave the
/// file, from its folder or its machine's IIS logs: no spelling the line logged.
fn server_text(model: &Model, row: RowRef, server: &str) -> String {
    let names = model.data.analysis.server_names();
    let name = names.at(server, model.data.source_of(row));
    let name = name.as_ref();
    let source = crate::source::by_id(&model.data.analysis.sources, model.data.source_of(row));
    let logged = source.is_none_or(|s| !s.stats.computer.is_empty());
    let is_name =
        server.parse::<std::net::IpAddr>().is_err() && !crate::read::is_folder_label(server);
    match (logged, name == server) {
        (true, true) => clean_full(server),
        (true, false) => format!("{} (logged {})", clean_full(name), clean_full(server)),
        (false, _) if is_name => format!("{} (not logged by the line)", clean_full(name)),
        (false, _) => clean_full(name),
    }
}

/// Draws the entry popup.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(Overlay::Entry { row, scroll }) = model.overlay else {
        return;
    };
    let (_, cols) = crate::tui::layout::popup_inner(area);
    let title = match row {
        RowRef::Hcw(_) if model.data.call_of(row).is_some() => "HCW call: START, FINISH, result",
        RowRef::Hcw(_) => "HCW entry",
        RowRef::Iis(..) => "IIS request",
    };
    popup::draw_lines(frame, area, title, lines(model, row, cols), scroll, theme);
}
