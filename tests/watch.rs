//! `hcwlens watch`: while it runs, lines appended to a followed IIS log, a new HCW run's log
//! and the next day's IIS log created in the followed folders each bring their line. The child's
//! stdout is read on a thread; each expectation waits for its line with a timeout (no sleeps).

use crate::files;

use files::append;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const IIS_HEAD: &str = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-11-05 13:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";

fn healthy(day: u32, sec: u32) -> String {
    format!(
        "2024-11-{day:02} 13:20:{sec:02} 10.0.0.5 GET /owa/ - 443 CONTOSO\\jdoe 10.0.1.15 Mozilla/5.0 - 200 0 0 9\r\n"
    )
}

/// The three legs of an NTLM handshake on `uri` that ends in SEC_E_BAD_BINDINGS.
fn bad_bindings(day: u32, uri: &str) -> String {
    [(2, 5u64), (1, 2_148_074_254), (1, 2_148_074_310)]
        .iter()
        .map(|(sub, win32)| {
            format!(
                "2024-11-{day:02} 13:23:14 10.0.0.5 POST {uri} - 443 - 10.0.5.20 MSRPC - 401 {sub} {win32} 4\r\n"
            )
        })
        .collect()
}

const HCW_RUN: &str = "2024.11.05 15:00:00.100               Current Time Zone: W. Europe Standard Time (3:00:00 PM)\r\n\
2024.11.05 15:00:01.000         10276 [Client=UX, Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=12] START Test-MigrationServerAvailability -RemoteServer 'mail.contoso.com'\r\n\
2024.11.05 15:00:05.000         10277 [Client=UX, Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=12] \r\n\
                                      FINISH Time=4000.0ms Results=1\r\n\
                                      TestMigrationServerAvailabilityOutcome {ErrorDetail='The connection to the server could not be completed.', Result='Failed'}\r\n";

/// The child, killed when dropped.
struct Watching {
    child: Child,
    lines: Receiver<String>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn watch(dir: &Path, format: &str) -> Watching {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hcwlens"))
        .args(["watch", "--interval", "100", "--format", format])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start hcwlens watch");
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, lines) = channel();
    let err_tx = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = err_tx.send(format!("stderr: {line}"));
        }
    });
    Watching { child, lines }
}

impl Watching {
    /// Waits (at most 20 s) for a line containing every piece; returns it and the lines before.
    fn expect(&self, pieces: &[&str]) -> (String, Vec<String>) {
        let until = Instant::now() + Duration::from_secs(20);
        let mut before = Vec::new();
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if pieces.iter().all(|p| line.contains(p)) => return (line, before),
                Ok(line) => before.push(line),
                Err(_) => break,
            }
        }
        panic!("no line with {pieces:?}; got:\n{}", before.join("\n"));
    }
}

#[test]
fn appended_lines_and_new_files_in_the_folders_are_reported_as_they_arrive() {
    let dir = tempfile::tempdir().expect("temp dir");
    let w3svc = dir.path().join("EX01").join("W3SVC1");
    std::fs::create_dir_all(&w3svc).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("hcw")).expect("mkdir");
    let today = w3svc.join("u_ex241105.log");
    std::fs::write(&today, format!("{IIS_HEAD}{}", healthy(5, 0))).expect("write");

    let w = watch(dir.path(), "json");
    w.expect(&["stderr: hcwlens: watching 1 file ("]);

    // IIS logs the agent's failing handshake: lines 6 to 8.
    append(&today, &bad_bindings(5, "/EWS/mrsproxy.svc"));
    let (line, _) = w.expect(&[r#""kind":"handshake""#]);
    let v: serde_json::Value = serde_json::from_str(&line).expect("json");
    assert_eq!(v["file"], "u_ex241105.log");
    assert_eq!(v["line"], 8);
    assert_eq!(v["failure_name"], "SEC_E_BAD_BINDINGS");
    assert_eq!(v["uri"], "/EWS/mrsproxy.svc");

    // The admin re-runs the wizard: a new log in the HCW folder.
    std::fs::write(dir.path().join("hcw").join("20241105_150000.log"), HCW_RUN).expect("write");
    let (line, _) = w.expect(&[r#""kind":"call""#]);
    let v: serde_json::Value = serde_json::from_str(&line).expect("json");
    assert_eq!(v["name"], "Test-MigrationServerAvailability");
    assert_eq!(v["outcome"], "failed");
    assert_eq!(v["line"], 2);

    // Midnight: IIS starts the next day's file.
    let next = w3svc.join("u_ex241106.log");
    std::fs::write(
        &next,
        format!(
            "{IIS_HEAD}{}{}",
            healthy(6, 1),
            bad_bindings(6, "/EWS/Exchange.asmx")
        ),
    )
    .expect("write");
    let (line, _) = w.expect(&[r#""kind":"handshake""#, "u_ex241106.log"]);
    let v: serde_json::Value = serde_json::from_str(&line).expect("json");
    assert_eq!(v["uri"], "/EWS/Exchange.asmx");
    assert_eq!(v["line"], 8);
}

#[test]
fn a_log_rewritten_with_other_handshakes_at_the_same_lines_brings_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("u_ex241105.log");
    let day = |minute: u32, client: &str| {
        bad_bindings(5, "/EWS/mrsproxy.svc")
            .replace("13:23:14", &format!("13:{minute:02}:14"))
            .replace("10.0.5.20", client)
    };
    std::fs::write(&log, format!("{IIS_HEAD}{}", day(23, "10.0.5.41"))).expect("write");
    let w = watch(dir.path(), "json");
    w.expect(&["stderr: hcwlens: watching 1 file ("]);
    // Rewritten in place, longer, with another handshake at the same lines (a rename over
    // the log is refused on Windows while the loader holds it open to read lines back).
    std::fs::write(
        &log,
        format!("{IIS_HEAD}{}{}", day(30, "10.0.5.51"), day(31, "10.0.5.52")),
    )
    .expect("rewrite");
    let (first, _) = w.expect(&[r#""kind":"handshake""#, "10.0.5.51"]);
    let v: serde_json::Value = serde_json::from_str(&first).expect("json");
    assert_eq!(v["line"], 7, "the same lines as the old file's handshake");
    w.expect(&[r#""kind":"handshake""#, "10.0.5.52"]);
}

#[test]
fn a_finding_that_grows_more_severe_is_printed_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("hcw")).expect("mkdir");
    let log = dir.path().join("u_ex241105.log");
    // The agent's failing handshake alone: the Hybrid Agent pattern, a warning.
    let legs = bad_bindings(5, "/EWS/mrsproxy.svc").replace("13:23:14", "14:00:02");
    std::fs::write(&log, format!("{IIS_HEAD}{legs}")).expect("write");
    let w = watch(dir.path(), "json");
    w.expect(&["stderr: hcwlens: watching 1 file ("]);
    // The wizard's failing call through the agent at that time confirms it: an error.
    let agent = "7c2f5e1a-93b4-4d6e-a0f8-2b51c9d47e36.resource.mailboxmigration.his.msappproxy.net";
    let run = HCW_RUN.replace("mail.contoso.com", agent);
    std::fs::write(dir.path().join("hcw").join("20241105_150000.log"), run).expect("write");
    let (line, _) = w.expect(&[r#""kind":"finding""#, "ep-hybrid-agent"]);
    let v: serde_json::Value = serde_json::from_str(&line).expect("json");
    assert_eq!(v["severity"], "error", "{line}");
}

#[test]
fn text_lines_name_the_failure_and_where_it_was_logged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("u_ex241105.log");
    std::fs::write(&log, format!("{IIS_HEAD}{}", healthy(5, 0))).expect("write");
    let w = watch(dir.path(), "text");
    w.expect(&["stderr: hcwlens: watching 1 file (0 failures"]);
    append(&log, &bad_bindings(5, "/EWS/mrsproxy.svc"));
    let (line, _) = w.expect(&["handshake failed"]);
    // IIS writes whole seconds: said as the report says them, not `2024-11-05T13:23:14.000Z`.
    assert!(
        line.starts_with("2024-11-05 13:23:14 UTC  handshake failed"),
        "{line}"
    );
    assert!(
        line.contains("POST /EWS/mrsproxy.svc from 10.0.5.20"),
        "{line}"
    );
    assert!(line.contains("SEC_E_BAD_BINDINGS"), "{line}");
    assert!(line.ends_with("(u_ex241105.log:8)"), "{line}");
}

use crate::tmux;

/// The explorer follows the same way: the next day's IIS log created in the loaded folder joins
/// and its rows appear without a restart.
#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn the_explorer_shows_a_new_file_in_a_followed_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let w3svc = dir.path().join("EX01").join("W3SVC1");
    std::fs::create_dir_all(&w3svc).expect("mkdir");
    let today = w3svc.join("u_ex241105.log");
    std::fs::write(&today, format!("{IIS_HEAD}{}", healthy(5, 0))).expect("write");
    let Some(t) = tmux::Tmux::start("", &format!("'{}'", dir.path().display())) else {
        return;
    };
    t.wait_for(&["IIS", "following"]);
    t.key("Tab");
    t.send("G");
    let next = w3svc.join("u_ex241106.log");
    let marker =
        "2024-11-06 00:00:01 10.0.0.5 GET /hcwlens-new-file-e2e - 443 - 10.9.9.9 - - 404 0 2 1\r\n";
    std::fs::write(&next, format!("{IIS_HEAD}{marker}")).expect("write");
    t.wait_for(&["/hcwlens-new-file-e2e", "u_ex241106.log is new"]);
    append(&today, &bad_bindings(5, "/hcwlens-appended-e2e"));
    t.wait_for(&["/hcwlens-appended-e2e"]);
}

#[test]
fn watch_is_listed_in_the_help_and_the_completions() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_hcwlens"))
            .args(args)
            .output()
            .expect("run hcwlens");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let help = run(&["--help"]);
    assert!(
        help.lines()
            .any(|l| l.trim_start().starts_with("watch") && l.contains("failed call")),
        "{help}"
    );
    assert!(run(&["watch", "--help"]).contains("--interval <MS>"));
    assert!(run(&["completions", "bash"]).contains("watch"));
}
