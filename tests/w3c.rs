//! Integration tests of reading and W3C parsing through the public API: fixtures on disk,
//! detection of every kind and skip reason, encodings, and reading lines back.

#[path = "fixtures/w3c/synth.rs"]
mod synth;

use hcwlens::error::Error;
use hcwlens::index::text::LineText;
use hcwlens::parse::w3c;
use hcwlens::progress::NoProgress;
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
    let (stats, text) =
        w3c::parse_opened(opened, SourceId(1), &mut sink, &NoProgress).expect("parse");
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
    assert_eq!(rows[0].6, "2001:4898:0:fff:0:5efe:10.164.167.30%0");
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
    let err = w3c::parse_opened(
        opened,
        SourceId(0),
        &mut |_: SourceId, _: &W3cRecord<'_>| {},
        &NoProgress,
    )
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
    let candidates = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/hcw"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/hcw"),
    ];
    let Some(root) = candidates.iter().map(Path::new).find(|p| p.is_dir()) else {
        println!("note: HCW corpus not found next to the repository; skipped");
        return;
    };
    let mut seen = 0;
    for run in std::fs::read_dir(root).expect("corpus") {
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

/// Throughput on a ~1 GB synthetic file: `cargo test --release --test w3c -- --ignored --nocapture`
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
    let (stats, _) = w3c::parse_opened(opened, SourceId(0), &mut sink, &NoProgress).expect("parse");
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

/// In-memory throughput (no file reads): `cargo test --release --test w3c mem_ -- --ignored --nocapture`.
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
        let stats = w3c::parse_bytes(
            &text,
            SourceId(0),
            SourceKind::Iis,
            "",
            &mut sink,
            &NoProgress,
            0,
        );
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
