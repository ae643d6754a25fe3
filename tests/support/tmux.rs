//! A private tmux server running the real binary, for end-to-end tests: keys are sent, the
//! screen is polled until the expected text appears (never a fixed sleep), and the tmux
//! socket, HOME, config, cache and temp folders of the app all live in the test's own temp
//! folder, so nothing is left in /tmp (a `-L` socket under /tmp/tmux-UID outlives
//! `kill-server`). `HCWLENS_E2E_BIN` runs the same checks against another build.
//!
//! Needs tmux. Under `CI=true` on Linux (where CI installs tmux) a missing tmux fails the test;
//! elsewhere `start` prints "skipped: tmux not installed" and returns None.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub const DEADLINE: Duration = Duration::from_secs(30);
pub const POLL: Duration = Duration::from_millis(50);
/// Further captures a met condition waits for the screen to settle.
const SETTLE: usize = 6;

pub struct Tmux {
    socket: PathBuf,
    home: tempfile::TempDir,
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
    /// Starts `env <env> hcwlens <args>` in an 80x24 session; None (skip) when tmux is missing.
    pub fn start(env: &str, args: &str) -> Option<Tmux> {
        Tmux::start_sized(env, args, 80, 24)
    }

    /// The same at `cols` x `rows`.
    pub fn start_sized(env: &str, args: &str, cols: u16, rows: u16) -> Option<Tmux> {
        if !tmux_available() {
            assert!(
                !tmux_required(),
                "tmux is required for end-to-end tests in CI"
            );
            println!("skipped: tmux not installed");
            return None;
        }
        let home = tempfile::tempdir().expect("temp dir");
        let socket = home.path().join("tmux.sock");
        for sub in ["config", "cache", "tmp"] {
            std::fs::create_dir(home.path().join(sub)).expect("mkdir");
        }
        let bin = std::env::var("HCWLENS_E2E_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_hcwlens").to_string());
        let h = home.path().display();
        let sock = socket.display();
        // After the app exits, report its status and the tty mode, then hold the pane open
        // until the test has looked at it (tmux wait-for), then exit with the app's status.
        let cmd = format!(
            "env -u DISPLAY -u WAYLAND_DISPLAY TERM=xterm-256color HOME='{h}' \
             XDG_CONFIG_HOME='{h}/config' XDG_CACHE_HOME='{h}/cache' TMPDIR='{h}/tmp' {env} \
             '{bin}' {args}; \
             code=$?; \
             printf 'tty:%s\\n' \"$(stty -a 2>/dev/null | grep -o -- '-\\{{0,1\\}}icanon' | head -n 1)\"; \
             echo \"hcwlens-exit=$code\"; \
             tmux -S '{sock}' wait-for hcwlens-done; exit $code"
        );
        let t = Tmux { socket, home };
        let out = t.tmux(&[
            "new-session",
            "-d",
            "-x",
            &cols.to_string(),
            "-y",
            &rows.to_string(),
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

    /// The app's HOME (its config, cache and temp folders are below it).
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    pub fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-f", "/dev/null", "-S"])
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    pub fn capture(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p"]).stdout).into_owned()
    }

    /// Types `keys` literally.
    pub fn send(&self, keys: &str) {
        let out = self.tmux(&["send-keys", "-l", keys]);
        assert!(out.status.success(), "send-keys failed: {out:?}");
    }

    /// Presses a key by its tmux name (`Enter`, `Escape`, `C-c`).
    pub fn key(&self, name: &str) {
        let out = self.tmux(&["send-keys", name]);
        assert!(out.status.success(), "send-keys failed: {out:?}");
    }

    pub fn pane(&self, format: &str) -> String {
        let out = self.tmux(&["display-message", "-p", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Polls until every needle is on screen; panics with the last screen on timeout or exit.
    pub fn wait_for(&self, needles: &[&str]) -> String {
        self.wait_until(&format!("{needles:?}"), |screen| {
            needles.iter().all(|n| screen.contains(n))
        })
    }

    /// Polls until `done(screen)` holds; panics with the last screen on timeout or exit. The
    /// screen returned is a settled one: a capture can catch a frame half drawn (the condition
    /// already met, rows below it not yet redrawn), so captures go on until two in a row are
    /// the same, or a few polls pass on a screen that keeps changing (load progress, live
    /// follow); the last capture on which `done` holds is returned.
    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if done(&screen) {
                return self.settled(screen, &done);
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

    /// Captures after `screen` (on which `done` holds) until two in a row are the same, at most
    /// [`SETTLE`] more; the last one on which `done` still holds.
    fn settled(&self, mut screen: String, done: impl Fn(&str) -> bool) -> String {
        for _ in 0..SETTLE {
            std::thread::sleep(POLL);
            let next = self.capture();
            if next == screen || !done(&next) {
                break;
            }
            screen = next;
        }
        screen
    }

    /// Starts `env <env> hcwlens demo` and waits for its first screen.
    pub fn open_demo(env: &str) -> Option<Tmux> {
        let t = Tmux::start(env, "demo")?;
        t.wait_for(&["Test-MigrationServerAvailability", "FAILED"]);
        Some(t)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}
