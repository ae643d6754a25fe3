//! End to end: the real binary in tmux at 80x24, driven by keys, checked by polling the
//! screen until the expected text appears (never by sleeping a fixed time).
//!
//! Needs tmux. Under `CI=true` on Linux (where CI installs tmux) a missing tmux fails the test;
//! elsewhere the test prints "skipped: tmux not installed" and passes. Built for Windows (run
//! under Wine by `scripts/wine-test.sh`) every test is ignored with the reason printed.

use crate::tmux;
use tmux::{DEADLINE, POLL, Tmux};

use std::time::Instant;

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn demo_opens_on_the_failing_test_call() {
    let Some(t) = Tmux::open_demo("") else { return };
    let screen = t.capture();
    let cursor = screen
        .lines()
        .find(|l| l.starts_with('>'))
        .unwrap_or_default();
    assert!(
        cursor.contains("Test-MigrationServerAvailability"),
        "cursor row should be the failing call:\n{screen}"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn bracket_selects_the_handshake_and_decodes_bad_bindings() {
    let Some(t) = Tmux::open_demo("") else { return };
    assert!(
        !t.capture().contains(" Handshake "),
        "detail shows the HCW entry first"
    );
    t.send("]");
    t.wait_for(&[" Handshake ", "SEC_E_BAD_BINDINGS", "/EWS/mrsproxy.svc"]);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn question_mark_lists_the_handshake_keys() {
    let Some(t) = Tmux::open_demo("") else { return };
    t.send("?");
    t.wait_for(&["Help", "Next NTLM handshake", "Next failed handshake"]);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn q_exits_with_status_zero_and_a_clean_terminal() {
    let Some(t) = Tmux::open_demo("") else { return };
    t.send("q");
    let screen = t.wait_for(&["hcwlens-exit="]);
    assert!(screen.contains("hcwlens-exit=0"), "{screen}");
    assert_eq!(t.pane("#{alternate_on}"), "0", "left the alternate screen");
    assert_eq!(t.pane("#{cursor_flag}"), "1", "cursor visible again");
    assert!(
        !screen.contains("tty:-icanon"),
        "raw mode still on:\n{screen}"
    );
    assert!(!screen.contains("HCW"), "screen not restored:\n{screen}");
    t.tmux(&["wait-for", "-S", "hcwlens-done"]);
}

/// The status line's `IIS <shown> of <total> lines`, if present.
fn iis_counts(screen: &str) -> Option<(u64, u64)> {
    screen.match_indices("IIS ").find_map(|(at, _)| {
        let mut words = screen[at + 4..].split_whitespace();
        let shown = words.next()?.parse().ok()?;
        (words.next()? == "of").then_some(())?;
        let total = words.next()?.parse().ok()?;
        (words.next()? == "lines").then_some((shown, total))
    })
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn quick_client_ip_filter_on_the_agent_line_shows_its_count_and_goes_away() {
    let Some(t) = Tmux::open_demo("") else { return };
    t.send("]");
    t.wait_for(&["SEC_E_BAD_BINDINGS"]);
    t.send("c");
    t.wait_for(&["Filter by this line", "client IP"]);
    t.send("i");
    let screen = t.wait_until("the filtered count", |s| iis_counts(s).is_some());
    let (shown, total) = iis_counts(&screen).unwrap_or_default();
    assert!(shown >= 3 && shown < total, "{shown} of {total}:\n{screen}");
    t.send("L");
    let list = t.wait_for(&["Filters", "+ ip="]);
    assert!(
        list.contains(&format!("{shown} lines")),
        "the rule's hit count:\n{list}"
    );
    t.send("d");
    t.wait_until("the filter to go", |s| {
        !s.contains("Filters") && iis_counts(s).is_none() && s.contains("Removed IIS filter")
    });
}

/// A copy of a small IIS log in a temp folder, for `hcwlens <folder>`.
fn iis_folder() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/scenarios/ep-hybrid-agent/EXCH01/W3SVC1/u_ex241112.log"
    );
    let dst = dir.path().join("u_ex241112.log");
    std::fs::copy(src, &dst).expect("copy the fixture");
    (dir, dst)
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn new_lines_of_a_growing_iis_log_appear_without_restart() {
    use std::io::Write;
    let (dir, log) = iis_folder();
    let Some(t) = Tmux::start("", &format!("'{}'", dir.path().display())) else {
        return;
    };
    t.wait_for(&["IIS", "following"]);
    t.send("G");
    let date = std::fs::read_to_string(&log)
        .ok()
        .and_then(|text| {
            text.lines()
                .rev()
                .find(|l| !l.starts_with('#') && l.len() > 10)
                .map(|l| l[..10].to_string())
        })
        .expect("a data line");
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .expect("open for append");
    for i in 0..2 {
        let line = format!(
            "{date} 23:59:5{i} 10.0.0.5 GET /hcwlens-follow-e2e-{i} - 443 - 10.9.9.9 - - 404 0 2 1\r\n"
        );
        f.write_all(line.as_bytes()).expect("append");
    }
    drop(f);
    let screen = t.wait_for(&["/hcwlens-follow-e2e-0", "/hcwlens-follow-e2e-1", "2 new"]);
    let row = screen
        .lines()
        .find(|l| l.contains("/hcwlens-follow-e2e-0"))
        .unwrap_or_default();
    assert_eq!(row.chars().nth(1), Some('+'), "marked as new:\n{screen}");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn bracket_then_y_copies_the_decoded_handshake_by_osc52_without_a_display() {
    let Some(t) = Tmux::open_demo("") else { return };
    let out = t.tmux(&["set-option", "-g", "set-clipboard", "on"]);
    assert!(out.status.success(), "{out:?}");
    t.send("]");
    t.wait_for(&["SEC_E_BAD_BINDINGS"]);
    t.send("y");
    t.wait_for(&["via OSC 52"]);
    let start = Instant::now();
    loop {
        let buffer = String::from_utf8_lossy(&t.tmux(&["show-buffer"]).stdout).into_owned();
        if buffer.contains("SEC_E_BAD_BINDINGS") {
            assert!(buffer.contains("/EWS/mrsproxy.svc"), "{buffer}");
            assert!(buffer.contains("2024-11-05"), "{buffer}");
            assert!(!buffer.contains('\x1b'), "no raw escape in copied text");
            break;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "tmux buffer never got the text: {buffer}"
        );
        std::thread::sleep(POLL);
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn the_auto_explorer_follows_the_logs_it_found() {
    use std::io::Write;
    let tree = tempfile::tempdir().expect("temp dir");
    let logs = tree.path().join("inetpub/logs/LogFiles/W3SVC1");
    std::fs::create_dir_all(&logs).expect("mkdir");
    let log = logs.join("u_ex241112.log");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/scenarios/ep-hybrid-agent/EXCH01/W3SVC1/u_ex241112.log"
        ),
        &log,
    )
    .expect("copy the fixture");
    let args = format!("--auto '{}'", tree.path().display());
    let Some(t) = Tmux::start("", &args) else {
        return;
    };
    t.wait_for(&["IIS", "following"]);
    t.send("G");
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .expect("open for append");
    f.write_all(
        b"2024-11-12 23:59:50 10.0.0.5 GET /hcwlens-auto-follow - 443 - 10.9.9.9 - - 404 0 2 1\r\n",
    )
    .expect("append");
    drop(f);
    t.wait_for(&["/hcwlens-auto-follow", "1 new"]);
}
