//! Hostile and damaged input: attacker-controlled fields, broken encodings, odd sizes. Nothing
//! panics or hangs, nothing readable is lost, every problem is a counted diagnostic, and no raw
//! ESC (or other control byte) reaches a report or copied text.

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::{Path, PathBuf};

const HEADER: &str = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-11-05 13:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(&p, bytes).expect("write");
    p
}

fn load_dir(dir: &Path) -> Analysis {
    load(&[dir.to_path_buf()], &LoadOptions::default(), &NoProgress).expect("load")
}

fn all_reports(a: &Analysis) -> Vec<String> {
    vec![
        hcwlens::report::text::render(a),
        hcwlens::report::markdown::render(a),
        hcwlens::report::json::render(a),
    ]
}

fn assert_no_control(s: &str) {
    for (i, c) in s.char_indices() {
        let context: String = s[..i]
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        assert!(
            !c.is_control() || c == '\n' || c == '\t',
            "raw control char {c:?} at {i} after …{context}"
        );
        // Bidi embeddings, overrides and isolates reorder a terminal line.
        let bidi = ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c);
        assert!(!bidi, "raw bidi control {c:?} at {i} after …{context}");
    }
}

fn ep_lines(ua: &str, user: &str, uri: &str) -> String {
    let mut s = String::from(HEADER);
    for (st, sub, w) in [(401, 2, 5u32), (401, 1, 2148074254), (401, 1, 2148074310)] {
        s.push_str(&format!(
            "2024-11-05 13:23:46 10.0.1.11 POST {uri} - 443 {user} 10.0.5.20 {ua} - {st} {sub} {w} 3\r\n"
        ));
    }
    s
}

#[test]
fn escape_sequences_in_fields_never_reach_reports_or_copied_text() {
    let dir = tempfile::tempdir().expect("tmp");
    let evil_ua = "Mozilla\x1b[2J\x1b]52;c;ZXZpbA==\x07\u{9b}31m\u{202E}";
    let evil_user = "CONTOSO\\\x1b]0;pwned\x07\u{2067}";
    let text = ep_lines(evil_ua, evil_user, "/EWS/mrsproxy.svc\x1b[31m\u{202E}");
    write(dir.path(), "EX01/W3SVC1/u_ex241105.log", text.as_bytes());
    let hcw = "2024.11.05 14:23:44.783               Current Time Zone: UTC (2:23:44 PM)\r\n\
2024.11.05 14:23:45.000 *ERROR* 10025 [Client=UX, Thread=1] HCW8001 bad \x1b]52;c;AAAA\x07 tenant\r\n";
    write(dir.path(), "hcw/20241105_142344.log", hcw.as_bytes());
    let a = load_dir(dir.path());
    assert!(!a.handshakes.is_empty());
    for r in all_reports(&a) {
        assert!(!r.contains('\x1b'), "ESC in report");
        assert_no_control(&r);
    }
    let md = hcwlens::export::handshake_markdown(
        &a.handshakes[0],
        &a.sources,
        &hcwlens::time::ZoneSpec::Fixed(3600),
        None,
    );
    assert!(!md.contains('\x1b') && !md.contains('\x07') && !md.contains('\u{9b}'));
    assert_no_control(&md);
    let redacted = hcwlens::redact::Redactor::new().redact(&md);
    assert!(!redacted.contains('\x1b'));
}

#[test]
fn damaged_files_are_diagnostics_not_crashes() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut iis = String::from(HEADER);
    iis.push_str("2024-11-05 13:00:01 10.0.1.11 GET /owa/ - 443 - 10.1.1.1 UA - 200 0 0 5\r\n");
    iis.push_str("2024-13-45 99:00:01 10.0.1.11 GET /owa/ - 443 - 10.1.1.1 UA - 200 0 0 5\r\n");
    iis.push_str("2024-11-05 13:00:02 10.0.1.11 GET /owa/ - 443 - 10.1.1.1 UA - abc 0 0 5\r\n");
    iis.push_str("garbage line without fields\r\n");
    iis.push_str(&format!(
        "2024-11-05 13:00:03 10.0.1.11 GET /{} - 443 - 10.1.1.1 UA - 200 0 0 5\r\n",
        "a".repeat(200 * 1024)
    ));
    let mut bytes = iis.into_bytes();
    bytes.extend_from_slice(
        b"2024-11-05 13:00:04 10.0.1.11 GET /bad\xff\xfe - 443 - 10.1.1.1 UA - 200 0 0 5\r\n",
    );
    bytes.extend_from_slice(
        b"2024-11-05 13:00:05 10.0.1.11 GET /last - 443 - 10.1.1.1 UA - 200 0 0 5",
    );
    write(dir.path(), "EX01/W3SVC1/u_ex241105.log", &bytes);
    write(dir.path(), "empty.log", b"");
    write(
        dir.path(),
        "binary.bin",
        &[0u8, 159, 146, 150, 0, 1, 2, 3, 0xff, 0],
    );
    let a = load_dir(dir.path());
    let iis = a
        .sources
        .iter()
        .find(|s| s.kind == hcwlens::source::SourceKind::Iis)
        .expect("iis");
    assert!(iis.stats.unparsed >= 2, "{:?}", iis.stats);
    assert!(
        iis.stats.events >= 4,
        "good, long, invalid-UTF-8 and truncated last lines all read: {:?}",
        iis.stats
    );
    assert!(!iis.stats.diagnostics.is_empty());
    assert_eq!(a.skipped.len(), 2, "{:?}", a.skipped);
    for r in all_reports(&a) {
        assert_no_control(&r);
    }
}

#[test]
fn utf16_hcw_log_is_read() {
    let dir = tempfile::tempdir().expect("tmp");
    let text = "2024.11.05 14:23:44.783               Current Time Zone: UTC (2:23:44 PM)\r\n\
2024.11.05 14:23:45.000 WARNING 10026 [Client=UX, Thread=1] HCW8078 Migration Endpoint could not be created.\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    write(dir.path(), "hcw/20241105_142344.log", &bytes);
    let a = load_dir(dir.path());
    assert_eq!(a.sources.len(), 1, "{:?}", a.skipped);
    assert_eq!(a.sources[0].stats.unparsed, 0);
    assert!(a.findings.iter().any(|f| f.id.to_string() == "hcw-HCW8078"));
}

#[test]
fn arbitrary_bytes_through_the_whole_pipeline_never_panic() {
    use proptest::prelude::*;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("u_ex241105.log");
    proptest!(ProptestConfig::with_cases(64), |(body in proptest::collection::vec(any::<u8>(), 0..4096), header in any::<bool>())| {
        let mut bytes = if header { HEADER.as_bytes().to_vec() } else { Vec::new() };
        bytes.extend_from_slice(&body);
        std::fs::write(&path, &bytes).expect("write");
        if let Ok(a) = load(std::slice::from_ref(&path), &LoadOptions::default(), &NoProgress) {
            for r in all_reports(&a) {
                assert_no_control(&r);
            }
        }
    });
}

/// A NUL or a zeroed block near the top of a text log is damage in one place: the log loads,
/// the damaged line is counted; executables, archives and event log chunks stay skipped.
#[test]
fn a_few_nul_bytes_near_the_top_do_not_make_a_log_binary() {
    let dir = tempfile::tempdir().expect("tmp");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hcw/de-DE-utc+1.log");
    let hcw = std::fs::read(&fixture).expect("fixture");
    let third = hcw
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .map(|(i, _)| i + 1);
    let third = third.expect("three lines");
    let mut one = hcw.clone();
    one.insert(third + 40, 0);
    write(dir.path(), "one/20241105_142155.log", &one);
    let mut block = hcw.clone();
    // A zeroed block in front of the second line, a header.
    let second = hcw.iter().position(|b| *b == b'\n').expect("a line") + 1;
    block.splice(second..second, [0u8; 512]);
    write(dir.path(), "block/20241105_142155.log", &block);
    let mut iis = HEADER.as_bytes().to_vec();
    iis.extend_from_slice(
        b"2024-11-05 13:00:01 10.0.1.11 GET /o\x00wa/ - 443 - 10.1.1.1 UA - 200 0 0 5\r\n",
    );
    iis.extend_from_slice(
        b"2024-11-05 13:00:02 10.0.1.11 GET /owa/ - 443 - 10.1.1.1 UA - 200 0 0 5\r\n",
    );
    write(dir.path(), "EX01/W3SVC1/u_ex241105.log", &iis);
    let exe = std::fs::read(env!("CARGO_BIN_EXE_hcwlens")).expect("the test's own binary");
    write(
        dir.path(),
        "bin/hcwlens.log",
        &exe[..exe.len().min(256 << 10)],
    );
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    let mut x: u32 = 0x2545_f491;
    zip.extend((0..16_384).map(|_| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x.to_le_bytes()[1]
    }));
    write(dir.path(), "bin/archive.log", &zip);
    let a = load_dir(dir.path());
    let loaded = |part: &str| {
        a.sources
            .iter()
            .find(|s| s.path.to_string_lossy().contains(part))
    };
    let clean = hcwlens::parse::hcw::parse_hcw(
        &String::from_utf8_lossy(&hcw),
        hcwlens::source::SourceId(0),
    );
    for (part, line) in [("one", 3), ("block", 2)] {
        let s = loaded(part).unwrap_or_else(|| panic!("{part} loads: {:?}", a.skipped));
        assert_eq!(s.kind, hcwlens::source::SourceKind::Hcw);
        assert_eq!(s.stats.events, clean.stats.events, "{part}: {:?}", s.stats);
        let noted = s
            .stats
            .diagnostics
            .iter()
            .find(|d| d.reason.contains("NUL"));
        assert_eq!(noted.map(|d| d.line), Some(line), "{part}: {:?}", s.stats);
    }
    let iis = loaded("W3SVC1").unwrap_or_else(|| panic!("the IIS log loads: {:?}", a.skipped));
    assert!(iis.stats.events >= 1, "{:?}", iis.stats);
    let skipped: Vec<String> = a.skipped.iter().map(|s| format!("{s:?}")).collect();
    for name in ["hcwlens.log", "archive.log"] {
        assert!(
            skipped
                .iter()
                .any(|s| s.contains(name) && s.contains("binary data")),
            "{name}: {skipped:?}"
        );
    }
}
