//! IIS shapes found by the December probe on logs hcwlens had not seen
//! (`tests/fixtures/iis-probe`): status codes written as other tools print them, handshakes
//! whose legs straddle a file rotation, files cut mid-line. Checked in the JSON report.

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use serde_json::Value;
use std::path::PathBuf;

fn dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/iis-probe")
        .join(name)
}

fn analyse(name: &str) -> Analysis {
    load(&[dir(name)], &LoadOptions::default(), &NoProgress).expect("load")
}

fn json(name: &str) -> Value {
    let text = hcwlens::report::json::render(&analyse(name));
    serde_json::from_str(&text).expect("valid JSON")
}

fn handshakes(r: &Value) -> &Vec<Value> {
    r["handshakes"].as_array().expect("handshakes")
}

/// (line, win32) of each leg.
fn legs(h: &Value) -> Vec<(u64, Option<u64>)> {
    h["legs"]
        .as_array()
        .expect("legs")
        .iter()
        .map(|l| (l["line"].as_u64().unwrap_or(0), l["win32"].as_u64()))
        .collect()
}

#[test]
fn win32_codes_in_hex_or_signed_decode_and_group_like_iis_decimals() {
    let r = json("win32-written");
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
