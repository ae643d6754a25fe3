//! The overview popup (`O`) on the demo: the tables, Enter applying a row as a filter, and the
//! counts following the active filters; screen snapshots at 80x24 and 120x40.

use crate::explorer;
use crate::scenario;

use explorer::{loaded, repo, screen};
use hcwlens::tui::keymap::Mode;
use hcwlens::tui::model::Model;
use hcwlens::tui::model::overlay::Overlay;
use hcwlens::tui::model::overview::OverviewView;
use hcwlens::tui::model::pane::PaneId;
use scenario::{press, type_text};

fn demo(w: u16, h: u16) -> Model {
    loaded(&[repo("assets/demo")], (w, h))
}

fn overview(m: &Model) -> &OverviewView {
    match &m.overlay {
        Some(Overlay::Overview(v)) => v,
        other => panic!("no overview open: {other:?}"),
    }
}

/// The cells of the row whose first cell is `first`.
fn row<'a>(v: &'a OverviewView, first: &str) -> Option<&'a [String]> {
    v.lines
        .iter()
        .find(|l| l.pick.is_some() && l.cells.first().is_some_and(|c| c == first))
        .map(|l| l.cells.as_slice())
}

#[test]
fn o_shows_the_failing_vdir_first_with_its_failure_count() {
    let mut m = demo(120, 40);
    press(&mut m, &["O"]);
    assert_eq!(m.mode(), Mode::Overview);
    let v = overview(&m);
    assert!(!v.filtered);
    let sel = &v.lines[v.selected];
    assert_eq!(
        sel.cells,
        vec!["/EWS/mrsproxy.svc", "SEC_E_BAD_BINDINGS", "6"],
        "the first row, selected, is the failure"
    );
    let client = row(v, "10.0.5.20").expect("the Hybrid Agent's address");
    assert_eq!(client[1], "6");
    let shared = v
        .lines
        .iter()
        .filter(|l| l.cells.get(3).is_some_and(|c| c.starts_with("shared by ")))
        .count();
    assert!(shared > 0, "addresses used by several users say so");
    let calls = row(v, "FAILED").expect("the failed calls");
    assert_eq!(calls[1..], ["Test-MigrationServerAvailability", "2"]);
    press(&mut m, &["<Esc>"]);
    assert_eq!(m.mode(), Mode::Normal);
}

#[test]
fn enter_filters_the_pane_to_the_row_and_counts_follow_filters() {
    let mut m = demo(120, 40);
    press(&mut m, &["O", "<Enter>"]);
    assert_eq!(m.mode(), Mode::Normal, "Enter closes the overview");
    assert_eq!(m.focus, PaneId::Iis);
    let f = m.filter(PaneId::Iis);
    assert_eq!(f.stack.len(), 1);
    assert!(
        f.stack.rules()[0].label().contains("/EWS/mrsproxy.svc"),
        "{}",
        f.stack.rules()[0].label()
    );
    let n = m.pane_len(PaneId::Iis);
    assert!(n > 0 && n < m.base_len(PaneId::Iis), "{n} rows kept");
    for pos in 0..n {
        let r = m.row_at(PaneId::Iis, pos).expect("row");
        let text = hcwlens::tui::view::rows::row(&m, r).text();
        assert!(text.contains("/EWS/mrsproxy.svc"), "{text}");
    }
    // Reopened, the overview counts only what the filter keeps.
    press(&mut m, &["O"]);
    let v = overview(&m);
    assert!(v.filtered);
    let uris: Vec<&str> = v
        .lines
        .iter()
        .filter(|l| {
            l.pick
                .as_ref()
                .is_some_and(|p| p.field == hcwlens::filter::FilterField::Uri)
        })
        .map(|l| l.cells[0].as_str())
        .collect();
    assert_eq!(uris, ["/EWS/mrsproxy.svc"]);
    assert!(
        row(v, "10.1.20.187").is_none(),
        "clients of other vdirs are gone"
    );
}

#[test]
fn a_regex_filter_narrows_the_counts() {
    let mut m = demo(120, 40);
    press(&mut m, &["<Tab>", "x"]);
    type_text(&mut m, "mrsproxy");
    press(&mut m, &["<Enter>", "O"]);
    let v = overview(&m);
    assert!(v.filtered);
    assert!(
        row(v, "/EWS/mrsproxy.svc").is_none(),
        "hidden lines are not counted"
    );
    assert!(row(v, "/mapi/emsmdb/").is_some());
}

#[test]
fn moving_skips_headings_and_stays_in_range() {
    let mut m = demo(120, 40);
    press(&mut m, &["O"]);
    let first = overview(&m).selected;
    press(&mut m, &["k"]);
    assert_eq!(overview(&m).selected, first);
    press(&mut m, &["G"]);
    let v = overview(&m);
    let last = v.picks().last().expect("rows");
    assert_eq!(v.selected, last);
    press(&mut m, &["j", "g"]);
    assert_eq!(overview(&m).selected, first);
    for _ in 0..12 {
        press(&mut m, &["j"]);
        let v = overview(&m);
        assert!(v.lines[v.selected].pick.is_some(), "landed on a heading");
    }
}

#[test]
fn overview_screens() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut m = demo(w, h);
        press(&mut m, &["O"]);
        insta::assert_snapshot!(format!("overview_{w}x{h}"), screen(&m));
        press(&mut m, &["j", "j"]);
        insta::assert_snapshot!(format!("overview_moved_{w}x{h}"), screen(&m));
    }
}

#[test]
fn a_wide_screen_shows_a_cmdlet_name_whole() {
    let on_calls = |w: u16, h: u16| {
        let mut m = demo(w, h);
        press(&mut m, &["O"]);
        for _ in 0..300 {
            let v = overview(&m);
            if v.lines[v.selected]
                .cells
                .first()
                .is_some_and(|c| c == "FAILED")
            {
                break;
            }
            press(&mut m, &["j"]);
        }
        screen(&m)
    };
    let wide = on_calls(120, 40);
    assert!(wide.contains("Test-MigrationServerAvailability "), "{wide}");
    let usual = on_calls(80, 24);
    assert!(
        usual.contains("Test-MigrationServerAvailability "),
        "{usual}"
    );
    let narrow = on_calls(50, 20);
    assert!(narrow.contains("Test-Migration"), "{narrow}");
    assert!(
        !narrow.contains("Test-MigrationServerAvailability"),
        "no room at 50: {narrow}"
    );
}

#[test]
fn the_clients_table_counts_abandoned_handshakes_and_says_so() {
    // Clients stuck at the NTLM challenge: no handshake failed (the status line says 0), 84
    // were abandoned; the clients table's count column is theirs too.
    let mut m = loaded(&[repo("tests/fixtures/stuck")], (80, 24));
    assert_eq!(m.data.failed_handshakes, 0);
    press(&mut m, &["O"]);
    let s = screen(&m);
    assert!(s.contains("0 failed handshakes"), "{s}");
    let header = s
        .lines()
        .find(|r| r.contains("client ") && r.contains("handshakes") && r.contains("users"))
        .unwrap_or_else(|| panic!("no clients header:\n{s}"));
    assert!(header.contains("failed or abandoned"), "{header}\n{s}");
}
