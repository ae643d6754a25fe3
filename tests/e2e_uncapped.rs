//! End to end in tmux at 80x24: every handshake is kept, however many there are. A log with
//! more failed handshakes of one kind than the old cap of 200,000 is loaded, the cursor goes to
//! a quiet line just before the last failure (`:` go to time), and `}` (next failed handshake)
//! reaches that last failure (its address and time on screen). Screens are polled until the text appears, never slept on.
//!
//! Needs tmux (required in CI on Linux, skipped elsewhere when missing).

#![cfg(unix)]

use crate::tmux;
use std::fmt::Write as _;
use tmux::Tmux;

/// Failed handshakes of one kind before the last one: past the old per-kind cap.
const FAILURES: usize = 200_050;

/// A short IIS log: `FAILURES` lone `401 1 SEC_E_INVALID_TOKEN` legs four a second from
/// 00:00:00, a healthy request at 22:30:00, then the last failure at 23:00:00 from an address
/// no other line has.
fn write_log(path: &std::path::Path) {
    let mut s = String::with_capacity(FAILURES * 72);
    s.push_str(
        "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n\
         #Date: 2024-11-05 00:00:00\r\n\
         #Fields: date time s-ip cs-method cs-uri-stem c-ip cs-username sc-status \
         sc-substatus sc-win32-status\r\n",
    );
    for i in 0..FAILURES {
        let secs = i / 4;
        let (h, m, sec) = (secs / 3600, secs / 60 % 60, secs % 60);
        let _ = write!(
            s,
            "2024-11-05 {h:02}:{m:02}:{sec:02} 10.0.0.1 POST /EWS/Exchange.asmx 10.1.0.{} - \
             401 1 2148074248\r\n",
            i % 200
        );
    }
    s.push_str("2024-11-05 22:30:00 10.0.0.1 GET /owa/healthcheck.htm 10.7.7.7 - 200 0 0\r\n");
    s.push_str(
        "2024-11-05 23:00:00 10.0.0.1 POST /EWS/Exchange.asmx 10.9.9.99 - 401 1 2148074248\r\n",
    );
    std::fs::write(path, s).expect("write the log");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs tmux and a Unix terminal, which a Windows build cannot drive"
)]
fn next_failed_handshake_reaches_the_last_failure_past_200000() {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("u_ex241105.log");
    write_log(&log);
    let Some(t) = Tmux::start("", &format!("'{}'", log.display())) else {
        return;
    };
    t.wait_for(&["Exchange.asmx", "FAILED"]);
    t.send(":");
    t.send("22:30:00");
    t.key("Enter");
    t.wait_for(&["healthcheck.htm", "IIS line"]);
    t.send("}");
    let screen = t.wait_for(&["10.9.9.99", " Handshake "]);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("FAILED") && l.contains("from 10.9.9.99")),
        "the detail shows the last failed handshake:\n{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains("23:00:00") && l.contains("SEC_E_INVALID_TOKEN")),
        "its leg, logged at 23:00:00, is decoded:\n{screen}"
    );
}
