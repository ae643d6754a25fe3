//! What differs on Windows, through the real binary where it matters: logs in UTF-16 LE and
//! the ANSI code page, paths with spaces (and, on Windows, drive letters and backslashes), a log
//! held open for writing by another handle as IIS does, the keymap under `%APPDATA%`, and the
//! native clipboard. The encoding and path tests run everywhere; the rest only on Windows,
//! which `scripts/wine-test.sh` runs under Wine.

use crate::fixtures;

use fixtures::fixture;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, bytes).expect("write");
    path
}

/// `hcwlens report <path> --format json` by the binary under test, and its exit code.
fn report(path: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_hcwlens"))
        .arg("report")
        .arg(path)
        .args(["--format", "json"])
        .output()
        .expect("run hcwlens");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json report")
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// Windows-1252 bytes of `text` (ASCII plus the Latin-1 letters this file uses).
fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
        .collect()
}

/// A W3C log with one failed NTLM handshake (Extended Protection) from a client whose
/// user agent has a non-ASCII letter.
const W3C: &str = "#Software: Microsoft Internet Information Services 10.0\r\n\
#Version: 1.0\r\n\
#Date: 2024-11-05 13:23:46\r\n\
#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n\
2024-11-05 13:23:46 10.0.1.11 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 Prüfagent/1.0 - 401 2 5 1\r\n\
2024-11-05 13:23:46 10.0.1.11 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 Prüfagent/1.0 - 401 1 2148074254 1\r\n\
2024-11-05 13:23:46 10.0.1.11 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 Prüfagent/1.0 - 401 1 2148074310 1\r\n";

/// The report's sections that must not depend on how the file was encoded.
fn content(v: &Value) -> Vec<&Value> {
    ["cmdlets", "handshakes", "handshake_summary", "findings"]
        .iter()
        .map(|k| &v[*k])
        .collect()
}

#[test]
fn utf16_le_hcw_log_reports_like_its_utf8_original() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(fixture("hcw/de-DE-utc+1.log")).expect("fixture");
    assert!(text.contains('ä'), "the fixture has non-ASCII text");
    let utf8 = report(&write(tmp.path(), "20241105_142002.log", text.as_bytes()));
    let utf16 = report(&write(tmp.path(), "20241105_142002.log", &utf16le(&text)));
    assert_eq!(utf16["sources"][0]["encoding"], "utf16-le");
    assert_eq!(utf16["sources"][0]["kind"], "hcw");
    assert_eq!(utf16["sources"][0]["unparsed"], 0);
    assert_eq!(utf16["sources"][0]["events"], utf8["sources"][0]["events"]);
    assert!(utf8["cmdlets"].as_array().is_some_and(|c| !c.is_empty()));
    assert_eq!(content(&utf16), content(&utf8));
}

#[test]
fn windows_1252_w3c_log_keeps_its_letters() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // `ex…`: IIS writes the ANSI code page under that name (`u_ex…` is UTF-8, never guessed).
    let path = write(tmp.path(), "EX01/W3SVC1/ex241105.log", &cp1252(W3C));
    let v = report(&path);
    assert_eq!(v["sources"][0]["encoding"], "windows1252");
    assert_eq!(v["sources"][0]["server"], "EX01/W3SVC1");
    let h = &v["handshakes"][0];
    assert_eq!(h["user_agent"], "Prüfagent/1.0");
    assert_eq!(h["failure_name"], "SEC_E_BAD_BINDINGS");
}

#[test]
fn folders_with_spaces_keep_their_server_label() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("Case 4711 logs").join("EX02");
    let iis = dir.join("inetpub/logs/LogFiles/W3SVC1");
    write(&iis, "u_ex241105.log", W3C.as_bytes());
    let v = report(&dir);
    let source = &v["sources"][0];
    assert_eq!(source["server"], "EX02/W3SVC1");
    let shown = source["path"].as_str().expect("path");
    assert!(shown.contains("Case 4711 logs"), "{shown}");
    if cfg!(windows) {
        let drive = shown.as_bytes();
        assert!(
            drive.len() > 3 && drive[0].is_ascii_alphabetic() && &drive[1..3] == b":\\",
            "a Windows path with a drive letter: {shown}"
        );
        assert!(!shown.contains('/'), "backslashes only: {shown}");
    }
}

#[cfg(windows)]
mod only_windows {
    use super::*;
    use hcwlens::follow::{FollowEvent, Follower, LineUnit};
    use hcwlens::tui::clipboard::{Clipboard, ClipboardMode, ClipboardOptions, CopyPath};
    use std::fs::OpenOptions;
    use std::io::Write;
    use std::os::windows::fs::OpenOptionsExt;
    use std::process::Stdio;

    const FILE_SHARE_READ: u32 = 0x1;
    const FILE_SHARE_DELETE: u32 = 0x4;
    const ERROR_SHARING_VIOLATION: i32 = 32;

    #[test]
    fn a_log_held_open_for_writing_is_read_and_followed() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("EX01").join("W3SVC1");
        std::fs::create_dir_all(&dir).expect("mkdir");
        let path = dir.join("u_ex241105.log");
        // As IIS: write access, others may only read (and delete).
        let mut iis = OpenOptions::new()
            .write(true)
            .create_new(true)
            .share_mode(FILE_SHARE_READ | FILE_SHARE_DELETE)
            .open(&path)
            .expect("open as the writer");
        let (head, rest) = W3C.split_at(W3C.find("2024-11-05 13:23:46 10.0").expect("row"));
        iis.write_all(head.as_bytes()).expect("write");
        iis.flush().expect("flush");

        // Someone who wants to write too is turned away: the share mode is enforced here.
        let second_writer = OpenOptions::new().read(true).write(true).open(&path);
        assert_eq!(
            second_writer.map(|_| ()).map_err(|e| e.raw_os_error()),
            Err(Some(ERROR_SHARING_VIOLATION))
        );

        let mut follower = Follower::new(&path, LineUnit::Byte);
        assert!(matches!(
            follower.poll(),
            Ok(FollowEvent::Appended { lines: 4, .. })
        ));
        iis.write_all(rest.as_bytes()).expect("write");
        iis.flush().expect("flush");
        assert!(matches!(
            follower.poll(),
            Ok(FollowEvent::Appended { lines: 3, .. })
        ));

        let v = report(&path);
        assert_eq!(v["sources"][0]["events"], 3);
        assert_eq!(v["handshakes"][0]["failure_name"], "SEC_E_BAD_BINDINGS");
        drop(iis);
    }

    #[test]
    fn keymap_lives_under_appdata() {
        let appdata = std::env::var_os("APPDATA").expect("%APPDATA% is set on Windows");
        let path = hcwlens::tui::keymap_path().expect("a keymap path");
        assert_eq!(
            path,
            Path::new(&appdata).join(r"hcwlens\config\keymap.toml")
        );
        let local = std::env::var_os("LOCALAPPDATA").expect("%LOCALAPPDATA%");
        let copies = ClipboardOptions::detect(None).file_dir;
        assert!(copies.starts_with(&local), "{}", copies.display());
    }

    /// Set in a helper copy of this test binary (`read`): it prints the clipboard's text.
    const HELPER: &str = "HCWLENS_WINDOWS_CLIPBOARD_HELPER";

    #[test]
    fn clipboard_helper() {
        if std::env::var(HELPER).as_deref() == Ok("read") {
            let text = arboard::Clipboard::new()
                .and_then(|mut c| c.get_text())
                .expect("read clipboard");
            println!("clipboard<{text}>");
        }
    }

    fn helper(mode: &str) -> std::process::Child {
        Command::new(std::env::current_exe().expect("test exe"))
            .args([
                "--exact",
                &crate::test_name(module_path!(), "clipboard_helper"),
                "--nocapture",
                "--test-threads=1",
            ])
            .env(HELPER, mode)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start helper")
    }

    fn options(mode: ClipboardMode, dir: &Path) -> ClipboardOptions {
        ClipboardOptions {
            mode,
            try_native: true,
            terminal: false,
            tmux: false,
            file_dir: dir.to_path_buf(),
        }
    }

    #[test]
    fn native_clipboard_is_used_and_its_failure_is_a_status_message() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut clip = Clipboard::new(options(ClipboardMode::Auto, tmp.path()));
        assert!(clip.has_native(), "Windows has a native clipboard");
        let text = "ep-hybrid-agent: SEC_E_BAD_BINDINGS\nline 2";
        let report = clip.copy(text, &mut std::io::sink()).expect("copied");
        assert_eq!(report.path, CopyPath::Native);
        assert!(
            report.message().contains("to the clipboard"),
            "{}",
            report.message()
        );
        let out = helper("read").wait_with_output().expect("reader");
        let read = String::from_utf8_lossy(&out.stdout);
        assert!(
            read.contains("clipboard<ep-hybrid-agent: SEC_E_BAD_BINDINGS\r\nline 2>"),
            "another process reads the copy, with Windows newlines: {read}"
        );

        // Without a native clipboard the failure is a one-line status message, and auto mode
        // falls back to a file it names.
        let mut none = Clipboard::new(ClipboardOptions {
            try_native: false,
            ..options(ClipboardMode::Native, tmp.path())
        });
        let err = none
            .copy("text", &mut std::io::sink())
            .expect_err("no native clipboard")
            .to_string();
        assert!(err.starts_with("no native clipboard"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        let mut auto = Clipboard::new(ClipboardOptions {
            try_native: false,
            ..options(ClipboardMode::Auto, tmp.path())
        });
        let fallback = auto.copy("text", &mut std::io::sink()).expect("a file");
        assert!(matches!(fallback.path, CopyPath::File(_)), "{fallback:?}");
        assert!(fallback.message().starts_with("Clipboard unavailable"));
    }
}
