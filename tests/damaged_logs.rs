//! Logs a crashed or torn writer left behind: zeroed blocks (NUL padding) in front of an entry,
//! lines cut off at the end. The entries are read, and quoted as evidence, without the damage.

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::Path;

fn load_dir(dir: &Path) -> Analysis {
    load(&[dir.to_path_buf()], &LoadOptions::default(), &NoProgress).expect("load")
}

/// The German run of `tests/fixtures/hcw` with `bytes` inserted before line `line` (1-based).
fn hcw_with(line: usize, bytes: &[u8]) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hcw/de-DE-utc+1.log");
    let text = std::fs::read(path).expect("fixture");
    let at = text
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(line - 2)
        .map_or(0, |(i, _)| i + 1);
    let mut out = text[..at].to_vec();
    out.extend_from_slice(bytes);
    out.extend_from_slice(&text[at..]);
    out
}

#[test]
fn an_entry_behind_a_zeroed_block_is_quoted_without_it() {
    // The failing Test-MigrationServerAvailability starts at line 30: a crash zeroed 4 KiB in
    // front of it. The finding cites it, and its evidence is the entry as logged, not 4096
    // escaped NULs before it.
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("20241105_142155.log"),
        hcw_with(30, &[0u8; 4096]),
    )
    .expect("write");
    let a = load_dir(dir.path());
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-unauthorized")
        .expect("the 401 finding");
    let ev = f
        .evidence
        .iter()
        .find(|e| e.line == 30)
        .copied()
        .expect("the call cited");
    let text = hcwlens::export::evidence_text(&a, ev).expect("its text");
    assert!(
        text.starts_with("2024.11.05 14:23:13.397 ") && !text.contains('\0'),
        "{:?}",
        &text[..text.len().min(120)]
    );
    // Every other entry is still quoted from its own line.
    for e in &a.hcw {
        let quoted = hcwlens::export::evidence_text(
            &a,
            hcwlens::analyze::finding::Evidence {
                source: e.source,
                line: e.line,
            },
        )
        .expect("quoted");
        assert!(
            quoted.starts_with("2024.11.05 "),
            "line {}: {quoted:?}",
            e.line
        );
    }
}

#[test]
fn a_log_cut_in_its_last_stamp_says_it_was_cut_off() {
    // Loaded while the wizard was still writing (or a copy cut short): the last line stops in
    // its timestamp. It is the end of the log, not a malformed line.
    let dir = tempfile::tempdir().expect("tmp");
    let whole = hcw_with(2, b"");
    let at = whole
        .windows(24)
        .position(|w| w == b"\n2024.11.05 14:23:13.397")
        .expect("the call's line")
        + 1;
    std::fs::write(
        dir.path().join("20241105_142155.log"),
        &whole[..at + "2024.11.05 14:23:1".len()],
    )
    .expect("write");
    let a = load_dir(dir.path());
    let said: Vec<&str> = a.sources[0]
        .stats
        .diagnostics
        .iter()
        .map(|d| d.reason.as_str())
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("cut off: the last line ends without a line break"),
        "{said:?}"
    );
}

#[test]
fn an_hcw_log_converted_to_crlf_once_more_reads_as_the_original() {
    // A text-mode transfer turns each CRLF into CR CR LF: the entries, their hard-wrapped
    // messages rejoined and their object dumps must read as in the original (no CR inside a
    // rejoined exception name, none at the end of a `Results=` value).
    for name in ["wrapped.log", "de-DE-utc+1.log"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hcw")
            .join(name);
        let text = std::fs::read_to_string(path).expect("fixture");
        let doubled = text.replace("\r\n", "\r\r\n");
        let id = hcwlens::source::SourceId(0);
        let (a, b) = (
            hcwlens::parse::hcw::parse_hcw(&text, id),
            hcwlens::parse::hcw::parse_hcw(&doubled, id),
        );
        let texts = |log: &hcwlens::parse::hcw::HcwLog| {
            log.entries
                .iter()
                .map(|e| (e.line, e.message.clone(), e.body.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(&b), texts(&a), "{name}");
        assert_eq!(b.stats.unparsed, a.stats.unparsed, "{name}");
    }
}

#[test]
fn lines_of_logs_converted_to_crlf_once_more_are_shown_without_a_cr() {
    // The HCW pane and the IIS pane read lines back from the text or the file: no CR of the
    // doubled line end is shown (escaped as `\x0D`) or copied.
    let dir = tempfile::tempdir().expect("tmp");
    let hcw = String::from_utf8(hcw_with(2, b"")).expect("utf-8");
    std::fs::write(
        dir.path().join("20241105_142155.log"),
        hcw.replace("\r\n", "\r\r\n"),
    )
    .expect("write");
    std::fs::create_dir_all(dir.path().join("EX01/W3SVC1")).expect("mkdir");
    std::fs::write(
        dir.path().join("EX01/W3SVC1/u_ex241105.log"),
        "#Software: Microsoft Internet Information Services 10.0\r\r\n\
         #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\r\n\
         2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 2 5 0\r\r\n",
    )
    .expect("write");
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let a = load(&[dir.path().to_path_buf()], &opts, &NoProgress).expect("load");
    let mut shown = 0;
    for e in &a.hcw {
        let t = &a.texts[usize::from(e.source.0)];
        let line = t.line_at(e.offset);
        assert!(!line.contains('\r'), "{line:?}");
        shown += 1;
    }
    for ix in &a.requests {
        for r in 0..ix.len() {
            let line = ix.text(r);
            assert!(line.ends_with(" 401 2 5 0"), "{line:?}");
            shown += 1;
        }
    }
    assert!(shown > 10, "{shown}");
}

/// An IIS header block and `n` healthy lines in the order of `fields`, from second `from`.
fn iis_lines(fields: &str, n: usize, from: usize) -> String {
    let mut out = String::new();
    let names: Vec<&str> = fields.split(' ').collect();
    for i in from..from + n {
        let value = |name: &str| match name {
            "date" => "2024-11-05".to_string(),
            "time" => format!("10:{:02}:{:02}", (i / 60) % 60, i % 60),
            "s-ip" => "10.0.0.5".to_string(),
            "cs-method" => "GET".to_string(),
            "cs-uri-stem" => "/owa/".to_string(),
            "cs-username" => format!("CONTOSO\\user{}", i % 7),
            "c-ip" => format!("10.0.7.{}", i % 200 + 1),
            "cs(User-Agent)" => "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)".to_string(),
            "sc-status" => "200".to_string(),
            "sc-substatus" | "sc-win32-status" => "0".to_string(),
            "time-taken" => "15".to_string(),
            _ => "-".to_string(),
        };
        let line: Vec<String> = names.iter().map(|n| value(n)).collect();
        out += &line.join(" ");
        out += "\r\n";
    }
    out
}

#[test]
fn a_header_behind_a_zeroed_block_is_read() {
    // IIS crashed and left zeroed bytes; on restart it wrote its header block (with another
    // field order) right behind them. The lines after are read with the new fields, also in
    // the blocks read in parallel past it, and nothing is counted unparsed.
    let before = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
    let after = "date time c-ip cs-username s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-substatus sc-win32-status time-taken cs(User-Agent) cs(Referer)";
    let mut log =
        format!("#Software: Microsoft Internet Information Services 10.0\r\n#Fields: {before}\r\n")
            .into_bytes();
    log.extend(iis_lines(before, 4000, 0).into_bytes());
    log.extend([0u8; 8192]);
    log.extend(format!("#Fields: {after}\r\n").into_bytes());
    log.extend(iis_lines(after, 4000, 0).into_bytes());
    log.extend(
        b"2024-11-05 11:00:00 10.0.5.20 - 10.0.0.5 443 POST /EWS/mrsproxy.svc - 401 2 5 0 - -\r\n\
2024-11-05 11:00:00 10.0.5.20 - 10.0.0.5 443 POST /EWS/mrsproxy.svc - 401 1 2148074254 0 - -\r\n\
2024-11-05 11:00:01 10.0.5.20 - 10.0.0.5 443 POST /EWS/mrsproxy.svc - 401 1 2148074310 0 - -\r\n",
    );
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(dir.path().join("EX01/W3SVC1")).expect("mkdir");
    std::fs::write(dir.path().join("EX01/W3SVC1/u_ex241105.log"), &log).expect("write");
    let a = load_dir(dir.path());
    let src = &a.sources[0];
    assert_eq!(
        (src.stats.unparsed, src.stats.events),
        (0, 8003),
        "{:#?}",
        src.stats.diagnostics
    );
    assert!(
        src.stats.diagnostics.iter().any(|d| d
            .reason
            .starts_with("read, but NUL bytes come before this directive")
            && d.line == 4003),
        "{:#?}",
        src.stats.diagnostics
    );
    let failed: Vec<(&str, &str, Option<u32>)> = a
        .handshakes
        .iter()
        .map(|h| (h.client.as_str(), h.uri.as_str(), h.failure_code))
        .collect();
    assert_eq!(
        failed,
        [("10.0.5.20", "/EWS/mrsproxy.svc", Some(2_148_074_310))]
    );
}

#[test]
fn a_request_behind_a_zeroed_block_is_read() {
    // A torn write zeroed the bytes before a line, and IIS went on writing behind them (no new
    // header): the failing leg right behind the NULs was a line with no valid date and time,
    // so the handshake was left abandoned at its challenge.
    let fields = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
    let mut log =
        format!("#Software: Microsoft Internet Information Services 10.0\r\n#Fields: {fields}\r\n")
            .into_bytes();
    log.extend(iis_lines(fields, 4000, 0).into_bytes());
    log.extend(
        b"2024-11-05 11:00:00 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 2 5 0\r\n\
2024-11-05 11:00:00 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0\r\n",
    );
    log.extend([0u8; 4096]);
    log.extend(
        b"2024-11-05 11:00:01 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 0\r\n",
    );
    log.extend(iis_lines(fields, 4000, 4000).into_bytes());
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(dir.path().join("EX01/W3SVC1")).expect("mkdir");
    std::fs::write(dir.path().join("EX01/W3SVC1/u_ex241105.log"), &log).expect("write");
    let a = load_dir(dir.path());
    let src = &a.sources[0];
    assert_eq!(
        (src.stats.unparsed, src.stats.events),
        (0, 8003),
        "{:#?}",
        src.stats.diagnostics
    );
    let said: Vec<(u64, &str)> = src
        .stats
        .diagnostics
        .iter()
        .map(|d| (d.line, d.reason.as_str()))
        .collect();
    assert!(
        said.iter()
            .any(|&(line, r)| line == 4005
                && r.starts_with("read, but NUL bytes come before the line")),
        "{said:#?}"
    );
    let failed: Vec<(&str, Option<u32>)> = a
        .handshakes
        .iter()
        .map(|h| (h.client.as_str(), h.failure_code))
        .collect();
    assert_eq!(failed, [("10.0.5.20", Some(2_148_074_310))]);
}
