//! What must survive at 80x24 when a line is too long for its row: a split handshake's leg
//! keeps its server, the handshake's outcome line its auth and client (the uri is cut), the
//! status bar says a search's position once, findings wrap long host names whole, and a pane
//! row the pane clips ends in `…`.

use crate::explorer;
use crate::report_json;
use crate::scenario;

use explorer::{rows, screen};
use hcwlens::analyze::handshake::HandshakeKey;
use hcwlens::tui::model::Model;
use scenario::*;
use std::sync::Arc;

/// The detail pane's rows: from its title row to the status line.
fn detail_rows(m: &Model) -> Vec<String> {
    let rows = rows(m);
    let from = rows
        .iter()
        .position(|r| r.starts_with(" Handshake"))
        .unwrap_or(rows.len());
    rows[from..rows.len().saturating_sub(2)].to_vec()
}

#[test]
fn each_leg_of_a_split_handshake_names_its_server_at_80_columns() {
    let set = report_json::Set("grouping");
    let mut m = Model::ready(set.explore("shared-lb"), settings(None), (80, 24));
    press(&mut m, &["}"]);
    let detail = detail_rows(&m);
    let legs: Vec<&String> = detail.iter().filter(|r| r.starts_with(" 09:00:")).collect();
    assert_eq!(legs.len(), 3, "{}", screen(&m));
    // The two legs EX01 logged and the one EX02 logged, each with its server beside its time,
    // and the decode still there (the failing leg's status and meaning whole: the code's
    // name, which the outcome line says, is what makes room for it).
    for (leg, server) in legs.iter().zip(["EX01", "EX01", "EX02"]) {
        assert!(
            leg.starts_with(&format!(" 09:00:40 {server} ")),
            "{leg}\n{}",
            screen(&m)
        );
    }
    assert!(
        legs[2].contains("401.1 legs split across connections or servers"),
        "{}",
        screen(&m)
    );
}

/// The scenario with the failing handshakes' uri made long (as Autodiscover's WS-Security
/// endpoint is).
fn long_uri(size: (u16, u16)) -> Model {
    let mut a = analysis();
    for h in a.handshakes.iter_mut() {
        if &*h.uri == "/EWS/mrsproxy.svc" {
            let mut key: HandshakeKey = (*h.key).clone();
            key.uri = "/autodiscover/autodiscover.svc/WSSecurity/Extra/Path".into();
            h.key = Arc::new(key);
        }
    }
    Model::ready(a, settings(None), size)
}

#[test]
fn the_outcome_line_keeps_auth_and_client_and_cuts_a_long_uri() {
    let mut m = long_uri((80, 24));
    press(&mut m, &["]"]);
    let detail = detail_rows(&m);
    let outcome = detail
        .iter()
        .find(|r| r.starts_with("FAILED SEC_E_BAD_BINDINGS"))
        .cloned()
        .unwrap_or_default();
    assert!(
        outcome.trim_end().ends_with("from 10.0.5.20 | NTLM"),
        "{outcome}\n{}",
        screen(&m)
    );
    assert!(
        outcome.contains(" POST /autodiscover/autodiscover"),
        "{outcome}"
    );
    assert!(outcome.contains('…'), "the uri is cut visibly: {outcome}");
    // Where the pane has the rows, the line wraps whole instead.
    let mut m = long_uri((120, 40));
    press(&mut m, &["]"]);
    let s = screen(&m);
    assert!(
        s.contains("/autodiscover/autodiscover.svc/WSSecurity/Extra/Path from 10.0.5.20 | NTLM"),
        "{s}"
    );
}

/// The status line (second row from the bottom).
fn status(m: &Model) -> String {
    let rows = rows(m);
    rows[rows.len() - 2].trim_end().to_string()
}

#[test]
fn the_status_bar_says_the_match_position_once() {
    let mut m = model(80, 24);
    press(&mut m, &["<Tab>", "/"]);
    type_text(&mut m, "mapi");
    press(&mut m, &["<Enter>"]);
    press(&mut m, &["n"]);
    let s = status(&m);
    assert!(s.starts_with("Match "), "{s}");
    assert!(!s.contains("/mapi"), "the position said twice: {s}");
    // Once the note is gone, the search part says it.
    press(&mut m, &["j"]);
    let s = status(&m);
    assert!(s.contains("/mapi "), "{s}");
    assert!(!s.contains("Match"), "{s}");
}

/// A finding whose text names a long host (an Exchange Online or a hybrid namespace).
fn long_host(size: (u16, u16)) -> Model {
    let mut a = analysis();
    a.findings[0].explanation = "The HCW machine could not resolve \
        hybrid-migration-endpoint.mail.contoso-international-holdings.example.com, the name \
        the wizard uses, nor autodiscover-s.outlook.com."
        .into();
    a.findings[0].remedy = "Check DNS for \
        hybrid-migration-endpoint.mail.contoso-international-holdings.example.com from \
        the HCW machine, then for \
        a-host-name-longer-than-any-popup-row-for-the-test.hybrid-namespace.contoso-international-holdings.example.com."
        .into();
    Model::ready(a, settings(None), size)
}

#[test]
fn findings_wrap_host_names_whole() {
    let mut m = long_host((80, 24));
    press(&mut m, &["F"]);
    let s = screen(&m);
    let host = "hybrid-migration-endpoint.mail.contoso-international-holdings.example.com";
    assert_eq!(
        s.lines().filter(|l| l.contains(host)).count(),
        2,
        "the host name broken over rows:\n{s}"
    );
    // A name longer than a row is broken after a dot, every character kept, so it can still
    // be read and copied in parts.
    let rows: Vec<&str> = s.lines().collect();
    let at = rows
        .iter()
        .position(|l| l.contains("a-host-name-longer"))
        .unwrap_or(rows.len());
    assert!(at + 1 < rows.len(), "{s}");
    let row = rows[at].trim_matches('│').trim_end();
    let next = rows[at + 1].trim_matches('│').trim();
    assert!(row.ends_with('.'), "broken after a dot: {row}\n{s}");
    let joined = format!(
        "{}{}",
        row.rsplit(' ').next().unwrap_or_default(),
        next.split(' ').next().unwrap_or_default()
    );
    assert!(
        joined.starts_with("a-host-name-longer-than-any-popup-row-for-the-test.hybrid-namespace."),
        "{joined}\n{s}"
    );
    insta::assert_snapshot!("findings_long_host_80x24", s);
}

#[test]
fn a_pane_row_the_pane_clips_ends_in_a_mark() {
    // `FINISH Time=51.4s Results=1` clipped at 80 columns read as whole; the outcome
    // (`FAILED`) comes before the text, so the clip keeps it.
    let m = model(80, 24);
    let rows = rows(&m);
    let finish = rows
        .iter()
        .find(|r| r.contains("FINISH Time=51.4s"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(finish.chars().count(), 80, "{finish}");
    assert!(finish.ends_with('…'), "{finish}");
    assert!(
        finish.contains("Test-MigrationServerAvailability FAILED: FINISH Time=51.4s"),
        "{finish}"
    );
    // A row that fits is left alone.
    let fits = rows
        .iter()
        .find(|r| r.contains("POST /EWS/mrsproxy.svc 401.2 5"))
        .cloned()
        .unwrap_or_default();
    assert!(!fits.contains('…'), "{fits}");
}
