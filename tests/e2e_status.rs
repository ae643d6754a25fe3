//! End to end at 80x24 in tmux: a copy that went to a file shows its whole path, and the demo's
//! temporary folder goes away when the terminal closes (SIGHUP) or the app is killed (SIGTERM).
//! Screens are polled until the expected text appears, never slept on.
//!
//! Each test runs its own tmux server on a socket inside its own temporary folder, which also
//! holds HOME, the config, cache and temp folders of the app: nothing is left in /tmp.
//! Needs tmux (required in CI on Linux, skipped elsewhere when missing).
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(50);

struct Tmux {
    socket: PathBuf,
    home: tempfile::TempDir,
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn tmux_required() -> bool {
    cfg!(target_os = "linux") && std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

impl Tmux {
    /// Starts `env <env> hcwlens <args>` in an 80x24 session; None (skip) when tmux is missing.
    fn start(env: &str, args: &str) -> Option<Tmux> {
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
        let h = home.path().display();
        for sub in ["config", "cache", "tmp"] {
            std::fs::create_dir(home.path().join(sub)).expect("mkdir");
        }
        let bin = env!("CARGO_BIN_EXE_hcwlens");
        let sock = socket.display();
        let cmd = format!(
            "env -u DISPLAY -u WAYLAND_DISPLAY TERM=xterm-256color HOME='{h}' \
             XDG_CONFIG_HOME='{h}/config' XDG_CACHE_HOME='{h}/cache' TMPDIR='{h}/tmp' {env} \
             '{bin}' {args}; \
             code=$?; echo \"hcwlens-exit=$code\"; \
             tmux -S '{sock}' wait-for hcwlens-done; exit $code"
        );
        let t = Tmux { socket, home };
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

    /// Polls until `done(screen)` holds; panics with the last screen on timeout.
    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if done(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {what}; last screen:\n{screen}"
            );
            std::thread::sleep(POLL);
        }
    }

    fn wait_for(&self, needles: &[&str]) -> String {
        self.wait_until(&format!("{needles:?}"), |s| {
            needles.iter().all(|n| s.contains(n))
        })
    }

    fn open_demo(env: &str) -> Option<Tmux> {
        let t = Tmux::start(env, "demo")?;
        t.wait_for(&["Test-MigrationServerAvailability", "FAILED"]);
        Some(t)
    }

    /// The demo's folder under the app's temp folder.
    fn demo_folder(&self) -> Option<PathBuf> {
        let tmp = self.home.path().join("tmp");
        std::fs::read_dir(tmp)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("hcwlens-demo-"))
            })
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

/// Polls until `path` is gone.
fn wait_gone(path: &Path, what: &str) {
    let start = Instant::now();
    while path.exists() {
        assert!(
            start.elapsed() < DEADLINE,
            "{what}: {} still there",
            path.display()
        );
        std::thread::sleep(POLL);
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn a_copy_to_a_file_shows_the_whole_path_at_80x24() {
    let Some(t) = Tmux::open_demo("HCWLENS_CLIPBOARD=file") else {
        return;
    };
    t.send("]");
    t.wait_for(&["SEC_E_BAD_BINDINGS"]);
    t.send("y");
    let copies = t.home.path().join("cache").join("hcwlens").join("copies");
    let start = Instant::now();
    let file = loop {
        let found = std::fs::read_dir(&copies)
            .ok()
            .and_then(|mut d| d.find_map(|e| e.ok().map(|e| e.path())));
        if let Some(f) = found {
            break f;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "no copy file in {}",
            copies.display()
        );
        std::thread::sleep(POLL);
    };
    let path = file.display().to_string();
    assert!(
        path.len() > 40,
        "a path too long to share the status line: {path}"
    );
    let screen = t.wait_for(&[&path]);
    assert!(screen.contains("written to"), "{screen}");
    let text = std::fs::read_to_string(&file).expect("the copy");
    assert!(text.contains("SEC_E_BAD_BINDINGS"), "{text}");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn closing_the_terminal_removes_the_demo_folder() {
    let Some(t) = Tmux::open_demo("") else { return };
    let folder = t
        .demo_folder()
        .expect("the demo folder exists while the demo runs");
    let _ = t.tmux(&["kill-server"]);
    wait_gone(&folder, "after SIGHUP");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn sigterm_restores_the_terminal_and_removes_the_demo_folder() {
    let Some(t) = Tmux::open_demo("") else { return };
    let folder = t
        .demo_folder()
        .expect("the demo folder exists while the demo runs");
    let pid = folder
        .file_name()
        .and_then(|n| {
            n.to_string_lossy()
                .strip_prefix("hcwlens-demo-")
                .map(str::to_string)
        })
        .expect("the folder names the process");
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let screen = t.wait_for(&["hcwlens-exit="]);
    assert!(screen.contains("hcwlens-exit=143"), "{screen}");
    assert_eq!(t.pane("#{alternate_on}"), "0", "left the alternate screen");
    wait_gone(&folder, "after SIGTERM");
    t.tmux(&["wait-for", "-S", "hcwlens-done"]);
}
