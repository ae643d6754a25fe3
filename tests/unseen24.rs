//! Logs nobody here had seen (`tests/fixtures/unseen24`, written by its `make.py`): field sets
//! admins choose, damage a crash leaves, other zones and servers. Each test is a wrong or
//! misleading answer hcwlens gave on them.

use crate::explorer;
use crate::fixtures;
use crate::scenario;

use fixtures::analyse;

#[test]
fn an_hcw_401_whose_iis_requests_lack_their_codes_asks_for_the_fields_not_other_logs() {
    // The failing call's mrsproxy requests are in the loaded IIS log, answered 401, but the
    // site logs no sc-win32-status (or neither it nor sc-substatus): the finding cannot name
    // the cause, and must say why instead of "no failed handshake matches this call: load the
    // other servers' logs".
    for (case, missing) in [
        ("unseen24/fields-no-win32", "without sc-win32-status"),
        (
            "unseen24/fields-minimal",
            "without sc-substatus and sc-win32-status",
        ),
    ] {
        let a = analyse(case);
        let f = a
            .findings
            .iter()
            .find(|f| f.id.to_string() == "hcw-unauthorized")
            .unwrap_or_else(|| panic!("{case}: no hcw-unauthorized"));
        assert!(
            !f.remedy.contains("No failed /EWS/mrsproxy.svc handshake"),
            "{case}: {}",
            f.remedy
        );
        assert!(f.remedy.contains(missing), "{case}: {}", f.remedy);
        assert!(
            f.explanation.contains(
                "logged 6 requests to /EWS/mrsproxy.svc answered 401 while the call ran \
                 (from 10.30.9.5)"
            ),
            "{case}: {}",
            f.explanation
        );
        let iis_lines: Vec<u64> = f
            .evidence
            .iter()
            .filter(|e| {
                a.sources
                    .iter()
                    .any(|s| s.id == e.source && s.kind == hcwlens::source::SourceKind::Iis)
            })
            .map(|e| e.line)
            .collect();
        assert_eq!(iis_lines, (26..=31).collect::<Vec<_>>(), "{case}");
    }
}

#[test]
fn a_line_cut_by_a_crash_inside_a_character_is_said_cut_with_the_nuls_after_it() {
    // FBEX1 crashed while writing its last line: the line stops after the first byte of the
    // `ü` of `jürgen.müller`, and 64 KiB of NULs (the zeroed rest) follow. The line is cut off
    // by the crash: not "still being written or copied", and its cut character is no
    // Windows-1252 byte of a client.
    let a = analyse("unseen24/nul-tail");
    let iis = a
        .sources
        .iter()
        .find(|s| s.kind == hcwlens::source::SourceKind::Iis)
        .expect("IIS log");
    let said: Vec<(u64, &str)> = iis
        .stats
        .diagnostics
        .iter()
        .map(|d| (d.line, d.reason.as_str()))
        .collect();
    assert_eq!(said.len(), 1, "{said:#?}");
    assert_eq!(said[0].0, 34);
    assert!(
        said[0].1.starts_with(
            "cut off: the server stopped in the middle of the line, and 65536 NUL bytes follow"
        ),
        "{said:#?}"
    );
    assert_eq!(iis.stats.not_utf8, 0, "{said:#?}");
}

#[test]
fn an_hcw_clock_minutes_off_is_suggested_as_a_skew() {
    // The HCW machine's clock runs 3 min 4 s behind the Exchange server's (no zone apart):
    // the call and its failing mrsproxy handshakes do not line up, and the skew that lines
    // them up is to be suggested, not only "check the clock offset".
    let a = analyse("unseen24/skew-3min");
    let s = a.skew.as_ref().expect("a skew suggestion");
    assert!(
        (s.offset_ms - 184_000).abs() <= 1_000,
        "suggested {} ms",
        s.offset_ms
    );
    assert_eq!((s.matched_calls, s.total_calls), (1, 1));
}

#[test]
fn a_last_line_read_without_its_line_break_says_its_last_value_may_be_cut() {
    // Copied while IIS wrote it: the last line stops inside its last value (`2148` of
    // `2148074310`, the site logs no time-taken), so it still has every field and is read,
    // code `2148` and all. The sources list must say the line ends without a line break and
    // that the value may be cut, as it does for a cut line it cannot read.
    let a = analyse("unseen24/cut-last-value");
    let iis = &a.sources[0];
    let said: Vec<(u64, &str)> = iis
        .stats
        .diagnostics
        .iter()
        .map(|d| (d.line, d.reason.as_str()))
        .collect();
    assert_eq!(
        said,
        [(
            28,
            "read, but it ends without a line break (the log was cut while being written or \
             copied): its last value, \"2148\", may be cut off"
        )]
    );
}

#[test]
fn a_log_without_c_ip_says_so_and_no_sentence_has_an_empty_client() {
    // The admin dropped the Client IP Address field: the sources list says what that costs,
    // and the finding and the handshake list say the client is not logged, not
    // "from  that ended" / "from on FBEX1".
    let a = analyse("unseen24/no-client-ip");
    let iis = a
        .sources
        .iter()
        .find(|s| s.kind == hcwlens::source::SourceKind::Iis)
        .expect("IIS log");
    assert!(
        iis.stats
            .diagnostics
            .iter()
            .any(|d| d.line == 4 && d.reason.starts_with("read, but #Fields has no c-ip")),
        "{:#?}",
        iis.stats.diagnostics
    );
    let ep = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "ep-hybrid-agent")
        .expect("ep-hybrid-agent");
    assert!(
        ep.explanation.contains(&format!(
            "/EWS/mrsproxy.svc from {} that ended",
            hcwlens::wording::CLIENT_NOT_LOGGED
        )),
        "{}",
        ep.explanation
    );
    let text = hcwlens::report::text::render(&a);
    assert!(!text.contains("from  "), "{text}");
    assert!(!text.contains(" from on "), "{text}");
    assert!(!text.contains("()"), "{text}");
}

#[test]
fn the_explorer_says_a_handshake_s_client_is_not_logged_at_80_columns() {
    // The handshake's title at 80x24 (`]`): `from (c-ip not logged)`, not `from  | NTLM`.
    let mut m = explorer::loaded(&[fixtures::fixture("unseen24/no-client-ip")], (80, 24));
    scenario::press(&mut m, &["]"]);
    let title = explorer::row_with(&m, "POST /EWS/mrsproxy.svc from");
    assert!(
        title.contains("from (c-ip not logged) | NTLM"),
        "{}",
        explorer::screen(&m)
    );
}

#[test]
fn findings_about_clients_a_log_without_c_ip_does_not_name_leave_no_gap_and_count_no_address() {
    // Without c-ip every client has the same empty address: no sentence may have a gap where
    // it goes, and Extended Protection failures are not "from 1 client address" that "is the
    // device in the middle".
    let a = analyse("unseen24/no-client-ip-users");
    let ids: Vec<String> = a.findings.iter().map(|f| f.id.to_string()).collect();
    for want in [
        "ep-tls-offload",
        "ntlm-split-connection",
        "credentials-rejected",
    ] {
        assert!(ids.iter().any(|i| i == want), "{want} in {ids:?}");
    }
    for f in &a.findings {
        let said = format!("{} {} {}", f.title, f.explanation, f.remedy);
        for gap in [
            "from  ",
            " from on ",
            "()",
            "came from :",
            "from 1 client address",
        ] {
            assert!(!said.contains(gap), "{}: {gap:?} in {said}", f.id);
        }
    }
    let offload = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "ep-tls-offload")
        .expect("ep-tls-offload");
    assert!(
        offload
            .explanation
            .contains("The log names no client address (no c-ip)"),
        "{}",
        offload.explanation
    );
}

#[test]
fn grouping_words_of_a_log_without_c_ip_name_no_empty_client() {
    // "grouping guessed:  carries 3 users" (the empty address), "one client, no overlapping
    // handshakes" (nothing says one client): the words say the client is not logged.
    for case in ["unseen24/no-client-ip", "unseen24/no-client-ip-users"] {
        let a = analyse(case);
        assert!(!a.handshakes.is_empty(), "{case}");
        for h in &a.handshakes {
            let words = h.grouping_words();
            assert!(
                !words.contains(":  ") && !words.contains("one client"),
                "{case}: {words}"
            );
        }
    }
}
