//! The overview's tables as lines: a heading, column headers and up to [`ROWS`] rows each
//! carrying the filter Enter applies; a table with no row says why instead (`empty.rs`).

use super::empty;
use crate::analyze::cmdlet::CmdletOutcome;
use crate::analyze::handshake::HandshakeOutcome;
use crate::analyze::overview::Overview;
use crate::filter::FilterField;
use crate::tui::model::outside::LeftOut;
use crate::tui::model::overview::{OverviewLine, Pick};
use crate::tui::model::pane::PaneId;

/// Rows listed per section.
const ROWS: usize = 50;

pub(super) fn heading(text: &str, columns: &[&str]) -> [OverviewLine; 2] {
    [
        OverviewLine {
            cells: vec![text.to_string()],
            heading: true,
            bad: false,
            pick: None,
            run: None,
        },
        OverviewLine {
            cells: columns.iter().map(|c| (*c).to_string()).collect(),
            heading: false,
            bad: false,
            pick: None,
            run: None,
        },
    ]
}

fn row(
    cells: Vec<String>,
    bad: bool,
    pane: PaneId,
    field: FilterField,
    value: &str,
) -> OverviewLine {
    OverviewLine {
        cells,
        heading: false,
        bad,
        pick: Some(Pick {
            pane,
            field,
            value: value.to_string(),
        }),
        run: None,
    }
}

/// Appends a table: its heading, then its column headers and rows, or, without rows, why.
fn table(
    out: &mut Vec<OverviewLine>,
    (title, columns): (&str, &[&str]),
    rows: Vec<OverviewLine>,
    why: &str,
    filtered: bool,
) {
    let [head, cols] = heading(title, columns);
    out.push(head);
    if rows.is_empty() {
        out.push(empty::no_rows(why, filtered));
    } else {
        out.push(cols);
        out.extend(rows);
    }
}

/// The tables; `loaded` says per pane whether a log of its kind was loaded, `filtered` whether
/// the counts are of what filters keep, `left_out` what the time window left out of IIS.
pub(super) fn lines(
    o: &Overview,
    loaded: [bool; 2],
    filtered: bool,
    left_out: Option<LeftOut>,
) -> Vec<OverviewLine> {
    let mut out = Vec::new();
    if loaded[PaneId::Iis.index()] {
        iis_tables(&mut out, o, filtered);
    } else {
        out.extend(empty::not_loaded(PaneId::Iis, left_out));
    }
    if !loaded[PaneId::Hcw.index()] {
        out.extend(empty::not_loaded(PaneId::Hcw, None));
        return out;
    }
    let mut calls = Vec::new();
    for c in &o.calls {
        let bad = c.outcome != CmdletOutcome::Success;
        for (name, n) in c.names.iter().take(ROWS) {
            // The word a ticket's heading says (`succeeded`, `FAILED`, `ERROR`, `incomplete`),
            // not the code's name (`Error`).
            let word = crate::export::ended_word(c.outcome, c.log_ends).to_string();
            let cells = vec![word, name.clone(), n.to_string()];
            calls.push(row(cells, bad, PaneId::Hcw, FilterField::Cmdlet, name));
        }
    }
    table(
        &mut out,
        ("HCW calls by outcome", &["outcome", "cmdlet", "calls"]),
        calls,
        "No cmdlet call in the HCW logs",
        filtered,
    );
    out
}

fn iis_tables(out: &mut Vec<OverviewLine>, o: &Overview, filtered: bool) {
    const NO_HANDSHAKE: &str = "No NTLM or Negotiate handshake in the IIS logs";
    let mut vdirs = Vec::new();
    for r in o.vdirs.iter().take(ROWS) {
        let outcome = match (r.outcome, &r.failure) {
            (HandshakeOutcome::Failed, Some(f)) => f.clone(),
            (HandshakeOutcome::Failed, None) => "failed".to_string(),
            (HandshakeOutcome::Abandoned, _) => "abandoned".to_string(),
            (HandshakeOutcome::Success, _) => "ok".to_string(),
        };
        let bad = r.outcome != HandshakeOutcome::Success;
        let cells = vec![r.uri.clone(), outcome, r.count.to_string()];
        vdirs.push(row(cells, bad, PaneId::Iis, FilterField::Uri, &r.uri));
    }
    table(
        out,
        (
            "Handshakes by virtual directory",
            &["virtual directory", "outcome", "count"],
        ),
        vdirs,
        NO_HANDSHAKE,
        filtered,
    );
    let mut clients = Vec::new();
    for c in o.clients.iter().take(ROWS) {
        let cells = vec![
            c.client.clone(),
            c.failures.to_string(),
            c.handshakes.to_string(),
            c.users_label(),
        ];
        clients.push(row(
            cells,
            c.failures > 0,
            PaneId::Iis,
            FilterField::ClientIp,
            &c.client,
        ));
    }
    table(
        out,
        (
            "Clients by failures",
            // Abandoned handshakes count too (the status line's "failed" does not include
            // them), as in the HTML report's table.
            &["client", "failed or abandoned", "handshakes", "users"],
        ),
        clients,
        NO_HANDSHAKE,
        filtered,
    );
    let mut users = Vec::new();
    for u in o.users.iter().take(ROWS) {
        let cells = vec![
            u.user.clone(),
            u.handshakes.to_string(),
            u.clients.to_string(),
        ];
        users.push(row(cells, false, PaneId::Iis, FilterField::User, &u.user));
    }
    table(
        out,
        ("Users", &["user", "handshakes", "clients"]),
        users,
        "No user name logged with a handshake",
        filtered,
    );
}
