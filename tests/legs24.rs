//! What a handshake and its legs say when the IIS log could not tell: codes a site does not
//! log, a last value cut by a copy or a crash, a file that ends inside a handshake, a log
//! without the client address (fixtures: `tests/fixtures/unseen24`, `tests/fixtures/legs24`).

use crate::explorer;
use crate::fixtures;
use crate::scenario;

use fixtures::analyse;
use hcwlens::time::ZoneSpec;

#[test]
fn legs_of_a_site_without_sc_win32_status_show_no_code_the_log_never_wrote() {
    // The site logs no sc-win32-status: the anonymous and challenge legs of the failing
    // handshakes hold 0 for it, which IIS never wrote. Every view says it is not logged.
    let a = analyse("unseen24/fields-no-win32");
    let failed: Vec<_> = a
        .handshakes
        .iter()
        .filter(|h| h.uri == "/EWS/mrsproxy.svc")
        .collect();
    assert_eq!(failed.len(), 2);
    let text = hcwlens::report::text::render(&a);
    for bad in ["401 2 0", "401 1 0"] {
        assert!(!text.contains(bad), "{bad} in\n{text}");
    }
    assert!(text.contains("line 26: 401 2 - - 401.2"), "{text}");
    let md = hcwlens::report::markdown::render(&a);
    assert!(!md.contains("401 2 0") && !md.contains("401 1 0"), "{md}");
    let html = hcwlens::report::html::render(&a, false);
    assert!(
        !html.contains("401 2 0") && !html.contains("401 1 0"),
        "html"
    );
    let json: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    for h in json["handshakes"].as_array().expect("handshakes") {
        for l in h["legs"].as_array().expect("legs") {
            assert!(l["win32"].is_null(), "{l}");
            assert_eq!(l["win32_text"], "-", "{l}");
            assert!(
                l["decoded"]
                    .as_str()
                    .is_some_and(|d| d.contains("sc-win32-status not logged")),
                "{l}"
            );
        }
    }
    for h in &failed {
        let ticket = hcwlens::export::handshake_markdown(h, &a.sources, &ZoneSpec::Fixed(0), None);
        assert!(
            !ticket.contains("`401 2 0`") && !ticket.contains("`401 1 0`"),
            "{ticket}"
        );
        assert!(ticket.contains("`401 2 -`"), "{ticket}");
        for l in &h.legs {
            assert!(
                l.describe().contains("sc-win32-status not logged"),
                "{}",
                l.describe()
            );
        }
    }
}

#[test]
fn the_explorer_and_its_ticket_copy_show_a_leg_s_unlogged_code_as_not_logged() {
    let mut m = explorer::loaded(&[fixtures::fixture("unseen24/fields-no-win32")], (120, 40));
    scenario::press(&mut m, &["]"]);
    let screen = explorer::screen(&m);
    assert!(screen.contains("POST /EWS/mrsproxy.svc"), "{screen}");
    assert!(
        !screen.contains("401 2 0") && !screen.contains("401.2 0"),
        "{screen}"
    );
    // The detail pane's anonymous leg says its code is not logged, as the final one does.
    let anonymous = explorer::row_with(&m, " 09:50:11 401.2 Logon failed");
    assert!(
        anonymous.contains("sc-win32-status not logged"),
        "{anonymous}\n{screen}"
    );
    scenario::take_copies();
    scenario::press(&mut m, &["y"]);
    let copies = scenario::take_copies();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let ticket = &copies[0].1;
    assert!(ticket.contains("`401 2 -`"), "{ticket}");
    assert!(!ticket.contains("`401 2 0`"), "{ticket}");
}

#[test]
fn a_handshake_from_a_log_without_c_ip_is_never_grouped_sure() {
    // No c-ip: the legs of two clients on one uri look alike, so nothing ties the legs of a
    // handshake to one client, even with no other handshake open. The grouping is likely at
    // best, and its words say why; the JSON report and the export judge it alike.
    let a = analyse("unseen24/no-client-ip");
    let mrs: Vec<_> = a
        .handshakes
        .iter()
        .filter(|h| h.uri == "/EWS/mrsproxy.svc")
        .collect();
    assert!(!mrs.is_empty());
    for h in &mrs {
        assert!(h.client.is_empty());
        assert_ne!(h.confidence, hcwlens::analyze::handshake::Confidence::High);
        let words = h.grouping_words();
        assert!(
            words.starts_with("grouping likely: ") && words.contains("no c-ip"),
            "{words}"
        );
    }
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(
        &[fixtures::fixture("unseen24/no-client-ip")],
        &hcwlens::pipeline::LoadOptions::default(),
        &mut out,
    )
    .expect("export");
    let export = String::from_utf8(out).expect("utf-8");
    let mut legs = 0;
    for line in export.lines().filter(|l| l.contains("mrsproxy.svc")) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        if let Some(c) = v["hcwlens"]["handshake"]["confidence"].as_str() {
            assert_eq!(c, "medium", "{line}");
            legs += 1;
        }
    }
    assert!(legs > 0, "{export}");
}

#[test]
fn the_explorer_shows_a_missing_client_address_as_a_dash() {
    // An IIS row of a log without c-ip: `09:50:11 - POST /EWS/mrsproxy.svc`, not a blank.
    let m = explorer::loaded(&[fixtures::fixture("unseen24/no-client-ip")], (100, 40));
    let screen = explorer::screen(&m);
    assert!(screen.contains(" - POST /EWS/"), "{screen}");
    assert!(!screen.contains("  POST /EWS/"), "{screen}");
}

#[test]
fn a_handshake_the_log_ends_in_is_unanswered_not_abandoned_by_its_client() {
    // The log ends within a handshake's window after its challenge (a crash that cut the
    // next line, or simply the file's last line): no answer could be logged, so the client is
    // not said to have given up. One left a minute before the end stays abandoned.
    let crash = analyse("unseen24/nul-tail");
    let text = hcwlens::report::text::render(&crash);
    assert!(
        text.contains(
            "from 10.40.2.23 on FBEX1: Unanswered at the challenge, and the log ends within 5 s \
             after it (line 34, cut off): an answer may not have been logged"
        ),
        "{text}"
    );
    let a = analyse("legs24/log-end");
    let text = hcwlens::report::text::render(&a);
    assert!(
        text.contains("from 10.1.0.7 on EX01: Abandoned at the challenge (grouping"),
        "{text}"
    );
    assert!(
        text.contains(
            "from 10.1.0.8 on EX01: Unanswered at the challenge, and the log ends with it \
             (line 23): an answer may not have been logged"
        ),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    let ends: Vec<(&str, &serde_json::Value)> = json["handshakes"]
        .as_array()
        .expect("handshakes")
        .iter()
        .map(|h| (h["client"].as_str().unwrap_or(""), &h["log_end"]))
        .collect();
    assert_eq!(ends.len(), 2, "{ends:?}");
    assert!(ends[0].1.is_null(), "{ends:?}");
    assert!(
        ends[1]
            .1
            .as_str()
            .is_some_and(|s| s.starts_with("the log ends with it (line 23)")),
        "{ends:?}"
    );
    let last = a
        .handshakes
        .iter()
        .find(|h| h.client == "10.1.0.8")
        .expect("the last handshake");
    let ticket = hcwlens::export::handshake_markdown(last, &a.sources, &ZoneSpec::Fixed(0), None);
    assert!(
        ticket.contains("handshake UNANSWERED after the challenge")
            && ticket.contains("The client did not necessarily give up")
            && !ticket.contains("the client gave up"),
        "{ticket}"
    );
    let mut m = explorer::loaded(&[fixtures::fixture("legs24/log-end")], (120, 40));
    let mut title = String::new();
    for _ in 0..a.handshakes.len() + 8 {
        scenario::press(&mut m, &["]"]);
        title = explorer::row_with(&m, "POST /EWS/Exchange.asmx from 10.1.0.8");
        if !title.is_empty() {
            break;
        }
    }
    assert!(
        title.starts_with("UNANSWERED (log ends) POST"),
        "{title}\n{}",
        explorer::screen(&m)
    );
    assert!(
        explorer::screen(&m).contains(" The log ends with it (line 23)"),
        "{}",
        explorer::screen(&m)
    );
}

/// The "cut off" of a log that ends inside a handshake comes from where the parser found the
/// writer stopped, not from the few diagnostics a source keeps: a damaged log with more bad
/// lines than are listed before its cut last line still says it.
#[test]
fn a_cut_last_line_is_said_after_more_bad_lines_than_are_listed() {
    let tmp = tempfile::tempdir().expect("temp dir");
    fixtures::copy_dir(&fixtures::fixture("unseen24/nul-tail"), tmp.path());
    let log = tmp.path().join("FBEX1/W3SVC1/u_ex250603.log");
    let bytes = std::fs::read(&log).expect("log");
    let header_end = bytes
        .windows(9)
        .position(|w| w == b"\n#Fields:")
        .and_then(|at| {
            bytes[at + 1..]
                .iter()
                .position(|&b| b == b'\n')
                .map(|n| at + 2 + n)
        })
        .expect("the #Fields line");
    let bad = b"2025-06-03 09:48:05 not a request\r\n".repeat(25);
    let damaged = [&bytes[..header_end], &bad[..], &bytes[header_end..]].concat();
    std::fs::write(&log, damaged).expect("write");
    let a = hcwlens::pipeline::load(
        &[tmp.path().to_path_buf()],
        &hcwlens::pipeline::LoadOptions::default(),
        &hcwlens::progress::NoProgress,
    )
    .expect("load");
    let text = hcwlens::report::text::render(&a);
    assert!(
        text.contains("the log ends within 5 s after it (line 59, cut off)"),
        "{text}"
    );
}
