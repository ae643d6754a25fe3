//! End to end in tmux at 80x24 on the trust scenarios of issue 13: from the failing test call
//! on a busy front end, the first `]` shows that call's failed `/EWS/mrsproxy.svc` handshake; a
//! suggested clock skew is on the first screen; the three public HCW runs loaded from one
//! folder open on the latest (successful) run and say so; a load balancer address shared by many
//! users makes the grouping words say "guessed". Screens are polled until the text
//! appears (never a fixed sleep); each test has its own tmux socket.
//!
//! Needs tmux. Under `CI=true` on Linux a missing tmux fails the test; elsewhere the test
//! prints "skipped: tmux not installed" and passes.

use crate::corpus;
use crate::tmux;
use tmux::Tmux;

fn scenario(name: &str) -> String {
    format!(
        "'{}/tests/fixtures/scenarios/{name}'",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The line the cursor is on in the focused pane.
fn cursor_line(screen: &str) -> &str {
    screen
        .lines()
        .find(|l| l.starts_with('>'))
        .unwrap_or_default()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn busy_front_end_first_step_from_the_failing_call_is_its_mrsproxy_handshake() {
    let Some(t) = Tmux::start("", &scenario("busy-front-end")) else {
        return;
    };
    let screen = t.wait_for(&["Test-MigrationServerAvailability", "FAILED"]);
    assert!(
        cursor_line(&screen).contains("Test-MigrationServerAvailability"),
        "opens on the failing call:\n{screen}"
    );
    t.send("]");
    let screen = t.wait_for(&[" Handshake ", "/EWS/mrsproxy.svc", "SEC_E_BAD_BINDINGS"]);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("HCW call") && l.contains("Test-MigrationServerAvailability")),
        "the handshake names its call:\n{screen}"
    );
    assert!(
        !screen.contains("Exchange.asmx from"),
        "not another user's EWS handshake:\n{screen}"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn a_95_second_hcw_clock_skew_is_offered_on_the_first_screen() {
    let Some(t) = Tmux::start("", &scenario("hcw-clock-skew")) else {
        return;
    };
    t.wait_for(&[
        "Test-MigrationServerAvailability",
        "HCW clock looks 1 min 35 s off",
    ]);
    t.send("S");
    t.wait_for(&["HCW clock shifted by -1 min 35 s (1 of 1 test call lines up)"]);
    t.send("]");
    let screen = t.wait_for(&[" Handshake ", "/EWS/mrsproxy.svc", "SEC_E_LOGON_DENIED"]);
    assert!(
        screen.lines().any(|l| l.contains("HCW call")),
        "attributed after the shift:\n{screen}"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn three_public_hcw_runs_in_one_folder_open_on_the_latest_successful_run() {
    let Some(corpus) = corpus::corpus("hcw") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    for run in std::fs::read_dir(&corpus).expect("corpus") {
        for f in std::fs::read_dir(run.expect("run").path()).expect("run dir") {
            let f = f.expect("file").path();
            let name = f.file_name().expect("name");
            std::fs::copy(&f, dir.path().join(name)).expect("copy");
        }
    }
    let Some(t) = Tmux::start("", &format!("'{}'", dir.path().display())) else {
        return;
    };
    let screen = t.wait_for(&["latest run 2022-03-05 22:28 succeeded"]);
    assert!(screen.contains("2 earlier runs failed"), "{screen}");
    let row = cursor_line(&screen);
    assert!(
        row.contains("22:"),
        "the cursor is in the latest run:\n{screen}"
    );
    assert!(!row.contains("FAILED"), "not on an old failure:\n{screen}");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn a_shared_load_balancer_address_makes_grouping_a_guess_at_80x24() {
    let dir = format!(
        "'{}/tests/fixtures/grouping/shared-lb'",
        env!("CARGO_MANIFEST_DIR")
    );
    let Some(t) = Tmux::start("", &dir) else {
        return;
    };
    t.wait_for(&["2 failed handshakes"]);
    t.send("}");
    let screen = t.wait_for(&[
        " Handshake - grouping guessed: 10.1.0.5 carries 12 users",
        // The failing leg's status and meaning whole, the second server in the title.
        " 09:00:40 EX02 401.1 legs split across connections or servers",
        "split: EX01 then EX02",
    ]);
    assert!(
        !screen.contains("grouping sure"),
        "a guess is never called sure:\n{screen}"
    );
}
