//! The handshakes written by hand must be the bytes serde_json writes for the contract structs.

use super::{reference, write_to};
use crate::analyze::handshake::{AbandonedAt, Confidence, HandshakeOutcome};
use crate::pipeline::{Analysis, LoadOptions, load};
use crate::progress::NoProgress;
use crate::time::UtcMs;
use std::path::PathBuf;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn loaded(rel: &str) -> Analysis {
    load(&[fixture(rel)], &LoadOptions::default(), &NoProgress).expect("fixture loads")
}

fn fast(a: &Analysis) -> String {
    let mut out = Vec::new();
    write_to(a, &mut out).expect("writes to memory");
    String::from_utf8(out).expect("UTF-8")
}

fn assert_same(a: &Analysis) {
    let want = reference(a);
    let got = fast(a);
    if got != want {
        let at = got
            .bytes()
            .zip(want.bytes())
            .position(|(x, y)| x != y)
            .unwrap_or(got.len().min(want.len()));
        let from = at.saturating_sub(200);
        panic!(
            "differs at byte {at}:\n--- written\n{}\n--- serde_json\n{}",
            got.get(from..(at + 200).min(got.len())).unwrap_or(""),
            want.get(from..(at + 200).min(want.len())).unwrap_or("")
        );
    }
}

#[test]
fn fixtures_are_written_as_serde_json_writes_them() {
    for rel in [
        "grouping/lone",
        "grouping/oversized",
        "grouping/shared-lb",
        "grouping/xff",
        "httpproxy/front-end-view",
        "scenarios/ntlm-split-connection",
        "scenarios/credentials-rejected",
        "w3c/u_ex241105_damaged.log",
        "w3c/httperr1.log",
    ] {
        let a = loaded(rel);
        assert_same(&a);
    }
}

#[test]
fn front_end_rows_are_nested_at_their_depth() {
    let a = loaded("httpproxy/front-end-view");
    let out = fast(&a);
    assert!(
        out.contains("\"front_end\": {"),
        "the fixture joins a front-end row"
    );
    assert_same(&a);
}

#[test]
fn odd_values_are_escaped_as_serde_json_escapes_them() {
    let mut a = loaded("grouping/lone");
    let template = a
        .handshakes
        .iter()
        .find(|h| h.outcome != HandshakeOutcome::Success && !h.legs.is_empty())
        .cloned()
        .expect("a failed or abandoned handshake");
    let mut odd = template.clone();
    odd.server = "EX\u{1b}]52;c;AAAA\u{7}01".to_string().into();
    odd.client = "10.0.0.1\"quoted\\".to_string().into();
    odd.via = Some("proxy\t1".into());
    odd.split = Some("EX02 ünïcode \u{2028}".into());
    odd.user_agent = "Mozilla/5.0 (\u{9b}31m) \u{7f}".to_string().into();
    odd.uri = String::new().into();
    odd.method = "/".to_string().into();
    odd.confidence = Confidence::Low;
    odd.shared_users = 12;
    odd.failure_code = Some(2_148_074_310);
    odd.abandoned_at = Some(AbandonedAt::Anonymous);
    odd.cmdlet = crate::analyze::handshake::CallIx::new(3);
    odd.start = UtcMs(-62_167_219_200_001);
    odd.legs[0].user = "CONTOSO\\mig\u{1}".into();
    odd.legs[0].set_win32_text(Some("99999999999\""));
    odd.legs[0].win32 = 0;
    odd.legs[0].ts = UtcMs(253_402_300_799_999);
    let mut late = template.clone();
    late.start = UtcMs(i64::MIN);
    late.legs[0].ts = UtcMs(i64::MAX);
    late.legs[0].status = 999;
    let mut legless = template;
    legless.legs = Box::default();
    legless.outcome = HandshakeOutcome::Failed;
    a.handshakes.extend([odd, late, legless]);
    assert_same(&a);
}

#[test]
fn no_handshakes_is_an_empty_list() {
    let mut a = loaded("grouping/lone");
    a.handshakes
        .retain(|h| h.outcome == HandshakeOutcome::Success);
    assert!(fast(&a).contains("\n  \"handshakes\": [],\n"));
    assert_same(&a);
}

#[test]
fn the_summary_writes_a_uri_as_the_handshakes_write_it() {
    let mut a = loaded("grouping/lone");
    let uri = "/owa/\u{1b}[31m\u{9b}31m\u{7f}";
    a.handshakes[0].uri = uri.to_string().into();
    a.handshake_summary[0].uri = uri.to_string();
    let v: serde_json::Value = serde_json::from_str(&fast(&a)).expect("JSON");
    assert_eq!(v["handshake_summary"][0]["uri"], v["handshakes"][0]["uri"]);
    assert_eq!(
        v["handshake_summary"][0]["uri"],
        "/owa/\\x1B[31m\\x9B31m\\x7F"
    );
}

#[test]
fn a_text_log_s_encoding_is_named_as_serde_names_it() {
    use crate::source::{SourceKind, TextEncoding};
    let mut a = loaded("audit20/lb-pair");
    let Some(s) = a.sources.iter_mut().find(|s| s.kind == SourceKind::Iis) else {
        panic!("no IIS source")
    };
    for e in [
        TextEncoding::Utf8,
        TextEncoding::Utf8Bom,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
        TextEncoding::Windows1252,
    ] {
        s.encoding = e;
        let serde = serde_json::to_value(e).expect("serialises");
        assert_eq!(Some(super::encoding_name(s)), serde.as_str());
    }
}
