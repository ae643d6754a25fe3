//! `export --format jsonl`: every line is one JSON object with the documented fields, every
//! request appears once, a failed NTLM handshake's legs share one id and outcome, and the
//! findings are the report's.

#[path = "support/stable.rs"]
mod stable;

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn export(paths: &[PathBuf]) -> (Vec<Value>, String, hcwlens::export::jsonl::Summary) {
    let mut out = Vec::new();
    let summary =
        hcwlens::export::jsonl::export(paths, &LoadOptions::default(), &mut out).expect("export");
    let text = String::from_utf8(out).expect("UTF-8");
    let lines = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (lines, text, summary)
}

/// The value at a dotted ECS path (`http.response.status_code`).
fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn str_at<'a>(v: &'a Value, path: &str) -> &'a str {
    at(v, path).and_then(Value::as_str).unwrap_or("")
}

/// `2024-11-05T13:23:46.000Z`: UTC, milliseconds.
fn is_utc_ms(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 24
        && b[4] == b'-'
        && b[10] == b'T'
        && b[19] == b'.'
        && b[23] == b'Z'
        && b.iter()
            .enumerate()
            .all(|(i, c)| [4, 7, 10, 13, 16, 19, 23].contains(&i) || c.is_ascii_digit())
}

/// Checks the documented fields of every line and returns the request lines.
fn check_fields(lines: &[Value]) -> Vec<&Value> {
    let mut requests = Vec::new();
    for v in lines {
        assert!(is_utc_ms(str_at(v, "@timestamp")), "@timestamp: {v}");
        assert!(v.is_object(), "{v}");
        match str_at(v, "event.dataset") {
            "hcwlens.iis" | "hcwlens.httperr" => {
                assert_eq!(str_at(v, "event.kind"), "event", "{v}");
                let addr = at(v, "source.ip").or_else(|| at(v, "source.address"));
                assert!(addr.is_some_and(Value::is_string), "source.ip: {v}");
                assert!(
                    at(v, "url.path").is_some_and(Value::is_string),
                    "url.path: {v}"
                );
                assert!(at(v, "log.file.path").is_some_and(Value::is_string), "{v}");
                assert!(at(v, "hcwlens.line").is_some_and(Value::is_u64), "{v}");
                if str_at(v, "event.dataset") == "hcwlens.iis" {
                    let status = at(v, "http.response.status_code");
                    assert!(status.is_some_and(Value::is_u64), "status: {v}");
                }
                assert!(
                    ["success", "failure", "unknown"].contains(&str_at(v, "event.outcome")),
                    "{v}"
                );
                requests.push(v);
            }
            "hcwlens.finding" => {
                assert_eq!(str_at(v, "event.kind"), "alert", "{v}");
                assert!(!str_at(v, "rule.id").is_empty(), "{v}");
                assert!(!str_at(v, "message").is_empty(), "{v}");
            }
            "hcwlens.hcw" => assert!(!str_at(v, "event.action").is_empty(), "{v}"),
            other => panic!("unknown event.dataset `{other}`: {v}"),
        }
    }
    requests
}

/// Every request once: distinct (file, line), as many as the export counted.
fn check_once(requests: &[&Value], expected: u64) {
    let places: BTreeSet<(String, u64)> = requests
        .iter()
        .map(|v| {
            let line = at(v, "hcwlens.line").and_then(Value::as_u64).unwrap_or(0);
            (str_at(v, "log.file.path").to_string(), line)
        })
        .collect();
    assert_eq!(places.len(), requests.len(), "a request was written twice");
    assert_eq!(requests.len() as u64, expected);
}

fn finding_ids(lines: &[Value]) -> Vec<String> {
    lines
        .iter()
        .filter(|v| str_at(v, "event.dataset") == "hcwlens.finding")
        .map(|v| str_at(v, "rule.id").to_string())
        .collect()
}

fn report_ids(paths: &[PathBuf]) -> Vec<String> {
    let a = load(paths, &LoadOptions::default(), &NoProgress).expect("load");
    a.findings.iter().map(|f| f.id.to_string()).collect()
}

#[test]
fn demo_lines_carry_the_documented_fields_and_the_report_findings() {
    let paths = vec![root().join("assets/demo")];
    let (lines, _, summary) = export(&paths);
    let requests = check_fields(&lines);
    assert!(requests.len() > 500, "{}", requests.len());
    check_once(&requests, summary.requests);
    let ids = finding_ids(&lines);
    assert!(ids.contains(&"ep-hybrid-agent".to_string()), "{ids:?}");
    assert_eq!(ids, report_ids(&paths));
    assert_eq!(summary.findings, ids.len());
    let calls = lines
        .iter()
        .filter(|v| str_at(v, "event.dataset") == "hcwlens.hcw")
        .count();
    assert!(calls > 5, "HCW calls: {calls}");
}

#[test]
fn a_failed_ntlm_handshake_shares_one_id_outcome_and_sspi_name() {
    let (lines, _, _) = export(&[root().join("assets/demo")]);
    let mut by_id: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for v in &lines {
        if let Some(id) = at(v, "hcwlens.handshake.id").and_then(Value::as_str) {
            by_id.entry(id.to_string()).or_default().push(v);
        }
    }
    let failed: Vec<&Vec<&Value>> = by_id
        .values()
        .filter(|legs| {
            legs.iter()
                .any(|v| str_at(v, "hcwlens.handshake.failure") == "SEC_E_BAD_BINDINGS")
        })
        .collect();
    assert_eq!(failed.len(), 6, "the demo's six EP handshakes");
    for legs in failed {
        let roles: Vec<&str> = legs
            .iter()
            .map(|v| str_at(v, "hcwlens.handshake.leg"))
            .collect();
        assert_eq!(roles, ["anonymous", "challenge", "final"], "{legs:?}");
        for v in legs {
            assert_eq!(str_at(v, "hcwlens.handshake.outcome"), "failure");
            assert_eq!(str_at(v, "hcwlens.handshake.failure"), "SEC_E_BAD_BINDINGS");
            assert_eq!(str_at(v, "hcwlens.handshake.auth"), "ntlm");
            assert_eq!(str_at(v, "url.path"), "/EWS/mrsproxy.svc");
        }
        let last = legs[2];
        assert_eq!(str_at(last, "hcwlens.iis.win32_name"), "SEC_E_BAD_BINDINGS");
        assert_eq!(
            at(last, "hcwlens.iis.win32_status").and_then(Value::as_u64),
            Some(2_148_074_310)
        );
    }
    let ok = by_id
        .values()
        .filter(|legs| str_at(legs[0], "hcwlens.handshake.outcome") == "success")
        .count();
    assert!(ok > 0, "successful handshakes are tagged too");
}

#[test]
fn every_scenario_exports_valid_lines_and_the_report_findings() {
    let dir = root().join("tests/fixtures/scenarios");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("scenarios") {
        let path = entry.expect("entry").path();
        if !path.is_dir() {
            continue;
        }
        let paths = vec![path.clone()];
        let (lines, _, summary) = export(&paths);
        let requests = check_fields(&lines);
        check_once(&requests, summary.requests);
        assert_eq!(
            finding_ids(&lines),
            report_ids(&paths),
            "{}",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 10, "{seen} scenarios");
}

#[test]
fn httperr_lines_name_and_decode_the_reason() {
    let (lines, _, _) = export(&[root().join("tests/fixtures/w3c/httperr1.log")]);
    let requests = check_fields(&lines);
    assert!(!requests.is_empty());
    for v in &requests {
        assert_eq!(str_at(v, "event.dataset"), "hcwlens.httperr", "{v}");
    }
    let idle = requests
        .iter()
        .find(|v| str_at(v, "hcwlens.httperr.reason") == "Timer_ConnectionIdle")
        .expect("an idle connection");
    assert!(
        !str_at(idle, "hcwlens.httperr.reason_text").is_empty(),
        "{idle}"
    );
    assert_eq!(str_at(idle, "event.reason"), "Timer_ConnectionIdle");
    // `2001:…%0` carries a zone index: not an IP a SIEM's ip type takes, so it is an address.
    assert!(str_at(idle, "source.address").ends_with("%0"), "{idle}");
}

/// The first HCW call, the first two requests and the legs of the first failed handshake as
/// written (findings are compared by id above: their texts belong to the report's snapshots).
#[test]
fn demo_lines_as_written() {
    let (lines, text, _) = export(&[root().join("assets/demo")]);
    let all: Vec<&str> = text.lines().collect();
    let dataset = |i: usize| str_at(&lines[i], "event.dataset");
    let mut shown: Vec<&str> = Vec::new();
    shown.extend(
        (0..all.len())
            .filter(|&i| dataset(i) == "hcwlens.hcw")
            .take(1)
            .map(|i| all[i]),
    );
    shown.extend(
        (0..all.len())
            .filter(|&i| dataset(i) == "hcwlens.iis")
            .take(2)
            .map(|i| all[i]),
    );
    shown.extend(
        (0..all.len())
            .filter(|&i| str_at(&lines[i], "hcwlens.handshake.outcome") == "failure")
            .take(3)
            .map(|i| all[i]),
    );
    insta::assert_snapshot!(stable::stable(&shown.join("\n")));
}

const HEADER: &str = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n\
#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip \
cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever bytes follow a valid header, every line written is valid JSON with a
    /// `@timestamp`.
    #[test]
    fn any_bytes_give_valid_json_lines(
        body in proptest::collection::vec(any::<u8>(), 0..600),
        line in "2024-11-05 13:2[0-9]:[0-5][0-9] [ -~\t\"\\\\\u{1}\u{7f}é]{0,160}",
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("u_ex241105.log");
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(line.as_bytes());
        bytes.extend_from_slice(b"\r\n");
        bytes.extend_from_slice(&body);
        std::fs::write(&file, &bytes).expect("write");
        let mut out = Vec::new();
        hcwlens::export::jsonl::export(&[file], &LoadOptions::default(), &mut out)
            .expect("export");
        let text = String::from_utf8(out).expect("UTF-8");
        for l in text.lines() {
            let v: Value = serde_json::from_str(l).expect("JSON");
            prop_assert!(is_utc_ms(str_at(&v, "@timestamp")), "{}", l);
            prop_assert!(!str_at(&v, "event.dataset").is_empty(), "{}", l);
        }
    }
}

#[test]
fn the_command_writes_to_stdout_or_a_file() {
    let bin = env!("CARGO_BIN_EXE_hcwlens");
    let demo = root().join("assets/demo");
    let stdout = std::process::Command::new(bin)
        .args(["export", "--format", "jsonl"])
        .arg(&demo)
        .output()
        .expect("run");
    assert!(stdout.status.success(), "{stdout:?}");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("out.jsonl");
    let status = std::process::Command::new(bin)
        .arg("export")
        .arg(&demo)
        .arg("--out")
        .arg(&file)
        .status()
        .expect("run");
    assert!(status.success());
    let written = std::fs::read(&file).expect("read");
    assert_eq!(written, stdout.stdout);
    let missing = std::process::Command::new(bin)
        .args(["export", "no/such/folder"])
        .output()
        .expect("run");
    assert_eq!(missing.status.code(), Some(2));
}

/// `--tz` and `--skew` move every request's `@timestamp`, plain requests and handshake legs
/// alike, as they move the report's instants (the file's lines are local time at +01:00 here).
#[test]
fn zone_and_skew_move_every_request() {
    use hcwlens::pipeline::Selector;
    use hcwlens::source::SourceKind;
    use hcwlens::time::ZoneSpec;
    let paths = [root().join("assets/demo")];
    let (plain, _, _) = export(&paths);
    let iis = || Selector::Kind(SourceKind::Iis);
    let opts = LoadOptions {
        zones: vec![(iis(), ZoneSpec::Fixed(3600))],
        skews: vec![(iis(), 7_000)],
        ..LoadOptions::default()
    };
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(&paths, &opts, &mut out).expect("export");
    let shifted: Vec<Value> = String::from_utf8(out)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let ms = |v: &Value| {
        chrono::DateTime::parse_from_rfc3339(str_at(v, "@timestamp"))
            .expect("RFC 3339")
            .timestamp_millis()
    };
    let by_line = |lines: &[Value]| -> BTreeMap<(String, u64), (i64, bool)> {
        check_fields(lines)
            .into_iter()
            .map(|v| {
                let key = (
                    str_at(v, "log.file.path").to_owned(),
                    at(v, "hcwlens.line").and_then(Value::as_u64).expect("line"),
                );
                (key, (ms(v), at(v, "hcwlens.handshake").is_some()))
            })
            .collect()
    };
    let (before, after) = (by_line(&plain), by_line(&shifted));
    assert_eq!(before.len(), after.len());
    let legs = before.values().filter(|v| v.1).count();
    assert!(legs > 0 && legs < before.len(), "{legs} legs");
    for (key, (t, leg)) in &before {
        assert_eq!(
            after.get(key),
            Some(&(t - 3_600_000 + 7_000, *leg)),
            "{key:?}"
        );
    }
}
