//! A pane with no log of its kind collapses to one line saying what to load, and gives its rows
//! to the other pane; one whose logs have no readable line says so.

use crate::explorer;
use crate::scenario;

use explorer::{loaded, repo, screen};
use hcwlens::tui::model::Model;
use hcwlens::tui::model::pane::PaneId;

fn scenario_model(name: &str, w: u16, h: u16) -> Model {
    loaded(&[repo("tests/fixtures/scenarios").join(name)], (w, h))
}

#[test]
fn no_hcw_log_is_one_line_and_iis_gets_the_rows() {
    let m = scenario_model("ep-tls-offload", 80, 24);
    assert_eq!(m.empty_panes(), [true, false]);
    let s = screen(&m);
    let first = s.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(
            " HCW  No HCW log: add %AppData%\\Microsoft\\Exchange Hybrid Configuration"
        ),
        "{s}"
    );
    assert!(
        s.lines().nth(1).unwrap_or_default().starts_with(" IIS "),
        "{s}"
    );
    // 24 rows: 2 bars, 6 detail, 1 strip, 1 HCW line, 1 IIS title: 13 IIS rows (not 8 beside
    // 5 HCW rows).
    assert_eq!(m.page(PaneId::Iis), 13);
    insta::assert_snapshot!("empty_hcw_80x24", s);
}

#[test]
fn wide_screens_collapse_too() {
    let m = scenario_model("ep-tls-offload", 160, 40);
    let a = m.areas();
    assert_eq!(a.hcw.height, 1);
    assert_eq!(a.iis.width, 160, "the IIS pane takes the whole width");
}

#[test]
fn both_logs_loaded_keeps_the_split() {
    let m = scenario_model("ep-hybrid-agent", 80, 24);
    assert_eq!(m.empty_panes(), [false, false]);
    assert!(m.areas().hcw.height > 1);
}

/// The explorer on an IIS log every line of which lacks a field #Fields lists (a column cut
/// out with an editor).
fn unreadable_log() -> (tempfile::TempDir, Model) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("EX01/W3SVC1");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let mut log = String::from(
        "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n\
         #Date: 2024-11-05 10:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem \
         cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status \
         sc-substatus sc-win32-status time-taken\r\n",
    );
    for s in 0..30 {
        log.push_str(&format!(
            "2024-11-05 10:00:{s:02} 10.0.0.11 POST /EWS/mrsproxy.svc - 443 - 10.1.2.3 - 401 2 5 0\r\n"
        ));
    }
    std::fs::write(dir.join("u_ex241105.log"), log).expect("write");
    let m = loaded(&[tmp.path().to_path_buf()], (80, 24));
    (tmp, m)
}

#[test]
fn an_iis_log_whose_lines_cannot_be_read_is_not_called_missing() {
    let (_tmp, m) = unreadable_log();
    let s = screen(&m);
    assert!(
        s.contains("No line read from 1 IIS log: 30 unparsed (I: each file and why)."),
        "{s}"
    );
    assert!(!s.contains("No IIS log loaded"), "{s}");
}

#[test]
fn unparsed_lines_are_on_the_status_bar_at_80_columns() {
    let (_tmp, m) = unreadable_log();
    let s = screen(&m);
    assert!(s.contains("| 30 unparsed lines (I)"), "{s}");
}

/// Tab onto the empty HCW pane, then `}`: the step goes on from the IIS cursor (it did
/// nothing, not even a message, as if no failed handshake were left); `{` goes back to it.
#[test]
fn stepping_from_the_empty_pane_goes_on_from_the_other_pane_s_cursor() {
    let mut m = scenario_model("ntlm-split-connection", 80, 24);
    assert_eq!(m.empty_panes(), [true, false]);
    scenario::press(&mut m, &["}"]);
    let first = m.current_handshake().expect("a failed handshake");
    scenario::press(&mut m, &["<Tab>"]);
    assert_eq!(m.focus, PaneId::Hcw);
    scenario::press(&mut m, &["}"]);
    assert_eq!(m.focus, PaneId::Iis, "{:?}", m.note);
    let second = m.current_handshake().expect("the next failed handshake");
    assert_ne!(second, first);
    scenario::press(&mut m, &["<Tab>", "{"]);
    assert_eq!(m.current_handshake(), Some(first), "{:?}", m.note);
}

/// `/` on the empty HCW pane: the note says that pane had no line to search and how to get to
/// the other, not "No match", which read as "no such line anywhere" while the IIS pane holds
/// many; a search that finds nothing names the pane it searched.
#[test]
fn a_search_on_the_empty_pane_says_it_had_nothing_to_search() {
    let mut m = scenario_model("ntlm-split-connection", 80, 24);
    scenario::press(&mut m, &["<Tab>", "/"]);
    assert_eq!(m.focus, PaneId::Hcw);
    scenario::type_text(&mut m, "EWS");
    scenario::press(&mut m, &["<Enter>"]);
    let note = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(note, "No HCW line to search for /EWS (Tab: the IIS pane)");
    scenario::press(&mut m, &["<Tab>", "/"]);
    scenario::type_text(&mut m, "no-such-thing");
    scenario::press(&mut m, &["<Enter>"]);
    let note = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(note, "No match for /no-such-thing in the IIS pane");
}

/// `z` on the empty HCW pane: it zoomed the strip on the middle of the logs, not where the
/// user is, without a word; now it says there is no line to zoom around and leaves the strip.
#[test]
fn zooming_in_on_the_empty_pane_says_there_is_no_line_to_zoom_around() {
    let mut m = scenario_model("ntlm-split-connection", 80, 24);
    scenario::press(&mut m, &["<Tab>", "z"]);
    assert_eq!(m.focus, PaneId::Hcw);
    assert_eq!(m.strip.zoom, 0);
    let note = m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(note, "No HCW line to zoom in around (Tab: the IIS pane)");
    scenario::press(&mut m, &["<Tab>", "z"]);
    assert_eq!(m.strip.zoom, 1, "the IIS pane has a cursor to zoom around");
}
