//! End to end at 80x24 in tmux: a copy that went to a file shows its whole path, and the demo's
//! temporary folder goes away when the terminal closes (SIGHUP) or the app is killed (SIGTERM).
//! Screens are polled until the expected text appears, never slept on.
//!
//! Each test runs its own tmux server on a socket inside its own temporary folder, which also
//! holds HOME, the config, cache and temp folders of the app: nothing is left in /tmp.
//! Needs tmux (required in CI on Linux, skipped elsewhere when missing).

#![cfg(unix)]

use crate::tmux;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use tmux::{DEADLINE, POLL, Tmux};

/// The demo's folder under the app's temp folder.
fn demo_folder(t: &Tmux) -> Option<PathBuf> {
    let tmp = t.home().join("tmp");
    std::fs::read_dir(tmp)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("hcwlens-demo-"))
        })
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
    let copies = t.home().join("cache").join("hcwlens").join("copies");
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
    let folder = demo_folder(&t).expect("the demo folder exists while the demo runs");
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
    let folder = demo_folder(&t).expect("the demo folder exists while the demo runs");
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
