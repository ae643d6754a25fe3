//! Integration tests of reading and W3C parsing through the public API: fixtures on disk,
//! detection of every kind and skip reason, encodings, and reading lines back.

use crate::corpus;
#[path = "fixtures/w3c/synth.rs"]
mod synth;

use hcwlens::error::Error;
use hcwlens::parse::w3c;
use hcwlens::progress::NoProgress;
use hcwlens::read::text::LineText;
use hcwlens::read::{self, Detected};
use hcwlens::record::W3cRecord;
use hcwlens::source::{SourceId, SourceKind, SourceStats, TextEncoding};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/w3c")).join(name)
}

/// One parsed record, owned: (line, offset, text, server, uri, status triple, client ip, user).
type Row = (
    u64,
    u64,
    String,
    String,
    String,
    (Option<u16>, Option<u16>, Option<u32>),
    String,
    String,
);

fn parse_file(path: &Path) -> (Vec<Row>, SourceStats, LineText, TextEncoding) {
    let opened = read::open(path).expect("open");
    let encoding = opened.encoding;
    let mut rows = Vec::new();
    let mut sink = |_: SourceId, r: &W3cRecord<'_>| {
        rows.push((
            r.line,
            r.offset,
            r.text.to_string(),
            r.server.to_string(),
            r.uri_stem.to_string(),
            (r.status, r.substatus, r.win32),
            r.client_ip.to_string(),
            r.username.to_string(),
        ));
    };
    let (stats, text) = w3c::W3cParser::new(SourceId(1))
        .opened(opened, &mut sink)
        .expect("parse");
    (rows, stats, text, encoding)
}

fn copy_to(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn exchange_front_end_fixture() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bytes = std::fs::read(fixture("u_ex241105_fe.log")).expect("fixture");
    let path = copy_to(tmp.path(), "EX01/W3SVC1/u_ex241105.log", &bytes);
    let (rows, stats, text, enc) = parse_file(&path);
    assert_eq!(enc, TextEncoding::Utf8);
    assert_eq!((stats.lines, stats.events, stats.unparsed), (11, 7, 0));
    assert_eq!(stats.bytes, bytes.len() as u64);
    assert!(matches!(text, LineText::File(_)));
    let legs: Vec<_> = rows
        .iter()
        .filter(|r| r.4 == "/EWS/mrsproxy.svc")
        .map(|r| r.5)
        .collect();
    assert_eq!(
        legs,
        vec![
            (Some(401), Some(2), Some(5)),
            (Some(401), Some(1), Some(2_148_074_254)),
            (Some(401), Some(1), Some(2_148_074_310)),
        ]
    );
    assert!(rows.iter().all(|r| r.3 == "EX01/W3SVC1"));
    assert!(rows.iter().any(|r| r.6 == "2001:db8:10:1::25"));
    assert!(rows.iter().any(|r| r.7 == "CONTOSO\\test.onpremise"));
    for r in &rows {
        assert_eq!(text.line_at(r.1), r.2, "line {} reads back", r.0);
    }
}

#[test]
fn utf8_bom_file_reads_back_from_the_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(&std::fs::read(fixture("u_ex241105_fe.log")).expect("fixture"));
    let path = copy_to(tmp.path(), "u_ex241105.log", &bytes);
    let (rows, stats, text, enc) = parse_file(&path);
    assert_eq!(enc, TextEncoding::Utf8Bom);
    assert_eq!((stats.events, stats.unparsed), (7, 0));
    assert!(matches!(text, LineText::File(_)));
    for r in &rows {
        assert_eq!(text.line_at(r.1), r.2);
    }
}

#[test]
fn httperr_fixture() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bytes = std::fs::read(fixture("httperr1.log")).expect("fixture");
    let path = copy_to(tmp.path(), "EX01/HTTPERR/httperr1.log", &bytes);
    assert_eq!(read::open(&path).expect("open").kind, Detected::Httperr);
    let (rows, stats, text, _) = parse_file(&path);
    assert_eq!((stats.events, stats.unparsed), (3, 0));
    assert!(rows.iter().all(|r| r.3 == "EX01/HTTPERR"));
    // The client without its zone id (as IIS logs it), the line as written.
    assert_eq!(rows[0].6, "2001:4898:0:fff:0:5efe:10.164.167.30");
    assert!(rows[0].2.contains("10.164.167.30%0 "), "{}", rows[0].2);
    assert_eq!(rows[1].4, "/EWS/mrsproxy.svc");
    assert_eq!(text.line_at(rows[2].1), rows[2].2);
}

#[test]
fn fields_change_and_headerless_fixtures() {
    let (rows, stats, _, _) = parse_file(&fixture("u_ex241105_fields_change.log"));
    assert_eq!((stats.events, stats.unparsed), (3, 0));
    assert_eq!(rows[1].3, "EX01", "s-computername wins");
    assert_eq!(rows[1].5, (Some(401), Some(1), Some(2_148_074_310)));
    assert_eq!(rows[2].7, "CONTOSO\\admin");
    let (rows, stats, _, _) = parse_file(&fixture("u_ex241105_headerless.log"));
    assert_eq!((stats.events, stats.unparsed), (2, 0));
    assert_eq!(rows[0].3, "10.0.1.16", "no label: s-ip");
    assert_eq!(rows[1].4, "/mapi/emsmdb/");
}

#[test]
fn utf16_and_windows_1252_files_read_back_from_memory() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(fixture("u_ex241105_fe.log")).expect("fixture");
    let text = text.replace("CONTOSO\\jsmith", "CONTOSO\\jürgen");
    for (name, be) in [("le.log", false), ("be.log", true)] {
        let mut bytes = if be {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&if be {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        let path = copy_to(tmp.path(), name, &bytes);
        let (rows, stats, lines, enc) = parse_file(&path);
        assert_eq!(
            enc,
            if be {
                TextEncoding::Utf16Be
            } else {
                TextEncoding::Utf16Le
            }
        );
        assert_eq!(stats.events, 7);
        assert!(matches!(lines, LineText::Memory(_)));
        assert!(rows.iter().any(|r| r.7 == "CONTOSO\\jürgen"));
        for r in &rows {
            assert_eq!(lines.line_at(r.1), r.2);
        }
    }
    let ansi: Vec<u8> = text
        .chars()
        .map(|c| {
            if c == 'ü' {
                0xFC
            } else {
                u8::try_from(u32::from(c)).expect("ascii")
            }
        })
        .collect();
    let path = copy_to(tmp.path(), "ex241105.log", &ansi);
    let (rows, stats, lines, enc) = parse_file(&path);
    assert_eq!(enc, TextEncoding::Windows1252);
    assert_eq!(stats.events, 7);
    let user = rows.iter().find(|r| r.7.contains("rgen")).expect("row");
    assert_eq!(user.7, "CONTOSO\\jürgen");
    assert_eq!(lines.line_at(user.1), user.2);
}

#[test]
fn detection_of_fixtures_and_skips() {
    let kind = |name: &str| read::open(&fixture(name)).expect("open").kind;
    assert_eq!(kind("u_ex241105_fe.log"), Detected::Iis);
    assert_eq!(kind("u_ex241105_headerless.log"), Detected::Iis);
    assert_eq!(kind("httperr1.log"), Detected::Httperr);
    assert_eq!(kind("20220305_144855.log"), Detected::Hcw);
    assert!(
        matches!(kind("20220305_144855.xhcw"), Detected::Skip(r) if r.contains("XML cmdlet trace"))
    );
    assert!(
        matches!(kind("Exchange Hybrid Configuration.cc"), Detected::Skip(r) if r.contains(".cc"))
    );
    // Content decides, not the name.
    assert!(matches!(kind("synth.rs"), Detected::Skip(r) if r.starts_with("unknown text format")));
    let opened = read::open(&fixture("20220305_144855.xhcw")).expect("open");
    let err = w3c::W3cParser::new(SourceId(0))
        .opened(opened, &mut |_: SourceId, _: &W3cRecord<'_>| {})
        .expect_err("not a W3C log");
    assert!(err.to_string().contains("20220305_144855.xhcw"), "{err}");
}

#[test]
fn missing_path_is_not_found_naming_it() {
    let path = fixture("no_such_u_ex.log");
    let err = read::open(&path).expect_err("missing");
    assert!(matches!(err, Error::NotFound(ref p) if p == &path));
    assert!(err.to_string().contains("no_such_u_ex.log"));
}

#[test]
fn real_hcw_corpus_is_detected() {
    let Some(root) = corpus::corpus("hcw") else {
        return;
    };
    let mut seen = 0;
    for run in std::fs::read_dir(&root).expect("corpus") {
        for file in std::fs::read_dir(run.expect("entry").path()).expect("run") {
            let path = file.expect("file").path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let kind = read::open(&path).expect("open").kind;
            match ext {
                "log" | "boot" => assert_eq!(kind, Detected::Hcw, "{}", path.display()),
                "xhcw" => assert!(
                    matches!(kind, Detected::Skip(ref r) if r.contains("XML")),
                    "{kind:?}"
                ),
                "cc" => assert!(
                    matches!(kind, Detected::Skip(ref r) if r.contains(".cc")),
                    "{kind:?}"
                ),
                _ => continue,
            }
            seen += 1;
        }
    }
    assert!(seen >= 9, "{seen} corpus files checked");
}

/// Throughput on a ~1 GB synthetic file: `cargo test --release --test suite w3c:: -- --ignored --nocapture`
/// (set `HCWLENS_BIG_W3C` to reuse a file; it is generated under /tmp otherwise).
#[test]
#[ignore]
fn throughput_on_a_big_file() {
    let path =
        std::env::var("HCWLENS_BIG_W3C").unwrap_or_else(|_| "/tmp/hcwlens-big-u_ex.log".into());
    let path = std::path::PathBuf::from(path);
    if !path.exists() {
        let chunk = synth::iis_text(64 << 20);
        let mut out = Vec::with_capacity(1 << 30);
        while out.len() < (1 << 30) {
            out.extend_from_slice(&chunk);
        }
        std::fs::write(&path, &out).expect("write big file");
    }
    let opened = hcwlens::read::open(&path).expect("open");
    let len = opened.len;
    let mut count = 0u64;
    let mut status_sum = 0u64;
    let mut sink = |_: SourceId, r: &W3cRecord<'_>| {
        count += 1;
        status_sum += u64::from(r.status.unwrap_or(0)) + r.uri_stem.len() as u64;
    };
    let cpu0 = cpu_seconds();
    let t = std::time::Instant::now();
    let (stats, _) = w3c::W3cParser::new(SourceId(0))
        .opened(opened, &mut sink)
        .expect("parse");
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    println!(
        "{} bytes, {} events ({} unparsed) in {:.3} s wall = {:.0} MB/s; {:.2} s CPU (checksum {status_sum})",
        len,
        stats.events,
        stats.unparsed,
        secs,
        len as f64 / secs / 1e6,
        cpu
    );
    assert_eq!(count, stats.events);
}

/// User + system CPU time of this process (Linux), 0 elsewhere.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |p| p.1);
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// In-memory throughput (no file reads): `cargo test --release --test suite w3c::mem_ -- --ignored --nocapture`.
#[test]
#[ignore]
fn mem_throughput() {
    let mb: usize = std::env::var("HCWLENS_MEM_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512);
    let runs: usize = std::env::var("HCWLENS_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let chunk = synth::iis_text((64usize << 20).min(mb << 20));
    let mut text = Vec::with_capacity(mb << 20);
    while text.len() < (mb << 20) {
        text.extend_from_slice(&chunk);
    }
    for _ in 0..runs {
        let mut count = 0u64;
        let mut sink = |_: SourceId, r: &W3cRecord<'_>| {
            count += u64::from(r.status.is_some());
        };
        let cpu0 = cpu_seconds();
        let t = std::time::Instant::now();
        let Ok(stats) = w3c::W3cParser::new(SourceId(0))
            .kind(SourceKind::Iis)
            .bytes(&text, &mut sink);
        let secs = t.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu0;
        println!(
            "{} MB in memory: {} events, {:.3} s wall = {:.0} MB/s; CPU {:.2} s = {:.2} s/GB",
            text.len() >> 20,
            stats.events,
            secs,
            text.len() as f64 / secs / 1e6,
            cpu,
            cpu / (text.len() as f64 / 1e9)
        );
        assert_eq!(count, stats.events);
    }
}

/// A parsed record with every field owned, for the shape fixtures.
#[derive(Debug, Clone, PartialEq, Default)]
struct Full {
    line: u64,
    ts: String,
    server: String,
    server_ip: String,
    method: String,
    uri_stem: String,
    uri_query: String,
    username: String,
    client_ip: String,
    user_agent: String,
    referer: String,
    host: String,
    status: Option<u16>,
    substatus: Option<u16>,
    win32: Option<u32>,
    time_taken: Option<u32>,
    /// Raw text of numbers that did not fit: status, substatus, win32, time-taken.
    raw: [String; 4],
    text: String,
}

fn full(r: &W3cRecord<'_>) -> Full {
    Full {
        line: r.line,
        ts: r.ts.rfc3339().replace(".000Z", "Z"),
        server: r.server.into(),
        server_ip: r.server_ip.into(),
        method: r.method.into(),
        uri_stem: r.uri_stem.into(),
        uri_query: r.uri_query.into(),
        username: r.username.into(),
        client_ip: r.client_ip.into(),
        user_agent: r.user_agent.into(),
        referer: r.referer.into(),
        host: r.host.into(),
        status: r.status,
        substatus: r.substatus,
        win32: r.win32,
        time_taken: r.time_taken,
        raw: {
            let raw = r.raw.copied().unwrap_or_default();
            assert_eq!(
                r.raw.is_some(),
                !raw.is_empty(),
                "raw only when a number was unread"
            );
            [
                raw.status.into(),
                raw.substatus.into(),
                raw.win32.into(),
                raw.time_taken.into(),
            ]
        },
        text: r.text.into(),
    }
}

/// Parses a fixture whole: its kind, records and counts.
fn shape(name: &str) -> (Detected, Vec<Full>, SourceStats) {
    let opened = read::open(&fixture(name)).expect("open");
    let kind = opened.kind.clone();
    let mut rows = Vec::new();
    let mut sink = |_: SourceId, r: &W3cRecord<'_>| rows.push(full(r));
    let (stats, _) = w3c::W3cParser::new(SourceId(0))
        .opened(opened, &mut sink)
        .expect("parse");
    (kind, rows, stats)
}

/// `(line, reason)` of each diagnostic.
fn reasons(stats: &SourceStats) -> Vec<(u64, String)> {
    stats
        .diagnostics
        .iter()
        .map(|d| (d.line, d.reason.clone()))
        .collect()
}

#[test]
fn lines_without_date_take_the_date_directive_and_roll_over_at_midnight() {
    let (kind, rows, stats) = shape("ex031231_no_date.log");
    assert_eq!(kind, Detected::Iis);
    assert_eq!((stats.lines, stats.events, stats.unparsed), (14, 6, 0));
    let got: Vec<(&str, &str, Option<u16>)> = rows
        .iter()
        .map(|r| (r.ts.as_str(), r.uri_stem.as_str(), r.status))
        .collect();
    assert_eq!(
        got,
        vec![
            ("2003-12-31T23:58:10Z", "/default.htm", Some(200)),
            ("2003-12-31T23:59:59Z", "/images/logo.gif", Some(304)),
            ("2003-12-31T23:59:58Z", "/late.htm", Some(200)),
            ("2004-01-01T00:00:03Z", "/default.htm", Some(200)),
            ("2004-01-01T00:15:00Z", "/form.asp", Some(500)),
            ("2004-01-02T08:00:00Z", "/news.htm", Some(404)),
        ]
    );
    assert_eq!(rows[0].client_ip, "192.168.1.20");
    assert_eq!(rows[4].method, "POST");

    let (_, rows, stats) = shape("msftpsvc1_ex050314.log");
    assert_eq!((stats.events, stats.unparsed), (4, 0));
    let ts: Vec<&str> = rows.iter().map(|r| r.ts.as_str()).collect();
    assert_eq!(
        ts,
        [
            "2005-03-14T23:59:40Z",
            "2005-03-14T23:59:41Z",
            "2005-03-15T00:00:02Z",
            "2005-03-15T00:00:09Z"
        ]
    );
    assert_eq!(
        (rows[2].method.as_str(), rows[2].uri_stem.as_str()),
        ("[1]sent", "/pub/readme.txt")
    );
    assert_eq!(rows[2].win32, Some(0));

    let (_, rows, stats) = shape("cut_no_date_directive.log");
    assert!(rows.is_empty());
    assert_eq!(stats.unparsed, 1);
    assert_eq!(
        reasons(&stats),
        [(
            2,
            "no date: #Fields has no date field and no #Date directive came before".to_string()
        )]
    );
}

#[test]
fn dateless_files_over_many_blocks_roll_over_like_one_pass() {
    // Long enough for the block-parallel reader: the day of each block's first line comes
    // from the reader's pass over the previous blocks.
    let mut text =
        String::from("#Date: 2003-12-30 00:00:00\n#Fields: time c-ip cs-uri-stem sc-status\n");
    let mut want = Vec::new();
    let mut day = 0;
    // Two days, a line every 3 s.
    for i in 0..57_600u32 {
        let secs = (i * 3) % 86_400;
        if i > 0 && secs == 0 {
            day += 1;
        }
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        text.push_str(&format!(
            "{h:02}:{m:02}:{s:02} 10.0.0.{} /p/{i} 200\n",
            i % 250
        ));
        want.push(format!("2003-12-{:02}T{h:02}:{m:02}:{s:02}Z", 30 + day));
    }
    assert!(text.len() > 3 * 512 * 1024, "several blocks");
    let mut got = Vec::new();
    let mut sink = |_: SourceId, r: &W3cRecord<'_>| got.push(r.ts.rfc3339().replace(".000Z", "Z"));
    let Ok(stats) = w3c::W3cParser::new(SourceId(0))
        .kind(SourceKind::W3c)
        .total(text.len() as u64)
        .bytes(text.as_bytes(), &mut sink);
    assert_eq!(stats.unparsed, 0);
    assert_eq!(got.len(), want.len());
    let wrong = got.iter().zip(&want).position(|(g, w)| g != w);
    assert_eq!(
        wrong,
        None,
        "first wrong line: {:?}",
        wrong.map(|i| (&got[i], &want[i]))
    );
}

#[test]
fn runs_of_spaces_are_one_separator() {
    let (kind, rows, stats) = shape("u_ex241105_double_spaces.log");
    assert_eq!(kind, Detected::Iis);
    assert_eq!((stats.lines, stats.events, stats.unparsed), (8, 4, 0));
    assert!(stats.diagnostics.is_empty(), "{:?}", stats.diagnostics);
    let legs: Vec<_> = rows
        .iter()
        .map(|r| (r.status, r.substatus, r.win32))
        .collect();
    assert_eq!(
        legs,
        [
            (Some(401), Some(2), Some(5)),
            (Some(401), Some(1), Some(2_148_074_254)),
            (Some(401), Some(1), Some(2_148_074_310)),
            (Some(200), Some(0), Some(0)),
        ]
    );
    assert!(rows[..3].iter().all(|r| r.client_ip == "52.98.71.12"
        && r.server_ip == "10.0.1.15"
        && r.user_agent == "Microsoft+Exchange/15.20"
        && r.uri_stem == "/EWS/mrsproxy.svc"));
    assert_eq!(rows[2].username, "USER-0001");
    assert_eq!(rows[2].time_taken, Some(5));
    let owa = &rows[3];
    assert_eq!(owa.ts, "2024-11-05T09:00:03Z");
    assert_eq!(owa.uri_query, "&ClientId=X1");
    assert_eq!(owa.time_taken, Some(31));
    assert!(owa.text.starts_with(" 2024-11-05"), "the line as written");
}

#[test]
fn quoted_values_are_one_value() {
    let (kind, rows, stats) = shape("advanced_logging_quoted.log");
    assert_eq!(kind, Detected::Iis);
    assert_eq!((stats.events, stats.unparsed), (4, 0));
    assert!(stats.diagnostics.is_empty(), "{:?}", stats.diagnostics);
    let r = &rows[0];
    assert_eq!(r.ts, "2024-11-05T13:00:01.125Z");
    assert_eq!(r.server, "EX02");
    assert_eq!(r.method, "POST");
    assert_eq!(r.uri_query, "", "\"-\" is empty");
    assert_eq!(r.client_ip, "52.98.71.12");
    assert_eq!(
        r.user_agent,
        "Microsoft Exchange/15.20 (Windows NT 10.0; Win64; x64)"
    );
    assert_eq!(
        (r.status, r.substatus, r.win32),
        (Some(401), Some(2), Some(5))
    );
    assert_eq!(rows[1].win32, Some(2_148_074_254));
    let owa = &rows[2];
    assert_eq!(owa.username, "CONTOSO\\jsmith");
    assert_eq!(
        owa.uri_query, "path=/mail&x=\"\"y\"\"",
        "doubled quotes kept as written"
    );
    assert_eq!(owa.referer, "https://mail.contoso.com/owa/");
    assert_eq!(
        owa.user_agent,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
    );
    assert_eq!(owa.status, Some(200));
    let ecp = &rows[3];
    assert_eq!((ecp.user_agent.as_str(), ecp.status), ("", Some(302)));
}

#[test]
fn more_values_than_fields_are_read_and_listed() {
    let (_, rows, stats) = shape("u_ex241105_extra_values.log");
    assert_eq!((stats.events, stats.unparsed), (3, 0));
    assert_eq!(
        (
            rows[0].status,
            rows[0].substatus,
            rows[0].win32,
            rows[0].time_taken
        ),
        (Some(401), Some(1), Some(2_148_074_254), Some(3))
    );
    assert_eq!(rows[1].username, "CONTOSO\\jsmith");
    assert_eq!(rows[1].time_taken, Some(15));
    assert!(
        rows[1].text.ends_with(" 52.98.71.12"),
        "extra values stay in the line"
    );
    assert_eq!(
        reasons(&stats),
        [
            (
                5,
                "read, but 2 values beyond the 15 of #Fields ignored".to_string()
            ),
            (
                6,
                "read, but 1 value beyond the 15 of #Fields ignored".to_string()
            ),
        ]
    );
}

#[test]
fn oversized_numbers_keep_their_text_and_are_listed() {
    let (_, rows, stats) = shape("u_ex241105_oversized.log");
    assert_eq!((stats.events, stats.unparsed), (5, 0));
    let nums: Vec<_> = rows
        .iter()
        .map(|r| (r.status, r.substatus, r.win32, r.time_taken))
        .collect();
    assert_eq!(
        nums,
        [
            (Some(401), Some(2), Some(5), Some(3)),
            (Some(401), Some(1), None, Some(2)),
            (Some(401), None, Some(0), Some(5)),
            (Some(200), Some(0), Some(0), None),
            (None, Some(0), Some(0), Some(12)),
        ]
    );
    let raw: Vec<[&str; 4]> = rows
        .iter()
        .map(|r| [&*r.raw[0], &*r.raw[1], &*r.raw[2], &*r.raw[3]])
        .collect();
    assert_eq!(
        raw,
        [
            ["", "", "", ""],
            ["", "", "4294967296", ""],
            ["", "99999", "", ""],
            ["", "", "", "99999999999"],
            ["70000", "", "", ""],
        ]
    );
    let listed: Vec<u64> = stats.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(listed, [6, 7, 8, 9]);
    assert!(
        stats.diagnostics[0]
            .reason
            .contains("sc-win32-status \"4294967296\"")
    );
}

#[test]
fn computername_names_a_source_without_folder_label() {
    let (_, rows, stats) = shape("u_ex241105_computername.log");
    assert_eq!((stats.events, stats.unparsed), (2, 0));
    assert!(rows.iter().all(|r| r.server == "MACHINE-NAME"));
    assert_eq!(rows[0].host, "mail.contoso.com");
    let opts = hcwlens::pipeline::LoadOptions::default();
    let a = hcwlens::pipeline::load(
        &[fixture("u_ex241105_computername.log")],
        &opts,
        &NoProgress,
    )
    .expect("load");
    assert_eq!(a.sources[0].server, "MACHINE-NAME");
    // No s-computername and no folder label: the s-ip.
    let a = hcwlens::pipeline::load(&[fixture("u_ex241105_oversized.log")], &opts, &NoProgress)
        .expect("load");
    assert_eq!(a.sources[0].server, "10.0.1.15");
    // The logged name wins over the folder the log was found in (a copy in a ticket folder
    // still names the server that wrote it); the folder labels only a log that names none.
    let tmp = tempfile::tempdir().expect("tempdir");
    let bytes = std::fs::read(fixture("u_ex241105_computername.log")).expect("fixture");
    let path = copy_to(tmp.path(), "EX07/W3SVC2/u_ex241105.log", &bytes);
    let a = hcwlens::pipeline::load(&[path], &opts, &NoProgress).expect("load");
    assert_eq!(a.sources[0].server, "MACHINE-NAME");
    let bytes = std::fs::read(fixture("u_ex241105_oversized.log")).expect("fixture");
    let path = copy_to(tmp.path(), "EX07/W3SVC2/u_ex241106.log", &bytes);
    let a = hcwlens::pipeline::load(&[path], &opts, &NoProgress).expect("load");
    assert_eq!(a.sources[0].server, "EX07/W3SVC2");
}

#[test]
fn other_w3c_writers_are_w3c_and_read_with_the_same_grammar() {
    let (kind, rows, stats) = shape("oracle_iplanet_w3c.log");
    assert_eq!(kind, Detected::W3c);
    assert_eq!((stats.events, stats.unparsed), (3, 0));
    assert_eq!(rows[0].client_ip, "198.51.100.7");
    assert_eq!(rows[0].ts, "2024-11-05T14:00:01Z");
    assert_eq!(
        (rows[0].uri_stem.as_str(), rows[0].uri_query.as_str()),
        ("/index.html", "lang=en")
    );
    assert_eq!(rows[1].username, "alice");
    assert_eq!(rows[1].host, "shop.example.net");
    assert_eq!(rows[1].status, Some(302));
    assert_eq!(rows[2].status, None);

    let (kind, rows, stats) = shape("cdn_edge_w3c.log");
    assert_eq!(kind, Detected::W3c, "no #Software, no IIS-only field");
    assert_eq!((stats.events, stats.unparsed), (2, 0));
    assert_eq!(rows[0].user_agent, "Mozilla/5.0 (X11; Linux x86_64)");
    assert_eq!(rows[0].host, "cdn.example.org");
    assert_eq!(rows[0].time_taken, Some(12));
    assert_eq!(rows[1].user_agent, "curl/8.5.0");

    let opts = hcwlens::pipeline::LoadOptions::default();
    let a =
        hcwlens::pipeline::load(&[fixture("cdn_edge_w3c.log")], &opts, &NoProgress).expect("load");
    assert_eq!(a.sources[0].kind, SourceKind::W3c);
    let json = hcwlens::report::json::render(&a);
    let compact: String = json.split_whitespace().collect();
    assert!(compact.contains("\"kind\":\"w3c\""), "{json}");
}

/// Every file under `dir`, recursively, in a stable order.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn every_fixture_folder_reads_every_w3c_line_but_the_truly_malformed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    files_under(&root.join("tests/fixtures"), &mut files);
    files_under(&root.join("assets/demo"), &mut files);
    let mut unparsed = Vec::new();
    let mut total = (0u64, 0u64, 0u64);
    let mut w3c_files = 0;
    for path in &files {
        let opened = read::open(path).expect("open");
        if !matches!(
            opened.kind,
            Detected::Iis | Detected::Httperr | Detected::W3c
        ) {
            continue;
        }
        w3c_files += 1;
        let mut sink = |_: SourceId, _: &W3cRecord<'_>| {};
        let (stats, _) = w3c::W3cParser::new(SourceId(0))
            .opened(opened, &mut sink)
            .expect("parse");
        total.0 += stats.events;
        total.1 += stats.unparsed;
        // `/` on every platform, so the list of truly malformed lines reads the same on Windows.
        let rel = path
            .strip_prefix(root)
            .expect("under root")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let bad: Vec<_> = stats
            .diagnostics
            .iter()
            .filter(|d| !d.reason.starts_with("read, but"))
            .collect();
        assert_eq!(
            bad.len() as u64,
            stats.unparsed,
            "{rel}: every unparsed line is listed"
        );
        total.2 += stats.diagnostics.len() as u64 - stats.unparsed;
        unparsed.extend(bad.iter().map(|d| (rel.clone(), d.line, d.reason.clone())));
    }
    assert!(w3c_files >= 20, "{w3c_files} W3C files folded");
    let expected = [
        // Cut by a crash inside its user name, the zeroed rest of the file after it.
        (
            "tests/fixtures/unseen24/nul-tail/FBEX1/W3SVC1/u_ex250603.log",
            34,
            "cut off: the server stopped in the middle of the line, and 65536 NUL bytes follow \
             (a crash leaves the unwritten rest of the file zeroed); 8 fields where #Fields \
             lists 15",
        ),
        // Cut by a crash after its status, the restarted writer's header glued to the NULs.
        (
            "tests/fixtures/unseen26/crash-restart/AMSEX01/W3SVC1/u_ex261204.log",
            28,
            "cut off: the server stopped in the middle of the line, and 12288 NUL bytes follow \
             (a crash leaves the unwritten rest of the file zeroed); 12 fields where #Fields \
             lists 15",
        ),
        // Cut inside its last value by a torn write; the next request glued to the NULs is read.
        (
            "tests/fixtures/unseen26/torn-write/OSLEX1/W3SVC1/u_ex261203.log",
            19,
            "cut off: 12288 NUL bytes follow its first part (a zeroed block a crashed or torn \
             write left), then the next request on the same line, which is read; this part is \
             not",
        ),
        // Written without a #Date and without a date field: no day to place the line on.
        (
            "tests/fixtures/w3c/cut_no_date_directive.log",
            2,
            "no date: #Fields has no date field and no #Date directive came before",
        ),
        // Cut short by a crash: 7 of 15 values.
        (
            "tests/fixtures/w3c/u_ex241105_damaged.log",
            6,
            "7 fields where #Fields lists 15",
        ),
        // February 30th.
        (
            "tests/fixtures/w3c/u_ex241105_damaged.log",
            8,
            "no valid date and time",
        ),
    ];
    let got: Vec<(&str, u64, &str)> = unparsed
        .iter()
        .map(|(f, l, r)| (f.as_str(), *l, r.as_str()))
        .collect();
    assert_eq!(
        got, expected,
        "events {}, listed but read {}",
        total.0, total.2
    );
    assert_eq!(total.1, expected.len() as u64);
}
