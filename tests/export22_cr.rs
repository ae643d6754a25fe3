//! A W3C log whose lines end in a bare CR (saved by a classic Mac editor, or a copy that
//! dropped the line feeds) is read line by line, as the same log with CRLF line ends: the
//! same requests, line numbers and handshakes in the report and the export. It read as one
//! line holding nothing, without a word.

use crate::report_json;

use hcwlens::pipeline::LoadOptions;
use report_json::Set;
use serde_json::Value;
use std::path::PathBuf;

const SET: Set = Set("export22");

/// The log with CRLF line ends (`lb-split`) and the same bytes with bare CRs (`cr-only`).
fn logs() -> (PathBuf, PathBuf) {
    let file = "EX01/W3SVC1/u_ex250211.log";
    (
        SET.dir("lb-split").join(file),
        SET.dir("cr-only").join(file),
    )
}

/// (line, status, handshake outcome) of every request the export writes of `path`.
fn exported(path: &PathBuf) -> Vec<(u64, u64, String)> {
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(
        std::slice::from_ref(path),
        &LoadOptions::default(),
        &mut out,
    )
    .expect("export");
    let text = String::from_utf8(out).expect("UTF-8");
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON"))
        .filter(|v| v["event"]["dataset"] == "hcwlens.iis")
        .map(|v| {
            let outcome = v
                .pointer("/hcwlens/handshake/outcome")
                .and_then(Value::as_str);
            (
                v["hcwlens"]["line"].as_u64().unwrap_or(0),
                v["http"]["response"]["status_code"].as_u64().unwrap_or(0),
                outcome.unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_log_with_bare_cr_line_ends_is_read_line_by_line_in_the_report() {
    let (crlf, cr) = logs();
    let load = |p: &PathBuf| {
        let a = hcwlens::pipeline::load(
            std::slice::from_ref(p),
            &LoadOptions::default(),
            &hcwlens::progress::NoProgress,
        )
        .expect("load");
        let s = &a.sources[0].stats;
        (s.lines, s.events, s.unparsed, a.handshakes.len())
    };
    let want = load(&crlf);
    assert_eq!(want.1, 9, "{want:?}");
    assert_eq!(load(&cr), want);
}

#[test]
fn a_log_with_bare_cr_line_ends_exports_the_same_requests() {
    let (crlf, cr) = logs();
    let want = exported(&crlf);
    assert_eq!(want.len(), 9, "{want:?}");
    assert_eq!(exported(&cr), want);
}
