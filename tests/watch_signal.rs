//! `hcwlens watch --format json > file` ended by a signal (Ctrl-C, `kill`): what it printed is
//! JSON Lines to the last byte — no terminal escape codes (`watch` never takes the terminal
//! over, so it has nothing to restore) and no line cut short. The child's output is read on
//! threads; each step waits for what it needs with a timeout (no sleeps).
#![cfg(unix)]

use crate::files;

use files::append;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const IIS_HEAD: &str = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-11-05 13:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";

const HEALTHY: &str = "2024-11-05 13:20:00 10.0.0.5 GET /owa/ - 443 CONTOSO\\jdoe 10.0.1.15 Mozilla/5.0 - 200 0 0 9\r\n";

/// The three legs of an NTLM handshake that ends in SEC_E_BAD_BINDINGS.
fn bad_bindings() -> String {
    [(2, 5u64), (1, 2_148_074_254), (1, 2_148_074_310)]
        .iter()
        .map(|(sub, win32)| {
            format!(
                "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 MSRPC - 401 {sub} {win32} 4\r\n"
            )
        })
        .collect()
}

/// What the child wrote: a piece of standard output, a line of standard error, or the end of
/// standard output.
enum Out {
    Stdout(Vec<u8>),
    Stderr(String),
    Closed,
}

/// The child, killed when a failed step drops it.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits (at most 20 s) for the next report.
fn next(rx: &Receiver<Out>, until: Instant) -> Out {
    let left = until.saturating_duration_since(Instant::now());
    rx.recv_timeout(left).expect("hcwlens watch went quiet")
}

/// Runs `watch --format json`, appends a failing handshake once it watches, waits for its
/// line, sends `signal`; the exit status and every byte of standard output.
fn watch_until(signal: &str) -> (ExitStatus, Vec<u8>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("u_ex241105.log");
    std::fs::write(&log, format!("{IIS_HEAD}{HEALTHY}")).expect("write");
    let mut child = Reaped(
        Command::new(env!("CARGO_BIN_EXE_hcwlens"))
            .args(["watch", "--interval", "100", "--format", "json"])
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start hcwlens watch"),
    );
    let (tx, rx) = channel();
    let mut stdout = child.0.stdout.take().expect("stdout");
    let out_tx = tx.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = stdout.read(&mut buf) {
            let _ = out_tx.send(Out::Stdout(buf[..n].to_vec()));
        }
        let _ = out_tx.send(Out::Closed);
    });
    let stderr = child.0.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(Out::Stderr(line));
        }
    });
    let until = Instant::now() + Duration::from_secs(20);
    // The signal handlers are in place before this line.
    while !matches!(next(&rx, until), Out::Stderr(l) if l.contains("watching 1 file (")) {}
    append(&log, &bad_bindings());
    let mut bytes = Vec::new();
    while !bytes.contains(&b'\n') {
        if let Out::Stdout(b) = next(&rx, until) {
            bytes.extend(b);
        }
    }
    let pid = child.0.id().to_string();
    let sent = Command::new("kill").args([signal, &pid]).status();
    assert!(sent.is_ok_and(|s| s.success()), "kill {signal} {pid}");
    loop {
        match next(&rx, until) {
            Out::Stdout(b) => bytes.extend(b),
            Out::Stderr(_) => {}
            Out::Closed => break,
        }
    }
    (child.0.wait().expect("wait"), bytes)
}

/// Every line is a JSON object, the last one ended by its newline, and no escape code.
fn assert_json_lines(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !bytes.contains(&0x1b),
        "escape codes in the output: {text:?}"
    );
    assert!(bytes.ends_with(b"\n"), "the last line is cut: {text:?}");
    for line in text.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}"));
        assert!(v.is_object(), "{line}");
    }
}

#[test]
fn ctrl_c_ends_watch_with_whole_json_lines_and_no_escape_codes() {
    let (status, bytes) = watch_until("-INT");
    assert_json_lines(&bytes);
    assert!(String::from_utf8_lossy(&bytes).contains(r#""kind":"handshake""#));
    assert_eq!(status.code(), Some(130));
}

#[test]
fn kill_ends_watch_with_whole_json_lines_and_no_escape_codes() {
    let (status, bytes) = watch_until("-TERM");
    assert_json_lines(&bytes);
    assert_eq!(status.code(), Some(143));
}
