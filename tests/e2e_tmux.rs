//! End to end: the real binary in tmux at 80x24, driven by keys, checked by polling the
//! screen until the expected text appears (never by sleeping a fixed time).
//!
//! Needs tmux. Under `CI=true` on Linux (where CI installs tmux) a missing tmux fails the test;
//! elsewhere the test prints "skipped: tmux not installed" and passes. Built for Windows (run
//! under Wine by `scripts/wine-test.sh`) every test is ignored with the reason printed.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(50);

/// A private tmux server running one session with the app; killed on drop. Its socket, and the
/// app's HOME, config, cache and temp folders, live in the test's temporary folder, so nothing
/// is left in /tmp afterwards (a `-L` socket under /tmp/tmux-UID outlives `kill-server`).
struct Tmux {
    socket: std::path::PathBuf,
    _config: tempfile::TempDir,
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// CI on Linux must have tmux; the Windows and macOS CI runners do not install it.
fn tmux_required() -> bool {
    cfg!(target_os = "linux") && std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

impl Tmux {
    /// Starts `hcwlens <args>` in an 80x24 session; None (skip) when tmux is missing.
    fn start(args: &str) -> Option<Tmux> {
        if !tmux_available() {
            assert!(
                !tmux_required(),
                "tmux is required for end-to-end tests in CI"
            );
            println!("skipped: tmux not installed");
            return None;
        }
        let config = tempfile::tempdir().expect("temp dir");
        let socket = config.path().join("tmux.sock");
        let tmp = config.path().join("tmp");
        std::fs::create_dir(&tmp).expect("mkdir");
        let bin = env!("CARGO_BIN_EXE_hcwlens");
        let dir = config.path().display();
        let sock = socket.display();
        // After the app exits, report its status and the tty mode, then hold the pane open
        // until the test has looked at it (tmux wait-for), then exit with the app's status.
        let cmd = format!(
            "env -u DISPLAY -u WAYLAND_DISPLAY TERM=xterm-256color XDG_CONFIG_HOME='{dir}' \
             XDG_CACHE_HOME='{dir}/cache' TMPDIR='{dir}/tmp' HOME='{dir}' '{bin}' {args}; \
             code=$?; \
             printf 'tty:%s\\n' \"$(stty -a 2>/dev/null | grep -o -- '-\\{{0,1\\}}icanon' | head -n 1)\"; \
             echo \"hcwlens-exit=$code\"; \
             tmux -S '{sock}' wait-for hcwlens-done; exit $code"
        );
        let t = Tmux {
            socket,
            _config: config,
        };
        let out = t.tmux(&[
            "new-session",
            "-d",
            "-x",
            "80",
            "-y",
            "24",
            &cmd,
            ";",
            "set-option",
            "-g",
            "remain-on-exit",
            "on",
        ]);
        assert!(out.status.success(), "tmux new-session failed: {out:?}");
        Some(t)
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-f", "/dev/null", "-S"])
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn capture(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p"]).stdout).into_owned()
    }

    fn send(&self, keys: &str) {
        let out = self.tmux(&["send-keys", "-l", keys]);
        assert!(out.status.success(), "send-keys failed: {out:?}");
    }

    fn pane(&self, format: &str) -> String {
        let out = self.tmux(&["display-message", "-p", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Polls until every needle is on screen; panics with the last screen on timeout.
    fn wait_for(&self, needles: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if needles.iter().all(|n| screen.contains(n)) {
                return screen;
            }
            let exited = screen.contains("hcwlens-exit=") || self.pane("#{pane_dead}") == "1";
            if exited {
                panic!("the app exited before showing {needles:?}; last screen:\n{screen}");
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {needles:?}; last screen:\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }

    /// Polls until `done(screen)` holds; panics with the last screen on timeout or exit.
    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if done(&screen) {
                return screen;
            }
            if screen.contains("hcwlens-exit=") || self.pane("#{pane_dead}") == "1" {
                panic!("the app exited before {what}; last screen:\n{screen}");
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; last screen:\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }

    fn open_demo() -> Option<Tmux> {
        let t = Tmux::start("demo")?;
        t.wait_for(&["Test-MigrationServerAvailability", "FAILED"]);
        Some(t)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn demo_opens_on_the_failing_test_call() {
    let Some(t) = Tmux::open_demo() else { return };
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
    let Some(t) = Tmux::open_demo() else { return };
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
    let Some(t) = Tmux::open_demo() else { return };
    t.send("?");
    t.wait_for(&["Help", "Next NTLM handshake", "Next failed handshake"]);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn q_exits_with_status_zero_and_a_clean_terminal() {
    let Some(t) = Tmux::open_demo() else { return };
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
    let Some(t) = Tmux::open_demo() else { return };
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
    let Some(t) = Tmux::start(&format!("'{}'", dir.path().display())) else {
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
    let Some(t) = Tmux::open_demo() else { return };
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
