//! IIS shapes found by the December probe on logs hcwlens had not seen
//! (`tests/fixtures/iis-probe`): status codes written as other tools print them, handshakes
//! whose legs straddle a file rotation, files cut mid-line. Checked in the JSON report.

use crate::report_json;

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use report_json::{Set, handshakes, legs as legs_of};
use serde_json::Value;

const SET: Set = Set("iis-probe");

/// (line, win32) of each leg.
fn legs(h: &Value) -> Vec<(u64, Option<u64>)> {
    legs_of(h)
        .iter()
        .map(|l| (l["line"].as_u64().unwrap_or(0), l["win32"].as_u64()))
        .collect()
}

#[test]
fn win32_codes_in_hex_or_signed_decode_and_group_like_iis_decimals() {
    let r = SET.json("win32-written");
    let hs = handshakes(&r);
    assert_eq!(hs.len(), 2, "{hs:#?}");
    for (h, first) in hs.iter().zip([5, 8]) {
        assert_eq!(h["outcome"], "failed");
        assert_eq!(h["auth"], "ntlm");
        assert_eq!(h["failure_name"], "SEC_E_BAD_BINDINGS");
        assert_eq!(
            legs(h),
            vec![
                (first, Some(5)),
                (first + 1, Some(2_148_074_254)),
                (first + 2, Some(2_148_074_310)),
            ]
        );
    }
    let src = &r["sources"][0];
    assert_eq!(src["unparsed"], 0);
    assert_eq!(src["diagnostics"], Value::Array(vec![]), "{src:#?}");
}

/// (file name, line) of each leg.
fn files(h: &Value) -> Vec<(String, u64)> {
    legs_of(h)
        .iter()
        .map(|l| {
            let src = l["source"].as_str().unwrap_or("");
            let name = src.rsplit(['/', '\\']).next().unwrap_or("");
            (name.to_string(), l["line"].as_u64().unwrap_or(0))
        })
        .collect()
}

#[test]
fn handshakes_cut_by_the_midnight_rotation_are_one_handshake_again() {
    let r = SET.json("rotation");
    let hs = handshakes(&r);
    let day1 = |l: u64| ("u_ex241105.log".to_string(), l);
    let day2 = |l: u64| ("u_ex241106.log".to_string(), l);
    let shown: Vec<_> = hs
        .iter()
        .map(|h| (files(h), h["outcome"].as_str(), h["failure_name"].as_str()))
        .collect();
    assert_eq!(
        shown,
        vec![
            // The challenge before midnight, the EP failure after it: one failed handshake.
            (
                vec![day1(6), day1(7), day2(5)],
                Some("failed"),
                Some("SEC_E_BAD_BINDINGS")
            ),
            // The anonymous leg before, challenge and rejected credentials after.
            (
                vec![day1(8), day2(6), day2(7)],
                Some("failed"),
                Some("SEC_E_LOGON_DENIED")
            ),
            // Half a minute later: another attempt, not the answer to that challenge.
            (vec![day2(8)], Some("failed"), Some("SEC_E_BAD_BINDINGS")),
        ],
        "{hs:#?}"
    );
    for h in &hs[..2] {
        assert_eq!(h["auth"], "ntlm");
        assert_eq!(h["split"], Value::Null);
        assert_eq!(h["confidence"], "high");
        let words = h["grouping"].as_str().unwrap_or("");
        assert!(
            words.ends_with("legs in two files of the rotated log"),
            "{words}"
        );
    }
    let summary: Vec<_> = r["handshake_summary"]
        .as_array()
        .expect("summary")
        .iter()
        .map(|c| {
            (
                c["outcome"].as_str(),
                c["failure_name"].as_str(),
                c["count"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (Some("failed"), Some("SEC_E_LOGON_DENIED"), Some(1)),
            (Some("failed"), Some("SEC_E_BAD_BINDINGS"), Some(2)),
        ]
    );
    // The text report counts the same and says which file a leg of the next day is in.
    let text = hcwlens::report::text::render(&SET.analyse("rotation"));
    assert!(!text.contains("Abandoned"), "{text}");
    assert!(
        text.contains("  - u_ex241106.log line 5: 401 1 2148074310"),
        "{text}"
    );
}

#[test]
fn every_leg_in_the_text_report_names_its_file_when_several_are_loaded() {
    // The header names the server, not the file: "line 6" of a handshake whose other legs are
    // in the next day's file, or of one wholly in the second file, did not say which file.
    let text = hcwlens::report::text::render(&SET.analyse("rotation"));
    for leg in [
        "  - u_ex241105.log line 6: 401 2 5",
        "  - u_ex241105.log line 7: 401 1 2148074254",
        "  - u_ex241106.log line 5: 401 1 2148074310",
        "  - u_ex241106.log line 8: 401 1 2148074310",
    ] {
        assert!(text.contains(leg), "{leg}\n{text}");
    }
    assert!(!text.contains("  - line "), "{text}");
    // One IIS file loaded: its line numbers alone are unambiguous.
    let one = hcwlens::report::text::render(&SET.analyse("win32-written"));
    assert!(one.contains("\n  - line "), "{one}");
}

/// (file name, line) of each leg of an analysis' handshake.
fn legs_in(a: &Analysis, h: &hcwlens::analyze::handshake::Handshake) -> Vec<(String, u64)> {
    h.legs
        .iter()
        .map(|l| {
            let path = a.sources.iter().find(|s| s.id == l.source).map(|s| &s.path);
            let name = path.and_then(|p| p.file_name()).unwrap_or_default();
            (name.to_string_lossy().into_owned(), u64::from(l.line))
        })
        .collect()
}

/// (outcome, abandoned at, count) of each line of the handshake summary.
fn summary(r: &Value) -> Vec<(Option<&str>, Option<&str>, Option<u64>)> {
    r["handshake_summary"]
        .as_array()
        .expect("summary")
        .iter()
        .map(|c| {
            (
                c["outcome"].as_str(),
                c["abandoned_at"].as_str(),
                c["count"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn a_handshake_cut_by_the_rotation_that_succeeds_the_next_day_is_one_success() {
    use hcwlens::analyze::handshake::{AuthKind, HandshakeOutcome::Success};
    let day1 = |l: u64| ("u_ex250401.log".to_string(), l);
    let day2 = |l: u64| ("u_ex250402.log".to_string(), l);
    // The report keeps no successful handshake: none is left abandoned, both count as
    // successes.
    let r = SET.json("rotation-success");
    assert_eq!(handshakes(&r), &Vec::<Value>::new(), "{r:#?}");
    assert_eq!(
        summary(&r),
        vec![
            (Some("success"), None, Some(1)),
            (Some("success"), None, Some(1))
        ]
    );
    // The explorer keeps them: the challenge before midnight answered after it, and the
    // anonymous leg before midnight, its challenge and answer after it.
    let explored = SET.explore("rotation-success");
    let cut: Vec<_> = explored
        .handshakes
        .iter()
        .filter(|h| h.spans_files())
        .map(|h| (legs_in(&explored, h), h.outcome, h.auth))
        .collect();
    assert_eq!(
        cut,
        vec![
            (vec![day1(6), day1(7), day2(5)], Success, AuthKind::Ntlm),
            (vec![day1(8), day2(6), day2(7)], Success, AuthKind::Ntlm),
        ],
        "{:#?}",
        explored.handshakes
    );
    assert!(explored.handshakes.iter().all(|h| h.outcome == Success));
    let words = explored.handshakes[0].grouping_words();
    assert!(
        words.ends_with("legs in two files of the rotated log"),
        "{words}"
    );
    let explored = report_json::report(&explored);
    assert_eq!(summary(&explored), summary(&r));
    // The text report as the command line loads it (abandoned handshakes parked) counts the
    // same and lists none.
    let opts = LoadOptions {
        listed: Some(hcwlens::report::LISTED_HANDSHAKES),
        ..LoadOptions::default()
    };
    let lean = load(&[SET.dir("rotation-success")], &opts, &NoProgress).expect("load");
    let text = hcwlens::report::text::render(&lean);
    assert!(!text.contains("Abandoned"), "{text}");
    assert_eq!(summary(&report_json::report(&lean)), summary(&r));
}

#[test]
fn the_text_report_joins_a_rotated_handshake_past_the_ones_it_lists() {
    // Day 1 as in the fixture, after 60 clients that gave up at the anonymous leg earlier in
    // the day: the handshake whose anonymous leg is the last line is past the 50 listed.
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("EX01/W3SVC1");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let fixture = SET.dir("rotation-success").join("EX01/W3SVC1");
    let day1 = std::fs::read_to_string(fixture.join("u_ex250401.log")).expect("read");
    let (head, rest) = day1.split_at(after_lines(day1.as_bytes(), 4));
    let mut early = String::new();
    for i in 0..60 {
        early += &format!(
            "2025-04-01 10:{:02}:00 10.0.0.11 POST /EWS/Exchange.asmx - 443 - 10.9.0.{i} Probe/1.0 - 401 2 5 0\r\n",
            i % 60
        );
    }
    std::fs::write(dir.join("u_ex250401.log"), format!("{head}{early}{rest}")).expect("write");
    std::fs::copy(fixture.join("u_ex250402.log"), dir.join("u_ex250402.log")).expect("copy");
    let root = [tmp.path().to_path_buf()];
    let full = load(&root, &LoadOptions::default(), &NoProgress).expect("load");
    let opts = LoadOptions {
        listed: Some(hcwlens::report::LISTED_HANDSHAKES),
        ..LoadOptions::default()
    };
    let lean = load(&root, &opts, &NoProgress).expect("load");
    let (lean_json, full_json) = (report_json::report(&lean), report_json::report(&full));
    assert_eq!(summary(&lean_json), summary(&full_json));
    assert_eq!(
        summary(&full_json),
        vec![
            (Some("success"), None, Some(1)),
            (Some("abandoned"), Some("anonymous"), Some(60)),
            (Some("success"), None, Some(1)),
        ]
    );
    assert_eq!(
        hcwlens::report::text::render(&lean),
        hcwlens::report::text::render(&full)
    );
}

#[test]
fn a_followed_log_joins_a_rotated_success_once() {
    use hcwlens::pipeline::Follow;
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("EX01/W3SVC1");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let read = |d: &str| {
        let from = SET
            .dir("rotation-success")
            .join(format!("EX01/W3SVC1/u_ex2504{d}.log"));
        std::fs::read(from).expect("read")
    };
    std::fs::write(dir.join("u_ex250401.log"), read("01")).expect("write");
    // The next day's log as IIS has begun it when the explorer opens: its header.
    let next = read("02");
    std::fs::write(dir.join("u_ex250402.log"), &next[..after_lines(&next, 4)]).expect("write");
    let root = [tmp.path().to_path_buf()];
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let (mut a, mut f) = Follow::load(&root, &opts, &NoProgress).expect("load");
    let shape = |a: &Analysis| {
        let hs: Vec<_> = a
            .handshakes
            .iter()
            .map(|h| (legs_in(a, h), h.outcome))
            .collect();
        (hs, summary(&report_json::report(a)).len())
    };
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join("u_ex250402.log"))
        .expect("open");
    std::io::Write::write_all(&mut file, &next[after_lines(&next, 4)..]).expect("append");
    drop(file);
    a.apply(f.poll());
    let whole = SET.explore("rotation-success");
    assert_eq!(shape(&a), shape(&whole));
    assert_eq!(
        summary(&report_json::report(&a)),
        summary(&report_json::report(&whole))
    );
    // The two joined successes, once each.
    assert_eq!(shape(&a).0.len(), 2, "{:#?}", shape(&a));
}

/// The byte offset after the first `n` lines.
fn after_lines(bytes: &[u8], n: usize) -> usize {
    let mut ends = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n');
    ends.nth(n - 1).map_or(bytes.len(), |(i, _)| i + 1)
}

#[test]
fn a_followed_log_keeps_a_rotation_join_once() {
    use hcwlens::pipeline::Follow;
    let tmp = tempfile::tempdir().expect("temp dir");
    let day = |d: &str| tmp.path().join(format!("EX01/W3SVC1/u_ex2411{d}.log"));
    std::fs::create_dir_all(tmp.path().join("EX01/W3SVC1")).expect("mkdir");
    let read = |d: &str| {
        let from = SET
            .dir("rotation")
            .join(format!("EX01/W3SVC1/u_ex2411{d}.log"));
        std::fs::read(from).expect("read")
    };
    std::fs::write(day("05"), read("05")).expect("write");
    // The next day's log as IIS has written it when the explorer opens: up to the challenge
    // of the handshake whose anonymous leg is in the day before.
    let next = read("06");
    std::fs::write(day("06"), &next[..after_lines(&next, 6)]).expect("write");
    let root = [tmp.path().to_path_buf()];
    let (mut a, mut f) = Follow::load(&root, &LoadOptions::default(), &NoProgress).expect("load");
    let shape = |a: &Analysis| {
        let v = serde_json::from_str::<Value>(&hcwlens::report::json::render(a)).expect("JSON");
        let hs: Vec<_> = handshakes(&v).iter().map(files).collect();
        (hs, v["handshake_summary"].clone())
    };
    // IIS writes on: the rest of the day's lines, then another client's failed handshake;
    // a poll after each.
    let more = b"2024-11-06 00:01:00 10.0.0.11 POST /EWS/Exchange.asmx - 443 - 10.1.2.46 - - 401 2 5 0\r\n\
                 2024-11-06 00:01:00 10.0.0.11 POST /EWS/Exchange.asmx - 443 - 10.1.2.46 - - 401 1 2148074254 0\r\n\
                 2024-11-06 00:01:00 10.0.0.11 POST /EWS/Exchange.asmx - 443 - 10.1.2.46 - - 401 1 2148074252 0\r\n";
    let whole = shape(&json_analysis_of(
        &read("05"),
        &[&next[..], &more[..]].concat(),
    ));
    assert_eq!(whole.0.len(), 4, "{whole:#?}");
    for add in [&next[after_lines(&next, 6)..], &more[..]] {
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(day("06"))
            .expect("open");
        std::io::Write::write_all(&mut file, add).expect("append");
        drop(file);
        a.apply(f.poll());
        let now = shape(&a);
        // Every handshake of the load, once (the first poll ends before the last one).
        assert!(now.0.iter().all(|h| whole.0.contains(h)), "{now:#?}");
        let mut seen = now.0.clone();
        seen.dedup();
        assert_eq!(seen, now.0, "a handshake listed twice");
    }
    assert_eq!(shape(&a), whole);
}

/// A load of the two days' logs as given.
fn json_analysis_of(day1: &[u8], day2: &[u8]) -> Analysis {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(tmp.path().join("EX01/W3SVC1")).expect("mkdir");
    std::fs::write(tmp.path().join("EX01/W3SVC1/u_ex241105.log"), day1).expect("write");
    std::fs::write(tmp.path().join("EX01/W3SVC1/u_ex241106.log"), day2).expect("write");
    load(
        &[tmp.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load")
}

#[test]
fn a_log_cut_mid_line_says_its_last_line_is_cut_off() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("EX01/W3SVC1/u_ex241106.log");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let mut log =
        std::fs::read(SET.dir("rotation").join("EX01/W3SVC1/u_ex241106.log")).expect("read");
    // IIS was writing the next line when the log was copied.
    log.extend_from_slice(
        b"2024-11-06 00:00:31 10.0.0.11 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 21480",
    );
    std::fs::write(&path, &log).expect("write");
    let a = load(
        &[tmp.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let r: Value = serde_json::from_str(&hcwlens::report::json::render(&a)).expect("JSON");
    let src = &r["sources"][0];
    assert_eq!(
        (src["lines"].as_u64(), src["events"].as_u64()),
        (Some(9), Some(4))
    );
    assert_eq!(src["unparsed"], 1);
    let d = &src["diagnostics"][0];
    assert_eq!(d["line"], 9);
    let reason = d["reason"].as_str().unwrap_or("");
    assert!(
        reason.starts_with("cut off: the last line ends without a line break"),
        "{reason}"
    );
}

#[test]
fn lines_ending_cr_cr_lf_keep_the_codes_of_their_last_field() {
    // Converted to CRLF once more on its way (a text-mode transfer); the last line is CRLF.
    let r = SET.json("crcrlf");
    let hs = handshakes(&r);
    assert_eq!(hs.len(), 1, "{hs:#?}");
    assert_eq!(hs[0]["failure_name"], "SEC_E_BAD_BINDINGS");
    assert_eq!(
        legs(&hs[0]),
        vec![
            (5, Some(5)),
            (6, Some(2_148_074_254)),
            (7, Some(2_148_074_310))
        ]
    );
    let src = &r["sources"][0];
    assert_eq!(
        (src["events"].as_u64(), src["unparsed"].as_u64()),
        (Some(4), Some(0))
    );
    assert_eq!(src["diagnostics"], Value::Array(vec![]), "{src:#?}");
}

#[test]
fn the_back_end_hop_of_a_proxied_call_is_no_second_client_handshake() {
    // The front end's log (W3SVC1, 443) and the back end's (W3SVC2, 444) of one server: the
    // back end logs the successful call again, from the front end's own address.
    let r = SET.json("back-end");
    let hs = handshakes(&r);
    assert_eq!(hs.len(), 1, "{hs:#?}");
    assert_eq!(hs[0]["client"], "10.0.5.20");
    assert_eq!(hs[0]["server"], "EX01/W3SVC1");
    assert_eq!(hs[0]["failure_name"], "SEC_E_BAD_BINDINGS");
    let summary: Vec<_> = r["handshake_summary"]
        .as_array()
        .expect("summary")
        .iter()
        .map(|c| (c["outcome"].as_str(), c["count"].as_u64()))
        .collect();
    assert_eq!(
        summary,
        vec![(Some("success"), Some(1)), (Some("failed"), Some(1))]
    );
    // Both logs are read whole; the back end's lines are there, as requests.
    let events: Vec<_> = r["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s["events"].as_u64())
        .collect();
    assert_eq!(events, vec![Some(6), Some(4)]);
}

#[test]
fn one_forwarded_client_with_parallel_handshakes_is_not_sure_of_their_legs() {
    // X-Forwarded-For names the client behind the proxy, not its connection: Outlook opening
    // three connections at once interleaves three handshakes that nothing tells apart.
    let r = SET.json("xff-parallel");
    let hs = handshakes(&r);
    let shown: Vec<_> = hs
        .iter()
        .map(|h| {
            (
                h["client"].as_str(),
                h["confidence"].as_str(),
                h["grouping"].as_str(),
            )
        })
        .collect();
    let parallel =
        "grouping likely: client named by X-Forwarded-For, 3 handshakes open together within 5 s";
    assert_eq!(
        shown,
        vec![
            (Some("203.0.113.50"), Some("medium"), Some(parallel)),
            (Some("203.0.113.50"), Some("medium"), Some(parallel)),
            // Alone: its legs are its own.
            (
                Some("198.51.100.9"),
                Some("high"),
                Some("grouping sure: legs tied by X-Forwarded-For")
            ),
        ],
        "{hs:#?}"
    );
}

#[test]
fn a_forwarded_client_with_its_port_is_one_client() {
    // Azure Application Gateway writes the client's port into X-Forwarded-For.
    let r = SET.json("xff-port");
    let clients: Vec<_> = handshakes(&r)
        .iter()
        .map(|h| {
            (
                h["client"].as_str(),
                h["via"].as_str(),
                h["confidence"].as_str(),
            )
        })
        .collect();
    let via = Some("10.20.0.5");
    assert_eq!(
        clients,
        vec![
            (Some("203.0.113.7"), via, Some("high")),
            (Some("203.0.113.7"), via, Some("high")),
            (Some("2001:db8::7"), via, Some("high")),
            (Some("2001:db8::8"), via, Some("high")),
        ]
    );
}

#[test]
fn a_failed_leg_that_logged_no_win32_code_is_not_code_zero() {
    let r = SET.json("win32-not-logged");
    let hs = handshakes(&r);
    assert_eq!(hs.len(), 1, "{hs:#?}");
    let last = &hs[0]["legs"][2];
    assert_eq!(last["win32"], Value::Null, "{last:#?}");
    assert_eq!(last["win32_text"], "-");
    assert_eq!(
        last["decoded"],
        "401.1 Logon failed · sc-win32-status not logged: code unknown"
    );
    let text = hcwlens::report::text::render(&SET.analyse("win32-not-logged"));
    assert!(
        text.contains("  - line 7: 401 1 - - 401.1 Logon failed · sc-win32-status not logged"),
        "{text}"
    );
}

#[test]
fn two_overlapping_logs_of_one_server_are_not_paired_handshake_by_handshake() {
    // A log and its `_x` twin covering the same hour (custom fields switched on and off):
    // unanswered challenges in one, split-connection failures of the same key in the other.
    // Only a file's first failure of a key can continue a handshake cut by a rotation.
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("EX01/W3SVC1");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let head = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n\
                #Date: 2024-11-05 00:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem \
                cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status \
                sc-substatus sc-win32-status time-taken\r\n";
    let (mut a, mut b) = (head.to_string(), head.to_string());
    for i in 0..2000 {
        let s = i / 20;
        let t = format!("00:{:02}:{:02}", s / 60, s % 60);
        let line = |code: &str| {
            format!(
                "2024-11-05 {t} 10.0.0.11 POST /EWS/Exchange.asmx - 443 - 10.20.0.5 X - 401 1 {code} 0\r\n"
            )
        };
        a.push_str(&line("2148074254"));
        b.push_str(&line("2148074248"));
    }
    std::fs::write(dir.join("u_ex241105.log"), a).expect("write");
    std::fs::write(dir.join("u_ex241105_x.log"), b).expect("write");
    let an = load(
        &[tmp.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let joined = an.handshakes.iter().filter(|h| h.spans_files()).count();
    assert!(
        joined <= 1,
        "{joined} handshakes joined across the two files"
    );
    assert_eq!(an.handshakes.len(), 4000 - joined);
}

#[test]
fn mrs_requests_from_a_forwarded_client_with_its_port_name_the_address() {
    let a = SET.analyse("xff-port");
    let mut clients: Vec<&str> = a.mrs.iter().map(|m| m.client.as_str()).collect();
    clients.sort_unstable();
    clients.dedup();
    assert_eq!(clients, ["2001:db8::7", "2001:db8::8", "203.0.113.7"]);
}
