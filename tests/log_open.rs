//! Every log is opened for reading through one function, `read::open_shared`: read-only, and on
//! Windows sharing read, write and delete, so IIS keeps writing and a clean-up script can delete
//! or move a log while hcwlens holds it. The first test keeps other ways of opening a file out
//! of the code (except for files that are not logs, named below); on Windows the second checks
//! what the sharing allows while a log is held.

use crate::sources;

use sources::rust_files;
use std::path::Path;

/// Files that open something other than a log, and why.
const NOT_LOGS: &[(&str, &str)] = &[
    ("src/read.rs", "the helper itself"),
    ("src/tui/notes_file.rs", "the notes file hcwlens writes"),
    ("src/tui/local_zone.rs", "/etc/timezone"),
    ("src/tui.rs", "the user's keymap file"),
    ("src/discover.rs", "IIS's applicationHost.config"),
];

const OPENERS: &[&str] = &[
    "File::open(",
    "fs::read(",
    "fs::read_to_string(",
    "OpenOptions::new()",
];

/// The code before a file's `#[cfg(test)]` module (unit tests may open what they like).
fn code(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .map_or(text, |i| &text[..i])
}

#[test]
fn logs_are_opened_only_through_the_shared_helper() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut found = Vec::new();
    for path in files {
        let rel = path
            .strip_prefix(root)
            .expect("in repo")
            .to_string_lossy()
            .replace('\\', "/");
        let is_tests = rel.ends_with("/tests.rs") || rel.contains("/tests/");
        if is_tests || NOT_LOGS.iter().any(|(f, _)| *f == rel) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        for (n, line) in code(&text).lines().enumerate() {
            if OPENERS.iter().any(|o| line.contains(o)) {
                found.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "open logs with crate::read::open_shared (or read::open):\n{}",
        found.join("\n")
    );
}

/// While hcwlens holds a log open, another program can still append to it, delete it and
/// rename it away (IIS writing, a clean-up script, a rotation that moves the old file aside).
#[cfg(windows)]
#[test]
fn a_held_log_can_be_written_deleted_and_moved_away() {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("u_ex241105.log");
    let moved = dir.path().join("u_ex241105.old");
    std::fs::write(&log, "#Fields: date time\r\n").expect("write");
    let held = hcwlens::read::open(&log).expect("open");
    let mut w = std::fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .expect("another writer");
    std::io::Write::write_all(&mut w, b"2024-11-05 13:00:00\r\n").expect("append");
    drop(w);
    std::fs::rename(&log, &moved).expect("moved aside while held");
    std::fs::remove_file(&moved).expect("deleted while held");
    drop(held);
}
