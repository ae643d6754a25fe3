//! Zeroed blocks a crash leaves in an IIS log (NTFS extends the file before the buffered lines
//! reach the disk; what never arrived reads back as NUL bytes, and IIS writes a new header block
//! behind them when it starts again): a log whose first clusters are zeroed is still a log, and
//! a stretch of NULs with no request in it is said to be one, not a line cut off while copied;
//! a line a restart cut (the new header going on on it) says so.
//! The logs are written at test time (NUL bytes do not belong in a text fixture).

use crate::report_json;

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use serde_json::Value;

const HEADER: &str = "#Software: Microsoft Internet Information Services 10.0\r\n\
#Version: 1.0\r\n#Date: 2024-11-05 13:23:00\r\n\
#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip \
cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";

const LEGS: &str = "\
2024-11-05 13:23:13 10.0.1.15 POST /EWS/mrsproxy.svc - 443 - 52.98.71.12 - - 401 2 5 3\r\n\
2024-11-05 13:23:13 10.0.1.15 POST /EWS/mrsproxy.svc - 443 - 52.98.71.12 - - 401 1 2148074254 4\r\n\
2024-11-05 13:23:13 10.0.1.15 POST /EWS/mrsproxy.svc - 443 - 52.98.71.12 - - 401 1 2148074310 5\r\n";

fn report(bytes: &[u8]) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("u_ex241105.log");
    std::fs::write(&path, bytes).expect("write log");
    let analysis = load(&[path], &LoadOptions::default(), &NoProgress).expect("load");
    let text = hcwlens::report::json::render(&analysis);
    serde_json::from_str(&text).expect("valid JSON")
}

fn source(r: &Value) -> &Value {
    assert_eq!(
        r["skipped"].as_array().map(Vec::len),
        Some(0),
        "{}",
        r["skipped"]
    );
    &r["sources"][0]
}

fn reasons(s: &Value) -> Vec<String> {
    s["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["reason"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_log_whose_first_clusters_are_zeroed_is_read_from_the_header_behind_them() {
    // IIS rolled over, crashed before its first flush reached the disk, and wrote a new header
    // behind the zeroed clusters when it started again.
    for zeroed in [4096, 8192, 70 * 1024] {
        let mut bytes = vec![0u8; zeroed];
        bytes.extend_from_slice(HEADER.as_bytes());
        bytes.extend_from_slice(LEGS.as_bytes());
        let r = report(&bytes);
        let s = source(&r);
        assert_eq!(s["kind"], "iis", "{zeroed} NUL bytes first");
        assert_eq!(s["events"], 3, "{zeroed} NUL bytes first");
        let hs = report_json::handshakes(&r);
        assert_eq!(hs.len(), 1, "{zeroed}");
        assert_eq!(hs[0]["failure_name"], "SEC_E_BAD_BINDINGS");
        assert!(
            reasons(s).iter().any(|w| w.contains("NUL bytes")),
            "{:?}",
            reasons(s)
        );
    }
}

#[test]
fn nul_bytes_with_no_request_in_them_are_said_to_be_nul_bytes() {
    // The zeroed tail of a crashed write, with and without a line feed after it.
    for tail in [&[0u8; 4096][..], b"\0\0\0\0\0\0\0\0\r\n"] {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(LEGS.as_bytes());
        bytes.extend_from_slice(tail);
        let r = report(&bytes);
        let s = source(&r);
        assert_eq!(s["events"], 3);
        assert_eq!(s["unparsed"], 1, "the zeroed stretch is counted");
        let why = reasons(s);
        assert_eq!(why.len(), 1, "{why:?}");
        assert!(why[0].contains("NUL bytes"), "{why:?}");
        assert!(!why[0].contains("cut off"), "{why:?}");
        assert!(!why[0].contains("fields where"), "{why:?}");
    }
}

#[test]
fn a_line_cut_by_a_restart_says_the_header_went_on_on_it() {
    // The server stopped in the middle of a line and nothing was zeroed: IIS's new header block
    // starts on the same line when it logs again.
    let mut text = HEADER.to_string();
    text += "2024-11-05 13:23:12 10.0.1.15 GET /owa/ - 443 - 10.1.1.1 - - 200 0 0 3\r\n";
    text += "2024-11-05 13:23:12 10.0.1.15 POST /EWS/mrs";
    text += HEADER;
    text += LEGS;
    let r = report(text.as_bytes());
    let s = source(&r);
    assert_eq!(
        (s["events"].as_u64(), s["unparsed"].as_u64()),
        (Some(4), Some(1))
    );
    let why = reasons(s);
    assert_eq!(why.len(), 1, "{why:?}");
    assert!(why[0].contains("restart"), "{why:?}");
    assert!(!why[0].contains("fields where"), "{why:?}");
}
