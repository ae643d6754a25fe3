//! One machine, one name: a server that one log names by its FQDN (`s-computername`
//! `exkhi02.corp.example`, as some servers log it) and others by its short name in another
//! case (HCW's machine `EXKHI02`, the `EXKHI02/HTTPERR` folder) is one server in the sources
//! list, the findings and the handshake list, shown by its short name.

use crate::fixtures;

use fixtures::load_all;
use std::path::Path;

const FQDN: &str = "exkhi02.corp.example";

/// The `httperr-apppool` case (HCW ran on EXKHI02; its IIS and HTTPERR logs in `EXKHI02/…`)
/// with the IIS log writing `s-computername` as the FQDN, in lower case, and refusing the MRS
/// proxy too (two 503s beside HTTP.sys's).
fn case() -> tempfile::TempDir {
    case_in("EXKHI02")
}

/// [`case`] with the server's folder named `folder` (`exkhi02`: a copy whose folder was typed
/// in another case).
fn case_in(folder: &str) -> tempfile::TempDir {
    let from =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalogue/httperr-apppool");
    let tmp = tempfile::tempdir().expect("temp dir");
    for rel in [
        "hcw/20250312_105812.log",
        "EXKHI02/W3SVC1/u_ex250312.log",
        "EXKHI02/HTTPERR/httperr1.log",
    ] {
        let mut text = std::fs::read_to_string(from.join(rel)).expect("read");
        if rel.contains("W3SVC1") {
            text = with_computer(&text, FQDN);
            for at in ["06:00:42", "06:00:52"] {
                text.push_str(&format!(
                    "2025-03-12 {at} {FQDN} 10.80.0.4 POST /EWS/mrsproxy.svc - 443 - 52.98.50.9 - - 503 0 0 1\n"
                ));
            }
        }
        let to = tmp.path().join(rel.replace("EXKHI02", folder));
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::write(to, text).expect("write");
    }
    tmp
}

/// A W3C log with `s-computername` logged as `name` after the time.
fn with_computer(text: &str, name: &str) -> String {
    let mut out = String::new();
    for l in text.lines() {
        if let Some(rest) = l.strip_prefix("#Fields: date time ") {
            out.push_str(&format!("#Fields: date time s-computername {rest}"));
        } else if l.starts_with('#') || l.is_empty() {
            out.push_str(l);
        } else {
            let mut parts = l.splitn(3, ' ');
            let (d, t, rest) = (parts.next(), parts.next(), parts.next());
            out.push_str(&format!(
                "{} {} {name} {}",
                d.unwrap_or(""),
                t.unwrap_or(""),
                rest.unwrap_or("")
            ));
        }
        out.push('\n');
    }
    out
}

/// The report's lines that are not quoted log lines (evidence quotes what the log wrote).
fn said(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.starts_with("- ") || !l.contains(".log:"))
        .filter(|l| !l.starts_with("    "))
        .collect()
}

#[test]
fn the_sources_list_names_the_machine_once() {
    let tmp = case();
    let a = load_all(&[tmp.path().to_path_buf()]);
    let named: Vec<&str> = a
        .sources
        .iter()
        .map(|s| s.server.as_str())
        .filter(|s| !hcwlens::read::is_folder_label(s))
        .collect();
    // The HCW log, the IIS log and the HTTPERR log beside it (`tests/httperr_names.rs`).
    assert_eq!(named, ["EXKHI02"; 3], "{named:?}");
    let text = hcwlens::report::text::render(&a);
    for l in said(&text) {
        assert!(!l.contains(FQDN), "{l}");
    }
}

#[test]
fn a_finding_names_one_server_where_a_log_wrote_the_fqdn_and_a_folder_the_short_name() {
    // Without the HCW log: the IIS log says exkhi02.corp.example, the HTTPERR log is named by
    // its folder, EXKHI02. It said "IIS on exkhi02.corp.example and on EXKHI02 (named after
    // the log folder)": two servers.
    let tmp = case();
    let a = load_all(&[tmp.path().join("EXKHI02")]);
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "mrs-refused")
        .expect("mrs-refused");
    let all = format!("{}\n{}\n{}", f.title, f.explanation, f.remedy);
    assert!(!all.contains("named after the log folder"), "{all}");
    assert!(all.contains("EXKHI02"), "{all}");
    assert!(!all.contains(FQDN), "{all}");
}

#[test]
fn a_folder_typed_in_another_case_is_listed_by_the_machine_s_name() {
    // HCW ran on EXKHI02; the logs were copied into `exkhi02/…`. The sources list said
    // "EXKHI02 · HCW", "exkhi02 · HTTPERR": one machine, two names.
    let tmp = case_in("exkhi02");
    let a = load_all(&[tmp.path().to_path_buf()]);
    let text = hcwlens::report::text::render(&a);
    assert!(text.contains("(EXKHI02 · HTTPERR · UTC)"), "{text}");
    assert!(!text.contains("(exkhi02 "), "{text}");
}

#[test]
fn the_tls_offload_finding_names_a_server_as_the_sources_list_does() {
    // EX01's IIS log writes s-computername as ex01.contoso.com, its HTTPERR log lies in the
    // EX01 folder: the finding said "IIS on EX02 and ex01.contoso.com", the sources EX01.
    let from =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios/ep-tls-offload");
    let tmp = tempfile::tempdir().expect("temp dir");
    for server in ["EX01", "EX02"] {
        let rel = format!("{server}/W3SVC1/u_ex241118_x.log");
        let mut text = std::fs::read_to_string(from.join(&rel)).expect("read");
        if server == "EX01" {
            text = with_computer(&text, "ex01.contoso.com");
        }
        let to = tmp.path().join(&rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::write(to, text).expect("write");
    }
    let httperr = tmp.path().join("EX01/HTTPERR");
    std::fs::create_dir_all(&httperr).expect("mkdir");
    std::fs::write(
        httperr.join("httperr1.log"),
        "#Software: Microsoft HTTP API 2.0\n#Version: 1.0\n#Date: 2024-11-18 07:30:00\n\
         #Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename\n\
         2024-11-18 07:30:30 10.0.5.9 50000 10.0.1.11 443 HTTP/1.1 GET /owa/ - - Timer_ConnectionIdle -\n",
    )
    .expect("write");
    let a = load_all(&[tmp.path().to_path_buf()]);
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "ep-tls-offload")
        .expect("ep-tls-offload");
    assert!(
        f.explanation
            .contains("IIS on EX01 and on EX02 (named after the log folder) logged"),
        "{}",
        f.explanation
    );
    assert!(
        !f.explanation.contains("contoso.com logged"),
        "{}",
        f.explanation
    );
}

#[test]
fn the_clock_skew_evidence_names_the_server_as_the_sources_list_does() {
    // WEX01's IIS log writes s-computername as wex01.corp.example; HCW ran on WEX01. The
    // suggestion's evidence said "mrsproxy requests from 52.98.71.34 (wex01.corp.example)".
    let from =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios/hcw-clock-skew");
    let tmp = tempfile::tempdir().expect("temp dir");
    for rel in ["hcw/20241126_140840.log", "WEX01/W3SVC1/u_ex241126.log"] {
        let mut text = std::fs::read_to_string(from.join(rel)).expect("read");
        if rel.contains("W3SVC1") {
            text = with_computer(&text, "wex01.corp.example");
        }
        let to = tmp.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::write(to, text).expect("write");
    }
    let a = load_all(&[tmp.path().to_path_buf()]);
    let skew = a.skew.as_ref().expect("a skew suggestion");
    let all = skew.evidence.join("\n");
    assert!(all.contains("(WEX01)"), "{all}");
    assert!(!all.contains("corp.example"), "{all}");
}

/// A site folder copied beside the original keeps its server's name: Explorer names the copy
/// `W3SVC1 - Copy` or `W3SVC1 (2)` (`W3SVC1 - Kopie` on a German desktop), and the server was
/// named by its address instead.
#[test]
fn a_copied_site_folder_still_names_its_server() {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/audit20/agent-denied/FBEX1/W3SVC1/u_ex250312.log");
    for folder in [
        "W3SVC1 (2)",
        "W3SVC1 - Copy",
        "W3SVC1 - Kopie (3)",
        "w3svc2_old",
    ] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let to = tmp
            .path()
            .join("EXCH07")
            .join(folder)
            .join("u_ex250312.log");
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&from, &to).expect("copy");
        let a = load_all(&[tmp.path().to_path_buf()]);
        let text = hcwlens::report::text::render(&a);
        assert!(text.contains("IIS on EXCH07"), "{folder}:\n{text}");
        assert!(!text.contains("IIS on 10.30.1.11"), "{folder}:\n{text}");
    }
}
