//! `export --format jsonl`: every line is one JSON object with the documented fields, every
//! request appears once, a failed NTLM handshake's legs share one id and outcome, and the
//! findings are the report's.

use crate::stable;

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
                // Left out when logged as `-` (HTTPERR lines of dropped connections).
                assert!(
                    at(v, "url.path").is_none_or(|p| p.as_str().is_some_and(|p| !p.is_empty())),
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
    ids_of(&load(paths, &LoadOptions::default(), &NoProgress).expect("load"))
}

fn ids_of(a: &hcwlens::pipeline::Analysis) -> Vec<String> {
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

/// The export of `path` (its `lines`) carries the findings the report of `path` has.
fn assert_report_findings(path: &Path, lines: &[Value]) {
    let paths = [path.to_path_buf()];
    assert_eq!(finding_ids(lines), report_ids(&paths), "{}", path.display());
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
        let (lines, _, summary) = export(std::slice::from_ref(&path));
        let requests = check_fields(&lines);
        check_once(&requests, summary.requests);
        assert_report_findings(&path, &lines);
        seen += 1;
    }
    assert!(seen >= 10, "{seen} scenarios");
}

#[test]
fn other_fixture_sets_export_the_report_findings() {
    // `ntlm-stuck-client` was never exported: the export did not hand its clients to the
    // findings. Every case of these sets, as each loads alone.
    let mut seen = 0;
    for set in ["stuck", "iis-probe", "grouping", "refusals"] {
        let dir = root().join("tests/fixtures").join(set);
        let cases: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(entries) if set != "stuck" => entries
                .filter_map(|e| Some(e.ok()?.path()))
                .filter(|p| p.is_dir())
                .collect(),
            _ => vec![dir],
        };
        for path in cases {
            let (lines, _, _) = export(std::slice::from_ref(&path));
            assert_report_findings(&path, &lines);
            seen += 1;
        }
    }
    assert!(seen >= 10, "{seen} cases");
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
    // HTTP.sys logged `2001:…%0`: the address without its zone index is the client IIS logs
    // (and an IP a SIEM's ip type takes).
    assert_eq!(
        str_at(idle, "source.ip"),
        "2001:4898:0:fff:0:5efe:10.164.167.30",
        "{idle}"
    );
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

fn export_with(
    paths: &[PathBuf],
    opts: &LoadOptions,
) -> (Vec<Value>, hcwlens::export::jsonl::Summary) {
    let mut out = Vec::new();
    let summary = hcwlens::export::jsonl::export(paths, opts, &mut out).expect("export");
    let lines = String::from_utf8(out)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (lines, summary)
}

fn instant(v: &Value) -> hcwlens::time::UtcMs {
    let t = chrono::DateTime::parse_from_rfc3339(str_at(v, "@timestamp")).expect("RFC 3339");
    hcwlens::time::UtcMs(t.timestamp_millis())
}

/// Each request line's file name, line number and instant.
fn places(lines: &[Value]) -> BTreeSet<(String, u64, i64)> {
    check_fields(lines)
        .into_iter()
        .map(|v| {
            let file = str_at(v, "log.file.path")
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or("");
            let line = at(v, "hcwlens.line").and_then(Value::as_u64).expect("line");
            (file.to_string(), line, instant(v).0)
        })
        .collect()
}

/// `--since` / `--until` hold for the export as for the report: files outside are not read, a
/// big file is read only around the window with the same line numbers, requests outside are
/// not written, and the findings are the report's with the same window.
#[test]
fn export_keeps_to_the_given_time_window() {
    use hcwlens::generate::{GenOptions, generate_tree};
    use hcwlens::pipeline::window::{Window, WindowMode};
    use hcwlens::time::UtcMs;
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = GenOptions {
        seed: 7,
        bytes: 30 << 20,
        servers: 1,
        days: 3,
        ..GenOptions::default()
    };
    generate_tree(&spec, dir.path()).expect("generate");
    let w = Window {
        since: Some(UtcMs::from_civil(2024, 11, 6, 13, 0, 0, 0).expect("civil")),
        until: Some(UtcMs::from_civil(2024, 11, 6, 14, 0, 0, 0).expect("civil")),
    };
    let paths = [dir.path().to_path_buf()];
    let given = LoadOptions {
        window: WindowMode::Given(w),
        ..LoadOptions::default()
    };
    let (lines, summary) = export_with(&paths, &given);
    let (all, _) = export_with(
        &paths,
        &LoadOptions {
            window: WindowMode::All,
            ..LoadOptions::default()
        },
    );
    let got = places(&lines);
    let want: BTreeSet<_> = places(&all)
        .into_iter()
        .filter(|p| w.contains(UtcMs(p.2)))
        .collect();
    assert!(want.len() > 1000, "{}", want.len());
    assert_eq!(got, want, "the window's requests, with their line numbers");
    assert_eq!(got.len() as u64, summary.requests);
    let report = summary.window.as_ref().expect("the window is reported");
    assert_eq!(report.skipped.len(), 2, "{}", report.summary());
    assert!(report.bytes_skipped > 4 << 20, "{}", report.summary());
    assert!(report.requests_outside > 0, "{}", report.summary());
    let a = load(&paths, &given, &NoProgress).expect("load");
    assert_eq!(finding_ids(&lines), ids_of(&a));
}

/// Without `--since`/`--until`, HCW logs with IIS logs spanning more than a day give the
/// report's default window (the HCW runs' span ± 1 h (first start to last end)) to the export too.
#[test]
fn export_takes_the_default_window_around_the_hcw_runs() {
    use hcwlens::generate::{GenOptions, generate_tree};
    use hcwlens::pipeline::window::{WindowMode, WindowOrigin};
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = GenOptions {
        seed: 3,
        bytes: 12 * 24 * 1024,
        servers: 1,
        days: 12,
        ..GenOptions::default()
    };
    generate_tree(&spec, dir.path()).expect("generate");
    let scenario = root().join("tests/fixtures/scenarios/ep-hybrid-agent");
    for (from, to) in [("EXCH01/W3SVC1", "case/EXCH01/W3SVC1"), ("hcw", "case/hcw")] {
        std::fs::create_dir_all(dir.path().join(to)).expect("mkdir");
        for e in std::fs::read_dir(scenario.join(from)).expect("scenario") {
            let e = e.expect("entry");
            std::fs::copy(e.path(), dir.path().join(to).join(e.file_name())).expect("copy");
        }
    }
    let paths = [dir.path().to_path_buf()];
    let runs = LoadOptions {
        window: WindowMode::runs(),
        ..LoadOptions::default()
    };
    let (lines, summary) = export_with(&paths, &runs);
    let report = summary.window.as_ref().expect("default window");
    assert_eq!(
        report.origin,
        WindowOrigin::HcwRuns {
            margin_ms: 3_600_000
        }
    );
    assert!(report.skipped.len() >= 10, "{}", report.summary());
    let requests = check_fields(&lines);
    assert!(!requests.is_empty());
    for v in requests {
        assert!(report.window.contains(instant(v)), "{v}");
    }
    let a = load(&paths, &runs, &NoProgress).expect("load");
    assert_eq!(a.window.as_ref().map(|w| w.window), Some(report.window));
    assert_eq!(finding_ids(&lines), ids_of(&a));
}

/// The command takes `--since`, `--until` and `--all` as `report` does, and says the window on
/// standard error.
#[test]
fn the_command_takes_since_until_and_all() {
    use hcwlens::generate::{GenOptions, generate_tree};
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = GenOptions {
        seed: 2,
        bytes: 3 * 64 * 1024,
        servers: 1,
        days: 3,
        ..GenOptions::default()
    };
    generate_tree(&spec, dir.path()).expect("generate");
    let bin = env!("CARGO_BIN_EXE_hcwlens");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .arg("export")
            .arg(dir.path())
            .args(args)
            .output()
            .expect("run")
    };
    let parse = |out: &[u8]| -> Vec<Value> {
        String::from_utf8_lossy(out)
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON"))
            .collect()
    };
    let windowed = run(&["--since", "2024-11-06 13:00", "--until", "+1h"]);
    assert!(windowed.status.success(), "{windowed:?}");
    let stderr = String::from_utf8_lossy(&windowed.stderr);
    assert!(
        stderr.contains("Time window 2024-11-06 13:00–14:00"),
        "{stderr}"
    );
    let lines = parse(&windowed.stdout);
    let requests = check_fields(&lines);
    assert!(!requests.is_empty());
    for v in &requests {
        assert!(str_at(v, "@timestamp").starts_with("2024-11-06T13:"), "{v}");
    }
    let all = run(&["--all"]);
    assert!(all.status.success(), "{all:?}");
    assert!(check_fields(&parse(&all.stdout)).len() > requests.len() * 20);
    let bad = run(&["--since", "2024-11-06 13:00", "--until", "2024-11-06 12:00"]);
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
}

/// A log of many blocks (parsed on several threads, each block's lines written as JSON
/// there): every request's `hcwlens.line` is its line in the file, handshake legs included.
#[test]
fn line_numbers_across_blocks_are_the_file_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("u_ex241105.log");
    let mut text = HEADER.to_string();
    let mut lines: Vec<String> = HEADER.lines().map(str::to_string).collect();
    for i in 0..12_000 {
        let (user, status, sub, win32) = match i % 5 {
            // Anonymous and challenge legs of handshakes, held by the export until decided.
            1 => ("-", 401, 2, 5),
            2 => ("-", 401, 1, 2148074254u32),
            _ => ("CONTOSO\\mig", 200, 0, 0),
        };
        let line = format!(
            "2024-11-05 13:{:02}:{:02} 10.0.1.11 POST /EWS/{i}.asmx q={} 443 {user} 10.1.{}.{} \
             Mozilla/5.0+(Windows) - {status} {sub} {win32} {}",
            (i / 600) % 60,
            (i / 10) % 60,
            "z".repeat(i % 400),
            i % 7,
            i % 200,
            i % 900
        );
        text.push_str(&line);
        text.push_str(if i % 2 == 0 { "\r\n" } else { "\n" });
        lines.push(line);
    }
    std::fs::write(&file, &text).expect("write");
    assert!(
        text.len() > 4 * 512 * 1024,
        "{} bytes: too few blocks",
        text.len()
    );
    let (out, _, summary) = export(&[file]);
    let requests = check_fields(&out);
    check_once(&requests, summary.requests);
    assert_eq!(requests.len(), 12_000);
    for v in requests {
        let line = at(v, "hcwlens.line").and_then(Value::as_u64).expect("line");
        let logged = &lines[line as usize - 1];
        let path = str_at(v, "url.path");
        assert!(
            logged.contains(&format!(" {path} ")),
            "line {line} is `{logged}`, not {path}"
        );
    }
}

#[test]
fn the_back_end_hop_is_no_handshake_in_the_export_as_in_the_report() {
    // Field sets without s-port: the back end is told by its folder, `s-sitename` or the port
    // in `cs-host` (`pipeline::w3c_site`); its hop of a proxied call is no client's handshake.
    for set in ["back-end-no-port", "back-end-sitename", "back-end-host"] {
        let dir = root().join("tests/fixtures/w3c-shapes").join(set);
        let (lines, _, _) = export(std::slice::from_ref(&dir));
        let ids: BTreeSet<&str> = lines
            .iter()
            .filter_map(|l| at(l, "hcwlens.handshake.id").and_then(Value::as_str))
            .collect();
        // The explorer's load keeps every handshake, successful ones too.
        let opts = LoadOptions {
            index: true,
            ..LoadOptions::default()
        };
        let a = load(std::slice::from_ref(&dir), &opts, &NoProgress).expect("load");
        assert_eq!(ids.len(), a.handshakes.len(), "{set}: {ids:?}");
    }
}

#[test]
fn without_sc_win32_status_the_export_tags_the_handshakes_the_report_reads() {
    let dir = root().join("tests/fixtures/w3c-shapes/no-win32");
    let (lines, _, _) = export(std::slice::from_ref(&dir));
    let mut legs: BTreeMap<String, Vec<(u64, String)>> = BTreeMap::new();
    for l in &lines {
        if let Some(id) = at(l, "hcwlens.handshake.id").and_then(Value::as_str) {
            let line = at(l, "hcwlens.line").and_then(Value::as_u64).unwrap_or(0);
            let role = str_at(l, "hcwlens.handshake.leg").to_string();
            legs.entry(id.to_string()).or_default().push((line, role));
        }
    }
    let legs: BTreeSet<Vec<(u64, String)>> = legs.into_values().collect();
    let leg = |line: u64, role: &str| (line, role.to_string());
    let want = [
        vec![leg(5, "anonymous"), leg(6, "challenge"), leg(7, "final")],
        vec![leg(8, "anonymous"), leg(9, "challenge"), leg(10, "final")],
        vec![leg(11, "final")],
    ];
    assert_eq!(legs, want.into(), "{legs:?}");
}
