//! End to end in tmux (own socket): open the demo, `:13:23:46` puts both panes at 13:23:46,
//! `O` shows `/EWS/mrsproxy.svc` with its SEC_E_BAD_BINDINGS count, Enter filters to it; `R`
//! lists the run and Enter goes to it; `f` finds `mrsproxy` labelled `uri`.
//! Screens are polled until the text appears, with a deadline; no fixed waits.
//!
//! Needs tmux; without it the test prints why it skipped (and fails under `CI=true` on Linux).

use crate::tmux;
use tmux::Tmux;

/// The cursor rows (`> ` at the start of a pane line), top pane first.
fn cursors(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| l.starts_with("> "))
        .map(str::to_string)
        .collect()
}

/// The rows of the IIS pane (time in the third column).
fn iis_rows(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .skip_while(|l| !l.starts_with(" IIS "))
        .skip(1)
        .take_while(|l| l.len() > 2 && l.as_bytes()[2].is_ascii_digit())
        .collect()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn goto_then_overview_then_filter() {
    let Some(t) = Tmux::start_sized("TZ=UTC", "demo", 120, 40) else {
        return;
    };
    t.wait_until("the demo", |s| {
        s.contains("Test-MigrationServerAvailability")
    });

    t.send(":");
    t.wait_until("the time prompt", |s| s.contains("go to time"));
    t.send("13:23:46");
    t.key("Enter");
    let screen = t.wait_until("both panes at 13:23:46", |s| {
        let c = cursors(s);
        c.len() == 2 && c[1].starts_with("> 13:23:46")
    });
    let c = cursors(&screen);
    // The HCW pane has no entry at 13:23:46: its cursor is on the nearest one, 13:23:44.783.
    assert!(
        c[0].starts_with("> 13:23:44.783"),
        "HCW cursor: {}\n{screen}",
        c[0]
    );
    // The status line says where the focused (HCW) cursor landed.
    assert!(
        screen.contains("At 13:23:44.783 (nearest 13:23:46)"),
        "{screen}"
    );

    t.send("O");
    let screen = t.wait_until("the overview", |s| s.contains("Overview"));
    let row = screen
        .lines()
        .find(|l| l.contains("/EWS/mrsproxy.svc"))
        .unwrap_or_default();
    assert!(
        row.contains("SEC_E_BAD_BINDINGS")
            && row
                .trim_end()
                .trim_end_matches('│')
                .trim_end()
                .ends_with(" 6"),
        "mrsproxy row: {row}\n{screen}"
    );
    assert!(row.contains("> /EWS/mrsproxy.svc"), "selected first: {row}");

    t.key("Enter");
    // The scan runs in the background: wait until every IIS line on screen is a request to
    // /EWS/mrsproxy.svc (a broken filter never gets there and the wait times out).
    let screen = t.wait_until("the IIS pane filtered to /EWS/mrsproxy.svc", |s| {
        let iis = iis_rows(s);
        iis.len() >= 10 && iis.iter().all(|l| l.contains("/EWS/mrsproxy.svc"))
    });
    assert!(!screen.contains("Overview"), "{screen}");
    assert!(
        screen.contains("filter + uri=/EWS/mrsproxy.svc"),
        "{screen}"
    );
}

/// `R` lists the demo's run; Enter puts the HCW cursor on its first entry. `f` finds
/// `mrsproxy` labelled `uri`; Enter keeps its lines.
#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn runs_list_then_all_fields_finder() {
    let Some(t) = Tmux::start_sized("TZ=UTC", "demo", 120, 40) else {
        return;
    };
    t.wait_until("the demo", |s| {
        s.contains("Test-MigrationServerAvailability")
    });
    t.send("G");
    t.wait_until("the HCW cursor on the last entry", |s| {
        cursors(s)
            .first()
            .is_some_and(|c| !c.starts_with("> 13:21:58"))
    });

    t.send("R");
    let screen = t.wait_until("the runs list", |s| s.contains("HCW runs"));
    let row = screen
        .lines()
        .find(|l| l.contains("2024-11-05 13:21:58"))
        .unwrap_or_default();
    assert!(
        row.contains("failed") && row.contains("EX01"),
        "run row: {row}\n{screen}"
    );
    t.key("Enter");
    // The bottom line's hints are the runs list's until its whole frame is redrawn: a capture
    // taken mid-frame has the cursor moved but the list's lower rows still on screen.
    let screen = t.wait_until("the HCW cursor at the run's start", |s| {
        !s.contains("HCW runs")
            && !s.contains("R:close")
            && cursors(s)
                .first()
                .is_some_and(|c| c.starts_with("> 13:21:58.262"))
    });
    assert!(
        screen.contains("HCW run 20241105_142155 (failed)"),
        "{screen}"
    );

    t.send("f");
    t.wait_until("the finder", |s| s.contains("Find any value"));
    t.send("mrsproxy");
    t.wait_until("mrsproxy found, labelled uri", |s| {
        s.contains("find: mrsproxy_")
            && s.lines()
                .any(|l| l.contains("> uri") && l.contains("/EWS/mrsproxy.svc"))
    });
    t.key("Enter");
    let screen = t.wait_until("the IIS pane filtered to /EWS/mrsproxy.svc", |s| {
        let iis = iis_rows(s);
        iis.len() >= 10 && iis.iter().all(|l| l.contains("/EWS/mrsproxy.svc"))
    });
    assert!(!screen.contains("Find any value"), "{screen}");
}
