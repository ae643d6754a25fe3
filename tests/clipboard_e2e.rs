//! End-to-end copies through real clipboards: X11 (Xvfb + xclip) and OSC 52 into tmux's buffer.
//!
//! Missing tools skip the test with a note, except in CI (`CI=true`), where they fail it.
//! Built for Windows these tests are ignored with the reason printed; the native Windows
//! clipboard is tested in `tests/windows.rs`.

use hcwlens::tui::clipboard::{Clipboard, ClipboardMode, ClipboardOptions, CopyPath, ENV_MODE};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Set in the helper process that owns the X11 selection; holds the text to copy.
const CHILD_TEXT: &str = "HCWLENS_E2E_X11_TEXT";

const DEADLINE: Duration = Duration::from_secs(20);

fn require(tool: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(tool))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{tool} is required in CI but not installed");
        }
        println!("skipped: {tool} not installed");
    }
    found
}

/// Calls `probe` until it yields a value or the deadline passes.
fn poll<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let end = Instant::now() + DEADLINE;
    loop {
        if let Some(v) = probe() {
            return v;
        }
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Kills and reaps a child we started when dropped.
struct Reaper(Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs an X11 display (Xvfb) and xclip, which a Windows build does not use"
)]
fn x11_round_trip_is_read_by_another_process() {
    if std::env::var_os(CHILD_TEXT).is_some() {
        return;
    }
    let (Some(xvfb), Some(xclip)) = (require("Xvfb"), require("xclip")) else {
        return;
    };
    let mut server = Reaper(
        Command::new(xvfb)
            .args([
                "-displayfd",
                "1",
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "320x240x24",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb"),
    );
    let mut number = String::new();
    BufReader::new(server.0.stdout.take().expect("Xvfb stdout"))
        .read_line(&mut number)
        .expect("read display number");
    let display = format!(":{}", number.trim());
    assert!(
        number.trim().parse::<u32>().is_ok(),
        "Xvfb gave no display: {number:?}"
    );

    let text = format!("hcwlens x11 e2e {}\n\tsecond line ✓", std::process::id());
    let helper_test = crate::test_name(module_path!(), "x11_helper_owns_the_selection");
    let mut helper = Reaper(
        Command::new(std::env::current_exe().expect("test binary"))
            .args(["--exact", &helper_test, "--nocapture"])
            .env(CHILD_TEXT, &text)
            .env(ENV_MODE, "native")
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start helper"),
    );
    let stdout = helper.0.stdout.take().expect("helper stdout");
    let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
    let status = lines
        .by_ref()
        .find(|l| l.starts_with("COPIED") || l.starts_with("FAILED"))
        .unwrap_or_else(|| "helper ended without a word".to_string());
    assert_eq!(status, "COPIED Native");

    let got = poll("xclip to read the selection", || {
        let out = Command::new(&xclip)
            .args(["-o", "-selection", "clipboard"])
            .env("DISPLAY", &display)
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let s = String::from_utf8_lossy(&out.stdout).into_owned();
        (out.status.success() && s == text).then_some(s)
    });
    assert_eq!(got, text);
    drop(helper.0.stdin.take());
    lines.for_each(drop);
    let exit = helper.0.wait().expect("helper exit");
    assert!(exit.success());
}

/// Runs only as the helper process of the X11 test: copies, reports, and keeps the selection
/// alive until the parent closes stdin.
#[test]
#[cfg_attr(
    windows,
    ignore = "needs an X11 display (Xvfb) and xclip, which a Windows build does not use"
)]
fn x11_helper_owns_the_selection() {
    let Ok(text) = std::env::var(CHILD_TEXT) else {
        return;
    };
    let mut clipboard = Clipboard::from_env(None);
    match clipboard.copy(&text, &mut std::io::sink()) {
        Ok(r) => println!("COPIED {:?}", r.path),
        Err(e) => println!("FAILED {e}"),
    }
    std::io::stdout().flush().expect("flush");
    let mut rest = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut rest);
}

/// Kills a private tmux server when dropped. Its socket lives in the test's temporary folder
/// (a `-L` socket under /tmp/tmux-UID would outlive `kill-server`).
struct TmuxServer {
    tmux: PathBuf,
    socket: PathBuf,
}

impl TmuxServer {
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new(&self.tmux)
            .args(["-f", "/dev/null", "-S"])
            .arg(&self.socket)
            .args(args)
            .env_remove("TMUX")
            .stdin(Stdio::null())
            .output()
            .expect("run tmux")
    }
}

impl Drop for TmuxServer {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

#[test]
#[cfg_attr(windows, ignore = "needs tmux, which a Windows build cannot drive")]
fn osc52_reaches_the_tmux_buffer() {
    let Some(tmux) = require("tmux") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "hcwlens osc52 e2e\n\tline two ✓ \x1b[31mred";
    let mut clipboard = Clipboard::new(ClipboardOptions {
        mode: ClipboardMode::Osc52,
        try_native: false,
        terminal: true,
        tmux: true,
        file_dir: dir.path().to_path_buf(),
    });
    let mut seq = Vec::new();
    let report = clipboard.copy(text, &mut seq).expect("copy");
    assert_eq!(report.path, CopyPath::Osc52);
    let seq_file = dir.path().join("seq");
    std::fs::write(&seq_file, &seq).expect("write sequence");

    let server = TmuxServer {
        tmux,
        socket: dir.path().join("tmux.sock"),
    };
    let started = server.cmd(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "80",
        "-y",
        "24",
        "exec cat",
    ]);
    assert!(
        started.status.success(),
        "tmux: {}",
        String::from_utf8_lossy(&started.stderr)
    );
    let set = server.cmd(&["set-option", "-g", "set-clipboard", "on"]);
    assert!(set.status.success());
    let cat = format!("cat '{}'; exec cat", seq_file.display());
    let window = server.cmd(&["new-window", "-t", "e2e", &cat]);
    assert!(
        window.status.success(),
        "tmux: {}",
        String::from_utf8_lossy(&window.stderr)
    );

    let expected = "hcwlens osc52 e2e\n\tline two ✓ \\x1B[31mred";
    let got = poll("tmux to fill its buffer", || {
        let out = server.cmd(&["show-buffer"]);
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    });
    assert_eq!(got, expected);
}
