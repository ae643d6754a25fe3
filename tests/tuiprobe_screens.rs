//! Screens an admin meets on the inputs changed for encodings and W3C edge cases, probed at
//! 80x24: what the sources list (`I`) says about lines it does not show, and the one-line
//! pane of a missing log naming its whole folder (not cut mid-path at 80 columns), and a
//! synced pane whose nearest line is days away saying so instead of a bare "(synced)", and a
//! handshake whose logon went through but whose request got 403 not called "SUCCEEDED" nor
//! its call "none failed" without a word about the refusal (nor about a failed handshake whose
//! code was not logged), and without an IIS log the call detail and `]` saying that is why no
//! handshake is there, and a finding showing the id other findings tell you to follow.

use crate::explorer;
use crate::scenario;

use explorer::{loaded, row_with, screen};
use scenario::press;
use std::path::PathBuf;

#[test]
fn sources_say_how_many_noted_lines_they_do_not_show() {
    // Relative (tests run in the crate's folder), so the snapshot holds no checkout path.
    let mut m = loaded(
        &[PathBuf::from("tests/fixtures/encodings/stray-early")],
        (80, 24),
    );
    press(&mut m, &["I"]);
    // Paths as on Linux, so the snapshot holds under Wine too (the screen has no other `\`).
    let s = screen(&m).replace('\\', "/");
    assert!(s.contains("5 not UTF-8"), "{s}");
    assert!(s.contains("line 7:"), "{s}");
    assert!(!s.contains("line 8:"), "{s}");
    assert!(
        s.contains("2 more not shown here (hcwlens report --format json lists up to 20)"),
        "{s}"
    );
    insta::assert_snapshot!("tuiprobe_sources_stray_early_80x24", s);
}

#[test]
fn a_missing_log_names_its_whole_folder_at_80_columns() {
    let m = loaded(&[PathBuf::from("tests/fixtures/encodings/ansi")], (80, 24));
    let rows = explorer::rows(&m);
    assert_eq!(
        rows[0].trim_end(),
        " HCW  No HCW log: add %AppData%\\Microsoft\\Exchange Hybrid Configuration"
    );
    let m = loaded(
        &[PathBuf::from("tests/fixtures/refusals/autodiscover")],
        (80, 24),
    );
    let row = explorer::rows(&m)
        .into_iter()
        .find(|r| r.starts_with(" IIS "))
        .unwrap_or_default();
    assert_eq!(
        row.trim_end(),
        " IIS  No IIS log: add u_ex*.log or inetpub\\logs\\LogFiles\\W3SVC1"
    );
}

#[test]
fn a_missing_log_keeps_the_long_hint_when_it_fits() {
    let m = loaded(&[PathBuf::from("tests/fixtures/encodings/ansi")], (120, 40));
    let rows = explorer::rows(&m);
    assert!(
        rows[0].contains(
            "add the wizard's log folder (%AppData%\\Microsoft\\Exchange Hybrid Configuration)"
        ),
        "{}",
        rows[0]
    );
}

/// The row of the screen starting with `prefix`, trimmed at the end.
fn row_starting(m: &hcwlens::tui::model::Model, prefix: &str) -> String {
    explorer::rows(m)
        .into_iter()
        .find(|r| r.starts_with(prefix))
        .unwrap_or_default()
        .trim_end()
        .to_string()
}

#[test]
fn synced_pane_says_how_far_its_nearest_line_is() {
    // HCW on 2025-03-14, IIS only on 2025-03-10: the IIS pane cannot be at the call's instant.
    let m = loaded(
        &[
            PathBuf::from("tests/fixtures/refusals/autodiscover"),
            PathBuf::from("tests/fixtures/catalogue/forbidden/EXMUC01"),
        ],
        (80, 24),
    );
    let row = row_starting(&m, " IIS ");
    assert!(
        row.starts_with(" IIS  2025-03-10 UTC (synced: nearest line 4 d earlier) "),
        "{row}"
    );
    // The same instant in both logs: plain "(synced)".
    let m = loaded(
        &[PathBuf::from("tests/fixtures/dedupe/notfound-sub")],
        (80, 24),
    );
    let row = row_starting(&m, " IIS ");
    assert!(row.starts_with(" IIS  2025-03-10 UTC (synced) "), "{row}");
}

#[test]
fn a_logon_that_ends_in_403_is_not_called_succeeded() {
    let mut m = loaded(
        &[PathBuf::from("tests/fixtures/refusals/forbidden-farm")],
        (80, 24),
    );
    press(&mut m, &["F", "<Enter>"]);
    let s = screen(&m);
    assert!(
        s.contains("LOGON OK, REFUSED 403.0 POST /EWS/mrsproxy.svc from 52.98.61.21 | NTLM"),
        "{s}"
    );
    assert!(!s.contains("SUCCEEDED"), "{s}");
    insta::assert_snapshot!("tuiprobe_forbidden_farm_evidence_80x24", s);
    press(&mut m, &["m", "M"]);
    let s = screen(&m);
    assert!(
        s.contains("HANDSHAKE 09:12:10 logon ok, refused 403.0 POST /EWS/mrsproxy.svc"),
        "{s}"
    );
}

#[test]
fn a_call_whose_handshake_was_refused_after_logon_does_not_read_all_clear() {
    // HCW's failing test call at 09:00:40, IIS: NTLM logon, then 403.0 on mrsproxy.
    let m = loaded(
        &[PathBuf::from("tests/fixtures/refusals/forbidden-hcw")],
        (80, 24),
    );
    let row = row_with(&m, "during this call");
    assert!(
        row.starts_with(
            "1 IIS handshake during this call, none failed; 1 refused after logon: 403.0"
        ),
        "{row}"
    );
    let m = loaded(
        &[PathBuf::from("tests/fixtures/refusals/forbidden-hcw")],
        (120, 40),
    );
    let row = row_with(&m, "during this call");
    assert!(
        row.ends_with(
            "1 IIS handshake during this call, none failed; 1 refused after logon: 403.0 (press ])"
        ),
        "{row}"
    );
}

#[test]
fn a_failed_handshake_without_a_logged_code_counts_as_failed_for_its_call() {
    let mut a = scenario::analysis();
    for h in &mut a.handshakes {
        h.failure_code = None;
    }
    let m = hcwlens::tui::model::Model::ready(a, scenario::settings(None), (120, 40));
    let row = row_with(&m, "during this call");
    assert!(row.contains("failed: (code not logged)"), "{row}");
    assert!(!row.contains("none failed"), "{row}");
}

#[test]
fn without_an_iis_log_the_call_and_the_step_keys_say_why_there_is_no_handshake() {
    let mut m = loaded(
        &[PathBuf::from("tests/fixtures/refusals/autodiscover")],
        (80, 24),
    );
    assert_eq!(
        row_with(&m, "this call"),
        "No IIS log loaded: its handshakes would be matched to this call"
    );
    press(&mut m, &["]"]);
    let s = screen(&m);
    assert!(s.contains("No handshakes: no IIS log loaded |"), "{s}");
    insta::assert_snapshot!("tuiprobe_no_iis_step_80x24", s);
}

#[test]
fn a_finding_shows_the_id_other_findings_tell_you_to_follow() {
    let mut m = loaded(
        &[PathBuf::from("tests/fixtures/dedupe/notfound-sub")],
        (80, 24),
    );
    press(&mut m, &["F"]);
    let first = screen(&m);
    assert!(
        first.contains("404.7 (File extension denied) [hcw-no-endpoint]"),
        "{first}"
    );
    press(&mut m, &["j"]);
    let second = screen(&m);
    assert!(
        second.contains("Follow hcw-no-endpoint: it names the cause."),
        "{second}"
    );
    assert!(second.contains("[hcw-HCW8078]"), "{second}");
}
