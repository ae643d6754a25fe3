//! A pane with no log of its kind collapses to one line saying what to load, and gives its rows
//! to the other pane.

#[path = "support/explorer.rs"]
mod explorer;
#[path = "support/scenario.rs"]
mod scenario;

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
        first.starts_with(" HCW  No HCW log loaded: add the wizard's log folder"),
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
