//! W3C edge cases on real line shapes (`tests/fixtures/w3c-edges`): IPv4-mapped client
//! addresses, `#Fields` lists without `cs-username`, stray bytes that are not UTF-8 in a UTF-8
//! log. Checked in the JSON report, as `tests/iis_probe.rs` does.

use crate::explorer;

use crate::report_json;

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use report_json::{Set, handshakes, legs};
use serde_json::Value;

const SET: Set = Set("w3c-edges");

/// Line numbers of a handshake's legs.
fn lines(h: &Value) -> Vec<u64> {
    legs(h)
        .iter()
        .map(|l| l["line"].as_u64().unwrap_or(0))
        .collect()
}

#[test]
fn an_ipv4_mapped_client_is_the_ipv4_client() {
    // A dual-stack site logs the client `::ffff:203.0.113.7` on some legs, `203.0.113.7` on
    // others; an address that completed handshakes for alice one way and bob the other
    // carries two users.
    let r = SET.json("mapped");
    let shown: Vec<_> = handshakes(&r)
        .iter()
        .map(|h| {
            (
                h["client"].as_str(),
                lines(h),
                h["failure_name"].as_str(),
                h["shared_users"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        vec![
            (
                Some("203.0.113.7"),
                vec![5, 6, 7],
                Some("SEC_E_BAD_BINDINGS"),
                Some(0)
            ),
            (
                Some("10.1.2.3"),
                vec![14, 15, 16],
                Some("SEC_E_LOGON_DENIED"),
                Some(2)
            ),
            // Real IPv6, and a value that only starts like a mapped address: as logged.
            (
                Some("2001:db8::7"),
                vec![17, 18, 19],
                Some("SEC_E_BAD_BINDINGS"),
                Some(0)
            ),
            (
                Some("::ffff:203.0.113"),
                vec![20, 21, 22],
                Some("SEC_E_BAD_BINDINGS"),
                Some(0)
            ),
        ],
        "{shown:#?}"
    );
    assert_eq!(
        handshakes(&r)[1]["grouping"],
        "grouping guessed: 10.1.2.3 carries 2 users"
    );
    // The evidence keeps the line as IIS wrote it.
    let text = hcwlens::report::text::render(&SET.analyse("mapped"));
    assert!(
        text.contains("u_ex241105.log:5 2024-11-05 10:00:03 10.0.0.11 POST /EWS/mrsproxy.svc - 443 - ::ffff:203.0.113.7 "),
        "{text}"
    );
    let a = SET.analyse("mapped");
    let mut mrs: Vec<&str> = a.mrs.iter().map(|m| m.client.as_str()).collect();
    mrs.sort_unstable();
    mrs.dedup();
    assert_eq!(mrs, ["2001:db8::7", "203.0.113.7", "::ffff:203.0.113"]);
}

#[test]
fn an_ipv4_mapped_forwarded_client_is_the_ipv4_client() {
    let r = SET.json("mapped-xff");
    let shown: Vec<_> = handshakes(&r)
        .iter()
        .map(|h| (h["client"].as_str(), h["via"].as_str(), lines(h)))
        .collect();
    let via = Some("10.20.0.5");
    assert_eq!(
        shown,
        vec![
            (Some("198.51.100.9"), via, vec![5, 6, 7]),
            (Some("198.51.100.10"), via, vec![8, 9, 10]),
        ]
    );
    for h in handshakes(&r) {
        assert_eq!(h["grouping"], "grouping sure: legs tied by X-Forwarded-For");
    }
}

const STRAY: &str = "read, but byte 0xE9 is not UTF-8 (Windows-1252 \"é\"?): shown as U+FFFD";

#[test]
fn a_stray_windows_1252_byte_in_a_utf8_log_is_read_and_said() {
    // u_ex: UTF-8 user names, then a client's raw 0xE9 in a query and in a user agent.
    let r = SET.json("not-utf8");
    let src = &r["sources"][0];
    assert_eq!(src["encoding"], "utf8");
    assert_eq!(
        (
            src["lines"].as_u64(),
            src["events"].as_u64(),
            src["unparsed"].as_u64(),
            src["not_utf8"].as_u64()
        ),
        (Some(14), Some(10), Some(0), Some(4))
    );
    let said: Vec<_> = src["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["line"].as_u64(), d["reason"].as_str()))
        .collect();
    assert_eq!(
        said,
        [11, 12, 13, 14].map(|l| (Some(l), Some(STRAY))).to_vec()
    );
    // The lines are still requests: the handshake on them is found.
    let hs = handshakes(&r);
    assert_eq!(hs.len(), 1, "{hs:#?}");
    assert_eq!(lines(&hs[0]), vec![12, 13, 14]);
    assert_eq!(hs[0]["user_agent"], "Caf\u{FFFD}Sync/2.1+(Windows+NT+10.0)");
    let text = hcwlens::report::text::render(&SET.analyse("not-utf8"));
    assert!(
        text.contains("14 lines, 10 events, 0 unparsed, 4 with bytes not UTF-8"),
        "{text}"
    );
    // The explorer's status bar says so at 80 columns.
    let m = explorer::loaded(&[SET.dir("not-utf8")], (80, 24));
    let s = explorer::screen(&m);
    assert!(s.contains("| 4 lines not UTF-8 (I)"), "{s}");
}

#[test]
fn stray_bytes_deep_in_a_big_utf8_log_are_counted_in_every_block() {
    // Past the first 64 KiB the file's encoding was decided on, in blocks parsed on workers.
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("EX01/W3SVC1/u_ex241105.log");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let mut log = b"#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n\
                    #Date: 2024-11-05 00:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem \
                    cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status \
                    sc-substatus sc-win32-status time-taken\r\n"
        .to_vec();
    let mut stray = Vec::new();
    for i in 0..30_000u32 {
        let s = i / 20;
        let name: &[u8] = if i % 7_000 == 6_999 {
            stray.push(u64::from(i) + 5);
            b"Ren\xe9"
        } else {
            b"Rene"
        };
        log.extend_from_slice(
            format!(
                "2024-11-05 {:02}:{:02}:{:02} 10.0.0.11 GET /owa/auth/logon.aspx name=",
                s / 3600,
                s / 60 % 60,
                s % 60
            )
            .as_bytes(),
        );
        log.extend_from_slice(name);
        log.extend_from_slice(
            b" 443 - 198.51.100.20 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 4\r\n",
        );
    }
    assert!(log.len() > 2 * 1024 * 1024);
    std::fs::write(&path, &log).expect("write");
    let a = load(
        &[tmp.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let s = &a.sources[0].stats;
    assert_eq!((s.events, s.unparsed, s.not_utf8), (30_000, 0, 4));
    let said: Vec<_> = s
        .diagnostics
        .iter()
        .map(|d| (d.line, d.reason.as_str()))
        .collect();
    let want: Vec<_> = stray.iter().map(|&l| (l, STRAY)).collect();
    assert_eq!(said, want);
}

#[test]
fn without_cs_username_an_answered_challenge_is_a_completed_handshake() {
    // The admin trimmed cs-username from the logged fields (a new header mid-file): the Mac's
    // 200 after each challenge names no user, yet it is the answer, not a client that gave up.
    // The phone that never answers is the one stuck client.
    let r = SET.json("no-username");
    let findings = r["findings"].as_array().expect("findings");
    let ids: Vec<_> = findings.iter().map(|f| f["id"].as_str()).collect();
    assert_eq!(
        ids,
        [Some("credentials-rejected"), Some("ntlm-stuck-client")]
    );
    let stuck = findings[1]["explanation"].as_str().unwrap_or("");
    assert!(stuck.contains("10.1.4.77 (iOS"), "{stuck}");
    assert!(!stuck.contains("10.1.4.3"), "{stuck}");
    let summary: Vec<_> = r["handshake_summary"]
        .as_array()
        .expect("summary")
        .iter()
        .map(|c| {
            (
                c["uri"].as_str(),
                c["outcome"].as_str(),
                c["log_end"].as_bool().unwrap_or(false),
                c["count"].as_u64(),
            )
        })
        .collect();
    // The phone's last two challenges, within 5 s of the log's end, are counted apart as the
    // list words them: unanswered, the log ends.
    assert_eq!(
        summary,
        vec![
            (Some("/EWS/Exchange.asmx"), Some("success"), false, Some(25)),
            (
                Some("/EWS/Exchange.asmx"),
                Some("abandoned"),
                false,
                Some(20)
            ),
            (Some("/EWS/Exchange.asmx"), Some("abandoned"), true, Some(2)),
            (Some("/EWS/mrsproxy.svc"), Some("failed"), false, Some(2)),
        ]
    );
    // The explorer groups the same way.
    let m = explorer::loaded(&[SET.dir("no-username")], (80, 24));
    let done = m
        .data
        .analysis
        .handshakes
        .iter()
        .filter(|h| h.outcome == hcwlens::analyze::handshake::HandshakeOutcome::Success)
        .count();
    assert_eq!(done, 25);
}

#[test]
fn a_user_the_log_does_not_record_is_not_shown_as_anonymous() {
    // The MRS proxy fails twice: under the default fields its final leg logged `-`; after the
    // fields were trimmed there is no cs-username to log.
    let a = SET.analyse("no-username");
    let r: Value = serde_json::from_str(&hcwlens::report::json::render(&a)).expect("JSON");
    let users: Vec<Vec<Value>> = handshakes(&r)
        .iter()
        .filter(|h| h["uri"] == "/EWS/mrsproxy.svc")
        .map(|h| {
            h["legs"]
                .as_array()
                .expect("legs")
                .iter()
                .map(|l| l["user"].clone())
                .collect()
        })
        .collect();
    let dash = Value::String(String::new());
    assert_eq!(
        users,
        vec![vec![dash.clone(), dash.clone(), dash], vec![Value::Null; 3]]
    );
    // The stuck phone's finding says the log cannot name its user.
    let stuck = a
        .findings
        .iter()
        .find(|f| f.id == hcwlens::analyze::finding::FindingId::NtlmStuckClient)
        .expect("ntlm-stuck-client");
    assert!(
        stuck
            .explanation
            .contains("completed 0 handshakes (the log's #Fields has no cs-username: which user, it does not say)"),
        "{}",
        stuck.explanation
    );
    // The ticket text and the HTML report of the second failure.
    let mrs: Vec<_> = a
        .handshakes
        .iter()
        .filter(|h| h.uri == "/EWS/mrsproxy.svc")
        .collect();
    let utc = hcwlens::time::ZoneSpec::Fixed(0);
    let before = hcwlens::export::handshake_markdown(mrs[0], &a.sources, &utc, None);
    let after = hcwlens::export::handshake_markdown(mrs[1], &a.sources, &utc, None);
    assert!(before.contains("   - User: (none)"), "{before}");
    assert!(!before.contains("not logged"), "{before}");
    assert_eq!(
        after
            .matches("   - User: not logged (no cs-username in #Fields)")
            .count(),
        3,
        "{after}"
    );
    let html = hcwlens::report::html::render(&a, false);
    assert!(
        html.contains("<td>not logged (no cs-username in #Fields)</td>"),
        "{html}"
    );
    // The explorer's handshake detail: the final leg says so; the other failure's does not.
    let m = explorer::loaded(&[SET.dir("no-username")], (80, 24));
    let theme = hcwlens::tui::view::theme::Theme::new(false);
    let detail = |uri_line: u32| {
        let h = m
            .data
            .analysis
            .handshakes
            .iter()
            .position(|h| h.legs.first().is_some_and(|l| l.line == uri_line))
            .expect("handshake");
        hcwlens::tui::view::detail::handshake(&m, h, &theme)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    let old = detail(5);
    let new = detail(87);
    assert!(!old.iter().any(|l| l.contains("not logged")), "{old:#?}");
    let marked: Vec<_> = new
        .iter()
        .filter(|l| l.contains("(user not logged)"))
        .collect();
    assert_eq!(marked.len(), 1, "{new:#?}");
    assert!(marked[0].contains("SEC_E_LOGON_DENIED"), "{new:#?}");
}

#[test]
fn where_cs_username_is_logged_is_known_by_line_across_blocks() {
    // Fields trimmed at line 20,005 (data lines from 20,006) and restored at line 30,006, in a
    // log parsed in blocks.
    let full = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username \
                c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";
    let trim = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port c-ip \
                cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken\r\n";
    let mut log = format!(
        "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-11-05 00:00:00\r\n{full}"
    );
    let line = |i: u32, user: bool| {
        let s = i / 20;
        format!(
            "2024-11-05 {:02}:{:02}:{:02} 10.0.0.11 GET /owa/ - 443 {}10.1.2.3 Mozilla/5.0 {}200 0 0 4\r\n",
            s / 3600,
            s / 60 % 60,
            s % 60,
            if user { "CONTOSO\\alice " } else { "" },
            if user { "- " } else { "" },
        )
    };
    for i in 0..20_000 {
        log.push_str(&line(i, true));
    }
    log.push_str(trim);
    for i in 20_000..30_000 {
        log.push_str(&line(i, false));
    }
    log.push_str(full);
    for i in 30_000..40_000 {
        log.push_str(&line(i, true));
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("EX01/W3SVC1/u_ex241105.log");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, &log).expect("write");
    let a = load(
        &[tmp.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let s = &a.sources[0].stats;
    assert_eq!((s.events, s.unparsed), (40_000, 0));
    let at = |l: u64| s.user_logged(l);
    assert_eq!(
        [1, 20_004, 20_005, 20_006, 30_005, 30_006, 30_007, 40_006].map(at),
        [true, true, true, false, false, false, true, true]
    );
    assert_eq!(s.user_fields, vec![(20_006, false), (30_007, true)]);
}

#[test]
fn a_followed_log_without_cs_username_reads_as_its_load() {
    // The explorer opened the log before the admin trimmed the fields; IIS wrote the rest
    // (a new header without cs-username, the Mac, the MRS failure, the phone) while followed.
    use hcwlens::pipeline::Follow;
    let whole =
        std::fs::read(SET.dir("no-username").join("EX01/W3SVC1/u_ex241105.log")).expect("read");
    let cut = whole
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(8)
        .map_or(whole.len(), |(i, _)| i + 1);
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("EX01/W3SVC1/u_ex241105.log");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, &whole[..cut]).expect("write");
    let root = [tmp.path().to_path_buf()];
    let (mut a, mut f) = Follow::load(&root, &LoadOptions::default(), &NoProgress).expect("load");
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open");
    std::io::Write::write_all(&mut file, &whole[cut..]).expect("append");
    drop(file);
    a.apply(f.poll());
    let followed = hcwlens::report::json::render(&a);
    let loaded = hcwlens::report::json::render(
        &load(&root, &LoadOptions::default(), &NoProgress).expect("load"),
    );
    assert_eq!(followed, loaded);
    assert_eq!(a.sources[0].stats.user_fields, vec![(12, false)]);
}
